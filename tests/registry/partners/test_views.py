"""The pages of partners, their agreements and their curators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from registry.models import Agreement, PartnerCurator, PartnerKind, PartnerOrganization
from tests.conftest import client_for
from tests.factories import (
    AgreementFactory,
    MentorshipFactory,
    PartnerCuratorFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PupilFactory,
    StudentFactory,
    UserFactory,
    format_of,
)
from tests.stale import refused_as_stale, seen_on, token_of

pytestmark = pytest.mark.django_db

LIST = reverse("partners:list")
CREATE = reverse("partners:create")
TODAY = timezone.localdate()
YEAR = dt.timedelta(days=365)


def url(name: str, *args: int) -> str:
    return reverse(f"partners:{name}", args=args)


def d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _records(response: Any) -> list[PartnerOrganization]:
    return [row.record for row in response.context["table"].page.object_list]


def enterprise(**fields: Any) -> PartnerOrganization:
    return PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE, **fields)


def school(**fields: Any) -> PartnerOrganization:
    return PartnerOrganizationFactory(kind=PartnerKind.SCHOOL, **fields)


def agreement(partner: PartnerOrganization, **fields: Any) -> Agreement:
    start = fields.pop("valid_from", TODAY - YEAR)
    return AgreementFactory(organization=partner, signed_on=start, valid_from=start, **fields)


def agreement_data(**changes: str) -> dict[str, str]:
    data = {
        "number": "24/СВ",
        "signed_on": (TODAY - YEAR).isoformat(),
        "valid_from": (TODAY - YEAR).isoformat(),
        "valid_to": (TODAY + YEAR).isoformat(),
        "subject": "О сетевом взаимодействии и наставничестве",
    }
    data.update(changes)
    return data


def curator_data(**changes: Any) -> dict[str, Any]:
    data = {
        "full_name": "Зайцева Ольга Игоревна",
        "position": "заместитель директора по УВР",
        "phone": "+7 (42149) 5-12-34",
        "email": "zaytseva@example.org",
        "user": "",
    }
    data.update(changes)
    return data


# ---- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_colleges_roles_see_the_list(persona: str, request: pytest.FixtureRequest) -> None:
    enterprise(short_name="АО «Буреяуголь»")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "АО «Буреяуголь»" in response.text


def test_a_partners_curator_sees_only_their_school_in_the_list(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    school(short_name="МБОУ СОШ № 2")

    response = client_for(partner_curator).get(LIST)

    assert _records(response) == [school_curator.organization]


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_others_cannot_see_partners(persona: str, request: pytest.FixtureRequest) -> None:
    partner = enterprise()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.get(url("detail", partner.pk)).status_code == 403


def test_the_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


def test_the_list_shows_each_partners_agreement_status(curator: User) -> None:
    agreement(enterprise(short_name="Действующий"), valid_to=TODAY + YEAR)
    agreement(enterprise(short_name="Бессрочный"), valid_to=None)
    agreement(enterprise(short_name="Истёкший"), valid_from=TODAY - 3 * YEAR, valid_to=TODAY - YEAR)
    agreement(school(short_name="Будущий"), valid_from=TODAY + YEAR)
    school(short_name="Без договора")

    text = client_for(curator).get(LIST).text

    assert f"действует до {d(TODAY + YEAR)}" in text
    assert "бессрочный" in text
    assert f"истёк {d(TODAY - YEAR)}" in text
    assert f"вступит в силу {d(TODAY + YEAR)}" in text
    assert "нет договора" in text


def test_the_list_counts_pupils_and_staff_and_names_the_curators(curator: User) -> None:
    partner = school(short_name="МБОУ СОШ № 1")
    PupilFactory.create_batch(3, school=partner)
    PartnerCuratorFactory(organization=partner, full_name="Зайцева Ольга Игоревна")
    factory = enterprise(short_name="АО «Буреяуголь»")
    PartnerEmployeeFactory.create_batch(2, organization=factory)

    response = client_for(curator).get(LIST)

    counts = {record.short_name: record.people_count for record in _records(response)}
    assert counts == {"МБОУ СОШ № 1": 3, "АО «Буреяуголь»": 2}
    assert "Зайцева Ольга Игоревна" in response.text


def test_the_list_filters_by_kind(curator: User) -> None:
    partner = school()
    enterprise()

    response = client_for(curator).get(LIST, {"kind": PartnerKind.SCHOOL})

    assert _records(response) == [partner]


@pytest.mark.parametrize("text", ["буреяуголь", "БУРЕЯУГОЛЬ", "акционерное общество"])
def test_the_list_searches_cyrillic_names_in_any_case(curator: User, text: str) -> None:
    found = enterprise(short_name="АО «Буреяуголь»", name="Акционерное общество «Буреяуголь»")
    enterprise(short_name="ООО «Разрез Ниманский»")

    response = client_for(curator).get(LIST, {"q": text})

    assert _records(response) == [found]


def test_the_list_search_takes_yo_for_ye(curator: User) -> None:
    found = school(short_name="МБОУ СОШ р.п. Новоургал", name="Школа посёлка Новоургал")
    school(short_name="МБОУ СОШ № 2")

    response = client_for(curator).get(LIST, {"q": "поселка"})

    assert _records(response) == [found]


def test_the_list_search_keeps_a_partners_curator_to_their_school(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    school(short_name="Другая школа")

    response = client_for(partner_curator).get(LIST, {"q": "школа"})

    assert _records(response) == []


def _partners(count: int) -> None:
    for index in range(count):
        if index % 2:
            partner = school()
            PupilFactory.create_batch(2, school=partner)
        else:
            partner = enterprise()
            PartnerEmployeeFactory.create_batch(2, organization=partner)
        agreement(partner, valid_to=TODAY + YEAR)
        agreement(partner, valid_from=TODAY - 3 * YEAR, valid_to=TODAY - 2 * YEAR)
        PartnerCuratorFactory(organization=partner)


def _queries(client: Any, **params: str) -> tuple[int, int]:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    return len(queries), len(_records(response))


@pytest.mark.parametrize("params", [{}, {"q": "партнёр"}])
def test_the_list_takes_the_same_queries_for_5_and_30_partners(
    curator: User, params: dict[str, str], django_assert_max_num_queries: Callable
) -> None:
    client = client_for(curator)
    client.get(LIST)  # caches what every page reads once (the organization, content types)
    _partners(5)
    few, shown = _queries(client, **params)
    assert shown == 5
    _partners(25)

    many, shown = _queries(client, **params)

    assert shown == 25  # the first page
    assert many == few
    with django_assert_max_num_queries(12):
        client.get(LIST, params)


# ---- the detail -----------------------------------------------------------------------------


def test_the_detail_shows_agreements_with_their_status_and_curators(curator: User) -> None:
    partner = enterprise(short_name="АО «Буреяуголь»", address="р.п. Чегдомын")
    agreement(partner, number="3-НС", valid_from=TODAY - 3 * YEAR, valid_to=TODAY - YEAR)
    agreement(partner, number="24/СВ", valid_to=TODAY + YEAR, subject="О практической подготовке")
    PartnerCuratorFactory(
        organization=partner,
        full_name="Зайцев Игорь Олегович",
        phone="+7 (42149) 5-12-34",
        user=UserFactory(username="zaytsev"),
    )

    response = client_for(curator).get(url("detail", partner.pk))

    text = response.text
    assert response.status_code == 200
    assert "3-НС" in text and "24/СВ" in text
    assert "О практической подготовке" in text
    assert ">истёк<" in text and ">действует<" in text
    assert "Зайцев Игорь Олегович" in text and "+7 (42149) 5-12-34" in text
    assert "учётная запись zaytsev" in text
    assert "Нет действующего договора" not in text
    assert url("agreement-create", partner.pk) in text  # the curator may add


def test_the_detail_warns_when_the_agreement_has_expired(curator: User) -> None:
    partner = enterprise()
    agreement(partner, valid_from=TODAY - 3 * YEAR, valid_to=TODAY - YEAR)

    text = client_for(curator).get(url("detail", partner.pk)).text

    assert (
        "Нет действующего договора: новые пары «работодатель – студент» с этим партнёром "
        "не создаются" in text
    )
    assert f"истёк {d(TODAY - YEAR)}" in text


def test_the_detail_warns_a_school_without_an_agreement(curator: User) -> None:
    text = client_for(curator).get(url("detail", school().pk)).text

    assert "новые пары «студент – ученик» с этим партнёром не создаются" in text
    assert "Договоры пока не внесены." in text


def test_the_detail_shows_a_future_agreement_as_not_yet_in_force(curator: User) -> None:
    partner = school()
    agreement(partner, valid_from=TODAY + dt.timedelta(days=10))

    text = client_for(curator).get(url("detail", partner.pk)).text

    assert ">ещё не действует<" in text
    assert "Нет действующего договора" in text


def test_the_director_sees_the_detail_without_changing_anything(director: User) -> None:
    partner = enterprise()
    agreement(partner)
    PartnerCuratorFactory(organization=partner, full_name="Зайцев Игорь Олегович")

    text = client_for(director).get(url("detail", partner.pk)).text

    assert "Зайцев Игорь Олегович" in text
    assert url("edit", partner.pk) not in text
    assert url("agreement-create", partner.pk) not in text
    assert url("curator-create", partner.pk) not in text


def test_a_partners_curator_sees_their_school_and_its_curators(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    partner = school_curator.organization
    agreement(partner)

    response = client_for(partner_curator).get(url("detail", partner.pk))

    assert response.status_code == 200
    assert "Кураторова Марина Петровна" in response.text
    assert url("edit", partner.pk) not in response.text


def test_a_partners_curator_cannot_see_another_school(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    other = school()

    assert client_for(partner_curator).get(url("detail", other.pk)).status_code == 404


def test_the_detail_of_an_unknown_partner_is_not_found(curator: User) -> None:
    assert client_for(curator).get(url("detail", 999)).status_code == 404


def test_the_detail_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("detail", enterprise().pk)).status_code == 405


# ---- creating and editing partners ----------------------------------------------------------


def test_the_curator_adds_a_partner(curator: User) -> None:
    response = client_for(curator).post(
        CREATE,
        {
            "kind": PartnerKind.SCHOOL,
            "short_name": "МБОУ СОШ № 5",
            "name": "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 5»",
            "address": "р.п. Чегдомын",
        },
    )

    partner = PartnerOrganization.objects.get()
    assert response.status_code == 302
    assert response.url == url("detail", partner.pk)
    assert partner.kind == PartnerKind.SCHOOL


def test_adding_a_partner_with_a_taken_name_is_refused(curator: User) -> None:
    enterprise(short_name="АО «Буреяуголь»")

    response = client_for(curator).post(
        CREATE,
        {"kind": PartnerKind.ENTERPRISE, "short_name": "ао «буреяуголь»", "name": "АО"},
    )

    assert response.status_code == 200
    assert "Партнёр с кратким наименованием «ао «буреяуголь»» уже есть." in response.text
    assert PartnerOrganization.objects.count() == 1


@pytest.mark.parametrize("persona", ["teacher", "director", "partner_curator"])
def test_others_cannot_add_a_partner(persona: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(persona)).get(CREATE).status_code == 403


def test_adding_a_partner_refuses_put(curator: User) -> None:
    assert client_for(curator).put(CREATE).status_code == 405


def test_the_curator_edits_a_partner(curator: User) -> None:
    partner = enterprise(short_name="АО «Буреяуголь»")

    response = client_for(curator).post(
        url("edit", partner.pk),
        {
            "kind": PartnerKind.ENTERPRISE,
            "short_name": "АО «Буреяуголь»",
            "name": "Акционерное общество «Буреяуголь»",
            "address": "ул. Магистральная, д. 2",
            "seen": token_of(partner),
        },
    )

    partner.refresh_from_db()
    assert response.status_code == 302
    assert partner.address == "ул. Магистральная, д. 2"


def test_a_stale_partner_form_is_refused_and_changes_nothing(curator: User) -> None:
    partner = enterprise(short_name="АО «Буреяуголь»")
    client = client_for(curator)
    seen = seen_on(client, url("edit", partner.pk))
    PartnerOrganization.objects.filter(pk=partner.pk).update(address="р.п. Чегдомын")
    data = {
        "kind": PartnerKind.ENTERPRISE,
        "short_name": "АО «Буреяуголь»",
        "name": "Акционерное общество «Буреяуголь»",
        "address": "ул. Магистральная, д. 2",
    }

    response = client.post(url("edit", partner.pk), data | {"seen": seen})
    without_token = client.post(url("edit", partner.pk), data)

    assert refused_as_stale(response)
    assert refused_as_stale(without_token)
    partner.refresh_from_db()
    assert partner.address == "р.п. Чегдомын"


def test_the_edit_form_shows_the_saved_values(curator: User) -> None:
    partner = enterprise(short_name="АО «Буреяуголь»")

    response = client_for(curator).get(url("edit", partner.pk))

    assert 'value="АО «Буреяуголь»"' in response.text


def test_editing_an_unknown_partner_is_not_found(curator: User) -> None:
    assert client_for(curator).get(url("edit", 999)).status_code == 404


def test_a_partners_curator_cannot_edit_their_school(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    response = client_for(partner_curator).get(url("edit", school_curator.organization.pk))

    assert response.status_code == 403


# ---- agreements -----------------------------------------------------------------------------


def test_the_curator_records_an_expired_agreement_and_it_shows_as_expired(curator: User) -> None:
    partner = enterprise()
    client = client_for(curator)
    data = agreement_data(
        valid_from=(TODAY - 3 * YEAR).isoformat(),
        signed_on=(TODAY - 3 * YEAR).isoformat(),
        valid_to=(TODAY - YEAR).isoformat(),
    )

    response = client.post(url("agreement-create", partner.pk), data, follow=True)

    assert partner.agreements.get().number == "24/СВ"
    assert "Договор № 24/СВ внесён." in response.text
    assert f"истёк {d(TODAY - YEAR)}" in response.text
    assert "Нет действующего договора" in response.text


def test_an_agreement_signed_after_it_comes_into_force_is_refused(curator: User) -> None:
    partner = enterprise()

    response = client_for(curator).post(
        url("agreement-create", partner.pk),
        agreement_data(signed_on=(TODAY - YEAR + dt.timedelta(days=3)).isoformat()),
    )

    assert response.status_code == 200
    assert "Договор вступает в силу не раньше дня подписания" in response.text
    assert not partner.agreements.exists()


def test_an_agreement_ending_before_it_starts_is_refused(curator: User) -> None:
    partner = enterprise()

    response = client_for(curator).post(
        url("agreement-create", partner.pk),
        agreement_data(valid_to=(TODAY - 2 * YEAR).isoformat()),
    )

    assert "раньше, чем вступит в силу" in response.text
    assert not partner.agreements.exists()


def test_adding_an_agreement_to_an_unknown_partner_is_not_found(curator: User) -> None:
    assert client_for(curator).get(url("agreement-create", 999)).status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "director", "partner_curator"])
def test_others_cannot_add_an_agreement(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("agreement-create", enterprise().pk)).status_code == 403


def test_the_curator_edits_an_agreement(curator: User) -> None:
    record = agreement(enterprise(), number="24/СВ", valid_to=None)

    response = client_for(curator).post(
        url("agreement-edit", record.organization.pk, record.pk),
        agreement_data(
            signed_on=record.signed_on.isoformat(),
            valid_from=record.valid_from.isoformat(),
            seen=token_of(record),
        ),
    )

    record.refresh_from_db()
    assert response.status_code == 302
    assert record.valid_to == TODAY + YEAR


def test_a_stale_agreement_form_is_refused_and_changes_nothing(curator: User) -> None:
    record = agreement(enterprise(), number="24/СВ", valid_to=None)
    edit = url("agreement-edit", record.organization.pk, record.pk)
    client = client_for(curator)
    seen = seen_on(client, edit)
    Agreement.objects.filter(pk=record.pk).update(subject="Их предмет")

    response = client.post(
        edit,
        agreement_data(
            signed_on=record.signed_on.isoformat(),
            valid_from=record.valid_from.isoformat(),
            seen=seen,
        ),
    )

    assert refused_as_stale(response)
    record.refresh_from_db()
    assert (record.valid_to, record.subject) == (None, "Их предмет")


def test_an_agreement_of_another_partner_is_not_found(curator: User) -> None:
    record = agreement(enterprise())
    other = enterprise()
    client = client_for(curator)

    assert client.get(url("agreement-edit", other.pk, record.pk)).status_code == 404
    assert client.get(url("agreement-delete", other.pk, record.pk)).status_code == 404


def test_the_agreement_edit_refuses_put(curator: User) -> None:
    record = agreement(enterprise())

    response = client_for(curator).put(url("agreement-edit", record.organization.pk, record.pk))

    assert response.status_code == 405


def test_deleting_an_agreement_asks_first(curator: User) -> None:
    record = agreement(enterprise(), number="24/СВ")

    response = client_for(curator).get(url("agreement-delete", record.organization.pk, record.pk))

    assert response.status_code == 200
    assert "Удалить договор № 24/СВ" in response.text
    assert Agreement.objects.filter(pk=record.pk).exists()


def test_the_curator_deletes_an_agreement(curator: User) -> None:
    record = agreement(enterprise(), number="24/СВ")

    response = client_for(curator).post(
        url("agreement-delete", record.organization.pk, record.pk), follow=True
    )

    assert "Договор № 24/СВ удалён." in response.text
    assert not Agreement.objects.filter(pk=record.pk).exists()


def test_deleting_an_agreement_a_mentorship_rests_on_is_refused(curator: User) -> None:
    partner = enterprise()
    record = agreement(partner, number="24/СВ", valid_from=dt.date(2025, 1, 1))
    MentorshipFactory(
        format=format_of("employer_student"),
        mentors=[PartnerEmployeeFactory(organization=partner)],
        mentees=[StudentFactory()],
    )

    response = client_for(curator).post(url("agreement-delete", partner.pk, record.pk), follow=True)

    assert "Договор № 24/СВ нельзя удалить" in response.text
    assert Agreement.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("persona", ["director", "partner_curator"])
def test_others_cannot_delete_an_agreement(persona: str, request: pytest.FixtureRequest) -> None:
    record = agreement(enterprise())
    client = client_for(request.getfixturevalue(persona))

    response = client.post(url("agreement-delete", record.organization.pk, record.pk))

    assert response.status_code == 403
    assert Agreement.objects.filter(pk=record.pk).exists()


def test_deleting_an_agreement_refuses_put(curator: User) -> None:
    record = agreement(enterprise())

    response = client_for(curator).put(url("agreement-delete", record.organization.pk, record.pk))

    assert response.status_code == 405


# ---- curators -------------------------------------------------------------------------------


def test_the_curator_adds_a_partners_curator_with_an_account(curator: User) -> None:
    partner = school()
    account = UserFactory(username="zaytseva")

    response = client_for(curator).post(
        url("curator-create", partner.pk), curator_data(user=account.pk), follow=True
    )

    added = partner.curators.get()
    assert "Куратор Зайцева Ольга Игоревна добавлен." in response.text
    assert added.user == account
    assert account.groups.filter(name=Role.PARTNER_CURATOR).exists()


def test_the_account_choice_leaves_out_the_colleges_staff(curator: User, teacher: User) -> None:
    UserFactory(username="zaytseva")

    response = client_for(curator).get(url("curator-create", school().pk))

    choices = {user.username for user in response.context["form"].fields["user"].queryset}
    assert "zaytseva" in choices
    assert not {"teacher", "curator"} & choices


def test_a_partners_curator_with_a_wrong_email_is_refused(curator: User) -> None:
    partner = school()

    response = client_for(curator).post(
        url("curator-create", partner.pk), curator_data(email="not an address")
    )

    assert response.status_code == 200
    assert not partner.curators.exists()


@pytest.mark.parametrize("persona", ["teacher", "director", "partner_curator"])
def test_others_cannot_add_a_partners_curator(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("curator-create", school().pk)).status_code == 403


def test_the_curator_edits_a_partners_curator(curator: User) -> None:
    record = PartnerCuratorFactory()

    response = client_for(curator).post(
        url("curator-edit", record.organization.pk, record.pk),
        curator_data(
            full_name="Зайцева Ольга Игоревна", phone="8-914-000-00-00", seen=token_of(record)
        ),
    )

    record.refresh_from_db()
    assert response.status_code == 302
    assert record.phone == "8-914-000-00-00"


def test_a_stale_curator_form_is_refused_and_changes_nothing(curator: User) -> None:
    record = PartnerCuratorFactory(phone="")
    edit = url("curator-edit", record.organization.pk, record.pk)
    client = client_for(curator)
    seen = seen_on(client, edit)
    PartnerCurator.objects.filter(pk=record.pk).update(position="директор")

    response = client.post(edit, curator_data(phone="8-914-000-00-00", seen=seen))

    assert refused_as_stale(response)
    record.refresh_from_db()
    assert (record.phone, record.position) == ("", "директор")


def test_a_curator_of_another_partner_is_not_found(curator: User) -> None:
    record = PartnerCuratorFactory()
    other = school()
    client = client_for(curator)

    assert client.get(url("curator-edit", other.pk, record.pk)).status_code == 404
    assert client.get(url("curator-delete", other.pk, record.pk)).status_code == 404


def test_the_curator_edit_refuses_put(curator: User) -> None:
    record = PartnerCuratorFactory()

    response = client_for(curator).put(url("curator-edit", record.organization.pk, record.pk))

    assert response.status_code == 405


def test_deleting_a_partners_curator_asks_first(
    curator: User, school_curator: PartnerCurator
) -> None:
    response = client_for(curator).get(
        url("curator-delete", school_curator.organization.pk, school_curator.pk)
    )

    assert response.status_code == 200
    assert "Удалить Кураторова Марина Петровна из кураторов" in response.text
    assert "лишится роли куратора партнёра" in response.text


def test_the_curator_deletes_a_partners_curator_and_the_role_goes(
    curator: User, school_curator: PartnerCurator, partner_curator: User
) -> None:
    response = client_for(curator).post(
        url("curator-delete", school_curator.organization.pk, school_curator.pk)
    )

    assert response.status_code == 302
    assert not PartnerCurator.objects.exists()
    assert not partner_curator.groups.filter(name=Role.PARTNER_CURATOR).exists()


def test_a_partners_curator_cannot_delete_themselves(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    response = client_for(partner_curator).post(
        url("curator-delete", school_curator.organization.pk, school_curator.pk)
    )

    assert response.status_code == 403
    assert PartnerCurator.objects.exists()


def test_deleting_a_partners_curator_refuses_put(curator: User) -> None:
    record = PartnerCuratorFactory()

    response = client_for(curator).put(url("curator-delete", record.organization.pk, record.pk))

    assert response.status_code == 405
