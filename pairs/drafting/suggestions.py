"""Suggested mentors for one or several mentees, ranked, with the reasons for each rank.

The candidates are the mentors included in the format's pool for the academic year. Whoever
breaks a rule of the format for these mentees is not offered: the mentees go through the same
`check_mentorship_rules` a draft goes through, once, and each candidate through its per-mentor
part, `mentor_refusals`, which gives the same messages from facts loaded for all candidates at
once; so a suggestion is never refused when it is drafted (unless something changes
meanwhile), and the ranking takes a fixed number of queries (about fifteen) whatever the
number of candidates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import AcademicYear, format_day
from pairs.models import Mentorship, MentorshipStatus, ParticipantRole, PoolEntry
from pairs.pools.tables import capacity_of, mentor_profile_of
from pairs.rules import MENTOR_KIND, check_mentorship_rules, mentor_refusals
from programs.models import FormatCode, FormatVariant, MentoringFormat
from registry.models import (
    PERSON_DETAILS,
    Agreement,
    Consent,
    PartnerEmployee,
    Person,
    Pupil,
    QualificationCourse,
    Student,
    Teacher,
    program_consent_exists,
    russian_name_order,
    search_key,
)

# What each reason adds to the score. Free seats count up to a cap, so that a mentor with a
# large capacity does not outrank a better match on everything else.
SEAT_POINTS, SEAT_CAP = 1, 3
CLOSE_COURSES_POINTS = 3  # student – student: the mentor 1–2 courses above
FAR_COURSES_POINTS = 1  # a larger gap is allowed, but less helpful
SAME_SPECIALTY_POINTS = 2  # every mentee of the mentor's specialty (1 point for some)
SHARED_WORD_POINTS, SHARED_WORD_CAP = 1, 3
MENTOR_TRAINING_POINTS = 2
DISABILITY_COURSE_POINTS = 1
CLOSE_COURSE_GAP = 2

# Words too common in key requests and competencies to say anything about a match.
_STOP_WORDS = {
    "также", "чтобы", "который", "которая", "которые", "после", "перед", "через", "более",
    "менее", "очень", "нужно", "нужна", "нужен", "нужны", "помощь", "помочь", "помогает",
    "хочет", "хотел", "хотела", "умение", "умения", "навыки", "навык", "работа", "работы",
    "свой", "своих", "своей", "себя", "этого", "этом", "есть", "будет", "может", "можно",
    "другие", "других", "всех", "году", "года", "время",
}  # fmt: skip
_WORD = re.compile(r"[а-яёa-z0-9]+")
_MIN_WORD = 4


@dataclass(frozen=True)
class Suggestion:
    """A mentor who breaks no rule for the mentees, with the score and its reasons."""

    person: Person
    score: int
    reasons: tuple[str, ...]
    free_seats: int
    capacity: int


@dataclass(frozen=True)
class NotOffered:
    """A mentor of the pool who breaks a rule for these mentees, with the rules' messages."""

    person: Person
    refusals: tuple[str, ...]


@dataclass
class Ranking:
    """The suggestions in their order; who is not offered and why; and the refusals that
    concern the mentees themselves (then nobody is offered)."""

    suggestions: list[Suggestion] = field(default_factory=list)
    not_offered: list[NotOffered] = field(default_factory=list)
    mentee_refusals: list[str] = field(default_factory=list)
    # The candidates without a valid consent to taking part in the program today: offered
    # (a draft may wait for it), flagged, since a decision cannot confirm them without it.
    without_program_consent: set[int] = field(default_factory=set)


def suggest_mentors(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentees: Sequence[Person],
    started_on: dt.date,
    academic_year: AcademicYear,
) -> list[Suggestion]:
    """The mentors of the format's pool for the year who break no rule for the mentees,
    best first (score, then Russian name order)."""
    return rank_mentors(
        format=format,
        variant=variant,
        mentees=mentees,
        started_on=started_on,
        academic_year=academic_year,
    ).suggestions


