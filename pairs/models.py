"""Decisions (протоколы) and mentorships: pairs and groups of mentors and mentees."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear, format_day
from programs.access import can_view_special_categories
from programs.models import FormatVariant, MentoringFormat
from registry.models import (
    PERSON_DETAILS,
    PartnerKind,
    PartnerOrganization,
    Person,
    PersonKind,
    StudentStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class DecisionBody(models.TextChoices):
    PEDAGOGICAL_COUNCIL = "pedagogical_council", _("pedagogical council")
    WORKING_GROUP = "working_group", _("working group")
    PROJECT_HEAD = "project_head", _("head of the joint project")
    EMPLOYER = "employer", _("employer")


class DecisionQuerySet(models.QuerySet["Decision"]):
    def visible_to(self, user: User | AnonymousUser) -> DecisionQuerySet:
        """The decisions whose scans the user may open: every one for roles that see every
        mentorship, otherwise those confirming a mentorship or including a pool entry the
        user sees, and those that confirm nothing yet for who records decisions. A decision
        on an ОВЗ or risk-group pair names its mentees: it is left out for roles that may
        not see such data."""
        if not user.is_authenticated or not user.has_perm("pairs.view_decision"):
            return self.none()
        decisions = self
        if not user.has_perm("pairs.view_all_mentorships"):
            scope = Q(mentorships__in=Mentorship.objects.visible_to(user).values("id")) | Q(
                pool_entries__in=PoolEntry.objects.visible_to(user).values("id")
            )
            if user.has_perm("pairs.add_decision"):
                scope |= Q(mentorships__isnull=True, pool_entries__isnull=True)
            decisions = decisions.filter(id__in=Decision.objects.filter(scope).values("id"))
        if not can_view_special_categories(user):
            decisions = decisions.exclude(mentorships__variant__is_special_category=True)
        return decisions


class Decision(models.Model):
    """A decision that forms mentorships; section 5 of the Положение says whose and with what."""

    body = models.CharField(_("deciding body"), max_length=30, choices=DecisionBody.choices)
    number = models.CharField(_("number"), max_length=50)
    decided_on = models.DateField(_("date"))
    partner = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("partner organization"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
        help_text=_("The partner school of a joint project, or the employer that decided."),
    )
    student_council_opinion = models.TextField(
        _("opinion of the student council"),
        blank=True,
        help_text=_("Required for «student – student» pairs (item 5.1.1)."),
    )
    school_curator_opinion = models.TextField(
        _("opinion of the partner school's curator"),
        blank=True,
        help_text=_("Required for «student – pupil» pairs (item 5.1.2)."),
    )
    college_approval = models.TextField(
        _("approval by the college"),
        blank=True,
        help_text=_("Required for «employer – student» pairs (item 5.1.3)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    scan = models.FileField(
        _("scan of the decision"),
        upload_to="decision-scans/%Y/",
        blank=True,
        help_text=_("The signed protocol or order: PDF, JPEG or PNG."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number", "decided_on"], name="decision_unique_number_per_body"
            ),
        ]

    def __str__(self) -> str:
        return _("%(body)s, No. %(number)s of %(date)s") % {
            "body": self.get_body_display(),
            "number": self.number,
            "date": format_day(self.decided_on),
        }

    @property
    def short_label(self) -> str:
        return _("No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": format_day(self.decided_on),
        }

    def clean(self) -> None:
        expected_kind = (
            {
                DecisionBody.PROJECT_HEAD: PartnerKind.SCHOOL,
                DecisionBody.EMPLOYER: PartnerKind.ENTERPRISE,
            }.get(DecisionBody(self.body))
            if self.body
            else None
        )
        if expected_kind is None:
            return
        if self.partner is None or self.partner.kind != expected_kind:
            message = (
                _("A decision of the head of a joint project names the partner school.")
                if expected_kind == PartnerKind.SCHOOL
                else _("A decision of an employer names the partner enterprise.")
            )
            raise ValidationError({"partner": message})


class MentorshipStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("ended early")


CLOSED_STATUSES = [MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED]
# A draft or an active mentorship is still changed: its people, dates and plan.
OPEN_STATUSES = [MentorshipStatus.DRAFT, MentorshipStatus.ACTIVE]

# Statuses of a student who has left the college: their active mentorships need the curator.
DEPARTED_STATUSES = [StudentStatus.EXPELLED, StudentStatus.GRADUATED, StudentStatus.TRANSFERRED]


class TerminationReason(models.TextChoices):
    """Why a mentorship ended before its planned end (the fixed list the curator picks from)."""

    MENTEE_LEFT = "mentee_left", _("the mentee left the college")
    MENTOR_LEFT = "mentor_left", _("the mentor left the college or the partner")
    MENTEE_REQUEST = "mentee_request", _("at the mentee's request")
    MENTOR_REQUEST = "mentor_request", _("at the mentor's request")
    INCOMPATIBILITY = "incompatibility", _("the mentor and the mentee are incompatible")
    LONG_ABSENCE = "long_absence", _("long absence (illness, leave, practice elsewhere)")
    NO_AGREEMENT = "no_agreement", _("the agreement with the partner ended")
    OTHER = "other", _("another reason")


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def visible_to(self, user: User | AnonymousUser) -> MentorshipQuerySet:
        """Everything for director, curator and methodist; the own formats for a format lead;
        the mentorships where a teacher is a mentor; nothing for anyone else."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("pairs.view_all_mentorships"):
            return self
        scope = Q(mentors__user=user)
        if user.has_perm("pairs.view_mentorship"):
            scope |= Q(format__leads=user)
        # The joins above can repeat a row; filtering on ids keeps the queryset plain.
        return self.filter(id__in=Mentorship.objects.filter(scope).values("id"))

    def active(self) -> MentorshipQuerySet:
        return self.filter(status=MentorshipStatus.ACTIVE)

    def in_academic_year(self, year: AcademicYear) -> MentorshipQuerySet:
        """Mentorships that were running at some time during the academic year: an active one
        past its planned end still runs, but only up to today, not in a year to come."""
        running = Q(ended_on__gte=year.first_day) | Q(
            ended_on__isnull=True, planned_end_on__gte=year.first_day
        )
        if year.first_day <= timezone.localdate():
            running |= Q(ended_on__isnull=True, status=MentorshipStatus.ACTIVE)
        return self.filter(started_on__lte=year.last_day).filter(running)

    def drafts(self) -> MentorshipQuerySet:
        return self.filter(status=MentorshipStatus.DRAFT)

    def in_registry(self) -> MentorshipQuerySet:
        """Confirmed mentorships: drafts are not in the registry until a decision confirms them."""
        return self.exclude(status=MentorshipStatus.DRAFT)

    def managed_by(self, user: User | AnonymousUser) -> MentorshipQuerySet:
        """The mentorships the user drafts, confirms, edits and closes: every one for the
        curator, those of the led formats for a format lead, none for anyone else."""
        if not user.is_authenticated or not user.has_perm("pairs.change_mentorship"):
            return self.none()
        if user.has_perm("pairs.form_any_format"):
            return self
        return self.filter(format__in=MentoringFormat.objects.led_by(user))

    def kept_by(self, user: User | AnonymousUser) -> MentorshipQuerySet:
        """The mentorships whose work the user keeps (meetings, the personal plan): those the
        user manages and those where the user is a mentor. Whether the user's role may change
        meetings or plans at all is a permission apart."""
        if not user.is_authenticated:
            return self.none()
        managed = Mentorship.objects.managed_by(user).values("id")
        mentored = Mentorship.objects.filter(mentors__user=user).values("id")
        # Ids, not joins: a mentorship with two mentors must not come twice.
        return self.filter(Q(id__in=managed) | Q(id__in=mentored))

    def with_last_meeting(self) -> MentorshipQuerySet:
        return self.annotate(last_meeting_on=Max("meetings__held_on"))

    def silent(self, *, since: dt.date) -> MentorshipQuerySet:
        """Active mentorships with no meeting on or after `since` (nor a start after it)."""
        return (
            self.active()
            .with_last_meeting()
            .filter(
                Q(last_meeting_on__lt=since) | Q(last_meeting_on__isnull=True, started_on__lt=since)
            )
        )

    def with_departed_mentees(self) -> MentorshipQuerySet:
        """Active mentorships with a mentee who has left the college (expelled, graduated,
        transferred): the curator completes or ends them."""
        departed = Mentorship.objects.filter(mentees__student__status__in=DEPARTED_STATUSES).values(
            "id"
        )
        return self.active().filter(id__in=departed)

    def with_people(self) -> MentorshipQuerySet:
        """Everything a registry row prints, in a fixed number of queries; the people with
        `has_program_consent` (today)."""
        people = Person.objects.select_related(*PERSON_DETAILS).with_program_consent(
            timezone.localdate()
        )
        return self.select_related("format", "variant", "decision").prefetch_related(
            Prefetch("mentors", queryset=people),
            Prefetch("mentees", queryset=people),
        )


