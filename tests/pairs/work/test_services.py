"""pairs.work.services: meetings, completion, ending early, the silent and departed flags and
who logs meetings of which mentorships.

Each refusal checks its Russian message and that nothing changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.versions import row_fingerprint
from pairs.mentorships.services import update_mentorship
from pairs.models import (
    ChangeAction,
    Meeting,
    MeetingFormat,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
    ResultAchievement,
    TerminationReason,
)
from pairs.work.services import (
    Assessment,
    attention_counts,
    complete_mentorship,
    delete_meeting,
    expected_result_items,
    log_meeting,
    terminate_mentorship,
    update_meeting,
)
from programs.models import FormatVariant, MentoringFormat, Organization
from registry.models import StudentStatus, Teacher
from tests.factories import (
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    UserFactory,
    format_of,
)
from tests.stale import is_stale

pytestmark = pytest.mark.django_db

START = dt.date(2025, 10, 1)
TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def meeting_args(**changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "held_on": dt.date(2025, 10, 15),
        "duration_minutes": 45,
        "format": MeetingFormat.IN_PERSON,
        "topic": "Знакомство, запрос наставляемого",
        "notes": "Договорились о встречах по средам.",
    }
    return args | changes


def seen(meeting: Meeting) -> str:
    """The token of the meeting as an edit form made now would carry it."""
    return row_fingerprint(Meeting.objects.get(pk=meeting.pk))


def refused(call: Any, *args: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        call(*args, **kwargs)
    return excinfo.value.messages


def all_assessed(mentorship: Mentorship, achievement: str = ResultAchievement.ACHIEVED) -> list:
    return [
        Assessment(item, achievement, "")
        for item in expected_result_items(mentorship.expected_results)
    ]


def completion_args(mentorship: Mentorship, **changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "user": None,
        "version": mentorship.version,
        "ended_on": YESTERDAY,
        "results": "Молодой педагог провёл открытый урок, прошёл аттестацию.",
        "assessments": all_assessed(mentorship),
    }
    return args | changes


def termination_args(mentorship: Mentorship, **changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "user": None,
        "version": mentorship.version,
        "ended_on": YESTERDAY,
        "reason": TerminationReason.MENTEE_LEFT,
        "comment": "Наставляемый уволился по собственному желанию.",
    }
    return args | changes


def assert_unchanged(mentorship: Mentorship) -> None:
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.status == mentorship.status
    assert stored.version == mentorship.version
    assert stored.ended_on == mentorship.ended_on
    assert not stored.result_assessments.exists()
    assert not stored.changes.exists()


# ---- expected results as items -------------------------------------------------------------


def test_teacher_teacher_expected_results_are_four_items() -> None:
    items = expected_result_items(format_of("teacher_teacher").expected_results)

    assert items == [
        "Высокий уровень включенности молодых (новых) специалистов в педагогическую работу, "
        "культурную жизнь Техникума, развитие личного, творческого и педагогического потенциалов",
        "Сокращение текучести педагогических кадров",
        "Развитие у наставляемых компетенций, необходимых для раннего периода становления в "
        "профессии педагога",
        "Получение профессиональных советов и рекомендаций, мотивации и ресурсов для адаптации "
        "в Техникуме",
    ]


@pytest.mark.parametrize(
    ("code", "count"),
    [
        ("student_student", 2),
        ("teacher_teacher", 4),
        ("teacher_student", 0),
        ("student_pupil", 3),
        ("employer_student", 4),
    ],
)
def test_each_format_splits_into_its_clauses(code: str, count: int) -> None:
    assert len(expected_result_items(format_of(code).expected_results)) == count


def test_every_loaded_text_splits_into_clean_items() -> None:
    texts = [f.expected_results for f in MentoringFormat.objects.all()]
    texts += [v.expected_results for v in FormatVariant.objects.all()]

    for text in filter(None, texts):
        for item in expected_result_items(text):
            assert item[0].isupper(), item
            assert item[-1] not in ".;, ", item
            assert len(item) > 10, item


def test_variant_results_come_before_the_formats() -> None:
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=FormatVariant.objects.get(format__code="teacher_student", code="gifted"),
        mentees=[StudentFactory()],
    )

    assert len(expected_result_items(mentorship.expected_results)) == 3


def test_items_split_on_lines_and_sentences_and_drop_bullets() -> None:
    text = "- первое;\n2) второе. Третье, т. е. одно\n\n• четвёртое."

    assert expected_result_items(text) == ["Первое", "Второе", "Третье, т. е. одно", "Четвёртое"]


def test_no_text_no_items() -> None:
    assert expected_result_items("  \n ") == []


# ---- meetings ------------------------------------------------------------------------------


def test_meeting_is_logged_with_its_author_and_history() -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()

    meeting = log_meeting(mentorship, user=user, **meeting_args())

    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.duration_minutes, meeting.logged_by) == (
        dt.date(2025, 10, 15),
        45,
        user,
    )
    change = MentorshipChange.objects.get(mentorship=mentorship)
    assert change.action == ChangeAction.MEETING_LOGGED
    assert change.changed_by == user
    assert change.details == [
        {"field": "held_on", "old": "", "new": "15.10.2025"},
        {"field": "topic", "old": "", "new": "Знакомство, запрос наставляемого"},
    ]


def test_meeting_does_not_change_the_version() -> None:
    mentorship = MentorshipFactory()

    log_meeting(mentorship, user=None, **meeting_args())

    assert Mentorship.objects.get(pk=mentorship.pk).version == mentorship.version


def test_meeting_on_the_start_day_and_today_is_accepted() -> None:
    mentorship = MentorshipFactory()

    log_meeting(mentorship, user=None, **meeting_args(held_on=START))
    log_meeting(mentorship, user=None, **meeting_args(held_on=TODAY))

    assert mentorship.meetings.count() == 2


def test_meeting_before_the_start_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        log_meeting, mentorship, user=None, **meeting_args(held_on=dt.date(2025, 9, 30))
    )

    assert messages == ["Встреча не может быть раньше начала наставничества (01.10.2025)."]
    assert not Meeting.objects.exists()
    assert not MentorshipChange.objects.exists()


def test_meeting_in_the_future_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        log_meeting,
        mentorship,
        user=None,
        **meeting_args(held_on=TODAY + dt.timedelta(days=1)),
    )

    assert messages == ["Встреча записывается, когда она уже состоялась: указана будущая дата."]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("status", "shown"),
    [(MentorshipStatus.DRAFT, "черновик"), (MentorshipStatus.COMPLETED, "завершена")],
)
def test_meeting_of_a_mentorship_that_is_not_active_is_refused(status: str, shown: str) -> None:
    if status == MentorshipStatus.COMPLETED:
        mentorship = MentorshipFactory(status=status, ended_on=dt.date(2026, 6, 30))
    else:
        mentorship = MentorshipFactory(status=status, decision=None)

    messages = refused(log_meeting, mentorship, user=None, **meeting_args())

    assert messages == [
        "Встречи записываются только для действующей наставнической пары; "
        f"пара № {mentorship.pk} — {shown}."
    ]
    assert not Meeting.objects.exists()


def test_meeting_after_the_end_is_refused() -> None:
    mentorship = MentorshipFactory(
        status=MentorshipStatus.TERMINATED, ended_on=dt.date(2025, 12, 1)
    )

    messages = refused(
        log_meeting, mentorship, user=None, **meeting_args(held_on=dt.date(2025, 12, 2))
    )

    assert "Встреча не может быть позже окончания наставничества (01.12.2025)." in messages


def test_meeting_duration_outside_5_to_600_minutes_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(log_meeting, mentorship, user=None, **meeting_args(duration_minutes=4))

    assert messages == ["Встреча длится от 5 до 600 минут."]
    assert not Meeting.objects.exists()
    assert not MentorshipChange.objects.exists()


def test_meeting_is_changed_and_the_history_keeps_what_changed() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())
    user = UserFactory()

    update_meeting(
        meeting,
        user=user,
        seen=seen(meeting),
        **meeting_args(duration_minutes=60, format=MeetingFormat.ONLINE),
    )

    meeting.refresh_from_db()
    assert (meeting.duration_minutes, meeting.format) == (60, MeetingFormat.ONLINE)
    change = mentorship.changes.get(action=ChangeAction.MEETING_CHANGED)
    assert change.changed_by == user
    assert change.details == [
        {"field": "held_on", "old": "15.10.2025", "new": "15.10.2025"},
        {"field": "topic", "old": meeting.topic, "new": meeting.topic},
        {"field": "duration_minutes", "old": "45", "new": "60"},
        {"field": "format", "old": "очно", "new": "онлайн"},
    ]


def test_unchanged_meeting_adds_no_history() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())

    update_meeting(meeting, user=None, seen=seen(meeting), **meeting_args())

    assert not mentorship.changes.filter(action=ChangeAction.MEETING_CHANGED).exists()


def test_meeting_moved_into_the_future_is_refused() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())

    messages = refused(
        update_meeting,
        meeting,
        user=None,
        seen=seen(meeting),
        **meeting_args(held_on=TODAY + dt.timedelta(days=3)),
    )

    assert messages == ["Встреча записывается, когда она уже состоялась: указана будущая дата."]
    assert Meeting.objects.get(pk=meeting.pk).held_on == dt.date(2025, 10, 15)


def test_meeting_changed_by_someone_else_meanwhile_is_not_overwritten() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())
    token = seen(meeting)
    update_meeting(meeting, user=None, seen=token, **meeting_args(topic="Их тема"))

    with pytest.raises(ValidationError) as excinfo:
        update_meeting(meeting, user=None, seen=token, **meeting_args(topic="Моя тема"))

    assert is_stale(excinfo.value)
    assert "15.10.2025" in excinfo.value.messages[0]
    assert Meeting.objects.get(pk=meeting.pk).topic == "Их тема"
    assert mentorship.changes.filter(action=ChangeAction.MEETING_CHANGED).count() == 1


def test_meeting_deleted_meanwhile_is_not_saved_again() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())
    token = seen(meeting)
    delete_meeting(meeting, user=None)

    with pytest.raises(ValidationError) as excinfo:
        update_meeting(meeting, user=None, seen=token, **meeting_args())

    assert is_stale(excinfo.value)
    assert not Meeting.objects.exists()


def test_the_same_meeting_sent_twice_is_logged_once() -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()

    first = log_meeting(mentorship, user=user, **meeting_args())
    second = log_meeting(mentorship, user=user, **meeting_args())

    assert second.pk == first.pk
    assert mentorship.meetings.count() == 1
    assert mentorship.changes.filter(action=ChangeAction.MEETING_LOGGED).count() == 1


@pytest.mark.parametrize(
    "other",
    [
        {"topic": "Другая тема"},
        {"held_on": dt.date(2025, 10, 16)},
        {"duration_minutes": 60},
        {"format": MeetingFormat.ONLINE},
        {"notes": ""},
    ],
)
def test_another_meeting_of_the_same_pair_is_logged_too(other: dict[str, Any]) -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()

    log_meeting(mentorship, user=user, **meeting_args())
    log_meeting(mentorship, user=user, **meeting_args(**other))

    assert mentorship.meetings.count() == 2


def test_the_same_meeting_by_another_user_or_later_is_logged_again() -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()
    first = log_meeting(mentorship, user=user, **meeting_args())

    log_meeting(mentorship, user=UserFactory(), **meeting_args())
    Meeting.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    log_meeting(mentorship, user=user, **meeting_args())

    assert mentorship.meetings.count() == 3


def test_meeting_is_deleted_and_the_history_keeps_its_date_and_topic() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())
    user = UserFactory()

    delete_meeting(meeting, user=user)

    assert not Meeting.objects.exists()
    change = mentorship.changes.get(action=ChangeAction.MEETING_DELETED)
    assert change.changed_by == user
    assert change.details == [
        {"field": "held_on", "old": "15.10.2025", "new": ""},
        {"field": "topic", "old": "Знакомство, запрос наставляемого", "new": ""},
    ]


def test_meeting_of_a_closed_mentorship_is_kept() -> None:
    mentorship = MentorshipFactory()
    meeting = log_meeting(mentorship, user=None, **meeting_args())
    complete_mentorship(mentorship, **completion_args(mentorship))

    messages = refused(delete_meeting, meeting, user=None)

    assert messages == [
        "Встречи недействующей наставнической пары не изменяются; "
        f"пара № {mentorship.pk} — завершена."
    ]
    assert Meeting.objects.filter(pk=meeting.pk).exists()


# ---- completion ----------------------------------------------------------------------------


def test_completion_saves_results_per_expected_result_and_history() -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()
    items = expected_result_items(mentorship.expected_results)
    assessments = [
        Assessment(items[0], ResultAchievement.ACHIEVED, "Ведёт кружок."),
        Assessment(items[1], ResultAchievement.PARTLY, ""),
        Assessment(items[2], ResultAchievement.NOT_ACHIEVED, "Не успели."),
        Assessment(items[3], ResultAchievement.ACHIEVED, ""),
    ]

    completed = complete_mentorship(
        mentorship, **completion_args(mentorship, user=user, assessments=assessments)
    )

    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert completed.pk == stored.pk
    assert stored.status == MentorshipStatus.COMPLETED
    assert stored.ended_on == YESTERDAY
    assert stored.results == "Молодой педагог провёл открытый урок, прошёл аттестацию."
    assert stored.version == mentorship.version + 1
    assert [
        (r.position, r.expected, r.achievement, r.comment) for r in stored.result_assessments.all()
    ] == [
        (0, items[0], "achieved", "Ведёт кружок."),
        (1, items[1], "partly", ""),
        (2, items[2], "not_achieved", "Не успели."),
        (3, items[3], "achieved", ""),
    ]
    change = stored.changes.get()
    assert (change.action, change.changed_by) == (ChangeAction.COMPLETED, user)
    assert {"field": "status", "old": "действует", "new": "завершена"} in change.details
    assert {"field": "ended_on", "old": "", "new": YESTERDAY.strftime("%d.%m.%Y")} in (
        change.details
    )


def test_completion_without_an_assessment_of_every_result_is_refused() -> None:
    mentorship = MentorshipFactory()
    assessments = all_assessed(mentorship)[1:]
    missing = all_assessed(mentorship)[0].expected

    messages = refused(
        complete_mentorship, mentorship, **completion_args(mentorship, assessments=assessments)
    )

    assert messages == [f"Оцените ожидаемый результат «{missing}»."]
    assert_unchanged(mentorship)


def test_completion_with_a_result_of_another_format_is_refused() -> None:
    mentorship = MentorshipFactory()
    assessments = [*all_assessed(mentorship), Assessment("Чужой результат", "achieved", "")]

    messages = refused(
        complete_mentorship, mentorship, **completion_args(mentorship, assessments=assessments)
    )

    assert messages == ["«Чужой результат» — не ожидаемый результат этой наставнической пары."]
    assert_unchanged(mentorship)


def test_completion_with_a_result_assessed_twice_is_refused() -> None:
    mentorship = MentorshipFactory()
    assessments = [*all_assessed(mentorship), all_assessed(mentorship)[0]]

    messages = refused(
        complete_mentorship, mentorship, **completion_args(mentorship, assessments=assessments)
    )

    assert messages == ["Каждый ожидаемый результат оценивается один раз."]
    assert_unchanged(mentorship)


def test_completion_with_an_unknown_achievement_is_refused() -> None:
    mentorship = MentorshipFactory()
    assessments = all_assessed(mentorship, achievement="perfect")

    messages = refused(
        complete_mentorship, mentorship, **completion_args(mentorship, assessments=assessments)
    )

    assert len(messages) == 4
    assert messages[0] == f"Укажите, в какой мере достигнут результат «{assessments[0].expected}»."
    assert_unchanged(mentorship)


def test_completion_without_a_summary_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(complete_mentorship, mentorship, **completion_args(mentorship, results="  "))

    assert messages == ["Опишите результаты наставничества."]
    assert_unchanged(mentorship)


def test_completion_before_the_start_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        complete_mentorship,
        mentorship,
        **completion_args(mentorship, ended_on=dt.date(2025, 9, 30)),
    )

    assert messages == ["Наставничество не может окончиться раньше, чем началось (01.10.2025)."]
    assert_unchanged(mentorship)


def test_completion_in_the_future_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        complete_mentorship,
        mentorship,
        **completion_args(mentorship, ended_on=TODAY + dt.timedelta(days=1)),
    )

    assert messages == ["Дата окончания не может быть в будущем."]
    assert_unchanged(mentorship)


def test_completion_on_the_start_day_and_today_is_accepted() -> None:
    first, second = MentorshipFactory(), MentorshipFactory()

    complete_mentorship(first, **completion_args(first, ended_on=START))
    complete_mentorship(second, **completion_args(second, ended_on=TODAY))

    assert Mentorship.objects.filter(status=MentorshipStatus.COMPLETED).count() == 2


def test_completion_before_the_last_meeting_is_refused() -> None:
    mentorship = MentorshipFactory()
    log_meeting(mentorship, user=None, **meeting_args(held_on=dt.date(2025, 12, 10)))
    mentorship.refresh_from_db()
    MentorshipChange.objects.all().delete()

    messages = refused(
        complete_mentorship,
        mentorship,
        **completion_args(mentorship, ended_on=dt.date(2025, 12, 9)),
    )

    assert messages == ["Наставничество не может окончиться раньше последней встречи (10.12.2025)."]
    assert_unchanged(mentorship)


def test_completing_a_closed_mentorship_is_refused() -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.TERMINATED, ended_on=YESTERDAY)

    messages = refused(complete_mentorship, mentorship, **completion_args(mentorship))

    assert messages == [
        "Завершить или прекратить досрочно можно только действующую наставническую пару; "
        f"пара № {mentorship.pk} — прекращена досрочно."
    ]
    assert_unchanged(mentorship)


def test_completion_from_a_stale_version_is_refused_and_changes_nothing() -> None:
    mentorship = MentorshipFactory()
    stale = mentorship.version
    # Someone else changes the mentorship meanwhile.
    update_mentorship(
        mentorship,
        user=UserFactory(),
        version=stale,
        variant=None,
        mentors=list(mentorship.mentors.all()),
        mentees=list(mentorship.mentees.all()),
        started_on=START,
        planned_end_on=dt.date(2026, 7, 31),
    )
    current = Mentorship.objects.get(pk=mentorship.pk)

    with pytest.raises(ValidationError) as excinfo:
        complete_mentorship(mentorship, **completion_args(mentorship, version=stale))

    assert is_stale(excinfo.value)
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert (stored.status, stored.version) == (MentorshipStatus.ACTIVE, current.version)
    assert not stored.result_assessments.exists()
    assert not stored.changes.filter(action=ChangeAction.COMPLETED).exists()


def test_completion_of_a_format_without_expected_results_needs_only_the_summary() -> None:
    mentoring_format = format_of("teacher_teacher")
    mentoring_format.expected_results = ""
    mentoring_format.save()
    mentorship = MentorshipFactory()

    complete_mentorship(mentorship, **completion_args(mentorship, assessments=[]))

    assert Mentorship.objects.get(pk=mentorship.pk).status == MentorshipStatus.COMPLETED


# ---- ending early --------------------------------------------------------------------------


def test_ending_early_saves_the_reason_the_comment_and_history() -> None:
    mentorship = MentorshipFactory()
    user = UserFactory()

    terminate_mentorship(mentorship, **termination_args(mentorship, user=user))

    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.status == MentorshipStatus.TERMINATED
    assert stored.ended_on == YESTERDAY
    assert stored.termination_reason == TerminationReason.MENTEE_LEFT
    assert stored.termination_comment == "Наставляемый уволился по собственному желанию."
    assert stored.version == mentorship.version + 1
    change = stored.changes.get()
    assert (change.action, change.changed_by) == (ChangeAction.TERMINATED, user)
    assert {
        "field": "termination_reason",
        "old": "",
        "new": "наставляемый выбыл из техникума",
    } in change.details


def test_ending_early_with_a_reason_off_the_list_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        terminate_mentorship, mentorship, **termination_args(mentorship, reason="boredom")
    )

    assert messages == ["Выберите причину досрочного прекращения из списка."]
    assert_unchanged(mentorship)


def test_ending_early_without_a_comment_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        terminate_mentorship, mentorship, **termination_args(mentorship, comment=" \n")
    )

    assert messages == ["Поясните в комментарии, почему наставничество прекращается досрочно."]
    assert_unchanged(mentorship)


def test_ending_early_in_the_future_is_refused() -> None:
    mentorship = MentorshipFactory()

    messages = refused(
        terminate_mentorship,
        mentorship,
        **termination_args(mentorship, ended_on=TODAY + dt.timedelta(days=1)),
    )

    assert messages == ["Дата окончания не может быть в будущем."]
    assert_unchanged(mentorship)


def test_ending_a_draft_early_is_refused() -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)

    messages = refused(terminate_mentorship, mentorship, **termination_args(mentorship))

    assert messages == [
        "Завершить или прекратить досрочно можно только действующую наставническую пару; "
        f"пара № {mentorship.pk} — черновик."
    ]
    assert_unchanged(mentorship)


def test_ending_early_from_a_stale_version_is_refused_and_changes_nothing() -> None:
    mentorship = MentorshipFactory()
    stale = mentorship.version
    terminate_mentorship(mentorship, **termination_args(mentorship))

    with pytest.raises(ValidationError) as excinfo:
        terminate_mentorship(
            mentorship,
            **termination_args(mentorship, version=stale, reason=TerminationReason.OTHER),
        )

    assert is_stale(excinfo.value)
    stored = Mentorship.objects.get(pk=mentorship.pk)
    assert stored.termination_reason == TerminationReason.MENTEE_LEFT
    assert stored.changes.count() == 1


# ---- silent and departed -------------------------------------------------------------------


def silent_ids() -> set[int]:
    since = Organization.load().silent_since(TODAY)
    return set(Mentorship.objects.silent(since=since).values_list("pk", flat=True))


def test_a_meeting_exactly_the_configured_weeks_ago_keeps_a_mentorship_from_being_silent() -> None:
    weeks = Organization.load().silent_after_weeks
    mentorship = MentorshipFactory()
    Meeting.objects.create(
        mentorship=mentorship,
        held_on=TODAY - dt.timedelta(weeks=weeks),
        duration_minutes=30,
        format=MeetingFormat.ONLINE,
        topic="Итоги месяца",
    )

    assert mentorship.pk not in silent_ids()


def test_a_meeting_a_day_longer_ago_makes_it_silent() -> None:
    weeks = Organization.load().silent_after_weeks
    mentorship = MentorshipFactory()
    Meeting.objects.create(
        mentorship=mentorship,
        held_on=TODAY - dt.timedelta(weeks=weeks, days=1),
        duration_minutes=30,
        format=MeetingFormat.ONLINE,
        topic="Итоги месяца",
    )

    assert silent_ids() == {mentorship.pk}


def test_without_meetings_the_start_counts() -> None:
    weeks = Organization.load().silent_after_weeks
    end = TODAY + dt.timedelta(days=180)
    just_started = MentorshipFactory(
        started_on=TODAY - dt.timedelta(weeks=weeks), planned_end_on=end
    )
    long_started = MentorshipFactory(
        started_on=TODAY - dt.timedelta(weeks=weeks, days=1), planned_end_on=end
    )

    assert just_started.pk not in silent_ids()
    assert long_started.pk in silent_ids()


def test_the_configured_number_of_weeks_is_used() -> None:
    organization = Organization.load()
    organization.silent_after_weeks = 2
    organization.save()
    mentorship = MentorshipFactory()
    Meeting.objects.create(
        mentorship=mentorship,
        held_on=TODAY - dt.timedelta(weeks=3),
        duration_minutes=30,
        format=MeetingFormat.ONLINE,
        topic="Итоги",
    )

    assert silent_ids() == {mentorship.pk}


def test_a_closed_mentorship_is_never_silent() -> None:
    MentorshipFactory(status=MentorshipStatus.COMPLETED, ended_on=dt.date(2025, 11, 1))

    assert silent_ids() == set()


@pytest.mark.parametrize(
    "status", [StudentStatus.EXPELLED, StudentStatus.GRADUATED, StudentStatus.TRANSFERRED]
)
def test_a_mentee_who_left_flags_the_active_mentorship(status: str) -> None:
    left = StudentFactory(status=status, group=StudyGroupFactory(course=1))
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"), mentees=[left, StudentFactory()]
    )
    MentorshipFactory(format=format_of("teacher_student"), mentees=[StudentFactory()])

    flagged = Mentorship.objects.with_departed_mentees()

    assert list(flagged) == [mentorship]


def test_a_mentee_on_academic_leave_or_in_a_closed_mentorship_is_not_flagged() -> None:
    MentorshipFactory(
        format=format_of("teacher_student"),
        mentees=[StudentFactory(status=StudentStatus.ACADEMIC_LEAVE)],
    )
    MentorshipFactory(
        format=format_of("teacher_student"),
        status=MentorshipStatus.COMPLETED,
        ended_on=dt.date(2026, 6, 30),
        mentees=[StudentFactory(status=StudentStatus.GRADUATED)],
    )

    assert not Mentorship.objects.with_departed_mentees().exists()


def test_attention_counts_are_of_the_managed_mentorships(curator: User, lead: User) -> None:
    MentorshipFactory(started_on=dt.date(2025, 10, 1))  # teacher_teacher, silent
    MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory(status=StudentStatus.EXPELLED)],
    )

    assert attention_counts(curator, today=TODAY) == {"silent_count": 2, "departed_count": 1}
    assert attention_counts(lead, today=TODAY) == {"silent_count": 1, "departed_count": 1}


# ---- who logs meetings ---------------------------------------------------------------------


def test_a_teacher_logs_meetings_of_the_mentorships_they_mentor(
    teacher: User, teacher_person: Teacher
) -> None:
    own = MentorshipFactory(mentors=[teacher_person, TeacherFactory()])
    MentorshipFactory()

    assert list(Mentorship.objects.kept_by(teacher)) == [own]


def test_the_curator_logs_meetings_of_every_mentorship(curator: User) -> None:
    mentorships = {MentorshipFactory().pk, MentorshipFactory().pk}

    assert set(Mentorship.objects.kept_by(curator).values_list("pk", flat=True)) == mentorships


def test_a_lead_logs_meetings_of_the_led_formats(lead: User) -> None:
    led = MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory()],
    )
    MentorshipFactory()

    assert list(Mentorship.objects.kept_by(lead)) == [led]


@pytest.mark.parametrize("persona", ["director", "methodist", "outsider"])
def test_read_only_roles_log_no_meetings(persona: str, request: pytest.FixtureRequest) -> None:
    MentorshipFactory()

    assert not Mentorship.objects.kept_by(request.getfixturevalue(persona)).exists()