def rank_mentors(
    *,
    format: MentoringFormat,
    variant: FormatVariant | None,
    mentees: Sequence[Person],
    started_on: dt.date,
    academic_year: AcademicYear,
) -> Ranking:
    """Everything `suggest_mentors` gives, with the mentors not offered and the reasons."""
    ranking = Ranking()
    mentees = list(dict.fromkeys(mentees))
    if not mentees:
        return ranking
    planned_end_on = started_on + dt.timedelta(days=1)

    def refusals_with(mentors: list[Person]) -> list[str]:
        # No mentor rule depends on the planned end: a day after the start keeps its own
        # rule quiet.
        return check_mentorship_rules(
            format=format,
            variant=variant,
            mentors=mentors,
            mentees=mentees,
            decision=None,
            started_on=started_on,
            planned_end_on=planned_end_on,
            draft=True,
        )

    no_mentor = _("A mentorship needs at least one mentor.")
    ranking.mentee_refusals = [refusal for refusal in refusals_with([]) if refusal != no_mentor]
    if ranking.mentee_refusals:
        # What the mentees break, every candidate would break too.
        return ranking

    mentee_ids = {mentee.pk for mentee in mentees}
    # Only the format's kind of mentor is loaded with its details (a pool holds no other; one
    # that did is refused by its kind, which needs none): fewer objects a candidate.
    kind = MENTOR_KIND[format.code]
    details = [p for p in PERSON_DETAILS if p.split("__")[0] == kind._meta.model_name]
    if kind is Student:
        details.append("student__group__specialty")
    entries = (
        PoolEntry.objects.included()
        .in_year(academic_year)
        .filter(role=ParticipantRole.MENTOR, format=format)
        .exclude(person__in=mentee_ids)
        .select_related(*(f"person__{path}" for path in details), "person__mentor_profile")
    )
    if kind is Teacher:
        # A teacher's courses: whether they may mentor in a variant that needs one.
        entries = entries.prefetch_related("person__teacher__courses")
    candidates = [entry.person for entry in entries]
    consented = Consent.objects.program_valid_on(timezone.localdate()).filter(
        person__in=[person.pk for person in candidates]
    )
    ranking.without_program_consent = {person.pk for person in candidates} - set(
        consented.values_list("person", flat=True)
    )
    context = _Context.load(
        format=format,
        variant=variant,
        mentees=mentees,
        candidates=candidates,
        started_on=started_on,
        academic_year=academic_year,
    )
    for person in candidates:
        refusals = context.refusals(person, started_on)
        if refusals:
            shown = person.concrete if person.kind == kind.KIND else person
            ranking.not_offered.append(NotOffered(shown, tuple(refusals)))
        else:
            ranking.suggestions.append(context.suggestion(person))
    ranking.suggestions.sort(key=lambda s: (-s.score, s.person.search_name, s.person.pk))
    ranking.not_offered.sort(key=lambda n: (n.person.search_name, n.person.pk))
    return ranking