class Mentorship(models.Model):
    """A наставническая пара or группа: one or more mentors with one or more mentees."""

    format = models.ForeignKey(
        MentoringFormat,
        verbose_name=_("format"),
        on_delete=models.PROTECT,
        related_name="mentorships",
    )
    variant = models.ForeignKey(
        FormatVariant,
        verbose_name=_("variant"),
        on_delete=models.PROTECT,
        related_name="mentorships",
        null=True,
        blank=True,
    )
    mentors = models.ManyToManyField(
        Person, verbose_name=_("mentors"), related_name="mentorships_as_mentor"
    )
    mentees = models.ManyToManyField(
        Person, verbose_name=_("mentees"), related_name="mentorships_as_mentee"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="mentorships",
        null=True,
        blank=True,
    )
    started_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MentorshipStatus.choices,
        default=MentorshipStatus.DRAFT,
    )
    # Bumped by every change through the services; an edit made from an older version is
    # refused instead of overwriting what someone else changed meanwhile.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    results = models.TextField(
        _("results"), blank=True, help_text=_("What the mentorship achieved, on completion.")
    )
    termination_reason = models.CharField(
        _("reason for ending early"),
        max_length=30,
        choices=TerminationReason.choices,
        blank=True,
    )
    termination_comment = models.TextField(_("comment on ending early"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-started_on", "-id"]
        permissions = [
            ("view_all_mentorships", _("Can see every mentorship")),
            ("form_any_format", _("Can form mentorships of every format")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gt=F("started_on")),
                name="mentorship_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mentorship_ended_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=MentorshipStatus.DRAFT) | Q(decision__isnull=False),
                name="mentorship_decided_unless_draft",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=CLOSED_STATUSES) & Q(ended_on__isnull=False))
                | (~Q(status__in=CLOSED_STATUSES) & Q(ended_on__isnull=True)),
                name="mentorship_ended_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=MentorshipStatus.TERMINATED)
                    & ~Q(termination_reason="")
                    & ~Q(termination_comment="")
                )
                | (~Q(status=MentorshipStatus.TERMINATED) & Q(termination_reason="")),
                name="mentorship_terminated_iff_reason",
            ),
        ]
        # The registry's default order: its first page reads 50 rows off the index instead
        # of sorting every pair (10 ms → 0.2 ms at 10,000 pairs on PostgreSQL, bench/load.py).
        indexes = [models.Index(F("started_on").desc(), F("id").desc(), name="mentorship_newest")]

    def __str__(self) -> str:
        return _("Mentorship No. %(id)s (%(format)s)") % {"id": self.pk, "format": self.format}

    @property
    def expected_results(self) -> str:
        """What the Положение expects of such a mentorship: the variant's text, else the
        format's."""
        if self.variant is not None and self.variant.expected_results.strip():
            return self.variant.expected_results
        return self.format.expected_results

    @property
    def is_group(self) -> bool:
        """Group mentoring (item 1.2.5): two or more mentees."""
        return len(self.mentees.all()) > 1

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear.of(self.started_on)


