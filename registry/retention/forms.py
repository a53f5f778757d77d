"""The confirmation of a destruction: whose data, on what grounds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from registry.models import Person

DEFAULT_GROUNDS = _(
    "Article 21 of the Federal Law of 27.07.2006 No. 152-FZ «On personal data»: the consent "
    "to processing was withdrawn or has expired, or the purpose of processing (taking part in "
    "the mentoring program) was achieved and the retention period has passed."
)


class DestroyForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose the people whose personal data are destroyed."),
            "invalid_choice": _(
                "Someone chosen is no longer due for destruction; open the review list again."
            ),
            "invalid_pk_value": _("Choose the people from the review list."),
        },
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=DEFAULT_GROUNDS,
        help_text=_("As the act of destruction states them."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: the personal data of these people are destroyed for good."),
        error_messages={"required": _("Confirm the destruction.")},
    )

    def __init__(self, *args: Any, due: QuerySet[Person], **kwargs: Any) -> None:
        """`due`: the people who may be chosen, those of the review list."""
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        assert isinstance(people, forms.ModelMultipleChoiceField)  # noqa: S101 - for mypy
        people.queryset = due
