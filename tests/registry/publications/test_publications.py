from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs.models import Publication, PublicationKind
from registry.models import IncentiveKind, Person
from registry.publications.services import create_publication, update_publication
from tests.conftest import client_for
from tests.factories import (
    IncentiveFactory,
    PublicationFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
)
from tests.stale import refused_as_stale

pytestmark = pytest.mark.django_db

LIST = reverse("publications:list")
CREATE = reverse("publications:create")


def url(name: str, pk: int) -> str:
    return reverse(f"publications:{name}", args=[pk])


def _data(*people: Person, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "published_on": "2026-05-15",
        "kind": PublicationKind.BEST_MENTOR,
        "title": "Лучший наставник мая",
        "url": "https://college.example/news/best-mentor-may",
        "people": [person.pk for person in people],
    }
    data.update(changes)
    return data


def _records(response: object) -> list[Publication]:
    return [row.record for row in response.context["table"].page.object_list]  # type: ignore[attr-defined]


def _featuring(*people: Person, **fields: object) -> Publication:
    publication = PublicationFactory(**fields)
    publication.people.set(people)
    return publication


# --- The list ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist", "lead"])
def test_the_roles_with_the_permission_see_the_list(
    persona: str, request: pytest.FixtureRequest
) -> None:
    _featuring(TeacherFactory(last_name="Показанная"), title="Наставник года")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "Наставник года" in response.text
    assert "Показанная" in response.text


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_others_cannot_see_publications(persona: str, request: pytest.FixtureRequest) -> None:
    publication = PublicationFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.get(url("detail", publication.pk)).status_code == 403
    assert client.get(CREATE).status_code == 403


def test_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


def test_list_filters_by_kind(curator: User) -> None:
    documents = PublicationFactory(kind=PublicationKind.DOCUMENTS)
    PublicationFactory(kind=PublicationKind.NEWS)

    response = client_for(curator).get(LIST, {"kind": PublicationKind.DOCUMENTS})

    assert _records(response) == [documents]


def test_list_filters_by_academic_year(curator: User) -> None:
    this_year = PublicationFactory(published_on=dt.date(2025, 9, 1))
    PublicationFactory(published_on=dt.date(2025, 8, 31))

    response = client_for(curator).get(LIST, {"year": "2025"})

    assert _records(response) == [this_year]


def test_list_searches_the_title_in_any_case_and_with_yo(curator: User) -> None:
    found = PublicationFactory(title="Счёт побед: НАСТАВНИКИ техникума")
    PublicationFactory(title="Документы программы")

    response = client_for(curator).get(LIST, {"q": "счет наставники"})

    assert _records(response) == [found]


@pytest.mark.parametrize("rows", [1, 10])
def test_list_takes_the_same_queries_for_any_number_of_publications(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    for index in range(rows):
        _featuring(TeacherFactory(), StudentFactory(), published_on=dt.date(2025, 4, index + 1))
    client = client_for(curator)

    with django_assert_max_num_queries(11):
        response = client.get(LIST)

    assert len(_records(response)) == rows


# --- The publication's page ----------------------------------------------------------------


def test_detail_shows_the_publication_and_its_link_opens_in_a_new_tab(director: User) -> None:
    publication = PublicationFactory(
        title="Наставник месяца", url="https://college.example/news/42"
    )

    response = client_for(director).get(url("detail", publication.pk))

    assert response.status_code == 200
    assert "Наставник месяца" in response.text
    link = re.search(r'<a href="https://college\.example/news/42"[^>]*>', response.text)
    assert link is not None
    assert 'target="_blank"' in link.group(0)
    assert "noopener" in link.group(0)
    assert response.context["can_change"] is False
    assert response.context["can_delete"] is False


def test_detail_links_the_featured_mentors_to_their_pages(curator: User) -> None:
    mentor = TeacherFactory(last_name="Отмеченная")
    publication = _featuring(mentor)

    response = client_for(curator).get(url("detail", publication.pk))

    assert f'href="{reverse("people:detail", args=[mentor.pk])}"' in response.text
    assert response.context["can_change"] is True


def test_detail_names_without_a_link_whom_the_user_may_not_open(teacher: User) -> None:
    """A user who may see publications but not teachers sees the name, not a link."""
    teacher.user_permissions.add(Permission.objects.get(codename="view_publication"))
    user = User.objects.get(pk=teacher.pk)
    mentor = TeacherFactory(last_name="Неоткрываемая")
    publication = _featuring(mentor)

    response = client_for(user).get(url("detail", publication.pk))

    assert "Неоткрываемая" in response.text
    assert reverse("people:detail", args=[mentor.pk]) not in response.text


def test_detail_of_a_missing_publication_is_404(curator: User) -> None:
    assert client_for(curator).get(url("detail", 999)).status_code == 404


def test_detail_refuses_post(curator: User) -> None:
    publication = PublicationFactory()

    assert client_for(curator).post(url("detail", publication.pk)).status_code == 405


# --- Recording a publication ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "lead", "methodist"])
def test_the_roles_with_the_permission_record_a_publication(
    persona: str, request: pytest.FixtureRequest
) -> None:
    mentor = TeacherFactory()

    response = client_for(request.getfixturevalue(persona)).post(CREATE, _data(mentor))

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", publication.pk)
    assert publication.published_on == dt.date(2026, 5, 15)
    assert publication.version == 1
    assert [p.pk for p in publication.people.all()] == [mentor.pk]


def test_the_director_cannot_record_a_publication(director: User) -> None:
    client = client_for(director)

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data()).status_code == 403
    assert not Publication.objects.exists()


