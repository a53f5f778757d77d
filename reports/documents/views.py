"""Printed and exported documents (URLs of documents:): each checks the role, reads what the
user may see and hands it to its document module."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.dates import AcademicYear
from core.http import AuthenticatedHttpRequest
from core.pdf import pdf_response
from core.spreadsheets import xlsx_response
from pairs.mentorships.filters import MentorshipFilter
from pairs.models import Mentorship, ParticipantRole, pool_formats_visible_to
from pairs.pools.analysis import analyse_pools
from programs.access import formats_with_hidden_variants
from programs.models import ActionPlan, MentoringFormat, TrainingSession
from registry.accesslog import record_access
from registry.models import AccessAction, Incentive, IncentiveKind
from reports.background import registry as background_registry
from reports.background.services import request_document
from reports.documents import attendance_sheet as attendance_sheet_document
from reports.documents import bases, selection
from reports.documents import parents_letter as parents_letter_document
from reports.documents import plan_report as plan_report_document
from reports.documents import registry as documents
from reports.documents.personal_plan import personal_plan_filename, personal_plan_pdf


def _report_year(request: AuthenticatedHttpRequest, plan: ActionPlan) -> AcademicYear | None:
    """`?year=2023` (or 2023/2024) within the plan's period; no year is the whole period.

    Any other value is a 404 rather than a silent whole-period report that could be filed
    as the report of a year.
    """
    label = request.GET.get("year", "")
    if not label:
        return None
    year = AcademicYear.parse(label)
    if year is None or year.last_day < plan.starts_on or year.first_day > plan.ends_on:
        raise Http404
    return year


@require_GET
@permission_required("programs.view_planrun", raise_exception=True)
def plan_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan execution report (отчёт о выполнении комплекса мер) as a PDF."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    year = _report_year(request, plan)
    pdf = plan_report_document.plan_report_pdf(plan, year=year, request=request)
    return pdf_response(pdf, plan_report_document.plan_report_filename(plan, year))


def _get_parents_letter_incentive(pk: int) -> Incentive:
    """Item 6.3: a letter to the parents is an incentive of a mentor who is a student."""
    incentives = Incentive.objects.filter(
        kind=IncentiveKind.PARENTS_LETTER, mentor__student__isnull=False
    ).select_related("mentor__student__group")
    return get_object_or_404(incentives, pk=pk)


@require_GET
@permission_required("registry.view_incentive", raise_exception=True)
def parents_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The letter of thanks to a student mentor's parents (благодарственное письмо) as a PDF."""
    incentive = _get_parents_letter_incentive(pk)
    pdf = parents_letter_document.parents_letter_pdf(incentive, request=request)
    return pdf_response(pdf, f"parents-letter-{incentive.pk}.pdf")


