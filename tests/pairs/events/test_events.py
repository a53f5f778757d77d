from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from pairs.events.services import add_mentorship_to_event, add_participant, delete_event
from pairs.models import EventParticipation, MentorshipStatus, ParticipantRole
from programs.models import Event, EventKind, Organization
from registry.models import Teacher
from tests.conftest import client_for
from tests.factories import (
    EventFactory,
    EventParticipationFactory,
    MentorshipFactory,
    PlanItemFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)
from tests.stale import refused_as_stale, seen_on, token_of

pytestmark = pytest.mark.django_db

LIST = reverse("events:event-list")
CREATE = reverse("events:event-create")


def url(name: str, *args: int) -> str:
    return reverse(f"events:{name}", args=args)


def _event_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Профильный лагерь «Школа юных горняков»",
        "kind": EventKind.CAMP,
        "level": "college",
        "starts_on": "2026-06-15",
        "ends_on": "2026-06-25",
        "place": "Чегдомын",
        "description": "",
    }
    data.update(changes)
    return data


# --- The list ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "lead", "teacher", "methodist"])
def test_every_role_sees_the_list(persona: str, request: pytest.FixtureRequest) -> None:
    EventFactory(title="Форум «Горняцкая смена»")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "Горняцкая смена" in response.text


def test_list_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(LIST).status_code == 403


def test_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


def test_list_filters_by_academic_year_and_kind(curator: User) -> None:
    EventFactory(title="Фестиваль 2025", kind=EventKind.FESTIVAL, starts_on=dt.date(2025, 11, 20))
    EventFactory(
        title="Чемпионат 2025",
        kind=EventKind.CHAMPIONSHIP,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 3),
    )
    EventFactory(
        title="Фестиваль 2024",
        kind=EventKind.FESTIVAL,
        starts_on=dt.date(2024, 11, 20),
        ends_on=dt.date(2024, 11, 21),
    )

    response = client_for(curator).get(LIST, {"year": "2025", "kind": EventKind.FESTIVAL})

    titles = [row.record.title for row in response.context["table"].page.object_list]
    assert titles == ["Фестиваль 2025"]


def test_list_counts_the_participants(curator: User) -> None:
    event = EventFactory()
    EventParticipationFactory.create_batch(3, event=event)

    response = client_for(curator).get(LIST)

    assert response.context["table"].page.object_list[0].record.participant_count == 3


def test_only_the_curator_is_offered_a_new_event(curator: User, teacher: User) -> None:
    assert client_for(curator).get(LIST).context["can_add"] is True
    assert client_for(teacher).get(LIST).context["can_add"] is False


@pytest.mark.parametrize("rows", [1, 10])
def test_list_takes_the_same_queries_for_any_number_of_events(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(rows):
        EventParticipationFactory(event=EventFactory(plan_item=PlanItemFactory()))
    client = client_for(curator)

    with django_assert_max_num_queries(11):
        response = client.get(LIST)

    assert len(response.context["table"].page.object_list) == rows


# --- The event page -------------------------------------------------------------------------


def test_detail_shows_the_participants_by_role(director: User) -> None:
    mentor = TeacherFactory(last_name="Наставникова")
    mentee = StudentFactory(last_name="Подопечный")
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"), mentors=[mentor], mentees=[mentee]
    )
    event = EventFactory(plan_item=PlanItemFactory(number="3.2.1", wording="Фестиваль"))
    EventParticipationFactory(
        event=event, person=mentor, role=ParticipantRole.MENTOR, mentorship=mentorship
    )
    EventParticipationFactory(
        event=event,
        person=mentee,
        role=ParticipantRole.MENTEE,
        mentorship=mentorship,
        place=2,
        result="диплом II степени",
    )

    response = client_for(director).get(url("event-detail", event.pk))

    assert response.status_code == 200
    assert [p.person_id for p in response.context["mentors"]] == [mentor.pk]
    assert [p.person_id for p in response.context["mentees"]] == [mentee.pk]
    assert "диплом II степени" in response.text
    assert f"№ {mentorship.pk}, «{mentorship.format.title}»" in response.text
    assert "3.2.1" in response.text


