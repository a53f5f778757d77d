"""registry.partners.services: partners, their agreements and curators, and who sees which."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from core.roles import Role
from pairs.mentorships.services import create_mentorship
from pairs.models import DecisionBody, Mentorship
from registry.models import Agreement, PartnerCurator, PartnerKind, PartnerOrganization
from registry.partners import services as partner_services
from registry.partners.services import (
    agreement_status,
    delete_agreement,
    delete_curator,
    partner_status,
    save_agreement,
    save_curator,
    save_organization,
)
from tests.factories import (
    AgreementFactory,
    DecisionFactory,
    MentorshipFactory,
    PartnerCuratorFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PupilFactory,
    StudentFactory,
    StudyGroupFactory,
    UserFactory,
    format_of,
    variant_of,
)
from tests.stale import is_stale, token_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agreement rules read today's date: here it is TODAY."""
    monkeypatch.setattr(partner_services, "timezone", SimpleNamespace(localdate=lambda: TODAY))


def refused(call: Any, fragment: str, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        call(**kwargs)
    messages = excinfo.value.messages
    assert any(fragment in message for message in messages), messages
    return messages


def agreement_fields(organization: PartnerOrganization, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "agreement": None,
        "organization": organization,
        "number": "24/СВ",
        "signed_on": dt.date(2025, 8, 20),
        "valid_from": dt.date(2025, 9, 1),
        "valid_to": dt.date(2028, 8, 31),
        "subject": "О сетевом взаимодействии и наставничестве",
    }
    fields.update(changes)
    if fields["agreement"] is not None:
        fields.setdefault("seen", token_of(fields["agreement"]))
    return fields


def curator_fields(organization: PartnerOrganization, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "curator": None,
        "organization": organization,
        "full_name": "Зайцева Ольга Игоревна",
        "position": "заместитель директора по УВР",
        "phone": "+7 (42149) 5-12-34",
        "email": "zaytseva@example.org",
        "user": None,
    }
    fields.update(changes)
    if fields["curator"] is not None:
        fields.setdefault("seen", token_of(fields["curator"]))
    return fields


def enterprise_with_mentorship(
    started_on: dt.date, *, valid_from: dt.date, valid_to: dt.date | None
) -> tuple[PartnerOrganization, Agreement]:
    """An enterprise with one agreement and a mentorship of its employee started on the day."""
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    agreement = AgreementFactory(
        organization=enterprise, signed_on=valid_from, valid_from=valid_from, valid_to=valid_to
    )
    MentorshipFactory(
        format=format_of("employer_student"),
        mentors=[PartnerEmployeeFactory(organization=enterprise)],
        mentees=[StudentFactory()],
        started_on=started_on,
        planned_end_on=started_on + dt.timedelta(days=200),
    )
    return enterprise, agreement


# ---- who sees which partners ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_colleges_roles_see_every_partner(persona: str, request: pytest.FixtureRequest) -> None:
    partners = PartnerOrganizationFactory.create_batch(2)

    visible = PartnerOrganization.objects.visible_to(request.getfixturevalue(persona))

    assert set(visible) == set(partners)


def test_a_partners_curator_sees_only_the_organization_they_curate(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)

    assert list(PartnerOrganization.objects.visible_to(partner_curator)) == [
        school_curator.organization
    ]


def test_a_partners_curator_without_a_curator_record_sees_nothing(partner_curator: User) -> None:
    PartnerOrganizationFactory()

    assert not PartnerOrganization.objects.visible_to(partner_curator).exists()


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_roles_without_the_permission_see_no_partner(
    persona: str, request: pytest.FixtureRequest
) -> None:
    PartnerOrganizationFactory()

    assert not PartnerOrganization.objects.visible_to(request.getfixturevalue(persona)).exists()


# ---- the status of agreements ---------------------------------------------------------------


def test_an_agreement_in_force_is_valid_until_its_end() -> None:
    agreement = AgreementFactory(valid_to=dt.date(2027, 8, 31))

    status = agreement_status(agreement, TODAY)

    assert (status.state, status.label, status.summary) == (
        "valid",
        "действует",
        "действует до 31.08.2027",
    )


def test_an_open_ended_agreement_in_force_is_open_ended() -> None:
    status = agreement_status(AgreementFactory(valid_to=None), TODAY)

    assert (status.state, status.summary) == ("valid", "бессрочный")


def test_an_agreement_past_its_end_has_expired() -> None:
    status = agreement_status(AgreementFactory(valid_to=dt.date(2024, 8, 31)), TODAY)

    assert (status.state, status.label, status.summary) == ("expired", "истёк", "истёк 31.08.2024")
    assert not status.is_valid


def test_an_agreement_is_valid_on_its_last_day() -> None:
    assert agreement_status(AgreementFactory(valid_to=TODAY), TODAY).is_valid


def test_an_agreement_before_its_start_is_not_yet_in_force() -> None:
    agreement = AgreementFactory(signed_on=TODAY, valid_from=dt.date(2026, 9, 1))

    status = agreement_status(agreement, TODAY)

    assert (status.label, status.summary) == ("ещё не действует", "вступит в силу 01.09.2026")


def test_a_partner_without_agreements_has_none() -> None:
    assert partner_status([], TODAY).summary == "нет договора"


def test_a_partner_with_an_expired_and_a_valid_agreement_is_in_force() -> None:
    partner = PartnerOrganizationFactory()
    AgreementFactory(organization=partner, valid_to=dt.date(2024, 8, 31))
    AgreementFactory(organization=partner, valid_to=dt.date(2027, 8, 31))

    assert partner_status(partner.agreements.all(), TODAY).summary == "действует до 31.08.2027"


def test_a_partner_whose_agreements_all_expired_shows_the_last_end() -> None:
    partner = PartnerOrganizationFactory()
    AgreementFactory(organization=partner, valid_to=dt.date(2023, 8, 31))
    AgreementFactory(organization=partner, valid_to=dt.date(2024, 8, 31))

    assert partner_status(partner.agreements.all(), TODAY).summary == "истёк 31.08.2024"


# ---- organizations --------------------------------------------------------------------------


def test_save_organization_adds_a_partner() -> None:
    partner = save_organization(
        organization=None,
        kind=PartnerKind.SCHOOL,
        name="Муниципальное бюджетное общеобразовательное учреждение «СОШ № 5»",
        short_name="  МБОУ  СОШ № 5 ",
        address="",
    )

    assert PartnerOrganization.objects.get().short_name == "МБОУ СОШ № 5"
    assert partner.kind == PartnerKind.SCHOOL


def test_save_organization_refuses_a_short_name_taken_in_another_case() -> None:
    PartnerOrganizationFactory(short_name="АО «Буреяуголь»")

    refused(
        save_organization,
        "«ао «буреяуголь»» уже есть",
        organization=None,
        kind=PartnerKind.ENTERPRISE,
        name="Акционерное общество",
        short_name="ао «буреяуголь»",
        address="",
    )
    assert PartnerOrganization.objects.count() == 1


def test_save_organization_keeps_the_own_short_name() -> None:
    partner = PartnerOrganizationFactory(short_name="АО «Буреяуголь»")

    save_organization(
        organization=partner,
        kind=partner.kind,
        name="Акционерное общество «Буреяуголь»",
        short_name="АО «Буреяуголь»",
        address="р.п. Чегдомын",
        seen=token_of(partner),
    )

    partner.refresh_from_db()
    assert partner.address == "р.п. Чегдомын"


def test_save_organization_refuses_a_stale_change() -> None:
    partner = PartnerOrganizationFactory(short_name="АО «Буреяуголь»", address="")
    seen = token_of(partner)
    PartnerOrganization.objects.filter(pk=partner.pk).update(address="р.п. Чегдомын")

    with pytest.raises(ValidationError) as excinfo:
        save_organization(
            organization=partner,
            kind=partner.kind,
            name=partner.name,
            short_name="АО «Ургалуголь»",
            address="",
            seen=seen,
        )

    assert is_stale(excinfo.value)
    partner.refresh_from_db()
    assert (partner.short_name, partner.address) == ("АО «Буреяуголь»", "р.п. Чегдомын")


def test_save_agreement_refuses_a_stale_change() -> None:
    agreement = AgreementFactory(valid_to=None)
    seen = token_of(agreement)
    Agreement.objects.filter(pk=agreement.pk).update(subject="Их предмет")

    with pytest.raises(ValidationError) as excinfo:
        save_agreement(
            **agreement_fields(
                agreement.organization,
                agreement=agreement,
                number=agreement.number,
                signed_on=agreement.signed_on,
                valid_from=agreement.valid_from,
                valid_to=dt.date(2030, 12, 31),
                seen=seen,
            )
        )

    assert is_stale(excinfo.value)
    agreement.refresh_from_db()
    assert (agreement.valid_to, agreement.subject) == (None, "Их предмет")


def test_save_curator_refuses_a_stale_change() -> None:
    curator = PartnerCuratorFactory(phone="")
    seen = token_of(curator)
    PartnerCurator.objects.filter(pk=curator.pk).update(phone="+7 999")

    with pytest.raises(ValidationError) as excinfo:
        save_curator(**curator_fields(curator.organization, curator=curator, seen=seen))

    assert is_stale(excinfo.value)
    curator.refresh_from_db()
    assert curator.phone == "+7 999"


def test_save_organization_refuses_to_turn_a_school_with_pupils_into_an_enterprise() -> None:
    school = PupilFactory().school

    refused(
        save_organization,
        "не может стать предприятием",
        organization=school,
        kind=PartnerKind.ENTERPRISE,
        name=school.name,
        short_name=school.short_name,
        address="",
        seen=token_of(school),
    )
    school.refresh_from_db()
    assert school.kind == PartnerKind.SCHOOL


# ---- agreements -----------------------------------------------------------------------------


def test_save_agreement_records_an_agreement() -> None:
    partner = PartnerOrganizationFactory()

    agreement = save_agreement(**agreement_fields(partner))

    assert list(partner.agreements.all()) == [agreement]
    assert agreement.valid_to == dt.date(2028, 8, 31)


def test_save_agreement_refuses_an_end_before_the_start() -> None:
    partner = PartnerOrganizationFactory()

    refused(
        save_agreement,
        "не может закончиться (31.08.2025) раньше, чем вступит в силу (01.09.2025)",
        **agreement_fields(partner, valid_to=dt.date(2025, 8, 31)),
    )
    assert not Agreement.objects.exists()


def test_save_agreement_refuses_coming_into_force_before_it_is_signed() -> None:
    partner = PartnerOrganizationFactory()

    refused(
        save_agreement,
        "вступает в силу не раньше дня подписания",
        **agreement_fields(partner, signed_on=dt.date(2025, 9, 5)),
    )
    assert not Agreement.objects.exists()


def test_save_agreement_refuses_a_signing_date_to_come() -> None:
    partner = PartnerOrganizationFactory()

    refused(
        save_agreement,
        "вносится после подписания",
        **agreement_fields(partner, signed_on=dt.date(2026, 3, 2), valid_from=dt.date(2026, 9, 1)),
    )
    assert not Agreement.objects.exists()


def test_save_agreement_refuses_a_second_agreement_with_the_same_number() -> None:
    partner = PartnerOrganizationFactory()
    AgreementFactory(organization=partner, number="24/СВ")

    refused(save_agreement, "уже есть договор № 24/СВ", **agreement_fields(partner))
    assert partner.agreements.count() == 1


def test_save_agreement_allows_the_same_number_with_another_partner() -> None:
    AgreementFactory(number="24/СВ")

    save_agreement(**agreement_fields(PartnerOrganizationFactory()))

    assert Agreement.objects.filter(number="24/СВ").count() == 2


def test_save_agreement_changes_an_agreement() -> None:
    agreement = AgreementFactory(valid_to=None)

    save_agreement(
        **agreement_fields(
            agreement.organization,
            agreement=agreement,
            number=agreement.number,
            signed_on=agreement.signed_on,
            valid_from=agreement.valid_from,
            valid_to=dt.date(2030, 12, 31),
        )
    )

    agreement.refresh_from_db()
    assert agreement.valid_to == dt.date(2030, 12, 31)


def test_save_agreement_refuses_to_cut_off_a_mentorship_formed_under_it() -> None:
    enterprise, agreement = enterprise_with_mentorship(
        dt.date(2025, 10, 1), valid_from=dt.date(2025, 9, 1), valid_to=None
    )

    refused(
        save_agreement,
        "начатых 01.10.2025, не останется договора",
        **agreement_fields(
            enterprise,
            agreement=agreement,
            number=agreement.number,
            signed_on=dt.date(2025, 9, 1),
            valid_from=dt.date(2025, 11, 1),
            valid_to=None,
        ),
    )
    agreement.refresh_from_db()
    assert agreement.valid_from == dt.date(2025, 9, 1)


def test_save_agreement_may_shorten_an_agreement_past_its_mentorships() -> None:
    enterprise, agreement = enterprise_with_mentorship(
        dt.date(2025, 10, 1), valid_from=dt.date(2025, 9, 1), valid_to=None
    )

    save_agreement(
        **agreement_fields(
            enterprise,
            agreement=agreement,
            number=agreement.number,
            signed_on=dt.date(2025, 9, 1),
            valid_from=dt.date(2025, 9, 1),
            valid_to=dt.date(2025, 12, 31),
        )
    )

    agreement.refresh_from_db()
    assert agreement.valid_to == dt.date(2025, 12, 31)


def test_delete_agreement_deletes_an_agreement_nothing_rests_on() -> None:
    agreement = AgreementFactory()

    delete_agreement(agreement=agreement)

    assert not Agreement.objects.exists()


def test_delete_agreement_refuses_when_a_mentorship_was_formed_under_it() -> None:
    _enterprise, agreement = enterprise_with_mentorship(
        dt.date(2025, 10, 1), valid_from=dt.date(2025, 9, 1), valid_to=None
    )

    refused(delete_agreement, "нельзя удалить", agreement=agreement)
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_delete_agreement_refuses_for_a_school_whose_pupil_is_a_mentee() -> None:
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    agreement = AgreementFactory(organization=school)
    MentorshipFactory(
        format=format_of("student_pupil"),
        mentors=[StudentFactory()],
        mentees=[PupilFactory(school=school)],
    )

    refused(delete_agreement, "начатые 01.10.2025", agreement=agreement)
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_delete_agreement_allows_when_another_agreement_covers_the_mentorships() -> None:
    enterprise, agreement = enterprise_with_mentorship(
        dt.date(2025, 10, 1), valid_from=dt.date(2025, 9, 1), valid_to=None
    )
    AgreementFactory(organization=enterprise, valid_from=dt.date(2025, 1, 1), valid_to=None)

    delete_agreement(agreement=agreement)

    assert enterprise.agreements.count() == 1


def test_delete_agreement_allows_when_the_mentorships_started_outside_it() -> None:
    _enterprise, agreement = enterprise_with_mentorship(
        dt.date(2025, 10, 1), valid_from=dt.date(2026, 1, 1), valid_to=None
    )

    delete_agreement(agreement=agreement)

    assert not Agreement.objects.filter(pk=agreement.pk).exists()


# ---- an expired agreement blocks new pairs (pairs.rules) ---------------------------------


def employer_student_args(enterprise: PartnerOrganization, started_on: dt.date) -> dict[str, Any]:
    return {
        "format": format_of("employer_student"),
        "variant": None,
        "mentors": [PartnerEmployeeFactory(organization=enterprise)],
        "mentees": [StudentFactory(group=StudyGroupFactory(course=3))],
        "decision": DecisionFactory(
            body=DecisionBody.EMPLOYER,
            partner=enterprise,
            decided_on=started_on,
            student_council_opinion="",
            college_approval="Согласовано с техникумом (письмо № 12).",
        ),
        "started_on": started_on,
        "planned_end_on": started_on + dt.timedelta(days=180),
    }


def test_an_expired_agreement_blocks_a_new_employer_student_mentorship() -> None:
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    save_agreement(
        **agreement_fields(
            enterprise,
            signed_on=dt.date(2022, 8, 20),
            valid_from=dt.date(2022, 9, 1),
            valid_to=dt.date(2025, 8, 31),
        )
    )
    assert partner_status(enterprise.agreements.all(), TODAY).state == "expired"

    refused(
        create_mentorship,
        "нет договора о сотрудничестве с техникумом, действующего на 01.03.2026",
        **employer_student_args(enterprise, TODAY),
    )
    assert not Mentorship.objects.exists()


def test_an_agreement_not_yet_in_force_blocks_a_new_employer_student_mentorship() -> None:
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    save_agreement(
        **agreement_fields(
            enterprise, signed_on=dt.date(2026, 2, 1), valid_from=dt.date(2026, 4, 1)
        )
    )

    refused(create_mentorship, "нет договора", **employer_student_args(enterprise, TODAY))
    assert not Mentorship.objects.exists()


def test_a_renewed_agreement_lets_the_employer_student_mentorship_be_formed() -> None:
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    AgreementFactory(organization=enterprise, valid_to=dt.date(2025, 8, 31))
    save_agreement(**agreement_fields(enterprise, number="25/СВ"))

    mentorship = create_mentorship(**employer_student_args(enterprise, TODAY))

    assert mentorship.mentors.get().partneremployee.organization == enterprise


def test_an_expired_agreement_blocks_a_new_student_pupil_mentorship() -> None:
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    AgreementFactory(organization=school, valid_to=dt.date(2025, 8, 31))
    args = {
        "format": format_of("student_pupil"),
        "variant": variant_of("student_pupil", "active"),
        "mentors": [StudentFactory(group=StudyGroupFactory(course=2))],
        "mentees": [PupilFactory(school=school)],
        "decision": DecisionFactory(
            body=DecisionBody.PROJECT_HEAD,
            partner=school,
            decided_on=TODAY,
            student_council_opinion="",
            school_curator_opinion="Куратор школы поддерживает.",
        ),
        "started_on": TODAY,
        "planned_end_on": dt.date(2026, 6, 30),
    }

    refused(create_mentorship, "нет договора о сотрудничестве", **args)
    assert not Mentorship.objects.exists()


# ---- curators -------------------------------------------------------------------------------


def test_save_curator_adds_a_curator_without_an_account() -> None:
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)

    curator = save_curator(**curator_fields(school))

    assert list(school.curators.all()) == [curator]
    assert curator.user is None