@dataclass
class _Context:
    """What the ranking reads about the candidates and the mentees, loaded at once."""

    format: MentoringFormat
    variant: FormatVariant | None
    mentees: list[Person]
    requests: list[str]
    loads: dict[int, set[int]]
    drafted: dict[int, set[int]]
    trainings: dict[int, QualificationCourse]
    disability_courses: dict[int, QualificationCourse]
    agreements: dict[int, Agreement]
    # The partner organizations of the candidates and mentees with an agreement valid on
    # the start: what the format's rules ask of them.
    under_agreement: frozenset[int]

    @classmethod
    def load(
        cls,
        *,
        format: MentoringFormat,
        variant: FormatVariant | None,
        mentees: list[Person],
        candidates: list[Person],
        started_on: dt.date,
        academic_year: AcademicYear,
    ) -> _Context:
        ids = [person.pk for person in candidates]
        mentee_ids = [mentee.pk for mentee in mentees]
        loaded_mentees = list(
            Person.objects.filter(pk__in=mentee_ids).select_related(
                *PERSON_DETAILS, "student__group__specialty"
            )
        )
        requests = list(
            PoolEntry.objects.included()
            .in_year(academic_year)
            .filter(role=ParticipantRole.MENTEE, format=format, person__in=mentee_ids)
            .values_list("request", flat=True)
        )
        loads, drafted = _mentee_loads(ids, exclude=set(mentee_ids))
        trainings: dict[int, QualificationCourse] = {}
        disability_courses: dict[int, QualificationCourse] = {}
        courses = (
            QualificationCourse.objects.filter(person__in=ids, completed_on__lte=started_on)
            .filter(Q(is_mentor_training=True) | Q(covers_disabilities=True))
            .order_by("completed_on", "id")
        )
        for course in courses:
            # The latest of each kind wins: it is the one the reason names.
            if course.is_mentor_training:
                trainings[course.person_id] = course
            if course.covers_disabilities:
                disability_courses[course.person_id] = course
        agreements: dict[int, Agreement] = {}
        organizations = {
            employee.organization_id
            for person in candidates
            if person.kind == PartnerEmployee.KIND
            and isinstance(employee := person.concrete, PartnerEmployee)
        } | {
            pupil.school_id
            for mentee in loaded_mentees
            if isinstance(pupil := mentee.concrete, Pupil)
        }
        valid = Agreement.objects.valid_on(started_on).filter(organization__in=organizations)
        # The latest valid agreement of each (the model's ordering) is the one named.
        for agreement in valid if organizations else []:
            agreements.setdefault(agreement.organization_id, agreement)
        return cls(
            format=format,
            variant=variant,
            mentees=loaded_mentees,
            requests=requests,
            loads=loads,
            drafted=drafted,
            trainings=trainings,
            disability_courses=disability_courses,
            agreements=agreements,
            under_agreement=frozenset(agreements),
        )

    def refusals(self, person: Person, started_on: dt.date) -> list[str]:
        """What the rules refuse a draft of this mentor with the mentees (who break none
        themselves): `check_mentorship_rules` would say the same."""
        return mentor_refusals(
            format=self.format,
            variant=self.variant,
            mentor=person,
            mentees=[mentee.concrete for mentee in self.mentees],
            started_on=started_on,
            load=self.loads.get(person.pk, set()),
            capacity=capacity_of(person),
            agreements=self.under_agreement,
        )

    def suggestion(self, person: Person) -> Suggestion:
        mentor = person.concrete
        capacity = capacity_of(person)
        free = max(capacity - len(self.loads.get(person.pk, set())), 0)
        score = min(free, SEAT_CAP) * SEAT_POINTS
        reasons = [
            ngettext(
                "%(free)s of %(capacity)s seat free",
                "%(free)s of %(capacity)s seats free",
                capacity,
            )
            % {"free": free, "capacity": capacity}
        ]
        if drafted := len(self.drafted.get(person.pk, set())):
            score -= min(drafted, SEAT_CAP) * SEAT_POINTS
            reasons.append(
                ngettext(
                    "%(count)s more mentee in draft mentorships",
                    "%(count)s more mentees in draft mentorships",
                    drafted,
                )
                % {"count": drafted}
            )
        students = [m.concrete for m in self.mentees if isinstance(m.concrete, Student)]
        if isinstance(mentor, Student) and students:
            if self.format.code == FormatCode.STUDENT_STUDENT:
                points, reason = _course_gap(mentor, students)
                score += points
                reasons.append(reason)
            points, reason_or_none = _same_specialty(mentor, students)
            score += points
            if reason_or_none:
                reasons.append(reason_or_none)
        shared = _shared_words(_mentor_text(person), self.requests)
        if shared:
            score += min(len(shared), SHARED_WORD_CAP) * SHARED_WORD_POINTS
            reasons.append(
                _("shared interests: %(words)s") % {"words": ", ".join(shared[:SHARED_WORD_CAP])}
            )
        if (training := self.trainings.get(person.pk)) is not None:
            score += MENTOR_TRAINING_POINTS
            reasons.append(
                _("mentor training completed («%(title)s», %(date)s)")
                % {"title": training.title, "date": format_day(training.completed_on)}
            )
        if self.variant is not None and self.variant.requires_disability_course:
            course = self.disability_courses.get(person.pk)
            if course is not None:
                score += DISABILITY_COURSE_POINTS
                reasons.append(
                    _("course on teaching students with disabilities completed (%(date)s)")
                    % {"date": format_day(course.completed_on)}
                )
        if isinstance(mentor, PartnerEmployee):
            agreement = self.agreements.get(mentor.organization_id)
            if agreement is not None:
                reasons.append(
                    _("the enterprise's agreement No. %(number)s is valid")
                    % {"number": agreement.number}
                )
        return Suggestion(
            person=mentor, score=score, reasons=tuple(reasons), free_seats=free, capacity=capacity
        )


