from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from registry.imports.applying import import_file
from registry.imports.planning import Action, read_and_plan
from registry.imports.reading import MAX_ROWS, read_table
from registry.imports.specs import ImportKind, RowError
from registry.models import (
    PERSON_DETAILS,
    Person,
    PersonKind,
    Specialty,
    Student,
    StudentStatus,
    StudyGroup,
    Teacher,
    TeacherPosition,
)
from tests.factories import SpecialtyFactory, StudentFactory, StudyGroupFactory, TeacherFactory
from tests.registry.imports.files import (
    STUDENT_HEADER,
    TEACHER_HEADER,
    csv_bytes,
    student,
    teacher,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

STUDENTS = ImportKind.STUDENTS
TEACHERS = ImportKind.TEACHERS


@pytest.fixture
def group() -> StudyGroup:
    return StudyGroupFactory(name="ПР-25", course=1, specialty=SpecialtyFactory(code="21.02.17"))


def import_students(data: bytes, filename: str = "students.csv"):  # type: ignore[no-untyped-def]
    return import_file(kind=STUDENTS, data=data, filename=filename)


def refusal_of(data: bytes, filename: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        read_table(data, filename)
    return refused.value


# --- Reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1251", ";"), ("cp1251", ","), ("utf-8", "\t")],
)
def test_reads_csv_in_each_encoding_and_delimiter(encoding: str, delimiter: str) -> None:
    data = csv_bytes([student("Ёлкин")], delimiter=delimiter, encoding=encoding)

    table = read_table(data, "students.csv")

    assert table.header == STUDENT_HEADER
    assert table.rows == [(2, student("Ёлкин"))]


def test_reads_xlsx_date_cells_and_numbers() -> None:
    born = dt.datetime(2009, 5, 14)  # noqa: DTZ001 - a spreadsheet's dates are naive
    data = xlsx_bytes([["Иванов", "Иван", "", born, 123456, "ПР-25", 1, "21.02.17"]])

    table = read_table(data, "Студенты.XLSX")

    assert table.rows[0] == (
        2,
        ["Иванов", "Иван", "", dt.date(2009, 5, 14), "123456", "ПР-25", "1", "21.02.17"],
    )


def test_rows_are_numbered_as_the_spreadsheet_shows_them() -> None:
    data = xlsx_bytes([student("Первый", "1"), [], [], student("Второй", "2")])

    table = read_table(data, "students.xlsx")

    assert [number for number, _cells in table.rows] == [2, 5]


def test_a_blank_csv_line_keeps_the_row_numbers() -> None:
    data = csv_bytes([student("Первый", "1"), [], student("Второй", "2")])

    assert [number for number, _cells in read_table(data, "a.csv").rows] == [2, 4]


# --- Bad files ---------------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "students.xls"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "students.pdf"),
        (b"%PDF-1.7\n", "students.csv"),
        (_png(), "students.png"),
        (_png(), "students.csv"),
        (_zip("word/document.xml"), "students.docx"),
        (_zip("word/document.xml"), "students.xlsx"),
        (_zip("notes.txt"), "students.zip"),
        (_zip("notes.txt"), "students.csv"),
        (b"PK\x03\x04 broken", "students.xlsx"),
        (csv_bytes([student()]), "students.xlsx"),
        (csv_bytes([student()]), "students"),
        (b"\x01\x02\x03 binary \x04\x05", "students.csv"),
    ],
    ids=[
        "xls",
        "pdf",
        "pdf-named-csv",
        "png",
        "png-named-csv",
        "docx",
        "docx-named-xlsx",
        "zip",
        "zip-named-csv",
        "broken-zip",
        "csv-named-xlsx",
        "no-extension",
        "binary",
    ],
)
def test_a_file_of_another_type_is_refused(data: bytes, filename: str) -> None:
    refusal = refusal_of(data, filename)

    assert refusal.messages == ["Файл не похож на таблицу XLSX или CSV."]


def test_utf16_is_refused_as_a_wrong_encoding() -> None:
    refusal = refusal_of(csv_bytes([student()], encoding="utf-16"), "students.csv")

    assert refusal.code == "encoding"
    assert "Кодировка файла не распознана" in refusal.messages[0]


def test_koi8_text_is_refused_as_maybe_a_wrong_encoding() -> None:
    header = [name.replace("№", "Номер") for name in STUDENT_HEADER]
    data = csv_bytes([student()], header=header, encoding="koi8_r")

    with pytest.raises(ValidationError) as refused:
        read_and_plan(kind=STUDENTS, data=data, filename="students.csv")

    assert refused.value.code == "headers"
    assert "возможно, файл в другой кодировке" in refused.value.messages[0]
    assert Student.objects.count() == 0


