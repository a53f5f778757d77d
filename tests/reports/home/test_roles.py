"""Each role's home starts with what that role does most, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.dates import AcademicYear
from pairs.models import Meeting, MentorshipStatus, PersonalPlan, PlanTask
from programs.models import RunStatus
from registry.models import PartnerCurator, StudentStatus, Teacher
from reports.models import AssignmentState, CycleStatus, MonitoringCycle
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    PlanItemFactory,
    PlanRunFactory,
    ProposalFactory,
    PupilFactory,
    StudentFactory,
    TeacherFactory,
    TrainingSessionFactory,
    format_of,
    variant_of,
)
from tests.reports.monitoring.builders import make_assignment, make_cycle

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def open_cycle() -> MonitoringCycle:
    """This academic year's monitoring cycle, open until the year's end."""
    return make_cycle(AcademicYear.of(timezone.localdate()).start_year)


def sections(user: User) -> list[str]:
    return list(client_for(user).get(HOME).context["sections"])


# --- What comes first, per role ------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "first"),
    [
        ("curator", ["to_do", "runs", "figures"]),
        ("director", ["runs", "to_do", "figures"]),
        ("lead", ["to_do", "runs", "figures"]),
        ("methodist", ["prints", "trainings", "runs", "figures"]),
        ("teacher", ["my_pairs", "my_proposals", "runs", "figures"]),
        ("partner_curator", ["pupils", "my_proposals"]),
        ("outsider", []),
    ],
)
def test_each_role_gets_its_own_blocks_in_its_order(
    persona: str, first: list[str], request: pytest.FixtureRequest
) -> None:
    assert sections(request.getfixturevalue(persona)) == first


def test_the_methodist_who_leads_a_format_gets_the_leads_work_after_her_prints(
    methodist_lead: User,
) -> None:
    assert sections(methodist_lead) == ["prints", "trainings", "to_do", "runs", "figures"]


def test_a_curator_who_is_a_mentor_gets_their_pairs_before_the_plan(curator: User) -> None:
    MentorshipFactory(mentors=[TeacherFactory(user=curator)])

    assert sections(curator) == ["to_do", "my_pairs", "runs", "figures"]


# --- The teacher -------------------------------------------------------------------------


def test_the_teachers_pairs_come_before_any_figure(teacher: User, teacher_person: Teacher) -> None:
    MentorshipFactory(mentors=[teacher_person], mentees=[TeacherFactory(last_name="Молодцова")])

    html = client_for(teacher).get(HOME).text

    assert html.index("Молодцова") < html.index('data-testid="mentorship-figures"')
    assert html.index('data-testid="my-pairs"') < html.index('data-testid="my-proposals"')


def test_each_active_pair_offers_to_log_a_meeting(teacher: User, teacher_person: Teacher) -> None:
    active = MentorshipFactory(mentors=[teacher_person])
    completed = MentorshipFactory(
        mentors=[teacher_person], status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 6, 1)
    )

    html = client_for(teacher).get(HOME).text

    assert reverse("work:meeting-create", args=[active.pk]) in html
    assert reverse("work:meeting-create", args=[completed.pk]) not in html
    assert reverse("mentorships:mentorship-detail", args=[completed.pk]) in html


def test_a_pair_without_tasks_asks_for_its_plan(teacher: User, teacher_person: Teacher) -> None:
    empty = MentorshipFactory(mentors=[teacher_person])
    planned = MentorshipFactory(mentors=[teacher_person])
    plan = PersonalPlan.objects.create(mentorship=planned)
    PlanTask.objects.create(plan=plan, title="Посетить уроки", due_on=dt.date(2026, 5, 1))

    response = client_for(teacher).get(HOME)

    cards = {card.mentorship.pk: card for card in response.context["own_pairs"]}
    assert cards[empty.pk].needs_plan
    assert not cards[planned.pk].needs_plan
    assert reverse("personal_plans:plan", args=[empty.pk]) in response.text
    assert reverse("personal_plans:plan", args=[planned.pk]) not in response.text


def test_a_silent_pair_says_for_how_many_weeks(teacher: User, teacher_person: Teacher) -> None:
    today = timezone.localdate()
    started = {"started_on": today - dt.timedelta(days=200), "planned_end_on": today}
    silent = MentorshipFactory(mentors=[teacher_person], **started)
    Meeting.objects.create(
        mentorship=silent,
        held_on=today - dt.timedelta(weeks=9, days=1),
        duration_minutes=45,
        topic="Знакомство",
    )
    lively = MentorshipFactory(mentors=[teacher_person], **started)
    Meeting.objects.create(mentorship=lively, held_on=today, duration_minutes=45, topic="План")

    response = client_for(teacher).get(HOME)

    cards = {card.mentorship.pk: card for card in response.context["own_pairs"]}
    assert cards[silent.pk].silent_weeks == 9
    assert cards[lively.pk].silent_weeks is None
    assert response.context["pair_warnings"] == 1
    assert response.context["own_pairs"][0].mentorship == silent  # warnings first
    assert response.text.count('data-testid="pair-silent"') == 1


def test_a_pair_whose_mentee_left_warns_the_mentor(teacher: User, teacher_person: Teacher) -> None:
    gone = StudentFactory(last_name="Ушедший", status=StudentStatus.EXPELLED)
    MentorshipFactory(
        mentors=[teacher_person],
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
        mentees=[gone, StudentFactory()],
    )

    response = client_for(teacher).get(HOME)

    (card,) = response.context["own_pairs"]
    assert [person.pk for person in card.departed] == [gone.pk]
    assert 'data-testid="pair-departed"' in response.text


def test_the_questionnaires_issued_to_the_mentor_are_counted_per_pair(
    teacher: User, teacher_person: Teacher
) -> None:
    pair = MentorshipFactory(mentors=[teacher_person])
    cycle = open_cycle()
    waiting = make_assignment("mentor-process", cycle=cycle, person=teacher_person, mentorship=pair)
    make_assignment(
        "mentor-growth-entry",
        cycle=cycle,
        person=teacher_person,
        mentorship=pair,
        state=AssignmentState.ANSWERED,
    )
    other = TeacherFactory()
    make_assignment(
        "mentor-process", cycle=cycle, person=other, mentorship=MentorshipFactory(mentors=[other])
    )

    response = client_for(teacher).get(HOME)

    (card,) = response.context["own_pairs"]
    assert card.questionnaires.count == 1
    assert reverse("answering:mine-detail", args=[waiting.pk]) in response.text
    assert response.context["questionnaires_elsewhere"] is None


def test_a_closed_cycles_questionnaire_is_not_asked_for(
    teacher: User, teacher_person: Teacher
) -> None:
    pair = MentorshipFactory(mentors=[teacher_person])
    closed = make_cycle(2023, status=CycleStatus.CLOSED)
    make_assignment("mentor-process", cycle=closed, person=teacher_person, mentorship=pair)

    (card,) = client_for(teacher).get(HOME).context["own_pairs"]

    assert card.questionnaires is None


def test_a_questionnaire_as_a_mentee_is_offered_apart(
    teacher: User, teacher_person: Teacher
) -> None:
    MentorshipFactory(mentors=[teacher_person])
    as_mentee = MentorshipFactory(mentees=[teacher_person])
    for code in ("adaptation-entry", "mentee-process"):
        make_assignment(code, cycle=open_cycle(), person=teacher_person, mentorship=as_mentee)

    response = client_for(teacher).get(HOME)

    assert response.context["questionnaires_elsewhere"].count == 2
    assert reverse("answering:mine") in response.text


def test_the_teacher_sees_the_state_of_their_own_proposals_only(teacher: User) -> None:
    mine = ProposalFactory(proposed_by=teacher)
    theirs = ProposalFactory()

    response = client_for(teacher).get(HOME)

    assert reverse("proposals:detail", args=[mine.pk]) in response.text
    assert reverse("proposals:detail", args=[theirs.pk]) not in response.text
    assert "на рассмотрении" in response.text


def test_the_teacher_gets_no_table_of_zeros(teacher: User) -> None:
    response = client_for(teacher).get(HOME)

    assert response.context["per_format"] is None
    assert "Активные пары по формам" not in response.text


# --- The methodist, the partner's curator, the lead, the director ---------------------------


def test_the_methodist_starts_with_prints_and_trainings(methodist: User) -> None:
    young = MentorshipFactory(mentees=[TeacherFactory(last_name="Молодая")])  # педагог – педагог
    other = MentorshipFactory(format=format_of("student_student"))
    session = TrainingSessionFactory(held_on=timezone.localdate() - dt.timedelta(days=3))

    response = client_for(methodist).get(HOME)

    html = response.text
    assert html.index('data-testid="prints"') < html.index('data-testid="trainings"')
    assert html.index('data-testid="trainings"') < html.index('data-testid="plan-runs"')
    for url in (
        reverse("documents:registry-pdf"),
        reverse("documents:registry-xlsx"),
        reverse("documents:personal-plan", args=[young.pk]),
        reverse("documents:training-sheet", args=[session.pk]),
    ):
        assert url in html
    assert reverse("documents:personal-plan", args=[other.pk]) not in html
    plan = response.context["plan"]
    assert reverse("documents:plan-report", args=[plan.pk]) in html


def test_the_partners_curator_sees_their_own_pupils(
    partner_curator: User, school_curator: PartnerCurator
) -> None:
    PupilFactory(last_name="Свойский", school=school_curator.organization)
    PupilFactory(last_name="Чужаков")  # another school

    response = client_for(partner_curator).get(HOME)

    assert response.context["pupil_count"] == 1
    assert "Свойский" in response.text
    assert "Чужаков" not in response.text


def test_the_lead_counts_the_drafts_of_their_formats_only(lead: User) -> None:
    MentorshipFactory(
        format=format_of("student_student"), status=MentorshipStatus.DRAFT, decision=None
    )
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)  # педагог – педагог

    response = client_for(lead).get(HOME)

    assert response.context["draft_count"] == 1
    assert 'data-testid="to-do-drafts"' in response.text


def test_the_director_reads_the_attention_counts_but_no_drafts(director: User) -> None:
    MentorshipFactory(mentees=[StudentFactory(status=StudentStatus.GRADUATED)])
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)

    response = client_for(director).get(HOME)

    assert response.context["departed_count"] == 1
    assert response.context["draft_count"] is None
    assert reverse("work:attention") in response.text
    assert reverse("drafting:drafts") not in response.text


def test_the_director_sees_the_programs_overdue_runs_not_only_his_own(director: User) -> None:
    run = PlanRunFactory(due_on=timezone.localdate() - dt.timedelta(days=10))
    run.item.responsible_roles.set([])  # nobody's own: the curator's in practice

    response = client_for(director).get(HOME)

    assert response.context["runs_overdue"] == [run]
    assert response.context["runs_of_program"]


def test_a_teacher_sees_only_their_own_runs(teacher: User) -> None:
    PlanRunFactory(due_on=timezone.localdate() - dt.timedelta(days=10))

    response = client_for(teacher).get(HOME)

    assert response.context["runs_overdue"] == []
    assert not response.context["runs_of_program"]


# --- A constant number of queries ----------------------------------------------------------


def _build(n: int, *, teacher_person: Teacher, partner: PartnerCurator, teacher_user: User) -> None:
    """`n` of everything each role's home lists."""
    today = timezone.localdate()
    for i in range(n):
        mentee = StudentFactory(status=StudentStatus.EXPELLED if i % 2 else StudentStatus.STUDYING)
        pair = MentorshipFactory(
            mentors=[teacher_person],
            format=format_of("teacher_student"),
            variant=variant_of("teacher_student", "gifted"),
            mentees=[mentee, StudentFactory()],
        )
        make_assignment(
            "mentor-process", cycle=open_cycle(), person=teacher_person, mentorship=pair
        )
        MentorshipFactory(format=format_of("student_student"), mentees=[StudentFactory()])
        MentorshipFactory(mentees=[TeacherFactory()])  # педагог – педагог: adaptation plans
        MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None)
        ProposalFactory(proposed_by=teacher_user)
        ProposalFactory(proposed_by=partner.user)
        PupilFactory(school=partner.organization)
        TrainingSessionFactory(held_on=today - dt.timedelta(days=i + 1))
        PlanRunFactory(
            item=PlanItemFactory(parent=PlanItemFactory()),
            due_on=today - dt.timedelta(days=i + 1),
            status=RunStatus.PLANNED,
        )