def _mentee_loads(
    mentor_ids: list[int], *, exclude: set[int]
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Per mentor: the mentees of their active mentorships (any format), and those of their
    drafts but the mentees being matched now; in two queries."""
    mentor_links = Mentorship.mentors.through.objects.filter(
        person__in=mentor_ids,
        mentorship__status__in=[MentorshipStatus.ACTIVE, MentorshipStatus.DRAFT],
    ).values_list("person_id", "mentorship_id", "mentorship__status")
    mentors_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for mentor_id, mentorship_id, status in mentor_links:
        mentors_of[mentorship_id].append((mentor_id, status))
    loads: dict[int, set[int]] = defaultdict(set)
    drafted: dict[int, set[int]] = defaultdict(set)
    mentee_links = Mentorship.mentees.through.objects.filter(
        mentorship__in=list(mentors_of)
    ).values_list("mentorship_id", "person_id")
    for mentorship_id, mentee_id in mentee_links:
        for mentor_id, status in mentors_of[mentorship_id]:
            if status == MentorshipStatus.ACTIVE:
                loads[mentor_id].add(mentee_id)
            elif mentee_id not in exclude:
                drafted[mentor_id].add(mentee_id)
    # A mentee in both an active and a draft mentorship of the mentor is counted once.
    for mentor_id, mentees in drafted.items():
        mentees -= loads.get(mentor_id, set())
    return loads, {key: value for key, value in drafted.items() if value}


def _course_gap(mentor: Student, mentees: list[Student]) -> tuple[int, str]:
    gaps = sorted({mentor.course - mentee.course for mentee in mentees})
    shown = str(gaps[0]) if len(gaps) == 1 else f"{gaps[0]}–{gaps[-1]}"
    if gaps[-1] <= CLOSE_COURSE_GAP:
        return CLOSE_COURSES_POINTS, _("course gap %(gap)s: close, as recommended (1–2)") % {
            "gap": shown
        }
    return FAR_COURSES_POINTS, _("course gap %(gap)s: larger than recommended (1–2)") % {
        "gap": shown
    }


def _same_specialty(mentor: Student, mentees: list[Student]) -> tuple[int, str | None]:
    specialty = mentor.group.specialty
    same = sum(1 for mentee in mentees if mentee.group.specialty_id == specialty.pk)
    if not same:
        return 0, None
    if same == len(mentees):
        return SAME_SPECIALTY_POINTS, _("the same specialty: %(specialty)s") % {
            "specialty": specialty
        }
    return SAME_SPECIALTY_POINTS // 2, _(
        "the same specialty as some of the mentees: %(specialty)s"
    ) % {"specialty": specialty}


def _mentor_text(person: Person) -> str:
    profile = mentor_profile_of(person)
    return f"{profile.competencies}\n{profile.interests}" if profile is not None else ""


# Remembered: the mentees' requests are read again for every candidate, and the same words
# come back across profiles.
@functools.lru_cache(maxsize=1024)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """The meaningful words of a text: (as written in lower case, the matching key)."""
    found = []
    for word in _WORD.findall(text.lower()):
        key = search_key(word)
        if len(key) >= _MIN_WORD and not key.isdigit() and not _is_stop_word(key):
            found.append((word, key))
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def _is_stop_word(key: str) -> bool:
    """A common word in any of its forms («работе» as «работа»), but not a longer word that
    begins like one («работодатель»)."""
    return key in _STOP_WORDS or any(
        abs(len(key) - len(stop)) <= 2 and _same_word(key, stop) for stop in _STOP_WORDS
    )


def _same_word(one: str, other: str) -> bool:
    """The same word in another grammatical form: Russian changes the ending, so two long
    words match on a common beginning that leaves at most two letters of the shorter one
    («математика» and «математике», «экзамен» and «экзамену»)."""
    if one == other:
        return True
    shorter = min(len(one), len(other))
    if shorter < 5:
        return False
    common = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(5, shorter - 2)


def _shared_words(mentor_text: str, requests: Iterable[str]) -> list[str]:
    """The words of the mentees' key requests found among the mentor's competencies and
    interests, each once, in the order the requests give them."""
    mentor_keys = {key for _word, key in _words(mentor_text)}
    if not mentor_keys:
        return []
    shared: list[str] = []
    seen: list[str] = []
    for request in requests:
        for word, key in _words(request):
            if any(_same_word(key, known) for known in seen):
                continue
            if any(_same_word(key, mentor_key) for mentor_key in mentor_keys):
                seen.append(key)
                shared.append(word)
    return shared


def mentees_to_match(format: MentoringFormat, year: AcademicYear) -> QuerySet[PoolEntry]:
    """The mentees included in the format's pool for the year who have neither an active
    mentorship nor a draft of the format, in Russian name order."""
    matched = Person.objects.filter(
        mentorships_as_mentee__format=format,
        mentorships_as_mentee__status__in=[MentorshipStatus.ACTIVE, MentorshipStatus.DRAFT],
    ).values("pk")
    entries = (
        PoolEntry.objects.included()
        .in_year(year)
        .filter(role=ParticipantRole.MENTEE, format=format)
        .exclude(person__in=matched)
        .with_people()
        # Flagged on the page: a draft of theirs is not confirmed without it.
        .annotate(has_program_consent=program_consent_exists("person_id", timezone.localdate()))
    )
    return entries.order_by(russian_name_order(entries.db, prefix="person__"), "id")


def pool_mentors(format: MentoringFormat, year: AcademicYear) -> QuerySet[Person]:
    """The mentors included in the format's pool for the year: whom a draft from the pool may
    name (the rules are checked when it is drafted)."""
    entries = (
        PoolEntry.objects.included()
        .in_year(year)
        .filter(role=ParticipantRole.MENTOR, format=format)
        .values("person")
    )
    return Person.objects.filter(pk__in=entries)
