"""Forms of the curator's edits of a questionnaire: they read the input; the rules (options,
keys, new versions) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField
from reports.models import Direction, Question, QuestionKind, Questionnaire, QuestionTag
from reports.monitoring.questionnaires.services import CHOICE_KINDS, questionnaire_token


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionWordingForm(forms.Form):
    """The wording of a question: what the respondent reads."""

    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    help_text = forms.CharField(label=_("Hint"), max_length=300, required=False)
    section = forms.CharField(label=_("Section"), max_length=200, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in the order shown."),
    )
    seen = SeenField()

    def __init__(
        self, *args: Any, questionnaire: Questionnaire, question: Question | None, **kwargs: Any
    ) -> None:
        initial = {"seen": questionnaire_token(questionnaire), "required": True}
        if question is not None:
            initial |= {
                "text": question.text,
                "help_text": question.help_text,
                "section": question.section,
                "required": question.required,
                "choices": "\n".join(question.choices),
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if question is not None and question.kind not in CHOICE_KINDS:
            del self.fields["choices"]

    @property
    def choice_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("choices", ""))


class NewQuestionForm(QuestionWordingForm):
    """A new question: its wording, the kind of answer and what indicators read of it."""

    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_(
            "Small Latin letters, digits and hyphens. An entry item and its exit item share "
            "one key, so that the answers are compared. Empty: made automatically."
        ),
    )
    direction = forms.ChoiceField(
        label=_("Which answer is better"),
        choices=Direction.choices,
        initial=Direction.HIGHER,
        help_text=_("For a scale, yes or no and a number."),
    )
    tag = forms.ChoiceField(
        label=_("Counted by indicators as"), choices=QuestionTag.choices, required=False
    )
    min_value = forms.DecimalField(label=_("Smallest number"), required=False)
    max_value = forms.DecimalField(label=_("Largest number"), required=False)

    field_order = [
        "section",
        "text",
        "help_text",
        "kind",
        "choices",
        "min_value",
        "max_value",
        "required",
        "direction",
        "tag",
        "key",
    ]

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, questionnaire=questionnaire, question=None, **kwargs)
        self.fields["choices"].help_text = _(
            "For one or several choices: one option per line, in the order shown."
        )
        self.fields["min_value"].help_text = _("For a number only (a scale is always 1–10).")

    def question_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "key": data["key"],
            "text": data["text"],
            "help_text": data["help_text"],
            "section": data["section"],
            "kind": data["kind"],
            "required": data["required"],
            "choices": self.choice_lines,
            "direction": data["direction"],
            "tag": data["tag"],
            "min_value": data["min_value"],
            "max_value": data["max_value"],
        }