def test_save_curator_gives_the_linked_account_the_partner_curator_role() -> None:
    account = UserFactory(username="zaytseva")

    save_curator(**curator_fields(PartnerOrganizationFactory(), user=account))

    assert account.groups.filter(name=Role.PARTNER_CURATOR).exists()


def test_save_curator_takes_the_role_from_an_account_unlinked() -> None:
    account = UserFactory(username="zaytseva", roles=[Role.PARTNER_CURATOR])
    curator = PartnerCuratorFactory(user=account)
    other = UserFactory(username="smirnova")

    save_curator(**curator_fields(curator.organization, curator=curator, user=other))

    assert not account.groups.filter(name=Role.PARTNER_CURATOR).exists()
    assert other.groups.filter(name=Role.PARTNER_CURATOR).exists()


def test_save_curator_refuses_an_account_of_another_curator() -> None:
    account = UserFactory(username="zaytseva", roles=[Role.PARTNER_CURATOR])
    PartnerCuratorFactory(user=account, full_name="Зайцева Ольга Игоревна")
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)

    refused(
        save_curator,
        "уже принадлежит куратору Зайцева Ольга Игоревна",
        **curator_fields(school, user=account),
    )
    assert not school.curators.exists()


def test_save_curator_refuses_an_account_of_the_colleges_staff(teacher: User) -> None:
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)

    refused(
        save_curator, "сотруднику техникума (преподаватель)", **curator_fields(school, user=teacher)
    )
    assert not school.curators.exists()
    assert not teacher.groups.filter(name=Role.PARTNER_CURATOR).exists()


def test_save_curator_refuses_a_wrong_email() -> None:
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)

    with pytest.raises(ValidationError):
        save_curator(**curator_fields(school, email="not an address"))
    assert not school.curators.exists()


def test_delete_curator_takes_the_role_from_their_account(
    school_curator: PartnerCurator, partner_curator: User
) -> None:
    delete_curator(curator=school_curator)

    assert not PartnerCurator.objects.exists()
    assert not partner_curator.groups.filter(name=Role.PARTNER_CURATOR).exists()