def test_detail_never_shows_the_variant_of_a_mentorship(curator: User) -> None:
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory()],
    )
    event = EventFactory()
    EventParticipationFactory(event=event, person=mentorship.mentees.get(), mentorship=mentorship)

    response = client_for(curator).get(url("event-detail", event.pk))

    assert mentorship.variant.title not in response.text
    assert "ОВЗ" not in response.text


def test_detail_of_an_event_without_participants_says_so(curator: User) -> None:
    response = client_for(curator).get(url("event-detail", EventFactory().pk))

    assert response.context["mentors"] == []
    assert response.context["mentees"] == []


def test_detail_of_a_missing_event_is_404(curator: User) -> None:
    assert client_for(curator).get(url("event-detail", 999)).status_code == 404


def test_detail_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(url("event-detail", EventFactory().pk)).status_code == 403


def test_detail_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("event-detail", EventFactory().pk)).status_code == 405


# --- Creating, editing, deleting an event ---------------------------------------------------


def test_curator_adds_an_event(curator: User) -> None:
    item = PlanItemFactory()

    response = client_for(curator).post(CREATE, _event_data(plan_item=item.pk))

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("event-detail", event.pk)
    assert event.plan_item == item
    assert event.ends_on == dt.date(2026, 6, 25)


def test_an_event_cannot_end_before_it_starts(curator: User) -> None:
    response = client_for(curator).post(CREATE, _event_data(ends_on="2026-06-01"))

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona", ["teacher", "lead", "director", "methodist", "outsider"])
def test_only_the_curator_adds_events(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _event_data()).status_code == 403
    assert not Event.objects.exists()


def test_create_refuses_delete(curator: User) -> None:
    assert client_for(curator).delete(CREATE).status_code == 405


