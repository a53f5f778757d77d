from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.dates import format_day
from reports.models import Assignment, Response
from reports.monitoring.answering.selectors import link_url

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle registry-table"}


def format_of(assignment: Assignment) -> str:
    chosen = assignment.format or (
        assignment.mentorship.format if assignment.mentorship is not None else None
    )
    return str(chosen) if chosen is not None else "—"


class UnansweredTable(tables.Table):
    """Who has not answered (the queryset of `selectors.unanswered_assignments`), with the
    personal link to reprint and the actions the user may take."""

    person = tables.Column(verbose_name=_("Respondent"), order_by=("person__search_name",))
    affiliation = tables.Column(
        verbose_name=_("Group or organization"), empty_values=(), orderable=False
    )
    questionnaire = tables.Column(
        verbose_name=_("Questionnaire"), order_by=("questionnaire__title",)
    )
    wave = tables.Column(verbose_name=_("Wave"))
    format = tables.Column(verbose_name=_("Format"), empty_values=(), orderable=False)
    due_on = tables.Column(verbose_name=_("Answer by"))
    link = tables.Column(verbose_name=_("Personal link"), empty_values=(), orderable=False)
    actions = tables.TemplateColumn(
        template_name="reports/monitoring/answering/_unanswered_actions.html",
        verbose_name=_("Actions"),
        orderable=False,
    )

    class Meta:
        model = Assignment
        fields = ["person", "affiliation", "questionnaire", "wave", "format", "due_on", "link"]
        attrs = TABLE_ATTRS
        empty_text = _("Everyone matching the filters has answered.")
        order_by = ("due_on",)

    def __init__(self, *args: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def render_person(self, record: Assignment) -> str:
        return record.person.full_name if record.person is not None else "—"

    def render_affiliation(self, record: Assignment) -> str:
        return record.person.affiliation if record.person is not None else ""

    def render_format(self, record: Assignment) -> str:
        return format_of(record)

    def render_due_on(self, record: Assignment) -> Any:
        if record.due_on < self.today:
            return format_html(
                '<span class="text-danger fw-semibold">{} '
                '<span class="badge text-bg-danger">{}</span></span>',
                format_day(record.due_on),
                _("overdue"),
            )
        return format_day(record.due_on)

    def render_link(self, record: Assignment) -> Any:
        url = link_url(self.request, record)
        return format_html('<code class="text-break small">{}</code>', url)


class ResponseTable(tables.Table):
    respondent = tables.Column(
        verbose_name=_("Respondent"),
        accessor="assignment__person",
        order_by=("assignment__person__search_name",),
        linkify=("answering:response-detail", {"pk": tables.A("pk")}),
    )
    questionnaire = tables.Column(
        verbose_name=_("Questionnaire"), accessor="assignment__questionnaire__title"
    )
    wave = tables.Column(verbose_name=_("Wave"), accessor="assignment__wave")
    format = tables.Column(verbose_name=_("Format"), empty_values=(), orderable=False)
    channel = tables.Column(verbose_name=_("Answered through"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("Answered on"), format="d.m.Y H:i")
    entered_by = tables.Column(verbose_name=_("Entered by"), empty_values=(), orderable=False)

    class Meta:
        model = Response
        fields = ["respondent", "questionnaire", "wave", "format", "channel", "submitted_at"]
        attrs = TABLE_ATTRS
        empty_text = _("No answers match the filters.")
        order_by = ("-submitted_at",)

    def render_respondent(self, record: Response) -> str:
        person = record.assignment.person
        return person.full_name if person is not None else str(record.assignment.questionnaire)

    def render_wave(self, record: Response) -> str:
        return record.assignment.get_wave_display()

    def render_format(self, record: Response) -> str:
        return format_of(record.assignment)

    def render_entered_by(self, record: Response) -> str:
        user = record.entered_by
        if user is None:
            return "—"
        name = user.get_full_name() or user.get_username()
        if record.paper_dated is not None:
            return f"{name} ({format_day(record.paper_dated)})"
        return name
