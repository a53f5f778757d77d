"""The loaded «Комплекс мер» matches the seed's table row for row.

The test reads the plan from a verbatim copy of the seed's last pages (below), parses it
independently of the data migration, and compares every section and item; a further test
checks the copy against the seed file itself where that file is present.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps as django_apps

from programs.models import ActionPlan, PlanItem, PlanRun, PlanSection

pytestmark = pytest.mark.django_db

SEED_FILE = Path(os.environ.get("NASTAVNIK_SEED", "/work/shared/seed/000_c1a2e60d810e1873.txt"))

# The seed from «УТВЕРЖДЕН» to its end, tabs written as \t; nothing is corrected here.
SEED_PLAN_TEXT = """\
УТВЕРЖДЕН
 Приказом директора КГБПОУ
 «Чегдомынский горно-
 технологический техникум»
 № 147 от 01.12.2020

Комплекс мер по совершенствованию наставничества в краевом
 государственном бюджетном профессиональном образовательном
 учреждении «Чегдомынский горно-технологический техникум» на период
 2020 – 2024 гг.

№ п/п\tМероприятие\tСроки\tОтветственные
1\t<p>Подготовка условий для запуска программы наставничества Задача: разработка и принятие нормативных и распорядительных документов, информирование о запуске программы наставничества; Результат: определены необходимые ресурсы (нормативные, кадровые, методические, материально-техническая база и т. д.) и возможные источники их привлечения (внутренние и внешние) для организации функционирования целевой модели наставничества</p>\t\t
1.1\tРазработан и принят пакет нормативных документов, регламентирующих организацию внедрения наставничества\tдекабрь 2020\tдиректор техникума, заместители директора
1.2\tИнформирование педагогического состава образовательной организации о реализации программы наставничества\tдекабрь 2020\tдиректор техникума, куратор программы
1.3\tИнформирование организаций и предприятий с целью о реализации программы наставничества\tянварь 2021\tдиректор техникума, куратор программы
1.4\tИнформирование обучающихся техникума реализуемой программе наставничества\tянварь 2021\tдиректор техникума, куратор программы
2\t<p>Формирование базы наставников и наставляемых Задача: выявление конкретных проблем, которые можно решить с помощью наставничества Результат: сформирована база наставляемых и наставников, определены направления деятельности наставнических пар</p>\t\t

2.1\tФормирование баз наставляемых\t\t
2.1.1.\tСтудентов- педагогическим советом, рабочей группой по представлению кураторов, преподавателей с учетом мнения студенческого Совета\tфевраль 2021 (уточнение ежегодно)\tкуратор программы
2.1.2.\tПедагогов- педагогическим советом\t\t
2.1.3.\tУчеников – куратором образовательной организацией\t\t
2.2\tФормирование базы наставников\t\t
2.2.1.\tСтудентов педагогическим советом, рабочей группой по представлению кураторов, преподавателей с учетом мнения студенческого Совета\tоктябрь (уточнение ежегодно)\tкуратор программы
2.2.2.\tПедагогов - педагогическим советом\t\t
2.2.3.\tРаботодателей – куратором индустриального партнера\t\t
2.3\tАнализ базы наставников и наставляемых\tапрель (ежегодно)\tкуратор программы
2.4.\tФормирование наставнических пар или групп, оформление реестра\tоктябрь (уточнение ежегодно)\tкуратор программы
3.0\tОсновные мероприятия реализации программы Наставничества\t\t
3.1\tОбучение наставников\t\t
3.1.1.\tстудентов\tЕжегодно март\tКуратор, методист
3.1.2.\tпреподавателей\tПо мере необходимости\tМетодист
3.1.3.\tработодателей\tПо согласованию с руководителями предприятий\tРуководитель реализации программы обучений
3.2\tОрганизация работы наставников и наставляемых в ходе образовательных и профориентационных проектах\t\t
3.2.1\tПрофориентационный фестиваль «Профи-трек»\tВ соответствии с планами работы на год\tКуратор программы, заместитель директора по УВР, педагог дополнительного
3.2.2.\tПрофильный лагерь «Школа юных горняков»\t\t
3.2.3.\tЧемпионат по решению инженерных\t\t

