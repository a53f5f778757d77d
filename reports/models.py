"""Monitoring of the program (Р-145, МР-42/02 приложение 2): questionnaires as data, the
yearly monitoring cycles, who answers what (assignments) and the answers.

Stage 1 (quality of the process) and stage 2 (growth: an entry and an exit questionnaire of
the same participant, compared item by item through the items' stable keys) are both
questionnaires; the SWOT per format is the curator's yearly questionnaire of four open lists.
The pages are in `reports/monitoring/`.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionnairePurpose(models.TextChoices):
    """What a questionnaire is for: who answers it, at which stage of monitoring."""

    MENTEE_PROCESS = "mentee_process", _("mentee: quality of the process")
    MENTOR_PROCESS = "mentor_process", _("mentor: quality of the process")
    CURATOR = "curator", _("curator of the program")
    SWOT = "swot", _("SWOT analysis of a format")
    MENTEE_GROWTH_ENTRY = "mentee_growth_entry", _("mentee: growth, entry")
    MENTEE_GROWTH_EXIT = "mentee_growth_exit", _("mentee: growth, exit")
    MENTOR_GROWTH_ENTRY = "mentor_growth_entry", _("mentor: growth, entry")
    MENTOR_GROWTH_EXIT = "mentor_growth_exit", _("mentor: growth, exit")
    ADAPTATION_ENTRY = "adaptation_entry", _("young teacher: adaptation, entry")
    ADAPTATION_EXIT = "adaptation_exit", _("young teacher: adaptation, exit")


class Respondent(models.TextChoices):
    MENTEE = "mentee", _("mentee")
    MENTOR = "mentor", _("mentor")
    CURATOR = "curator", _("curator")


class Questionnaire(models.Model):
    """A questionnaire (анкета). Its questions are those of its current version; a version
    that has answers is never changed, an edit then makes a new one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=30, choices=QuestionnairePurpose.choices)
    respondent = models.CharField(_("who answers"), max_length=10, choices=Respondent.choices)
    stage = models.PositiveSmallIntegerField(
        _("stage of monitoring"), choices=[(1, _("stage 1")), (2, _("stage 2"))]
    )
    # Where the wording comes from: «МР-42/02, приложение 2» or «разработано в ОО».
    source = models.CharField(_("source"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # The formats (programs.FormatCode) the questionnaire is for; empty: every format.
    format_codes = models.JSONField(_("formats"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["position", "id"]
        permissions = [
            # Shares, means and response rates; an aggregate of fewer than 5 answers is
            # hidden from those who do not also see the answers themselves.
            ("view_monitoring_results", _("Can see the results of monitoring")),
            # Each respondent's answers and the open answers (scoped to the led formats for
            # a format lead); a mentor never sees the mentee's.
            ("view_individual_answers", _("Can see individual answers to questionnaires")),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(models.Model):
    """The questions of a questionnaire as they were asked; answers point to one."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(is_current=True),
                name="questionnaire_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} (v{self.number})"


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("scale 1–10")
    YES_NO = "yes_no", _("yes or no")
    SINGLE = "single", _("one choice")
    MULTIPLE = "multiple", _("several choices")
    NUMBER = "number", _("number")
    TEXT = "text", _("open answer")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")
    NONE = "none", _("neither")


class QuestionTag(models.TextChoices):
    """What indicators count an item by (issue: satisfaction, continue, become a mentor…)."""

    NONE = "", _("no tag")
    SATISFACTION = "satisfaction", _("satisfaction")
    COMFORT = "comfort", _("comfort of communication")
    USEFULNESS = "usefulness", _("usefulness of meetings")
    CLARITY = "clarity", _("clarity of the program's tasks")
    EXPECTATIONS = "expectations", _("expectations met")
    MEETING_FREQUENCY = "meeting_frequency", _("how often they met")
    LIKED = "liked", _("liked taking part")
    CONTINUE = "continue", _("ready to continue")
    BECOME_MENTOR = "become_mentor", _("wants to become a mentor")
    GROWTH = "growth", _("growth (compared entry to exit)")
    STAY = "stay", _("plans to stay at the college")
    GRADE_AVERAGE = "grade_average", _("grade average")


class Question(models.Model):
    """One item of a questionnaire version, in a section."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.CharField(_("section"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    # Stable across versions, and the same on an entry item and its exit item.
    key = models.SlugField(_("key"), max_length=60)
    text = models.TextField(_("question"))
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=True)
    # The options of a single or multiple choice, in order.
    choices = models.JSONField(_("options"), default=list, blank=True)
    min_value = models.DecimalField(
        _("smallest number"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.NONE
    )
    tag = models.CharField(
        _("tag"), max_length=30, choices=QuestionTag.choices, blank=True, default=QuestionTag.NONE
    )
    # Entered by staff, not by the respondent (a grade average).
    staff_only = models.BooleanField(_("entered by staff"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class CycleStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("monitoring cycle", "open")
    CLOSED = "closed", _("closed")


class MonitoringCycle(models.Model):
    """Monitoring of one academic year: its assignments are answered until it closes."""

    academic_year = models.PositiveSmallIntegerField(_("academic year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    closes_on = models.DateField(_("answers accepted until"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring cycle")
        verbose_name_plural = _("monitoring cycles")
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}"


class Wave(models.TextChoices):
    ENTRY = "entry", _("entry")
    MIDYEAR = "midyear", _("mid-year")
    FINAL = "final", _("end of year")
    EXIT = "exit", _("exit")
    YEARLY = "yearly", _("yearly")


class AssignmentState(models.TextChoices):
    ISSUED = "issued", _("issued")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined")


class DeclineReason(models.TextChoices):
    NO_CONSENT = "no_consent", _("no consent")
    REFUSED = "refused", _("refused to answer")
    UNREACHABLE = "unreachable", _("could not be reached")
    OTHER = "other", _("another reason")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Assignment(models.Model):
    """Who answers which questionnaire, for which mentorship, in which wave, by when.

    A participant's assignment names the person and the mentorship; the curator's yearly
    questionnaire names neither, a SWOT names its format. The personal link of a respondent
    without a login is `token`, good once, until the cycle closes."""

    cycle = models.ForeignKey(
        MonitoringCycle,
        verbose_name=_("monitoring cycle"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    wave = models.CharField(_("wave"), max_length=10, choices=Wave.choices)
    mentorship = models.ForeignKey(
        "pairs.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    format = models.ForeignKey(
        "programs.MentoringFormat",
        verbose_name=_("format"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    due_on = models.DateField(_("answer by"))
    state = models.CharField(
        _("state"), max_length=10, choices=AssignmentState.choices, default=AssignmentState.ISSUED
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_comment = models.TextField(_("comment"), blank=True)
    token = models.CharField(_("personal link"), max_length=64, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("questionnaire assignment")
        verbose_name_plural = _("questionnaire assignments")
        ordering = ["cycle", "due_on", "id"]
        constraints = [
            # A participant is asked once per questionnaire, wave and mentorship.
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "wave", "mentorship", "person"],
                condition=Q(person__isnull=False),
                name="assignment_participant_once",
            ),
            # The curator's questionnaire once a year; a SWOT once a year per format.
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "wave", "format"],
                condition=Q(person__isnull=True, format__isnull=False),
                name="assignment_format_once",
            ),
            models.UniqueConstraint(
                fields=["cycle", "questionnaire", "wave"],
                condition=Q(person__isnull=True, format__isnull=True),
                name="assignment_yearly_once",
            ),
            models.CheckConstraint(
                condition=Q(state="declined") | Q(decline_reason=""),
                name="assignment_reason_only_when_declined",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "wave", "state"], name="assignment_wave_idx")]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.get_wave_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new assignment gets its personal link (bulk_create callers set it themselves).
        if not self.token:
            self.token = new_token()
        super().save(*args, **kwargs)


class AnswerChannel(models.TextChoices):
    LINK = "link", _("personal link")
    APP = "app", _("in the app")
    PAPER = "paper", _("paper questionnaire")


class Response(models.Model):
    """A filled questionnaire: the answers to the version it was given on."""

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="response",
    )
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    channel = models.CharField(_("answered through"), max_length=10, choices=AnswerChannel.choices)
    # A staff questionnaire (SWOT, the curator's) may be saved as a draft before it is final.
    is_draft = models.BooleanField(_("draft"), default=False)
    submitted_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Who entered it in the app (a paper questionnaire: the curator or the lead who typed it).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    paper_dated = models.DateField(_("date on the paper"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["-submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="paper", paper_dated__isnull=False)
                | (~Q(channel="paper") & Q(paper_dated__isnull=True)),
                name="response_paper_dated_only_on_paper",
            ),
        ]

    def __str__(self) -> str:
        return str(self.assignment)


class Answer(models.Model):
    """The answer to one question: a number (scale, yes = 1 / no = 0, number, the index of a
    single choice), a text, or the indexes of several choices."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    number = models.DecimalField(_("number"), max_digits=8, decimal_places=2, null=True)
    text = models.TextField(_("text"), blank=True)
    selected = models.JSONField(_("options chosen"), default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or self.number}"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being prepared")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("storage period expired")


class DocumentJob(models.Model):
    """A document prepared in the background (reports/background/): what was asked, by whom,
    its progress, and the file once it is ready, until it expires. The same request of the
    same user while one is queued, running or ready is that one, not a second render."""

    kind = models.CharField(_("document"), max_length=40)
    # What the document is of (filters, year, …), as the view passed it; with `kind` and the
    # user it identifies the request.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="document_jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("in all"), default=0)
    # The unit of `done` and `total`: rows or pages.
    unit = models.CharField(_("unit"), max_length=10, default="rows")
    task_id = models.CharField(max_length=100, blank=True, editable=False)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("document in preparation")
        verbose_name_plural = _("documents in preparation")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "fingerprint"], name="document_job_request_idx")
        ]
        constraints = [
            # The same request is prepared once at a time.
            models.UniqueConstraint(
                fields=["requested_by", "kind", "fingerprint"],
                condition=Q(status__in=["queued", "running"]),
                name="document_job_once_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(status="done", expires_at__isnull=False) | ~Q(status="done"),
                name="document_job_done_expires",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def in_progress(self) -> bool:
        return self.status in {DocumentStatus.QUEUED, DocumentStatus.RUNNING}

    def is_available(self, now: datetime.datetime | None = None) -> bool:
        """Whether its file may be downloaded: ready and not past its storage period."""
        now = now or timezone.now()
        return (
            self.status == DocumentStatus.DONE
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > now
        )

    def has_expired(self, now: datetime.datetime | None = None) -> bool:
        """Past its storage period, whether `expire_documents` has deleted the file yet."""
        now = now or timezone.now()
        return self.status == DocumentStatus.EXPIRED or (
            self.status == DocumentStatus.DONE
            and self.expires_at is not None
            and self.expires_at <= now
        )


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to the director")
    RETURNED = "returned", _("returned for revision")
    APPROVED = "approved", _("approved")


class MonitoringReport(models.Model):
    """The yearly report on monitoring (reports/monitoring/report/): the curator writes the
    conclusions and recommendations and submits it, the director approves it or returns it
    with a comment. Submitting freezes the indicators as `IndicatorSnapshot`s; an approved
    report is read-only and keeps its PDF and XLSX as they were approved."""

    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), unique=True, help_text=_("The year the academic year starts in.")
    )
    reference_date = models.DateField(_("reference date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # The director's comment of the last return (or of the approval).
    director_comment = models.TextField(_("director's comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Stored when the director approves it, as approved.
    pdf = models.FileField(_("PDF"), upload_to="monitoring_reports/", blank=True)
    xlsx = models.FileField(_("XLSX for the region"), upload_to="monitoring_reports/", blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-academic_year"]
        permissions = [
            # The director's: approve a submitted report or return it with a comment.
            ("decide_monitoringreport", _("Can approve or return the monitoring report")),
        ]

    def __str__(self) -> str:
        return str(_("Monitoring report %(year)s") % {"year": self.year_label})

    @property
    def year_label(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}"

    @property
    def is_editable(self) -> bool:
        return self.status in {ReportStatus.DRAFT, ReportStatus.RETURNED}


class ReportAction(models.TextChoices):
    CREATED = "created", _("created")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    AMENDED = "amended", _("amended")


class MonitoringReportEvent(models.Model):
    """The history of a report: who did what and when."""

    report = models.ForeignKey(
        MonitoringReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=10, choices=ReportAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("monitoring report event")
        verbose_name_plural = _("monitoring report events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_action_display()}"


class IndicatorSnapshot(models.Model):
    """An indicator's value frozen on a reference date: taken when a report is submitted (and
    again when it is resubmitted), since a past date cannot be recomputed once people's
    statuses change. The dashboard shows these for past years."""

    report = models.ForeignKey(
        MonitoringReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="snapshots",
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    reference_date = models.DateField(_("reference date"))
    indicator = models.ForeignKey(
        "programs.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    numerator = models.DecimalField(
        _("numerator"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=7, decimal_places=2, null=True, blank=True)
    # People left out of both sides (no birth date, …).
    excluded = models.PositiveIntegerField(_("left out"), default=0)
    # Per format, per kind, per questionnaire, …: as the indicator's computation gave it.
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["academic_year", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="indicator_snapshot_once_per_report"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "academic_year"], name="indicator_snapshot_year_idx")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.academic_year}/{self.academic_year + 1})"
