from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from programs.contests.services import create_contest_entry, update_contest_entry
from programs.models import ContestEntry, ContestResult, EventLevel
from tests.conftest import client_for
from tests.factories import ContestEntryFactory
from tests.files import picture
from tests.stale import refused_as_stale

pytestmark = pytest.mark.django_db

LIST = reverse("contests:list")
CREATE = reverse("contests:create")
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = picture("PNG")


def url(name: str, pk: int) -> str:
    return reverse(f"contests:{name}", args=[pk])


def upload(name: str = "diploma.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "contest": "Всероссийский конкурс программ наставничества",
        "level": EventLevel.FEDERAL,
        "nomination": "Наставничество в СПО",
        "practice": "Студенческое наставничество в горном техникуме",
        "submitted_on": "2026-03-10",
        "result": ContestResult.LAUREATE,
    }
    data.update(changes)
    return data


def _fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "contest": "Региональный конкурс практик",
        "level": EventLevel.REGIONAL,
        "nomination": "",
        "practice": "Практика",
        "submitted_on": dt.date(2026, 3, 10),
        "result": ContestResult.WINNER,
    }
    fields.update(changes)
    return fields


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _records(response: object) -> list[ContestEntry]:
    return [row.record for row in response.context["table"].page.object_list]  # type: ignore[attr-defined]


# --- The list ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_roles_with_the_permission_see_the_list(
    persona: str, request: pytest.FixtureRequest
) -> None:
    ContestEntryFactory(contest="Конкурс «Наставник года»")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "Конкурс «Наставник года»" in response.text


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_others_cannot_see_contest_entries(persona: str, request: pytest.FixtureRequest) -> None:
    entry = ContestEntryFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.get(url("detail", entry.pk)).status_code == 403
    assert client.get(CREATE).status_code == 403


def test_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


def test_list_filters_by_level(curator: User) -> None:
    federal = ContestEntryFactory(level=EventLevel.FEDERAL)
    ContestEntryFactory(level=EventLevel.REGIONAL)

    response = client_for(curator).get(LIST, {"level": EventLevel.FEDERAL})

    assert _records(response) == [federal]


def test_list_filters_by_result(curator: User) -> None:
    winner = ContestEntryFactory(result=ContestResult.WINNER)
    ContestEntryFactory(result=ContestResult.PENDING)

    response = client_for(curator).get(LIST, {"result": ContestResult.WINNER})

    assert _records(response) == [winner]


def test_list_filters_by_academic_year(curator: User) -> None:
    this_year = ContestEntryFactory(submitted_on=dt.date(2024, 9, 1))
    ContestEntryFactory(submitted_on=dt.date(2024, 8, 31))

    response = client_for(curator).get(LIST, {"year": "2024"})

    assert _records(response) == [this_year]