\tкейсов\t\tобразования
3.2.4.\tФорум «Горняцкая смена»\t\t
3.3.\tКомплекс мероприятий по организации наставнической работы в ходе практического обучения на предприятиях (организациях)\tВ соответствии с Учебными планами на год\t
3.4.\tРабота наставников при подготовке участников чемпионатов профессионального мастерства, чемпионатов «World Skills», «Абилимпикс» и др.\tВ соответствии с графиком проведения\tКуратор программы, преподаватели, мастера производственного обучения
3.5.\tОрганизация наставничества в ходе взаимодействия с образовательными организациями общего образования по реализации программ «Техникум-класс»\tВ соответствии с заключенными договорами\tКуратор программы, преподаватели
3.6.\tРазработка и реализация планов по адаптации молодого педагога\tПри вступлении в должность\tМетодист
\tУчастие техникума в региональных и всероссийских конкурсах по организации работы наставничества\tС выходом распорядительных документов\tРабочие группы
\tОсвещение хода реализации программы наставничества, лучших наставников, на сайте техникума\tВесь период\tКуратор программы, ответственные исполнители
\tПроведение мониторинга качества реализации программы наставничества\tВесь период\tКуратор программы"""  # noqa: E501  (a verbatim copy: the seed's rows are long)

TABLE_HEADER = "№ п/п\tМероприятие\tСроки\tОтветственные"

# Deadline as written -> (kind, month, year), as the issue documents them.
EXPECTED_DEADLINES: dict[str, tuple[str, int | None, int | None]] = {
    "декабрь 2020": ("fixed_month", 12, 2020),
    "январь 2021": ("fixed_month", 1, 2021),
    "февраль 2021 (уточнение ежегодно)": ("yearly_month", 2, 2021),
    "октябрь (уточнение ежегодно)": ("yearly_month", 10, None),
    "апрель (ежегодно)": ("yearly_month", 4, None),
    "Ежегодно март": ("yearly_month", 3, None),
    "По мере необходимости": ("on_demand", None, None),
    "При вступлении в должность": ("on_demand", None, None),
    "По согласованию с руководителями предприятий": ("by_schedule", None, None),
    "В соответствии с планами работы на год": ("by_schedule", None, None),
    "В соответствии с Учебными планами на год": ("by_schedule", None, None),
    "В соответствии с графиком проведения": ("by_schedule", None, None),
    "В соответствии с заключенными договорами": ("by_schedule", None, None),
    "С выходом распорядительных документов": ("by_schedule", None, None),
    "Весь период": ("whole_period", None, None),
}

# Sub-rows under a merged deadline cell -> the first row of their group.
MERGED_DEADLINE = {
    "2.1.2.": "2.1.1.",
    "2.1.3.": "2.1.1.",
    "2.2.2.": "2.2.1.",
    "2.2.3.": "2.2.1.",
    "3.2.2.": "3.2.1",
    "3.2.3.": "3.2.1",
    "3.2.4.": "3.2.1",
}
# Rows that only group their sub-rows: no deadline, no runs.
GROUP_ROWS = {"2.1", "2.2", "3.1", "3.2"}

# Items are keyed by number, the unnumbered ones by their first word.
EXPECTED_ROLES: dict[str, set[str]] = {
    "1.1": {"director", "curator"},
    "1.2": {"director", "curator"},
    "1.3": {"director", "curator"},
    "1.4": {"director", "curator"},
    "2.1": set(),
    "2.1.1.": {"curator"},
    "2.1.2.": {"curator"},
    "2.1.3.": {"curator"},
    "2.2": set(),
    "2.2.1.": {"curator"},
    "2.2.2.": {"curator"},
    "2.2.3.": {"curator"},
    "2.3": {"curator"},
    "2.4.": {"curator"},
    "3.1": set(),
    "3.1.1.": {"curator", "methodist"},
    "3.1.2.": {"methodist"},
    "3.1.3.": {"curator"},
    "3.2": set(),
    "3.2.1": {"curator"},
    "3.2.2.": {"curator"},
    "3.2.3.": {"curator"},
    "3.2.4.": {"curator"},
    "3.3.": {"curator"},
    "3.4.": {"curator", "teacher"},
    "3.5.": {"curator", "teacher"},
    "3.6.": {"methodist"},
    "Участие": {"curator"},
    "Освещение": {"curator"},
    "Проведение": {"curator"},
}


@dataclass
class SeedRow:
    number: str
    wording: str
    deadline: str
    responsible: str


def _lines() -> list[str]:
    return SEED_PLAN_TEXT.split("\n")


def _table_rows() -> list[SeedRow]:
    """The table's rows as the seed has them, with the one row the PDF broke joined again."""
    lines = _lines()
    rows: list[SeedRow] = []
    for line in lines[lines.index(TABLE_HEADER) + 1 :]:
        if not line.strip():
            continue
        number, wording, deadline, responsible = (line.split("\t") + ["", "", ""])[:4]
        if not number and wording[:1].islower():
            # «3.2.3. Чемпионат по решению инженерных» goes on with «кейсов»; the «образования»
            # beside it ends the merged responsible cell last filled (3.2.1's).
            assert not deadline, line
            rows[-1].wording += f" {wording}"
            filled = next(row for row in reversed(rows) if row.responsible)
            filled.responsible += f" {responsible}"
            continue
        rows.append(SeedRow(number, wording, deadline, responsible))
    return rows


