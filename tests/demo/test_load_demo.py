from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from core.dates import AcademicYear
from demo.monitoring import WITHDRAWN_CONSENTS
from pairs.models import (
    EventParticipation,
    Meeting,
    Mentorship,
    MentorshipStatus,
    PersonalPlan,
    PoolEntry,
    PoolStatus,
    Proposal,
    ProposalStatus,
)
from pairs.rules import (
    check_mentorship_rules,
    mentor_capacity,
    mentor_load,
    not_studying,
    program_consent_missing,
    special_status_missing,
)
from programs.models import (
    ActionPlan,
    ContestEntry,
    FormatVariant,
    MentoringFormat,
    Organization,
    PlanRun,
    Publication,
    RunEvidence,
    TrainingSession,
)
from registry.models import (
    Agreement,
    Consent,
    ConsentGiver,
    Incentive,
    PartnerCurator,
    PartnerKind,
    PartnerOrganization,
    Person,
    Pupil,
    SpecialCategoryStatus,
    Student,
    StudentStatus,
    Teacher,
)
from reports.models import Assignment, MonitoringCycle, Response

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

DEMO_ROLES = {
    "director": {"director"},
    "curator": {"curator"},
    "lead": {"format_lead"},
    "methodist": {"methodist", "format_lead"},
    "teacher": {"teacher"},
    "partner": {"partner_curator"},
}


def load() -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    assert err.getvalue() == ""
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("registry").get_models(),
        *apps.get_app_config("pairs").get_models(),
        *apps.get_app_config("programs").get_models(),
        *apps.get_app_config("reports").get_models(),
        apps.get_model("auth", "User"),
    ]
    counted = {model._meta.label: model.objects.count() for model in models}
    counted["mentors"] = Mentorship.mentors.through.objects.count()
    counted["mentees"] = Mentorship.mentees.through.objects.count()
    return counted


@pytest.fixture(scope="module")
def demo_loaded(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The demo, loaded once for this module in a transaction rolled back at its end; each
    test runs in a savepoint inside it, so what one test changes the next does not see."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded: str, db: None) -> str:
    return demo_loaded


def test_loads_the_bases_in_expected_sizes(demo: str) -> None:
    assert 140 <= Student.objects.count() <= 160
    assert 35 <= Teacher.objects.count() <= 45
    assert Pupil.objects.count() >= 20
    assert 35 <= Mentorship.objects.count() <= 50
    assert Student.objects.exclude(status=StudentStatus.STUDYING).exists()
    for kind in PartnerKind:
        partners = PartnerOrganization.objects.filter(kind=kind)
        assert partners.count() == 2
        assert all(Agreement.objects.filter(organization=p).exists() for p in partners)
    assert Organization.load().short_name == "КГБПОУ ЧГТТ"
    assert f"{Mentorship.objects.count()}" in demo


def test_every_format_and_variant_has_an_active_mentorship(demo: str) -> None:
    active = Mentorship.objects.active()
    for format in MentoringFormat.objects.all():
        assert active.filter(format=format).count() >= 2, format.code
    for variant in FormatVariant.objects.all():
        assert active.filter(variant=variant).count() >= 2, variant.code


def test_has_group_mentorships_and_closed_ones(demo: str) -> None:
    mentorships = Mentorship.objects.prefetch_related("mentors", "mentees")
    groups = [m for m in mentorships if m.is_group]
    assert len(groups) >= 3
    assert any(len(m.mentors.all()) >= 2 for m in mentorships)
    assert Mentorship.objects.filter(status=MentorshipStatus.COMPLETED).count() >= 2
    assert Mentorship.objects.filter(status=MentorshipStatus.TERMINATED).exists()


def test_running_twice_changes_no_count(demo: str) -> None:
    before = counts()
    second = load()
    assert counts() == before
    assert second == demo


def test_demo_users_log_in_with_their_roles(demo: str) -> None:
    for username, roles in DEMO_ROLES.items():
        # django-axes' backend checks a login attempt's address: a login has a request.
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=username, password="demo")
        assert user is not None, username
        assert set(user.groups.values_list("name", flat=True)) == roles
        # The curator alone may use the admin.
        assert user.is_staff == (username == "curator")


