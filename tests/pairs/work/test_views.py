"""Pages of a running mentorship: meetings, editing, completion, ending early, the blocks of
the mentorship page and the «Требуют внимания» page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pairs.mentorships.services import record_change
from pairs.models import (
    ChangeAction,
    Meeting,
    MeetingFormat,
    Mentorship,
    MentorshipStatus,
    ResultAchievement,
    TerminationReason,
)
from pairs.work.services import expected_result_items
from programs.models import Organization
from registry.models import StudentStatus, Teacher
from tests.conftest import client_for
from tests.factories import (
    DecisionFactory,
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
    variant_of,
)
from tests.stale import refused_as_stale, seen_on

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def detail(mentorship: Mentorship) -> str:
    return reverse("mentorships:mentorship-detail", args=[mentorship.pk])


def meeting_new(mentorship: Mentorship) -> str:
    return reverse("work:meeting-create", args=[mentorship.pk])


def meeting_edit(meeting: Meeting) -> str:
    return reverse("work:meeting-edit", args=[meeting.mentorship_id, meeting.pk])


def meeting_delete(meeting: Meeting) -> str:
    return reverse("work:meeting-delete", args=[meeting.mentorship_id, meeting.pk])


def edit(mentorship: Mentorship) -> str:
    return reverse("work:mentorship-edit", args=[mentorship.pk])


def complete(mentorship: Mentorship) -> str:
    return reverse("work:mentorship-complete", args=[mentorship.pk])


def terminate(mentorship: Mentorship) -> str:
    return reverse("work:mentorship-terminate", args=[mentorship.pk])


ATTENTION = reverse("work:attention")


def meeting_of(mentorship: Mentorship, **fields: object) -> Meeting:
    values: dict[str, object] = {
        "held_on": dt.date(2025, 10, 15),
        "duration_minutes": 45,
        "format": MeetingFormat.IN_PERSON,
        "topic": "Знакомство",
    }
    values.update(fields)
    return Meeting.objects.create(mentorship=mentorship, **values)


def meeting_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "held_on": "2025-11-05",
        "duration_minutes": "40",
        "format": MeetingFormat.ONLINE,
        "topic": "Подготовка открытого урока",
        "notes": "Разобрали план урока.",
    }
    data.update(changes)
    return data


def lead_pair() -> Mentorship:
    """A «студент – студент» mentorship: the lead's format."""
    return MentorshipFactory(
        format=format_of("student_student"),
        variant=variant_of("student_student", "achiever_underachiever"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
    )


def text_of(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# ---- meetings ------------------------------------------------------------------------------


def test_meeting_form_is_dated_today(teacher: User, teacher_person: Teacher) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])

    response = client_for(teacher).get(meeting_new(mentorship))

    assert response.status_code == 200
    assert response.context["form"]["held_on"].value() == TODAY
    assert f'value="{TODAY.isoformat()}"' in text_of(response)


def test_teacher_logs_a_meeting_of_their_own_mentorship(
    teacher: User, teacher_person: Teacher
) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])

    response = client_for(teacher).post(meeting_new(mentorship), meeting_data())

    assert response.status_code == 302
    assert response.url == detail(mentorship) + "#meetings"
    meeting = mentorship.meetings.get()
    assert (meeting.topic, meeting.logged_by) == ("Подготовка открытого урока", teacher)
    assert mentorship.changes.get().action == ChangeAction.MEETING_LOGGED


def test_teacher_cannot_log_a_meeting_of_another_mentorship(
    teacher: User, teacher_person: Teacher
) -> None:
    mentorship = MentorshipFactory()
    client = client_for(teacher)

    assert client.get(meeting_new(mentorship)).status_code == 404
    assert client.post(meeting_new(mentorship), meeting_data()).status_code == 404
    assert not Meeting.objects.exists()


