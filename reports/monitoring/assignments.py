"""Who answers which questionnaire: the monitoring cycle of a year, and the services that
issue its assignments (Р-145; МР-42/02, приложение 2).

- Entry (stage 2): when a pair is confirmed, each mentor gets `mentor-growth-entry`, each
  mentee `adaptation-entry` in «педагог – педагог» and `mentee-growth-entry` elsewhere.
- Exit: when a pair is completed or ended early, the same people get the matching exit
  questionnaire and the process questionnaire of their role (`mentee-process`,
  `mentor-process`), unless the final wave already gave it to them for this pair.
- Mid-year and final waves: the curator issues the process questionnaires to everyone in the
  pairs running that day, for the chosen formats, after a preview.
- Yearly: the curator's questionnaire once, a SWOT per format once.

Nothing is issued twice: each service skips what exists (entry and exit: in any cycle) and
the database's unique constraints back it. 152-ФЗ: a participant without a program consent
that counts on the day (a minor's given by a parent or legal representative) gets the
assignment declined «нет согласия», with a comment saying what is missing, so that nobody
asks them; once the consent is recorded, `reopen_consented` issues it.

The cycle of a year is created on demand (`cycle_for`) by the first assignment of the year,
or by the curator on the cycles' page; it accepts answers until 31 August, the last day of
the academic year. A closed cycle issues nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import AcademicYear, format_day
from pairs.models import Mentorship
from programs.models import FormatCode, MentoringFormat
from registry.models import Person, program_consent_exists
from reports.models import (
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    MonitoringCycle,
    Questionnaire,
    Wave,
    new_token,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# How long a participant has to answer an entry or exit questionnaire.
ANSWER_WITHIN = dt.timedelta(days=14)

# The waves the curator issues by hand to the pairs running that day.
CURATOR_WAVES = (Wave.MIDYEAR, Wave.FINAL)
# The code of the refusal of a wave confirmed from an outdated preview.
WAVE_CHANGED = "changed"

MENTEE_PROCESS = "mentee-process"
MENTOR_PROCESS = "mentor-process"
CURATOR = "curator"
SWOT = "swot"


def growth_code(*, mentor: bool, format_code: str, exit: bool) -> str:
    """The stage-2 questionnaire of a participant: a young teacher's adaptation in
    «педагог – педагог», the mentee's or the mentor's growth elsewhere."""
    stage = "exit" if exit else "entry"
    if mentor:
        return f"mentor-growth-{stage}"
    if format_code == FormatCode.TEACHER_TEACHER:
        return f"adaptation-{stage}"
    return f"mentee-growth-{stage}"


# --- Cycles ----------------------------------------------------------------------------------


def closing_day(year: int) -> dt.date:
    """A cycle accepts answers until the last day of its academic year."""
    return AcademicYear(year).last_day


@transaction.atomic
def cycle_for(day: dt.date) -> MonitoringCycle | None:
    """The cycle of the academic year of `day`, created open on demand; None when the
    curator has closed it (nothing more is issued in that year)."""
    year = AcademicYear.of(day).start_year
    cycle, _created = MonitoringCycle.objects.get_or_create(
        academic_year=year, defaults={"closes_on": closing_day(year)}
    )
    return cycle if cycle.status == CycleStatus.OPEN else None


# --- Consent (152-ФЗ) ------------------------------------------------------------------------


def _people_with_consent(ids: Iterable[int], day: dt.date) -> dict[int, Person]:
    """The people by id, each annotated `has_program_consent` on the day (one query)."""
    return {
        person.pk: person
        for person in Person.objects.filter(pk__in=set(ids)).with_program_consent(day)
    }


def missing_consent(person: Person, day: dt.date) -> str:
    """What is missing for the person to be asked on the day, or "" when nothing is (the
    person must carry `has_program_consent`)."""
    if getattr(person, "has_program_consent", False):
        return ""
    if person.is_minor_on(day):
        return _(
            "%(name)s is a minor on %(day)s and has no valid consent to taking part in the "
            "mentoring program given by a parent or legal representative (152-FZ). Once it is "
            "recorded on the person's page, the curator re-checks the consents on the page of "
            "the monitoring cycle and the questionnaire is issued."
        ) % {"name": person.full_name, "day": format_day(day)}
    return _(
        "%(name)s has no valid consent to taking part in the mentoring program on %(day)s "
        "(152-FZ). Once it is recorded on the person's page, the curator re-checks the "
        "consents on the page of the monitoring cycle and the questionnaire is issued."
    ) % {"name": person.full_name, "day": format_day(day)}


# --- Planning assignments --------------------------------------------------------------------


@dataclass
class _Plan:
    """Assignments to create (unsaved), and how many already existed."""

    new: list[Assignment] = field(default_factory=list)
    existing: int = 0

    def add(self, assignment: Assignment) -> None:
        self.new.append(assignment)


def _participant(
    *,
    cycle: MonitoringCycle,
    questionnaire: Questionnaire,
    wave: str,
    mentorship: Mentorship,
    person: Person,
    day: dt.date,
    due_on: dt.date,
    user: User | None,
) -> Assignment:
    """An unsaved assignment of a participant, declined when consent is missing."""
    missing = missing_consent(person, day)
    return Assignment(
        cycle=cycle,
        questionnaire=questionnaire,
        wave=wave,
        mentorship=mentorship,
        person=person,
        format_id=mentorship.format_id,
        due_on=due_on,
        state=AssignmentState.DECLINED if missing else AssignmentState.ISSUED,
        decline_reason=DeclineReason.NO_CONSENT if missing else "",
        decline_comment=missing,
        token=new_token(),
        issued_by=user,
    )


def _questionnaires(codes: Iterable[str]) -> dict[str, Questionnaire]:
    """The questionnaires by code; a code the database lacks is simply absent (monitoring not
    loaded: nothing of it is issued)."""
    return {q.code: q for q in Questionnaire.objects.filter(code__in=set(codes))}


def _due(day: dt.date, cycle: MonitoringCycle) -> dt.date:
    return min(day + ANSWER_WITHIN, cycle.closes_on)


def _save(plan: _Plan) -> list[Assignment]:
    # bulk_create skips save(): each planned assignment already has its token.
    return Assignment.objects.bulk_create(plan.new)


def _issue_to_pair(
    mentorship: Mentorship, *, user: User | None, day: dt.date | None, exit: bool
) -> list[Assignment]:
    day = day or timezone.localdate()
    cycle = cycle_for(day)
    if cycle is None:
        return []
    wave = Wave.EXIT if exit else Wave.ENTRY
    format_code = mentorship.format.code
    mentors = list(mentorship.mentors.values_list("pk", flat=True))
    mentees = list(mentorship.mentees.values_list("pk", flat=True))
    wanted: list[tuple[int, str]] = [
        (pk, growth_code(mentor=True, format_code=format_code, exit=exit)) for pk in mentors
    ] + [(pk, growth_code(mentor=False, format_code=format_code, exit=exit)) for pk in mentees]
    if exit:
        # The process questionnaire, unless this year's final wave already asked it.
        asked = set(
            Assignment.objects.filter(
                cycle=cycle, wave=Wave.FINAL, mentorship=mentorship
            ).values_list("person_id", "questionnaire__code")
        )
        wanted += [
            (pk, code)
            for pks, code in ((mentors, MENTOR_PROCESS), (mentees, MENTEE_PROCESS))
            for pk in pks
            if (pk, code) not in asked
        ]
    questionnaires = _questionnaires(code for _pk, code in wanted)
    # Never twice: an entry or exit of the pair in any cycle counts.
    existing = set(
        Assignment.objects.filter(mentorship=mentorship, wave=wave).values_list(
            "person_id", "questionnaire__code"
        )
    )
    people = _people_with_consent((pk for pk, _code in wanted), day)
    plan = _Plan()
    for pk, code in wanted:
        if code not in questionnaires:
            continue
        if (pk, code) in existing:
            plan.existing += 1
            continue
        plan.add(
            _participant(
                cycle=cycle,
                questionnaire=questionnaires[code],
                wave=wave,
                mentorship=mentorship,
                person=people[pk],
                day=day,
                due_on=_due(day, cycle),
                user=user,
            )
        )
    return _save(plan)


@transaction.atomic
def issue_entry(
    mentorship: Mentorship, *, user: User | None, day: dt.date | None = None
) -> list[Assignment]:
    """The entry questionnaires of a confirmed pair's mentors and mentees, in the cycle of
    `day` (today); what exists is not issued again. Returns the new assignments."""
    return _issue_to_pair(mentorship, user=user, day=day, exit=False)


@transaction.atomic
def issue_exit(
    mentorship: Mentorship, *, user: User | None, day: dt.date | None = None
) -> list[Assignment]:
    """The exit questionnaires of a completed or ended pair's mentors and mentees, and the
    process questionnaires of their roles, in the cycle of `day` (today)."""
    return _issue_to_pair(mentorship, user=user, day=day, exit=True)


# --- The curator's waves ---------------------------------------------------------------------


@dataclass(frozen=True)
class FormatCount:
    """What a wave gives in one format."""

    format: MentoringFormat
    pairs: int
    issued: int
    declined: int
    existing: int

    @property
    def total(self) -> int:
        return self.issued + self.declined


@dataclass(frozen=True)
class WavePreview:
    cycle: MonitoringCycle
    wave: str
    day: dt.date
    formats: list[FormatCount]

    @property
    def issued(self) -> int:
        return sum(row.issued for row in self.formats)

    @property
    def declined(self) -> int:
        return sum(row.declined for row in self.formats)

    @property
    def existing(self) -> int:
        return sum(row.existing for row in self.formats)

    @property
    def total(self) -> int:
        return self.issued + self.declined


def _check_wave(
    cycle: MonitoringCycle,
    wave: str,
    formats: Sequence[MentoringFormat],
    *,
    day: dt.date,
    due_on: dt.date | None,
) -> None:
    errors: list[str | ValidationError] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(
            _("The monitoring cycle %(year)s is closed: nothing more is issued in it.")
            % {"year": cycle}
        )
    if wave not in CURATOR_WAVES:
        errors.append(_("Choose the mid-year or the end-of-year wave."))
    if not formats:
        errors.append(_("Choose at least one format."))
    if due_on is not None and not day <= due_on <= cycle.closes_on:
        errors.append(
            _("The date to answer by must be between %(first)s and %(last)s.")
            % {"first": format_day(day), "last": format_day(cycle.closes_on)}
        )
    if errors:
        raise ValidationError(errors)


def _plan_wave(
    cycle: MonitoringCycle,
    wave: str,
    formats: Sequence[MentoringFormat],
    *,
    day: dt.date,
    due_on: dt.date,
    user: User | None,
) -> tuple[_Plan, list[FormatCount]]:
    """The process questionnaires of every mentor and mentee of the pairs of `formats`
    running on `day`, less those this cycle's wave already has; a fixed number of queries."""
    questionnaires = _questionnaires([MENTEE_PROCESS, MENTOR_PROCESS])
    pairs = list(
        Mentorship.objects.active()
        .filter(format__in=formats, started_on__lte=day)
        .select_related("format")
        .prefetch_related("mentors", "mentees")
        .order_by("format__position", "pk")
    )
    existing = set(
        Assignment.objects.filter(cycle=cycle, wave=wave, mentorship__in=pairs).values_list(
            "mentorship_id", "person_id", "questionnaire__code"
        )
    )
    people = _people_with_consent(
        (person.pk for pair in pairs for person in [*pair.mentors.all(), *pair.mentees.all()]),
        day,
    )
    plan = _Plan()
    counts = []
    for fmt in formats:
        of_format = [pair for pair in pairs if pair.format_id == fmt.pk]
        issued = declined = already = 0
        for pair in of_format:
            for code, members in (
                (MENTOR_PROCESS, pair.mentors.all()),
                (MENTEE_PROCESS, pair.mentees.all()),
            ):
                if code not in questionnaires:
                    continue
                for member in members:
                    if (pair.pk, member.pk, code) in existing:
                        already += 1
                        continue
                    assignment = _participant(
                        cycle=cycle,
                        questionnaire=questionnaires[code],
                        wave=wave,
                        mentorship=pair,
                        person=people[member.pk],
                        day=day,
                        due_on=due_on,
                        user=user,
                    )
                    plan.add(assignment)
                    if assignment.state == AssignmentState.DECLINED:
                        declined += 1
                    else:
                        issued += 1
        counts.append(FormatCount(fmt, len(of_format), issued, declined, already))
    plan.existing = sum(row.existing for row in counts)
    return plan, counts