def test_curator_edits_an_event(curator: User) -> None:
    event = EventFactory()

    response = client_for(curator).post(
        url("event-edit", event.pk), _event_data(title="Профи-трек 2025", seen=token_of(event))
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Профи-трек 2025"


def test_a_stale_event_form_is_refused_and_changes_nothing(curator: User) -> None:
    event = EventFactory(title="Было")
    client = client_for(curator)
    seen = seen_on(client, url("event-edit", event.pk))
    Event.objects.filter(pk=event.pk).update(place="Актовый зал")

    response = client.post(url("event-edit", event.pk), _event_data(title="Стало", seen=seen))

    assert refused_as_stale(response)
    event.refresh_from_db()
    assert (event.title, event.place) == ("Было", "Актовый зал")


def test_an_event_form_without_its_token_is_refused(curator: User) -> None:
    event = EventFactory(title="Было")

    response = client_for(curator).post(url("event-edit", event.pk), _event_data(title="Стало"))

    assert refused_as_stale(response)
    event.refresh_from_db()
    assert event.title == "Было"


def test_edit_form_shows_the_saved_dates(curator: User) -> None:
    event = EventFactory()

    response = client_for(curator).get(url("event-edit", event.pk))

    assert 'value="2025-11-20"' in response.text


def test_teacher_cannot_edit_an_event(teacher: User) -> None:
    event = EventFactory()

    response = client_for(teacher).post(url("event-edit", event.pk), _event_data(title="X"))

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title != "X"


def test_edit_of_a_missing_event_is_404(curator: User) -> None:
    assert client_for(curator).get(url("event-edit", 999)).status_code == 404


def test_edit_refuses_put(curator: User) -> None:
    assert client_for(curator).put(url("event-edit", EventFactory().pk)).status_code == 405


def test_delete_asks_first(curator: User) -> None:
    event = EventFactory()

    response = client_for(curator).get(url("event-delete", event.pk))

    assert response.status_code == 200
    assert response.context["participant_count"] == 0
    assert Event.objects.filter(pk=event.pk).exists()


def test_curator_deletes_an_event_without_participants(curator: User) -> None:
    event = EventFactory()

    response = client_for(curator).post(url("event-delete", event.pk))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Event.objects.exists()


def test_an_event_with_participants_is_not_deleted(curator: User) -> None:
    event = EventParticipationFactory().event
    client = client_for(curator)

    page = client.get(url("event-delete", event.pk))
    response = client.post(url("event-delete", event.pk), follow=True)

    assert page.context["participant_count"] == 1
    assert 'type="submit" class="btn btn-danger"' not in page.text
    assert event.title in str(list(response.context["messages"])[0])
    assert Event.objects.filter(pk=event.pk).exists()
    assert EventParticipation.objects.count() == 1


def test_teacher_cannot_delete_an_event(teacher: User) -> None:
    event = EventFactory()

    assert client_for(teacher).post(url("event-delete", event.pk)).status_code == 403
    assert Event.objects.exists()


def test_delete_of_a_missing_event_is_404(curator: User) -> None:
    assert client_for(curator).post(url("event-delete", 999)).status_code == 404


def test_delete_refuses_put(curator: User) -> None:
    assert client_for(curator).put(url("event-delete", EventFactory().pk)).status_code == 405


# --- Participants ---------------------------------------------------------------------------


def test_curator_enters_a_whole_mentorship(curator: User) -> None:
    mentorship = MentorshipFactory()
    event = EventFactory()

    response = client_for(curator).post(
        url("participant-add", event.pk),
        {"mentorship": mentorship.pk, "place": "1", "result": "диплом I степени"},
    )

    assert response.status_code == 302
    assert response["Location"] == url("event-detail", event.pk)
    rows = EventParticipation.objects.filter(event=event)
    assert {(p.person_id, p.role) for p in rows} == {
        (mentorship.mentors.get().pk, ParticipantRole.MENTOR),
        (mentorship.mentees.get().pk, ParticipantRole.MENTEE),
    }
    assert {(p.mentorship_id, p.place, p.result) for p in rows} == {
        (mentorship.pk, 1, "диплом I степени")
    }


def test_curator_enters_one_person_of_a_mentorship(curator: User) -> None:
    mentorship = MentorshipFactory()
    mentee = mentorship.mentees.get()
    event = EventFactory()

    client_for(curator).post(
        url("participant-add", event.pk),
        {"mentorship": mentorship.pk, "person": mentee.pk, "role": ParticipantRole.MENTEE},
    )

    participation = EventParticipation.objects.get()
    assert (participation.person_id, participation.mentorship_id) == (mentee.pk, mentorship.pk)


def test_curator_enters_one_person_on_their_own(curator: User) -> None:
    mentor = MentorshipFactory().mentors.get()
    event = EventFactory()

    client_for(curator).post(
        url("participant-add", event.pk), {"person": mentor.pk, "role": ParticipantRole.MENTOR}
    )

    participation = EventParticipation.objects.get()
    assert participation.mentorship is None
    assert participation.role == ParticipantRole.MENTOR


def test_the_form_offers_only_mentorships_running_on_the_dates(curator: User) -> None:
    running = MentorshipFactory()
    MentorshipFactory(started_on=dt.date(2026, 1, 10))
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)
    event = EventFactory()

    response = client_for(curator).get(url("participant-add", event.pk))

    assert list(response.context["form"].fields["mentorship"].queryset) == [running]


def test_the_form_never_names_the_variant(curator: User) -> None:
    MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "risk_group"),
        mentees=[StudentFactory()],
    )

    response = client_for(curator).get(url("participant-add", EventFactory().pk))

    assert "риска" not in response.text


def test_someone_already_taking_part_is_refused_and_nothing_is_saved(curator: User) -> None:
    mentorship = MentorshipFactory()
    mentee = mentorship.mentees.get()
    event = EventFactory()
    EventParticipationFactory(event=event, person=mentee)

    response = client_for(curator).post(
        url("participant-add", event.pk), {"mentorship": mentorship.pk}
    )

    assert response.status_code == 200
    assert mentee.full_name in str(response.context["form"].non_field_errors())
    assert EventParticipation.objects.count() == 1