def test_curator_logs_a_meeting_on_the_mentors_behalf(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).post(meeting_new(mentorship), meeting_data())

    assert response.status_code == 302
    assert mentorship.meetings.get().logged_by == curator


def test_lead_logs_meetings_of_the_led_format_only(lead: User) -> None:
    client = client_for(lead)

    assert client.post(meeting_new(lead_pair()), meeting_data()).status_code == 302
    assert client.post(meeting_new(MentorshipFactory()), meeting_data()).status_code == 404


@pytest.mark.parametrize("persona", ["director", "methodist", "outsider"])
def test_read_only_roles_cannot_log_meetings(persona: str, request: pytest.FixtureRequest) -> None:
    mentorship = MentorshipFactory()
    meeting = meeting_of(mentorship)
    client = client_for(request.getfixturevalue(persona))

    assert client.post(meeting_new(mentorship), meeting_data()).status_code == 403
    assert client.post(meeting_edit(meeting), meeting_data()).status_code == 403
    assert client.post(meeting_delete(meeting)).status_code == 403
    assert Meeting.objects.count() == 1


def test_meeting_pages_refuse_other_methods(curator: User) -> None:
    mentorship = MentorshipFactory()
    meeting = meeting_of(mentorship)
    client = client_for(curator)

    assert client.put(meeting_new(mentorship)).status_code == 405
    assert client.delete(meeting_edit(meeting)).status_code == 405
    assert client.delete(meeting_delete(meeting)).status_code == 405


def test_refused_meeting_shows_the_rule(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).post(
        meeting_new(mentorship),
        meeting_data(held_on=(TODAY + dt.timedelta(days=2)).isoformat()),
    )

    assert response.status_code == 200
    assert "указана будущая дата" in text_of(response)
    assert not Meeting.objects.exists()


def test_meeting_of_a_closed_mentorship_is_refused_with_the_rule(curator: User) -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 6, 1))

    response = client_for(curator).post(meeting_new(mentorship), meeting_data())

    assert response.status_code == 200
    assert "Встречи записываются только для действующей наставнической пары" in text_of(response)


def test_teacher_edits_a_meeting_of_their_mentorship(
    teacher: User, teacher_person: Teacher
) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])
    meeting = meeting_of(mentorship)
    client = client_for(teacher)

    form = client.get(meeting_edit(meeting)).context["form"]
    response = client.post(
        meeting_edit(meeting), meeting_data(topic="Новая тема", seen=form["seen"].value())
    )

    assert form["topic"].value() == "Знакомство"
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "Новая тема"
    assert mentorship.changes.get().action == ChangeAction.MEETING_CHANGED


def test_stale_meeting_form_is_refused_and_overwrites_nothing(curator: User) -> None:
    mentorship = MentorshipFactory()
    meeting = meeting_of(mentorship)
    client = client_for(curator)
    seen = seen_on(client, meeting_edit(meeting))
    # Someone else saves the meeting meanwhile.
    assert (
        client.post(meeting_edit(meeting), meeting_data(topic="Их тема", seen=seen)).status_code
        == 302
    )

    response = client.post(meeting_edit(meeting), meeting_data(topic="Моя тема", seen=seen))

    assert refused_as_stale(response)
    assert Meeting.objects.get(pk=meeting.pk).topic == "Их тема"
    assert mentorship.changes.filter(action=ChangeAction.MEETING_CHANGED).count() == 1


def test_meeting_form_without_its_token_is_refused(curator: User) -> None:
    meeting = meeting_of(MentorshipFactory())

    response = client_for(curator).post(meeting_edit(meeting), meeting_data(topic="Моя тема"))

    assert refused_as_stale(response)
    assert Meeting.objects.get(pk=meeting.pk).topic == "Знакомство"


