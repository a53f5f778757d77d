"""The program framework: the organization, the five formats of the Положение and their variants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organization")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="organization_is_singleton"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.full_name or str(_("Organization"))

    @classmethod
    def load(cls) -> Organization:
        organization, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return organization

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

    def led_by(self, user: User) -> MentoringFormatQuerySet:
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
