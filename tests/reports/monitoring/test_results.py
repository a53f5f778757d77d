"""The results of monitoring: exact aggregates, who sees what, the pages and the XLSX."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import (
    AssignmentState,
    DeclineReason,
    Direction,
    MonitoringCycle,
    QuestionKind,
    QuestionnairePurpose,
    QuestionnaireVersion,
    QuestionTag,
    Wave,
)
from reports.monitoring.results.exports import hidden_label
from reports.monitoring.results.selectors import (
    QuestionnaireResults,
    cycle_index,
    questionnaire_results,
    result_scope,
)
from tests.conftest import client_for
from tests.factories import (
    DecisionFactory,
    MentorshipFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)
from tests.reports.monitoring.builders import (
    make_assignment,
    make_cycle,
    make_response,
    make_version,
    question,
)

pytestmark = pytest.mark.django_db

PROCESS_QUESTIONS = (
    question("comfort", tag=QuestionTag.COMFORT, section="Работа с наставником"),
    question("continue", QuestionKind.YES_NO, tag=QuestionTag.CONTINUE),
    question("frequency", QuestionKind.SINGLE, choices=["Еженедельно", "Ежемесячно", "Реже"]),
    question("valued", QuestionKind.MULTIPLE, choices=["Встречи", "Проекты", "Советы"]),
    question("meetings", QuestionKind.NUMBER),
    question("valuable", QuestionKind.TEXT, required=False),
)


class Pairs:
    """Mentorships made cheaply: one decision (without a scan to write) and the same two
    people; an assignment is told apart by its mentorship."""

    def __init__(self) -> None:
        self.decision = DecisionFactory(scan="")
        self.mentor = TeacherFactory(consent=False)
        self.mentee = TeacherFactory(consent=False)

    def new(
        self, code: str = "student_student", variant: str | None = None, mentee: Any = None
    ) -> Any:
        return MentorshipFactory(
            format=format_of(code),
            variant=variant_of(code, variant) if variant else None,
            decision=self.decision,
            mentors=[self.mentor],
            mentees=[mentee or self.mentee],
        )


_PAIRS: dict[str, Pairs] = {}


@pytest.fixture(autouse=True)
def pairs(db: None) -> Pairs:
    _PAIRS["current"] = Pairs()
    return _PAIRS["current"]


def answered(
    version: QuestionnaireVersion,
    cycle: MonitoringCycle,
    answers: dict[str, Any] | None,
    *,
    code: str = "student_student",
    variant: str | None = None,
    wave: str = Wave.MIDYEAR,
    state: str = AssignmentState.ANSWERED,
    decline_reason: str = "",
    mentorship: Any = None,
) -> Any:
    """One participant's assignment of a new mentorship of the format: answered with
    `answers`, or left in `state`."""
    mentorship = mentorship or _PAIRS["current"].new(code, variant)
    assignment = make_assignment(
        version,
        cycle=cycle,
        wave=wave,
        person=mentorship.mentees.first(),
        mentorship=mentorship,
        state=AssignmentState.ISSUED if state == AssignmentState.ANSWERED else state,
        decline_reason=decline_reason,
    )
    if state == AssignmentState.ANSWERED:
        make_response(assignment, answers or {})
    return assignment


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """«студент – студент»: three answers, one issued, one declined for lack of consent and
    one refused; «педагог – педагог»: one answer; «педагог – студент» with ОВЗ: one."""
    cycle = make_cycle(2025)
    version = make_version(questions=PROCESS_QUESTIONS)
    for comfort, yes, choice, valued, meetings, text in [
        (8, True, 0, [0, 1], 4, "Полезно"),
        (9, True, 0, [1], 6, "Интересно"),
        (10, False, 1, [], 8, ""),
    ]:
        answers = {"comfort": comfort, "continue": yes, "frequency": choice, "meetings": meetings}
        if valued:
            answers["valued"] = valued
        if text:
            answers["valuable"] = text
        answered(version, cycle, answers)
    answered(version, cycle, None, state=AssignmentState.ISSUED)
    answered(
        version,
        cycle,
        None,
        state=AssignmentState.DECLINED,
        decline_reason=DeclineReason.NO_CONSENT,
    )
    answered(
        version, cycle, None, state=AssignmentState.DECLINED, decline_reason=DeclineReason.REFUSED
    )
    answered(version, cycle, {"comfort": 2, "continue": False}, code="teacher_teacher")
    answered(
        version,
        cycle,
        {"comfort": 5, "continue": True},
        code="teacher_student",
        variant="disabilities",
    )
    return {"cycle": cycle, "version": version, "questionnaire": version.questionnaire}


def results_for(user: User, world: dict[str, Any], **kwargs: Any) -> QuestionnaireResults:
    return questionnaire_results(
        result_scope(user),
        cycle=world["cycle"],
        questionnaire=world["questionnaire"],
        wave=Wave.MIDYEAR,
        **kwargs,
    )


def item(results: QuestionnaireResults, key: str) -> Any:
    return next(row for row in results.items if row.question.key == key)


def detail_url(world: dict[str, Any], wave: str = Wave.MIDYEAR, name: str = "detail") -> str:
    return reverse(
        f"monitoring-results:{name}",
        args=[world["cycle"].academic_year, world["questionnaire"].code, wave],
    )


# --- Aggregates ------------------------------------------------------------------------------


def test_scale_distribution_and_mean(world: dict[str, Any], curator: User) -> None:
    results = results_for(curator, world, mentoring_format=format_of("student_student"))
    comfort = item(results, "comfort")
    assert comfort.count == 3
    assert comfort.mean == Decimal("9.0")
    assert [(bar.label, bar.count) for bar in comfort.bars if bar.count] == [
        ("8", 1),
        ("9", 1),
        ("10", 1),
    ]
    assert [bar.percent for bar in comfort.bars][7:] == [33.3, 33.3, 33.3]
    assert sum(bar.count for bar in comfort.bars) == 3


def test_yes_no_choices_and_number(world: dict[str, Any], curator: User) -> None:
    results = results_for(curator, world, mentoring_format=format_of("student_student"))
    assert item(results, "continue").yes_percent == 66.7
    assert [bar.count for bar in item(results, "continue").bars] == [2, 1]
    assert [(bar.label, bar.count) for bar in item(results, "frequency").bars] == [
        ("Еженедельно", 2),
        ("Ежемесячно", 1),
        ("Реже", 0),
    ]
    valued = item(results, "valued")
    assert valued.count == 2
    assert [bar.count for bar in valued.bars] == [1, 2, 0]
    assert [bar.percent for bar in valued.bars] == [50.0, 100.0, 0.0]
    assert item(results, "meetings").mean == Decimal("6.0")


def test_response_rate_leaves_out_declines_for_lack_of_consent(
    world: dict[str, Any], curator: User
) -> None:
    rate = results_for(curator, world, mentoring_format=format_of("student_student")).rate
    assert (rate.issued, rate.no_consent, rate.declined, rate.answered) == (6, 1, 2, 3)
    assert rate.expected == 5
    assert rate.percent == 60.0


def test_all_formats_together_for_the_curator(world: dict[str, Any], curator: User) -> None:
    results = results_for(curator, world)
    assert item(results, "comfort").count == 5
    assert item(results, "comfort").mean == Decimal("6.8")  # (8 + 9 + 10 + 2 + 5) / 5
    assert results.rate.answered == 5


def test_open_answers_for_the_curator_only(
    world: dict[str, Any], curator: User, director: User
) -> None:
    assert sorted(item(results_for(curator, world), "valuable").open_answers) == [
        "Интересно",
        "Полезно",
    ]
    assert all(row.question.key != "valuable" for row in results_for(director, world).items)


def test_the_cycle_index_counts_each_questionnaire_and_wave(
    world: dict[str, Any], curator: User, lead: User
) -> None:
    answered(world["version"], world["cycle"], {"comfort": 7}, wave=Wave.FINAL)
    index = cycle_index(result_scope(curator), cycle=world["cycle"])
    assert [(row.wave, row.rate.issued, row.rate.answered) for row in index.rows] == [
        (Wave.MIDYEAR, 8, 5),
        (Wave.FINAL, 1, 1),
    ]
    assert index.total.issued == 9
    led = cycle_index(result_scope(lead), cycle=world["cycle"])
    assert [(row.wave, row.rate.issued, row.rate.percent) for row in led.rows] == [
        (Wave.MIDYEAR, 6, 60.0),
        (Wave.FINAL, 1, 100.0),
    ]


# --- Stage 2 ---------------------------------------------------------------------------------


@pytest.fixture
def growth(pairs: Pairs) -> dict[str, Any]:
    """Entry and exit of four mentees: three answered both (one of them also has an entry
    of another mentorship, which must not count), one only the exit."""
    cycle = make_cycle(2025)
    items = [
        question("engagement", tag=QuestionTag.GROWTH),
        question("anxiety", tag=QuestionTag.GROWTH, direction=Direction.LOWER),
        question("note", QuestionKind.TEXT, required=False),
    ]
    entry = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_ENTRY, questions=items)
    exit_ = make_version(purpose=QuestionnairePurpose.MENTEE_GROWTH_EXIT, questions=items)
    first = TeacherFactory(consent=False)
    mentorships = [pairs.new(mentee=first), pairs.new(), pairs.new(), pairs.new()]
    for mentorship, before, after in [
        (mentorships[0], (4, 8), (7, 5)),  # +3 and +3: better
        (mentorships[1], (6, 3), (5, 6)),  # -1 and -3: worse
        (mentorships[2], (5, 5), (8, 7)),  # +3 and -2: better on the whole
        (mentorships[3], None, (9, 1)),  # no entry
    ]:
        if before is not None:
            answered(
                entry,
                cycle,
                {"engagement": before[0], "anxiety": before[1]},
                wave=Wave.ENTRY,
                mentorship=mentorship,
            )
        answered(
            exit_,
            cycle,
            {"engagement": after[0], "anxiety": after[1]},
            wave=Wave.EXIT,
            mentorship=mentorship,
        )
    # The first mentee's entry in another mentorship is not paired with this exit.
    other = pairs.new(mentee=first)
    answered(entry, cycle, {"engagement": 10, "anxiety": 1}, wave=Wave.ENTRY, mentorship=other)
    return {"cycle": cycle, "questionnaire": exit_.questionnaire}


def test_entry_and_exit_compared_item_by_item(growth: dict[str, Any], curator: User) -> None:
    results = questionnaire_results(
        result_scope(curator),
        cycle=growth["cycle"],
        questionnaire=growth["questionnaire"],
        wave=Wave.EXIT,
    )
    assert results.growth is not None
    rows = {row.question.key: row for row in results.growth.items}
    assert list(rows) == ["engagement", "anxiety"]
    engagement, anxiety = rows["engagement"], rows["anxiety"]
    assert (engagement.paired, engagement.entry_mean, engagement.exit_mean) == (
        3,
        Decimal("5.0"),
        Decimal("6.7"),
    )
    assert (engagement.improved, engagement.improved_percent) == (2, 66.7)
    # Lower is better: only the first mentee's anxiety went down.
    assert (anxiety.entry_mean, anxiety.exit_mean, anxiety.improved) == (
        Decimal("5.3"),
        Decimal("6.0"),
        1,
    )
    assert (results.growth.participants, results.growth.positive) == (3, 2)
    assert results.growth.positive_percent == 66.7


def test_growth_is_hidden_from_the_director_under_five(
    growth: dict[str, Any], director: User
) -> None:
    results = questionnaire_results(
        result_scope(director),
        cycle=growth["cycle"],
        questionnaire=growth["questionnaire"],
        wave=Wave.EXIT,
    )
    assert results.growth is not None
    assert results.growth.hidden
    assert all(row.hidden for row in results.growth.items)


def test_stage_two_page_shows_the_comparison(growth: dict[str, Any], curator: User) -> None:
    url = reverse("monitoring-results:detail", args=[2025, growth["questionnaire"].code, Wave.EXIT])
    response = client_for(curator).get(url)
    assert response.status_code == 200
    assert 'data-testid="growth"' in response.content.decode()
    assert "66,7" in response.content.decode() or "66.7" in response.content.decode()


# --- Who sees what ---------------------------------------------------------------------------


def test_small_numbers_hidden_from_the_director_not_from_the_curator(
    world: dict[str, Any], curator: User, director: User, methodist: User
) -> None:
    student_student = format_of("student_student")
    for reader in (director, methodist):
        hidden = item(results_for(reader, world, mentoring_format=student_student), "comfort")
        assert hidden.hidden
    shown = item(results_for(curator, world, mentoring_format=student_student), "comfort")
    assert not shown.hidden
    assert shown.mean == Decimal("9.0")


def test_five_answers_are_shown_to_the_director(world: dict[str, Any], director: User) -> None:
    comfort = item(results_for(director, world), "comfort")
    assert (comfort.count, comfort.hidden, comfort.mean) == (5, False, Decimal("6.8"))
    assert item(results_for(director, world), "continue").hidden is False


def test_the_director_page_hides_what_is_small(world: dict[str, Any], director: User) -> None:
    response = client_for(director).get(detail_url(world), {"format": "student_student"})
    assert response.status_code == 200
    page = response.content.decode()
    assert hidden_label() in page
    assert "Полезно" not in page
    assert response.context["results"].shows_answers is False


def test_a_lead_sees_the_led_format_with_small_numbers(world: dict[str, Any], lead: User) -> None:
    results = results_for(lead, world)
    comfort = item(results, "comfort")
    assert (comfort.count, comfort.hidden) == (3, False)
    assert results.rate.issued == 6
    assert sorted(item(results, "valuable").open_answers) == ["Интересно", "Полезно"]


def test_a_lead_of_other_formats_sees_none_of_them(world: dict[str, Any]) -> None:
    other = UserFactory(username="other-lead", roles=["format_lead"])
    format_of("employer_student").leads.add(other)
    results = results_for(other, world)
    assert results.rate.issued == 0
    assert item(results, "comfort").count == 0
    client = client_for(other)
    assert client.get(detail_url(world), {"format": "student_student"}).status_code == 404
    assert (
        client.get(detail_url(world, name="export"), {"format": "student_student"}).status_code
        == 404
    )


def test_a_questionnaire_of_other_formats_is_not_found_for_a_lead(
    world: dict[str, Any], lead: User
) -> None:
    only_teachers = make_version(format_codes=["teacher_teacher"])
    url = reverse(
        "monitoring-results:detail", args=[2025, only_teachers.questionnaire.code, Wave.MIDYEAR]
    )
    assert client_for(lead).get(url).status_code == 404


def test_special_variants_hidden_from_the_methodist(
    world: dict[str, Any], methodist: User, curator: User
) -> None:
    disabilities = variant_of("teacher_student", "disabilities")
    query = {"format": "teacher_student", "variant": disabilities.pk}
    assert client_for(methodist).get(detail_url(world), query).status_code == 404
    offered = client_for(methodist).get(detail_url(world)).context["variants"]
    assert disabilities not in offered
    assert variant_of("student_student", "leader_passive") in offered

    response = client_for(curator).get(detail_url(world), query)
    assert response.status_code == 200
    assert response.context["results"].rate.answered == 1
    assert disabilities in response.context["variants"]


def test_a_variant_narrows_its_format(world: dict[str, Any], curator: User) -> None:
    answered(world["version"], world["cycle"], {"comfort": 1}, variant="leader_passive")
    leader = variant_of("student_student", "leader_passive")
    results = results_for(
        curator, world, mentoring_format=format_of("student_student"), variant=leader
    )
    assert (results.rate.issued, item(results, "comfort").mean) == (1, Decimal("1.0"))


# --- The pages -------------------------------------------------------------------------------


def test_index_page(world: dict[str, Any], curator: User) -> None:
    response = client_for(curator).get(reverse("monitoring-results:index"))
    assert response.status_code == 200
    assert response.context["cycle"] == world["cycle"]
    assert [row.rate.answered for row in response.context["index"].rows] == [5]
    assert detail_url(world) in response.content.decode()


def test_index_page_empty_without_a_cycle(curator: User) -> None:
    response = client_for(curator).get(reverse("monitoring-results:index"))
    assert response.status_code == 200
    assert response.context["index"] is None


@pytest.mark.parametrize("persona", ["teacher", "outsider", "partner_curator"])
def test_pages_refused_without_the_permission(
    world: dict[str, Any], persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("monitoring-results:index")).status_code == 403
    assert client.get(detail_url(world)).status_code == 403
    assert client.get(detail_url(world, name="export")).status_code == 403


def test_pages_not_found(world: dict[str, Any], curator: User) -> None:
    client = client_for(curator)
    assert client.get(reverse("monitoring-results:index"), {"year": 1999}).status_code == 404
    code = world["questionnaire"].code
    for args in [(1999, code, "midyear"), (2025, "nope", "midyear"), (2025, code, "sometime")]:
        assert client.get(reverse("monitoring-results:detail", args=args)).status_code == 404
    assert client.get(detail_url(world), {"format": "nope"}).status_code == 404
    assert (
        client.get(detail_url(world), {"format": "student_student", "variant": "x"}).status_code
        == 404
    )
    swot = reverse("monitoring-results:detail", args=[2025, "swot", "yearly"])
    assert client.get(swot).status_code == 404


def test_pages_refuse_other_methods(world: dict[str, Any], curator: User) -> None:
    client = client_for(curator)
    assert client.post(reverse("monitoring-results:index")).status_code == 405
    assert client.post(detail_url(world)).status_code == 405
    assert client.post(detail_url(world, name="export")).status_code == 405


def test_detail_page_for_the_curator(world: dict[str, Any], curator: User) -> None:
    response = client_for(curator).get(detail_url(world), {"format": "student_student"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Полезно" in page
    assert "mon-w-33" in page  # a third of the answers on each of 8, 9, 10
    assert 'style="' not in page.split('id="content"')[1]


# --- XLSX ------------------------------------------------------------------------------------


def workbook_of(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def test_xlsx_of_the_aggregates(world: dict[str, Any], curator: User) -> None:
    response = client_for(curator).get(
        detail_url(world, name="export"), {"format": "student_student"}
    )
    book = workbook_of(response)
    summary, items, options = book.worksheets[:3]
    assert [cell.value for cell in summary[2]][3:] == [6, 1, 5, 3, 60.0]
    rows = {row[1]: row for row in items.iter_rows(min_row=2, values_only=True)}
    comfort = rows["Вопрос «comfort»"]
    assert comfort[3:5] == (3, 9.0)
    assert comfort[5:15] == (0, 0, 0, 0, 0, 0, 0, 1, 1, 1)
    assert rows["Вопрос «continue»"][15:17] == (66.7, 33.3)
    assert "Вопрос «valuable»" not in rows  # open answers are never exported
    chosen = [row for row in options.iter_rows(min_row=2, values_only=True)]
    assert ("Вопрос «frequency»", "Еженедельно", 2, 66.7) in chosen


def test_xlsx_hides_small_numbers_from_the_director(world: dict[str, Any], director: User) -> None:
    response = client_for(director).get(
        detail_url(world, name="export"), {"format": "student_student"}
    )
    items = workbook_of(response).worksheets[1]
    rows = {row[1]: row for row in items.iter_rows(min_row=2, values_only=True)}
    assert rows["Вопрос «comfort»"][3] == hidden_label()
    assert 9.0 not in rows["Вопрос «comfort»"]


# --- A fixed number of queries ---------------------------------------------------------------


def test_detail_page_queries_do_not_grow_with_answers(
    world: dict[str, Any], curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    url = detail_url(world)
    client.get(url)
    with django_assert_max_num_queries(22) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        answered(
            world["version"],
            world["cycle"],
            {"comfort": n % 10 + 1, "continue": True, "valued": [2], "valuable": f"Ответ {n}"},
            code="teacher_teacher",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(detail_url(world, name="export")).status_code == 200


def test_a_variant_alone_names_its_format(world: dict[str, Any], curator: User) -> None:
    leader = variant_of("student_student", "leader_passive")
    answered(world["version"], world["cycle"], {"comfort": 1}, variant="leader_passive")
    client = client_for(curator)
    results = client.get(detail_url(world), {"variant": leader.pk}).context["results"]
    assert (results.mentoring_format, results.variant) == (leader.format, leader)
    assert results.rate.issued == 1
    mismatched = {"format": "teacher_teacher", "variant": leader.pk}
    assert client.get(detail_url(world), mismatched).status_code == 404


def test_items_by_format_side_by_side(world: dict[str, Any], curator: User, director: User) -> None:
    breakdown = results_for(curator, world).breakdown
    assert breakdown is not None and not breakdown.by_variant
    assert breakdown.columns == [
        format_of(code).title for code in ("student_student", "teacher_teacher", "teacher_student")
    ]
    rows = {question.key: cells for question, cells in breakdown.rows}
    assert [(cell.count, cell.value) for cell in rows["comfort"]] == [
        (3, Decimal("9.0")),
        (1, Decimal("2.0")),
        (1, Decimal("5.0")),
    ]
    assert [cell.value for cell in rows["continue"]] == [
        Decimal("66.7"),
        Decimal("0.0"),
        Decimal("100.0"),
    ]
    hidden = results_for(director, world).breakdown
    assert hidden is not None
    assert all(cell.hidden for _question, cells in hidden.rows for cell in cells)


def test_items_by_variant_within_a_format(world: dict[str, Any], curator: User) -> None:
    answered(world["version"], world["cycle"], {"comfort": 1}, variant="leader_passive")
    answered(world["version"], world["cycle"], {"comfort": 3}, variant="peer_to_peer")
    breakdown = results_for(curator, world, mentoring_format=format_of("student_student")).breakdown
    assert breakdown is not None and breakdown.by_variant
    assert breakdown.columns == [
        variant_of("student_student", code).title for code in ("leader_passive", "peer_to_peer")
    ]
    rows = {question.key: cells for question, cells in breakdown.rows}
    assert [cell.value for cell in rows["comfort"]] == [Decimal("1.0"), Decimal("3.0")]
