from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from programs.models import Publication


def external_link(url: str, text: str) -> SafeString:
    """A link to the college's site, opened in a new tab that cannot reach back to this one."""
    return format_html('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', url, text)


class PublicationTable(tables.Table):
    published_on = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y")
    title = tables.Column(
        verbose_name=_("Title"), linkify=("publications:detail", {"pk": tables.A("pk")})
    )
    kind = tables.Column(verbose_name=_("Kind"))
    people = tables.Column(verbose_name=_("Featured mentors"), empty_values=(), orderable=False)
    url = tables.Column(verbose_name=_("On the site"), orderable=False)

    class Meta:
        model = Publication
        fields = ["published_on", "title", "kind", "people", "url"]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No publications match the filters.")
        order_by = ("-published_on",)

    def render_people(self, record: Publication) -> str:
        # The people come prefetched with the page's rows (`people.all()` asks nothing more).
        names = sorted(person.full_name for person in record.people.all())
        if not names:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((name,) for name in names))

    def render_url(self, value: str) -> SafeString:
        icon = format_html(
            '<i class="bi bi-box-arrow-up-right" aria-hidden="true"></i> {}', _("open")
        )
        return external_link(value, icon)