def _is_section(number: str) -> bool:
    return bool(number) and ("." not in number or number.endswith(".0"))


def _heading(text: str) -> tuple[str, str, str]:
    """Title, task and result of a section row («<p>Title Задача: … Результат: …</p>»)."""
    text = text.removeprefix("<p>").removesuffix("</p>")
    if "Задача:" not in text:
        return text, "", ""
    title, rest = text.split("Задача:")
    task, result = rest.split("Результат:")
    return title.strip(), task.strip().rstrip(";").rstrip(), result.strip()


def _seed_sections() -> list[tuple[str, str, str, str]]:
    return [
        (row.number, *_heading(row.wording)) for row in _table_rows() if _is_section(row.number)
    ]


def _seed_items() -> list[tuple[str, str, str, str, str]]:
    """(section, number, wording, deadline, responsible) of every item row, in order."""
    items = []
    section = ""
    for row in _table_rows():
        if _is_section(row.number):
            section = row.number
        else:
            items.append((section, row.number, row.wording, row.deadline, row.responsible))
    return items


def _seed_title() -> str:
    lines = _lines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Комплекс мер по"))
    last = lines.index("", first)
    return " ".join(line.strip() for line in lines[first:last])


def _plan() -> ActionPlan:
    return ActionPlan.objects.get(title=_seed_title())


def _loaded_sections(plan: ActionPlan) -> list[tuple[str, str, str, str]]:
    return list(plan.sections.order_by("position").values_list("number", "title", "task", "result"))


def _loaded_items(plan: ActionPlan) -> list[tuple[str, str, str, str, str]]:
    return list(
        plan.items.order_by("position").values_list(
            "section__number", "number", "wording", "deadline_text", "responsible_text"
        )
    )


def _key(item: PlanItem) -> str:
    return item.number or item.wording.split()[0]


def _structured(item: PlanItem) -> tuple[str, int | None, int | None]:
    return item.deadline_kind, item.deadline_month, item.deadline_year


def test_the_copy_is_the_seed() -> None:
    if not SEED_FILE.exists():
        pytest.skip(f"the seed document is not at {SEED_FILE} (set NASTAVNIK_SEED)")
    assert SEED_FILE.read_text(encoding="utf-8").rstrip("\n").endswith(SEED_PLAN_TEXT)


def test_the_parser_reads_the_whole_table() -> None:
    items = _seed_items()
    assert [number for number, *_rest in _seed_sections()] == ["1", "2", "3.0"]
    assert len(items) == 30
    assert [number for _section, number, *_rest in items][-4:] == ["3.6.", "", "", ""]
    wordings = [wording for _section, _number, wording, *_rest in items]
    assert "Чемпионат по решению инженерных кейсов" in wordings
    assert "кейсов" not in wordings


def test_plan_header() -> None:
    plan = _plan()
    assert plan.title == (
        "Комплекс мер по совершенствованию наставничества в краевом государственном бюджетном "
        "профессиональном образовательном учреждении «Чегдомынский горно-технологический "
        "техникум» на период 2020 – 2024 гг."
    )
    assert plan.starts_on == dt.date(2020, 12, 1)
    assert plan.ends_on == dt.date(2024, 12, 31)
    approval = next(line.strip() for line in _lines() if line.strip().startswith("№ 147"))
    assert plan.approved_by == (
        f"Приказ директора КГБПОУ «Чегдомынский горно-технологический техникум» {approval}"
    )
    assert ActionPlan.objects.filter(title=plan.title).count() == 1


def test_sections_match_the_seed() -> None:
    assert _loaded_sections(_plan()) == _seed_sections()


def test_section_headings_parsed() -> None:
    sections = {number: (title, task, result) for number, title, task, result in _seed_sections()}
    assert sections["1"][0] == "Подготовка условий для запуска программы наставничества"
    assert sections["1"][1].endswith("информирование о запуске программы наставничества")
    assert sections["1"][2].startswith("определены необходимые ресурсы (нормативные")
    assert sections["2"][1] == (
        "выявление конкретных проблем, которые можно решить с помощью наставничества"
    )
    assert sections["3.0"] == ("Основные мероприятия реализации программы Наставничества", "", "")


