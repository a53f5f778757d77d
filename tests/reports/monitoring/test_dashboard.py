"""The director's dashboard (/monitoring/dashboard/): who sees it and what of it, the table
per format, the trend from snapshots, the suppression of few answers, constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pairs.models import Meeting, MentorshipStatus, TerminationReason
from programs.actionplan.services import create_default_targets
from programs.models import Indicator, RunStatus
from registry.models import StudentStatus
from reports.models import (
    AssignmentState,
    Direction,
    IndicatorSnapshot,
    QuestionnairePurpose,
    Wave,
)
from reports.monitoring.charts import describe
from reports.monitoring.dashboard import selectors
from tests.conftest import client_for
from tests.factories import (
    ActionPlanFactory,
    MentorshipFactory,
    PlanItemFactory,
    PlanRunFactory,
    PlanSectionFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
)
from tests.reports.monitoring.builders import (
    make_assignment,
    make_cycle,
    make_response,
    make_version,
    question,
)
from tests.reports.monitoring.test_indicators import _process_versions

pytestmark = pytest.mark.django_db

URL = reverse("monitoring-dashboard:dashboard")
DAY = "2026-03-15"


@pytest.fixture(autouse=True)
def _quick_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's charts as their text alternative only: matplotlib's drawing is tested in
    test_dashboard_charts.py (and seen in the browser test); here it would cost a tenth of a
    second per indicator."""

    def described(points: Any, target: Any, unit: str, title: str) -> str:
        text = describe(points, target, unit, title)
        return f'<svg class="trend-chart"><title>{text}</title></svg>'

    monkeypatch.setattr(selectors, "trend_chart_svg", described)


def cards_of(response: Any) -> dict[str, Any]:
    return {card.result.indicator.code: card for card in response.context["cards"]}


def rows_of(response: Any) -> dict[str, Any]:
    return {row.format.code: row for row in response.context["rows"]}


def student_pair(code: str = "student_student", **kwargs: Any) -> Any:
    return MentorshipFactory(
        format=format_of(code),
        mentors=[StudentFactory()],
        mentees=[StudentFactory()],
        **kwargs,
    )


# --- Who sees it -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "curator", "methodist", "lead"])
def test_each_reviewing_role_sees_the_dashboard(persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    create_default_targets(ActionPlanFactory())
    student_pair()

    response = client_for(user).get(URL, {"day": DAY})

    assert response.status_code == 200
    assert cards_of(response)["mentorships_running"].result.computed.numerator == 1
    assert rows_of(response)["student_student"].running == 1
    assert "<svg" in response.content.decode()


@pytest.mark.parametrize("persona", ["teacher", "partner_curator", "outsider"])
def test_others_are_refused(persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)

    assert client_for(user).get(URL).status_code == 403


def test_a_lead_of_no_format_has_nothing_here(lead: User) -> None:
    format_of("student_student").leads.remove(lead)

    assert client_for(lead).get(URL).status_code == 404


def test_a_reference_date_that_is_not_a_date_is_not_found(director: User) -> None:
    assert client_for(director).get(URL, {"day": "15.03"}).status_code == 404


def test_only_get(director: User) -> None:
    assert client_for(director).post(URL).status_code == 405


def test_the_menu_leads_here_first(director: User) -> None:
    page = client_for(director).get(reverse("home")).content.decode()

    monitoring = page[page.index(reverse("monitoring-dashboard:dashboard")) :]
    assert reverse("monitoring:cycle-list") in monitoring


# --- What it shows ---------------------------------------------------------------------------


def test_a_lead_sees_the_led_formats_only(lead: User) -> None:
    student_pair("student_student")
    student_pair("teacher_student")
    make_cycle(2025)

    response = client_for(lead).get(URL, {"day": DAY})

    assert list(rows_of(response)) == ["student_student"]
    assert cards_of(response)["mentorships_running"].result.computed.numerator == 1
    swots = response.context["results"].swots
    assert [swot.format.code for swot in swots] == ["student_student"]
    assert response.context["attention"].silent == 1  # not the other format's silent pair


def test_the_table_counts_each_format_on_the_day_and_in_the_year(director: User) -> None:
    group = MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory()],
        mentees=[StudentFactory(), StudentFactory()],
        started_on=dt.date(2026, 1, 10),
    )
    Meeting.objects.create(
        mentorship=group,
        held_on=dt.date(2026, 3, 1),
        duration_minutes=45,
        format="in_person",
        topic="Встреча",
    )
    student_pair(started_on=dt.date(2025, 10, 1))  # silent: no meeting since
    student_pair(
        status=MentorshipStatus.COMPLETED,
        started_on=dt.date(2025, 9, 10),
        ended_on=dt.date(2026, 2, 1),
    )
    for reason in (
        TerminationReason.MENTEE_REQUEST,
        TerminationReason.MENTEE_REQUEST,
        TerminationReason.INCOMPATIBILITY,
    ):
        student_pair(
            status=MentorshipStatus.TERMINATED,
            started_on=dt.date(2025, 9, 10),
            ended_on=dt.date(2026, 1, 20),
            termination_reason=reason,
        )
    # Ended the day before the reference date: not running, and not new in 2025/26.
    student_pair(
        status=MentorshipStatus.COMPLETED,
        started_on=dt.date(2024, 10, 1),
        ended_on=dt.date(2026, 3, 14),
    )

    row = rows_of(client_for(director).get(URL, {"day": DAY}))["student_student"]

    assert (row.running, row.groups, row.mentees, row.mentors) == (2, 1, 3, 2)
    assert (row.new, row.completed, row.ended_early, row.silent) == (6, 2, 3, 1)
    assert row.main_reason == str(TerminationReason(TerminationReason.MENTEE_REQUEST).label)


