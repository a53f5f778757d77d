"""reports/monitoring/cycles: the cycles, a cycle's figures, opening and closing a cycle,
issuing a wave after its preview, and the yearly questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.dates import AcademicYear
from pairs.models import Mentorship
from programs.models import MentoringFormat
from reports.models import Assignment, AssignmentState, CycleStatus, MonitoringCycle, Wave
from tests.conftest import client_for
from tests.factories import MentorshipFactory, StudentFactory, StudyGroupFactory, format_of
from tests.reports.monitoring.builders import make_assignment, make_cycle, make_response
from tests.stale import refused_as_stale, seen_on

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_YEAR = AcademicYear.current().start_year


def cycle_url(name: str, cycle: MonitoringCycle) -> str:
    return reverse(f"monitoring:{name}", args=[cycle.pk])


def open_cycle() -> MonitoringCycle:
    """The cycle of the current academic year, which accepts answers after today."""
    return make_cycle(THIS_YEAR)


def students_pair() -> Mentorship:
    return MentorshipFactory(
        format=format_of("student_student"),
        mentors=[StudentFactory(group=StudyGroupFactory(course=3))],
        mentees=[StudentFactory()],
        started_on=TODAY - dt.timedelta(days=30),
        planned_end_on=TODAY + dt.timedelta(days=200),
    )


def some_answers(cycle: MonitoringCycle) -> None:
    """Three entry assignments of «педагог – педагог» (one answered, one declined) and one
    of «студент – студент»."""
    teachers = MentorshipFactory()
    for person, state in zip(
        [*teachers.mentors.all(), *teachers.mentees.all()],
        [AssignmentState.ISSUED, AssignmentState.DECLINED],
        strict=True,
    ):
        make_assignment(
            "mentor-growth-entry" if person in teachers.mentors.all() else "adaptation-entry",
            cycle=cycle,
            person=person,
            mentorship=teachers,
            state=state,
        )
    answered = make_assignment(
        "mentor-growth-entry", cycle=cycle, person=MentorshipFactory().mentors.get()
    )
    make_response(answered, {})
    pair = students_pair()
    make_assignment("mentee-growth-entry", cycle=cycle, person=pair.mentees.get(), mentorship=pair)


# --- The list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist"])
def test_the_list_shows_the_cycles_with_their_counts(
    persona: str, request: pytest.FixtureRequest
) -> None:
    cycle = open_cycle()
    some_answers(cycle)
    make_cycle(THIS_YEAR - 1, status=CycleStatus.CLOSED)

    response = client_for(request.getfixturevalue(persona)).get(reverse("monitoring:cycle-list"))

    assert response.status_code == 200
    rows = [row.record for row in response.context["table"].rows]
    assert [r.academic_year for r in rows] == [THIS_YEAR, THIS_YEAR - 1]
    assert (rows[0].issued, rows[0].answered, rows[0].declined) == (2, 1, 1)
    assert (rows[1].issued, rows[1].answered, rows[1].declined) == (0, 0, 0)
    assert str(cycle) in response.content.decode()


def test_a_lead_counts_the_led_formats_only(lead: User) -> None:
    some_answers(open_cycle())

    response = client_for(lead).get(reverse("monitoring:cycle-list"))

    (row,) = [row.record for row in response.context["table"].rows]
    assert (row.issued, row.answered, row.declined) == (1, 0, 0)
    assert response.context["form"] is None


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_the_cycles_are_refused_to_other_roles(
    persona: str, request: pytest.FixtureRequest
) -> None:
    cycle = open_cycle()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("monitoring:cycle-list")).status_code == 403
    assert client.get(cycle_url("cycle-detail", cycle)).status_code == 403


def test_the_list_allows_only_get(curator: User) -> None:
    assert client_for(curator).post(reverse("monitoring:cycle-list")).status_code == 405


def test_the_list_takes_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    open_cycle()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("monitoring:cycle-list"))
    for year in range(2015, 2020):
        some_answers(make_cycle(year))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("monitoring:cycle-list"))

    assert len(response.context["table"].rows) == 6


# --- Opening a cycle ---------------------------------------------------------------------------


def test_the_curator_opens_the_cycle_of_a_year(curator: User) -> None:
    client = client_for(curator)
    assert client.get(reverse("monitoring:cycle-create")).status_code == 200

    response = client.post(reverse("monitoring:cycle-create"), {"academic_year": THIS_YEAR + 1})

    cycle = MonitoringCycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == cycle_url("cycle-detail", cycle)
    assert (cycle.academic_year, cycle.status) == (THIS_YEAR + 1, CycleStatus.OPEN)
    assert cycle.closes_on == dt.date(THIS_YEAR + 2, 8, 31)


def test_a_cycle_is_not_opened_twice(curator: User) -> None:
    open_cycle()

    response = client_for(curator).post(
        reverse("monitoring:cycle-create"), {"academic_year": THIS_YEAR}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert MonitoringCycle.objects.count() == 1


@pytest.mark.parametrize("persona", ["lead", "director"])
def test_only_the_curator_opens_a_cycle(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    response = client.post(reverse("monitoring:cycle-create"), {"academic_year": THIS_YEAR})

    assert response.status_code == 403
    assert not MonitoringCycle.objects.exists()


def test_opening_allows_get_and_post_only(curator: User) -> None:
    assert client_for(curator).put(reverse("monitoring:cycle-create")).status_code == 405


# --- A cycle -----------------------------------------------------------------------------------


def test_a_cycle_shows_its_counts_per_questionnaire_and_wave(curator: User) -> None:
    cycle = open_cycle()
    some_answers(cycle)

    response = client_for(curator).get(cycle_url("cycle-detail", cycle))

    assert response.status_code == 200
    rows = {(row.code, row.wave): row for row in response.context["rows"]}
    assert list(rows) == [
        ("mentee-growth-entry", Wave.ENTRY),
        ("mentor-growth-entry", Wave.ENTRY),
        ("adaptation-entry", Wave.ENTRY),
    ]
    mentors = rows[("mentor-growth-entry", Wave.ENTRY)]
    assert (mentors.issued, mentors.answered, mentors.declined, mentors.rate) == (1, 1, 0, 50)
    adaptation = rows[("adaptation-entry", Wave.ENTRY)]
    assert (adaptation.declined, adaptation.rate) == (1, None)
    assert response.context["can_issue"] and response.context["can_close"]


def test_a_lead_sees_the_cycle_of_the_led_formats_read_only(lead: User) -> None:
    cycle = open_cycle()
    some_answers(cycle)

    response = client_for(lead).get(cycle_url("cycle-detail", cycle))

    assert [row.code for row in response.context["rows"]] == ["mentee-growth-entry"]
    assert not response.context["can_issue"]
    assert not response.context["can_close"]
    assert cycle_url("wave-issue", cycle) not in response.content.decode()


def test_an_unknown_cycle_is_not_found(curator: User) -> None:
    client = client_for(curator)

    for name in ("cycle-detail", "cycle-close", "wave-issue"):
        assert client.get(reverse(f"monitoring:{name}", args=[999_999])).status_code == 404
    assert client.post(reverse("monitoring:yearly-issue", args=[999_999])).status_code == 404


def test_a_cycle_page_allows_only_get(curator: User) -> None:
    assert client_for(curator).post(cycle_url("cycle-detail", open_cycle())).status_code == 405


# --- Closing -----------------------------------------------------------------------------------


def test_the_curator_closes_a_cycle_after_confirming(curator: User) -> None:
    cycle = open_cycle()
    client = client_for(curator)
    seen = seen_on(client, cycle_url("cycle-close", cycle))
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN

    response = client.post(cycle_url("cycle-close", cycle), {"seen": seen})

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.CLOSED
    page = client.get(cycle_url("cycle-detail", cycle))
    assert not page.context["can_issue"]
    assert not page.context["can_close"]


def test_a_stale_close_is_refused(curator: User) -> None:
    cycle = open_cycle()
    client = client_for(curator)
    seen = seen_on(client, cycle_url("cycle-close", cycle))
    MonitoringCycle.objects.filter(pk=cycle.pk).update(closes_on=dt.date(THIS_YEAR + 1, 6, 30))

    response = client.post(cycle_url("cycle-close", cycle), {"seen": seen})

    assert refused_as_stale(response)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN


def test_a_closed_cycle_is_not_closed_again(curator: User) -> None:
    cycle = make_cycle(THIS_YEAR, status=CycleStatus.CLOSED)
    client = client_for(curator)
    seen = seen_on(client, cycle_url("cycle-close", cycle))

    response = client.post(cycle_url("cycle-close", cycle), {"seen": seen})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize("persona", ["lead", "director", "methodist"])
def test_only_the_curator_closes(persona: str, request: pytest.FixtureRequest) -> None:
    cycle = open_cycle()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(cycle_url("cycle-close", cycle)).status_code == 403
    assert client.post(cycle_url("cycle-close", cycle), {"seen": "x"}).status_code == 403
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN


def test_closing_allows_get_and_post_only(curator: User) -> None:
    assert client_for(curator).delete(cycle_url("cycle-close", open_cycle())).status_code == 405


# --- A wave ------------------------------------------------------------------------------------


def wave_data(*formats: MentoringFormat, **changes: Any) -> dict[str, Any]:
    data = {
        "wave": Wave.MIDYEAR,
        "formats": [fmt.pk for fmt in formats],
        "due_on": (TODAY + dt.timedelta(days=1)).isoformat(),
    }
    return data | changes


@pytest.fixture
def before_closing() -> None:
    """The wave tests issue today: they need a day left in the academic year."""
    if TODAY >= AcademicYear.current().last_day:
        pytest.skip("the last day of the academic year")


@pytest.mark.usefixtures("before_closing")
def test_a_wave_is_previewed_then_issued(curator: User) -> None:
    cycle = open_cycle()
    pair = students_pair()
    MentorshipFactory()  # «педагог – педагог», not chosen
    client = client_for(curator)
    assert client.get(cycle_url("wave-issue", cycle)).status_code == 200

    preview = client.post(cycle_url("wave-issue", cycle), wave_data(pair.format))

    assert preview.status_code == 200
    (row,) = preview.context["preview"].formats
    assert (row.format, row.pairs, row.issued, row.declined) == (pair.format, 1, 2, 0)
    assert not Assignment.objects.exists()
    assert 'name="expected" value="2"' in preview.content.decode()

    issued = client.post(
        cycle_url("wave-issue", cycle), wave_data(pair.format, expected=2, confirmed="on")
    )

    assert issued.status_code == 302
    assert sorted(
        Assignment.objects.values_list("questionnaire__code", "wave", "mentorship", "issued_by")
    ) == [
        ("mentee-process", Wave.MIDYEAR, pair.pk, curator.pk),
        ("mentor-process", Wave.MIDYEAR, pair.pk, curator.pk),
    ]


@pytest.mark.usefixtures("before_closing")
def test_a_wave_confirmed_from_an_outdated_preview_shows_the_new_one(curator: User) -> None:
    cycle = open_cycle()
    pair = students_pair()

    response = client_for(curator).post(
        cycle_url("wave-issue", cycle), wave_data(pair.format, expected=7, confirmed="on")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["preview"].total == 2
    assert not Assignment.objects.exists()


def test_a_wave_of_a_closed_cycle_is_refused(curator: User) -> None:
    cycle = make_cycle(THIS_YEAR, status=CycleStatus.CLOSED)
    pair = students_pair()

    response = client_for(curator).post(
        cycle_url("wave-issue", cycle), wave_data(pair.format, expected=2, confirmed="on")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["preview"] is None
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("persona", ["lead", "director", "methodist"])
def test_only_the_curator_issues_waves(persona: str, request: pytest.FixtureRequest) -> None:
    cycle = open_cycle()
    pair = students_pair()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(cycle_url("wave-issue", cycle)).status_code == 403
    response = client.post(
        cycle_url("wave-issue", cycle), wave_data(pair.format, expected=2, confirmed="on")
    )
    assert response.status_code == 403
    assert client.post(cycle_url("yearly-issue", cycle)).status_code == 403
    assert not Assignment.objects.exists()


def test_the_wave_page_allows_get_and_post_only(curator: User) -> None:
    assert client_for(curator).put(cycle_url("wave-issue", open_cycle())).status_code == 405


# --- The yearly questionnaires -----------------------------------------------------------------


def test_the_curator_issues_the_yearly_questionnaires_once(curator: User) -> None:
    cycle = open_cycle()
    client = client_for(curator)

    first = client.post(cycle_url("yearly-issue", cycle))
    client.post(cycle_url("yearly-issue", cycle))

    assert first.status_code == 302
    assert Assignment.objects.filter(cycle=cycle, wave=Wave.YEARLY).count() == (
        MentoringFormat.objects.count() + 1
    )


def test_the_yearly_questionnaires_of_a_closed_cycle_are_refused(curator: User) -> None:
    cycle = make_cycle(THIS_YEAR, status=CycleStatus.CLOSED)

    response = client_for(curator).post(cycle_url("yearly-issue", cycle))

    assert response.status_code == 302
    assert not Assignment.objects.exists()


def test_the_yearly_questionnaires_are_issued_by_post_only(curator: User) -> None:
    assert client_for(curator).get(cycle_url("yearly-issue", open_cycle())).status_code == 405


# --- Re-checking the consents ------------------------------------------------------------------


def test_the_curator_rechecks_the_consents(curator: User) -> None:
    cycle = open_cycle()
    pair = students_pair()
    declined = make_assignment(
        "mentee-growth-entry",
        cycle=cycle,
        person=pair.mentees.get(),  # who has a parent's consent by now
        mentorship=pair,
        state=AssignmentState.DECLINED,
    )

    response = client_for(curator).post(cycle_url("consents-recheck", cycle))

    assert response.status_code == 302
    declined.refresh_from_db()
    assert declined.state == AssignmentState.ISSUED


@pytest.mark.parametrize("persona", ["lead", "director"])
def test_only_the_curator_rechecks_the_consents(
    persona: str, request: pytest.FixtureRequest
) -> None:
    cycle = open_cycle()
    client = client_for(request.getfixturevalue(persona))

    assert client.post(cycle_url("consents-recheck", cycle)).status_code == 403


def test_the_consents_of_an_unknown_cycle_are_not_found(curator: User) -> None:
    url = reverse("monitoring:consents-recheck", args=[999_999])

    assert client_for(curator).post(url).status_code == 404


def test_the_consents_are_rechecked_by_post_only(curator: User) -> None:
    assert client_for(curator).get(cycle_url("consents-recheck", open_cycle())).status_code == 405


def test_a_cycle_page_takes_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    cycle = open_cycle()
    client = client_for(curator)
    some_answers(cycle)
    with django_assert_max_num_queries(12) as few:
        client.get(cycle_url("cycle-detail", cycle))
    for _ in range(3):
        some_answers(cycle)
    make_assignment("curator", cycle=cycle, wave=Wave.YEARLY)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(cycle_url("cycle-detail", cycle))

    assert len(response.context["rows"]) == 4


@pytest.mark.usefixtures("before_closing")
def test_a_wave_preview_takes_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    cycle = open_cycle()
    client = client_for(curator)
    fmt = students_pair().format
    with django_assert_max_num_queries(20) as few:
        client.post(cycle_url("wave-issue", cycle), wave_data(fmt))
    for _ in range(4):
        students_pair()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.post(cycle_url("wave-issue", cycle), wave_data(fmt))

    assert response.context["preview"].issued == 10