def test_format_leads_lead_their_formats(demo: str) -> None:
    led = {
        username: set(
            MentoringFormat.objects.filter(leads__username=username).values_list("code", flat=True)
        )
        for username in ("lead", "methodist")
    }
    assert led == {
        "lead": {"student_student", "student_pupil"},
        "methodist": {"teacher_teacher", "teacher_student"},
    }


def test_teacher_mentors_in_both_teacher_formats(demo: str) -> None:
    teacher = Teacher.objects.get(user__username="teacher")
    mentorships = Mentorship.objects.filter(mentors=teacher)
    assert mentorships.filter(format__code="teacher_student").count() >= 2
    assert mentorships.filter(variant__code="gifted").exists()
    assert mentorships.filter(format__code="teacher_teacher").exists()
    for username in ("lead", "methodist"):
        assert Teacher.objects.filter(user__username=username).exists()


def test_active_mentorships_keep_every_rule(demo: str) -> None:
    """But one the demo breaks on purpose, as it happens in a college: the pair whose mentee
    has left (the pair's page and the curator's attention list say so). No mentor carries
    more mentees than their profile's capacity."""
    departed = Mentorship.objects.with_departed_mentees()
    assert departed.count() == 1
    overloaded = [
        mentor.full_name
        for mentor in Person.objects.filter(mentor_profile__isnull=False)
        if len(mentor_load(mentor)) > mentor_capacity(mentor)
    ]
    assert overloaded == []
    active = (
        Mentorship.objects.active()
        .exclude(pk__in=departed)
        .select_related("format", "variant", "decision")
    )
    for mentorship in active.prefetch_related("mentors", "mentees"):
        errors = check_mentorship_rules(
            format=mentorship.format,
            variant=mentorship.variant,
            mentors=list(mentorship.mentors.all()),
            mentees=list(mentorship.mentees.all()),
            decision=mentorship.decision,
            started_on=mentorship.started_on,
            planned_end_on=mentorship.planned_end_on,
            exclude=mentorship,
        )
        assert errors == [], (mentorship.pk, errors)


