"""The flag of a person without a valid consent to taking part in the program (152-ФЗ), for
the lists of the pools, drafting and the registry: such a person is not confirmed into a new
pair (pairs.rules.program_consent_missing)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _


def no_program_consent_flag(has_consent: bool) -> str:
    """The flag when `has_consent` (an annotation such as `has_program_consent`) is false."""
    if has_consent:
        return ""
    return format_html(
        ' <span class="badge text-bg-warning fw-normal" data-testid="no-program-consent" '
        'title="{}">{}</span>',
        _(
            "No valid consent to the processing of personal data for taking part in the "
            "program (152-ФЗ)"
        ),
        _("no consent to the processing of personal data"),
    )