def test_create_refuses_put(curator: User) -> None:
    assert client_for(curator).put(CREATE).status_code == 405


def test_the_form_prefills_the_person_and_the_kind(curator: User) -> None:
    mentor = StudentFactory()

    response = client_for(curator).get(
        CREATE, {"person": mentor.pk, "kind": PublicationKind.BEST_MENTOR}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial == {"kind": PublicationKind.BEST_MENTOR, "people": [mentor.pk]}
    assert re.search(rf'<option value="{mentor.pk}"[^>]*selected', response.text)


def test_the_prefill_ignores_unknown_people_and_kinds(curator: User) -> None:
    response = client_for(curator).get(CREATE, {"person": "999", "kind": "gossip"})

    assert response.context["form"].initial == {}


def test_the_prefill_ignores_a_person_the_user_may_not_see(teacher: User) -> None:
    teacher.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_publication", "add_publication"])
    )
    user = User.objects.get(pk=teacher.pk)

    response = client_for(user).get(CREATE, {"person": TeacherFactory().pk})

    assert response.context["form"].initial == {}


def test_the_form_offers_the_people_the_user_may_see(teacher: User) -> None:
    teacher.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_publication", "add_publication"])
    )
    user = User.objects.get(pk=teacher.pk)
    student = StudentFactory()
    TeacherFactory()

    response = client_for(user).get(CREATE)

    assert [p.pk for p in response.context["form"].fields["people"].queryset] == [student.pk]


@pytest.mark.parametrize(
    ("link", "field"),
    [
        ("ftp://college.example/news", "url"),
        ("javascript:alert(1)", "url"),
        ("не ссылка", "url"),
    ],
)
def test_a_link_other_than_http_or_https_is_refused(curator: User, link: str, field: str) -> None:
    response = client_for(curator).post(CREATE, _data(url=link))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Publication.objects.exists()


def test_a_link_without_its_scheme_is_taken_as_https(curator: User) -> None:
    client_for(curator).post(CREATE, _data(url="college.example/news/1"))

    assert Publication.objects.get().url == "https://college.example/news/1"


def test_a_date_in_the_future_is_refused(curator: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(curator).post(CREATE, _data(published_on=tomorrow.isoformat()))

    assert response.status_code == 200
    assert response.context["form"].errors["published_on"]
    assert not Publication.objects.exists()


def test_a_date_in_the_future_is_refused_with_the_other_fields_errors(curator: User) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(curator).post(CREATE, _data(published_on=tomorrow.isoformat(), title=""))

    assert set(response.context["form"].errors) == {"title", "published_on"}
    assert not Publication.objects.exists()


def test_a_publication_of_today_is_accepted(curator: User) -> None:
    today = timezone.localdate()

    client_for(curator).post(CREATE, _data(published_on=today.isoformat()))

    assert Publication.objects.get().published_on == today


def test_an_empty_form_is_refused(curator: User) -> None:
    response = client_for(curator).post(CREATE, {})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"published_on", "kind", "title", "url"}
    assert not Publication.objects.exists()


