"""The curator's pages of logins (creating one for a person, blocking, unblocking, a new
one-time password, the list of logins) and every user's change of their own password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from core.roles import Role
from registry.accounts.filters import LoginFilter
from registry.accounts.forms import AccountActionForm, CreateLoginForm, OwnPasswordChangeForm
from registry.accounts.middleware import SESSION_MARK, forget_one_time_password
from registry.accounts.selectors import (
    Holder,
    holder_of,
    is_protected,
    logins,
    roles_for,
)
from registry.accounts.services import (
    IssuedPassword,
    block_login,
    change_own_password,
    create_login,
    proposed_username,
    reset_password,
    unblock_login,
)
from registry.accounts.tables import LoginTable
from registry.models import PERSON_DETAILS, PartnerCurator, Person

LOGINS_PAGE_SIZE = 50
MAY_ISSUE = "registry.add_onetimepassword"


def _get_person(user: User, pk: int) -> Person:
    """A person the user may see, as its concrete kind; 404 for anyone out of their scope."""
    person = get_object_or_404(
        Person.objects.visible_to(user).select_related(*PERSON_DETAILS, "user"), pk=pk
    )
    return person.concrete


def _holder_page(holder: Holder | None) -> str:
    if isinstance(holder, Person):
        return reverse("people:detail", args=[holder.pk])
    if isinstance(holder, PartnerCurator):
        return reverse("partners:detail", args=[holder.organization_id])
    return reverse("accounts:list")


def _holder_name(holder: Holder) -> str:
    return holder.full_name


def _issued(
    request: AuthenticatedHttpRequest, issued: IssuedPassword, holder: Holder | None
) -> HttpResponse:
    """The one page that shows the one-time password: the answer to the POST itself, never
    kept anywhere (the page is not cached: `private_pages_not_stored`)."""
    context = {
        "issued": issued,
        "holder_name": _holder_name(holder) if holder is not None else "",
        "back": _holder_page(holder),
        "site": request.build_absolute_uri("/"),
    }
    return render(request, "registry/accounts/issued.html", context)


def _create(request: AuthenticatedHttpRequest, holder: Holder) -> HttpResponse:
    back = _holder_page(holder)
    roles = roles_for(holder)
    if holder.user_id is not None or not roles:
        messages.error(
            request,
            _("%(name)s already has a login.") % {"name": _holder_name(holder)}
            if holder.user_id is not None
            else _("%(name)s cannot have a login: logins are for teachers and partners' curators.")
            % {"name": _holder_name(holder)},
        )
        return redirect(back)
    form = CreateLoginForm(posted(request), roles=roles, proposed=proposed_username(holder))
    if form.is_valid():
        try:
            issued = create_login(
                person=holder,
                role=form.cleaned_data["role"],
                user=request.user,
                username=form.cleaned_data["username"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            return _issued(request, issued, holder)
    context = {"form": form, "holder_name": _holder_name(holder), "back": back}
    return render(request, "registry/accounts/create.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(MAY_ISSUE, raise_exception=True)
def person_login_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _create(request, _get_person(request.user, pk))


@require_http_methods(["GET", "POST"])
@permission_required(MAY_ISSUE, raise_exception=True)
def curator_login_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    curator = get_object_or_404(PartnerCurator.objects.select_related("organization"), pk=pk)
    return _create(request, curator)


def _get_account(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


ACTIONS: dict[str, dict[str, Any]] = {
    "block": {"service": block_login, "done": _("The login %(username)s is blocked.")},
    "unblock": {"service": unblock_login, "done": _("The login %(username)s is unblocked.")},
}


def _account_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    account = _get_account(pk)
    holder = holder_of(account)
    back = _holder_page(holder)
    form = AccountActionForm(posted(request), account=account)
    if form.is_valid():
        try:
            if action == "reset":
                issued = reset_password(account=account, user=request.user, seen=seen_of(form))
                return _issued(request, issued, holder)
            ACTIONS[action]["service"](account=account, user=request.user, seen=seen_of(form))
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, ACTIONS[action]["done"] % {"username": account.username})
            return redirect(back)
    context = {
        "form": form,
        "action": action,
        "account": account,
        "holder_name": _holder_name(holder) if holder is not None else account.get_full_name(),
        "back": back,
        "refused": account == request.user or is_protected(account),
    }
    return render(request, "registry/accounts/confirm.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(MAY_ISSUE, raise_exception=True)
def login_block(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, "block")


@require_http_methods(["GET", "POST"])
@permission_required(MAY_ISSUE, raise_exception=True)
def login_unblock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, "unblock")


@require_http_methods(["GET", "POST"])
@permission_required(MAY_ISSUE, raise_exception=True)
def login_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, "reset")


@require_GET
@permission_required("auth.view_user", raise_exception=True)
def login_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = LoginFilter(request.GET or None, queryset=logins(), request=request)
    table = LoginTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": LOGINS_PAGE_SIZE}).configure(table)
    context = {"filter": filterset, "table": table, "roles": Role}
    return render(request, "registry/accounts/list.html", context)


@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every user's change of their own password (Django's form, the site's validators); the
    session stays logged in. A user with a one-time password is sent here until they do."""
    form = OwnPasswordChangeForm(request.user, posted(request))
    forced = bool(request.session.get(SESSION_MARK))
    if forced:
        form.fields["old_password"].label = _("One-time password")
    if form.is_valid():
        change_own_password(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        forget_one_time_password(request)
        messages.success(request, _("Your password is changed."))
        return redirect("home")
    context = {"form": form, "forced": forced}
    return render(request, "registry/accounts/password_change.html", context)
