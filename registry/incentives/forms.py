from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.fields import carry_seen, date_input
from registry.models import CONFIRMED_STATUSES, PERSON_DETAILS, Incentive, Person
from registry.people.fields import PersonChoiceField


class IncentiveForm(forms.ModelForm):
    """The fields of an incentive; the rules of section 6 are checked by the service."""

    mentor = PersonChoiceField(label=_("Mentor"), queryset=Person.objects.none())

    class Meta:
        model = Incentive
        fields = ["mentor", "kind", "awarded_on", "basis_number", "basis_date", "reason", "photo"]
        widgets = {
            "awarded_on": date_input(),
            "basis_date": date_input(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(
                attrs={"accept": uploads.accept_attribute(uploads.PICTURES)}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentors = Person.objects.filter(
            mentorships_as_mentor__status__in=CONFIRMED_STATUSES
        ).values("pk")
        cast(PersonChoiceField, self.fields["mentor"]).queryset = (
            Person.objects.filter(pk__in=mentors)
            .select_related(*PERSON_DETAILS)
            .order_by("last_name", "first_name", "patronymic")
        )
        self.fields["mentor"].help_text = _("Mentors of the registry's mentorships.")
        self.fields["photo"].help_text = _(
            "Only for a place on the honour board; a picture of at most %(limit)s."
        ) % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        carry_seen(self)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return uploads.check_upload(photo, uploads.PICTURES)
        return photo

    @property
    def new_photo(self) -> UploadedFile | None:
        """The picture uploaded with this form, if any."""
        photo = self.cleaned_data.get("photo")
        return photo if isinstance(photo, UploadedFile) else None

    @property
    def clears_photo(self) -> bool:
        # ClearableFileInput gives False when «clear» is ticked.
        return self.cleaned_data.get("photo") is False

    def incentive_fields(self) -> dict[str, Any]:
        """The cleaned values the services take, apart from the photo."""
        names = ("mentor", "kind", "awarded_on", "basis_number", "basis_date", "reason")
        return {name: self.cleaned_data[name] for name in names}
