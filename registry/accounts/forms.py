"""Forms of the logins; the rules are checked by registry.accounts.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField
from core.roles import Role
from registry.accounts.selectors import account_token


class CreateLoginForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=())
    username = forms.CharField(
        label=_("Login"),
        max_length=150,
        required=False,
        help_text=_(
            "Proposed from the surname and initials; change it if you like. Latin letters, "
            "digits and . - _ only."
        ),
    )

    def __init__(self, *args: Any, roles: tuple[Role, ...], proposed: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(role.value, role.label) for role in roles]
        if len(roles) == 1:
            role_field.initial = roles[0].value
        self.fields["username"].initial = proposed
        self.fields["username"].widget.attrs["autocomplete"] = "off"


class AccountActionForm(forms.Form):
    """The confirmation of a block, an unblock or a reset, carrying what it saw of the
    login (`account_token`)."""

    seen = SeenField()

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = account_token(account)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's own change of one's password (the old one, the new one twice, the site's
    password validators), refusing to keep the old password as the new one."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            self.add_error("new_password1", _("The new password must differ from the current one."))
        return cleaned
