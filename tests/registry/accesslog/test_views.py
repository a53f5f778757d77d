"""The access log page of the curator and the director: filters, XLSX, who may open it."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from registry.accesslog import record_access
from registry.models import AccessAction, AccessLogEntry, Student
from tests.conftest import client_for
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

LIST = reverse("accesslog:list")
EXPORT = reverse("accesslog:export")


def records(response: Any) -> list[AccessLogEntry]:
    return [row.record for row in response.context["table"].page.object_list]


def logged(user: User, action: AccessAction = AccessAction.VIEW, *names: str) -> AccessLogEntry:
    people = [StudentFactory(last_name=name) for name in names]
    return record_access(user, action=action, what="Страница", people=people)


@pytest.mark.parametrize("persona", ["curator", "director"])
def test_the_curator_and_the_director_read_the_log(
    persona: str, curator: User, request: pytest.FixtureRequest
) -> None:
    logged(curator, AccessAction.VIEW, "Первая")
    newest = logged(curator, AccessAction.EXPORT, "Вторая")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert records(response)[0] == newest
    assert "Вторая" in response.text
    assert "Васильев" in response.text


@pytest.mark.parametrize("persona", ["lead", "methodist", "teacher", "outsider"])
@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_others_are_refused(persona: str, url: str, request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(persona)).get(url)

    assert response.status_code == 403


def test_anonymous_go_to_login(client: Any) -> None:
    assert client.get(LIST).status_code == 302


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_only_get(curator: User, url: str) -> None:
    assert client_for(curator).post(url).status_code == 405


def test_the_menu_offers_it_to_the_curator_only(curator: User, methodist: User) -> None:
    assert LIST in client_for(curator).get(reverse("home")).text
    assert LIST not in client_for(methodist).get(reverse("home")).text


def test_filter_by_user_and_action(curator: User, director: User) -> None:
    mine = logged(curator, AccessAction.EXPORT)
    logged(curator, AccessAction.VIEW)
    logged(director, AccessAction.EXPORT)

    response = client_for(curator).get(LIST, {"user": curator.pk, "action": "export"})

    assert records(response) == [mine]


def test_filter_by_person_name_as_it_was(curator: User) -> None:
    wanted = logged(curator, AccessAction.VIEW, "Ёлкина")
    logged(curator, AccessAction.VIEW, "Иванова")
    Student.objects.filter(last_name="Ёлкина").update(last_name="Другая")

    response = client_for(curator).get(LIST, {"person": "елкина"})

    assert records(response) == [wanted]


def test_filter_by_dates(curator: User) -> None:
    old = logged(curator)
    # The rows are never updated through the app; the test dates one in the past.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_accesslogentry SET at = %s WHERE id = %s",
            [timezone.now() - dt.timedelta(days=30), old.pk],
        )
    recent = logged(curator)
    today = timezone.localdate()

    since = client_for(curator).get(LIST, {"since": (today - dt.timedelta(days=1)).isoformat()})
    until = client_for(curator).get(LIST, {"until": (today - dt.timedelta(days=10)).isoformat()})

    assert records(since) == [recent]
    assert records(until) == [old]


def test_the_list_is_in_constant_queries(curator: User) -> None:
    client = client_for(curator)
    logged(curator, AccessAction.VIEW, "А")
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(5):
        logged(curator, AccessAction.VIEW, "Б", "В")

    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert len(records(response)) == 6
    assert len(many) == len(few)


def test_the_page_itself_is_not_logged(curator: User) -> None:
    client_for(curator).get(LIST)

    assert not AccessLogEntry.objects.exists()


def test_the_xlsx_holds_the_filtered_rows_and_is_logged(curator: User, director: User) -> None:
    logged(curator, AccessAction.EXPORT, "Выгруженная")
    logged(director, AccessAction.VIEW, "Просмотренная")

    response = client_for(curator).get(EXPORT, {"action": "export"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="access-log-')
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1].startswith("Васильев")
    assert "Выгруженная" in rows[1][5]
    entry = AccessLogEntry.objects.first()
    assert entry is not None
    assert entry.user == curator
    assert entry.action == AccessAction.EXPORT
    assert entry.people_count == 1
    assert "action=export" in entry.path