def test_a_double_click_on_log_the_meeting_logs_one_meeting(curator: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(curator)

    first = client.post(meeting_new(mentorship), meeting_data(), follow=True)
    second = client.post(meeting_new(mentorship), meeting_data(), follow=True)

    assert mentorship.meetings.count() == 1
    for response in (first, second):
        assert response.redirect_chain == [(detail(mentorship) + "#meetings", 302)]
        assert "Встреча 05.11.2025 записана." in text_of(response)


def test_meeting_of_another_mentorship_in_the_url_is_404(curator: User) -> None:
    meeting = meeting_of(MentorshipFactory())
    other = MentorshipFactory()
    url = reverse("work:meeting-edit", args=[other.pk, meeting.pk])

    assert client_for(curator).get(url).status_code == 404


def test_teacher_cannot_edit_a_meeting_of_another_mentorship(
    teacher: User, teacher_person: Teacher
) -> None:
    meeting = meeting_of(MentorshipFactory())

    assert client_for(teacher).post(meeting_edit(meeting), meeting_data()).status_code == 404
    assert client_for(teacher).post(meeting_delete(meeting)).status_code == 404


def test_meeting_is_deleted_after_confirmation(teacher: User, teacher_person: Teacher) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])
    meeting = meeting_of(mentorship)
    client = client_for(teacher)

    confirmation = client.get(meeting_delete(meeting))
    assert confirmation.status_code == 200
    assert "Удалить встречу 15.10.2025 «Знакомство»?" in text_of(confirmation)
    assert Meeting.objects.exists()

    response = client.post(meeting_delete(meeting))

    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert mentorship.changes.get().action == ChangeAction.MEETING_DELETED


def test_deleting_a_meeting_of_a_closed_mentorship_is_refused(curator: User) -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 6, 1))
    meeting = meeting_of(mentorship)

    response = client_for(curator).post(meeting_delete(meeting), follow=True)

    assert "Встречи недействующей наставнической пары не изменяются" in text_of(response)
    assert Meeting.objects.exists()


# ---- editing -------------------------------------------------------------------------------


def edit_data(mentorship: Mentorship, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": mentorship.version,
        "mentors": [p.pk for p in mentorship.mentors.all()],
        "mentees": [p.pk for p in mentorship.mentees.all()],
        "started_on": mentorship.started_on.isoformat(),
        "planned_end_on": "2026-07-31",
    }
    data.update(changes)
    return data


def test_edit_form_carries_the_version(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).get(edit(mentorship))

    assert response.status_code == 200
    assert f'name="version" value="{mentorship.version}"' in text_of(response)
    assert response.context["form"]["planned_end_on"].value() == dt.date(2026, 6, 30)


def test_curator_edits_a_mentorship_and_the_history_keeps_it(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).post(edit(mentorship), edit_data(mentorship))

    assert response.status_code == 302
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.planned_end_on == dt.date(2026, 7, 31)
    assert stored.version == mentorship.version + 1
    change = stored.changes.get()
    assert (change.action, change.changed_by) == (ChangeAction.EDITED, curator)
    assert change.details == [{"field": "planned_end_on", "old": "30.06.2026", "new": "31.07.2026"}]


def test_edit_from_a_stale_version_is_refused_and_overwrites_nothing(curator: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(curator)
    stale = edit_data(mentorship, planned_end_on="2026-05-31")
    client.post(edit(mentorship), edit_data(mentorship))  # someone else's change comes first

    response = client.post(edit(mentorship), stale)

    assert refused_as_stale(response)
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.planned_end_on == dt.date(2026, 7, 31)
    assert stored.changes.count() == 1


def test_edit_refused_by_a_rule_shows_it(curator: User) -> None:
    mentorship = MentorshipFactory()
    mentor = mentorship.mentors.get()

    response = client_for(curator).post(
        edit(mentorship), edit_data(mentorship, mentees=[mentor.pk])
    )

    assert response.status_code == 200
    assert "не может быть одновременно наставником и наставляемым" in text_of(response)


def test_edit_keeps_a_departed_mentee_visible_so_that_the_rule_names_them(curator: User) -> None:
    left = StudentFactory(last_name="Выбывшая", status=StudentStatus.EXPELLED)
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
        mentees=[left],
    )

    response = client_for(curator).post(
        edit(mentorship), edit_data(mentorship, variant=mentorship.variant_id)
    )

    assert response.status_code == 200
    assert "Выбывшая" in text_of(response)
    assert "не обучается" in text_of(response)