def test_items_match_the_seed_row_for_row() -> None:
    loaded = _loaded_items(_plan())
    seed = _seed_items()
    assert len(loaded) == len(seed) == 30
    for position, (loaded_row, seed_row) in enumerate(zip(loaded, seed, strict=True), start=1):
        assert loaded_row == seed_row, f"row {position}"


def test_broken_rows_joined() -> None:
    plan = _plan()
    assert plan.items.get(number="3.2.3.").wording == "Чемпионат по решению инженерных кейсов"
    assert plan.items.get(number="3.2.1").responsible_text == (
        "Куратор программы, заместитель директора по УВР, педагог дополнительного образования"
    )


@pytest.mark.parametrize("field", ["number", "wording", "deadline_text", "responsible_text"])
def test_the_comparison_catches_a_changed_word(field: str) -> None:
    plan = _plan()
    item = plan.items.get(number="3.4.")
    setattr(item, field, getattr(item, field).replace("а", "о", 1) + "ы")
    item.save()
    assert _loaded_items(plan) != _seed_items()


def test_positions_follow_the_seed() -> None:
    plan = _plan()
    assert list(plan.sections.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    assert list(plan.items.order_by("position").values_list("position", flat=True)) == list(
        range(1, 31)
    )


def test_sub_rows_have_their_parent() -> None:
    for item in _plan().items.select_related("parent"):
        parts = item.number.rstrip(".").split(".")
        if len(parts) == 3:
            assert item.parent is not None, item.number
            assert item.parent.number.rstrip(".") == ".".join(parts[:2]), item.number
        else:
            assert item.parent is None, item.number


def test_every_deadline_of_the_seed_is_documented() -> None:
    written = {deadline for *_rest, deadline, _responsible in _seed_items() if deadline}
    assert written == set(EXPECTED_DEADLINES)


def test_written_deadlines_map_to_their_kind() -> None:
    items = _plan().items.exclude(deadline_text="")
    assert items.count() == 19
    for item in items:
        assert _structured(item) == EXPECTED_DEADLINES[item.deadline_text], _key(item)


def test_merged_and_group_rows() -> None:
    plan = _plan()
    empty = {item.number: item for item in plan.items.filter(deadline_text="")}
    assert set(empty) == set(MERGED_DEADLINE) | GROUP_ROWS
    for number, first in MERGED_DEADLINE.items():
        first_row = plan.items.get(number=first)
        assert first_row.deadline_text
        assert _structured(empty[number]) == _structured(first_row), number
        assert empty[number].responsible_text == ""
    for number in GROUP_ROWS:
        assert _structured(empty[number]) == ("", None, None), number
        assert empty[number].children.exists(), number
        assert not empty[number].runs.exists(), number


def test_row_three_three_has_its_deadline_and_no_responsible_text() -> None:
    item = _plan().items.get(number="3.3.")
    assert _structured(item) == ("by_schedule", None, None)
    assert item.responsible_text == ""


def test_responsible_roles() -> None:
    loaded = {
        _key(item): {group.name for group in item.responsible_roles.all()}
        for item in _plan().items.prefetch_related("responsible_roles")
    }
    assert loaded == EXPECTED_ROLES


def _snapshot(plan: ActionPlan) -> tuple[list[dict[str, object]], ...]:
    return (
        list(PlanSection.objects.filter(plan=plan).order_by("id").values()),
        list(PlanItem.objects.filter(plan=plan).order_by("id").values()),
        list(PlanRun.objects.filter(item__plan=plan).order_by("id").values()),
        list(
            PlanItem.responsible_roles.through.objects.filter(planitem__plan=plan)
            .order_by("id")
            .values("planitem_id", "group_id")
        ),
    )


def _migration() -> ModuleType:
    return importlib.import_module("programs.migrations.0004_load_action_plan_2020_2024")


def test_loading_again_changes_nothing() -> None:
    plan = _plan()
    before = _snapshot(plan)
    _migration().load_plan(django_apps, None)
    assert ActionPlan.objects.filter(title=plan.title).count() == 1
    assert _snapshot(plan) == before


def test_reverse_removes_the_plan() -> None:
    title = _seed_title()
    _migration().unload_plan(django_apps, None)
    assert not ActionPlan.objects.filter(title=title).exists()
    assert not PlanItem.objects.filter(plan__title=title).exists()
    _migration().load_plan(django_apps, None)
    assert _loaded_items(_plan()) == _seed_items()