def test_each_number_leads_to_the_list_behind_it(director: User) -> None:
    pair = student_pair(started_on=dt.date(2025, 10, 1))

    page = client_for(director).get(URL, {"day": DAY}).content.decode()

    registry = reverse("mentorships:registry")
    assert f"{registry}?format={pair.format_id}&amp;status=active" in page
    assert f"{registry}?format={pair.format_id}&amp;year=2025" in page
    assert reverse("work:attention") in page


def test_the_past_years_come_from_snapshots_and_the_current_one_is_live(
    director: User,
) -> None:
    plan = ActionPlanFactory(starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2029, 8, 31))
    create_default_targets(plan)
    running = Indicator.objects.get(code="mentorships_running")
    IndicatorSnapshot.objects.create(
        academic_year=2024,
        reference_date=dt.date(2025, 5, 20),
        indicator=running,
        numerator=Decimal(7),
        value=Decimal(7),
    )
    student_pair(started_on=dt.date(2025, 10, 1), planned_end_on=dt.date(2027, 6, 30))

    card = cards_of(client_for(director).get(URL))["mentorships_running"]

    by_year = {point.year.start_year: point for point in card.trend}
    assert (by_year[2024].value, by_year[2024].source) == (Decimal(7), "snapshot")
    # A past year without a snapshot is not recomputed: its people have changed since.
    assert (by_year[2025].value, by_year[2025].source) == (None, "")
    assert (by_year[2026].value, by_year[2026].source) == (Decimal(1), "live")
    assert "2024/2025: 7" in card.chart


def test_a_past_year_shown_is_its_snapshot(director: User) -> None:
    create_default_targets(ActionPlanFactory())
    indicator = Indicator.objects.get(code="student_mentors")
    IndicatorSnapshot.objects.create(
        academic_year=2025,
        reference_date=dt.date(2026, 5, 20),
        indicator=indicator,
        numerator=Decimal(3),
        denominator=Decimal(40),
        value=Decimal("7.5"),
        target=Decimal(10),
    )

    card = cards_of(client_for(director).get(URL, {"year": "2025"}))["student_mentors"]

    assert (card.source, card.taken_on) == ("snapshot", dt.date(2026, 5, 20))
    assert (card.result.computed.numerator, card.result.computed.denominator) == (3, 40)
    assert card.result.meets_target is False


def test_a_lead_gets_no_snapshot_of_the_whole_program(lead: User) -> None:
    ActionPlanFactory()
    IndicatorSnapshot.objects.create(
        academic_year=2025,
        reference_date=dt.date(2026, 5, 20),
        indicator=Indicator.objects.get(code="mentorships_running"),
        numerator=Decimal(9),
        value=Decimal(9),
    )

    card = cards_of(client_for(lead).get(URL, {"year": "2025"}))["mentorships_running"]

    assert card.source == "live"
    assert card.result.computed.value == 0


def test_few_answers_are_hidden_from_the_director_not_from_the_curator(
    director: User, curator: User
) -> None:
    mentee, _mentor = _process_versions()
    cycle = make_cycle(2025)
    student = StudentFactory()
    pair = MentorshipFactory(format=format_of("teacher_student"), mentees=[student])
    make_response(
        make_assignment(mentee, cycle=cycle, person=student, mentorship=pair), {"satisfied": 8}
    )

    hidden = client_for(director).get(URL, {"day": DAY})
    shown = client_for(curator).get(URL, {"day": DAY})

    assert cards_of(hidden)["satisfaction_mentees"].hidden is True
    assert rows_of(hidden)["teacher_student"].satisfaction.hidden is True
    assert rows_of(hidden)["teacher_student"].satisfaction.value is None
    assert cards_of(shown)["satisfaction_mentees"].hidden is False
    assert rows_of(shown)["teacher_student"].satisfaction.value == Decimal("8.0")
    assert rows_of(shown)["teacher_student"].response_rate.value == Decimal("100.0")


