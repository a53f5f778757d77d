from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.fields import date_input
from programs.models import Publication
from registry.models import PERSON_DETAILS, Person
from registry.people.fields import PeopleChoiceField
from registry.publications.services import check_publication_rules


class PublicationForm(forms.ModelForm):
    """The fields of a publication; the rules (an http or https link, a date not in the
    future) are checked by the service."""

    # An address typed without its scheme is taken as https.
    url = forms.URLField(
        label=capfirst(Publication._meta.get_field("url").verbose_name),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    people = PeopleChoiceField(
        label=_("Featured mentors"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl to choose several."),
    )
    # The version of the publication the form was made from; a newer one refuses the change
    # (as does a form without it: see `version_read`).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Publication
        fields = ["published_on", "kind", "title", "url"]
        widgets = {
            "published_on": date_input(),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PeopleChoiceField, self.fields["people"]).queryset = (
            Person.objects.visible_to(user).select_related(*PERSON_DETAILS).in_russian_order()
        )
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
            self.fields["people"].initial = [person.pk for person in self.instance.people.all()]
        else:
            del self.fields["version"]

    def clean(self) -> dict[str, Any]:
        """The service's rules are checked here too once their fields are valid, so that
        they come with the other fields' errors rather than in a second round."""
        cleaned = super().clean() or {}
        if "published_on" in cleaned and "url" in cleaned:
            rules = check_publication_rules(
                published_on=cleaned["published_on"], url=cleaned["url"]
            )
            for field, errors in rules.items():
                for error in errors:
                    self.add_error(field, error)
        return cleaned

    @property
    def version_read(self) -> int:
        """The version the form was made from; 0, which no publication has, when missing."""
        return self.cleaned_data.get("version") or 0

    def publication_fields(self) -> dict[str, Any]:
        """The cleaned values the services take."""
        names = ("published_on", "kind", "title", "url")
        fields = {name: self.cleaned_data[name] for name in names}
        fields["people"] = list(self.cleaned_data["people"])
        return fields