def test_a_person_with_the_wrong_role_in_the_mentorship_is_refused(curator: User) -> None:
    mentorship = MentorshipFactory()
    mentee = mentorship.mentees.get()
    event = EventFactory()

    response = client_for(curator).post(
        url("participant-add", event.pk),
        {"mentorship": mentorship.pk, "person": mentee.pk, "role": ParticipantRole.MENTOR},
    )

    errors = str(response.context["form"].non_field_errors())
    assert mentee.full_name in errors
    assert f" {mentorship.pk}." in errors
    assert not EventParticipation.objects.exists()


def test_the_form_needs_a_mentorship_or_a_person(curator: User) -> None:
    response = client_for(curator).post(url("participant-add", EventFactory().pk), {})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not EventParticipation.objects.exists()


def test_a_person_needs_a_role(curator: User) -> None:
    mentor = MentorshipFactory().mentors.get()

    response = client_for(curator).post(
        url("participant-add", EventFactory().pk), {"person": mentor.pk}
    )

    assert response.context["form"].errors["role"]
    assert not EventParticipation.objects.exists()


def test_teacher_cannot_add_participants(teacher: User) -> None:
    mentorship = MentorshipFactory()
    event = EventFactory()
    client = client_for(teacher)

    assert client.get(url("participant-add", event.pk)).status_code == 403
    response = client.post(url("participant-add", event.pk), {"mentorship": mentorship.pk})
    assert response.status_code == 403
    assert not EventParticipation.objects.exists()


def test_participants_of_a_missing_event_is_404(curator: User) -> None:
    assert client_for(curator).get(url("participant-add", 999)).status_code == 404


def test_participant_add_refuses_put(curator: User) -> None:
    assert client_for(curator).put(url("participant-add", EventFactory().pk)).status_code == 405


def test_curator_records_a_result(curator: User) -> None:
    participation = EventParticipationFactory()

    response = client_for(curator).post(
        url("participant-edit", participation.event_id, participation.pk),
        {"place": "3", "result": "диплом III степени", "seen": token_of(participation)},
    )

    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.place, participation.result) == (3, "диплом III степени")


def test_a_stale_result_form_is_refused_and_changes_nothing(curator: User) -> None:
    participation = EventParticipationFactory()
    edit = url("participant-edit", participation.event_id, participation.pk)
    client = client_for(curator)
    seen = seen_on(client, edit)
    EventParticipation.objects.filter(pk=participation.pk).update(place=1, result="победитель")

    response = client.post(edit, {"place": "3", "result": "диплом III степени", "seen": seen})

    assert refused_as_stale(response)
    participation.refresh_from_db()
    assert (participation.place, participation.result) == (1, "победитель")


def test_place_zero_is_refused(curator: User) -> None:
    participation = EventParticipationFactory()

    response = client_for(curator).post(
        url("participant-edit", participation.event_id, participation.pk), {"place": "0"}
    )

    assert response.context["form"].errors["place"]
    participation.refresh_from_db()
    assert participation.place is None


def test_a_participation_of_another_event_is_404(curator: User) -> None:
    participation = EventParticipationFactory()
    other = EventFactory()
    client = client_for(curator)

    assert client.get(url("participant-edit", other.pk, participation.pk)).status_code == 404
    assert client.post(url("participant-delete", other.pk, participation.pk)).status_code == 404
    assert EventParticipation.objects.exists()


def test_teacher_cannot_record_a_result(teacher: User) -> None:
    participation = EventParticipationFactory()

    response = client_for(teacher).post(
        url("participant-edit", participation.event_id, participation.pk), {"place": "1"}
    )

    assert response.status_code == 403


def test_participant_edit_refuses_put(curator: User) -> None:
    participation = EventParticipationFactory()

    assert (
        client_for(curator)
        .put(url("participant-edit", participation.event_id, participation.pk))
        .status_code
        == 405
    )


def test_removing_a_participant_asks_first(curator: User) -> None:
    participation = EventParticipationFactory()

    response = client_for(curator).get(
        url("participant-delete", participation.event_id, participation.pk)
    )

    assert response.status_code == 200
    assert participation.person.full_name in response.text
    assert EventParticipation.objects.exists()


