"""Forms of partners, agreements and partners' curators.

Plain forms, not model forms: a model form would check the database constraints itself and
answer with Django's own words; here every rule is the services' and says what it is.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import SeenField, date_input
from core.roles import COLLEGE_ROLES
from core.versions import row_fingerprint
from registry.models import Agreement, PartnerCurator, PartnerOrganization


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field of a model field, with its label, help text and limits."""
    field = cast(models.Field, model._meta.get_field(name)).formfield(**kwargs)
    assert field is not None  # noqa: S101 - every field named here is editable
    return field


class PartnerOrganizationForm(forms.Form):
    kind = model_field(PartnerOrganization, "kind")
    short_name = model_field(PartnerOrganization, "short_name")
    name = model_field(PartnerOrganization, "name")
    address = model_field(PartnerOrganization, "address")
    seen = SeenField()

    def __init__(self, *args: Any, organization: PartnerOrganization | None, **kwargs: Any) -> None:
        if organization is not None:
            initial = forms.model_to_dict(organization, fields=self.base_fields)
            kwargs.setdefault("initial", initial | {"seen": row_fingerprint(organization)})
        super().__init__(*args, **kwargs)
        self.fields["short_name"].help_text = _("As it is printed in the registry: «МБОУ СОШ № 1».")
        self.fields["name"].help_text = _("As in the agreement.")


class AgreementForm(forms.Form):
    number = model_field(Agreement, "number")
    signed_on = model_field(Agreement, "signed_on", widget=date_input())
    valid_from = model_field(Agreement, "valid_from", widget=date_input())
    valid_to = model_field(Agreement, "valid_to", widget=date_input())
    subject = model_field(Agreement, "subject", widget=forms.Textarea(attrs={"rows": 3}))
    seen = SeenField()

    def __init__(self, *args: Any, agreement: Agreement | None, **kwargs: Any) -> None:
        if agreement is not None:
            initial = forms.model_to_dict(agreement, fields=self.base_fields)
            kwargs.setdefault("initial", initial | {"seen": row_fingerprint(agreement)})
        super().__init__(*args, **kwargs)
        self.fields["subject"].help_text = _(
            "What the parties agreed on: mentoring of pupils, practical training, mentors from "
            "the enterprise…"
        )


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class PartnerCuratorForm(forms.Form):
    full_name = model_field(PartnerCurator, "full_name")
    position = model_field(PartnerCurator, "position")
    phone = model_field(PartnerCurator, "phone")
    email = model_field(PartnerCurator, "email")
    user = AccountChoiceField(
        label=_("User account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "With an account the curator adds the partner's pupils or staff and proposes them; "
            "they see only their own organization. Accounts of the college's staff are not "
            "offered."
        ),
    )
    seen = SeenField()

    def __init__(self, *args: Any, curator: PartnerCurator | None, **kwargs: Any) -> None:
        if curator is not None:
            initial = forms.model_to_dict(curator, fields=self.base_fields)
            kwargs.setdefault("initial", initial | {"seen": row_fingerprint(curator)})
        super().__init__(*args, **kwargs)
        self.fields["full_name"].label = _("Surname, name and patronymic")
        # Active accounts with no college role and no other partner to curate (the accounts
        # that registry.access.is_college_staff does not name).
        college = [role.value for role in COLLEGE_ROLES]
        linked = PartnerCurator.objects.filter(user__isnull=False)
        if curator is not None:
            linked = linked.exclude(pk=curator.pk)
        accounts = (
            User.objects.filter(is_active=True, is_superuser=False)
            .exclude(groups__name__in=college)
            .exclude(Q(pk__in=linked.values("user")))
            .order_by("last_name", "first_name", "username")
        )
        cast(AccountChoiceField, self.fields["user"]).queryset = accounts