def _queries(user: User) -> int:
    client = client_for(user)
    client.get(HOME)  # the session and caches warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


# Upper bounds per role (measured, plus two): session and user, permissions, roles, the
# organization, the menu, then each block's own (the mentor's pairs: six; the figures: five;
# the plan: four; the to-do: up to five).
QUERY_BOUNDS = {
    "curator": 22,
    "director": 20,
    "lead": 22,
    "methodist": 24,
    "teacher": 25,
    "partner_curator": 11,
}


@pytest.mark.parametrize("persona", sorted(QUERY_BOUNDS))
def test_each_home_takes_a_constant_number_of_queries(
    persona: str,
    request: pytest.FixtureRequest,
    teacher: User,
    teacher_person: Teacher,
    school_curator: PartnerCurator,
    django_assert_max_num_queries: object,
) -> None:
    user = request.getfixturevalue(persona)
    data = {"teacher_person": teacher_person, "partner": school_curator, "teacher_user": teacher}
    _build(1, **data)
    few = _queries(user)
    _build(2, **data)
    many = _queries(user)

    assert many == few
    client = client_for(user)
    client.get(HOME)
    with django_assert_max_num_queries(QUERY_BOUNDS[persona]):  # type: ignore[operator]
        client.get(HOME)


def test_the_lead_counts_by_led_format_only(lead: User) -> None:
    MentorshipFactory(format=format_of("student_student"))

    per_format = client_for(lead).get(HOME).context["per_format"]

    assert [(f.code, f.active_count) for f in per_format] == [("student_student", 1)]


def test_a_superuser_without_a_role_gets_the_curators_home(db: None) -> None:
    admin = User.objects.create_superuser("admin", password="x")  # noqa: S106 - a test login

    assert sections(admin) == ["to_do", "runs", "figures"]


def test_the_directors_home_leads_to_the_monitoring_dashboard(
    director: User, curator: User
) -> None:
    dashboard = reverse("monitoring-dashboard:dashboard")

    assert dashboard in client_for(director).get(HOME).text
    assert 'data-testid="to-dashboard"' not in client_for(curator).get(HOME).text
