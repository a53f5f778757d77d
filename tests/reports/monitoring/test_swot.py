"""The SWOT analysis per format and year: its lines computed from the answers, the lead's
draft, the curator's final version, stale writes, and who sees it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import (
    AnswerChannel,
    Assignment,
    AssignmentState,
    CycleStatus,
    DeclineReason,
    Direction,
    MonitoringCycle,
    QuestionKind,
    QuestionnairePurpose,
    QuestionTag,
    Response,
    Wave,
)
from reports.monitoring.swot.selectors import computed_lines, saved_lists
from reports.monitoring.swot.services import save_swot
from tests.conftest import client_for
from tests.factories import (
    DecisionFactory,
    MentorshipFactory,
    TeacherFactory,
    UserFactory,
    format_of,
)
from tests.reports.monitoring.builders import (
    make_assignment,
    make_cycle,
    make_response,
    make_version,
    question,
)
from tests.stale import is_stale

pytestmark = pytest.mark.django_db

PROCESS = (
    question("satisfied", tag=QuestionTag.SATISFACTION),
    question("liked", QuestionKind.YES_NO, tag=QuestionTag.LIKED),
    question("continue", QuestionKind.YES_NO, tag=QuestionTag.CONTINUE),
    question("become-mentor", QuestionKind.YES_NO, tag=QuestionTag.BECOME_MENTOR),
)
GROWTH = (
    question("confidence", tag=QuestionTag.GROWTH),
    question("anxiety", tag=QuestionTag.GROWTH, direction=Direction.LOWER),
)


class Pairs:
    def __init__(self) -> None:
        self.decision = DecisionFactory(scan="")
        self.mentor = TeacherFactory(consent=False)
        self.mentee = TeacherFactory(consent=False)

    def new(self, code: str) -> Any:
        return MentorshipFactory(
            format=format_of(code),
            decision=self.decision,
            mentors=[self.mentor],
            mentees=[self.mentee],
        )


def ask(
    version: Any,
    cycle: MonitoringCycle,
    mentorship: Any,
    answers: dict[str, Any] | None,
    *,
    wave: str = Wave.FINAL,
    state: str = AssignmentState.ISSUED,
) -> Assignment:
    assignment = make_assignment(
        version,
        cycle=cycle,
        wave=wave,
        person=mentorship.mentees.first(),
        mentorship=mentorship,
        state=state,
        decline_reason=DeclineReason.NO_CONSENT if state == AssignmentState.DECLINED else "",
    )
    if answers is not None:
        make_response(assignment, answers)
    return assignment


@pytest.fixture
def year(db: None) -> dict[str, Any]:
    """«студент – студент»: four mentees answered (three liked it and would go on, one wants
    to become a mentor, satisfaction 8 on average), one declined for lack of consent; two of
    them grew from entry to exit, one did not. «педагог – педагог»: one of three answered,
    with satisfaction 3."""
    cycle = make_cycle(2025)
    pairs = Pairs()
    process = make_version(purpose=QuestionnairePurpose.MENTEE_PROCESS, questions=PROCESS)
    entry = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_ENTRY, questions=GROWTH)
    exit_ = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_EXIT, questions=GROWTH)
    for satisfied, liked, go_on, mentor in [
        (9, True, True, True),
        (8, True, True, False),
        (7, True, True, False),
        (8, False, True, False),
    ]:
        ask(
            process,
            cycle,
            pairs.new("student_student"),
            {"satisfied": satisfied, "liked": liked, "continue": go_on, "become-mentor": mentor},
        )
    ask(process, cycle, pairs.new("student_student"), None, state=AssignmentState.DECLINED)
    for before, after in [((4, 8), (6, 6)), ((5, 5), (7, 4)), ((8, 2), (6, 5))]:
        mentorship = pairs.new("student_student")
        ask(
            entry,
            cycle,
            mentorship,
            {"confidence": before[0], "anxiety": before[1]},
            wave=Wave.ENTRY,
        )
        ask(exit_, cycle, mentorship, {"confidence": after[0], "anxiety": after[1]}, wave=Wave.EXIT)
    ask(process, cycle, pairs.new("teacher_teacher"), {"satisfied": 3})
    ask(process, cycle, pairs.new("teacher_teacher"), None)
    ask(process, cycle, pairs.new("teacher_teacher"), None)
    return {"cycle": cycle}


@pytest.fixture
def bare(db: None) -> dict[str, Any]:
    """The year's cycle with no answers: for what needs none."""
    return {"cycle": make_cycle(2025)}


def swot_of(cycle: MonitoringCycle, code: str) -> Assignment:
    return make_assignment("swot", cycle=cycle, wave=Wave.YEARLY, format=format_of(code))


def numbers(line: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)?", line)


# --- The computed lines ----------------------------------------------------------------------


def test_strengths_computed_from_the_answers(year: dict[str, Any]) -> None:
    prefill = computed_lines(year["cycle"], format_of("student_student"))
    assert [numbers(line) for line in prefill.strengths] == [
        ["75", "3", "4"],  # liked and ready to continue
        ["8,0", "10", "4"],  # satisfaction of the mentees
        ["67", "2", "3"],  # grew from entry to exit
    ]
    assert [numbers(line) for line in prefill.weaknesses] == [["25", "1", "4"]]  # to be mentors


