"""The pages of logins (registry.accounts): the block on a person's page, creating a login,
blocking, unblocking, a new one-time password, the list of logins, one's own password."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.roles import Role, user_roles
from registry.accounts.selectors import account_token
from registry.accounts.services import create_login
from registry.models import OneTimePassword, PartnerCurator, Teacher
from tests.conftest import client_for
from tests.factories import (
    PartnerCuratorFactory,
    PartnerEmployeeFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)
from tests.stale import refused_as_stale

NEW_PASSWORD = "Kolokol-2026"


def _log_in(client: Client, username: str, password: str) -> bool:
    """Logs in through the login page (django-axes' backend wants the request)."""
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def _teacher_login(curator: User, **names: str) -> tuple[Teacher, User, str]:
    teacher = TeacherFactory(**names)
    issued = create_login(person=teacher, role=Role.TEACHER, user=curator)
    return teacher, issued.account, issued.password


# --- The block on a person's page ---------------------------------------------------------


@pytest.mark.django_db
def test_the_curator_sees_a_teacher_without_a_login(curator: User) -> None:
    teacher = TeacherFactory()

    response = client_for(curator).get(reverse("people:detail", args=[teacher.pk]))

    block = response.context["account_block"]
    assert block.account is None and block.may_create
    assert reverse("accounts:person-create", args=[teacher.pk]) in response.content.decode()


@pytest.mark.django_db
def test_the_curator_sees_the_login_of_a_teacher(curator: User) -> None:
    teacher, account, _password = _teacher_login(curator)

    response = client_for(curator).get(reverse("people:detail", args=[teacher.pk]))

    block = response.context["account_block"]
    assert block.account == account and block.must_change_password and block.may_manage
    assert block.roles == [Role.TEACHER]
    assert reverse("accounts:block", args=[account.pk]) in response.content.decode()


@pytest.mark.django_db
def test_the_page_of_a_student_has_no_login_block(curator: User) -> None:
    student = StudentFactory()

    response = client_for(curator).get(reverse("people:detail", args=[student.pk]))

    assert "account_block" not in response.context


@pytest.mark.django_db
def test_other_roles_see_no_login_block(methodist: User) -> None:
    teacher = TeacherFactory()

    response = client_for(methodist).get(reverse("people:detail", args=[teacher.pk]))

    assert response.status_code == 200
    assert "account_block" not in response.context


@pytest.mark.django_db
def test_a_partner_employee_recorded_as_the_curator_is_offered_a_login(curator: User) -> None:
    employee = PartnerEmployeeFactory(last_name="Зайцева", first_name="Ольга", patronymic="")
    PartnerCuratorFactory(organization=employee.organization, full_name="Зайцева Ольга")

    response = client_for(curator).get(reverse("people:detail", args=[employee.pk]))

    block = response.context["account_block"]
    assert block.may_create and block.offered_roles == (Role.PARTNER_CURATOR,)


@pytest.mark.django_db
def test_the_partner_page_offers_its_curators_logins(curator: User) -> None:
    without = PartnerCuratorFactory()
    account = UserFactory(roles=["partner_curator"])
    PartnerCuratorFactory(organization=without.organization, user=account)

    response = client_for(curator).get(reverse("partners:detail", args=[without.organization_id]))

    content = response.content.decode()
    assert reverse("accounts:curator-create", args=[without.pk]) in content
    assert reverse("accounts:block", args=[account.pk]) in content
    assert reverse("accounts:reset", args=[account.pk]) in content


@pytest.mark.django_db
def test_the_partner_page_offers_no_logins_to_the_director(director: User) -> None:
    partner = PartnerCuratorFactory()

    response = client_for(director).get(reverse("partners:detail", args=[partner.organization_id]))

    assert response.status_code == 200
    assert reverse("accounts:curator-create", args=[partner.pk]) not in response.content.decode()


# --- Creating a login -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_proposes_the_login_name(curator: User) -> None:
    teacher = TeacherFactory(last_name="Орлов", first_name="Павел", patronymic="Дмитриевич")

    response = client_for(curator).get(reverse("accounts:person-create", args=[teacher.pk]))

    assert response.status_code == 200
    assert response.context["form"]["username"].value() == "orlov.pd"
    choices = [value for value, _label in response.context["form"].fields["role"].choices]
    assert choices == ["teacher", "methodist", "format_lead"]


@pytest.mark.django_db
def test_the_curator_creates_a_login_and_sees_its_password_once(curator: User) -> None:
    teacher = TeacherFactory(last_name="Орлов", first_name="Павел", patronymic="Дмитриевич")

    response = client_for(curator).post(
        reverse("accounts:person-create", args=[teacher.pk]),
        {"role": "methodist", "username": ""},
    )

    assert response.status_code == 200
    issued = response.context["issued"]
    content = response.content.decode()
    assert issued.account.username in content and issued.password in content
    assert "http://testserver/" in content
    assert "no-store" in response["Cache-Control"]
    account = User.objects.get(person=teacher)
    assert account.username == "orlov.pd" and account.check_password(issued.password)
    assert user_roles(account) == [Role.METHODIST]


@pytest.mark.django_db
def test_a_login_cannot_be_created_in_the_curator_s_role(curator: User) -> None:
    teacher = TeacherFactory()

    response = client_for(curator).post(
        reverse("accounts:person-create", args=[teacher.pk]), {"role": "curator"}
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("role")
    assert not User.objects.filter(person=teacher).exists()


@pytest.mark.django_db
def test_a_taken_login_name_is_shown_on_the_form(curator: User) -> None:
    UserFactory(username="taken")
    teacher = TeacherFactory()

    response = client_for(curator).post(
        reverse("accounts:person-create", args=[teacher.pk]),
        {"role": "teacher", "username": "taken"},
    )

    assert response.context["form"].has_error("username")
    assert not User.objects.filter(person=teacher).exists()


@pytest.mark.django_db
def test_a_student_gets_no_login(curator: User) -> None:
    student = StudentFactory()

    response = client_for(curator).post(
        reverse("accounts:person-create", args=[student.pk]), {"role": "teacher"}
    )

    assert response.status_code == 302
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_second_login_is_not_created(curator: User) -> None:
    teacher, account, _password = _teacher_login(curator)

    response = client_for(curator).post(
        reverse("accounts:person-create", args=[teacher.pk]), {"role": "teacher"}
    )

    assert response.status_code == 302
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_the_curator_gives_a_partner_s_curator_a_login(curator: User) -> None:
    partner = PartnerCuratorFactory(full_name="Кравец Марина Петровна")

    response = client_for(curator).post(
        reverse("accounts:curator-create", args=[partner.pk]), {"role": "partner_curator"}
    )

    assert response.status_code == 200
    account = PartnerCurator.objects.get(pk=partner.pk).user
    assert account is not None and user_roles(account) == [Role.PARTNER_CURATOR]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "methodist", "teacher", "lead"])
