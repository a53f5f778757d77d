"""reports/monitoring/questionnaires: the list, a questionnaire with its versions, and the
curator's edits (a version with answers is kept as it was; the edit makes a new one)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Question, QuestionKind, Questionnaire, QuestionnaireVersion, Response
from reports.monitoring.questionnaires.services import add_question, edit_question
from tests.conftest import client_for
from tests.reports.monitoring.builders import (
    make_assignment,
    make_response,
    make_version,
    question,
    version_of,
)
from tests.stale import is_stale, refused_as_stale, seen_on

pytestmark = pytest.mark.django_db


def list_url() -> str:
    return reverse("questionnaires:list")


def detail_url(questionnaire: Questionnaire, **query: object) -> str:
    url = reverse("questionnaires:detail", args=[questionnaire.pk])
    return url + (f"?version={query['version']}" if query else "")


def edit_url(item: Question) -> str:
    return reverse("questionnaires:question-edit", args=[item.version.questionnaire_id, item.pk])


def add_url(questionnaire: Questionnaire) -> str:
    return reverse("questionnaires:question-add", args=[questionnaire.pk])


def answered(version: QuestionnaireVersion) -> Response:
    """A response on the version (the questionnaire is then answered)."""
    return make_response(make_assignment(version.questionnaire), {}, version=version)


def wording(item: Question, seen: str, **changes: Any) -> dict[str, Any]:
    data = {
        "text": item.text,
        "help_text": item.help_text,
        "section": item.section,
        "required": "on" if item.required else "",
        "choices": "\n".join(item.choices),
        "seen": seen,
    }
    return data | changes


def new_question(seen: str, **changes: Any) -> dict[str, Any]:
    data = {
        "section": "Дополнительно",
        "text": "Насколько полезными были мастер-классы наставника?",
        "help_text": "",
        "kind": QuestionKind.SCALE,
        "choices": "",
        "min_value": "",
        "max_value": "",
        "required": "on",
        "direction": "higher",
        "tag": "",
        "key": "",
        "seen": seen,
    }
    return data | changes


# --- The list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "lead", "director", "methodist"])
def test_the_list_shows_every_questionnaire_with_its_counts(
    persona: str, request: pytest.FixtureRequest
) -> None:
    answered(version_of("mentee-process"))

    response = client_for(request.getfixturevalue(persona)).get(list_url())

    assert response.status_code == 200
    rows = {row.record.code: row.record for row in response.context["table"].rows}
    assert len(rows) == 10
    mentee = rows["mentee-process"]
    assert (mentee.current_number, mentee.item_count, mentee.response_count) == (1, 16, 1)
    assert (rows["swot"].item_count, rows["swot"].response_count) == (4, 0)
    assert "Анкета наставляемого: качество процесса наставничества" in response.content.decode()


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_the_list_is_refused_to_other_roles(persona: str, request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(persona)).get(list_url())

    assert response.status_code == 403


def test_the_list_allows_only_get(curator: User) -> None:
    assert client_for(curator).post(list_url()).status_code == 405


def test_the_list_takes_a_constant_number_of_queries(
    curator: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(curator)
    with django_assert_max_num_queries(12) as few:
        client.get(list_url())
    for _ in range(3):
        answered(make_version(questions=[question("a"), question("b")]))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(list_url())

    assert len(response.context["table"].rows) == 13


# --- A questionnaire ---------------------------------------------------------------------------


def test_a_questionnaire_shows_its_sections_and_items(lead: User) -> None:
    questionnaire = Questionnaire.objects.get(code="adaptation-entry")

    response = client_for(lead).get(detail_url(questionnaire))

    assert response.status_code == 200
    (section,) = response.context["sections"]
    assert section.title == "Адаптация в техникуме"
    assert [q.key for q in section.questions][:4] == [
        "staff_adaptation",
        "methods_confidence",
        "lesson_management",
        "workload",
    ]
    page = response.content.decode()
    assert "разработано в ОО" in page
    assert "Я планирую работать в техникуме в следующем учебном году" in page
    # A format lead views, the curator edits.
    assert not response.context["can_change"]
    assert reverse("questionnaires:question-add", args=[questionnaire.pk]) not in page


def test_the_curator_gets_the_edit_links(curator: User) -> None:
    version = version_of("swot")

    response = client_for(curator).get(detail_url(version.questionnaire))

    page = response.content.decode()
    for item in version.questions.all():
        assert edit_url(item) in page
    assert add_url(version.questionnaire) in page


def test_an_earlier_version_is_shown_read_only(curator: User) -> None:
    first = version_of("swot")
    make_version("swot", questions=[question("strengths", QuestionKind.TEXT, text="Плюсы")])

    response = client_for(curator).get(detail_url(first.questionnaire, version=1))

    assert response.context["shown"] == first
    assert [q.text for s in response.context["sections"] for q in s.questions][0] == (
        "Сильные стороны"
    )
    assert not response.context["can_change"]
    assert [v.number for v in response.context["versions"]] == [2, 1]


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_a_questionnaire_is_refused_to_other_roles(
    persona: str, request: pytest.FixtureRequest
) -> None:
    questionnaire = Questionnaire.objects.get(code="curator")

    response = client_for(request.getfixturevalue(persona)).get(detail_url(questionnaire))

    assert response.status_code == 403


def test_an_unknown_questionnaire_or_version_is_not_found(curator: User) -> None:
    questionnaire = Questionnaire.objects.get(code="curator")
    client = client_for(curator)

    assert client.get(reverse("questionnaires:detail", args=[999_999])).status_code == 404
    assert client.get(detail_url(questionnaire, version=7)).status_code == 404


def test_a_questionnaire_page_allows_only_get(curator: User) -> None:
    questionnaire = Questionnaire.objects.get(code="curator")

    assert client_for(curator).post(detail_url(questionnaire)).status_code == 405


# --- Editing the wording -----------------------------------------------------------------------


def test_an_unanswered_version_is_edited_in_place(curator: User) -> None:
    item = version_of("mentee-process").questions.get(key="comfort")
    client = client_for(curator)
    seen = seen_on(client, edit_url(item))

    response = client.post(edit_url(item), wording(item, seen, text="Комфортно ли вам было?"))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Комфортно ли вам было?"
    assert QuestionnaireVersion.objects.filter(questionnaire__code="mentee-process").count() == 1


def test_an_answered_version_is_kept_and_the_edit_makes_a_new_one(curator: User) -> None:
    first = version_of("mentee-process")
    given = answered(first)
    item = first.questions.get(key="comfort")
    client = client_for(curator)
    seen = seen_on(client, edit_url(item))

    response = client.post(edit_url(item), wording(item, seen, text="Комфортно ли вам было?"))

    assert response.status_code == 302
    second = version_of("mentee-process")
    assert (second.number, second.created_by) == (2, curator)
    assert second.questions.get(key="comfort").text == "Комфортно ли вам было?"
    # Every key is copied; the old version and its answers stay as they were.
    assert set(second.questions.values_list("key", flat=True)) == set(
        first.questions.values_list("key", flat=True)
    )
    item.refresh_from_db()
    assert item.text == "Насколько комфортным было общение с наставником?"
    given.refresh_from_db()
    assert given.questionnaire_version == first
    first.refresh_from_db()
    assert not first.is_current


def test_a_stale_edit_is_refused(curator: User) -> None:
    item = version_of("curator").questions.get(key="proposals")
    client = client_for(curator)
    seen = seen_on(client, edit_url(item))
    other = version_of("curator").questions.get(key="difficulties")
    client.post(edit_url(other), wording(other, seen, text="Трудности года"))

    response = client.post(edit_url(item), wording(item, seen, text="Предложения"))

    assert refused_as_stale(response)
    item.refresh_from_db()
    assert item.text.startswith("Предложения по совершенствованию")


def test_the_number_of_options_stays(curator: User) -> None:
    item = version_of("mentee-process").questions.get(key="meeting_frequency")
    client = client_for(curator)
    seen = seen_on(client, edit_url(item))

    response = client.post(edit_url(item), wording(item, seen, choices="часто\nредко"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    item.refresh_from_db()
    assert len(item.choices) == 4


def test_the_options_are_reworded(curator: User) -> None:
    item = version_of("mentee-process").questions.get(key="meeting_frequency")
    client = client_for(curator)
    seen = seen_on(client, edit_url(item))
    options = "еженедельно\nдважды в месяц\nежемесячно\nреже"

    client.post(edit_url(item), wording(item, seen, choices=options))

    item.refresh_from_db()
    assert item.choices == options.split("\n")


@pytest.mark.parametrize("persona", ["lead", "director", "methodist", "teacher"])
def test_only_the_curator_edits(persona: str, request: pytest.FixtureRequest) -> None:
    item = version_of("curator").questions.first()
    assert item is not None
    client = client_for(request.getfixturevalue(persona))

    assert client.get(edit_url(item)).status_code == 403
    assert client.post(edit_url(item), {"text": "Другое"}).status_code == 403
    assert client.get(add_url(item.version.questionnaire)).status_code == 403


def test_a_question_of_another_questionnaire_or_version_is_not_found(curator: User) -> None:
    item = version_of("curator").questions.get(key="proposals")
    swot = Questionnaire.objects.get(code="swot")
    old = version_of("swot").questions.get(key="threats")
    make_version("swot")
    client = client_for(curator)

    assert client.get(
        reverse("questionnaires:question-edit", args=[swot.pk, item.pk])
    ).status_code == (404)
    assert client.get(edit_url(old)).status_code == 404
    assert client.get(reverse("questionnaires:question-add", args=[999_999])).status_code == 404


def test_the_edit_pages_allow_get_and_post_only(curator: User) -> None:
    item = version_of("curator").questions.get(key="proposals")
    client = client_for(curator)

    assert client.put(edit_url(item)).status_code == 405
    assert client.delete(add_url(item.version.questionnaire)).status_code == 405


# --- Adding a question -------------------------------------------------------------------------


def test_a_question_is_added_at_the_end(curator: User) -> None:
    questionnaire = Questionnaire.objects.get(code="mentor-process")
    client = client_for(curator)
    seen = seen_on(client, add_url(questionnaire))

    response = client.post(add_url(questionnaire), new_question(seen))

    assert response.status_code == 302
    added = version_of("mentor-process").questions.order_by("position").last()
    assert added is not None
    assert (added.key, added.kind, added.position) == ("item-1", QuestionKind.SCALE, 17)
    assert (added.min_value, added.max_value, added.direction) == (1, 10, "higher")
    assert version_of("mentor-process").number == 1


def test_a_question_added_to_an_answered_version_makes_a_new_one(curator: User) -> None:
    first = version_of("adaptation-entry")
    answered(first)
    questionnaire = first.questionnaire
    client = client_for(curator)
    seen = seen_on(client, add_url(questionnaire))

    client.post(
        add_url(questionnaire),
        new_question(
            seen,
            key="mentor_help",
            kind=QuestionKind.SINGLE,
            choices="да\nчастично\nнет",
            direction="higher",
        ),
    )

    second = version_of("adaptation-entry")
    assert second.number == 2
    assert second.questions.count() == 8
    added = second.questions.get(key="mentor_help")
    assert (added.choices, added.direction) == (["да", "частично", "нет"], "none")
    assert first.questions.count() == 7


@pytest.mark.parametrize(
    "changes",
    [
        {"key": "comfort"},
        {"key": "Комфорт"},
        {"kind": QuestionKind.MULTIPLE, "choices": "одно"},
        {"kind": QuestionKind.NUMBER, "min_value": "5", "max_value": "2"},
        {"text": ""},
    ],
    ids=["key-taken", "key-not-latin", "one-option", "min-over-max", "no-text"],
)
def test_a_wrong_new_question_is_refused(curator: User, changes: dict[str, str]) -> None:
    questionnaire = Questionnaire.objects.get(code="mentor-process")
    client = client_for(curator)
    seen = seen_on(client, add_url(questionnaire))

    response = client.post(add_url(questionnaire), new_question(seen, **changes))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert version_of("mentor-process").questions.count() == 16


def test_a_stale_addition_is_refused(curator: User) -> None:
    version = version_of("swot")
    with pytest.raises(ValidationError) as refusal:
        add_question(
            version.questionnaire,
            seen="0",
            user=curator,
            key="",
            text="Ещё",
            help_text="",
            section="",
            kind=QuestionKind.TEXT,
            required=False,
        )

    assert is_stale(refusal.value)
    assert version.questions.count() == 4


def test_the_service_keeps_the_key_and_kind_of_an_edited_question() -> None:
    version = make_version(questions=[question("comfort"), question("valuable", "text")])
    answered(version)
    item = version.questions.get(key="comfort")

    saved = edit_question(
        item,
        seen=str(version.questionnaire.version),
        user=None,
        text="Новая формулировка",
        help_text="",
        section="Раздел",
        required=False,
    )

    assert (saved.key, saved.kind, saved.version.number) == ("comfort", "scale", 2)
    assert (saved.text, saved.section, saved.required) == ("Новая формулировка", "Раздел", False)
    assert item.version.questions.get(key="comfort").text == "Вопрос «comfort»"
