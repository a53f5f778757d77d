"""The services of logins (registry.accounts): creating one with a one-time password,
blocking, unblocking, resetting, and one's own password."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from core.roles import Role, user_roles
from registry.accounts.selectors import account_token, roles_for
from registry.accounts.services import (
    READABLE_CHARACTERS,
    block_login,
    change_own_password,
    create_login,
    generate_password,
    reset_password,
    unblock_login,
)
from registry.accounts.usernames import base_username, propose_username, transliterate
from registry.models import OneTimePassword, PartnerCurator, Teacher
from tests.factories import (
    PartnerCuratorFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PupilFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)
from tests.stale import is_stale


def test_the_login_name_is_the_surname_and_initials_in_latin_letters() -> None:
    assert base_username("Орлов", "Павел", "Дмитриевич") == "orlov.pd"
    assert base_username("Щукина-Ёлкина", "Юлия", "") == "shchukina-elkina.y"
    assert transliterate("Хабибуллин Ильяс") == "khabibullinilyas"


def test_a_taken_login_name_gets_the_next_number() -> None:
    taken = {"orlov.pd", "orlov.pd2"}

    assert propose_username("Орлов", "Павел", "Дмитриевич", taken=taken.__contains__) == (
        "orlov.pd3"
    )


def test_a_one_time_password_is_readable_and_passes_the_validators() -> None:
    password = generate_password()

    assert len(password) == 10
    assert set(password) <= set(READABLE_CHARACTERS)
    assert not set(password) & set("0O1lI")
    validate_password(password)


@pytest.mark.django_db
def test_a_teacher_gets_a_login_with_a_one_time_password(curator: User) -> None:
    teacher = TeacherFactory(last_name="Орлов", first_name="Павел", patronymic="Дмитриевич")

    issued = create_login(person=teacher, role=Role.TEACHER, user=curator)

    account = issued.account
    teacher.refresh_from_db()
    assert teacher.user == account
    assert account.username == "orlov.pd"
    assert (account.last_name, account.first_name) == ("Орлов", "Павел")
    assert account.is_active and not account.is_staff and not account.is_superuser
    assert account.check_password(issued.password)
    assert user_roles(account) == [Role.TEACHER]
    assert OneTimePassword.objects.get(user=account).issued_by == curator


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.METHODIST, Role.FORMAT_LEAD])
def test_a_teacher_may_be_a_methodist_or_a_format_lead(curator: User, role: Role) -> None:
    issued = create_login(person=TeacherFactory(), role=role, user=curator)

    assert user_roles(issued.account) == [role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CURATOR, Role.DIRECTOR, Role.PARTNER_CURATOR])
def test_no_teacher_gets_the_curator_s_or_the_director_s_role(curator: User, role: Role) -> None:
    teacher = TeacherFactory()

    with pytest.raises(ValidationError) as refusal:
        create_login(person=teacher, role=role, user=curator)

    assert "role" in refusal.value.error_dict
    assert not User.objects.exclude(pk=curator.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [StudentFactory, PupilFactory])
def test_students_and_pupils_get_no_login(curator: User, factory: type) -> None:
    person = factory()

    assert roles_for(person) == ()
    with pytest.raises(ValidationError):
        create_login(person=person, role=Role.TEACHER, user=curator)
    assert not User.objects.exclude(pk=curator.pk).exists()


@pytest.mark.django_db
def test_a_person_whose_data_were_destroyed_gets_no_login(curator: User) -> None:
    teacher = TeacherFactory(anonymised_on=dt.date(2026, 1, 15))

    with pytest.raises(ValidationError):
        create_login(person=teacher, role=Role.TEACHER, user=curator)

    assert not User.objects.exclude(pk=curator.pk).exists()


@pytest.mark.django_db
def test_a_person_with_a_login_gets_no_second_one(curator: User, teacher: User) -> None:
    person = TeacherFactory(user=teacher)

    with pytest.raises(ValidationError):
        create_login(person=person, role=Role.TEACHER, user=curator)

    assert User.objects.count() == 2


@pytest.mark.django_db
def test_a_taken_login_name_is_refused(curator: User) -> None:
    UserFactory(username="orlov.pd")
    teacher = TeacherFactory()

    with pytest.raises(ValidationError) as refusal:
        create_login(person=teacher, role=Role.TEACHER, user=curator, username="Orlov.PD")

    assert "username" in refusal.value.error_dict


@pytest.mark.django_db
def test_the_proposed_name_skips_a_taken_one(curator: User) -> None:
    UserFactory(username="orlov.pd")
    teacher = TeacherFactory(last_name="Орлов", first_name="Павел", patronymic="Дмитриевич")

    issued = create_login(person=teacher, role=Role.TEACHER, user=curator)

    assert issued.account.username == "orlov.pd2"


@pytest.mark.django_db
def test_a_partner_employee_recorded_as_the_partner_s_curator_becomes_one(curator: User) -> None:
    enterprise = PartnerOrganizationFactory()
    employee = PartnerEmployeeFactory(
        organization=enterprise, last_name="Зайцева", first_name="Ольга", patronymic="Игоревна"
    )
    partner = PartnerCuratorFactory(organization=enterprise, full_name="Зайцева Ольга Игоревна")

    assert roles_for(employee) == (Role.PARTNER_CURATOR,)
    issued = create_login(person=employee, role=Role.PARTNER_CURATOR, user=curator)

    partner.refresh_from_db()
    assert partner.user == issued.account
    assert user_roles(issued.account) == [Role.PARTNER_CURATOR]


@pytest.mark.django_db
def test_another_partner_employee_gets_no_login(curator: User) -> None:
    employee = PartnerEmployeeFactory()

    with pytest.raises(ValidationError):
        create_login(person=employee, role=Role.PARTNER_CURATOR, user=curator)


@pytest.mark.django_db
def test_a_partner_s_curator_gets_a_login_from_their_record(curator: User) -> None:
    partner = PartnerCuratorFactory(full_name="Кравец Марина Петровна")

    issued = create_login(person=partner, role=Role.PARTNER_CURATOR, user=curator)

    assert PartnerCurator.objects.get(pk=partner.pk).user == issued.account
    assert issued.account.username == "kravets.mp"


def _login(curator: User) -> User:
    return create_login(person=TeacherFactory(), role=Role.TEACHER, user=curator).account


@pytest.mark.django_db
def test_blocking_and_unblocking_a_login(curator: User) -> None:
    account = _login(curator)

    block_login(account=account, user=curator, seen=account_token(account))
    account.refresh_from_db()
    assert not account.is_active

    unblock_login(account=account, user=curator, seen=account_token(account))
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.django_db
def test_a_block_made_from_an_older_page_is_refused_as_stale(curator: User) -> None:
    account = _login(curator)
    seen = account_token(account)
    # Meanwhile another curator blocks, unblocks and resets it: the state is as before, the
    # one-time password is not.
    account = block_login(account=account, user=curator, seen=seen)
    account = unblock_login(account=account, user=curator, seen=account_token(account))
    reset_password(account=account, user=curator, seen=account_token(account))

    with pytest.raises(ValidationError) as refusal:
        block_login(account=account, user=curator, seen=seen)

    assert is_stale(refusal.value)
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.django_db
def test_the_curator_cannot_block_themselves(curator: User) -> None:
    with pytest.raises(ValidationError):
        block_login(account=curator, user=curator, seen=account_token(curator))

    curator.refresh_from_db()
    assert curator.is_active


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["director", "other_curator", "superuser", "staff"])
def test_the_curator_cannot_block_or_reset_the_admin_s_logins(
    curator: User, director: User, who: str
) -> None:
    accounts = {
        "director": director,
        "other_curator": UserFactory(roles=["curator"]),
        "superuser": UserFactory(is_superuser=True),
        "staff": UserFactory(is_staff=True),
    }
    account = accounts[who]
    password = account.password

    with pytest.raises(ValidationError):
        block_login(account=account, user=curator, seen=account_token(account))
    with pytest.raises(ValidationError):
        reset_password(account=account, user=curator, seen=account_token(account))

    account.refresh_from_db()
    assert account.is_active and account.password == password


@pytest.mark.django_db
def test_a_reset_sets_a_new_one_time_password(curator: User, teacher: User) -> None:
    issued = reset_password(account=teacher, user=curator, seen=account_token(teacher))

    teacher.refresh_from_db()
    assert teacher.check_password(issued.password)
    assert not teacher.check_password("secret")
    assert OneTimePassword.objects.get(user=teacher).issued_by == curator


@pytest.mark.django_db
def test_a_reset_lifts_the_login_s_lockouts(curator: User, teacher: User) -> None:
    AccessAttempt.objects.create(
        username="teacher", ip_address="10.0.0.7", failures_since_start=5, get_data="", post_data=""
    )
    other = AccessAttempt.objects.create(
        username="someone", ip_address="10.0.0.7", failures_since_start=5, get_data="", post_data=""
    )

    reset_password(account=teacher, user=curator, seen=account_token(teacher))

    assert list(AccessAttempt.objects.all()) == [other]


@pytest.mark.django_db
def test_one_s_own_password_ends_the_one_time_password(curator: User) -> None:
    account = _login(curator)

    change_own_password(user=account, password="Kolokol-2026")

    account.refresh_from_db()
    assert account.check_password("Kolokol-2026")
    assert not OneTimePassword.objects.filter(user=account).exists()
    assert Teacher.objects.get(user=account)
