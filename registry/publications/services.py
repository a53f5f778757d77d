"""Workflows on the publications of the college's site (the plan's row on covering the
program, order item 4.2) and the mentors they feature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import attrgetter
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_day
from core.versions import lock_at_version
from programs.models import Publication
from registry.models import Person

LINK_SCHEMES = ("http", "https")


def check_publication_rules(
    *, published_on: dt.date, url: str, today: dt.date | None = None
) -> dict[str, list[str]]:
    """Every rule the publication breaks, by field, as Russian messages naming the field."""
    errors: dict[str, list[str]] = {}
    if urlsplit(url).scheme.lower() not in LINK_SCHEMES:
        errors["url"] = [_("Link: give a web address starting with http:// or https://.")]
    today = today or timezone.localdate()
    if published_on > today:
        errors["published_on"] = [
            _(
                "Published on: %(date)s is still to come; record a publication once it is on "
                "the site."
            )
            % {"date": format_day(published_on)}
        ]
    return errors


def _featured(user: User, people: Iterable[Person], kept: Iterable[Person]) -> set[int]:
    """The people a publication features after the user's change: those chosen among the ones
    the user may see, plus those already featured whom the user does not see (and so could
    neither keep nor remove)."""
    chosen = {person.pk for person in people}
    visible = Person.objects.visible_to(user)
    if chosen - set(visible.filter(pk__in=chosen).values_list("pk", flat=True)):
        raise ValidationError({"people": _("Choose the featured mentors among those listed.")})
    hidden = {person.pk for person in kept} - set(
        visible.filter(pk__in=[person.pk for person in kept]).values_list("pk", flat=True)
    )
    return chosen | hidden


@transaction.atomic
def create_publication(
    *,
    user: User,
    published_on: dt.date,
    kind: str,
    title: str,
    url: str,
    people: Iterable[Person] = (),
    today: dt.date | None = None,
) -> Publication:
    """Records a publication and the mentors it features, or refuses and saves nothing.

    Raises ValidationError by field, with Russian messages.
    """
    errors = check_publication_rules(published_on=published_on, url=url, today=today)
    if errors:
        raise ValidationError(errors)
    featured = _featured(user, people, kept=())
    publication = Publication(published_on=published_on, kind=kind, title=title, url=url)
    publication.full_clean()
    publication.save()
    publication.people.set(featured)
    return publication


@transaction.atomic
def update_publication(
    publication: Publication,
    *,
    user: User,
    version: int,
    published_on: dt.date,
    kind: str,
    title: str,
    url: str,
    people: Iterable[Person] = (),
    today: dt.date | None = None,
) -> Publication:
    """Changes a publication by the same rules as `create_publication`.

    Refused, and nothing saved, if someone else changed or deleted the publication since
    `version` was read. Returns the saved row with its version raised.
    """
    locked = lock_at_version(
        Publication.objects.all(),
        publication.pk,
        seen=version,
        token=attrgetter("version"),
        what=_("the publication «%(title)s»") % {"title": publication.title},
    )
    errors = check_publication_rules(published_on=published_on, url=url, today=today)
    if errors:
        raise ValidationError(errors)
    featured = _featured(user, people, kept=locked.people.all())
    locked.published_on = published_on
    locked.kind = kind
    locked.title = title
    locked.url = url
    locked.version += 1
    locked.full_clean()
    locked.save()
    locked.people.set(featured)
    return locked


@transaction.atomic
def delete_publication(*, publication: Publication) -> None:
    """Deletes the record of a publication; the people it featured stay."""
    publication.delete()