def test_a_later_academic_year_adds_nothing(demo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run` after 1 September on the same database keeps the demo as it was."""
    before = counts()
    next_year = AcademicYear(AcademicYear.current().start_year + 1)
    monkeypatch.setattr(AcademicYear, "current", classmethod(lambda cls: next_year))

    load()

    assert counts() == before


def test_the_demo_plans_show_progress(demo: str) -> None:
    today = timezone.localdate()
    assert ActionPlan.objects.count() == 2
    assert PlanRun.objects.overdue(today).count() >= 2
    assert PlanRun.objects.due_between(today, today + dt.timedelta(days=30)).exists()
    assert PlanRun.objects.filter(status="done").count() > 20


def test_the_demo_has_events_with_results_and_incentives(demo: str) -> None:
    assert EventParticipation.objects.exclude(result="").exists()
    honour_board = Incentive.objects.filter(kind="honour_board")
    assert honour_board.count() == 2
    assert all(incentive.photo for incentive in honour_board)
    assert all(i.mentor.kind == "student" for i in Incentive.objects.filter(kind="parents_letter"))


def test_the_demo_shows_the_consents_enforced(demo: str) -> None:
    """One honour board photo is published under a consent, the other is not; one mentee
    waits in a pool without a consent to the program, and every active pair's people have
    one valid on its start."""
    today = timezone.localdate()
    honour_board = Incentive.objects.filter(kind="honour_board")
    photo_consented = Consent.objects.photo_valid_on(today).values("person")
    assert honour_board.filter(mentor__in=photo_consented).count() == 1
    program_consented = Consent.objects.program_valid_on(today).values("person")
    waiting = PoolEntry.objects.filter(status=PoolStatus.INCLUDED).exclude(
        person__in=program_consented
    )
    # Besides the two mentees who withdrew their consent during their pair (demo.monitoring).
    withdrawn = Consent.objects.filter(withdrawn_on__isnull=False).values("person")
    assert waiting.exclude(person__in=withdrawn).count() == 1
    assert withdrawn.count() == WITHDRAWN_CONSENTS
    for mentorship in Mentorship.objects.active().prefetch_related("mentors", "mentees"):
        people = [*mentorship.mentors.all(), *mentorship.mentees.all()]
        assert program_consent_missing(people, mentorship.started_on) == [], mentorship.pk


def test_the_demo_has_mentor_trainings_counted_in_the_plans(demo: str) -> None:
    sessions = TrainingSession.objects.all()
    assert {session.audience for session in sessions} == {"students", "teachers", "employers"}
    for session in sessions:
        records = session.records.select_related("person")
        assert records.exists()
        assert all(record.is_mentor_training for record in records)
        assert all(record.completed_on == session.held_on for record in records)
        runs = PlanRun.objects.filter(
            evidence__content_type=ContentType.objects.get_for_model(session),
            evidence__object_id=session.pk,
        )
        assert runs.filter(status="done").exists(), session.title
    mentors = Person.objects.filter(mentorships_as_mentor__isnull=False).distinct()
    trained = mentors.filter(courses__is_mentor_training=True).distinct()
    assert 0 < trained.count() < mentors.count()


def test_the_demo_has_publications_and_contest_entries_as_evidence(demo: str) -> None:
    assert Publication.objects.count() >= 4
    assert Publication.objects.filter(kind="best_mentor", people__isnull=False).exists()
    assert Publication.objects.filter(kind="documents").exists()
    entries = ContestEntry.objects.all()
    assert entries.count() == 2
    assert all(entry.diploma for entry in entries if entry.result != "pending")
    for model in (Publication, ContestEntry):
        evidence = RunEvidence.objects.filter(content_type=ContentType.objects.get_for_model(model))
        assert {item.object_id for item in evidence} == set(
            model.objects.values_list("pk", flat=True)
        )
        assert all(item.run.item.plan.starts_on == dt.date(2020, 12, 1) for item in evidence)


def test_the_demo_has_pools_proposals_and_consents(demo: str) -> None:
    year = AcademicYear.current().start_year
    in_pools = PoolEntry.objects.filter(academic_year=year)
    active = Mentorship.objects.active().in_academic_year(AcademicYear.current())
    # Everyone in an active mentorship is in the pool of its format.
    for mentorship in active.prefetch_related("mentors", "mentees"):
        for mentee in mentorship.mentees.all():
            assert in_pools.filter(person=mentee, role="mentee", format=mentorship.format).exists()
    assert in_pools.filter(status=PoolStatus.PROPOSED).exists()
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus)
    assert PartnerCurator.objects.filter(user__username="partner").exists()
    # Special-category data only with the consent that allows it; minors' consents by parents.
    for status in SpecialCategoryStatus.objects.select_related("consent"):
        assert status.consent.purpose == "special_categories"
        assert status.consent.is_valid_on(timezone.localdate())
    for consent in Consent.objects.select_related("person"):
        if consent.person.is_minor_on(consent.given_on):
            assert consent.given_by == ConsentGiver.PARENT
            assert consent.representative_name
    assert not Student.objects.filter(record_book__isnull=True).exists()
    assert not Teacher.objects.filter(personnel_number__isnull=True).exists()


def test_the_demo_pools_keep_the_pools_rules(demo: str) -> None:
    """The demo writes its pool entries directly; they must still obey what the service
    checks: studying students, and ОВЗ or risk-group variants only with the consented status.
    The student the demo moves to another college mid-year waits for the curator there too."""
    today = timezone.localdate()
    entries = PoolEntry.objects.with_people().exclude(
        person__student__status=StudentStatus.TRANSFERRED
    )
    for entry in entries:
        assert not_studying(entry.person) is None, entry
        if entry.role == "mentee":
            assert special_status_missing(entry.person, entry.variant, today) is None, entry


def test_the_demo_plans_never_copy_a_special_variants_texts(demo: str) -> None:
    """A plan is read and printed by roles that may not know of ОВЗ or the risk group."""
    plans = PersonalPlan.objects.filter(mentorship__variant__is_special_category=True)
    for plan in plans.select_related("mentorship__variant"):
        variant = plan.mentorship.variant
        assert variant is not None
        texts = [plan.goal, *plan.tasks.values_list("title", flat=True)]
        assert variant.goal.strip() not in texts or not variant.goal.strip(), plan
        assert not set(variant.task_list) & set(texts), plan


def test_the_demo_has_a_monitoring_cycle_with_answers(demo: str) -> None:
    """The current year's cycle: entry questionnaires for every participant, the mid-year
    wave, most answered (some on paper, typed in by the curator), two declined for a
    withdrawn consent, the curator's questionnaire and the SWOTs filled."""
    cycle = MonitoringCycle.objects.get(academic_year=AcademicYear.current().start_year)
    assignments = Assignment.objects.filter(cycle=cycle)
    running = Mentorship.objects.active().prefetch_related("mentors", "mentees")
    for mentorship in running:
        people = {p.pk for p in [*mentorship.mentors.all(), *mentorship.mentees.all()]}
        entry = assignments.filter(mentorship=mentorship, wave="entry")
        assert set(entry.values_list("person", flat=True)) == people, mentorship.pk
    answered = assignments.filter(state="answered", person__isnull=False)
    participants = assignments.filter(person__isnull=False)
    assert answered.count() >= participants.count() * 0.7
    assert assignments.filter(wave="midyear", state="answered").exists()
    assert assignments.filter(wave="midyear", state="issued").exists()
    paper = Response.objects.filter(assignment__cycle=cycle, channel="paper")
    assert paper.exists()
    assert all(r.entered_by.username == "curator" and r.paper_dated for r in paper)
    assert assignments.filter(state="declined", decline_reason="no_consent").count() >= 2
    yearly = Response.objects.filter(assignment__cycle=cycle, assignment__wave="yearly")
    assert yearly.filter(assignment__questionnaire__code="curator", is_draft=False).exists()
    swots = yearly.filter(assignment__questionnaire__code="swot", is_draft=False)
    assert swots.count() >= 3
    assert all("%" in s.answers.get(question__key="strengths").text for s in swots)


# --- The demo's history, meetings and requests are what a pilot user expects -----------------


def test_the_histories_carry_the_dates_they_describe(demo: str) -> None:
    """A pair decided in October was drafted before the decision and confirmed on its day,
    not «today»; a closed pair's closing is dated the day it ended."""
    today = timezone.localdate()
    mentorships = Mentorship.objects.select_related("decision").prefetch_related("changes")
    checked = 0
    for mentorship in mentorships:
        days = {
            change.action: timezone.localtime(change.changed_at).date()
            for change in mentorship.changes.all()
        }
        if mentorship.decision is not None:
            assert days["confirmed"] == mentorship.decision.decided_on, mentorship.pk
            assert days["drafted"] < mentorship.decision.decided_on, mentorship.pk
            checked += 1
        for action in ("completed", "terminated"):
            if action in days:
                assert days[action] == mentorship.ended_on, mentorship.pk
        assert all(day <= today for day in days.values()), mentorship.pk
    assert checked >= 30


def test_meetings_are_entered_by_the_mentor_or_the_formats_lead(demo: str) -> None:
    meetings = Meeting.objects.select_related("mentorship__format", "logged_by")
    entered_by: dict[str, int] = {}
    for meeting in meetings.prefetch_related(
        "mentorship__mentors__user", "mentorship__format__leads"
    ):
        mentorship = meeting.mentorship
        mentor_users = {m.user_id for m in mentorship.mentors.all() if m.user_id}
        leads = {lead.pk for lead in mentorship.format.leads.all()}
        if mentor_users:
            assert meeting.logged_by_id in mentor_users, meeting.pk
        elif leads:
            assert meeting.logged_by_id in leads, meeting.pk
        else:
            assert meeting.logged_by.username == "curator", meeting.pk
        assert timezone.localtime(meeting.created_at).date() == meeting.held_on, meeting.pk
        entered_by[meeting.logged_by.username] = entered_by.get(meeting.logged_by.username, 0) + 1
    # The curator enters only the meetings of the format no one leads.
    assert entered_by.get("curator", 0) < sum(entered_by.values()) / 3, entered_by
    assert {"teacher", "lead", "methodist"} <= set(entered_by)


def test_every_mentee_in_the_pools_has_a_key_request(demo: str) -> None:
    mentees = PoolEntry.objects.filter(role="mentee").select_related("variant")
    assert mentees.exists()
    assert not mentees.filter(request="").exists()
    # What everyone who sees the pool reads says nothing of health or of the risk group.
    for entry in mentees.filter(variant__is_special_category=True):
        words = entry.request.lower()
        assert not any(word in words for word in ("овз", "здоров", "инвалид", "риск")), entry