def test_curator_removes_a_participant(curator: User) -> None:
    participation = EventParticipationFactory()

    response = client_for(curator).post(
        url("participant-delete", participation.event_id, participation.pk)
    )

    assert response.status_code == 302
    assert response["Location"] == url("event-detail", participation.event_id)
    assert not EventParticipation.objects.exists()


def test_teacher_cannot_remove_a_participant(teacher: User) -> None:
    participation = EventParticipationFactory()

    response = client_for(teacher).post(
        url("participant-delete", participation.event_id, participation.pk)
    )

    assert response.status_code == 403
    assert EventParticipation.objects.exists()


def test_participant_delete_refuses_put(curator: User) -> None:
    participation = EventParticipationFactory()

    assert (
        client_for(curator)
        .put(url("participant-delete", participation.event_id, participation.pk))
        .status_code
        == 405
    )


# --- The services ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started_on", "ended_on", "status"),
    [
        (dt.date(2025, 11, 22), None, MentorshipStatus.ACTIVE),
        (dt.date(2025, 9, 1), dt.date(2025, 11, 19), MentorshipStatus.COMPLETED),
        (dt.date(2025, 9, 1), dt.date(2025, 11, 1), MentorshipStatus.TERMINATED),
    ],
)
def test_a_mentorship_not_running_on_the_dates_is_refused(
    started_on: dt.date, ended_on: dt.date | None, status: str
) -> None:
    mentorship = MentorshipFactory(started_on=started_on, ended_on=ended_on, status=status)
    event = EventFactory()  # 20–21.11.2025

    with pytest.raises(ValidationError) as refusal:
        add_mentorship_to_event(event=event, mentorship=mentorship)

    assert refusal.value.messages == [
        f"{_running_message(mentorship.pk)}",
    ]
    assert not EventParticipation.objects.exists()


def _running_message(number: int) -> str:
    from django.utils.translation import gettext

    return gettext(
        "Mentorship No. %(number)s was not running on the dates of the event "
        "(%(start)s – %(end)s) and cannot be entered for it."
    ) % {"number": number, "start": "20.11.2025", "end": "21.11.2025"}


def test_a_mentorship_that_ended_during_the_event_is_accepted() -> None:
    mentorship = MentorshipFactory(
        ended_on=dt.date(2025, 11, 21), status=MentorshipStatus.COMPLETED
    )

    added = add_mentorship_to_event(event=EventFactory(), mentorship=mentorship)

    assert len(added) == 2


def test_a_draft_is_refused() -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)

    with pytest.raises(ValidationError):
        add_mentorship_to_event(event=EventFactory(), mentorship=mentorship)

    assert not EventParticipation.objects.exists()


def test_a_mentorship_with_someone_already_taking_part_is_refused_whole() -> None:
    first, second = TeacherFactory(), TeacherFactory()
    mentorship = MentorshipFactory(mentors=[TeacherFactory()], mentees=[first, second])
    event = EventFactory()
    EventParticipationFactory(event=event, person=second)

    with pytest.raises(ValidationError) as refusal:
        add_mentorship_to_event(event=event, mentorship=mentorship)

    assert len(refusal.value.messages) == 1
    assert second.full_name in refusal.value.messages[0]
    assert event.title in refusal.value.messages[0]
    assert EventParticipation.objects.count() == 1


def test_one_person_twice_is_refused() -> None:
    participation = EventParticipationFactory()

    with pytest.raises(ValidationError) as refusal:
        add_participant(
            event=participation.event,
            person=participation.person,
            role=ParticipantRole.MENTOR,
        )

    assert participation.person.full_name in refusal.value.messages[0]
    assert EventParticipation.objects.count() == 1


def test_one_person_of_a_mentorship_not_running_is_refused() -> None:
    mentorship = MentorshipFactory(started_on=dt.date(2026, 1, 10))

    with pytest.raises(ValidationError) as refusal:
        add_participant(
            event=EventFactory(),
            person=mentorship.mentors.get(),
            role=ParticipantRole.MENTOR,
            mentorship=mentorship,
        )

    assert refusal.value.messages == [_running_message(mentorship.pk)]
    assert not EventParticipation.objects.exists()


