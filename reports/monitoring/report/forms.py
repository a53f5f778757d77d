"""Forms of the monitoring report's pages: they read the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import AcademicYear
from core.fields import SeenField, date_input
from core.versions import row_fingerprint
from programs.models import ActionPlan
from reports.models import MonitoringReport

# How far back a report may be made when no plan says otherwise.
YEARS_BACK = 5


def report_years(today: Any = None) -> list[AcademicYear]:
    """The academic years a report may be made for, newest first: from the first plan's
    first year (at most `YEARS_BACK` years back) to the current one, those without a report."""
    current = AcademicYear.of(today or timezone.localdate())
    first = ActionPlan.objects.order_by("starts_on").values_list("starts_on", flat=True).first()
    start = max(
        AcademicYear.of(first).start_year if first else current.start_year,
        current.start_year - YEARS_BACK,
    )
    taken = set(MonitoringReport.objects.values_list("academic_year", flat=True))
    return [
        AcademicYear(year) for year in range(current.start_year, start - 1, -1) if year not in taken
    ]


class NewReportForm(forms.Form):
    academic_year = forms.TypedChoiceField(label=_("Academic year"), coerce=int)
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=date_input(),
        help_text=_("Empty: today for the current year, 31 August for a past one."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["academic_year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = [(year.start_year, year.label) for year in report_years()]


class ReportTextsForm(forms.Form):
    reference_date = forms.DateField(label=_("Reference date"), widget=date_input())
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    seen = SeenField()

    def __init__(self, *args: Any, report: MonitoringReport, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "reference_date": report.reference_date,
                "conclusions": report.conclusions,
                "recommendations": report.recommendations,
                "seen": row_fingerprint(report),
            },
        )
        super().__init__(*args, **kwargs)


class StepForm(forms.Form):
    """A step of the workflow confirmed on the report as the user saw it."""

    seen = SeenField()

    def __init__(self, *args: Any, report: MonitoringReport, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("seen", row_fingerprint(report))
        super().__init__(*args, **kwargs)


class ReturnForm(StepForm):
    comment = forms.CharField(
        label=_("What is to be corrected"), widget=forms.Textarea(attrs={"rows": 5})
    )


class ApproveForm(StepForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
