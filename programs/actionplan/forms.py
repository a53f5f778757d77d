from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.fields import carry_seen, date_input
from core.roles import Role
from programs.actionplan.evidence import evidence_kinds
from programs.models import ActionPlan, DeadlineKind, PlanItem, PlanRun, PlanSection, RunStatus

# Documents, office files, pictures and archives of them.
EVIDENCE_KINDS = (
    uploads.PDF, uploads.DOC, uploads.DOCX, uploads.ODT, uploads.RTF, uploads.TXT,
    uploads.XLS, uploads.XLSX, uploads.ODS, uploads.PPT, uploads.PPTX, uploads.ODP,
    uploads.JPEG, uploads.PNG, uploads.ZIP,
)  # fmt: skip


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def _staff() -> Any:
    return (
        User.objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .order_by("last_name", "first_name")
    )


class RunProgressForm(forms.ModelForm):
    """What the people responsible report: the state, the date done and a comment."""

    class Meta:
        model = PlanRun
        fields = ["status", "done_on", "comment"]
        widgets = {"done_on": date_input(), "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carry_seen(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status, done_on = cleaned.get("status"), cleaned.get("done_on")
        if status == RunStatus.DONE and not done_on:
            self.add_error("done_on", _("Give the date it was done."))
        if status != RunStatus.DONE and done_on:
            self.add_error("done_on", _("A date done is given only for a run that is done."))
        if done_on and done_on > timezone.localdate():
            self.add_error("done_on", _("The date done cannot be in the future."))
        return cleaned


class RunForm(RunProgressForm):
    """The curator's form: also the due date and the person responsible."""

    responsible = UserChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), required=False
    )

    class Meta(RunProgressForm.Meta):
        fields = ["status", "due_on", "done_on", "responsible", "comment"]
        widgets = {**RunProgressForm.Meta.widgets, "due_on": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _staff()  # type: ignore[attr-defined]


def _record_choices() -> list[tuple[str, Any]]:
    """The records the evidence can point to, grouped by kind (`evidence_kinds`: decisions,
    events, each registered by its own app)."""
    groups: list[tuple[Any, Any]] = [("", "—")]
    for kind in evidence_kinds():
        content_type = ContentType.objects.get_for_model(kind.model)
        records = kind.model._default_manager.order_by("-pk")[:200]
        groups.append((kind.label, [(f"{content_type.pk}:{r.pk}", str(r)) for r in records]))
    return groups


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("What it is"), max_length=300)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A protocol, an order, a photo report: up to %(size)s.")
        % {"size": filesizeformat(settings.MAX_UPLOAD_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept_attribute(EVIDENCE_KINDS)}),
    )
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        help_text=_("A page of the college's site, or a page of this site (starting with /)."),
    )
    record = forms.ChoiceField(label=_("A record of this site"), required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = _record_choices()  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        return uploads.check_upload(
            upload,
            EVIDENCE_KINDS,
            wrong_type=_(
                "Files of this type are not accepted; use PDF, office documents or pictures."
            ),
        )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "").strip()
        if not url:
            return url
        if url.startswith(("https://", "http://")):
            URLValidator(schemes=["http", "https"], message=_("This is not a valid link."))(url)
            return url
        # A page of this site: a path on this host and nothing a browser could read as
        # another host («//host», «/\host») or another scheme.
        if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            raise forms.ValidationError(
                _("A link starts with https://, http:// or / (a page of this site).")
            )
        if "\\" in url or any(ord(char) < 32 for char in url):
            raise forms.ValidationError(_("This is not a valid link."))
        return url

    def clean_record(self) -> tuple[ContentType, int] | None:
        value = self.cleaned_data.get("record") or ""
        if not value:
            return None
        type_id, _sep, object_id = value.partition(":")
        content_type = ContentType.objects.filter(pk=type_id).first()
        model = content_type.model_class() if content_type else None
        if model is None or not model._default_manager.filter(pk=object_id).exists():
            raise forms.ValidationError(_("There is no such record."))
        return content_type, int(object_id)  # type: ignore[return-value]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("file") or cleaned.get("url") or cleaned.get("record")):
            if not self.errors:
                raise forms.ValidationError(_("Attach a file, give a link or choose a record."))
        return cleaned


class OnDemandRunForm(forms.Form):
    due_on = forms.DateField(label=_("Due"), required=False, widget=date_input())
    comment = forms.CharField(
        label=_("What is to be done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "starts_on", "ends_on", "approved_by"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "starts_on": date_input(),
            "ends_on": date_input(),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end <= start:
            self.add_error("ends_on", _("The period must end after it starts."))
        return cleaned


class PlanSectionForm(forms.ModelForm):
    class Meta:
        model = PlanSection
        fields = ["number", "title", "task", "result"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "task": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(Role(obj.name).label) if obj.name in Role.values else obj.name


class PlanItemForm(forms.ModelForm):
    responsible_roles = RoleChoiceField(
        label=_("Responsible roles"),
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People with these roles see the item among their own and mark its runs."),
    )

    class Meta:
        model = PlanItem
        fields = [
            "section",
            "parent",
            "number",
            "wording",
            "deadline_kind",
            "deadline_month",
            "deadline_year",
            "deadline_text",
            "responsible_text",
            "responsible_roles",
        ]
        widgets = {"wording": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["section"].queryset = plan.sections.all()  # type: ignore[attr-defined]
        self.fields["parent"].queryset = plan.items.all()  # type: ignore[attr-defined]
        self.fields["deadline_kind"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, month, year = (
            cleaned.get("deadline_kind"),
            cleaned.get("deadline_month"),
            cleaned.get("deadline_year"),
        )
        if kind in (DeadlineKind.FIXED_MONTH, DeadlineKind.YEARLY_MONTH):
            if not month or not 1 <= month <= 12:
                self.add_error("deadline_month", _("Give the month, from 1 to 12."))
        if kind == DeadlineKind.FIXED_MONTH and not year:
            self.add_error("deadline_year", _("Give the year of the deadline."))
        if year and not self.plan.starts_on.year <= year <= self.plan.ends_on.year:
            self.add_error("deadline_year", _("The year lies outside the plan's period."))
        return cleaned


class CountForRunForm(forms.Form):
    """Counts a record of the site (a training, a publication …) for a run of the plan."""

    run = forms.ModelChoiceField(label=_("Run of the plan"), queryset=PlanRun.objects.none())
    mark_done = forms.BooleanField(
        label=_("Mark the run done on the record's date"), required=False, initial=True
    )

    def __init__(self, *args: Any, runs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        run_field = self.fields["run"]
        run_field.queryset = runs  # type: ignore[attr-defined]
        run_field.label_from_instance = _run_label  # type: ignore[attr-defined]


def _run_label(run: PlanRun) -> str:
    """«3.1.1. студентов — 2024/2025, plan 2020–2024: planned»."""
    item, plan = run.item, run.item.plan
    # A sub-item with its parent's wording: «3.1.1. студентов» alone says nothing.
    title = item.title_in_context()
    wording = title if len(title) <= 100 else f"{title[:99]}…"
    return _("%(number)s%(wording)s — %(year)s, plan %(first)s–%(last)s: %(status)s") % {
        "number": "",
        "wording": wording,
        "year": f"{run.academic_year}/{run.academic_year + 1}",
        "first": plan.starts_on.year,
        "last": plan.ends_on.year,
        "status": run.get_status_display(),
    }
