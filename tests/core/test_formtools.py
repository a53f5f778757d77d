from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import RequestFactory

from core.formtools import posted, refuse


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def test_a_post_binds_even_when_empty_and_a_get_does_not() -> None:
    requests = RequestFactory()

    assert posted(requests.post("/", {})) is not None
    assert posted(requests.get("/", {"name": "x"})) is None


def test_every_message_of_a_refusal_is_an_error_of_the_whole_form() -> None:
    form = NameForm({"name": "Анна"})
    assert form.is_valid()

    refuse(form, ValidationError(["Первое правило.", "Второе правило."]))

    assert form.non_field_errors() == ["Первое правило.", "Второе правило."]
    assert not form.is_valid()


def test_a_refusal_keeps_its_code_on_the_form() -> None:
    form = NameForm({"name": "Анна"})
    assert form.is_valid()

    refuse(form, ValidationError("Устарело.", code="stale"))
    refuse(form, ValidationError({"name": ValidationError("Занято.", code="taken")}))

    assert form.has_error(NON_FIELD_ERRORS, "stale")
    assert form.has_error("name", "taken")