def test_other_roles_may_not_create_logins(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    teacher = TeacherFactory()

    response = client_for(user).post(
        reverse("accounts:person-create", args=[teacher.pk]), {"role": "teacher"}
    )

    assert response.status_code == 403
    assert not User.objects.filter(person=teacher).exists()


@pytest.mark.django_db
def test_creating_a_login_for_nobody_is_404(curator: User) -> None:
    client = client_for(curator)

    assert client.get(reverse("accounts:person-create", args=[99999])).status_code == 404
    assert client.get(reverse("accounts:curator-create", args=[99999])).status_code == 404


# --- Blocking, unblocking, a new one-time password -------------------------------------------


def _post_action(client: Client, name: str, account: User, **data: Any) -> Any:
    return client.post(
        reverse(f"accounts:{name}", args=[account.pk]), {"seen": account_token(account), **data}
    )


@pytest.mark.django_db
def test_the_block_asks_first(curator: User) -> None:
    _teacher, account, _password = _teacher_login(curator)

    response = client_for(curator).get(reverse("accounts:block", args=[account.pk]))

    assert response.status_code == 200
    assert response.context["form"]["seen"].value() == account_token(account)
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.django_db
def test_the_curator_blocks_and_unblocks_a_login(curator: User) -> None:
    teacher, account, _password = _teacher_login(curator)
    client = client_for(curator)

    response = _post_action(client, "block", account)

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[teacher.pk])
    account.refresh_from_db()
    assert not account.is_active

    _post_action(client, "unblock", account)
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.django_db
def test_a_block_from_an_older_page_is_refused(curator: User) -> None:
    _teacher, account, _password = _teacher_login(curator)
    client = client_for(curator)
    seen = client.get(reverse("accounts:block", args=[account.pk])).context["form"]["seen"].value()
    _post_action(client, "reset", account)  # another curator, meanwhile

    response = client.post(reverse("accounts:block", args=[account.pk]), {"seen": seen})

    assert refused_as_stale(response)
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.django_db
def test_the_curator_cannot_block_the_director(curator: User, director: User) -> None:
    response = _post_action(client_for(curator), "block", director)

    assert response.status_code == 200
    assert response.context["form"].errors
    director.refresh_from_db()
    assert director.is_active


@pytest.mark.django_db
def test_a_reset_shows_the_new_password_once(curator: User) -> None:
    _teacher, account, old_password = _teacher_login(curator)

    response = _post_action(client_for(curator), "reset", account)

    assert response.status_code == 200
    password = response.context["issued"].password
    assert password in response.content.decode()
    account.refresh_from_db()
    assert account.check_password(password) and not account.check_password(old_password)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["block", "unblock", "reset"])
