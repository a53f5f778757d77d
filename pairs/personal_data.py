"""What pairs holds on one person, for registry's subject document and retention (registered
in `PairsConfig.ready`: registry does not import pairs).

The other members of the person's mentorships are their own personal data: the subject's
document says how many there were and in what role, never who.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import AcademicYear
from core.spreadsheets import Value
from pairs.models import (
    CLOSED_STATUSES,
    EventParticipation,
    Meeting,
    Mentorship,
    MentorshipChange,
    MentorshipResult,
    PersonalPlan,
    PlanTask,
    PoolEntry,
    PoolStatus,
    Proposal,
    ProposalStatus,
)
from registry.models import Person
from registry.retention.names import name_pattern, scrub, scrub_json
from registry.retention.parts import Participation
from registry.subjectdata.parts import Section


def _variant(record: Mentorship | PoolEntry | Proposal) -> str:
    return record.variant.title if record.variant is not None else "—"


def _mentorships_of(person: Person) -> Q:
    return Q(mentors=person) | Q(mentees=person)


def subject_sections(person: Person) -> list[Section]:
    """The person's proposals, pool entries, mentorships (as mentor and as mentee), the
    meetings, plan tasks and results of those, and their event participations."""
    proposals = Proposal.objects.filter(person=person).select_related("format", "variant")
    entries = PoolEntry.objects.filter(person=person).select_related("format", "variant")
    mentorships = list(
        Mentorship.objects.filter(
            id__in=Mentorship.objects.filter(_mentorships_of(person)).values("id")
        )
        .select_related("format", "variant")
        .prefetch_related("mentors", "mentees")
        .order_by("started_on", "id")
    )
    ids = [mentorship.pk for mentorship in mentorships]
    mentorship_rows: list[Sequence[Value]] = []
    for mentorship in mentorships:
        mentors = [m.pk for m in mentorship.mentors.all()]
        mentees = [m.pk for m in mentorship.mentees.all()]
        mentorship_rows.append(
            (
                mentorship.pk,
                _("mentor") if person.pk in mentors else _("mentee"),
                mentorship.format.title,
                _variant(mentorship),
                # Only how many others, never who: their names are their own data.
                len([pk for pk in mentors if pk != person.pk]),
                len([pk for pk in mentees if pk != person.pk]),
                mentorship.started_on,
                mentorship.planned_end_on,
                mentorship.ended_on,
                str(mentorship.get_status_display()),
                mentorship.results,
                mentorship.termination_comment,
            )
        )
    meetings = Meeting.objects.filter(mentorship__in=ids).order_by("held_on", "id")
    tasks = PlanTask.objects.filter(plan__mentorship__in=ids).select_related("plan")
    results = MentorshipResult.objects.filter(mentorship__in=ids)
    participations = (
        EventParticipation.objects.filter(person=person)
        .select_related("event")
        .order_by("event__starts_on", "id")
    )
    return [
        Section(
            _("Proposals"),
            (
                _("Format"),
                _("Variant"),
                _("Academic year"),
                _("Status"),
                _("Key request"),
                _("Reason for rejection"),
                _("Proposed"),
            ),
            [
                (
                    proposal.format.title,
                    _variant(proposal),
                    str(proposal.year),
                    str(proposal.get_status_display()),
                    proposal.request,
                    proposal.rejection_reason,
                    proposal.created_at.date(),
                )
                for proposal in proposals
            ],
        ),
        Section(
            _("Pool entries"),
            (
                _("Pool"),
                _("Format"),
                _("Variant"),
                _("Academic year"),
                _("Status"),
                _("In the pool since"),
                _("Excluded on"),
                _("Reason for exclusion"),
                _("Key request"),
            ),
            [
                (
                    str(entry.get_role_display()),
                    entry.format.title,
                    _variant(entry),
                    str(entry.year),
                    str(entry.get_status_display()),
                    entry.included_on,
                    entry.excluded_on,
                    entry.exclusion_reason,
                    entry.request,
                )
                for entry in entries
            ],
        ),
        Section(
            _("Mentorships"),
            (
                _("Registry No."),
                _("Role"),
                _("Format"),
                _("Variant"),
                _("Other mentors"),
                _("Other mentees"),
                _("Start"),
                _("Planned end"),
                _("Ended on"),
                _("Status"),
                _("Results"),
                _("Comment on ending early"),
            ),
            mentorship_rows,
        ),
        Section(
            _("Meetings"),
            (_("Registry No."), _("Date"), _("Topic")),
            [(meeting.mentorship_id, meeting.held_on, meeting.topic) for meeting in meetings],
        ),
        Section(
            _("Personal plan tasks"),
            (_("Registry No."), _("Task"), _("Due"), _("Progress, %"), _("Note on progress")),
            [
                (task.plan.mentorship_id, task.title, task.due_on, task.progress, task.note)
                for task in tasks
            ],
        ),
        Section(
            _("Results of mentorships"),
            (_("Registry No."), _("Expected result"), _("Achievement"), _("Comment")),
            [
                (
                    result.mentorship_id,
                    result.expected,
                    str(result.get_achievement_display()),
                    result.comment,
                )
                for result in results
            ],
        ),
        Section(
            _("Participation in events"),
            (_("Event"), _("Start"), _("Role"), _("Place"), _("Result")),
            [
                (
                    participation.event.title,
                    participation.event.starts_on,
                    str(participation.get_role_display()),
                    participation.place,
                    participation.result,
                )
                for participation in participations
            ],
        ),
    ]


def participation(today: dt.date) -> dict[int, Participation]:
    """Whether each person with records here has something running — an open mentorship
    (a draft or an active one), a pool entry of this academic year or later that is not
    excluded, a proposal under review — and when the last of their records ended."""
    found: dict[int, Participation] = {}

    def add(pk: int, running: bool, ended: dt.date | None) -> None:
        part = Participation(running, ended)
        found[pk] = found[pk].merged(part) if pk in found else part

    for through in (Mentorship.mentors.through, Mentorship.mentees.through):
        for pk, status, ended in through.objects.values_list(
            "person_id", "mentorship__status", "mentorship__ended_on"
        ):
            add(pk, status not in CLOSED_STATUSES, ended)
    this_year = AcademicYear.of(today).start_year
    for pk, year, status, excluded in PoolEntry.objects.values_list(
        "person_id", "academic_year", "status", "excluded_on"
    ):
        if status == PoolStatus.EXCLUDED:
            add(pk, False, excluded)
        else:
            add(pk, year >= this_year, AcademicYear(year).last_day)
    for pk, status, decided in Proposal.objects.values_list("person_id", "status", "decided_at"):
        add(pk, status == ProposalStatus.PENDING, decided.date() if decided else None)
    return found


def erase(person: Person, label: str) -> list[str]:
    """Clears what the person's proposals and pool entries say of them, and replaces their
    name with `label` in the texts of their mentorships (meetings, plans, results, history).
    The rows stay: the pools, the pairs and their numbers stay right."""
    destroyed = _("[destroyed]")
    Proposal.objects.filter(person=person).update(request=destroyed)
    Proposal.objects.filter(person=person).exclude(rejection_reason="").update(
        rejection_reason=destroyed
    )
    PoolEntry.objects.filter(person=person).update(request="")
    PoolEntry.objects.filter(person=person).exclude(exclusion_reason="").update(
        exclusion_reason=destroyed
    )
    pattern = name_pattern(person)
    ids = list(
        Mentorship.objects.filter(_mentorships_of(person)).values_list("id", flat=True).distinct()
    )
    for model, fields in (
        (Mentorship, ("results", "termination_comment")),
        (Meeting, ("topic", "notes")),
        (PersonalPlan, ("goal",)),
        (PlanTask, ("title", "activities", "note")),
        (MentorshipResult, ("comment",)),
    ):
        lookup = (
            "id__in"
            if model is Mentorship
            else ("plan__mentorship__in" if model is PlanTask else "mentorship__in")
        )
        for record in model.objects.filter(**{lookup: ids}).select_for_update():
            changed = [
                name
                for name in fields
                if scrub(getattr(record, name), pattern, label) != getattr(record, name)
            ]
            for name in changed:
                setattr(record, name, scrub(getattr(record, name), pattern, label))
            if changed:
                # update_fields: no version bump or history entry, the text is all that changes.
                record.save(update_fields=changed)
    for change in MentorshipChange.objects.filter(mentorship__in=ids):
        details = scrub_json(change.details, pattern, label)
        if details != change.details:
            MentorshipChange.objects.filter(pk=change.pk).update(details=details)
    return [
        _("key requests and reasons in proposals and pool entries"),
        _("the name in the texts of mentorships, meetings, plans and their history"),
    ]
