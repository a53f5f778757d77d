"""The data migration loads the five formats of the Положение and their variants."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps

from programs.models import FormatVariant, MentoringFormat

pytestmark = pytest.mark.django_db

FORMAT_TEXT_FIELDS = (
    "title",
    "description",
    "goal",
    "tasks",
    "mentor_requirements",
    "mentee_requirements",
    "implementation",
    "expected_results",
    "decision_rule",
)
VARIANT_TEXT_FIELDS = (
    "title",
    "description",
    "goal",
    "tasks",
    "mentor_requirements",
    "mentee_requirements",
    "expected_results",
)

EXPECTED_FORMATS = [
    ("student_student", "студент – студент", "3.1.1"),
    ("teacher_teacher", "педагог – педагог", "3.1.2"),
    ("teacher_student", "педагог – студент", "3.1.3"),
    ("student_pupil", "студент – ученик", "3.1.4"),
    ("employer_student", "работодатель – студент", "3.1.5"),
]

EXPECTED_VARIANTS = {
    "student_student": [
        ("achiever_underachiever", "успевающий – неуспевающий", ""),
        ("leader_passive", "лидер – пассивный", ""),
        ("peer_to_peer", "равный – равному", ""),
    ],
    "teacher_teacher": [],
    "teacher_student": [
        ("gifted", "педагог – высокомотивированный студент", "3.1.3.1"),
        ("disabilities", "педагог – студент с ОВЗ", "3.1.3.2"),
        ("risk_group", "педагог – студент из группы риска", "3.1.3.3"),
    ],
    "student_pupil": [
        ("passive", "пассивный", ""),
        ("active", "активный", ""),
    ],
    "employer_student": [],
}

DOUBLED_WORD = re.compile(r"\b(\w{3,})\s+\1\b", re.IGNORECASE)


def _format(code: str) -> MentoringFormat:
    return MentoringFormat.objects.get(code=code)


def _variant(format_code: str, code: str) -> FormatVariant:
    return FormatVariant.objects.get(format__code=format_code, code=code)


def test_five_formats_in_order() -> None:
    rows = list(
        MentoringFormat.objects.order_by("position").values_list("code", "title", "section")
    )
    assert rows == EXPECTED_FORMATS
    assert list(MentoringFormat.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("format_code", list(EXPECTED_VARIANTS))
def test_variants_per_format(format_code: str) -> None:
    variants = _format(format_code).variants.order_by("position")
    assert list(variants.values_list("code", "title", "section")) == EXPECTED_VARIANTS[format_code]
    assert list(variants.values_list("position", flat=True)) == list(
        range(1, len(EXPECTED_VARIANTS[format_code]) + 1)
    )


def test_flags() -> None:
    assert list(
        FormatVariant.objects.filter(requires_disability_course=True).values_list("code", flat=True)
    ) == ["disabilities"]
    assert set(
        FormatVariant.objects.filter(is_special_category=True).values_list("code", flat=True)
    ) == {"disabilities", "risk_group"}
    assert FormatVariant.objects.count() == 8


def test_goal_and_expected_results_filled_except_teacher_student() -> None:
    for fmt in MentoringFormat.objects.exclude(code="teacher_student"):
        assert fmt.goal.strip(), fmt.code
        assert fmt.expected_results.strip(), fmt.code
        assert fmt.description.startswith(f'Форма наставничества "{fmt.title.replace("–", "-")}"')
        assert fmt.decision_rule.strip(), fmt.code
    teacher_student = _format("teacher_student")
    assert teacher_student.description.startswith('Форма наставничества "педагог - студент"')
    assert teacher_student.goal == ""
    assert teacher_student.tasks == ""
    assert teacher_student.expected_results == ""
    assert teacher_student.mentor_requirements == ""
    assert teacher_student.mentee_requirements == ""
    for variant in teacher_student.variants.all():
        assert variant.goal.startswith("Цель реализации формы наставничества"), variant.code
        assert variant.task_list, variant.code
        assert variant.mentor_requirements.startswith("Наставник"), variant.code
        assert variant.mentee_requirements.startswith("Наставляем"), variant.code
        assert variant.expected_results.strip(), variant.code


def test_decision_rules_from_section_five() -> None:
    student_student = _format("student_student")
    assert "При формировании пар «студент – студент» учитывается мнение студенческого совета" in (
        student_student.decision_rule
    )
    for code in ("student_student", "teacher_teacher", "teacher_student"):
        assert _format(code).decision_rule.startswith(
            "При реализации форм «студент – студент», «педагог – педагог», «педагог – студент» "
            "решением педагогического совета или рабочей группы."
        )
    assert "с учетом мнения куратора от образовательной организации" in (
        _format("student_pupil").decision_rule
    )
    assert "решением работодателя согласованного с техникумом" in (
        _format("employer_student").decision_rule
    )


def test_distinctive_phrases_in_the_right_fields() -> None:
    assert "курсы повышения квалификации по вопросам образования обучающихся с ОВЗ" in (
        _variant("teacher_student", "disabilities").mentor_requirements
    )
    assert "обучающиеся с ОВЗ (инвалидностью)" in (
        _variant("teacher_student", "disabilities").mentee_requirements
    )
    assert "одаренный обучающийся, который выделяется" in (
        _variant("teacher_student", "gifted").mentee_requirements
    )
    assert _variant("student_student", "achiever_underachiever").description == (
        "поддержка для достижения лучших образовательных результатов"
    )
    assert _variant("student_pupil", "passive").description.startswith(
        "низкомотивированный, дезориентированный школьник"
    )
    assert _variant("student_pupil", "active").description.startswith("мотивированный к получению")

    student_student = _format("student_student")
    assert student_student.task_list[0].startswith("создание актива студентов в группах")
    assert len(student_student.task_list) == 7
    assert "ведется в режиме внеурочной деятельности" in student_student.implementation
    assert "В Техникуме эта форма может быть реализована" in student_student.implementation
    assert "победитель олимпиад и конкурсов локального, краевого уровней" in (
        student_student.mentor_requirements
    )
    assert not student_student.expected_results.startswith("Ожидаемые результаты")

    teacher_teacher = _format("teacher_teacher")
    assert len(teacher_teacher.task_list) == 4
    assert teacher_teacher.implementation.startswith(
        "Задачи наставника могут быть определены следующим образом:"
    )
    assert "сопровождение, индивидуальные консультации" in teacher_teacher.implementation
    assert "сопровождение, индивидуальные консультации" not in teacher_teacher.tasks

    assert "бизнес-проектирование" in _format("employer_student").implementation
    assert "о следующей ступени образования" in _format("student_pupil").goal


def test_no_doubled_words_or_extraction_artefacts() -> None:
    texts = [
        (fmt.code, field, getattr(fmt, field))
        for fmt in MentoringFormat.objects.all()
        for field in FORMAT_TEXT_FIELDS
    ] + [
        (variant.code, field, getattr(variant, field))
        for variant in FormatVariant.objects.all()
        for field in VARIANT_TEXT_FIELDS
    ]
    for code, field, text in texts:
        assert not DOUBLED_WORD.search(text), (code, field, DOUBLED_WORD.search(text))
        assert '""' not in text, (code, field)
        assert "\n\n" not in text, (code, field)
        for line in text.splitlines():
            assert line == line.strip(), (code, field, line)
    for model in (MentoringFormat, FormatVariant):
        for obj in model.objects.all():
            for task in obj.task_list:
                assert not task.startswith("- "), (obj.code, task)
                assert not task.endswith(";"), (obj.code, task)


def test_loading_again_changes_nothing() -> None:
    migration = importlib.import_module("programs.migrations.0002_load_formats")
    before = list(FormatVariant.objects.order_by("id").values())
    migration.load_formats(django_apps, None)
    assert MentoringFormat.objects.count() == 5
    assert list(FormatVariant.objects.order_by("id").values()) == before


def test_reverse_removes_the_formats_and_their_variants() -> None:
    migration = importlib.import_module("programs.migrations.0002_load_formats")
    migration.unload_formats(django_apps, None)
    assert not MentoringFormat.objects.exists()
    assert not FormatVariant.objects.exists()
    migration.load_formats(django_apps, None)
    assert MentoringFormat.objects.count() == 5
    assert FormatVariant.objects.count() == 8