def test_the_service_refuses_a_person_the_user_may_not_see(teacher: User) -> None:
    with pytest.raises(ValidationError) as refusal:
        create_publication(
            user=teacher,
            published_on=dt.date(2026, 5, 15),
            kind=PublicationKind.NEWS,
            title="Новость",
            url="https://college.example/news/1",
            people=[TeacherFactory()],
        )

    assert "people" in refusal.value.message_dict
    assert not Publication.objects.exists()


# --- Editing and deleting -------------------------------------------------------------------


def test_editing_saves_the_change_and_raises_the_version(lead: User) -> None:
    old, new = TeacherFactory(), StudentFactory()
    publication = _featuring(old)

    response = client_for(lead).post(
        url("edit", publication.pk), _data(new, title="Новый заголовок", version=1)
    )

    assert response.status_code == 302
    publication.refresh_from_db()
    assert (publication.title, publication.version) == ("Новый заголовок", 2)
    assert [p.pk for p in publication.people.all()] == [new.pk]


def test_the_edit_form_carries_the_version_and_the_featured_people(curator: User) -> None:
    mentor = TeacherFactory()
    publication = _featuring(mentor, version=3)

    response = client_for(curator).get(url("edit", publication.pk))

    form = response.context["form"]
    assert form["version"].value() == 3
    assert form["people"].value() == [mentor.pk]
    assert 'type="hidden" name="version" value="3"' in response.text


def test_a_stale_edit_is_refused_and_changes_nothing(curator: User) -> None:
    publication = PublicationFactory(title="Было", version=2)

    response = client_for(curator).post(
        url("edit", publication.pk), _data(title="Стало", version=1)
    )

    assert refused_as_stale(response)
    assert "Было" in str(response.context["form"].non_field_errors())
    publication.refresh_from_db()
    assert (publication.title, publication.version) == ("Было", 2)


def test_an_edit_without_the_version_is_refused(curator: User) -> None:
    publication = PublicationFactory(title="Было")

    response = client_for(curator).post(url("edit", publication.pk), _data(title="Стало"))

    assert response.context["form"].non_field_errors()
    publication.refresh_from_db()
    assert publication.title == "Было"


def test_the_service_refuses_a_publication_deleted_meanwhile(curator: User) -> None:
    publication = PublicationFactory()
    Publication.objects.filter(pk=publication.pk).delete()

    with pytest.raises(ValidationError):
        update_publication(
            publication,
            user=curator,
            version=1,
            published_on=dt.date(2026, 5, 15),
            kind=PublicationKind.NEWS,
            title="Новость",
            url="https://college.example/news/1",
        )


def test_a_refused_edit_changes_nothing(curator: User) -> None:
    publication = PublicationFactory(title="Было")

    response = client_for(curator).post(
        url("edit", publication.pk), _data(title="Стало", url="ftp://x.example/", version=1)
    )

    assert response.context["form"].errors["url"]
    publication.refresh_from_db()
    assert (publication.title, publication.version) == ("Было", 1)


def test_editing_keeps_the_people_the_editor_may_not_see(teacher: User) -> None:
    teacher.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_publication", "change_publication"])
    )
    user = User.objects.get(pk=teacher.pk)
    hidden, student = TeacherFactory(), StudentFactory()
    publication = _featuring(hidden)

    response = client_for(user).post(url("edit", publication.pk), _data(student, version=1))

    assert response.status_code == 302
    assert {p.pk for p in publication.people.all()} == {hidden.pk, student.pk}


def test_the_director_cannot_edit(director: User) -> None:
    publication = PublicationFactory()
    client = client_for(director)

    assert client.get(url("edit", publication.pk)).status_code == 403
    assert client.post(url("edit", publication.pk), _data(version=1)).status_code == 403


