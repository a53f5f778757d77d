"""The program framework: the organization, the five formats of the Положение and their variants."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_stubs_ext import StrPromise


class Organization(models.Model):
    """The one educational organization this site serves; its details go into every print."""

    SINGLETON_ID = 1

    full_name = models.CharField(_("full name"), max_length=500, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    director_name = models.CharField(_("director"), max_length=200, blank=True)
    curator_name = models.CharField(_("program curator"), max_length=200, blank=True)
    curator_position = models.CharField(
        _("curator's position"),
        max_length=300,
        blank=True,
        default=_("deputy director for vocational training"),
    )
    silent_after_weeks = models.PositiveSmallIntegerField(
        _("silent after, weeks"),
        default=4,
        help_text=_(
            "An active mentorship with no meeting for this many weeks is flagged as silent."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organization")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="organization_is_singleton"),
            models.CheckConstraint(
                condition=Q(silent_after_weeks__gte=1) & Q(silent_after_weeks__lte=52),
                name="organization_silent_after_1_to_52_weeks",
                violation_error_message=_("Give a number of weeks from 1 to 52."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.full_name or str(_("Organization"))

    @classmethod
    def load(cls) -> Organization:
        organization, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return organization

    def silent_since(self, today: dt.date) -> dt.date:
        """A mentorship with no meeting on or after this day is silent."""
        return today - dt.timedelta(weeks=self.silent_after_weeks)

    @property
    def is_filled(self) -> bool:
        return bool(self.full_name and self.short_name and self.director_name)


class FormatCode(models.TextChoices):
    STUDENT_STUDENT = "student_student", _("student – student")
    TEACHER_TEACHER = "teacher_teacher", _("teacher – teacher")
    TEACHER_STUDENT = "teacher_student", _("teacher – student")
    STUDENT_PUPIL = "student_pupil", _("student – pupil")
    EMPLOYER_STUDENT = "employer_student", _("employer – student")


class MentoringFormatQuerySet(models.QuerySet["MentoringFormat"]):
    def with_active_counts(self) -> MentoringFormatQuerySet:
        return self.annotate(
            active_count=Count("mentorships", filter=Q(mentorships__status="active"))
        )

    def led_by(self, user: User | AnonymousUser) -> MentoringFormatQuerySet:
        """The formats the user is assigned to lead (none for an anonymous user)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(leads=user)


