"""A subject's data on request (152-ФЗ, article 14): the curator or the director gives a
person every record the app holds on them, as a PDF or an XLSX. Each one given is written in
the access log."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest
from core.pdf import pdf_response
from core.roles import VIEW_SPECIAL_CATEGORY
from core.spreadsheets import xlsx_response
from registry.accesslog import record_access
from registry.models import PERSON_DETAILS, AccessAction, Person
from registry.subjectdata.document import subject_filename, subject_pdf, subject_sheets
from registry.subjectdata.selectors import subject_sections


def _get_subject(user: User, pk: int) -> Person:
    """The person, as their concrete kind, if the user may see them; 404 otherwise."""
    people = Person.objects.visible_to(user).select_related(
        *PERSON_DETAILS, "student__group__specialty", "user"
    )
    return get_object_or_404(people, pk=pk).concrete


@require_GET
@permission_required(VIEW_SPECIAL_CATEGORY, raise_exception=True)
def subject_data_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _get_subject(request.user, pk)
    pdf = subject_pdf(person, subject_sections(person), request=request)
    record_access(
        request,
        action=AccessAction.PRINT,
        what=_("Personal data of the subject (PDF)"),
        people=[person],
    )
    return pdf_response(pdf, subject_filename(person, "pdf"))


@require_GET
@permission_required(VIEW_SPECIAL_CATEGORY, raise_exception=True)
def subject_data_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _get_subject(request.user, pk)
    sheets = subject_sheets(subject_sections(person))
    record_access(
        request,
        action=AccessAction.EXPORT,
        what=_("Personal data of the subject (XLSX)"),
        people=[person],
    )
    return xlsx_response(subject_filename(person, "xlsx"), *sheets)