@pytest.mark.parametrize("persona", ["teacher", "director", "methodist", "outsider"])
def test_only_managers_edit(persona: str, request: pytest.FixtureRequest) -> None:
    mentorship = MentorshipFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(edit(mentorship)).status_code == 403
    assert client.post(edit(mentorship), edit_data(mentorship)).status_code == 403
    assert client.post(complete(mentorship)).status_code == 403
    assert client.post(terminate(mentorship)).status_code == 403


def test_lead_cannot_edit_or_close_a_mentorship_of_another_format(lead: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(lead)

    assert client.get(edit(mentorship)).status_code == 404
    assert client.get(complete(mentorship)).status_code == 404
    assert client.get(terminate(mentorship)).status_code == 404


def test_lead_edits_a_mentorship_of_the_led_format(lead: User) -> None:
    assert client_for(lead).get(edit(lead_pair())).status_code == 200


def test_closed_mentorship_is_not_edited(curator: User) -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 6, 1))

    response = client_for(curator).get(edit(mentorship), follow=True)

    assert response.redirect_chain == [(detail(mentorship), 302)]
    assert "больше не изменяется" in text_of(response)


def test_edit_complete_and_terminate_refuse_other_methods(curator: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(curator)

    assert client.put(edit(mentorship)).status_code == 405
    assert client.delete(complete(mentorship)).status_code == 405
    assert client.patch(terminate(mentorship)).status_code == 405


# ---- completion ----------------------------------------------------------------------------


def completion_data(mentorship: Mentorship, **changes: object) -> dict[str, object]:
    items = expected_result_items(mentorship.expected_results)
    data: dict[str, object] = {
        "version": mentorship.version,
        "results": "Наставляемая прошла аттестацию на первую категорию.",
        "ended_on": YESTERDAY.isoformat(),
    }
    for index in range(len(items)):
        data[f"achievement_{index}"] = ResultAchievement.ACHIEVED
        data[f"comment_{index}"] = ""
    data.update(changes)
    return data


def test_completion_form_lists_every_expected_result(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).get(complete(mentorship))

    assert response.status_code == 200
    for item in expected_result_items(mentorship.expected_results):
        assert item in text_of(response)
    assert response.context["form"]["ended_on"].value() == TODAY


def test_curator_completes_a_mentorship(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).post(
        complete(mentorship), completion_data(mentorship, achievement_1=ResultAchievement.PARTLY)
    )

    assert response.status_code == 302
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.status == MentorshipStatus.COMPLETED
    assert [r.achievement for r in stored.result_assessments.all()] == [
        "achieved",
        "partly",
        "achieved",
        "achieved",
    ]
    assert stored.changes.get().changed_by == curator


def test_completion_without_an_achievement_is_not_saved(curator: User) -> None:
    mentorship = MentorshipFactory()
    data = completion_data(mentorship)
    del data["achievement_2"]

    response = client_for(curator).post(complete(mentorship), data)

    assert response.status_code == 200
    assert response.context["form"].errors["achievement_2"]
    assert Mentorship.objects.get(pk=mentorship.pk).status == MentorshipStatus.ACTIVE


def test_completion_from_a_stale_version_is_refused(curator: User) -> None:
    mentorship = MentorshipFactory()
    data = completion_data(mentorship)
    Mentorship.objects.filter(pk=mentorship.pk).update(version=mentorship.version + 1)

    response = client_for(curator).post(complete(mentorship), data)

    assert refused_as_stale(response)
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.status == MentorshipStatus.ACTIVE
    assert not stored.result_assessments.exists()


def test_completion_form_of_a_closed_mentorship_leads_back(curator: User) -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.TERMINATED, ended_on=YESTERDAY)

    response = client_for(curator).get(complete(mentorship), follow=True)

    assert response.redirect_chain == [(detail(mentorship), 302)]
    assert "можно только действующую наставническую пару" in text_of(response)