def test_weaknesses_of_a_format_answered_little(year: dict[str, Any]) -> None:
    prefill = computed_lines(year["cycle"], format_of("teacher_teacher"))
    assert prefill.strengths == []
    assert [numbers(line) for line in prefill.weaknesses] == [
        ["3,0", "10", "1"],  # low satisfaction
        ["33", "1", "3"],  # a low response rate
    ]


def test_nothing_computed_without_answers(year: dict[str, Any]) -> None:
    prefill = computed_lines(year["cycle"], format_of("employer_student"))
    assert (prefill.strengths, prefill.weaknesses) == ([], [])


def test_the_form_is_prefilled_with_the_computed_lines(year: dict[str, Any], curator: User) -> None:
    swot_of(year["cycle"], "student_student")
    response = client_for(curator).get(reverse("swot:detail", args=[2025, "student_student"]))
    assert response.status_code == 200
    form = response.context["form"]
    prefill = computed_lines(year["cycle"], format_of("student_student"))
    assert form["strengths"].value() == "\n".join(prefill.strengths)
    assert form["weaknesses"].value() == "\n".join(prefill.weaknesses)
    assert form["opportunities"].value() in (None, "")
    assert form["version"].value() == 0


# --- Saving ----------------------------------------------------------------------------------

LISTS = {
    "strengths": " Первая сильная сторона \n\n Вторая ",
    "weaknesses": "Слабая сторона",
    "opportunities": "Новые партнёры",
    "threats": "Нагрузка наставников",
}


def post(client: Any, action: str, version: int = 0, **lists: str) -> Any:
    return client.post(
        reverse("swot:detail", args=[2025, "student_student"]),
        {**LISTS, **lists, "version": version, "action": action},
    )


def test_the_lead_saves_a_draft(bare: dict[str, Any], lead: User) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    response = post(client_for(lead), "final")  # a lead cannot make it final: a draft
    assert response.status_code == 302
    saved = Response.objects.get(assignment=assignment)
    assert (saved.is_draft, saved.channel, saved.entered_by) == (True, AnswerChannel.APP, lead)
    assert saved_lists(saved)["strengths"] == "Первая сильная сторона\nВторая"
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ISSUED


def test_the_curator_makes_it_final(bare: dict[str, Any], lead: User, curator: User) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    post(client_for(lead), "draft")
    response = post(client_for(curator), "final", version=1, threats="Другая угроза")
    assert response.status_code == 302
    saved = Response.objects.get(assignment=assignment)
    assert (saved.is_draft, saved.version, saved.entered_by) == (False, 2, curator)
    assert saved_lists(saved)["threats"] == "Другая угроза"
    assert saved.answers.count() == 4
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ANSWERED


def test_a_draft_does_not_replace_the_final_version(
    bare: dict[str, Any], lead: User, curator: User
) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    post(client_for(curator), "final")
    response = post(client_for(lead), "draft", version=1, strengths="Иначе")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    saved = Response.objects.get(assignment=assignment)
    assert (saved.is_draft, saved.version) == (False, 1)
    assert saved_lists(saved)["strengths"] == "Первая сильная сторона\nВторая"


def test_a_final_version_needs_every_list(bare: dict[str, Any], curator: User) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    response = post(client_for(curator), "final", threats="  ")
    assert response.status_code == 200
    assert response.context["form"].has_error("threats")
    assert not Response.objects.filter(assignment=assignment).exists()


def test_a_stale_write_is_refused(bare: dict[str, Any], lead: User, curator: User) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    post(client_for(lead), "draft")
    # The curator's form was made before the lead's draft existed.
    response = post(client_for(curator), "final", version=0, strengths="Моё")
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "stale")
    assert saved_lists(Response.objects.get(assignment=assignment))["strengths"] != "Моё"
    with pytest.raises(ValidationError) as refusal:
        save_swot(assignment, user=curator, lists=LISTS, seen_version=0, final=True)
    assert is_stale(refusal.value)


def test_a_closed_cycle_takes_nothing(bare: dict[str, Any], curator: User) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    MonitoringCycle.objects.filter(pk=bare["cycle"].pk).update(status=CycleStatus.CLOSED)
    with pytest.raises(ValidationError):
        save_swot(assignment, user=curator, lists=LISTS, seen_version=0, final=True)
    assert not Response.objects.filter(assignment=assignment).exists()


# --- Not issued yet --------------------------------------------------------------------------


def test_the_page_says_when_it_is_not_issued(bare: dict[str, Any], curator: User) -> None:
    url = reverse("swot:detail", args=[2025, "student_student"])
    response = client_for(curator).get(url)
    assert response.status_code == 200
    assert response.context["assignment"] is None
    assert 'data-testid="swot-not-issued"' in response.content.decode()
    assert reverse("swot:issue", args=[2025, "student_student"]) in response.content.decode()