def test_a_methodist_leading_one_format_sees_few_answers_of_that_format_only(
    methodist_lead: User,
) -> None:
    mentee, _mentor = _process_versions()
    cycle = make_cycle(2025)
    for code in ("teacher_student", "teacher_teacher"):
        person = StudentFactory() if code == "teacher_student" else TeacherFactory()
        pair = MentorshipFactory(format=format_of(code), mentees=[person])
        make_response(
            make_assignment(mentee, cycle=cycle, person=person, mentorship=pair),
            {"satisfied": 6},
        )

    response = client_for(methodist_lead).get(URL, {"day": DAY})

    rows = rows_of(response)
    assert rows["teacher_student"].satisfaction.hidden is True
    assert rows["teacher_teacher"].satisfaction.value == Decimal("6.0")
    # The cards count every format, so they are hidden from her as from the methodist.
    assert cards_of(response)["satisfaction_mentees"].hidden is True


def test_the_plan_shows_the_programs_overdue_runs(director: User) -> None:
    plan = ActionPlanFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2030, 8, 31))
    item = PlanItemFactory(section=PlanSectionFactory(plan=plan), wording="Анализ базы")
    PlanRunFactory(item=item, due_on=dt.date(2026, 4, 30))
    PlanRunFactory(item=item, academic_year=2026, due_on=dt.date(2027, 4, 30))
    PlanRunFactory(
        item=item,
        academic_year=2024,
        due_on=dt.date(2025, 4, 30),
        status=RunStatus.DONE,
        done_on=dt.date(2025, 4, 20),
    )

    execution = client_for(director).get(URL).context["execution"]

    assert execution.plan == plan
    assert execution.overdue_count == 1
    assert execution.overdue[0].due_on == dt.date(2026, 4, 30)


def test_attention_counts_silent_departed_and_overdue_questionnaires(director: User) -> None:
    student_pair(started_on=dt.date(2025, 10, 1))
    departed = StudentFactory(status=StudentStatus.EXPELLED)
    MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory()],
        mentees=[departed],
        started_on=dt.date(2026, 11, 20),
        planned_end_on=dt.date(2027, 6, 30),
    )
    make_assignment(
        "mentee-process",
        cycle=make_cycle(2026),
        person=departed,
        due_on=dt.date(2026, 10, 1),
        state=AssignmentState.ISSUED,
    )

    attention = client_for(director).get(URL).context["attention"]

    assert (attention.silent, attention.departed, attention.overdue_questionnaires) == (1, 1, 1)
    assert attention.has_list is True


# --- Constant queries ------------------------------------------------------------------------


def _grow(count: int) -> None:
    for code in ("student_student", "teacher_student"):
        for _ in range(count):
            student_pair(code, started_on=dt.date(2025, 10, 1))


def test_the_queries_do_not_grow_with_the_rows(
    director: User, django_assert_max_num_queries: Any
) -> None:
    create_default_targets(ActionPlanFactory())
    client = client_for(director)
    _grow(1)
    client.get(URL, {"day": DAY})  # warms the charts' cache and the session
    with django_assert_max_num_queries(80) as few:
        client.get(URL, {"day": DAY})
    _grow(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"day": DAY})


def test_the_positive_change_is_counted_per_format(curator: User) -> None:
    items = [question("engagement"), question("anxiety", direction=Direction.LOWER)]
    entry = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_ENTRY, questions=items)
    exit_ = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_EXIT, questions=items)
    better, worse = StudentFactory(), StudentFactory()
    pair = MentorshipFactory(format=format_of("teacher_student"), mentees=[better, worse])
    for person, before, after in (
        (better, {"engagement": 5, "anxiety": 8}, {"engagement": 5, "anxiety": 6}),
        (worse, {"engagement": 5, "anxiety": 3}, {"engagement": 6, "anxiety": 5}),
    ):
        for version, wave, answers in ((entry, Wave.ENTRY, before), (exit_, Wave.EXIT, after)):
            make_response(
                make_assignment(version, person=person, mentorship=pair, wave=wave), answers
            )

    rows = rows_of(client_for(curator).get(URL, {"day": DAY}))

    assert rows["teacher_student"].positive_change.value == Decimal("50.0")
    assert rows["student_student"].positive_change.value is None