# ---- ending early --------------------------------------------------------------------------


def termination_data(mentorship: Mentorship, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": mentorship.version,
        "reason": TerminationReason.INCOMPATIBILITY,
        "comment": "Не сложилось взаимодействие, наставляемый просит другого наставника.",
        "ended_on": YESTERDAY.isoformat(),
    }
    data.update(changes)
    return data


def test_terminate_form_warns_and_offers_the_fixed_reasons(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).get(terminate(mentorship))

    assert response.status_code == 200
    assert "возобновить её нельзя" in text_of(response)
    reasons = [value for value, _label in response.context["form"].fields["reason"].choices]
    assert reasons == ["", *TerminationReason.values]


def test_lead_ends_a_mentorship_of_the_led_format_early(lead: User) -> None:
    mentorship = lead_pair()

    response = client_for(lead).post(terminate(mentorship), termination_data(mentorship))

    assert response.status_code == 302
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.status == MentorshipStatus.TERMINATED
    assert stored.termination_reason == TerminationReason.INCOMPATIBILITY
    assert stored.changes.get().changed_by == lead


def test_terminate_from_a_stale_version_is_refused(curator: User) -> None:
    mentorship = MentorshipFactory()
    data = termination_data(mentorship)
    Mentorship.objects.filter(pk=mentorship.pk).update(version=mentorship.version + 1)

    response = client_for(curator).post(terminate(mentorship), data)

    assert refused_as_stale(response)
    assert Mentorship.objects.get(pk=mentorship.pk).status == MentorshipStatus.ACTIVE


def test_terminate_without_a_comment_is_not_saved(curator: User) -> None:
    mentorship = MentorshipFactory()

    response = client_for(curator).post(
        terminate(mentorship), termination_data(mentorship, comment="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    assert Mentorship.objects.get(pk=mentorship.pk).status == MentorshipStatus.ACTIVE


# ---- the mentorship page -------------------------------------------------------------------


def test_page_lists_meetings_newest_first_with_the_button_for_the_mentor(
    teacher: User, teacher_person: Teacher
) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])
    meeting_of(mentorship, held_on=dt.date(2025, 10, 15), topic="Первая встреча")
    meeting_of(mentorship, held_on=dt.date(2025, 11, 12), topic="Вторая встреча")

    response = client_for(teacher).get(detail(mentorship))

    text = text_of(response)
    assert [m.topic for m in response.context["meetings"]] == ["Вторая встреча", "Первая встреча"]
    assert text.index("Вторая встреча") < text.index("Первая встреча")
    assert "Записать встречу" in text
    assert meeting_new(mentorship) in text
    # A mentor does not manage the mentorship.
    assert edit(mentorship) not in text
    assert complete(mentorship) not in text


def test_page_has_no_actions_for_read_only_roles(director: User) -> None:
    mentorship = MentorshipFactory()
    meeting_of(mentorship)

    text = text_of(client_for(director).get(detail(mentorship)))

    assert "Знакомство" in text
    for url in (meeting_new(mentorship), edit(mentorship), complete(mentorship)):
        assert url not in text


def test_page_has_the_managers_actions(curator: User) -> None:
    mentorship = MentorshipFactory()

    text = text_of(client_for(curator).get(detail(mentorship)))

    for url in (meeting_new(mentorship), edit(mentorship), complete(mentorship)):
        assert url in text
    assert terminate(mentorship) in text
    assert "Завершить досрочно" in text