def test_editing_a_missing_publication_is_404(curator: User) -> None:
    assert client_for(curator).get(url("edit", 999)).status_code == 404


def test_edit_refuses_put(curator: User) -> None:
    publication = PublicationFactory()

    assert client_for(curator).put(url("edit", publication.pk)).status_code == 405


def test_deleting_asks_first_then_deletes_on_post(curator: User) -> None:
    mentor = TeacherFactory()
    publication = _featuring(mentor)
    client = client_for(curator)

    page = client.get(url("delete", publication.pk))
    assert page.status_code == 200
    assert Publication.objects.exists()

    response = client.post(url("delete", publication.pk))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Publication.objects.exists()
    assert Person.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("persona", ["lead", "methodist", "director"])
def test_only_the_curator_deletes(persona: str, request: pytest.FixtureRequest) -> None:
    publication = PublicationFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("delete", publication.pk)).status_code == 403
    assert client.post(url("delete", publication.pk)).status_code == 403
    assert Publication.objects.exists()


def test_deleting_a_missing_publication_is_404(curator: User) -> None:
    assert client_for(curator).post(url("delete", 999)).status_code == 404


def test_delete_refuses_put(curator: User) -> None:
    publication = PublicationFactory()

    assert client_for(curator).put(url("delete", publication.pk)).status_code == 405


# --- The honour board's «publish» ------------------------------------------------------------


def _on_the_honour_board() -> Person:
    mentor = StudentFactory(group=StudyGroupFactory(course=3))
    IncentiveFactory(mentor=mentor, kind=IncentiveKind.HONOUR_BOARD)
    return mentor


@pytest.mark.parametrize("persona", ["curator", "lead", "methodist"])
def test_the_honour_board_offers_to_publish_each_mentor(
    persona: str, request: pytest.FixtureRequest
) -> None:
    mentor = _on_the_honour_board()

    response = client_for(request.getfixturevalue(persona)).get(reverse("incentives:honour-board"))

    assert response.context["can_publish"] is True
    assert f"{CREATE}?person={mentor.pk}&amp;kind=best_mentor" in response.text


@pytest.mark.parametrize("persona", ["director", "teacher", "outsider"])
def test_the_honour_board_offers_no_publishing_to_others(
    persona: str, request: pytest.FixtureRequest
) -> None:
    _on_the_honour_board()

    response = client_for(request.getfixturevalue(persona)).get(reverse("incentives:honour-board"))

    assert response.status_code == 200
    assert CREATE not in response.text


# --- A person's page -------------------------------------------------------------------------


def test_a_persons_page_lists_the_publications_featuring_them(curator: User) -> None:
    mentor = TeacherFactory()
    newer = _featuring(mentor, title="Новее", published_on=dt.date(2026, 3, 2))
    older = _featuring(mentor, title="Старше", published_on=dt.date(2025, 10, 1))
    PublicationFactory(title="Не про неё")

    response = client_for(curator).get(reverse("people:detail", args=[mentor.pk]))

    assert response.context["publications"] == [newer, older]
    assert f'href="{url("detail", newer.pk)}"' in response.text
    assert "02.03.2026" in response.text
    assert "Не про неё" not in response.text


def test_a_persons_page_shows_no_publications_without_the_permission(teacher: User) -> None:
    student = StudentFactory()
    _featuring(student, title="Лучший студент-наставник")

    response = client_for(teacher).get(reverse("people:detail", args=[student.pk]))

    assert response.status_code == 200
    assert "publications" not in response.context
    assert "Лучший студент-наставник" not in response.text


# The person page of a teacher as the curator sees it, publications included.
PERSON_PAGE_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 10])
def test_a_persons_page_reads_the_publications_in_one_query(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    mentor = TeacherFactory()
    for index in range(rows):
        _featuring(mentor, published_on=dt.date(2025, 4, index + 1))
    client = client_for(curator)
    client.get(reverse("people:detail", args=[mentor.pk]))  # warms the per-process caches

    with django_assert_max_num_queries(PERSON_PAGE_QUERIES):
        response = client.get(reverse("people:detail", args=[mentor.pk]))

    assert len(response.context["publications"]) == rows