@require_GET
@permission_required("programs.view_trainingsession", raise_exception=True)
def training_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet of a mentor training (лист регистрации), printed for signing."""
    session = get_object_or_404(TrainingSession, pk=pk)
    pdf = attendance_sheet_document.attendance_sheet_pdf(session, request=request)
    return pdf_response(pdf, attendance_sheet_document.attendance_sheet_filename(session))


# --- The pair registry: XLSX and PDF of the registry page's filters --------------------------


def _in_background(
    request: AuthenticatedHttpRequest,
    filterset: MentorshipFilter,
    kind: str,
    extension: str,
    *,
    count: int,
) -> HttpResponse | None:
    """A selection of more than `DOCUMENTS_AT_ONCE_MAX_ROWS` pairs (`count`) is prepared in
    the background: the answer is the document's page, where it shows its progress and, once
    ready, its file. A smaller one is made while the user waits (None)."""
    if count <= settings.DOCUMENTS_AT_ONCE_MAX_ROWS:
        return None
    job = request_document(
        user=request.user,
        kind=kind,
        params=background_registry.registry_params(request),
        title=background_registry.registry_title(filterset, extension),
    )
    return redirect("documents-bg:job", pk=job.pk)


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pair registry (реестр наставнических пар) as XLSX, as far as the user sees it."""
    filterset = selection.registry_selection(request)
    count = filterset.qs.count()
    later = _in_background(
        request, filterset, background_registry.REGISTRY_XLSX, "XLSX", count=count
    )
    if later is not None:
        return later
    rows = selection.registry_rows(
        request,
        filterset,
        action=AccessAction.EXPORT,
        what=_("Pair registry with health and risk-group variants (XLSX)"),
    )
    return xlsx_response(
        documents.registry_filename(filterset, "xlsx"), documents.registry_sheet(rows)
    )


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pair registry printed: A4 landscape with signature lines, as far as the user sees it.

    A selection of more than `DOCUMENTS_AT_ONCE_MAX_ROWS` pairs is printed in the background
    (reports/background/) rather than holding a server worker for minutes.
    """
    filterset = selection.registry_selection(request)
    count = filterset.qs.count()
    later = _in_background(request, filterset, background_registry.REGISTRY_PDF, "PDF", count=count)
    if later is not None:
        return later
    rows = selection.registry_rows(
        request,
        filterset,
        action=AccessAction.PRINT,
        what=_("Pair registry with health and risk-group variants (PDF)"),
    )
    pdf = documents.registry_pdf(filterset, rows, count=count)
    return pdf_response(pdf, documents.registry_filename(filterset, "pdf"))


@require_GET
@permission_required("pairs.view_personalplan", raise_exception=True)
def personal_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The personalized mentoring program (the adaptation plan for «педагог – педагог») of a
    mentorship the user sees, printed for signing."""
    mentorship = get_object_or_404(Mentorship.objects.visible_to(request.user).with_people(), pk=pk)
    pdf = personal_plan_pdf(mentorship, request=request)
    if selection.shows_special_variant(mentorship, formats_with_hidden_variants(request.user)):
        record_access(
            request,
            action=AccessAction.PRINT,
            what=_("Personal plan with a health or risk-group variant (PDF)"),
            people=mentorship.mentees.all(),
        )
    return pdf_response(pdf, personal_plan_filename(mentorship))


# --- The bases (базы наставников и наставляемых) and their analysis printed -----------------


def _pool_year(request: AuthenticatedHttpRequest) -> AcademicYear:
    """`?year=2025` (or 2025/2026), the current academic year without one; any other value
    is a 404 rather than a base of another year."""
    label = request.GET.get("year", "")
    if not label:
        return AcademicYear.current()
    year = AcademicYear.parse(label)
    if year is None:
        raise Http404
    return year


def _pool_format(request: AuthenticatedHttpRequest) -> MentoringFormat | None:
    """`?format=<id>`, one of the formats whose bases the user sees; none is every one."""
    value = request.GET.get("format", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(pool_formats_visible_to(request.user), pk=int(value))


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def pool_base_pdf(request: AuthenticatedHttpRequest, role: str) -> HttpResponse:
    """A base of the year (`role` mentor or mentee; one format's with `?format=`) printed, as
    far as the user sees it; logged with the people whose health or risk-group variant it
    shows, as the XLSX of the base is."""
    if role not in ParticipantRole.values:
        raise Http404
    year, format_ = _pool_year(request), _pool_format(request)
    hidden = formats_with_hidden_variants(request.user)
    entries = list(bases.base_entries(request.user, year, role, format_))
    rows = bases.base_rows(
        request.user, entries, year=year, role=role, hidden_variant_formats=hidden
    )
    title = _("Mentor pool") if role == ParticipantRole.MENTOR else _("Mentee pool")
    record_access(
        request,
        action=AccessAction.PRINT,
        what=_("%(pool)s (PDF)") % {"pool": title},
        people=[
            entry.person
            for entry in entries
            if entry.variant is not None
            and entry.variant.is_special_category
            and entry.format_id not in hidden
        ],
        count=len(entries),
    )
    pdf = bases.base_pdf(rows, year=year, role=role, format_=format_, request=request)
    return pdf_response(pdf, bases.base_filename(year, role, format_))


@require_GET
@permission_required("pairs.view_poolentry", raise_exception=True)
def pools_analysis_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The analysis of the bases of the year (plan item 2.3) printed: the sheets of its XLSX."""
    analysis = analyse_pools(user=request.user, year=_pool_year(request), limit=None)
    pdf = bases.analysis_pdf(analysis, request=request)
    return pdf_response(pdf, f"pool-analysis-{analysis.year.start_year}.pdf")
