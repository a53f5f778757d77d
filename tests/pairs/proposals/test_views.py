from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.dates import AcademicYear
from pairs.models import PoolEntry, PoolStatus, Proposal, ProposalStatus
from programs.models import MentoringFormat
from registry.models import PartnerCurator, StudentStatus
from tests.conftest import client_for
from tests.factories import (
    ProposalFactory,
    PupilFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db

LIST = reverse("proposals:list")
CREATE = reverse("proposals:create")
CURRENT = AcademicYear.current().start_year


def url(name: str, pk: int) -> str:
    return reverse(f"proposals:{name}", args=[pk])


@pytest.fixture
def other_teacher(db: None) -> User:
    return UserFactory(username="teacher_b", last_name="Зуева", roles=["teacher"])


def _teacher_student_proposal(**changes: object) -> Proposal:
    """A proposal of «педагог – студент» with the ОВЗ variant: special-category data."""
    arguments: dict[str, object] = {
        "format": format_of("teacher_student"),
        "variant": variant_of("teacher_student", "disabilities"),
    }
    arguments.update(changes)
    return ProposalFactory(**arguments)


def _records(response: object) -> list[Proposal]:
    return [row.record for row in response.context["table"].page.object_list]  # type: ignore[attr-defined]


def _accepted(**changes: object) -> Proposal:
    arguments: dict[str, object] = {"status": ProposalStatus.ACCEPTED, "decided_at": timezone.now()}
    arguments.update(changes)
    return ProposalFactory(**arguments)


# --- The list ----------------------------------------------------------------------------


def test_a_teacher_sees_only_their_own_proposals(teacher: User, other_teacher: User) -> None:
    own = ProposalFactory(proposed_by=teacher)
    ProposalFactory(proposed_by=other_teacher)

    response = client_for(teacher).get(LIST)

    assert response.status_code == 200
    assert response.context["tab"] == "mine"
    assert "Мои представления" in response.text
    assert _records(response) == [own]


def test_a_teacher_reads_the_reason_of_a_rejection(teacher: User) -> None:
    ProposalFactory(
        proposed_by=teacher,
        status=ProposalStatus.REJECTED,
        rejection_reason="Успевает без наставника",
        decided_at=timezone.now(),
    )

    response = client_for(teacher).get(LIST)

    assert "отклонено" in response.text
    assert "Успевает без наставника" in response.text


def test_the_lead_sees_the_pending_proposals_of_their_formats(lead: User) -> None:
    pending = ProposalFactory()
    _accepted()
    _teacher_student_proposal()

    response = client_for(lead).get(LIST)

    assert response.context["tab"] == "inbox"
    assert "Входящие представления" in response.text
    assert _records(response) == [pending]
    assert response.context["pending_count"] == 1
    assert "1 представление ожидает вашего рассмотрения" in response.text


def test_the_lead_sees_every_proposal_of_their_formats_in_all(lead: User) -> None:
    pending, accepted = ProposalFactory(), _accepted()
    _teacher_student_proposal()

    response = client_for(lead).get(LIST, {"tab": "all"})

    assert set(_records(response)) == {pending, accepted}


def test_the_inbox_has_no_status_filter(lead: User) -> None:
    response = client_for(lead).get(LIST)

    assert "status" not in response.context["filter"].form.fields


@pytest.mark.parametrize("persona", ["director", "methodist"])
def test_readers_see_every_proposal(persona: str, request: pytest.FixtureRequest) -> None:
    ProposalFactory()
    _teacher_student_proposal()

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.context["tab"] == "all"
    assert response.context["pending_count"] is None
    assert len(_records(response)) == 2


def test_the_curator_sees_the_inbox_of_every_format(curator: User) -> None:
    ProposalFactory()
    _teacher_student_proposal()

    response = client_for(curator).get(LIST)

    assert response.context["tab"] == "inbox"
    assert response.context["pending_count"] == 2


def test_a_partner_curator_sees_their_own(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    own = ProposalFactory(
        proposed_by=partner_curator,
        person=PupilFactory(school=school_curator.organization),
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "active"),
    )
    ProposalFactory()

    response = client_for(partner_curator).get(LIST)

    assert _records(response) == [own]


def test_an_empty_list_says_so(teacher: User) -> None:
    assert "Представлений пока нет" in client_for(teacher).get(LIST).text


def test_an_empty_inbox_says_so(lead: User) -> None:
    assert "ожидающих вашего рассмотрения, нет" in client_for(lead).get(LIST).text


def test_the_list_is_in_russian_name_order(curator: User) -> None:
    for last_name in ["Яковлев", "Ёлкин", "Абрамов", "Жуков"]:
        ProposalFactory(person=StudentFactory(last_name=last_name))

    response = client_for(curator).get(LIST)

    names = [proposal.person.last_name for proposal in _records(response)]
    assert names == ["Абрамов", "Ёлкин", "Жуков", "Яковлев"]


def test_the_list_searches_a_name_in_any_case_and_with_e_for_yo(curator: User) -> None:
    wanted = ProposalFactory(person=StudentFactory(last_name="Семёнов"))
    ProposalFactory(person=StudentFactory(last_name="Петров"))

    response = client_for(curator).get(LIST, {"tab": "all", "q": "семенов"})

    assert _records(response) == [wanted]


def test_the_list_filters_by_status_format_and_year(curator: User) -> None:
    wanted = _accepted(academic_year=CURRENT)
    _accepted(academic_year=CURRENT - 1)
    ProposalFactory(academic_year=CURRENT)
    _teacher_student_proposal(
        academic_year=CURRENT, status=ProposalStatus.ACCEPTED, decided_at=timezone.now()
    )
    query = {
        "tab": "all",
        "status": "accepted",
        "format": str(format_of("student_student").pk),
        "academic_year": str(CURRENT),
    }

    response = client_for(curator).get(LIST, query)

    assert _records(response) == [wanted]


def test_list_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(LIST).status_code == 403


def test_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


@pytest.mark.parametrize("rows", [5, 30])
def test_list_takes_the_same_queries_for_any_number_of_proposals(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    for index in range(rows):
        if index % 3 == 0:
            ProposalFactory(person=PupilFactory(), format=format_of("student_pupil"))
        elif index % 3 == 1:
            _teacher_student_proposal(person=StudentFactory())
        else:
            _accepted(proposed_by=curator, decided_by=curator)
    client = client_for(curator)

    with django_assert_max_num_queries(13):
        response = client.get(LIST, {"tab": "all"})

    assert response.context["table"].paginator.count == rows


def test_a_methodist_does_not_see_the_special_variants(methodist: User) -> None:
    _teacher_student_proposal()

    response = client_for(methodist).get(LIST)

    assert "с ОВЗ" not in response.text


def test_the_curator_sees_the_special_variants(curator: User) -> None:
    _teacher_student_proposal()

    assert "педагог – студент с ОВЗ" in client_for(curator).get(LIST, {"tab": "all"}).text


def test_the_proposer_sees_the_variant_of_their_own_proposal(teacher: User) -> None:
    _teacher_student_proposal(proposed_by=teacher)

    assert "педагог – студент с ОВЗ" in client_for(teacher).get(LIST).text


# --- Proposing ---------------------------------------------------------------------------


def _proposal_data(person_pk: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "person": person_pk,
        "format": format_of("student_student").pk,
        "variant": variant_of("student_student", "leader_passive").pk,
        "request": "Включиться в жизнь группы",
        "academic_year": CURRENT,
    }
    data.update(changes)
    return data


def test_a_teacher_opens_the_form(teacher: User) -> None:
    response = client_for(teacher).get(CREATE)

    assert response.status_code == 200
    formats = [f.code for f in response.context["form"].fields["format"].queryset]
    assert formats == ["student_student", "teacher_student", "employer_student"]
    assert response.context["form"]["academic_year"].value() == CURRENT


def test_the_form_takes_the_person_from_the_student_list(teacher: User) -> None:
    student = StudentFactory(last_name="Кудрявцев")

    response = client_for(teacher).get(CREATE, {"person": student.pk})

    assert response.context["chosen"].pk == student.pk
    assert f'value="{student.pk}" id="person-{student.pk}" checked' in response.text


def test_the_search_finds_candidates_in_any_case_and_with_e_for_yo(teacher: User) -> None:
    wanted = StudentFactory(last_name="Воробьёв")
    StudentFactory(last_name="Воробьёв", first_name="Олег", status=StudentStatus.EXPELLED)
    TeacherFactory(last_name="Воробьёва")
    StudentFactory(last_name="Сорокин")

    response = client_for(teacher).get(CREATE, {"q": "воробьев"}, HTTP_HX_REQUEST="true")

    assert [person.pk for person in response.context["candidates"]] == [wanted.pk]
    assert "<form" not in response.text  # only the candidates, for htmx to swap in
    assert wanted.full_name in response.text


def test_the_search_without_scripts_reloads_the_page(teacher: User) -> None:
    wanted = StudentFactory(last_name="Воробьёв")

    response = client_for(teacher).get(CREATE, {"q": "ВОРОБЬЁВ"})

    assert "<form" in response.text
    assert wanted.full_name in response.text


def test_the_search_says_when_nobody_is_found(teacher: User) -> None:
    response = client_for(teacher).get(CREATE, {"q": "Несуществующий"}, HTTP_HX_REQUEST="true")

    assert "никого не найдено" in response.text


def test_a_teacher_proposes_a_student(teacher: User) -> None:
    student = StudentFactory()

    response = client_for(teacher).post(CREATE, _proposal_data(student.pk))

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", proposal.pk)
    assert (proposal.person_id, proposal.proposed_by, proposal.status) == (
        student.pk,
        teacher,
        ProposalStatus.PENDING,
    )
    assert proposal.variant == variant_of("student_student", "leader_passive")


def test_a_refusal_is_shown_on_the_form(teacher: User) -> None:
    student = StudentFactory()
    ProposalFactory(person=student, academic_year=CURRENT)

    response = client_for(teacher).post(CREATE, _proposal_data(student.pk))

    assert response.status_code == 200
    assert "уже есть и ожидает рассмотрения" in response.text
    assert Proposal.objects.count() == 1
    assert response.context["chosen"].pk == student.pk


def test_a_missing_variant_is_refused_on_the_form(teacher: User) -> None:
    response = client_for(teacher).post(CREATE, _proposal_data(StudentFactory().pk, variant=""))

    assert "Выберите вариант" in response.text
    assert not Proposal.objects.exists()


def test_the_form_requires_a_person(teacher: User) -> None:
    response = client_for(teacher).post(CREATE, _proposal_data(0, person=""))

    assert "Найдите наставляемого" in response.text
    assert not Proposal.objects.exists()


def test_a_teacher_cannot_post_a_teacher(teacher: User) -> None:
    response = client_for(teacher).post(
        CREATE, _proposal_data(TeacherFactory().pk, format=format_of("teacher_teacher").pk)
    )

    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_a_partner_curator_proposes_a_pupil_of_their_school(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    pupil = PupilFactory(school=school_curator.organization)
    data = _proposal_data(
        pupil.pk,
        format=format_of("student_pupil").pk,
        variant=variant_of("student_pupil", "passive").pk,
    )

    response = client_for(partner_curator).post(CREATE, data)

    assert response.status_code == 302
    assert Proposal.objects.get().person_id == pupil.pk


def test_a_partner_curator_cannot_open_another_schools_pupil(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    response = client_for(partner_curator).get(CREATE, {"person": PupilFactory().pk})

    assert response.status_code == 404


def test_a_partner_curator_cannot_post_another_schools_pupil(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    data = _proposal_data(
        PupilFactory().pk,
        format=format_of("student_pupil").pk,
        variant=variant_of("student_pupil", "passive").pk,
    )

    response = client_for(partner_curator).post(CREATE, data)

    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_a_teacher_cannot_open_the_form_for_a_teacher(teacher: User) -> None:
    assert client_for(teacher).get(CREATE, {"person": TeacherFactory().pk}).status_code == 404


@pytest.mark.parametrize("persona", ["methodist", "director", "lead", "outsider"])
def test_only_proposers_open_the_form(persona: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(persona)).get(CREATE).status_code == 403


def test_create_refuses_put(teacher: User) -> None:
    assert client_for(teacher).put(CREATE).status_code == 405


# --- The detail --------------------------------------------------------------------------


def test_the_proposer_sees_their_proposal(teacher: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)

    response = client_for(teacher).get(url("detail", proposal.pk))

    assert response.status_code == 200
    assert proposal.person.full_name in response.text
    assert "на рассмотрении" in response.text
    assert response.context["can_withdraw"] is True
    assert response.context["can_decide"] is False


def test_another_teacher_does_not_find_the_proposal(teacher: User, other_teacher: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)

    assert client_for(other_teacher).get(url("detail", proposal.pk)).status_code == 404


def test_the_lead_does_not_find_another_formats_proposal(lead: User) -> None:
    proposal = _teacher_student_proposal()

    assert client_for(lead).get(url("detail", proposal.pk)).status_code == 404


def test_the_lead_is_offered_to_decide(lead: User) -> None:
    proposal = ProposalFactory()

    response = client_for(lead).get(url("detail", proposal.pk))

    assert response.context["can_decide"] is True
    assert "Принять в базу наставляемых" in response.text
    assert "Причина отклонения" in response.text


def test_the_director_reads_without_buttons(director: User) -> None:
    response = client_for(director).get(url("detail", ProposalFactory().pk))

    assert response.status_code == 200
    assert response.context["can_decide"] is False
    assert "Принять в базу" not in response.text


def test_the_detail_shows_the_pool_status_of_an_accepted_proposal(
    lead: User, curator: User
) -> None:
    proposal = ProposalFactory(academic_year=CURRENT)
    client_for(lead).post(url("accept", proposal.pk))

    response = client_for(curator).get(url("detail", proposal.pk))

    assert "принято" in response.text
    assert "Никитина" in response.text  # who reviewed it
    label = AcademicYear(CURRENT).label
    assert f"В базе на {label} учебный год: {PoolStatus.PROPOSED.label}" in response.text


def test_a_methodist_does_not_see_the_special_variant_on_the_detail(methodist: User) -> None:
    proposal = _teacher_student_proposal()

    response = client_for(methodist).get(url("detail", proposal.pk))

    assert response.context["variant_hidden"] is True
    assert "с ОВЗ" not in response.text


def test_detail_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(url("detail", ProposalFactory().pk)).status_code == 403


def test_detail_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("detail", ProposalFactory().pk)).status_code == 405


# --- Accepting ---------------------------------------------------------------------------


def test_the_lead_accepts(lead: User) -> None:
    proposal = ProposalFactory()

    response = client_for(lead).post(url("accept", proposal.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("detail", proposal.pk)
    assert "Представление принято" in response.text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert PoolEntry.objects.get(proposal=proposal).status == PoolStatus.PROPOSED


def test_an_accepted_proposal_is_not_accepted_twice(lead: User) -> None:
    proposal = ProposalFactory()
    client_for(lead).post(url("accept", proposal.pk))

    response = client_for(lead).post(url("accept", proposal.pk), follow=True)

    assert "уже рассмотрено" in response.text
    assert PoolEntry.objects.count() == 1


def test_the_lead_does_not_find_another_formats_proposal_to_accept(lead: User) -> None:
    proposal = _teacher_student_proposal()

    assert client_for(lead).post(url("accept", proposal.pk)).status_code == 404
    assert Proposal.objects.get().status == ProposalStatus.PENDING


@pytest.mark.parametrize("persona", ["director", "teacher", "methodist"])
def test_only_deciders_accept(persona: str, request: pytest.FixtureRequest) -> None:
    proposal = ProposalFactory()

    response = client_for(request.getfixturevalue(persona)).post(url("accept", proposal.pk))

    assert response.status_code == 403
    assert Proposal.objects.get().status == ProposalStatus.PENDING


def test_accept_refuses_get(lead: User) -> None:
    assert client_for(lead).get(url("accept", ProposalFactory().pk)).status_code == 405


# --- Rejecting ---------------------------------------------------------------------------


def test_the_reject_page_asks_for_a_reason(lead: User) -> None:
    response = client_for(lead).get(url("reject", ProposalFactory().pk))

    assert response.status_code == 200
    assert "Причина отклонения" in response.text


def test_the_lead_rejects_with_a_reason(lead: User) -> None:
    proposal = ProposalFactory()

    response = client_for(lead).post(url("reject", proposal.pk), {"reason": "Нет запроса"})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rejection_reason) == (ProposalStatus.REJECTED, "Нет запроса")


def test_a_rejection_without_a_reason_is_refused(lead: User) -> None:
    proposal = ProposalFactory()

    response = client_for(lead).post(url("reject", proposal.pk), {"reason": ""})

    assert response.status_code == 200
    assert "Укажите причину" in response.text
    assert Proposal.objects.get().status == ProposalStatus.PENDING


def test_a_reviewed_proposal_has_no_reject_page(lead: User) -> None:
    proposal = _accepted()

    response = client_for(lead).get(url("reject", proposal.pk), follow=True)

    assert "уже рассмотрено" in response.text


def test_the_lead_does_not_find_another_formats_proposal_to_reject(lead: User) -> None:
    proposal = _teacher_student_proposal()

    assert client_for(lead).post(url("reject", proposal.pk), {"reason": "Нет"}).status_code == 404


@pytest.mark.parametrize("persona", ["director", "teacher"])
def test_only_deciders_reject(persona: str, request: pytest.FixtureRequest) -> None:
    proposal = ProposalFactory()

    response = client_for(request.getfixturevalue(persona)).post(
        url("reject", proposal.pk), {"reason": "Нет"}
    )

    assert response.status_code == 403


def test_reject_refuses_put(lead: User) -> None:
    assert client_for(lead).put(url("reject", ProposalFactory().pk)).status_code == 405


# --- Withdrawing -------------------------------------------------------------------------


def test_withdrawing_asks_first(teacher: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)

    response = client_for(teacher).get(url("withdraw", proposal.pk))

    assert response.status_code == 200
    assert "Отозвать представление" in response.text
    assert Proposal.objects.exists()


def test_the_proposer_withdraws(teacher: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)

    response = client_for(teacher).post(url("withdraw", proposal.pk))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Proposal.objects.exists()


def test_another_teacher_does_not_find_the_proposal_to_withdraw(
    teacher: User, other_teacher: User
) -> None:
    proposal = ProposalFactory(proposed_by=teacher)
    client = client_for(other_teacher)

    assert client.get(url("withdraw", proposal.pk)).status_code == 404
    assert client.post(url("withdraw", proposal.pk)).status_code == 404
    assert Proposal.objects.exists()


def test_a_reviewed_proposal_is_not_withdrawn(teacher: User) -> None:
    proposal = _accepted(proposed_by=teacher)
    client = client_for(teacher)

    assert "нельзя отозвать" in client.get(url("withdraw", proposal.pk), follow=True).text
    assert "нельзя отозвать" in client.post(url("withdraw", proposal.pk), follow=True).text
    assert Proposal.objects.exists()


def test_a_lead_does_not_withdraw(lead: User) -> None:
    proposal = ProposalFactory(proposed_by=lead)

    assert client_for(lead).post(url("withdraw", proposal.pk)).status_code == 403


def test_withdraw_refuses_put(teacher: User) -> None:
    proposal = ProposalFactory(proposed_by=teacher)

    assert client_for(teacher).put(url("withdraw", proposal.pk)).status_code == 405


# --- Links and filters -------------------------------------------------------------------


def _format_choices(response: object) -> set[str]:
    field = response.context["filter"].form.fields["format"]  # type: ignore[attr-defined]
    return {fmt.code for fmt in field.queryset}


def test_the_mentee_links_to_their_page_for_who_may_open_it(curator: User) -> None:
    proposal = ProposalFactory()

    html = client_for(curator).get(url("detail", proposal.pk)).text

    assert reverse("people:detail", args=[proposal.person_id]) in html


def test_the_mentee_is_plain_text_for_who_may_not_open_them(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    """A partner's curator opens only their school's people; a student is not one of them."""
    proposal = ProposalFactory(proposed_by=partner_curator)

    response = client_for(partner_curator).get(url("detail", proposal.pk))

    assert proposal.person.full_name in response.text
    assert reverse("people:detail", args=[proposal.person_id]) not in response.text


def test_the_lead_filters_by_the_led_formats_only(lead: User) -> None:
    assert _format_choices(client_for(lead).get(LIST)) == {"student_student"}


def test_a_teacher_filters_by_the_formats_they_propose_for(teacher: User) -> None:
    ProposalFactory(proposed_by=teacher, format=format_of("student_pupil"))

    choices = _format_choices(client_for(teacher).get(LIST))

    assert "student_pupil" in choices
    assert "teacher_student" in choices
    assert "teacher_teacher" not in choices


def test_a_partner_curator_filters_by_their_format(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    assert _format_choices(client_for(partner_curator).get(LIST)) == {"student_pupil"}


@pytest.mark.parametrize("persona", ["curator", "director", "methodist"])
def test_readers_of_every_pool_filter_by_every_format(
    persona: str, request: pytest.FixtureRequest
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert _format_choices(response) == set(MentoringFormat.objects.values_list("code", flat=True))


# --- «Variant» follows the format; every error of a submission at once ----------------------

VARIANTS = reverse("proposals:variants")


def _variant_values(form: object) -> list[str]:
    return [str(value) for value, _title in form.fields["variant"].choices]  # type: ignore[attr-defined]


def test_the_form_offers_the_chosen_formats_variants_only(teacher: User) -> None:
    response = client_for(teacher).get(CREATE, {"format": format_of("student_student").pk})

    own = format_of("student_student").variants.order_by("position", "id")
    assert _variant_values(response.context["form"]) == ["", *(str(v.pk) for v in own)]
    field = response.context["form"].fields["format"].widget.attrs
    assert (field["hx-get"], field["hx-target"]) == (VARIANTS, "#id_variant")


def test_changing_the_format_reloads_its_variants(teacher: User) -> None:
    format = format_of("teacher_student")

    response = client_for(teacher).get(VARIANTS, {"format": format.pk}, HTTP_HX_REQUEST="true")

    values = [value for value, _title in response.context["choices"]]
    offered = format.variants.filter(is_special_category=False).order_by("position", "id")
    assert values == ["", *(v.pk for v in offered)]
    assert "<form" not in response.text


def test_the_variants_of_a_format_out_of_reach_are_not_given(teacher: User) -> None:
    response = client_for(teacher).get(VARIANTS, {"format": format_of("teacher_teacher").pk})

    assert [value for value, _title in response.context["choices"]] == [""]


def test_the_variants_need_the_right_to_propose(director: User) -> None:
    assert client_for(director).get(VARIANTS).status_code == 403


def test_the_variants_refuse_post(teacher: User) -> None:
    assert client_for(teacher).post(VARIANTS).status_code == 405


def test_without_scripts_a_variant_of_another_format_is_refused(teacher: User) -> None:
    data = _proposal_data(
        StudentFactory().pk,
        format=format_of("employer_student").pk,
        variant=variant_of("student_student", "leader_passive").pk,
    )

    response = client_for(teacher).post(CREATE, data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Proposal.objects.exists()
    # The list now follows the posted format.
    own = format_of("employer_student").variants.order_by("position", "id")
    assert _variant_values(response.context["form"]) == ["", *(str(v.pk) for v in own)]


def test_a_submission_shows_every_error_at_once(teacher: User) -> None:
    """An empty request (a field's error) and a missing variant and a pending proposal (the
    service's rules) come back together, not in two rounds."""
    student = StudentFactory()
    ProposalFactory(person=student, academic_year=CURRENT)

    response = client_for(teacher).post(CREATE, _proposal_data(student.pk, request="", variant=""))

    form = response.context["form"]
    assert form.has_error("request", "required")
    assert "Выберите вариант" in response.text
    assert "уже есть и ожидает рассмотрения" in response.text
    assert not Proposal.objects.filter(proposed_by=teacher).exists()


def test_without_a_person_the_variant_is_still_checked(teacher: User) -> None:
    response = client_for(teacher).post(CREATE, _proposal_data(0, person="", variant=""))

    assert "Найдите наставляемого" in response.text
    assert "Выберите вариант" in response.text