def test_one_person_outside_the_mentorship_is_refused() -> None:
    mentorship = MentorshipFactory()
    stranger = TeacherFactory()

    with pytest.raises(ValidationError) as refusal:
        add_participant(
            event=EventFactory(),
            person=stranger,
            role=ParticipantRole.MENTEE,
            mentorship=mentorship,
        )

    assert stranger.full_name in refusal.value.messages[0]
    assert not EventParticipation.objects.exists()


def test_deleting_an_event_with_participants_is_refused() -> None:
    event = EventParticipationFactory().event

    with pytest.raises(ValidationError) as refusal:
        delete_event(event=event)

    assert event.title in refusal.value.messages[0]
    assert Event.objects.exists()


# --- The mentorship page --------------------------------------------------------------------


def test_the_mentorship_page_shows_its_events(curator: User) -> None:
    mentorship = MentorshipFactory()
    event = EventFactory(title="Чемпионат по решению инженерных кейсов")
    EventParticipationFactory(
        event=event,
        person=mentorship.mentees.get(),
        mentorship=mentorship,
        place=1,
        result="диплом победителя",
    )
    EventParticipationFactory(person=mentorship.mentors.get(), role=ParticipantRole.MENTOR)

    response = client_for(curator).get(
        reverse("mentorships:mentorship-detail", args=[mentorship.pk])
    )

    assert [p.event for p in response.context["participations"]] == [event]
    assert url("event-detail", event.pk) in response.text
    assert "диплом победителя" in response.text
    assert "20.11.2025 – 21.11.2025" in response.text


@pytest.mark.parametrize("rows", [1, 5])
def test_the_mentorship_page_reads_its_events_in_one_query(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    mentorship = MentorshipFactory()
    for _ in range(rows):
        EventParticipationFactory(person=mentorship.mentees.get(), mentorship=mentorship)
    client = client_for(curator)
    Organization.load()  # made once, outside the page's count

    with django_assert_max_num_queries(20):
        response = client.get(reverse("mentorships:mentorship-detail", args=[mentorship.pk]))

    assert len(response.context["participations"]) == rows


def test_a_teacher_sees_only_the_participants_of_their_own_pairs(
    teacher: User, teacher_person: Teacher
) -> None:
    own = MentorshipFactory(mentors=[teacher_person])
    other = MentorshipFactory(mentees=[TeacherFactory(last_name="Посторонняя")])
    event = EventFactory()
    for mentorship in (own, other):
        for person in mentorship.mentees.all():
            EventParticipationFactory(event=event, person=person, mentorship=mentorship)

    response = client_for(teacher).get(url("event-detail", event.pk))

    assert [p.mentorship_id for p in response.context["mentees"]] == [own.pk]
    assert "Посторонняя" not in response.text
    assert response.context["hidden_count"] == 1


def test_participants_of_a_special_category_event_are_hidden_from_the_methodist(
    methodist: User, director: User
) -> None:
    event = EventFactory(title="Абилимпикс", is_special_category=True)
    EventParticipationFactory(event=event, person=StudentFactory(last_name="Участникова"))

    hidden = client_for(methodist).get(url("event-detail", event.pk))
    shown = client_for(director).get(url("event-detail", event.pk))

    assert "Участникова" not in hidden.text
    assert hidden.context["hidden_count"] == 1
    assert "Участникова" in shown.text


def test_the_mentorship_page_hides_a_special_category_event(methodist: User) -> None:
    mentorship = MentorshipFactory()
    event = EventFactory(title="Абилимпикс", is_special_category=True)
    EventParticipationFactory(event=event, person=mentorship.mentees.first(), mentorship=mentorship)

    response = client_for(methodist).get(
        reverse("mentorships:mentorship-detail", args=[mentorship.pk])
    )

    assert "Абилимпикс" not in response.text
