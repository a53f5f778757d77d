"""What the apps' views share in handling a form: binding it, and showing a refusal on it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to. A POST binds the form even when empty, so that it is
    validated and refused; a GET leaves it unbound."""
    return request.POST if request.method == "POST" else None


def refuse(form: BaseForm, refusal: ValidationError) -> None:
    """Shows a service's refusal on the form: a message given by field on that field where
    the form has it, every other as an error of the whole form. The errors keep their codes
    (`form.has_error(NON_FIELD_ERRORS, "stale")`)."""
    if not hasattr(refusal, "error_dict"):
        for error in refusal.error_list:
            form.add_error(None, error)
        return
    for field, errors in refusal.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