class ChangeAction(models.TextChoices):
    DRAFTED = "drafted", _("drafted")
    CONFIRMED = "confirmed", _("confirmed by a decision")
    EDITED = "edited", _("edited")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("ended early")
    PLAN_CHANGED = "plan_changed", _("personal plan changed")
    MEETING_LOGGED = "meeting_logged", _("meeting logged")
    MEETING_CHANGED = "meeting_changed", _("meeting changed")
    MEETING_DELETED = "meeting_deleted", _("meeting deleted")


class MentorshipChange(models.Model):
    """One entry of a mentorship's history: who changed it, when, and what."""

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    action = models.CharField(_("action"), max_length=20, choices=ChangeAction.choices)
    # [{"field": name, "old": text, "new": text}, …]: the values as they were shown then.
    details = models.JSONField(_("what changed"), default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of a mentorship")
        verbose_name_plural = _("history of mentorships")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.mentorship_id}: {self.get_action_display()}"


class PersonalPlan(models.Model):
    """The персонализированная программа наставничества of a mentorship; for «педагог –
    педагог» it is the young teacher's adaptation plan (plan item 3.6)."""

    mentorship = models.OneToOneField(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="plan"
    )
    goal = models.TextField(_("goal"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("personal plan")
        verbose_name_plural = _("personal plans")

    def __str__(self) -> str:
        return _("Personal plan of mentorship No. %(id)s") % {"id": self.mentorship_id}


class PlanTask(models.Model):
    """A task of a personal plan with its planned activities, dates and progress."""

    plan = models.ForeignKey(
        PersonalPlan,
        verbose_name=_("personal plan"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    title = models.TextField(_("task"))
    activities = models.TextField(_("planned activities"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"))
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, help_text=_("From 0 to 100.")
    )
    note = models.TextField(_("note on progress"), blank=True)

    class Meta:
        verbose_name = _("task of a personal plan")
        verbose_name_plural = _("tasks of a personal plan")
        ordering = ["plan", "position", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="plan_task_progress_to_100",
                violation_error_message=_("Progress is from 0 to 100%."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__gte=F("starts_on")),
                name="plan_task_due_after_start",
                violation_error_message=_("A task is due on or after its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    GROUP = "group", _("in a group")


class Meeting(models.Model):
    """A meeting of a mentorship, logged by a mentor or by the curator on their behalf."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"))
    format = models.CharField(
        _("form of the meeting"), max_length=20, choices=MeetingFormat.choices
    )
    topic = models.CharField(_("topic"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="meeting_duration_5_to_600",
                violation_error_message=_("A meeting lasts from 5 to 600 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{format_day(self.held_on)}: {self.topic}"


class ResultAchievement(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    PARTLY = "partly", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")


class MentorshipResult(models.Model):
    """On completion: one expected result of the format (or variant) and how far it was met."""

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="result_assessments",
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    expected = models.TextField(_("expected result"))
    achievement = models.CharField(
        _("achievement"), max_length=20, choices=ResultAchievement.choices
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("result of a mentorship")
        verbose_name_plural = _("results of mentorships")
        ordering = ["mentorship", "position", "id"]

    def __str__(self) -> str:
        return self.expected


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", _("mentor")
    MENTEE = "mentee", _("mentee")


class EventParticipationQuerySet(models.QuerySet["EventParticipation"]):
    def visible_to(self, user: User | AnonymousUser) -> EventParticipationQuerySet:
        """Who took part, as far as the user may know it: the participants of the
        mentorships the user sees (all, for roles that see every mentorship), and none of a
        special-category event (Абилимпикс …) for roles that may not see such data."""
        if not user.is_authenticated:
            return self.none()
        participations = self
        if not can_view_special_categories(user):
            participations = participations.exclude(event__is_special_category=True)
        if not user.has_perm("pairs.view_all_mentorships"):
            participations = participations.filter(
                Q(mentorship__in=Mentorship.objects.visible_to(user).values("id"))
                | Q(person__user=user)
            )
        return participations


class EventParticipation(models.Model):
    """A mentor or mentee at a program event, for a mentorship, with what they achieved."""

    event = models.ForeignKey(
        "programs.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
    )
    place = models.PositiveSmallIntegerField(
        _("place"), null=True, blank=True, help_text=_("1, 2 or 3 for prize-winners.")
    )
    result = models.CharField(
        _("result"), max_length=300, blank=True, help_text=_("A diploma, a certificate, a title.")
    )

    objects = EventParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation in an event")
        verbose_name_plural = _("participation in events")
        ordering = ["event", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="event_participation_once_per_person"
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=True) | Q(place__gte=1),
                name="event_participation_place_from_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"


# --- The bases: proposals and the mentor and mentee pools (plan items 2.1–2.3) -------------


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("under review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: User | AnonymousUser) -> ProposalQuerySet:
        """All for roles that see every pool; those of the led formats for a format lead; the
        own ones for whoever proposed them (a teacher, a partner's curator)."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("pairs.view_all_pools"):
            return self
        scope = Q(proposed_by=user)
        if user.has_perm("pairs.change_proposal"):
            scope |= Q(format__leads=user)
        return self.filter(id__in=Proposal.objects.filter(scope).values("id"))

    def pending(self) -> ProposalQuerySet:
        return self.filter(status=ProposalStatus.PENDING)

    def decidable_by(self, user: User | AnonymousUser) -> ProposalQuerySet:
        """The proposals the user accepts or rejects: every one for the curator, those of the
        led formats for a format lead."""
        if not user.is_authenticated or not user.has_perm("pairs.change_proposal"):
            return self.none()
        if user.has_perm("pairs.manage_all_pools"):
            return self
        return self.filter(format__in=MentoringFormat.objects.led_by(user))


class Proposal(models.Model):
    """A представление: a teacher or a partner's curator proposes a mentee for a format."""

    person = models.ForeignKey(
        Person, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="proposals"
    )
    format = models.ForeignKey(
        MentoringFormat, verbose_name=_("format"), on_delete=models.PROTECT, related_name="+"
    )
    variant = models.ForeignKey(
        FormatVariant,
        verbose_name=_("variant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    request = models.TextField(
        _("key request"),
        help_text=_("What the mentee needs help with (ключевой запрос)."),
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year the academic year starts in.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.REJECTED) | ~Q(rejection_reason=""),
                name="proposal_rejection_has_reason",
                violation_error_message=_("Give the reason for the rejection."),
            ),
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.PENDING) | Q(decided_at__isnull=False),
                name="proposal_reviewed_when_decided",
            ),
            models.UniqueConstraint(
                fields=["person", "format", "academic_year"],
                condition=Q(status=ProposalStatus.PENDING),
                name="proposal_one_pending_per_format_and_year",
                violation_error_message=_(
                    "This person is already proposed for this format in this academic year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Proposal No. %(id)s: %(person)s") % {"id": self.pk, "person": self.person}

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)


class PoolStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting a decision")
    INCLUDED = "included", _("included")
    EXCLUDED = "excluded", _("excluded")


def _pool_formats(
    user: User | AnonymousUser, *, permission: str, every_format: str
) -> QuerySet[MentoringFormat] | None:
    """The formats whose pools the user reaches with `permission`: None for every format (the
    user also holds `every_format`), the led ones for a format lead, none for anyone else."""
    if not user.is_authenticated or not user.has_perm(permission):
        return MentoringFormat.objects.none()
    if user.has_perm(every_format):
        return None
    return MentoringFormat.objects.led_by(user)


def pool_formats_visible_to(user: User | AnonymousUser) -> QuerySet[MentoringFormat]:
    """The formats whose pools the user sees, in their order."""
    formats = _pool_formats(
        user, permission="pairs.view_poolentry", every_format="pairs.view_all_pools"
    )
    return (formats if formats is not None else MentoringFormat.objects.all()).order_by(
        "position", "id"
    )


def pool_formats_managed_by(user: User | AnonymousUser) -> QuerySet[MentoringFormat]:
    """The formats whose pools the user manages (adds, includes, excludes), in their order."""
    formats = _pool_formats(
        user, permission="pairs.change_poolentry", every_format="pairs.manage_all_pools"
    )
    return (formats if formats is not None else MentoringFormat.objects.all()).order_by(
        "position", "id"
    )


class PoolEntryQuerySet(models.QuerySet["PoolEntry"]):
    def visible_to(self, user: User | AnonymousUser) -> PoolEntryQuerySet:
        """Every pool for director, curator and methodist; the led formats' for a format lead."""
        formats = _pool_formats(
            user, permission="pairs.view_poolentry", every_format="pairs.view_all_pools"
        )
        return self if formats is None else self.filter(format__in=formats)

    def managed_by(self, user: User | AnonymousUser) -> PoolEntryQuerySet:
        """Every pool for the curator; the led formats' for a format lead."""
        formats = _pool_formats(
            user, permission="pairs.change_poolentry", every_format="pairs.manage_all_pools"
        )
        return self if formats is None else self.filter(format__in=formats)

    def in_year(self, year: AcademicYear) -> PoolEntryQuerySet:
        return self.filter(academic_year=year.start_year)

    def included(self) -> PoolEntryQuerySet:
        return self.filter(status=PoolStatus.INCLUDED)

    def with_people(self) -> PoolEntryQuerySet:
        return self.select_related(
            "format", "variant", "decision", *(f"person__{path}" for path in PERSON_DETAILS)
        )


class PoolEntry(models.Model):
    """A person in the mentor or mentee pool (база) of one format for one academic year."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pool_entries"
    )
    role = models.CharField(_("pool"), max_length=10, choices=ParticipantRole.choices)
    format = models.ForeignKey(
        MentoringFormat,
        verbose_name=_("format"),
        on_delete=models.PROTECT,
        related_name="pool_entries",
    )
    variant = models.ForeignKey(
        FormatVariant,
        verbose_name=_("variant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    status = models.CharField(
        _("status"), max_length=20, choices=PoolStatus.choices, default=PoolStatus.PROPOSED
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pool_entries",
        help_text=_("The decision that included the person."),
    )
    included_on = models.DateField(_("in the pool since"), null=True, blank=True)
    excluded_on = models.DateField(_("excluded on"), null=True, blank=True)
    exclusion_reason = models.TextField(_("reason for exclusion"), blank=True)
    request = models.TextField(_("key request"), blank=True)
    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pool_entry",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PoolEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("pool entry")
        verbose_name_plural = _("pool entries")
        ordering = ["format", "role", "person__search_name", "id"]
        permissions = [
            ("view_all_pools", _("Can see the pools and proposals of every format")),
            ("manage_all_pools", _("Can manage the pools and proposals of every format")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "format", "academic_year"],
                name="pool_entry_once_per_format_and_year",
                violation_error_message=_(
                    "This person is already in this pool for this format and academic year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=PoolStatus.INCLUDED) | Q(included_on__isnull=False),
                name="pool_entry_included_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=PoolStatus.EXCLUDED)
                | (Q(excluded_on__isnull=False) & ~Q(exclusion_reason="")),
                name="pool_entry_excluded_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.format}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def needs_student_council_opinion(self) -> bool:
        """Students enter the bases of every format taking into account the opinion of the
        student council (Комплекс мер 2.1.1, 2.2.1): the decision including them records it."""
        return self.person.kind == PersonKind.STUDENT