def test_a_file_larger_than_the_limit_is_refused(settings: pytest.FixtureRequest) -> None:
    settings.IMPORT_MAX_BYTES = 100
    data = csv_bytes([student(str(n), str(n)) for n in range(10)])

    refusal = refusal_of(data, "students.csv")

    assert refusal.code == "too_large"
    assert refusal.messages[0].endswith("файлы больше 100\xa0байт не принимаются.")


def test_more_rows_than_the_limit_are_refused() -> None:
    data = csv_bytes([student(f"Студент{n}", str(n)) for n in range(MAX_ROWS + 1)])

    refusal = refusal_of(data, "students.csv")

    assert refusal.messages == ["В файле больше 10\xa0000 строк с данными: разделите его на части."]


def test_an_empty_file_is_refused() -> None:
    assert refusal_of(b"", "students.csv").code == "no_header"


# --- Header -----------------------------------------------------------------------------------


def test_headers_match_in_any_case_with_yo_as_ye_and_aliases(group: StudyGroup) -> None:
    header = [" ФАМИЛИЯ ", "имя", "Номер зачетной книжки", "группа", "Статус*"]
    data = csv_bytes([["Ёлкин", "Пётр", "25-777", "пр-25", "Обучается"]], header=header)

    plan = import_students(data)

    assert plan.errors == []
    created = Student.objects.get(record_book="25-777")
    assert (created.last_name, created.group, created.status) == (
        "Ёлкин",
        group,
        StudentStatus.STUDYING,
    )


def test_an_unknown_or_repeated_column_is_an_error_of_the_header_row(group: StudyGroup) -> None:
    header = [*STUDENT_HEADER, "Телефон", "имя"]
    data = csv_bytes([[*student(), "555", "Иван"]], header=header)

    plan = import_students(data)

    assert [(e.row, e.column) for e in plan.errors] == [(1, "Телефон"), (1, "имя")]
    assert plan.errors[0].message.startswith("Неизвестный столбец. Столбцы этого файла: «Фамилия»")
    assert plan.errors[1].message == "Столбец повторяется."
    assert Student.objects.count() == 0


def test_a_missing_required_column_is_an_error(group: StudyGroup) -> None:
    header = ["Фамилия", "Имя", "Группа"]

    plan = import_students(csv_bytes([["Иванов", "Иван", "ПР-25"]], header=header))

    assert plan.errors == [RowError(1, "№ зачётной книжки", "Нет обязательного столбца.")]
    assert Student.objects.count() == 0


def test_values_under_no_header_are_an_error(group: StudyGroup) -> None:
    header = [*STUDENT_HEADER, "", ""]

    plan = import_students(csv_bytes([[*student(), "", "лишнее"]], header=header))

    assert plan.errors == [RowError(1, "столбец 11", "В столбце есть значения, но нет заголовка.")]


# --- Rows -------------------------------------------------------------------------------------


def test_imports_new_students(group: StudyGroup) -> None:
    data = csv_bytes([student("Иванов", "25-001"), student("Петров", "25-002")])

    plan = import_students(data)

    assert (plan.errors, plan.created, plan.updated, plan.unchanged) == ([], 2, 0, 0)
    ivanov = Student.objects.get(record_book="25-001")
    assert ivanov.full_name == "Иванов Иван Иванович"
    assert ivanov.search_name == "иванов иван иванович"
    assert ivanov.birth_date == dt.date(2009, 5, 14)
    assert ivanov.group == group
    assert ivanov.status == StudentStatus.STUDYING


def test_imported_people_are_whole_people_of_their_kind(group: StudyGroup) -> None:
    """Written in bulk, past `Person.save`: the kind, the search key and both rows are set."""
    data = csv_bytes([student("Ёлкин", "25-001"), student("Петров", "25-002")])

    import_students(data)

    people = Person.objects.order_by("last_name").select_related(*PERSON_DETAILS)
    assert [(p.kind, p.search_name) for p in people] == [
        (PersonKind.STUDENT, "елкин иван иванович"),
        (PersonKind.STUDENT, "петров иван иванович"),
    ]
    assert [p.concrete.record_book for p in people] == ["25-001", "25-002"]  # type: ignore[attr-defined]
    assert list(Person.objects.search("елкин")) == [people[0]]