def test_page_has_the_actions_for_the_lead_of_the_format(lead: User) -> None:
    mentorship = lead_pair()

    text = text_of(client_for(lead).get(detail(mentorship)))

    for url in (meeting_new(mentorship), edit(mentorship), terminate(mentorship)):
        assert url in text


def test_page_of_a_closed_mentorship_offers_no_actions(curator: User) -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 6, 1))

    text = text_of(client_for(curator).get(detail(mentorship)))

    for url in (meeting_new(mentorship), edit(mentorship), complete(mentorship)):
        assert url not in text


def test_page_flags_a_silent_mentorship(curator: User) -> None:
    weeks = Organization.load().silent_after_weeks
    quiet = MentorshipFactory()
    meeting_of(quiet, held_on=TODAY - dt.timedelta(weeks=weeks + 2))
    lively = MentorshipFactory()
    meeting_of(lively, held_on=TODAY - dt.timedelta(weeks=weeks))
    client = client_for(curator)

    quiet_page = client.get(detail(quiet))
    lively_page = client.get(detail(lively))

    assert quiet_page.context["silent_weeks"] == weeks + 2
    assert f"молчит {weeks + 2} недел" in text_of(quiet_page)
    assert lively_page.context["silent_weeks"] is None
    assert "silent-badge" not in text_of(lively_page)


def test_page_warns_of_a_mentee_who_left(curator: User) -> None:
    left = StudentFactory(last_name="Ушедший", status=StudentStatus.TRANSFERRED)
    mentorship = MentorshipFactory(format=format_of("teacher_student"), mentees=[left])

    text = text_of(client_for(curator).get(detail(mentorship)))

    assert "Наставляемый выбыл из техникума" in text
    assert "Ушедший" in text
    assert "переведён" in text or "переведен" in text


def test_page_shows_the_results_of_a_completed_mentorship(curator: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(curator)
    client.post(complete(mentorship), completion_data(mentorship))

    text = text_of(client.get(detail(mentorship)))

    assert "Наставляемая прошла аттестацию на первую категорию." in text
    assert "Сокращение текучести педагогических кадров" in text
    assert "достигнут" in text


def test_page_shows_the_reason_for_ending_early(curator: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(curator)
    client.post(terminate(mentorship), termination_data(mentorship))

    text = text_of(client.get(detail(mentorship)))

    assert "Наставник и наставляемый несовместимы" in text or "несовместим" in text
    assert "просит другого наставника" in text


def test_page_shows_the_history_with_field_names(curator: User) -> None:
    mentorship = MentorshipFactory()
    client = client_for(curator)
    client.post(edit(mentorship), edit_data(mentorship))

    text = text_of(client.get(detail(mentorship)))

    assert "История изменений" in text
    assert "Плановая дата окончания: 30.06.2026 → 31.07.2026" in text
    assert "Васильев" in text


def test_history_masks_a_special_variant(methodist: User) -> None:
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory()],
    )
    record_change(
        mentorship,
        action=ChangeAction.EDITED,
        user=None,
        details=[
            {
                "field": "variant",
                "old": "педагог – высокомотивированный студент",
                "new": "педагог – студент с ОВЗ",
            }
        ],
    )

    text = text_of(client_for(methodist).get(detail(mentorship)))

    assert "История изменений" in text
    assert "ОВЗ" not in text
    assert "высокомотивированный" not in text
    assert "Вариант: скрыт" in text


def test_history_is_not_shown_to_a_mentor(teacher: User, teacher_person: Teacher) -> None:
    mentorship = MentorshipFactory(mentors=[teacher_person])

    response = client_for(teacher).get(detail(mentorship))

    assert response.context["history"] is None
    assert "История изменений" not in text_of(response)


# ---- needing attention ---------------------------------------------------------------------


def silent_pair(weeks_ago: int, **fields: object) -> Mentorship:
    mentorship = MentorshipFactory(**fields)
    meeting_of(mentorship, held_on=TODAY - dt.timedelta(weeks=weeks_ago))
    return mentorship