class MentoringFormat(models.Model):
    """A форма наставничества, as section 3 of the Положение describes it.

    The texts are editable; the code is fixed, because the per-format rules key on it.
    """

    code = models.CharField(_("code"), max_length=32, choices=FormatCode.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    section = models.CharField(_("section of the regulation"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("One task per line."))
    mentor_requirements = models.TextField(_("who may be a mentor"), blank=True)
    mentee_requirements = models.TextField(_("who may be a mentee"), blank=True)
    implementation = models.TextField(_("how the work is carried out"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    decision_rule = models.TextField(_("who decides on pairs"), blank=True)
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("format leads"),
        related_name="led_formats",
        blank=True,
    )

    objects = MentoringFormatQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring format")
        verbose_name_plural = _("mentoring formats")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def task_list(self) -> list[str]:
        return _lines(self.tasks)


class FormatVariant(models.Model):
    """A вариация модели inside a format, e.g. «педагог – студент с ОВЗ»."""

    format = models.ForeignKey(
        MentoringFormat,
        verbose_name=_("format"),
        on_delete=models.CASCADE,
        related_name="variants",
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    section = models.CharField(_("section of the regulation"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("One task per line."))
    mentor_requirements = models.TextField(_("who may be a mentor"), blank=True)
    mentee_requirements = models.TextField(_("who may be a mentee"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    is_special_category = models.BooleanField(
        _("reveals special-category data"),
        default=False,
        help_text=_("The variant tells health or risk-group status; it is masked for other roles."),
    )
    requires_disability_course = models.BooleanField(
        _("mentor needs the disability-teaching course"), default=False
    )

    class Meta:
        verbose_name = _("format variant")
        verbose_name_plural = _("format variants")
        ordering = ["format__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["format", "code"], name="variant_code_unique_in_format"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def task_list(self) -> list[str]:
        return _lines(self.tasks)


def _lines(text: str) -> list[str]:
    return [line.strip(" -–;\t") for line in text.splitlines() if line.strip(" -–;\t")]


# --- The action plan (Комплекс мер) ---------------------------------------------------------


class ActionPlan(models.Model):
    """A plan of measures for a period, such as the «Комплекс мер … на 2020 – 2024 гг.»."""

    title = models.TextField(_("title"))
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    approved_by = models.CharField(_("approved by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="action_plan_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return _("Plan %(start)s – %(end)s") % {
            "start": self.starts_on.year,
            "end": self.ends_on.year,
        }


class PlanSection(models.Model):
    """A numbered heading row of the plan, with its task and expected result."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField(_("number"), max_length=10)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    title = models.TextField(_("title"))
    task = models.TextField(_("task"), blank=True)
    result = models.TextField(_("expected result"), blank=True)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class DeadlineKind(models.TextChoices):
    FIXED_MONTH = "fixed_month", _("by a month of a year")
    YEARLY_MONTH = "yearly_month", _("every year by a month")
    ON_DEMAND = "on_demand", _("as needed")
    BY_SCHEDULE = "by_schedule", _("by schedule or agreement")
    WHOLE_PERIOD = "whole_period", _("throughout the period")


class PlanItem(models.Model):
    """A row of the plan: a measure with its deadline and the people responsible.

    `deadline_text` and `responsible_text` keep the plan's own wording for printing; the
    deadline fields model it so runs and overdue items can be computed.
    """

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        PlanSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
    )
    number = models.CharField(_("number"), max_length=10, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    wording = models.TextField(_("measure"))
    deadline_kind = models.CharField(
        _("kind of deadline"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    deadline_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    deadline_year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("The year of a fixed deadline, or the first year of a yearly one."),
    )
    deadline_text = models.CharField(_("deadline as written"), max_length=300, blank=True)
    responsible_text = models.CharField(_("responsible as written"), max_length=500, blank=True)
    responsible_roles = models.ManyToManyField(
        "auth.Group", verbose_name=_("responsible roles"), related_name="plan_items", blank=True
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_month__isnull=True)
                | (Q(deadline_month__gte=1) & Q(deadline_month__lte=12)),
                name="plan_item_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=~Q(deadline_kind__in=["fixed_month", "yearly_month"])
                | Q(deadline_month__isnull=False),
                name="plan_item_month_deadline_has_month",
            ),
            models.CheckConstraint(
                condition=~Q(deadline_kind="fixed_month") | Q(deadline_year__isnull=False),
                name="plan_item_fixed_deadline_has_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.wording}".strip()

    def title_in_context(self) -> str:
        """The item as a list outside its plan names it: a sub-item («3.1.1. студентов»)
        with its parent's wording («3.1.1. Обучение наставников: студентов»). Load the
        parent with the item (`select_related("item__parent")` on runs)."""
        if self.parent is None:
            return str(self)
        parent = self.parent.wording.strip().rstrip(".:;")
        return f"{self.number} {parent}: {self.wording}".strip()


class RunStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


# The status a person sees: the stored one, or «overdue» for an open run past its due date.
DISPLAY_STATUS_LABELS: dict[str, StrPromise] = {
    "planned": _("planned"),
    "in_progress": _("in progress"),
    "done": _("done"),
    "overdue": _("overdue"),
    "cancelled": _("cancelled"),
}


# Who manages the action plan: its items, and every run of them.
MANAGE_PLAN_PERMISSION = "programs.change_planitem"


class PlanRunQuerySet(models.QuerySet["PlanRun"]):
    def open(self) -> PlanRunQuerySet:
        """Runs still to be done: neither done nor cancelled."""
        return self.exclude(status__in=[RunStatus.DONE, RunStatus.CANCELLED])

    def overdue(self, today: dt.date | None = None) -> PlanRunQuerySet:
        """Open runs whose due date has passed; a run without a due date is never overdue."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_between(self, first: dt.date, last: dt.date) -> PlanRunQuerySet:
        """Open runs due from `first` to `last`, both included."""
        return self.open().filter(due_on__gte=first, due_on__lte=last)

    def for_user(self, user: User) -> PlanRunQuerySet:
        """Runs the user answers for: by a role the item names, or as the run's own person."""
        if not user.is_authenticated:
            return self.none()
        items = PlanItem.objects.filter(responsible_roles__user=user).values("pk")
        return self.filter(Q(item__in=items) | Q(responsible=user))

    def updatable_by(self, user: User | AnonymousUser) -> PlanRunQuerySet:
        """Runs the user may mark and attach evidence to: every run for those who manage the
        plan, their own runs for those who may change runs at all."""
        if user.has_perm(MANAGE_PLAN_PERMISSION):
            return self.all()
        if user.has_perm("programs.change_planrun"):
            return self.for_user(user)  # type: ignore[arg-type]  # has a permission: logged in
        return self.none()


class PlanRun(models.Model):
    """One execution of a plan item: for an academic year, once, or when it was needed.

    «Overdue» is not stored: a run that is neither done nor cancelled is overdue once its
    due date has passed (see `is_overdue` and `PlanRunQuerySet.overdue`).
    """

    item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="runs"
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year the academic year starts in.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.PLANNED
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_runs",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("run of a plan item")
        verbose_name_plural = _("runs of plan items")
        ordering = ["item__position", "academic_year", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="plan_run_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="done") | Q(done_on__isnull=True),
                name="plan_run_date_done_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number} {self.academic_year}/{self.academic_year + 1}".strip()

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open and past its due date; `today` defaults to the local date."""
        if self.status in (RunStatus.DONE, RunStatus.CANCELLED) or self.due_on is None:
            return False
        return self.due_on < (today or timezone.localdate())

    def display_status(self, today: dt.date | None = None) -> str:
        """A key of `DISPLAY_STATUS_LABELS`: the stored status, or "overdue"."""
        return "overdue" if self.is_overdue(today) else str(self.status)


class RunEvidence(models.Model):
    """What shows a run was done: a file, a link, or a record of the site itself."""

    run = models.ForeignKey(
        PlanRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="plan-evidence/%Y/", blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url="") | Q(object_id__isnull=False),
                name="run_evidence_has_something",
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="run_evidence_record_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- Program events ---------------------------------------------------------------------


class EventKind(models.TextChoices):
    FESTIVAL = "festival", _("festival")
    CAMP = "camp", _("camp")
    CHAMPIONSHIP = "championship", _("championship")
    FORUM = "forum", _("forum")
    CONTEST = "contest", _("contest")
    PROJECT = "project", _("project")
    OTHER = "other", _("other")


class EventLevel(models.TextChoices):
    COLLEGE = "college", _("college")
    MUNICIPAL = "municipal", _("municipal")
    REGIONAL = "regional", _("regional")
    FEDERAL = "federal", _("all-Russian")
    INTERNATIONAL = "international", _("international")


class Event(models.Model):
    """A program event: Профи-трек, Школа юных горняков, a championship …"""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=EventLevel.choices, default=EventLevel.COLLEGE
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item it fulfils"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_special_category = models.BooleanField(
        _("reveals special-category data"),
        default=False,
        help_text=_(
            "Taking part tells a health status (e.g. Абилимпикс, the championship for people "
            "with disabilities): the participants are shown only to the roles that may see it."
        ),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- What the plan's rows without pairs record (Комплекс мер 3.1, the site, contests) ---------


class TrainingAudience(models.TextChoices):
    """Whom a mentor training is for: the three rows of item 3.1."""

    STUDENTS = "students", _("students")  # 3.1.1, every March
    TEACHERS = "teachers", _("teachers")  # 3.1.2, as needed
    EMPLOYERS = "employers", _("employers' staff")  # 3.1.3, as agreed with the enterprises


class TrainingSession(models.Model):
    """A training of mentors the college runs (школа наставников, a seminar): whoever attended
    gets a mentor-training record of it (registry.QualificationCourse.session)."""

    title = models.CharField(_("title"), max_length=300)
    audience = models.CharField(_("for whom"), max_length=20, choices=TrainingAudience.choices)
    held_on = models.DateField(_("date"))
    hours = models.PositiveSmallIntegerField(_("hours"))
    led_by = models.CharField(_("led by"), max_length=300)
    programme = models.TextField(_("programme"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1) & Q(hours__lte=500),
                name="training_session_hours_1_to_500",
                violation_error_message=_("A training lasts from 1 to 500 hours."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PublicationKind(models.TextChoices):
    NEWS = "news", _("news of the program")
    BEST_MENTOR = "best_mentor", _("best mentor")
    DOCUMENTS = "documents", _("program documents")  # order item 4.2


class Publication(models.Model):
    """A publication on the college's site: news of the program, a best mentor, the program's
    documents (the plan's row «Освещение хода реализации…» and order item 4.2). The mentors
    it features are `registry.Person.featured_in`."""

    published_on = models.DateField(_("published on"))
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "title", "id"]

    def __str__(self) -> str:
        return self.title


class ContestResult(models.TextChoices):
    PENDING = "pending", _("awaiting the result")
    PARTICIPANT = "participant", _("participant")
    LAUREATE = "laureate", _("laureate")
    WINNER = "winner", _("winner")


class ContestEntry(models.Model):
    """The college's own entry in a regional or all-Russian contest on organizing mentoring
    (the plan's row «Участие техникума в … конкурсах»)."""

    contest = models.CharField(_("contest"), max_length=300)
    level = models.CharField(
        _("level"), max_length=20, choices=EventLevel.choices, default=EventLevel.REGIONAL
    )
    nomination = models.CharField(_("nomination"), max_length=300, blank=True)
    practice = models.CharField(_("practice submitted"), max_length=500)
    submitted_on = models.DateField(_("submitted on"))
    result = models.CharField(
        _("result"), max_length=20, choices=ContestResult.choices, default=ContestResult.PENDING
    )
    diploma = models.FileField(_("diploma"), upload_to="contest-diplomas/%Y/", blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["-submitted_on", "contest", "id"]

    def __str__(self) -> str:
        return self.contest


# --- Indicators of the program (показатели эффективности) and their targets ----------------


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")
    MEAN_OF_10 = "mean_of_10", _("mean score of 10")


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(models.Model):
    """A показатель эффективности of the program as data: what is counted over what, on which
    date, and which way is better. Its value is computed by the function of its `code`
    (reports/monitoring/indicators/formulas.py); its targets are per plan and year."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, choices=IndicatorUnit.choices)
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    reference = models.CharField(
        _("reference date"),
        max_length=300,
        blank=True,
        help_text=_("On which date or over which period it is counted."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER,
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    # What a new plan's years start from (IndicatorTarget); empty: no target.
    default_target = models.DecimalField(
        _("default target"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_share(self) -> bool:
        return self.unit == IndicatorUnit.PERCENT


class IndicatorTarget(models.Model):
    """The value an indicator should reach in an academic year of a plan; the curator edits
    it (the defaults come from `Indicator.default_target`)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="indicator_targets",
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year the academic year starts in.")
    )
    value = models.DecimalField(_("target"), max_digits=7, decimal_places=2)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["plan", "indicator__position", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "plan", "academic_year"],
                name="indicator_target_once_per_plan_and_year",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.academic_year}/{self.academic_year + 1})"
