"""The answer form, built from a questionnaire version's questions, and the forms of paper
entry and declining. The forms read and shape the input; the rules are the service's, whose
checks the answer form runs as well so that every error of a submission shows at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField, date_input
from reports.models import (
    Assignment,
    DeclineReason,
    Question,
    QuestionKind,
    QuestionnaireVersion,
)
from reports.monitoring.answering.services import (
    SCALE_MAX,
    SCALE_MIN,
    TEXT_LIMIT,
    answer_errors,
    asked_questions,
    paper_date_errors,
)

# A single choice of more options than this is a drop-down list rather than radio buttons.
MAX_RADIO_OPTIONS = 7
# The kinds answered by choosing among radio buttons or check boxes: a fieldset each.
GROUPED_KINDS = {QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.MULTIPLE}


def field_name(key: str) -> str:
    return f"q-{key}"


def _choice_widget(attrs: dict[str, str] | None = None) -> forms.RadioSelect:
    return forms.RadioSelect(attrs={"class": "form-check-input", **(attrs or {})})


def answer_field(question: Question) -> forms.Field:
    """The form field of one question; blank is allowed here, the completeness check is the
    service's (it names each missing item)."""
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": False,
    }
    kind = question.kind
    # A field drawn with a label (not a fieldset) points at its hint itself.
    described = {"aria-describedby": f"item-{question.key}-help"} if question.help_text else {}
    if kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            choices=[(mark, str(mark)) for mark in range(SCALE_MIN, SCALE_MAX + 1)],
            coerce=int,
            empty_value=None,
            widget=_choice_widget(),
            **common,
        )
    if kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(
            choices=[(1, _("Yes")), (0, _("No"))],
            coerce=int,
            empty_value=None,
            widget=_choice_widget(),
            **common,
        )
    if kind == QuestionKind.SINGLE:
        options = list(enumerate(question.choices))
        if len(options) > MAX_RADIO_OPTIONS:
            return forms.TypedChoiceField(
                choices=[("", _("— choose —")), *options],
                coerce=int,
                empty_value=None,
                widget=forms.Select(attrs={"class": "form-select", **described}),
                **common,
            )
        return forms.TypedChoiceField(
            choices=options, coerce=int, empty_value=None, widget=_choice_widget(), **common
        )
    if kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=list(enumerate(question.choices)),
            coerce=int,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            **common,
        )
    if kind == QuestionKind.NUMBER:
        attrs = {"class": "form-control", "step": "any", "inputmode": "decimal", **described}
        if question.min_value is not None:
            attrs["min"] = str(question.min_value)
        if question.max_value is not None:
            attrs["max"] = str(question.max_value)
        return DecimalCommaField(widget=forms.NumberInput(attrs=attrs), **common)
    return forms.CharField(
        widget=forms.Textarea(
            attrs={"class": "form-control", "rows": 3, "maxlength": TEXT_LIMIT, **described}
        ),
        strip=True,
        **common,
    )


class DecimalCommaField(forms.DecimalField):
    """A number typed with a decimal comma (as written in Russian) or a point."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


@dataclass
class Item:
    """A question as the form draws it: its number in the questionnaire and its field."""

    number: int
    question: Question
    field: forms.BoundField

    @property
    def is_group(self) -> bool:
        """Radio buttons or check boxes: drawn as a fieldset with the question as legend."""
        return self.question.kind in GROUPED_KINDS or (
            self.question.kind == QuestionKind.SINGLE
            and len(self.question.choices) <= MAX_RADIO_OPTIONS
        )

    @property
    def is_scale(self) -> bool:
        return self.question.kind == QuestionKind.SCALE

    @property
    def anchor(self) -> str:
        return f"item-{self.question.key}"

    @property
    def required(self) -> bool:
        return self.question.required


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


class AnswerForm(forms.Form):
    """The questions of a questionnaire version, by section. A respondent's form leaves out
    the items staff enter (`staff=False`); a staff form (paper entry) has them."""

    def __init__(
        self, *args: Any, version: QuestionnaireVersion, staff: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.staff = staff
        self.questions = asked_questions(version, staff=staff)
        for question in self.questions:
            self.fields[field_name(question.key)] = answer_field(question)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service's own checks, on the items that parsed: every error at once.
        parsed = [q for q in self.questions if field_name(q.key) not in self.errors]
        _rows, errors = answer_errors(parsed, self.answers(), staff=self.staff)
        self._add_errors(errors)
        return cleaned

    def answers(self) -> dict[str, Any]:
        """The answers by question key, as the service takes them (the items that parsed)."""
        data = getattr(self, "cleaned_data", {})
        return {
            q.key: data.get(field_name(q.key)) for q in self.questions if field_name(q.key) in data
        }

    def _add_errors(self, errors: dict[str, list[ValidationError]]) -> None:
        for key, messages in errors.items():
            name = field_name(key)
            for error in messages:
                self.add_error(name if name in self.fields else None, error)

    def refuse(self, refusal: ValidationError) -> None:
        """Shows the service's refusal: an error of an item on that item's field."""
        if not hasattr(refusal, "error_dict"):
            for error in refusal.error_list:
                self.add_error(None, error)
            return
        for key, errors in refusal.error_dict.items():
            if key in self.fields:
                name: str | None = key
            elif key == NON_FIELD_ERRORS:
                name = None
            else:
                name = field_name(key) if field_name(key) in self.fields else None
            for error in errors:
                self.add_error(name, error)

    def items(self) -> list[Item]:
        return [
            Item(number, question, self[field_name(question.key)])
            for number, question in enumerate(self.questions, start=1)
        ]

    def sections(self) -> list[Section]:
        """The items grouped by section, in the questionnaire's order."""
        sections: list[Section] = []
        for item in self.items():
            if not sections or sections[-1].title != item.question.section:
                sections.append(Section(item.question.section))
            sections[-1].items.append(item)
        return sections

    def error_items(self) -> list[tuple[Item, str]]:
        """Each item with an error and its message, for the summary above the form."""
        return [
            (item, str(message))
            for item in self.items()
            for message in self.errors.get(item.field.name, [])
        ]


class PaperEntryForm(AnswerForm):
    """A paper questionnaire typed in by staff: the date on the paper, then every item,
    the staff-only ones included."""

    paper_dated = forms.DateField(
        label=_("Date on the paper questionnaire"),
        widget=date_input(),
        required=False,
        help_text=_("The day the respondent filled it in: not in the future."),
    )

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        self.assignment = assignment
        super().__init__(*args, staff=True, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "paper_dated" not in self.errors:
            for message in paper_date_errors(self.assignment, cleaned.get("paper_dated")):
                self.add_error("paper_dated", message)
        return cleaned

    @property
    def paper_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("paper_dated")
        return value


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *DeclineReason.choices], required=False
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for another reason: say which."),
    )
    seen = SeenField()