def test_attention_lists_silent_and_departed_mentorships(curator: User) -> None:
    weeks = Organization.load().silent_after_weeks
    quiet = silent_pair(weeks + 3)
    silent_pair(weeks)  # exactly the weeks: not silent yet
    left = StudentFactory(last_name="Отчисленный", status=StudentStatus.EXPELLED)
    departed = MentorshipFactory(format=format_of("teacher_student"), mentees=[left])
    meeting_of(departed, held_on=TODAY)

    response = client_for(curator).get(ATTENTION)

    assert response.status_code == 200
    silent_rows = response.context["silent_rows"]
    assert [row["mentorship"] for row in silent_rows] == [quiet]
    assert silent_rows[0]["weeks"] == weeks + 3
    assert [row["mentorship"] for row in response.context["departed_rows"]] == [departed]
    text = text_of(response)
    assert "Отчисленный" in text
    assert "отчислен" in text
    assert detail(quiet) in text


def test_attention_shows_a_lead_only_the_led_format(lead: User) -> None:
    silent_pair(10)
    led = lead_pair()

    response = client_for(lead).get(ATTENTION)

    assert [row["mentorship"] for row in response.context["silent_rows"]] == [led]


def test_attention_has_empty_states(curator: User) -> None:
    text = text_of(client_for(curator).get(ATTENTION))

    assert "Молчащих пар нет" in text
    assert "нет выбывших наставляемых" in text


@pytest.mark.parametrize("persona", ["teacher", "methodist", "outsider"])
def test_attention_is_for_managers(persona: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(persona)).get(ATTENTION).status_code == 403


def test_the_director_reads_the_whole_programs_attention_list(director: User) -> None:
    quiet = silent_pair(Organization.load().silent_after_weeks + 2)
    led = lead_pair()  # no meeting since its start; another format: the director sees all

    response = client_for(director).get(ATTENTION)

    assert response.status_code == 200
    assert {row["mentorship"] for row in response.context["silent_rows"]} == {quiet, led}
    assert not response.context["manages"]
    text = text_of(response)
    assert detail(quiet) in text
    assert reverse("work:mentorship-complete", args=[quiet.pk]) not in response.text


def test_the_director_may_not_post_to_the_attention_list(director: User) -> None:
    assert client_for(director).post(ATTENTION).status_code == 405


def test_attention_refuses_post(curator: User) -> None:
    assert client_for(curator).post(ATTENTION).status_code == 405


def attention_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ATTENTION).status_code == 200
    return len(queries)


def test_attention_takes_a_constant_number_of_queries(curator: User) -> None:
    client = client_for(curator)
    attention_queries(client)  # the session and the organization's row settle
    silent_pair(10)
    MentorshipFactory(
        format=format_of("teacher_student"),
        mentees=[StudentFactory(status=StudentStatus.EXPELLED)],
    )
    few = attention_queries(client)

    for _ in range(6):
        silent_pair(10, mentors=[TeacherFactory(), TeacherFactory()])
        MentorshipFactory(
            format=format_of("teacher_student"),
            mentees=[StudentFactory(status=StudentStatus.GRADUATED), StudentFactory()],
        )

    assert attention_queries(client) == few
    assert few <= 14


@pytest.mark.parametrize("status", [MentorshipStatus.COMPLETED, MentorshipStatus.DRAFT])
def test_the_meeting_form_of_a_pair_not_running_leads_back_to_it(
    curator: User, status: str
) -> None:
    closed = MentorshipFactory(
        status=status,
        ended_on=dt.date(2026, 6, 30) if status == MentorshipStatus.COMPLETED else None,
        decision=None if status == MentorshipStatus.DRAFT else DecisionFactory(),
    )

    response = client_for(curator).get(meeting_new(closed), follow=True)

    assert response.redirect_chain[-1][0] == detail(closed)
    assert "Встречи записываются только для действующей пары" in text_of(response)
