"""reports/migrations/0004: the ten questionnaires of monitoring, as the app relies on them."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from reports.models import (
    Direction,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    QuestionTag,
)

pytestmark = pytest.mark.django_db

MIGRATION = import_module("reports.migrations.0004_load_questionnaires")

# code: (items, source, stage, respondent)
EXPECTED = {
    "mentee-process": (16, "МР-42/02, приложение 2", 1, "mentee"),
    "mentor-process": (16, "МР-42/02, приложение 2", 1, "mentor"),
    "curator": (12, "МР-42/02, приложение 2", 1, "curator"),
    "swot": (4, "МР-42/02, приложение 2", 1, "curator"),
    "mentee-growth-entry": (8, "МР-42/02, приложение 2", 2, "mentee"),
    "mentee-growth-exit": (8, "МР-42/02, приложение 2", 2, "mentee"),
    "mentor-growth-entry": (7, "МР-42/02, приложение 2", 2, "mentor"),
    "mentor-growth-exit": (7, "МР-42/02, приложение 2", 2, "mentor"),
    "adaptation-entry": (7, "разработано в ОО", 2, "mentee"),
    "adaptation-exit": (7, "разработано в ОО", 2, "mentee"),
}


def keys(code: str) -> dict[str, Question]:
    return {
        q.key: q
        for q in Question.objects.filter(
            version__questionnaire__code=code, version__is_current=True
        )
    }


def test_every_questionnaire_is_loaded_as_version_1() -> None:
    loaded = {
        q.code: (q.versions.get().questions.count(), q.source, q.stage, q.respondent)
        for q in Questionnaire.objects.prefetch_related("versions")
    }

    assert loaded == EXPECTED
    assert set(QuestionnaireVersion.objects.values_list("number", "is_current")) == {(1, True)}


@pytest.mark.parametrize("stage", ["mentee-growth", "mentor-growth", "adaptation"])
def test_entry_and_exit_items_pair_up_by_key(stage: str) -> None:
    entry, exit = keys(f"{stage}-entry"), keys(f"{stage}-exit")

    assert entry.keys() == exit.keys()
    for key, item in entry.items():
        assert (item.kind, item.direction, item.tag, item.staff_only) == (
            exit[key].kind,
            exit[key].direction,
            exit[key].tag,
            exit[key].staff_only,
        ), key


def test_anxiety_and_workload_are_better_lower() -> None:
    lower = set(
        Question.objects.filter(direction=Direction.LOWER).values_list(
            "version__questionnaire__code", "key"
        )
    )

    assert lower == {
        ("mentee-growth-entry", "anxiety"),
        ("mentee-growth-exit", "anxiety"),
        ("mentor-growth-entry", "workload"),
        ("mentor-growth-exit", "workload"),
        ("adaptation-entry", "workload"),
        ("adaptation-exit", "workload"),
    }


def test_the_tags_the_indicators_count_by() -> None:
    mentee = keys("mentee-process")

    assert {key: q.tag for key, q in mentee.items() if q.tag} == {
        "comfort": QuestionTag.COMFORT,
        "individual_meetings": QuestionTag.USEFULNESS,
        "clarity": QuestionTag.CLARITY,
        "satisfaction": QuestionTag.SATISFACTION,
        "expectations": QuestionTag.EXPECTATIONS,
        "meeting_frequency": QuestionTag.MEETING_FREQUENCY,
        "liked": QuestionTag.LIKED,
        "continue": QuestionTag.CONTINUE,
        "become_mentor": QuestionTag.BECOME_MENTOR,
    }
    assert keys("adaptation-exit")["stay"].kind == QuestionKind.YES_NO
    assert keys("adaptation-exit")["stay"].tag == QuestionTag.STAY
    grade = keys("mentee-growth-entry")["grade_average"]
    assert (grade.kind, grade.tag, grade.staff_only, grade.required) == (
        QuestionKind.NUMBER,
        QuestionTag.GRADE_AVERAGE,
        True,
        False,
    )
    assert [q.staff_only for q in Question.objects.all()].count(True) == 2


def test_the_swot_has_its_four_open_lists() -> None:
    swot = keys("swot")

    assert list(swot) == ["strengths", "weaknesses", "opportunities", "threats"]
    assert {q.kind for q in swot.values()} == {QuestionKind.TEXT}


def test_scales_are_1_to_10_and_choices_have_options() -> None:
    for question in Question.objects.all():
        if question.kind == QuestionKind.SCALE:
            assert (question.min_value, question.max_value) == (1, 10), question.key
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            assert len(question.choices) >= 2, question.key
        else:
            assert question.choices == [], question.key
        assert question.text and question.text[0].isupper(), question.key


def test_the_adaptation_questionnaires_are_for_teacher_teacher_only() -> None:
    formats = dict(Questionnaire.objects.values_list("code", "format_codes"))

    assert formats["adaptation-entry"] == formats["adaptation-exit"] == ["teacher_teacher"]
    assert "teacher_teacher" not in formats["mentee-growth-entry"]
    assert formats["mentee-process"] == []


def test_loading_again_changes_nothing_and_the_reverse_deletes_them() -> None:
    MIGRATION.load_questionnaires(apps, None)
    assert Questionnaire.objects.count() == 10
    assert Question.objects.count() == sum(items for items, *_rest in EXPECTED.values())

    MIGRATION.unload_questionnaires(apps, None)

    assert not Questionnaire.objects.exists()
    assert not Question.objects.exists()
