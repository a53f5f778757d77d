"""Forms of drafting mentorships from the pools and of confirming drafts by a decision. The
rules themselves are checked by the services; these forms only read and shape the input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.dates import AcademicYear
from core.fields import date_input
from pairs.mentorships.forms import default_planned_end
from pairs.models import Decision, DecisionBody, PoolEntry
from pairs.rules import DECIDING_BODIES
from programs.models import FormatCode, FormatVariant, MentoringFormat
from registry.models import PartnerOrganization, Person

# The bodies whose decision names a partner organization (Decision.clean).
PARTNER_BODIES = {DecisionBody.PROJECT_HEAD, DecisionBody.EMPLOYER}
# The opinion a decision records for the drafts of each format (section 5).
OPINION_FIELDS: dict[str, str] = {
    FormatCode.STUDENT_STUDENT: "student_council_opinion",
    FormatCode.STUDENT_PUPIL: "school_curator_opinion",
    FormatCode.EMPLOYER_STUDENT: "college_approval",
}


def default_start(year: AcademicYear) -> dt.date:
    """Today, or the first day of an academic year that has not begun yet."""
    return max(timezone.localdate(), year.first_day)


class DraftingForm(forms.Form):
    """What the suggestions are made for: the mentees ticked in the pool, the variant and
    the start. An empty variant takes the one the mentees have in the pool."""

    mentees = forms.ModelMultipleChoiceField(
        label=_("Mentees"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Tick at least one mentee.")},
    )
    variant = forms.ModelChoiceField(
        label=_("Variant"),
        queryset=FormatVariant.objects.none(),
        required=False,
        empty_label=_("as in the mentee pool"),
    )
    started_on = forms.DateField(label=_("Start"), widget=date_input())

    def __init__(
        self,
        *args: Any,
        mentoring_format: MentoringFormat,
        year: AcademicYear,
        entries: list[PoolEntry],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mentoring_format = mentoring_format
        self.entries = entries
        cast(
            forms.ModelMultipleChoiceField, self.fields["mentees"]
        ).queryset = Person.objects.filter(pk__in=[entry.person_id for entry in entries])
        variants = mentoring_format.variants.order_by("position")
        if variants.exists():
            cast(forms.ModelChoiceField, self.fields["variant"]).queryset = variants
        else:
            del self.fields["variant"]
        self.fields["started_on"].initial = default_start(year)

    def chosen_ids(self) -> set[int]:
        """The mentees ticked, as posted (also when the form is not valid)."""
        if not self.is_bound:
            return set()
        values = cast(QueryDict, self.data).getlist("mentees")
        return {int(value) for value in values if str(value).isdigit()}

    def effective_variant(self) -> FormatVariant | None:
        """The variant chosen, else the one the first ticked mentee has in the pool."""
        chosen = self.cleaned_data.get("variant")
        if chosen is not None:
            return cast(FormatVariant, chosen)
        ids = {person.pk for person in self.cleaned_data.get("mentees", [])}
        for entry in self.entries:
            if entry.person_id in ids and entry.variant is not None:
                return entry.variant
        return None

    def pool_variants(self) -> set[int]:
        """The different variants the ticked mentees have in the pool."""
        ids = {person.pk for person in self.cleaned_data.get("mentees", [])}
        return {
            entry.variant_id
            for entry in self.entries
            if entry.person_id in ids and entry.variant_id is not None
        }


class DraftFromPoolForm(DraftingForm):
    """A draft of the suggested mentors with the ticked mentees."""

    mentors = forms.ModelMultipleChoiceField(
        label=_("Mentors"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Tick at least one of the suggested mentors.")},
    )
    planned_end_on = forms.DateField(label=_("Planned end"), widget=date_input())

    def __init__(self, *args: Any, mentor_candidates: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["mentors"]).queryset = mentor_candidates

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("started_on"), cleaned.get("planned_end_on")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add_error("planned_end_on", _("The planned end must come after the start."))
        return cleaned


def planned_end_for(start: dt.date, year: AcademicYear) -> dt.date:
    """30 June of the academic year, or of the next one for a start after it."""
    end = dt.date(year.start_year + 1, 6, 30)
    return end if end > start else default_planned_end(start)


# --- Confirming drafts by a decision ---------------------------------------------------------


class DecisionBasis:
    EXISTING = "existing"
    NEW = "new"


def clean_scan(upload: UploadedFile | None) -> UploadedFile | None:
    """The signed protocol or order: a PDF, JPEG or PNG file up to MAX_UPLOAD_BYTES that is
    what its name says (`core.uploads`)."""
    if upload is None:
        return None
    return uploads.check_upload(
        upload,
        uploads.SCANS,
        wrong_type=_("Attach the scan as a PDF, JPEG or PNG file."),
        wrong_content=_(
            "The file is not a PDF, JPEG or PNG image, whatever its name: attach the scan."
        ),
    )


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name} ({obj.get_kind_display()})"


class ConfirmForm(forms.ModelForm):
    """The decision that confirms the chosen drafts: a recorded one (its scan attached now if
    it has none) or a new one with its scan, the unsaved instance this form builds. Only the
    bodies section 5 names for the drafts' formats are offered; `pairs.decisions` checks the
    new decision (its date among them), the service each draft against the decision."""

    class Meta:
        model = Decision
        fields = [
            "body",
            "number",
            "decided_on",
            "partner",
            "student_council_opinion",
            "school_curator_opinion",
            "college_approval",
            "scan",
        ]

    basis = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (DecisionBasis.EXISTING, _("a recorded decision")),
            (DecisionBasis.NEW, _("a new decision")),
        ],
        initial=DecisionBasis.NEW,
    )
    decision = forms.ModelChoiceField(
        label=_("Recorded decision"), queryset=Decision.objects.none(), required=False
    )
    body = forms.ChoiceField(label=_("Deciding body"), choices=[], required=False)
    number = forms.CharField(label=_("Number"), max_length=50, required=False)
    decided_on = forms.DateField(label=_("Date"), required=False, widget=date_input())
    partner = PartnerChoiceField(
        label=_("Partner organization"),
        queryset=PartnerOrganization.objects.order_by("kind", "short_name"),
        required=False,
        help_text=_(
            "For a decision of the head of a joint project: the partner school; of an "
            "employer: the enterprise."
        ),
    )
    student_council_opinion = forms.CharField(
        label=_("Opinion of the student council"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for «student – student» pairs (item 5.1.1)."),
    )
    school_curator_opinion = forms.CharField(
        label=_("Opinion of the partner school's curator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for «student – pupil» pairs (item 5.1.2)."),
    )
    college_approval = forms.CharField(
        label=_("Approval by the college"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for «employer – student» pairs (item 5.1.3)."),
    )
    scan = forms.FileField(
        label=_("Scan of the decision"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept_attribute(uploads.SCANS)}),
        help_text=_("The signed protocol or order: PDF, JPEG or PNG, up to %(size)s.")
        % {"size": filesizeformat(settings.MAX_UPLOAD_BYTES)},
    )

    def __init__(
        self,
        *args: Any,
        formats: Iterable[MentoringFormat],
        may_record: bool,
        recorded: QuerySet[Decision],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        codes = {f.code for f in formats}
        bodies = set().union(*(DECIDING_BODIES[code] for code in codes)) if codes else set()
        self.bodies = bodies
        self.fields["body"].choices = [  # type: ignore[attr-defined]
            (body.value, body.label) for body in DecisionBody if body in bodies
        ]
        # The recorded decisions the user may see (and open the scans of) that fit the bodies.
        offered = recorded.filter(body__in=bodies)
        self.decisions = list(offered.select_related("partner").order_by("-decided_on", "-id"))
        decision = cast(forms.ModelChoiceField, self.fields["decision"])
        decision.queryset = offered
        if not bodies & PARTNER_BODIES:
            del self.fields["partner"]
        # Only the opinions the chosen formats need are asked; those it needs are required.
        self.opinions = {OPINION_FIELDS[code] for code in codes if code in OPINION_FIELDS}
        for name in set(OPINION_FIELDS.values()) - self.opinions:
            del self.fields[name]
        self.may_record = may_record
        if not may_record:
            self.fields["basis"].choices = [  # type: ignore[attr-defined]
                (DecisionBasis.EXISTING, _("a recorded decision"))
            ]
            self.fields["basis"].initial = DecisionBasis.EXISTING

    def clean_scan(self) -> UploadedFile | None:
        return clean_scan(self.cleaned_data.get("scan"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        basis, scan = cleaned.get("basis"), cleaned.get("scan")
        if basis == DecisionBasis.EXISTING:
            decision = cleaned.get("decision")
            if decision is None:
                if "decision" not in self.errors:
                    self.add_error("decision", _("Choose the decision."))
            elif not decision.scan and scan is None and "scan" not in self.errors:
                self.add_error(
                    "scan",
                    _("The decision has no scan yet: attach the signed protocol or order."),
                )
            elif decision.scan and scan is not None:
                self.add_error(
                    "scan", _("The decision already has its scan; it is not replaced here.")
                )
        if basis == DecisionBasis.NEW:
            for name in ("body", "number", "decided_on", *sorted(self.opinions)):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required for a new decision."))
            if scan is None and "scan" not in self.errors:
                self.add_error(
                    "scan", _("Attach the scan: a decision confirms mentorships only with it.")
                )
        # The partner a body names is the model's own rule (Decision.clean), which the
        # ModelForm checks on the instance it builds.
        return cleaned