def preview_wave(
    cycle: MonitoringCycle,
    *,
    wave: str,
    formats: Sequence[MentoringFormat],
    due_on: dt.date | None = None,
    day: dt.date | None = None,
) -> WavePreview:
    """How many assignments issuing the wave would create today, per format: to be asked,
    declined for lack of consent, and already issued. Saves nothing."""
    day = day or timezone.localdate()
    _check_wave(cycle, wave, formats, day=day, due_on=due_on)
    _plan, counts = _plan_wave(cycle, wave, formats, day=day, due_on=cycle.closes_on, user=None)
    return WavePreview(cycle=cycle, wave=wave, day=day, formats=counts)


@transaction.atomic
def issue_wave(
    cycle: MonitoringCycle,
    *,
    wave: str,
    formats: Sequence[MentoringFormat],
    due_on: dt.date,
    user: User | None,
    expected: int | None = None,
    day: dt.date | None = None,
) -> list[Assignment]:
    """Issues the mid-year or end-of-year wave: the process questionnaires of every
    participant of the pairs of `formats` running today, to be answered by `due_on`.
    Issuing it again adds only the pairs confirmed since. With `expected` (the total its
    preview showed), refused with code "changed" when the wave would now issue another
    number. Returns the new assignments."""
    day = day or timezone.localdate()
    # The cycle's row, locked: two curators issuing at once issue once.
    locked = MonitoringCycle.objects.select_for_update().get(pk=cycle.pk)
    _check_wave(locked, wave, formats, day=day, due_on=due_on)
    plan, _counts = _plan_wave(locked, wave, formats, day=day, due_on=due_on, user=user)
    if expected is not None and len(plan.new) != expected:
        raise ValidationError(
            _(
                "Since the preview the wave has changed: it would now issue %(count)s "
                "assignments. Check the new figures and confirm again."
            )
            % {"count": len(plan.new)},
            code=WAVE_CHANGED,
        )
    return _save(plan)


