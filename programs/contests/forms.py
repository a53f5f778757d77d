"""The form of a contest entry: it reads the fields and checks the diploma file; the rules
between the result, the date and the diploma are the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.fields import date_input
from programs.models import ContestEntry


def clean_diploma(upload: UploadedFile) -> UploadedFile:
    """A scan or a photo of the diploma: a PDF, JPEG or PNG file up to MAX_UPLOAD_BYTES that
    is what its name says (`core.uploads`)."""
    return uploads.check_upload(
        upload,
        uploads.SCANS,
        wrong_type=_("Attach the diploma as a PDF, JPEG or PNG file."),
        wrong_content=_(
            "The file is not a PDF, JPEG or PNG image, whatever its name: attach the diploma."
        ),
    )


class ContestEntryForm(forms.ModelForm):
    # The version of the entry the form was made from; a newer one refuses the change (as
    # does a form without it: see `version_read`).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = ContestEntry
        fields = ["contest", "level", "nomination", "practice", "submitted_on", "result", "diploma"]
        widgets = {
            "submitted_on": date_input(),
            "diploma": forms.ClearableFileInput(
                attrs={"accept": uploads.accept_attribute(uploads.SCANS)}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.fields["diploma"].help_text = _(
            "For a known result (participant, laureate or winner): PDF, JPEG or PNG, up to "
            "%(limit)s."
        ) % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}

    def clean_diploma(self) -> Any:
        diploma = self.cleaned_data.get("diploma")
        if isinstance(diploma, UploadedFile):
            return clean_diploma(diploma)
        return diploma

    @property
    def version_read(self) -> int:
        """The version the form was made from; 0, which no entry has, when missing."""
        return self.cleaned_data.get("version") or 0

    @property
    def new_diploma(self) -> UploadedFile | None:
        """The diploma uploaded with this form, if any."""
        diploma = self.cleaned_data.get("diploma")
        return diploma if isinstance(diploma, UploadedFile) else None

    @property
    def clears_diploma(self) -> bool:
        # ClearableFileInput gives False when «clear» is ticked.
        return self.cleaned_data.get("diploma") is False

    def entry_fields(self) -> dict[str, Any]:
        """The cleaned values the services take, apart from the diploma."""
        names = ("contest", "level", "nomination", "practice", "submitted_on", "result")
        return {name: self.cleaned_data[name] for name in names}