def test_the_import_writes_in_a_few_queries_whatever_the_rows(group: StudyGroup) -> None:
    data = csv_bytes([student(f"Студентов{n}", f"25-{n:03d}") for n in range(300)])

    with CaptureQueriesContext(connection) as captured:
        plan = import_students(data)

    assert plan.created == 300
    # A few reads, the people in batches (SQLite takes 999 parameters a query, ~110 people),
    # the students in one executemany: not two INSERTs a student.
    assert len(captured) <= 15


def test_a_changed_row_is_written_in_bulk_with_its_search_key(group: StudyGroup) -> None:
    StudentFactory(last_name="Петров", record_book="25-002", group=group)
    data = csv_bytes([student("Петров-Водкин", "25-002"), student("Иванов", "25-003")])

    plan = import_students(data)

    assert (plan.created, plan.updated) == (1, 1)
    renamed = Student.objects.get(record_book="25-002")
    assert renamed.search_name == "петров-водкин иван иванович"
    assert (renamed.kind, renamed.group) == (PersonKind.STUDENT, group)


def test_broken_rows_are_listed_and_nothing_is_imported(group: StudyGroup) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    data = csv_bytes(
        [
            student("Иванов", "25-001"),
            student("", "25-002"),
            student("Сидоров", "25-003", born="31.02.2009"),
            student("Козлов", "25-004", born="2009/05/14"),
            student("Смирнов", "25-005", group="ЭМ-99"),
            student("Орлов", "25-006", born=tomorrow),
            student("Зайцев", "25-007", status="на каникулах"),
            student("Волков", "25-001"),
            student("Лебедев", ""),
            student("Соколов", "25-008", course="7"),
        ]
    )

    plan = import_students(data)

    assert [(e.row, e.column, e.value, e.message) for e in plan.errors] == [
        (3, "Фамилия", "", "Обязательное значение не заполнено."),
        (4, "Дата рождения", "31.02.2009", "Такой даты нет."),
        (5, "Дата рождения", "2009/05/14", "Это не дата: укажите её в виде ДД.ММ.ГГГГ."),
        (
            6,
            "Группа",
            "ЭМ-99",
            "Такой группы нет. Чтобы создать её, укажите курс (от 1 до 6) и код существующей "
            "специальности.",
        ),
        (7, "Дата рождения", tomorrow, "Дата рождения в будущем."),
        (
            8,
            "Статус",
            "на каникулах",
            "Неизвестный статус. Возможные: «обучается», «в академическом отпуске», "
            "«выпущен», «отчислен», «переведён».",
        ),
        (9, "№ зачётной книжки", "25-001", "Этот номер уже есть в строке 2 файла."),
        (10, "№ зачётной книжки", "", "Обязательное значение не заполнено."),
        (11, "Курс", "7", "Курс — число от 1 до 6."),
    ]
    assert Student.objects.count() == 0


def test_too_long_a_value_is_an_error(group: StudyGroup) -> None:
    plan = import_students(csv_bytes([student("Я" * 101)]))

    assert [(e.column, e.message) for e in plan.errors] == [("Фамилия", "Не больше 100 символов.")]


def test_iso_and_xlsx_dates_are_read(group: StudyGroup) -> None:
    data = xlsx_bytes(
        [
            ["Иванов", "Иван", "", "2009-05-14", "25-001", "ПР-25"],
            ["Петров", "Пётр", "", dt.date(2008, 1, 2), "25-002", "ПР-25"],
        ]
    )

    assert import_students(data, "students.xlsx").errors == []
    assert Student.objects.get(record_book="25-001").birth_date == dt.date(2009, 5, 14)
    assert Student.objects.get(record_book="25-002").birth_date == dt.date(2008, 1, 2)


def test_reimporting_the_same_file_changes_nothing(group: StudyGroup) -> None:
    data = csv_bytes([student("Иванов", "25-001"), student("Петров", "25-002")])
    import_students(data)

    with CaptureQueriesContext(connection) as queries:
        plan = import_students(data)

    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)
    assert {row.action for row in plan.rows} == {Action.UNCHANGED}
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_a_changed_field_updates_the_student(group: StudyGroup) -> None:
    other = StudyGroupFactory(name="ПР-24", course=2)
    existing = StudentFactory(
        last_name="Иванов",
        first_name="Иван",
        patronymic="Иванович",
        record_book="25-001",
        birth_date=dt.date(2009, 5, 14),
        group=group,
    )
    data = csv_bytes([student("Иванов", "25-001", group="ПР-24", status="в академическом отпуске")])

    plan = import_students(data)

    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 0)
    assert plan.rows[0].changes == ["Группа", "Статус"]
    existing.refresh_from_db()
    assert (existing.group, existing.status) == (other, StudentStatus.ACADEMIC_LEAVE)