@pytest.mark.parametrize("rows", [1, 10])
def test_list_takes_the_same_queries_for_any_number_of_entries(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    for index in range(rows):
        ContestEntryFactory(submitted_on=dt.date(2024, 3, index + 1))
    client = client_for(curator)

    with django_assert_max_num_queries(10):
        response = client.get(LIST)

    assert len(_records(response)) == rows


# --- The entry's page ------------------------------------------------------------------------


def test_detail_shows_the_entry_and_its_diploma(director: User) -> None:
    entry = create_contest_entry(**_fields(practice="Школа юных горняков"), diploma=upload())

    response = client_for(director).get(url("detail", entry.pk))

    assert response.status_code == 200
    assert "Школа юных горняков" in response.text
    assert entry.diploma.url in response.text
    assert response.context["can_change"] is False


def test_detail_of_a_missing_entry_is_404(curator: User) -> None:
    assert client_for(curator).get(url("detail", 999)).status_code == 404


def test_detail_refuses_post(curator: User) -> None:
    entry = ContestEntryFactory()

    assert client_for(curator).post(url("detail", entry.pk)).status_code == 405


# --- The diploma file -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "methodist", "lead", "curator"])
def test_the_diploma_is_served_to_those_who_see_the_entries(
    persona: str, request: pytest.FixtureRequest
) -> None:
    entry = create_contest_entry(**_fields(), diploma=upload())

    response = client_for(request.getfixturevalue(persona)).get(entry.diploma.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", ["outsider", "teacher"])
def test_the_diploma_is_refused_to_others(persona: str, request: pytest.FixtureRequest) -> None:
    entry = create_contest_entry(**_fields(), diploma=upload())

    response = client_for(request.getfixturevalue(persona)).get(entry.diploma.url)

    assert response.status_code == 403


def test_the_diploma_is_stored_under_its_folder() -> None:
    entry = create_contest_entry(**_fields(), diploma=upload())

    assert entry.diploma.name.startswith(f"contest-diplomas/{timezone.localdate().year}/")


# --- Recording an entry -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "lead"])
def test_the_roles_with_the_permission_record_an_entry_with_its_diploma(
    persona: str, request: pytest.FixtureRequest
) -> None:
    response = client_for(request.getfixturevalue(persona)).post(
        CREATE, _data(diploma=upload("диплом.png", PNG))
    )

    entry = ContestEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", entry.pk)
    assert (entry.level, entry.result, entry.version) == (
        EventLevel.FEDERAL,
        ContestResult.LAUREATE,
        1,
    )
    assert Path(entry.diploma.path).read_bytes() == PNG


@pytest.mark.parametrize("persona", ["director", "methodist"])
def test_those_who_only_view_cannot_record(persona: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data()).status_code == 403
    assert not ContestEntry.objects.exists()


def test_create_refuses_put(curator: User) -> None:
    assert client_for(curator).put(CREATE).status_code == 405


def test_an_awaited_result_may_have_a_date_to_come(curator: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(curator).post(
        CREATE, _data(submitted_on=tomorrow.isoformat(), result=ContestResult.PENDING)
    )

    assert response.status_code == 302
    assert ContestEntry.objects.get().submitted_on == tomorrow


@pytest.mark.parametrize("days", [0, 1])
def test_a_known_result_needs_a_date_already_past(curator: User, days: int) -> None:
    day = timezone.localdate() + dt.timedelta(days=days)

    response = client_for(curator).post(
        CREATE, _data(submitted_on=day.isoformat(), result=ContestResult.WINNER)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["result"]
    assert not ContestEntry.objects.exists()


def test_a_diploma_with_an_awaited_result_is_refused_and_not_stored(curator: User) -> None:
    response = client_for(curator).post(
        CREATE, _data(result=ContestResult.PENDING, diploma=upload())
    )

    assert response.status_code == 200
    assert response.context["form"].errors["diploma"]
    assert not ContestEntry.objects.exists()
    assert _files() == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("diploma.pdf", b"<html>not a pdf</html>"),
        ("diploma.png", PDF),
        ("diploma.docx", PDF),
        ("diploma", PDF),
    ],
)
def test_a_diploma_that_is_not_a_pdf_jpeg_or_png_is_refused(
    curator: User, name: str, data: bytes
) -> None:
    response = client_for(curator).post(CREATE, _data(diploma=upload(name, data)))

    assert response.status_code == 200
    assert response.context["form"].errors["diploma"]
    assert not ContestEntry.objects.exists()
    assert _files() == []


def test_a_diploma_too_large_is_refused(curator: User) -> None:
    with override_settings(MAX_UPLOAD_BYTES=len(PDF) - 1):
        response = client_for(curator).post(CREATE, _data(diploma=upload()))

    assert response.context["form"].errors["diploma"]
    assert not ContestEntry.objects.exists()


def test_an_empty_form_is_refused(curator: User) -> None:
    response = client_for(curator).post(CREATE, {})

    assert response.status_code == 200
    assert {"contest", "practice", "submitted_on"} <= set(response.context["form"].errors)
    assert not ContestEntry.objects.exists()


# --- Editing and deleting ---------------------------------------------------------------------


def test_editing_saves_the_change_and_raises_the_version(lead: User) -> None:
    entry = ContestEntryFactory()

    response = client_for(lead).post(
        url("edit", entry.pk), _data(result=ContestResult.WINNER, version=1)
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.result, entry.version) == (ContestResult.WINNER, 2)


def test_the_edit_form_carries_the_version(curator: User) -> None:
    entry = ContestEntryFactory(version=4)

    response = client_for(curator).get(url("edit", entry.pk))

    assert 'type="hidden" name="version" value="4"' in response.text
    assert 'value="2024-03-01"' in response.text


def test_a_stale_edit_is_refused_and_changes_nothing(curator: User) -> None:
    entry = ContestEntryFactory(practice="Было", version=2)

    response = client_for(curator).post(
        url("edit", entry.pk), _data(practice="Стало", version=1, diploma=upload())
    )

    assert refused_as_stale(response)
    entry.refresh_from_db()
    assert (entry.practice, entry.version, entry.diploma.name) == ("Было", 2, "")
    assert _files() == []


def test_an_edit_without_the_version_is_refused(curator: User) -> None:
    entry = ContestEntryFactory(practice="Было")

    response = client_for(curator).post(url("edit", entry.pk), _data(practice="Стало"))

    assert response.context["form"].non_field_errors()
    entry.refresh_from_db()
    assert entry.practice == "Было"


def test_the_service_refuses_an_entry_deleted_meanwhile() -> None:
    entry = ContestEntryFactory()
    ContestEntry.objects.filter(pk=entry.pk).delete()

    with pytest.raises(ValidationError):
        update_contest_entry(entry, version=1, **_fields())


def test_setting_the_result_back_to_awaited_needs_the_diploma_removed(curator: User) -> None:
    entry = create_contest_entry(**_fields(), diploma=upload())

    response = client_for(curator).post(
        url("edit", entry.pk), _data(result=ContestResult.PENDING, version=1)
    )

    assert response.context["form"].errors["diploma"]
    entry.refresh_from_db()
    assert entry.result == ContestResult.WINNER


def test_replacing_the_diploma_removes_the_old_file(
    curator: User, django_capture_on_commit_callbacks: Callable
) -> None:
    entry = create_contest_entry(**_fields(), diploma=upload("old.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post(
            url("edit", entry.pk), _data(version=1, diploma=upload("new.pdf"))
        )

    assert response.status_code == 302
    assert [path.name for path in _files()] == ["new.pdf"]


def test_clearing_the_diploma_removes_the_file(
    curator: User, django_capture_on_commit_callbacks: Callable
) -> None:
    entry = create_contest_entry(**_fields(), diploma=upload())

    with django_capture_on_commit_callbacks(execute=True):
        client_for(curator).post(
            url("edit", entry.pk),
            _data(result=ContestResult.PENDING, version=1, **{"diploma-clear": "on"}),
        )

    entry.refresh_from_db()
    assert (entry.result, entry.diploma.name) == (ContestResult.PENDING, "")
    assert _files() == []


@pytest.mark.parametrize("persona", ["director", "methodist"])
def test_those_who_only_view_cannot_edit(persona: str, request: pytest.FixtureRequest) -> None:
    entry = ContestEntryFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("edit", entry.pk)).status_code == 403
    assert client.post(url("edit", entry.pk), _data(version=1)).status_code == 403


def test_editing_a_missing_entry_is_404(curator: User) -> None:
    assert client_for(curator).get(url("edit", 999)).status_code == 404


def test_edit_refuses_put(curator: User) -> None:
    entry = ContestEntryFactory()

    assert client_for(curator).put(url("edit", entry.pk)).status_code == 405


def test_deleting_asks_first_then_deletes_with_the_diploma(
    curator: User, django_capture_on_commit_callbacks: Callable
) -> None:
    entry = create_contest_entry(**_fields(), diploma=upload())
    client = client_for(curator)

    assert client.get(url("delete", entry.pk)).status_code == 200
    assert ContestEntry.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("delete", entry.pk))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not ContestEntry.objects.exists()
    assert _files() == []


@pytest.mark.parametrize("persona", ["lead", "director", "methodist"])
def test_only_the_curator_deletes(persona: str, request: pytest.FixtureRequest) -> None:
    entry = ContestEntryFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("delete", entry.pk)).status_code == 403
    assert client.post(url("delete", entry.pk)).status_code == 403
    assert ContestEntry.objects.exists()


def test_deleting_a_missing_entry_is_404(curator: User) -> None:
    assert client_for(curator).post(url("delete", 999)).status_code == 404


def test_delete_refuses_put(curator: User) -> None:
    entry = ContestEntryFactory()

    assert client_for(curator).put(url("delete", entry.pk)).status_code == 405
