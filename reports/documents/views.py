"""Printed and exported documents (URLs of documents:): each checks the role, reads what the
user may see and hands it to its document module."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.dates import AcademicYear
from core.http import AuthenticatedHttpRequest
from core.pdf import pdf_response
from core.spreadsheets import xlsx_response
from pairs.mentorships.filters import MentorshipFilter, registry_filter
from pairs.mentorships.tables import in_registry_order
from pairs.models import Mentorship
from programs.access import formats_with_hidden_variants
from programs.models import ActionPlan, TrainingSession
from registry.accesslog import record_access
from registry.models import AccessAction, Incentive, IncentiveKind, Person
from reports.documents import attendance_sheet as attendance_sheet_document
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


def _registry_selection(request: AuthenticatedHttpRequest) -> MentorshipFilter:
    """The registry page's filters for the same query string.

    Filters that make no sense (a format or year that is not offered) are a 404 rather than
    the whole registry, which could be filed as the selection asked for.
    """
    filterset = registry_filter(request)
    if not filterset.is_usable:
        raise Http404
    return filterset


def _shows_special_variant(mentorship: Mentorship, hidden: set[int]) -> bool:
    variant = mentorship.variant
    return (
        variant is not None and variant.is_special_category and mentorship.format_id not in hidden
    )


def _registry_rows(
    request: AuthenticatedHttpRequest,
    filterset: MentorshipFilter,
    *,
    action: AccessAction,
    what: str,
) -> list[documents.RegistryRow]:
    """The selection's rows in the page's sort, every page. When they show an ОВЗ or
    risk-group variant, the file is logged with the mentees of those pairs."""
    hidden = formats_with_hidden_variants(request.user)
    mentorships = list(in_registry_order(request, filterset.qs))
    special: list[Person] = [
        mentee
        for mentorship in mentorships
        if _shows_special_variant(mentorship, hidden)
        for mentee in mentorship.mentees.all()
    ]
    if special:
        record_access(request, action=action, what=what, people=special)
    return documents.registry_rows(mentorships, hidden_variant_formats=hidden)


@require_GET
@permission_required("pairs.view_mentorship", raise_exception=True)
def registry_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pair registry (реестр наставнических пар) as XLSX, as far as the user sees it."""
    filterset = _registry_selection(request)
    rows = _registry_rows(
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

    It is printed while the user waits, so a selection of more than `REGISTRY_PDF_MAX_ROWS`
    pairs is refused (back to the registry, with the way to narrow it or take the XLSX)
    rather than holding a server worker for minutes.
    """
    filterset = _registry_selection(request)
    count = filterset.qs.count()
    limit = settings.REGISTRY_PDF_MAX_ROWS
    if count > limit:
        messages.warning(
            request,
            ngettext(
                "The selection has %(count)s pair; a printed registry holds at most %(limit)s. "
                "Narrow it with the filters (academic year, format, status) or download the XLSX.",
                "The selection has %(count)s pairs; a printed registry holds at most %(limit)s. "
                "Narrow it with the filters (academic year, format, status) or download the XLSX.",
                count,
            )
            % {"count": count, "limit": limit},
        )
        return redirect(f"{reverse('mentorships:registry')}?{request.GET.urlencode()}")
    rows = _registry_rows(
        request,
        filterset,
        action=AccessAction.PRINT,
        what=_("Pair registry with health and risk-group variants (PDF)"),
    )
    pdf = documents.registry_pdf(filterset, rows, request=request)
    return pdf_response(pdf, documents.registry_filename(filterset, "pdf"))


@require_GET
@permission_required("pairs.view_personalplan", raise_exception=True)
def personal_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The personalized mentoring program (the adaptation plan for «педагог – педагог») of a
    mentorship the user sees, printed for signing."""
    mentorship = get_object_or_404(Mentorship.objects.visible_to(request.user).with_people(), pk=pk)
    pdf = personal_plan_pdf(mentorship, request=request)
    if _shows_special_variant(mentorship, formats_with_hidden_variants(request.user)):
        record_access(
            request,
            action=AccessAction.PRINT,
            what=_("Personal plan with a health or risk-group variant (PDF)"),
            people=mentorship.mentees.all(),
        )
    return pdf_response(pdf, personal_plan_filename(mentorship))
