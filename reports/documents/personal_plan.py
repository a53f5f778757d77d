"""The personal plan of a mentorship printed for signing: the персонализированная программа
наставничества, for «педагог – педагог» the adaptation plan of a young teacher (item 3.6).

It goes through `core.pdf.render_pdf`, the one place HTML becomes PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from core.pdf import initials_and_surname, render_pdf
from core.roles import Role, has_role
from pairs.models import Mentorship
from pairs.personal_plans.services import plan_summary, plan_title
from programs.access import formats_with_hidden_variants
from programs.models import Organization
from registry.models import Person

# Empty rows a plan without tasks prints, to be filled in by hand.
BLANK_ROWS = 5


@dataclass(frozen=True)
class Participant:
    name: str
    affiliation: str
    signature: str


def _participants(people: Iterable[Person]) -> list[Participant]:
    return [
        Participant(person.full_name, person.affiliation, initials_and_surname(person.full_name))
        for person in people
    ]


def _methodist_signature(request: HttpRequest | None) -> str:
    """The name on the methodist's line when a methodist prints the plan for signing."""
    if request is None or not has_role(request.user, Role.METHODIST):
        return ""
    user = request.user
    return initials_and_surname(f"{user.last_name} {user.first_name}".strip())  # type: ignore[union-attr]


def personal_plan_pdf(mentorship: Mentorship, *, request: HttpRequest | None = None) -> bytes:
    """The plan of `mentorship` on A4 portrait: the organization, the title, the pair, its
    goal and a table of its tasks, the curator's «Утверждаю» and the signature lines of the
    mentors, the mentees and the methodist. A variant that the user may not see (ОВЗ, группа
    риска) is left out, so the format prints alone; without a request it is always left out."""
    user = request.user if request is not None else AnonymousUser()
    variant = mentorship.variant
    if variant is not None and mentorship.format_id in formats_with_hidden_variants(user):
        variant = None
    summary = plan_summary(mentorship)
    organization = Organization.load()
    context = {
        "organization": organization,
        "title": plan_title(mentorship),
        "mentorship": mentorship,
        "variant": variant,
        "mentors": _participants(mentorship.mentors.all()),
        "mentees": _participants(mentorship.mentees.all()),
        "goal": summary.plan.goal if summary.plan is not None else "",
        "tasks": summary.tasks,
        "progress": summary.progress,
        "blank_rows": range(BLANK_ROWS) if not summary.tasks else range(0),
        "printed_on": timezone.localdate(),
        "curator_signature": initials_and_surname(organization.curator_name),
        "methodist_signature": _methodist_signature(request),
    }
    return render_pdf("reports/documents/personal_plan.html", context, request=request)


def personal_plan_filename(mentorship: Mentorship) -> str:
    return f"personal-plan-{mentorship.pk}.pdf"