@pytest.mark.parametrize("persona", ["director", "methodist", "teacher"])
def test_other_roles_may_not_touch_logins(
    name: str, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    account = UserFactory(roles=["teacher"])
    password = account.password

    response = _post_action(client_for(user), name, account)

    assert response.status_code == 403
    account.refresh_from_db()
    assert account.is_active and account.password == password


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["block", "unblock", "reset"])
def test_an_action_on_no_login_is_404(curator: User, name: str) -> None:
    response = client_for(curator).post(reverse(f"accounts:{name}", args=[99999]))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "needs_account"),
    [
        ("person-create", False),
        ("curator-create", False),
        ("block", True),
        ("unblock", True),
        ("reset", True),
    ],
)
def test_the_pages_of_logins_take_get_and_post_only(
    curator: User, name: str, needs_account: bool
) -> None:
    pk = curator.pk if needs_account else TeacherFactory().pk
    if name == "curator-create":
        pk = PartnerCuratorFactory().pk

    response = client_for(curator).put(reverse(f"accounts:{name}", args=[pk]))

    assert response.status_code == 405


# --- The list of logins -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_of_logins_filters_by_role_state_and_name(curator: User) -> None:
    _t1, orlov, _p = _teacher_login(curator, last_name="Орлов", first_name="Павел")
    _t2, belova, _p = _teacher_login(curator, last_name="Белова", first_name="Ёлка")
    orlov.is_active = False
    orlov.save()
    client = client_for(curator)
    url = reverse("accounts:list")

    def shown(query: dict[str, str]) -> set[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return {row.record.username for row in response.context["table"].page.object_list}

    assert shown({}) == {"curator", orlov.username, belova.username}
    assert shown({"state": "blocked"}) == {orlov.username}
    assert shown({"role": "teacher", "state": "active"}) == {belova.username}
    assert shown({"q": "орлов"}) == {orlov.username}
    assert shown({"q": "БЕЛОВА елка"}) == {belova.username}


@pytest.mark.django_db
def test_the_list_of_logins_takes_the_same_queries_for_more_rows(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    url = reverse("accounts:list")
    for _ in range(2):
        _teacher_login(curator)
    partner = PartnerCuratorFactory()
    create_login(person=partner, role=Role.PARTNER_CURATOR, user=curator)
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for _ in range(8):
        _teacher_login(curator)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert len(response.context["table"].page.object_list) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "methodist", "teacher", "partner_curator"])
def test_other_roles_do_not_see_the_logins(persona: str, request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(persona)).get(reverse("accounts:list"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_list_of_logins_is_read_only(curator: User) -> None:
    assert client_for(curator).post(reverse("accounts:list")).status_code == 405


# --- One's own password ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_user_changes_their_password_and_stays_logged_in(teacher: User) -> None:
    client = Client()
    assert _log_in(client, "teacher", "secret")

    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "secret",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302 and response["Location"] == reverse("home")
    teacher.refresh_from_db()
    assert teacher.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("wrong", NEW_PASSWORD),  # not their password
        ("secret", "12345678"),  # digits only, and common
        ("secret", "secret"),  # the same as before
        ("secret", "teacher1"),  # too much like the login
    ],
)
def test_a_weak_or_unproven_password_is_refused(teacher: User, old: str, new: str) -> None:
    response = client_for(teacher).post(
        reverse("accounts:password-change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 200 and response.context["form"].errors
    teacher.refresh_from_db()
    assert teacher.check_password("secret")


@pytest.mark.django_db
def test_every_role_reaches_the_change_of_password(outsider: User) -> None:
    response = client_for(outsider).get(reverse("accounts:password-change"))

    assert response.status_code == 200
    assert reverse("accounts:password-change") in response.content.decode()


@pytest.mark.django_db
def test_the_change_of_password_takes_get_and_post_only(teacher: User) -> None:
    assert client_for(teacher).put(reverse("accounts:password-change")).status_code == 405


# --- The one-time password forces a change; a blocked login is logged out --------------------


@pytest.mark.django_db
def test_a_one_time_password_leads_every_page_to_the_change(curator: User) -> None:
    _teacher, account, password = _teacher_login(curator)
    client = Client()
    assert _log_in(client, account.username, password)
    change = reverse("accounts:password-change")

    for url in (reverse("home"), reverse("mentorships:registry"), "/media/x.pdf"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, change)
    assert client.get(change).status_code == 200
    assert client.get(change, headers={"HX-Request": "true"}).status_code == 200
    assert client.get(reverse("home"), headers={"HX-Request": "true"})["HX-Redirect"] == change

    response = client.post(
        change,
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert not OneTimePassword.objects.filter(user=account).exists()


@pytest.mark.django_db
def test_a_user_with_a_one_time_password_may_log_out(curator: User) -> None:
    _teacher, account, password = _teacher_login(curator)
    client = Client()
    assert _log_in(client, account.username, password)

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response["Location"] == reverse("login")


@pytest.mark.django_db
def test_a_reset_ends_the_user_s_session(curator: User, teacher: User) -> None:
    client = Client()
    assert _log_in(client, "teacher", "secret")

    _post_action(client_for(curator), "reset", teacher)

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_blocked_user_is_logged_out_and_cannot_log_in(curator: User, teacher: User) -> None:
    client = Client()
    assert _log_in(client, "teacher", "secret")
    assert client.get(reverse("home")).status_code == 200

    _post_action(client_for(curator), "block", teacher)

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not _log_in(Client(), "teacher", "secret")
