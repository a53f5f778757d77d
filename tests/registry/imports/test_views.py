from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Student, StudyGroup, Teacher
from tests.conftest import client_for
from tests.factories import SpecialtyFactory, StudyGroupFactory, UserFactory
from tests.registry.imports.files import TEACHER_HEADER, csv_bytes, student, teacher

pytestmark = pytest.mark.django_db

START = reverse("imports:start")


@pytest.fixture
def group() -> StudyGroup:
    return StudyGroupFactory(name="ПР-25", course=1, specialty=SpecialtyFactory(code="21.02.17"))


def upload(
    client: Client, data: bytes, *, kind: str = "students", name: str = "students.csv"
) -> str:
    """Uploads the file and gives the preview's address."""
    response = client.post(START, {"kind": kind, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def token_of(preview_url: str) -> str:
    return preview_url.rstrip("/").rsplit("/", 1)[1]


def confirm_url(preview_url: str) -> str:
    return reverse("imports:confirm", args=[token_of(preview_url)])


def stored_uploads() -> list[str]:
    folder = Path(django_settings.MEDIA_ROOT) / "imports"
    return sorted(os.listdir(folder)) if folder.exists() else []


# --- Start ------------------------------------------------------------------------------------


def test_the_curator_sees_the_upload_form(curator: User) -> None:
    response = client_for(curator).get(START)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Импорт студентов и преподавателей" in content
    assert "«№ зачётной книжки»" in content
    assert reverse("imports:template", args=["teachers"]) in content


def test_the_start_page_lists_the_allowed_statuses_positions_and_specialties(
    curator: User,
) -> None:
    SpecialtyFactory(code="09.02.07", title="Информационные системы и программирование")

    content = client_for(curator).get(START).content.decode()

    assert "«обучается»" in content
    assert "«в академическом отпуске»" in content
    assert "«мастер производственного обучения»" in content
    assert "09.02.07 — Информационные системы и программирование" in content
    assert "как их показывает сайт" not in content


def test_an_upload_is_kept_for_the_preview(curator: User, group: StudyGroup) -> None:
    preview = upload(client_for(curator), csv_bytes([student()]))

    assert preview == reverse("imports:preview", args=[token_of(preview)])
    assert stored_uploads() == [token_of(preview)]
    assert Student.objects.count() == 0


def test_a_file_of_another_type_is_refused_on_the_form(curator: User) -> None:
    pdf = SimpleUploadedFile("students.pdf", b"%PDF-1.7\n")

    response = client_for(curator).post(START, {"kind": "students", "file": pdf})

    assert response.status_code == 200
    assert "Файл не похож на таблицу XLSX или CSV." in response.content.decode()
    assert stored_uploads() == []


def test_a_file_too_large_is_refused_on_the_form(
    curator: User, settings: pytest.FixtureRequest
) -> None:
    settings.IMPORT_MAX_BYTES = 50
    data = csv_bytes([student(), student("Петров", "2")])

    response = client_for(curator).post(
        START, {"kind": "students", "file": SimpleUploadedFile("students.csv", data)}
    )

    assert "файлы больше 50\xa0байт не принимаются." in response.content.decode()
    assert stored_uploads() == []


def test_uploads_older_than_a_day_are_removed(curator: User, group: StudyGroup) -> None:
    client = client_for(curator)
    old = upload(client, csv_bytes([student()]))
    day_ago = (dt.datetime.now() - dt.timedelta(days=1, minutes=1)).timestamp()  # noqa: DTZ005
    path = Path(django_settings.MEDIA_ROOT) / "imports" / token_of(old)
    os.utime(path, (day_ago, day_ago))

    new = upload(client, csv_bytes([student()]))

    assert stored_uploads() == [token_of(new)]


# --- Preview ----------------------------------------------------------------------------------


def test_the_preview_shows_what_will_change(curator: User, group: StudyGroup) -> None:
    client = client_for(curator)
    preview = upload(client, csv_bytes([student("Иванов", "1"), student("Петров", "2")]))

    response = client.get(preview)

    content = response.content.decode()
    assert "Ошибок в файле нет. Будет создано: 2, обновлено: 0, без изменений: 0." in content
    assert "Петров Иван Иванович" in content
    assert ">Импортировать<" in content.replace(
        '<i class="bi bi-check-lg" aria-hidden="true"></i> ', ""
    )
    assert Student.objects.count() == 0


def test_the_preview_lists_the_errors_row_by_row(curator: User, group: StudyGroup) -> None:
    client = client_for(curator)
    preview = upload(client, csv_bytes([student(), student("Петров", "2", born="32.13.2008")]))

    response = client.get(preview)

    content = response.content.decode()
    assert "Ничего не импортировано." in content
    assert "В файле 1 ошибка" in content
    assert "<td>3</td>" in content
    assert "<td>Дата рождения</td>" in content
    assert "<td>32.13.2008</td>" in content
    assert "Такой даты нет." in content
    assert 'action="' + confirm_url(preview) not in content
    assert Student.objects.count() == 0


def test_a_file_with_unknown_headers_is_refused_on_the_form(curator: User) -> None:
    data = csv_bytes([["a", "b"]], header=["Name", "Surname"])

    response = client_for(curator).post(
        START, {"kind": "students", "file": SimpleUploadedFile("students.csv", data)}
    )

    assert "Ни один заголовок столбца не распознан" in response.content.decode()
    assert stored_uploads() == []


def test_the_preview_says_why_a_file_is_no_longer_accepted(
    curator: User, group: StudyGroup, settings: pytest.FixtureRequest
) -> None:
    client = client_for(curator)
    preview = upload(client, csv_bytes([student()]))
    settings.IMPORT_MAX_BYTES = 10

    content = client.get(preview).content.decode()

    assert "файлы больше 10\xa0байт не принимаются." in content
    assert "Ничего не импортировано." in content


# --- Confirm ----------------------------------------------------------------------------------


def test_confirming_imports_and_goes_to_the_list(curator: User, group: StudyGroup) -> None:
    client = client_for(curator)
    preview = upload(client, csv_bytes([student("Иванов", "1"), student("Петров", "2")]))

    response = client.post(confirm_url(preview), follow=True)

    assert response.redirect_chain[-1][0] == reverse("people:students")
    assert "Импортировано: создано 2, обновлено 0, без изменений 0." in response.content.decode()
    assert Student.objects.count() == 2
    assert stored_uploads() == []
    assert client.get(preview).status_code == 404


def test_teachers_go_to_the_teachers_list(curator: User) -> None:
    client = client_for(curator)
    data = csv_bytes([teacher()], header=TEACHER_HEADER)
    preview = upload(client, data, kind="teachers", name="teachers.csv")

    response = client.post(confirm_url(preview))

    assert response["Location"] == reverse("people:teachers")
    assert Teacher.objects.get().personnel_number == "0042"


def test_a_file_that_fails_at_the_confirmation_imports_nothing(
    curator: User, group: StudyGroup
) -> None:
    client = client_for(curator)
    preview = upload(client, csv_bytes([student("Иванов", "1"), student("Петров", "2")]))
    group.name = "ПР-25а"  # renamed between the preview and the confirmation
    group.save()

    response = client.post(confirm_url(preview))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ничего не импортировано." in content
    assert "Такой группы нет." in content
    assert Student.objects.count() == 0
    assert stored_uploads() == [token_of(preview)]


def test_the_template_is_a_workbook_with_the_headers(curator: User, group: StudyGroup) -> None:
    response = client_for(curator).get(reverse("imports:template", args=["students"]))

    assert response.status_code == 200
    sheet = load_workbook(filename=io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:5] == [
        "Фамилия",
        "Имя",
        "Отчество",
        "Дата рождения",
        "№ зачётной книжки",
    ]
    assert sheet["F2"].value == "ПР-25"


def test_the_template_of_an_unknown_kind_is_not_found(curator: User) -> None:
    response = client_for(curator).get(reverse("imports:template", args=["pupils"]))

    assert response.status_code == 404


# --- Methods, roles and scope ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [("put", "start"), ("post", "preview"), ("get", "confirm"), ("post", "template")],
)
def test_wrong_method(curator: User, method: str, name: str) -> None:
    args = ["students"] if name == "template" else ["token"] if name != "start" else []

    response = getattr(client_for(curator), method)(reverse(f"imports:{name}", args=args))

    assert response.status_code == 405


@pytest.mark.parametrize("persona", ["teacher", "methodist", "director", "lead", "outsider"])
def test_other_roles_may_not_import(
    persona: str, request: pytest.FixtureRequest, curator: User, group: StudyGroup
) -> None:
    preview = upload(client_for(curator), csv_bytes([student()]))
    client = client_for(request.getfixturevalue(persona))

    assert client.get(START).status_code == 403
    assert client.get(preview).status_code == 403
    assert client.post(confirm_url(preview)).status_code == 403
    assert client.get(reverse("imports:template", args=["students"])).status_code == 403
    assert Student.objects.count() == 0


def test_a_user_who_may_import_teachers_only_may_not_import_students(group: StudyGroup) -> None:
    user = UserFactory(username="hr")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_teacher", "change_teacher"])
    )
    client = client_for(user)

    response = client.post(
        START, {"kind": "students", "file": SimpleUploadedFile("s.csv", csv_bytes([student()]))}
    )

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert client.get(reverse("imports:template", args=["students"])).status_code == 403


def test_another_users_upload_is_not_found(curator: User, group: StudyGroup) -> None:
    preview = upload(client_for(curator), csv_bytes([student()]))
    other = client_for(UserFactory(username="curator2", roles=["curator"]))

    assert other.get(preview).status_code == 404
    assert other.post(confirm_url(preview)).status_code == 404
    assert Student.objects.count() == 0


def test_an_unknown_token_is_not_found(curator: User) -> None:
    response = client_for(curator).get(reverse("imports:preview", args=["no-such-token"]))

    assert response.status_code == 404
