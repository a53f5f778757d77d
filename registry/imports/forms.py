from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import uploads
from registry.imports.reading import MAX_ROWS, max_bytes, not_a_table
from registry.imports.specs import ImportKind

TABLE_KINDS = (uploads.XLSX, uploads.CSV, uploads.TXT)


class ImportForm(forms.Form):
    """What is imported and the file; `registry.imports.reading` and `registry.imports.planning`
    check its content."""

    kind = forms.ChoiceField(label=_("What to import"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept_attribute(TABLE_KINDS)}),
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
        """A table by its name and its first bytes (`core.uploads`); reading it
        (`registry.imports.reading`) checks the rest."""
        table = not_a_table().message
        return uploads.check_upload(
            self.cleaned_data["file"],
            TABLE_KINDS,
            limit=max_bytes(),
            wrong_type=table,
            wrong_content=table,
        )