def test_the_curator_issues_it(bare: dict[str, Any], curator: User) -> None:
    issue = reverse("swot:issue", args=[2025, "student_student"])
    assert client_for(curator).post(issue).status_code == 302
    swots = Assignment.objects.filter(
        cycle=bare["cycle"], questionnaire__code="swot", wave=Wave.YEARLY, person=None
    )
    assert swots.filter(format=format_of("student_student")).count() == 1
    # Issuing again makes nothing twice.
    client_for(curator).post(issue)
    assert swots.filter(format=format_of("student_student")).count() == 1


def test_only_the_curator_issues_it(bare: dict[str, Any], lead: User, director: User) -> None:
    issue = reverse("swot:issue", args=[2025, "student_student"])
    assert client_for(lead).post(issue).status_code == 403
    assert client_for(director).post(issue).status_code == 403
    assert client_for(lead).get(issue).status_code == 405
    assert not Assignment.objects.filter(questionnaire__code="swot").exists()


# --- Who sees it -----------------------------------------------------------------------------


def test_the_director_reads_only_the_final_version(
    bare: dict[str, Any], lead: User, curator: User, director: User
) -> None:
    swot_of(bare["cycle"], "student_student")
    url = reverse("swot:detail", args=[2025, "student_student"])
    post(client_for(lead), "draft")
    page = client_for(director).get(url)
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Первая сильная сторона" not in page.content.decode()
    post(client_for(curator), "final", version=1)
    page = client_for(director).get(url).content.decode()
    assert "Первая сильная сторона" in page
    assert 'data-testid="swot-final"' in page


def test_readers_cannot_write(bare: dict[str, Any], director: User, methodist: User) -> None:
    assignment = swot_of(bare["cycle"], "student_student")
    for reader in (director, methodist):
        assert post(client_for(reader), "final").status_code == 403
    assert not Response.objects.filter(assignment=assignment).exists()


def test_a_lead_of_other_formats_does_not_find_it(bare: dict[str, Any]) -> None:
    swot_of(bare["cycle"], "student_student")
    other = UserFactory(username="other-lead", roles=["format_lead"])
    format_of("employer_student").leads.add(other)
    client = client_for(other)
    assert client.get(reverse("swot:detail", args=[2025, "student_student"])).status_code == 404
    assert post(client, "draft").status_code == 404
    listed = client.get(reverse("swot:list"), {"year": 2025}).context["rows"]
    assert [row.format.code for row in listed] == ["employer_student"]


def test_the_list_of_the_year(bare: dict[str, Any], curator: User, lead: User) -> None:
    swot_of(bare["cycle"], "student_student")
    post(client_for(lead), "draft")
    rows = client_for(curator).get(reverse("swot:list")).context["rows"]
    states = {row.format.code: (row.assignment is not None, row.response) for row in rows}
    assert len(rows) == 5
    assert states["student_student"][1] is not None and states["student_student"][1].is_draft
    assert states["teacher_teacher"] == (False, None)


@pytest.mark.parametrize("issued", [1, 5])
def test_the_list_takes_constant_queries(
    bare: dict[str, Any], curator: User, issued: int, django_assert_max_num_queries: Any
) -> None:
    for code in [
        "student_student",
        "teacher_teacher",
        "teacher_student",
        "employer_student",
        "student_pupil",
    ][:issued]:
        swot_of(bare["cycle"], code)
    client = client_for(curator)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("swot:list")).status_code == 200


@pytest.mark.parametrize("persona", ["teacher", "outsider", "partner_curator"])
def test_refused_without_the_permission(
    bare: dict[str, Any], persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("swot:list")).status_code == 403
    assert client.get(reverse("swot:detail", args=[2025, "student_student"])).status_code == 403


def test_not_found_and_other_methods(bare: dict[str, Any], curator: User) -> None:
    client = client_for(curator)
    assert client.get(reverse("swot:list"), {"year": 1990}).status_code == 404
    assert client.get(reverse("swot:detail", args=[1990, "student_student"])).status_code == 404
    assert client.get(reverse("swot:detail", args=[2025, "nope"])).status_code == 404
    assert client.post(reverse("swot:list")).status_code == 405
    assert client.put(reverse("swot:detail", args=[2025, "student_student"])).status_code == 405


def test_the_lead_reads_the_final_version(bare: dict[str, Any], lead: User, curator: User) -> None:
    swot_of(bare["cycle"], "student_student")
    post(client_for(curator), "final")
    page = client_for(lead).get(reverse("swot:detail", args=[2025, "student_student"]))
    assert page.context["form"] is None
    assert "Первая сильная сторона" in page.content.decode()


def test_issuing_for_a_missing_year_or_format_is_not_found(
    bare: dict[str, Any], curator: User
) -> None:
    client = client_for(curator)
    assert client.post(reverse("swot:issue", args=[1990, "student_student"])).status_code == 404
    assert client.post(reverse("swot:issue", args=[2025, "nope"])).status_code == 404
    assert not Assignment.objects.filter(questionnaire__code="swot").exists()
