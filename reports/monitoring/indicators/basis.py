"""The counts the indicators are computed from, each one grouped query in the database.

`Basis` holds the reference date, the academic year and the formats; each of its cached
properties is one query (conditional counts with `Exists` subqueries, grouped values), run
the first time a formula reads it and shared by the formulas that need it, so all the
indicators take the same number of queries whatever the number of people, pairs and answers.

Two reference periods (the indicators' `reference` texts say which each uses):
- on the day D: a mentorship runs on D when it is confirmed (not a draft), started on or before
  D and not ended before D (`ended_on` on or after D, or none yet);
- in the year up to D: from 1 September to D (or to 31 August for a date after the year);
  a mentorship runs in it when it overlaps that period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce

from core.dates import AcademicYear
from pairs.models import (
    EventParticipation,
    Meeting,
    Mentorship,
    MentorshipQuerySet,
    MentorshipResult,
    MentorshipStatus,
    ResultAchievement,
)
from programs.models import (
    ActionPlan,
    FormatCode,
    IndicatorTarget,
    MentoringFormat,
    Organization,
    PlanRun,
    RunStatus,
)
from registry.models import (
    Agreement,
    Incentive,
    PartnerKind,
    PartnerOrganization,
    Person,
    QualificationCourse,
    Student,
    StudentStatus,
    Teacher,
)
from reports.models import (
    Answer,
    Assignment,
    AssignmentState,
    DeclineReason,
    QuestionKind,
    QuestionnairePurpose,
    QuestionTag,
    Response,
)
from reports.monitoring.results.selectors import paired_answers, positive_change

# The questionnaires of stage 2 compared item by item: the entry ones and the exit ones.
ENTRY_PURPOSES = (
    QuestionnairePurpose.MENTEE_GROWTH_ENTRY,
    QuestionnairePurpose.MENTOR_GROWTH_ENTRY,
    QuestionnairePurpose.ADAPTATION_ENTRY,
)
EXIT_PURPOSES = (
    QuestionnairePurpose.MENTEE_GROWTH_EXIT,
    QuestionnairePurpose.MENTOR_GROWTH_EXIT,
    QuestionnairePurpose.ADAPTATION_EXIT,
)
# Prize places of a participation in an event.
PRIZE_PLACES = (1, 2, 3)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` years earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_aged(day: dt.date, youngest: int, oldest: int) -> tuple[dt.date, dt.date]:
    """The first and last date of birth of a person aged from `youngest` to `oldest` full
    years on the day: born after the day `oldest + 1` years earlier, and on or before the day
    `youngest` years earlier."""
    return (
        years_before(day, oldest + 1) + dt.timedelta(days=1),
        years_before(day, youngest),
    )


def young_experience_since(day: dt.date) -> dt.date:
    """Pedagogical experience that began after this day is less than three full years on the
    day (begun on it: exactly three years, no longer young)."""
    return years_before(day, 3)


@dataclass(frozen=True)
class Rate:
    """Of one questionnaire and wave: issued, answered, declined for lack of consent."""

    questionnaire: str
    wave: str
    issued: int
    answered: int
    no_consent: int


class Basis:
    def __init__(
        self,
        *,
        day: dt.date,
        year: AcademicYear,
        format_ids: list[int] | None = None,
    ) -> None:
        self.day = day
        self.year = year
        self.format_ids = format_ids
        self.period_start = year.first_day
        self.period_end = min(day, year.last_day)

    # --- Mentorships ----------------------------------------------------------------------

    def mentorships(self) -> MentorshipQuerySet:
        """Confirmed mentorships of the formats in question."""
        mentorships = Mentorship.objects.in_registry()
        if self.format_ids is not None:
            mentorships = mentorships.filter(format__in=self.format_ids)
        return mentorships

    def running_on_day(self) -> MentorshipQuerySet:
        return (
            self.mentorships()
            .filter(started_on__lte=self.day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.day))
        )

    def running_in_period(self) -> MentorshipQuerySet:
        return (
            self.mentorships()
            .filter(started_on__lte=self.period_end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.period_start))
        )

    def closed_in_period(self) -> MentorshipQuerySet:
        return self.mentorships().filter(
            status__in=[MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED],
            ended_on__gte=self.period_start,
            ended_on__lte=self.period_end,
        )

    @cached_property
    def formats(self) -> list[MentoringFormat]:
        formats = MentoringFormat.objects.order_by("position", "id")
        if self.format_ids is not None:
            formats = formats.filter(pk__in=self.format_ids)
        return list(formats)

    @cached_property
    def silent_since(self) -> dt.date:
        return Organization.load().silent_since(self.day)

    @cached_property
    def by_format(self) -> dict[int, dict[str, int]]:
        """Per format: mentorships running on D, groups among them, regular ones (a meeting
        from `silent_since` to D, or started since then: not silent)."""
        per_mentorship = (
            Mentorship.mentees.through.objects.filter(mentorship=OuterRef("pk"))
            .values("mentorship")
            .annotate(count=Count("pk"))
        )
        # django-stubs does not see an annotation among the fields of values().
        mentees = per_mentorship.values("count")  # type: ignore[misc]
        since = self.silent_since
        recent = Meeting.objects.filter(
            mentorship=OuterRef("pk"), held_on__gte=since, held_on__lte=self.day
        )
        rows = (
            self.running_on_day()
            .alias(
                mentee_count=Subquery(mentees, output_field=IntegerField()),
                met_lately=Exists(recent),
            )
            .values("format_id")
            .annotate(
                running=Count("pk"),
                groups=Count("pk", filter=Q(mentee_count__gte=2)),
                regular=Count("pk", filter=Q(met_lately=True) | Q(started_on__gte=since)),
            )
            .order_by()
        )
        return {row.pop("format_id"): row for row in rows}

    @cached_property
    def closures(self) -> list[dict[str, Any]]:
        """Mentorships closed in the period by status and reason, with those completed without
        an assessment of their results."""
        assessed = MentorshipResult.objects.filter(mentorship=OuterRef("pk"))
        return list(
            self.closed_in_period()
            .alias(assessed=Exists(assessed))
            .values("status", "termination_reason")
            .annotate(count=Count("pk"), unassessed=Count("pk", filter=Q(assessed=False)))
            .order_by("status", "termination_reason")
        )

    @cached_property
    def results(self) -> dict[str, int]:
        """The expected results of the mentorships completed in the period, by achievement."""
        completed = self.closed_in_period().filter(status=MentorshipStatus.COMPLETED)
        return MentorshipResult.objects.filter(mentorship__in=completed.values("pk")).aggregate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(achievement=ResultAchievement.ACHIEVED)),
            partly=Count("pk", filter=Q(achievement=ResultAchievement.PARTLY)),
        )

    # --- People -----------------------------------------------------------------------------

    @cached_property
    def students(self) -> dict[str, int]:
        """Studying students: all, without a date of birth, aged 15–19 on D, and of those the
        ones in a mentorship running on D (as mentor or mentee, as mentee); the mentors."""
        running = self.running_on_day()
        first, last = born_aged(self.day, 15, 19)
        aged = Q(birth_date__gte=first, birth_date__lte=last)
        return (
            Student.objects.filter(status=StudentStatus.STUDYING)
            .annotate(
                as_mentor=Exists(running.filter(mentors=OuterRef("pk"))),
                as_mentee=Exists(running.filter(mentees=OuterRef("pk"))),
            )
            .aggregate(
                studying=Count("pk"),
                no_birth_date=Count("pk", filter=Q(birth_date__isnull=True)),
                aged=Count("pk", filter=aged),
                aged_in_pair=Count("pk", filter=aged & (Q(as_mentor=True) | Q(as_mentee=True))),
                aged_mentees=Count("pk", filter=aged & Q(as_mentee=True)),
                mentors=Count("pk", filter=Q(as_mentor=True)),
            )
        )

    @cached_property
    def teachers(self) -> dict[str, int]:
        """Teachers employed on D: all, without the start of their pedagogical experience,
        young ones (less than three full years of it), young mentees of a «teacher – teacher»
        mentorship running on D."""
        day = self.day
        employed = (Q(hired_on__isnull=True) | Q(hired_on__lte=day)) & (
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        )
        young = Q(
            pedagogical_experience_since__gt=young_experience_since(day),
            pedagogical_experience_since__lte=day,
        )
        mentee_in = self.running_on_day().filter(
            format__code=FormatCode.TEACHER_TEACHER, mentees=OuterRef("pk")
        )
        return (
            Teacher.objects.filter(employed)
            .annotate(is_mentee=Exists(mentee_in))
            .aggregate(
                employed=Count("pk"),
                no_experience_date=Count("pk", filter=Q(pedagogical_experience_since__isnull=True)),
                young=Count("pk", filter=young),
                young_mentees=Count("pk", filter=young & Q(is_mentee=True)),
            )
        )

    @cached_property
    def enterprises(self) -> dict[str, int]:
        """Partner enterprises with an agreement valid on a day of the period, those of them
        with an employee mentoring in a mentorship running in the period, and those giving
        mentors without such an agreement."""
        agreement = Agreement.objects.filter(
            organization=OuterRef("pk"), valid_from__lte=self.period_end
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.period_start))
        mentoring = self.running_in_period().filter(
            mentors__partneremployee__organization=OuterRef("pk")
        )
        return (
            PartnerOrganization.objects.filter(kind=PartnerKind.ENTERPRISE)
            .annotate(has_agreement=Exists(agreement), gives_mentors=Exists(mentoring))
            .aggregate(
                with_agreement=Count("pk", filter=Q(has_agreement=True)),
                giving=Count("pk", filter=Q(has_agreement=True, gives_mentors=True)),
                giving_without_agreement=Count(
                    "pk", filter=Q(has_agreement=False, gives_mentors=True)
                ),
            )
        )

    @cached_property
    def mentors_by_kind(self) -> dict[str, dict[str, int]]:
        """Mentors of the mentorships running on D by kind of person, and those of them with a
        mentor training completed by D."""
        trained = QualificationCourse.objects.filter(
            person=OuterRef("pk"), is_mentor_training=True, completed_on__lte=self.day
        )
        rows = (
            Person.objects.filter(Exists(self.running_on_day().filter(mentors=OuterRef("pk"))))
            .alias(is_trained=Exists(trained))
            .values("kind")
            .annotate(total=Count("pk"), trained=Count("pk", filter=Q(is_trained=True)))
            .order_by()
        )
        return {row.pop("kind"): row for row in rows}

    @cached_property
    def encouraged(self) -> dict[str, int]:
        """Mentors of the mentorships running in the period, and those with an incentive
        awarded in the period."""
        incentive = Incentive.objects.filter(
            mentor=OuterRef("pk"),
            awarded_on__gte=self.period_start,
            awarded_on__lte=self.period_end,
        )
        return (
            Person.objects.filter(Exists(self.running_in_period().filter(mentors=OuterRef("pk"))))
            .annotate(has_incentive=Exists(incentive))
            .aggregate(total=Count("pk"), encouraged=Count("pk", filter=Q(has_incentive=True)))
        )

    @cached_property
    def events(self) -> list[dict[str, Any]]:
        """Participations of mentors and mentees in the events that started in the period,
        by level and role, with the prize places."""
        participations = EventParticipation.objects.filter(
            event__starts_on__gte=self.period_start, event__starts_on__lte=self.period_end
        )
        if self.format_ids is not None:
            participations = participations.filter(mentorship__format__in=self.format_ids)
        return list(
            participations.values("event__level", "role")
            .annotate(count=Count("pk"), prizes=Count("pk", filter=Q(place__in=PRIZE_PLACES)))
            .order_by()
        )

    # --- The plan ---------------------------------------------------------------------------

    @cached_property
    def plan(self) -> ActionPlan | None:
        """The plan in force on D; failing that, the latest one overlapping the year."""
        in_force = Q(starts_on__lte=self.day, ends_on__gte=self.day)
        return (
            ActionPlan.objects.filter(
                starts_on__lte=self.year.last_day, ends_on__gte=self.year.first_day
            )
            .alias(rank=Case(When(in_force, then=1), default=0, output_field=IntegerField()))
            .order_by("-rank", "-starts_on", "-id")
            .first()
        )

    @cached_property
    def runs(self) -> dict[str, int]:
        """The plan's runs due by D and not cancelled, and those of them done by D."""
        if self.plan is None:
            return {"due": 0, "done": 0}
        return (
            PlanRun.objects.filter(item__plan=self.plan, due_on__lte=self.day)
            .exclude(status=RunStatus.CANCELLED)
            .aggregate(
                due=Count("pk"),
                done=Count("pk", filter=Q(status=RunStatus.DONE, done_on__lte=self.day)),
            )
        )

    @cached_property
    def targets(self) -> dict[int, Decimal]:
        """The targets of the plan for the year, by indicator."""
        if self.plan is None:
            return {}
        return dict(
            IndicatorTarget.objects.filter(
                plan=self.plan, academic_year=self.year.start_year
            ).values_list("indicator_id", "value")
        )

    # --- Questionnaires (the year's monitoring cycle) ------------------------------------------

    def assignments(self) -> Any:
        assignments = Assignment.objects.filter(cycle__academic_year=self.year.start_year)
        if self.format_ids is not None:
            assignments = assignments.alias(
                scope_format=Coalesce("format_id", "mentorship__format_id")
            ).filter(scope_format__in=self.format_ids)
        return assignments

    def answers(self) -> Any:
        return Answer.objects.filter(
            response__is_draft=False, response__assignment__in=self.assignments().values("pk")
        )

    @cached_property
    def rates(self) -> list[Rate]:
        """The participants' assignments of the cycle per questionnaire and wave."""
        rows = (
            self.assignments()
            .filter(person__isnull=False)
            .values("questionnaire__title", "questionnaire__position", "questionnaire_id", "wave")
            .annotate(
                issued=Count("pk"),
                answered=Count("pk", filter=Q(state=AssignmentState.ANSWERED)),
                no_consent=Count(
                    "pk",
                    filter=Q(
                        state=AssignmentState.DECLINED, decline_reason=DeclineReason.NO_CONSENT
                    ),
                ),
            )
            .order_by("questionnaire__position", "questionnaire_id", "wave")
        )
        return [
            Rate(
                row["questionnaire__title"],
                row["wave"],
                row["issued"],
                row["answered"],
                row["no_consent"],
            )
            for row in rows
        ]

    @cached_property
    def scores(self) -> dict[tuple[str, str], dict[str, Any]]:
        """The answers to the tagged items by (tag, respondent): how many, their sum, how many
        yes: satisfaction on scales, ready to continue and wanting to mentor as yes/no."""
        tagged = Q(question__tag=QuestionTag.SATISFACTION, question__kind=QuestionKind.SCALE) | Q(
            question__tag__in=[QuestionTag.CONTINUE, QuestionTag.BECOME_MENTOR],
            question__kind=QuestionKind.YES_NO,
        )
        rows = (
            self.answers()
            .filter(tagged, number__isnull=False)
            .values("question__tag", "response__assignment__questionnaire__respondent")
            .annotate(count=Count("pk"), total=Sum("number"), yes=Count("pk", filter=Q(number=1)))
            .order_by()
        )
        return {
            (
                row.pop("question__tag"),
                row.pop("response__assignment__questionnaire__respondent"),
            ): row
            for row in rows
        }

    @cached_property
    def change(self) -> dict[str, int]:
        """Stage 2: the exit responses of the cycle, the participants with an entry to compare
        them with, and those of them whose change is positive."""
        exits = self.answers().filter(
            response__assignment__questionnaire__purpose__in=EXIT_PURPOSES
        )
        participants, positive = positive_change(
            paired_answers(exits, entry_purposes=ENTRY_PURPOSES)
        )
        responses = Response.objects.filter(
            is_draft=False,
            assignment__in=self.assignments()
            .filter(questionnaire__purpose__in=EXIT_PURPOSES)
            .values("pk"),
        ).count()
        return {"exits": responses, "participants": participants, "positive": positive}
