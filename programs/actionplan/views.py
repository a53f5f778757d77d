"""Pages of the action plan: the plan by section and year, its runs, evidence, own items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.dates import AcademicYear
from core.fields import seen_of
from core.formtools import refuse
from core.http import AuthenticatedHttpRequest
from core.versions import save_unless_stale
from programs.actionplan.evidence import kind_of, record_url
from programs.actionplan.forms import (
    ActionPlanForm,
    CountForRunForm,
    EvidenceForm,
    OnDemandRunForm,
    PlanItemForm,
    PlanSectionForm,
    RunForm,
    RunProgressForm,
)
from programs.actionplan.selectors import MANAGE_PLAN, runs_to_count
from programs.actionplan.services import (
    attach_record,
    create_default_targets,
    create_runs,
    record_run,
)
from programs.models import (
    ActionPlan,
    DeadlineKind,
    PlanItem,
    PlanRun,
    PlanSection,
    RunEvidence,
)


def _can_update(request: AuthenticatedHttpRequest, run: PlanRun) -> bool:
    return PlanRun.objects.updatable_by(request.user).filter(pk=run.pk).exists()


def _get_run(pk: int) -> PlanRun:
    queryset = PlanRun.objects.select_related(
        "item__plan", "item__section", "item__parent", "responsible"
    )
    return get_object_or_404(queryset, pk=pk)


def _evidence(run: PlanRun) -> list[tuple[RunEvidence, Model | None, str | None]]:
    """The run's evidence, each with the site record it points to (None if it is gone) and
    that record's page (None if its kind has no page)."""
    found: list[tuple[RunEvidence, Model | None, str | None]] = []
    for evidence in run.evidence.select_related("content_type", "created_by"):
        record = None
        if evidence.content_type is not None:
            model = evidence.content_type.model_class()
            if model is not None:
                record = model._default_manager.filter(pk=evidence.object_id).first()
        found.append((evidence, record, record_url(record) if record is not None else None))
    return found


def _plan_years(plan: ActionPlan) -> list[AcademicYear]:
    first, last = AcademicYear.of(plan.starts_on), AcademicYear.of(plan.ends_on)
    return [AcademicYear(year) for year in range(first.start_year, last.start_year + 1)]


