"""The personal plan of a mentorship as a PDF (URLs of plan-documents:)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from pairs.models import Mentorship
from reports.personal_plan import personal_plan_filename, personal_plan_pdf
from reports.views import pdf_response


@require_GET
@permission_required("pairs.view_personalplan", raise_exception=True)
def personal_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The personalized mentoring program (the adaptation plan for «педагог – педагог») of a
    mentorship the user sees, printed for signing."""
    mentorship = get_object_or_404(Mentorship.objects.visible_to(request.user).with_people(), pk=pk)
    pdf = personal_plan_pdf(mentorship, request=request)
    return pdf_response(pdf, personal_plan_filename(mentorship))