@transaction.atomic
def issue_yearly(
    cycle: MonitoringCycle, *, user: User | None, due_on: dt.date | None = None
) -> list[Assignment]:
    """The curator's questionnaire of the year and a SWOT of every format, each once (by
    `due_on`, default the cycle's closing day). Returns the new assignments."""
    locked = MonitoringCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status != CycleStatus.OPEN:
        raise ValidationError(
            _("The monitoring cycle %(year)s is closed: nothing more is issued in it.")
            % {"year": cycle}
        )
    due_on = due_on or locked.closes_on
    questionnaires = _questionnaires([CURATOR, SWOT])
    existing = set(
        Assignment.objects.filter(cycle=locked, wave=Wave.YEARLY, person__isnull=True).values_list(
            "questionnaire__code", "format_id"
        )
    )
    wanted: list[tuple[str, MentoringFormat | None]] = [(CURATOR, None)]
    wanted += [(SWOT, fmt) for fmt in MentoringFormat.objects.order_by("position", "pk")]
    plan = _Plan()
    for code, fmt in wanted:
        if code not in questionnaires or (code, fmt.pk if fmt else None) in existing:
            continue
        plan.add(
            Assignment(
                cycle=locked,
                questionnaire=questionnaires[code],
                wave=Wave.YEARLY,
                format=fmt,
                due_on=due_on,
                token=new_token(),
                issued_by=user,
            )
        )
    return _save(plan)


@transaction.atomic
def reopen_consented(
    cycle: MonitoringCycle, *, user: User | None, day: dt.date | None = None
) -> int:
    """Issues again the cycle's assignments declined for lack of consent whose respondent now
    has a program consent that counts (recorded since), to be answered within two weeks.
    Returns how many."""
    day = day or timezone.localdate()
    locked = MonitoringCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status != CycleStatus.OPEN:
        raise ValidationError(
            _("The monitoring cycle %(year)s is closed: nothing more is issued in it.")
            % {"year": cycle}
        )
    return (
        Assignment.objects.filter(
            cycle=locked,
            state=AssignmentState.DECLINED,
            decline_reason=DeclineReason.NO_CONSENT,
            person__isnull=False,
        )
        .filter(program_consent_exists("person_id", day))
        .update(
            state=AssignmentState.ISSUED,
            decline_reason="",
            decline_comment="",
            due_on=_due(day, locked),
            issued_by=user,
            version=F("version") + 1,
        )
    )