def test_an_empty_status_keeps_the_saved_one(group: StudyGroup) -> None:
    StudentFactory(
        last_name="Иванов",
        first_name="Иван",
        patronymic="Иванович",
        record_book="25-001",
        birth_date=dt.date(2009, 5, 14),
        group=group,
        status=StudentStatus.EXPELLED,
    )

    plan = import_students(csv_bytes([student("Иванов", "25-001", status="")]))

    assert plan.unchanged == 1
    assert Student.objects.get().status == StudentStatus.EXPELLED


def test_a_column_left_out_of_the_file_is_not_changed(group: StudyGroup) -> None:
    StudentFactory(
        last_name="Иванов",
        first_name="Иван",
        record_book="25-001",
        group=group,
        birth_date=dt.date(2009, 5, 14),
    )
    header = ["Фамилия", "Имя", "№ зачётной книжки", "Группа"]

    plan = import_students(csv_bytes([["Иванов", "Иван", "25-001", "ПР-25"]], header=header))

    assert plan.unchanged == 1
    assert Student.objects.get().birth_date == dt.date(2009, 5, 14)


def test_a_new_group_is_created_from_its_course_and_specialty(group: StudyGroup) -> None:
    data = csv_bytes(
        [
            student("Иванов", "25-001", group="ПР-23", course="3", specialty="21.02.17"),
            student("Петров", "25-002", group="ПР-23"),
        ]
    )

    plan = import_students(data)

    assert plan.errors == []
    created = StudyGroup.objects.get(name="ПР-23")
    assert (created.course, created.specialty.code) == (3, "21.02.17")
    assert Student.objects.filter(group=created).count() == 2


def test_a_new_group_needs_an_existing_specialty(group: StudyGroup) -> None:
    data = csv_bytes([student(group="ПР-23", course="3", specialty="99.99.99")])

    plan = import_students(data)

    assert [(e.column, e.message) for e in plan.errors] == [
        ("Код специальности", "Такой специальности нет.")
    ]
    assert not StudyGroup.objects.filter(name="ПР-23").exists()


def test_a_new_group_defined_twice_differently_is_an_error(group: StudyGroup) -> None:
    data = csv_bytes(
        [
            student("Иванов", "1", group="ПР-23", course="3", specialty="21.02.17"),
            student("Петров", "2", group="ПР-23", course="2", specialty="21.02.17"),
        ]
    )

    plan = import_students(data)

    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "В строке 2 у этой новой группы другой курс или специальность.")
    ]
    assert Specialty.objects.get().groups.count() == 1


def test_the_course_of_an_existing_group_must_agree(group: StudyGroup) -> None:
    plan = import_students(csv_bytes([student(course="2")]))

    assert [(e.column, e.message) for e in plan.errors] == [
        ("Курс", "Группа ПР-25 учится на 1 курсе, а не на 2.")
    ]


