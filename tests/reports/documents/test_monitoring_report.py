"""The monitoring report's PDF (every section, even empty; no mentee's name; the trend
charts) and the region's XLSX (its fixed layout, cell for cell; small counts hidden)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pairs.models import MentorshipStatus
from programs.models import Indicator, IndicatorUnit, MentoringFormat, Organization
from registry.models import PartnerKind, PersonKind
from reports.documents.monitoring_regional import HIDDEN, hide, monitoring_regional_xlsx
from reports.documents.monitoring_report import SECTION_HEADINGS, monitoring_report_pdf
from reports.models import IndicatorSnapshot, MonitoringReport, ReportStatus
from reports.monitoring.report.content import report_content
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, format_of
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 5, 31)


def report(**fields: object) -> MonitoringReport:
    defaults: dict[str, object] = {"academic_year": 2023, "reference_date": DAY}
    return MonitoringReport.objects.create(**{**defaults, **fields})


def test_every_section_is_printed_even_with_no_data() -> None:
    text = pdf_text(monitoring_report_pdf(report()))

    for number, heading in enumerate(SECTION_HEADINGS, start=1):
        assert f"{number}. {heading}" in text
    assert text.count(_("no data")) >= 10
    assert "2023/2024" in text
    assert "31.05.2024" in text
    assert "147" in text and "Р-145" in text


def test_no_mentee_is_named_and_pairs_are_counted_by_format(
    quick_report_charts: list[str],
) -> None:
    """(A chart holds no name: the indicators' titles and values only.)"""
    mentee = StudentFactory(last_name="Секретова", first_name="Алиса")
    for _index in range(2):
        MentorshipFactory(
            format=format_of("student_student"),
            mentors=[StudentFactory(last_name="Наставникова")],
            mentees=[mentee],
            started_on=dt.date(2023, 10, 1),
            status=MentorshipStatus.ACTIVE,
        )
    content = report_content(report(conclusions="Всё в порядке."))

    row = next(r for r in content.formats if r.format.code == "student_student")
    assert (row.running, row.new, row.completed, row.ended_early) == (2, 2, 0, 0)
    assert content.participants == {"mentorships": 2, "mentees": 1, "mentors": 2}
    text = pdf_text(monitoring_report_pdf(content.report, content=content))
    assert "Секретова" not in text and "Наставникова" not in text
    assert "Всё в порядке." in text
    assert len(quick_report_charts) == Indicator.objects.count()


def test_an_approved_report_prints_its_frozen_values_and_the_trend_of_past_years(
    director: User,
) -> None:
    indicator = Indicator.objects.get(code="student_mentors")
    past = report(academic_year=2022, reference_date=dt.date(2023, 8, 31))
    IndicatorSnapshot.objects.create(
        report=past,
        academic_year=2022,
        reference_date=past.reference_date,
        indicator=indicator,
        numerator=Decimal(4),
        denominator=Decimal(100),
        value=Decimal("4.0"),
    )
    current = report(
        status=ReportStatus.APPROVED,
        decided_by=director,
        decided_at=dt.datetime(2024, 6, 10, 10, tzinfo=dt.UTC),
    )
    IndicatorSnapshot.objects.create(
        report=current,
        academic_year=2023,
        reference_date=DAY,
        indicator=indicator,
        numerator=Decimal(7),
        denominator=Decimal(100),
        value=Decimal("7.0"),
        target=Decimal(10),
    )
    content = report_content(current)

    (row,) = content.indicators
    assert content.frozen
    assert row.trend == [("2022/2023", Decimal("4.0")), ("2023/2024", Decimal("7.0"))]
    assert row.deviation == Decimal("-3.0")
    text = pdf_text(monitoring_report_pdf(current, content=content))
    assert "10.06.2024" in text
    assert indicator.title in text
    # The trend chart's axis names the past year, which nothing else in the report does.
    assert "2022/2023" in text


# --- The region's XLSX ---------------------------------------------------------------------


def cells(sheet: object) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_small_counts_are_hidden_zero_is_not() -> None:
    assert [hide(0), hide(1), hide(4), hide(5), hide(Decimal("12"))] == [0, HIDDEN, HIDDEN, 5, 12]


def test_the_regional_layout_cell_for_cell() -> None:
    organization = Organization.load()
    organization.full_name = "КГБПОУ ЧГТТ"
    organization.curator_name = "Васильев Андрей Сергеевич"
    organization.save()
    mentee = StudentFactory(last_name="Секретова")
    for _index in range(6):
        MentorshipFactory(
            format=format_of("teacher_teacher"),
            mentors=[TeacherFactory(last_name="Учителев")],
            mentees=[mentee],
            started_on=dt.date(2023, 10, 1),
        )
    MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory()],
        mentees=[mentee],
        started_on=dt.date(2023, 10, 1),
    )
    the_report = report()
    workbook = load_workbook(io.BytesIO(monitoring_regional_xlsx(the_report)))

    assert workbook.sheetnames == [
        _("Title"),
        _("Indicators"),
        _("Formats"),
        _("Mentors"),
        _("Partners"),
        _("Response rates"),
        _("Questionnaire items"),
        _("SWOT"),
    ]
    assert cells(workbook[_("Title")]) == [
        [_("Field"), _("Value")],
        [_("Region"), organization.locality or None],
        [_("Organization"), "КГБПОУ ЧГТТ"],
        [_("Academic year"), "2023/2024"],
        [_("Reference date"), dt.datetime(2024, 5, 31)],  # noqa: DTZ001 - as openpyxl reads it
        [_("Program curator"), "Васильев Андрей Сергеевич"],
        [_("Status"), str(ReportStatus.DRAFT.label)],
    ]
    indicators = cells(workbook[_("Indicators")])
    assert indicators[0] == [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Numerator"),
        _("Denominator"),
        _("Value"),
        _("Target"),
    ]
    assert [row[0] for row in indicators[1:]] == list(
        Indicator.objects.order_by("position", "id").values_list("code", flat=True)
    )
    running = next(row for row in indicators if row[0] == "mentorships_running")
    assert running[2] == str(IndicatorUnit.COUNT.label)
    assert running[3] == 7 and running[5] == 7
    formats = cells(workbook[_("Formats")])
    assert formats[0] == [
        _("Code"),
        _("Format"),
        _("Running"),
        _("Groups"),
        _("New"),
        _("Completed"),
        _("Ended early"),
        _("With a meeting lately"),
    ]
    expected_codes = list(MentoringFormat.objects.order_by("position", "id").values_list("code"))
    assert [(row[0],) for row in formats[1:]] == expected_codes
    by_code = {row[0]: row for row in formats[1:]}
    # No meeting logged: none has met lately.
    assert by_code["teacher_teacher"][2:] == [6, 0, 6, 0, 0, 0]
    assert by_code["student_student"][2:] == [HIDDEN, 0, HIDDEN, 0, 0, 0]
    mentors = cells(workbook[_("Mentors")])
    assert mentors == [
        [_("Code"), _("Kind"), _("Total"), _("With a mentor training"), _("Encouraged")],
        [PersonKind.STUDENT.value, str(PersonKind.STUDENT.label), HIDDEN, 0, 0],
        [PersonKind.TEACHER.value, str(PersonKind.TEACHER.label), 6, 0, 0],
        [PersonKind.PARTNER_EMPLOYEE.value, str(PersonKind.PARTNER_EMPLOYEE.label), 0, 0, 0],
    ]
    assert cells(workbook[_("Partners")]) == [
        [_("Code"), _("Kind"), _("With an agreement"), _("Gives mentors")],
        *([kind.value, str(kind.label), 0, 0] for kind in PartnerKind),
    ]
    assert cells(workbook[_("Response rates")]) == [
        [_("Questionnaire"), _("Wave"), _("Issued"), _("Answered"), _("Response rate")]
    ]
    assert cells(workbook[_("Questionnaire items")]) == [
        [_("Questionnaire"), _("Item"), _("Answers"), _("Mean or share of «yes»")]
    ]
    swot = cells(workbook[_("SWOT")])
    assert swot[0] == [
        _("Code"),
        _("Format"),
        _("Strengths"),
        _("Weaknesses"),
        _("Opportunities"),
        _("Threats"),
    ]
    assert [row[0] for row in swot[1:]] == [code for (code,) in expected_codes]
    assert all(row[2:] == [None, None, None, None] for row in swot[1:])
    text = " ".join(str(value) for sheet in workbook for row in cells(sheet) for value in row)
    assert "Секретова" not in text and "Учителев" not in text
