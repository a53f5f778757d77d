from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from registry.imports.reading import MAX_ROWS, max_bytes
from registry.imports.specs import ImportKind


class ImportForm(forms.Form):
    """What is imported and the file; `registry.imports.reading` and `registry.imports.planning`
    check its content."""

    kind = forms.ChoiceField(label=_("What to import"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"})
    )

    def __init__(self, *args: Any, kinds: list[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = [(kind.value, kind.label) for kind in kinds]
        if len(kinds) == 1:
            field.initial = kinds[0].value
        self.fields["file"].help_text = _(
            "XLSX, or CSV in UTF-8 or Windows-1251 with commas or semicolons between the "
            "values; at most %(size)s and %(rows)s rows. The first row holds the column "
            "headers."
        ) % {"size": filesizeformat(max_bytes()), "rows": f"{MAX_ROWS:,}".replace(",", "\u00a0")}

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = max_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files larger than %(limit)s are not accepted."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        return upload