def test_a_failing_row_rolls_back_the_rows_before_it(
    group: StudyGroup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even what the models' own check finds after the rows were validated saves nothing."""
    from registry.imports import specs

    monkeypatch.setitem(specs.TEXT_LIMITS, "record_book", 100)
    data = csv_bytes([student("Иванов", "25-001"), student("Петров", "9" * 40)])

    plan = import_students(data)

    assert [(e.row, e.column) for e in plan.errors] == [(3, "record_book")]
    assert Student.objects.count() == 0


def test_a_value_repeated_in_rows_is_checked_in_each_row(
    group: StudyGroup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values are checked once per file where they repeat, but every row gets its error."""
    from registry.imports import specs

    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    rows = [
        student("Иванов", f"25-00{n}", born=born)
        for n, born in enumerate(["14.05.2009", tomorrow, "14.05.2009", tomorrow], start=1)
    ]
    plan = import_students(csv_bytes(rows))
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Дата рождения"), (5, "Дата рождения")]

    monkeypatch.setitem(specs.TEXT_LIMITS, "last_name", 200)
    long_name = "Я" * 150
    rows = [student(long_name, "25-001"), student("Петров", "25-002"), student(long_name, "25-003")]
    plan = import_students(csv_bytes(rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "last_name"), (4, "last_name")]
    assert Student.objects.count() == 0


def test_every_text_too_long_for_the_model_is_named_not_only_the_longest(
    group: StudyGroup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of distinct names the model's check tries the longest first; when it is refused, each
    name is checked, so that every row too long is named."""
    from registry.imports import specs

    monkeypatch.setitem(specs.TEXT_LIMITS, "last_name", 200)
    rows = [
        student("Я" * 160, "25-001"),
        student("Петров", "25-002"),
        student("Ю" * 101, "25-003"),
        student("Ж" * 100, "25-004"),
    ]
    plan = import_students(csv_bytes(rows))

    assert [(e.row, e.column) for e in plan.errors] == [(2, "last_name"), (4, "last_name")]
    assert Student.objects.count() == 0


# --- Teachers ---------------------------------------------------------------------------------


def test_imports_teachers_by_position_label_in_any_case() -> None:
    data = csv_bytes(
        [
            teacher("Петрова", "0042", position="Преподаватель"),
            teacher("Сидоров", "0043", position="МАСТЕР ПРОИЗВОДСТВЕННОГО ОБУЧЕНИЯ"),
            teacher("Орлов", "0044", position="мастер п/о", hired=""),
        ],
        header=TEACHER_HEADER,
    )

    plan = import_file(kind=TEACHERS, data=data, filename="teachers.csv")

    assert (plan.errors, plan.created) == ([], 3)
    petrova = Teacher.objects.get(personnel_number="0042")
    assert (petrova.position, petrova.hired_on) == (TeacherPosition.TEACHER, dt.date(2010, 9, 1))
    assert Teacher.objects.get(personnel_number="0043").position == TeacherPosition.MASTER
    assert Teacher.objects.get(personnel_number="0044").hired_on is None


def test_an_unknown_position_and_a_hire_before_birth_are_errors() -> None:
    data = csv_bytes(
        [teacher(position="завуч"), teacher("Сидоров", "0043", hired="01.01.1980")],
        header=TEACHER_HEADER,
    )

    plan = import_file(kind=TEACHERS, data=data, filename="teachers.csv")

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Должность"), (3, "Дата приёма")]
    assert plan.errors[0].message.startswith("Неизвестная должность. Возможные: «преподаватель»")
    assert plan.errors[1].message == "Дата приёма не позже даты рождения."
    assert Teacher.objects.count() == 0


def test_a_teacher_is_matched_by_personnel_number() -> None:
    existing = TeacherFactory(
        last_name="Петрова",
        first_name="Анна",
        patronymic="Сергеевна",
        personnel_number="0042",
        birth_date=dt.date(1985, 3, 12),
        hired_on=dt.date(2010, 9, 1),
    )
    data = csv_bytes([teacher("Петрова-Иванова", "0042")], header=TEACHER_HEADER)

    plan = import_file(kind=TEACHERS, data=data, filename="teachers.csv")

    assert (plan.updated, plan.rows[0].changes) == (1, ["Фамилия"])
    existing.refresh_from_db()
    assert existing.full_name == "Петрова-Иванова Анна Сергеевна"
    assert existing.search_name == "петрова-иванова анна сергеевна"


def test_a_record_book_taken_meanwhile_refuses_the_whole_import(
    group: StudyGroup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone adds the same record book between the plan and the save: nothing is saved."""
    from registry.imports import applying

    planned = applying.plan_import

    def plan_then_someone_adds(**kwargs):  # type: ignore[no-untyped-def]
        plan = planned(**kwargs)
        StudentFactory(record_book="25-002", group=group)
        return plan

    monkeypatch.setattr(applying, "plan_import", plan_then_someone_adds)
    data = csv_bytes([student("Иванов", "25-001"), student("Петров", "25-002")])

    with pytest.raises(ValidationError, match="базу изменил другой пользователь"):
        import_students(data)

    assert Student.objects.count() == 0


@pytest.mark.parametrize("others", [0, 5])
def test_existing_students_are_found_in_a_small_base_and_in_a_large_one(
    group: StudyGroup, others: int
) -> None:
    """A base no larger than twice the file is read whole, a larger one by the file's keys:
    both find the same student."""
    StudentFactory(last_name="Иванов", record_book="25-001", group=group)
    StudentFactory.create_batch(others, group=group)
    data = csv_bytes([student("Иванов", "25-001"), student("Петров", "25-002")])

    plan = import_students(data)

    assert [row.action for row in plan.rows][1] == Action.CREATE
    assert plan.rows[0].person is not None
    assert plan.rows[0].person.record_book == "25-001"
    assert plan.created == 1