@require_GET
@permission_required("programs.view_actionplan", raise_exception=True)
def plan_current(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The plan in force today, or else the latest one."""
    today = timezone.localdate()
    plan = (
        ActionPlan.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or ActionPlan.objects.order_by("-starts_on").first()
    )
    if plan is None:
        return render(request, "programs/actionplan/plan_empty.html", {})
    return redirect("actionplan:plan-detail", pk=plan.pk)


@require_GET
@permission_required("programs.view_actionplan", raise_exception=True)
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan as a table: sections, their items, and each item's runs per academic year."""
    items = PlanItem.objects.prefetch_related(
        Prefetch("runs", queryset=PlanRun.objects.order_by("due_on", "id"))
    ).order_by("position", "id")
    sections = PlanSection.objects.prefetch_related(Prefetch("items", queryset=items))
    plan = get_object_or_404(
        ActionPlan.objects.prefetch_related(Prefetch("sections", queryset=sections)), pk=pk
    )
    years = _plan_years(plan)
    today = timezone.localdate()
    rows = []
    for section in plan.sections.all():
        section_rows = []
        for item in section.items.all():
            by_year: dict[int, list[PlanRun]] = {year.start_year: [] for year in years}
            for run in item.runs.all():
                by_year.setdefault(run.academic_year, []).append(run)
            section_rows.append({"item": item, "years": [by_year[y.start_year] for y in years]})
        rows.append({"section": section, "items": section_rows})
    context = {
        "plan": plan,
        "plans": ActionPlan.objects.order_by("-starts_on"),
        "years": years,
        "rows": rows,
        "today": today,
        "can_manage": request.user.has_perm(MANAGE_PLAN),
    }
    return render(request, "programs/actionplan/plan_detail.html", context)


@require_GET
@permission_required("programs.view_planrun", raise_exception=True)
def my_runs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The runs the user answers for: by role or by name; open ones first."""
    today = timezone.localdate()
    open_runs = list(
        PlanRun.objects.for_user(request.user)
        .open()
        .select_related("item__plan", "item__parent", "responsible")
        .order_by("due_on", "item__position")
    )
    context = {"open_runs": open_runs, "today": today}
    return render(request, "programs/actionplan/plan_mine.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("programs.view_planrun", raise_exception=True)
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A run: its state (editable by the curator and the people responsible) and evidence."""
    run = _get_run(pk)
    can_update = _can_update(request, run)
    # The people responsible report progress; only the curator moves dates or reassigns.
    form_class = RunForm if request.user.has_perm(MANAGE_PLAN) else RunProgressForm
    form = form_class(instance=run)
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        form = form_class(request.POST, instance=run)
        if form.is_valid():
            try:
                save_unless_stale(form, seen=seen_of(form), what=_("the run of the plan"))
            except ValidationError as refusal:
                refuse(form, refusal)
            else:
                messages.success(request, _("The run is saved."))
                return redirect("actionplan:run-detail", pk=run.pk)
    context = {
        "run": run,
        "form": form,
        "can_update": can_update,
        "evidence": _evidence(run),
        "evidence_form": EvidenceForm(),
        "today": timezone.localdate(),
    }
    return render(request, "programs/actionplan/plan_run.html", context)


@require_POST
@permission_required("programs.add_runevidence", raise_exception=True)
def evidence_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = _get_run(pk)
    if not _can_update(request, run):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        record = form.cleaned_data["record"]
        RunEvidence.objects.create(
            run=run,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"] or "",
            url=form.cleaned_data["url"],
            content_type=record[0] if record else None,
            object_id=record[1] if record else None,
            created_by=request.user,  # type: ignore[misc]  # logged in: the middleware
        )
        messages.success(request, _("The evidence is attached."))
        return redirect("actionplan:run-detail", pk=run.pk)
    form_class = RunForm if request.user.has_perm(MANAGE_PLAN) else RunProgressForm
    context = {
        "run": run,
        "form": form_class(instance=run),
        "can_update": True,
        "evidence": _evidence(run),
        "evidence_form": form,
        "today": timezone.localdate(),
    }
    return render(request, "programs/actionplan/plan_run.html", context, status=400)


@require_http_methods(["GET", "POST"])
@permission_required("programs.delete_runevidence", raise_exception=True)
def evidence_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(RunEvidence.objects.select_related("run__item"), pk=pk)
    if request.method == "POST":
        run_pk = evidence.run_id
        file = evidence.file
        with transaction.atomic():
            evidence.delete()
            if file:
                # The file goes only once the row is gone for good.
                transaction.on_commit(lambda: file.storage.delete(file.name))
        messages.success(request, _("The evidence is removed."))
        return redirect("actionplan:run-detail", pk=run_pk)
    return render(request, "programs/actionplan/plan_evidence_delete.html", {"evidence": evidence})


@require_http_methods(["GET", "POST"])
@permission_required("programs.change_planrun", raise_exception=True)
def run_record(request: AuthenticatedHttpRequest, item_pk: int) -> HttpResponse:
    """Records a run of an on-demand item («по мере необходимости»)."""
    item = get_object_or_404(PlanItem.objects.select_related("plan", "parent"), pk=item_pk)
    if item.deadline_kind != DeadlineKind.ON_DEMAND:
        raise PermissionDenied
    allowed = (
        request.user.has_perm(MANAGE_PLAN)
        or item.responsible_roles.filter(user=request.user.pk).exists()
    )
    if not allowed:
        raise PermissionDenied
    form = OnDemandRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = record_run(
                item=item,
                due_on=form.cleaned_data["due_on"],
                responsible=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The run is recorded."))
            return redirect("actionplan:run-detail", pk=run.pk)
    return render(request, "programs/actionplan/plan_run_record.html", {"item": item, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_actionplan", raise_exception=True)
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ActionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = form.save()
            create_default_targets(plan)
        messages.success(request, _("The plan is created; add its sections and items."))
        return redirect("actionplan:plan-detail", pk=plan.pk)
    return render(request, "programs/actionplan/plan_form.html", {"form": form, "plan": None})


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_plansection", raise_exception=True)
def section_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan, pk=pk)
    position = plan.sections.count() + 1
    form = PlanSectionForm(request.POST or None, instance=PlanSection(plan=plan, position=position))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The section is added."))
        return redirect("actionplan:plan-detail", pk=plan.pk)
    return render(
        request, "programs/actionplan/plan_section_form.html", {"form": form, "plan": plan}
    )


@require_http_methods(["GET", "POST"])
@permission_required("programs.add_planitem", raise_exception=True)
def item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan, pk=pk)
    if not plan.sections.exists():
        messages.info(request, _("Add a section first: every item belongs to one."))
        return redirect("actionplan:section-create", pk=plan.pk)
    position = (
        plan.items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    form = PlanItemForm(
        request.POST or None, plan=plan, instance=PlanItem(plan=plan, position=position)
    )
    if request.method == "POST" and form.is_valid():
        item = form.save()
        created = create_runs(item)
        messages.success(
            request, _("The item is added with %(runs)s planned runs.") % {"runs": created}
        )
        return redirect("actionplan:plan-detail", pk=plan.pk)
    return render(request, "programs/actionplan/plan_item_form.html", {"form": form, "plan": plan})


@require_POST
@permission_required("programs.add_runevidence", raise_exception=True)
def record_count(
    request: AuthenticatedHttpRequest, content_type_id: int, object_id: int
) -> HttpResponse:
    """Counts a record of the site (a training, a publication, a contest entry …) for a run
    of the plan, from the record's page: the record becomes the run's evidence and, if asked,
    the run is marked done on the record's date."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    kind = kind_of(model) if model is not None else None
    if model is None or kind is None or kind.url is None:
        raise Http404
    if not request.user.has_perm(f"{content_type.app_label}.view_{content_type.model}"):
        raise PermissionDenied
    record = get_object_or_404(model._default_manager, pk=object_id)
    day = kind.on(record) if kind.on is not None else timezone.localdate()
    form = CountForRunForm(request.POST, runs=runs_to_count(request.user, day))
    if not form.is_valid():
        messages.error(request, _("Choose a run of the plan that you answer for."))
        return redirect(kind.url(record))
    run = form.cleaned_data["run"]
    try:
        attach_record(
            run=run,
            record=record,
            user=request.user,  # type: ignore[arg-type]  # logged in: the middleware
            done_on=day if form.cleaned_data["mark_done"] else None,
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request, _("Counted for the run of the plan «%(run)s».") % {"run": run.item.wording}
        )
    return redirect(kind.url(record))
