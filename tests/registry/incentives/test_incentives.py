from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from pairs.models import MentorshipStatus
from registry.incentives.forms import IncentiveForm
from registry.incentives.services import create_incentive, delete_incentive, update_incentive
from registry.models import (
    ConsentPurpose,
    Incentive,
    IncentiveKind,
    Person,
    Student,
    Teacher,
)
from tests.conftest import client_for
from tests.factories import (
    ConsentFactory,
    IncentiveFactory,
    MentorshipFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    format_of,
)
from tests.stale import refused_as_stale, seen_on, token_of

pytestmark = pytest.mark.django_db

LIST = reverse("incentives:incentive-list")
BY_MENTOR = reverse("incentives:incentive-by-mentor")
CREATE = reverse("incentives:incentive-create")
BOARD = reverse("incentives:honour-board")


@pytest.fixture(autouse=True)
def _media(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def url(name: str, pk: int) -> str:
    return reverse(f"incentives:{name}", args=[pk])


def photo(name: str = "photo.png", size: int = 8) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def teacher_mentor(**fields: object) -> Teacher:
    mentor = TeacherFactory(**fields)
    MentorshipFactory(mentors=[mentor])
    return mentor


def student_mentor(**fields: object) -> Student:
    mentor = StudentFactory(group=StudyGroupFactory(course=3), **fields)
    MentorshipFactory(
        format=format_of("student_student"),
        mentors=[mentor],
        mentees=[StudentFactory(group=StudyGroupFactory(course=1))],
    )
    return mentor


def _data(mentor: Person, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "mentor": mentor.pk,
        "kind": IncentiveKind.GRATITUDE,
        "awarded_on": "2026-06-20",
        "basis_number": "112-о",
        "basis_date": "2026-06-18",
        "reason": "За наставничество молодого педагога",
    }
    data.update(changes)
    return data


def _fields(mentor: Person, **changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "mentor": mentor,
        "kind": IncentiveKind.GRATITUDE,
        "awarded_on": dt.date(2026, 6, 20),
        "basis_number": "112-о",
        "basis_date": dt.date(2026, 6, 18),
        "reason": "За наставничество",
    }
    fields.update(changes)
    return fields


def _files(tmp_path: Path) -> list[Path]:
    """The uploaded photos (the decisions' scans of the mentorships are beside them)."""
    return [
        path
        for path in tmp_path.rglob("*")
        if path.is_file() and "decision-scans" not in path.parts
    ]


# --- The list ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director", "methodist"])
def test_the_roles_with_the_permission_see_the_list(
    persona: str, request: pytest.FixtureRequest
) -> None:
    IncentiveFactory(mentor=TeacherFactory(last_name="Награждённая"), basis_number="112-о")

    response = client_for(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "Награждённая" in response.text
    assert "№ 112-о от 18.06.2026" in response.text


@pytest.mark.parametrize("persona", ["teacher", "lead", "outsider"])
def test_others_cannot_see_incentives(persona: str, request: pytest.FixtureRequest) -> None:
    incentive = IncentiveFactory()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
    assert client.get(BY_MENTOR).status_code == 403
    assert client.get(url("incentive-detail", incentive.pk)).status_code == 403


def test_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(LIST).status_code == 405


def _records(response: object) -> list[Incentive]:
    return [row.record for row in response.context["table"].page.object_list]  # type: ignore[attr-defined]


def test_list_filters_by_academic_year(curator: User) -> None:
    this_year = IncentiveFactory(awarded_on=dt.date(2026, 6, 20))
    IncentiveFactory(awarded_on=dt.date(2025, 6, 20), basis_date=dt.date(2025, 6, 18))

    response = client_for(curator).get(LIST, {"year": "2025"})

    assert _records(response) == [this_year]


def test_list_filters_by_kind(curator: User) -> None:
    certificate = IncentiveFactory(kind=IncentiveKind.CERTIFICATE)
    IncentiveFactory(kind=IncentiveKind.GRATITUDE)

    response = client_for(curator).get(LIST, {"kind": IncentiveKind.CERTIFICATE})

    assert _records(response) == [certificate]


def test_list_filters_material_from_moral(curator: User) -> None:
    bonus = IncentiveFactory(kind=IncentiveKind.DIRECTOR_BONUS)
    allowance = IncentiveFactory(kind=IncentiveKind.ALLOWANCE)
    gratitude = IncentiveFactory(kind=IncentiveKind.GRATITUDE)
    client = client_for(curator)

    assert set(_records(client.get(LIST, {"material": "yes"}))) == {bonus, allowance}
    assert _records(client.get(LIST, {"material": "no"})) == [gratitude]


def test_list_searches_the_mentor_by_name_in_any_case_and_with_yo(curator: User) -> None:
    found = IncentiveFactory(mentor=TeacherFactory(last_name="Королёва", first_name="Анна"))
    IncentiveFactory(mentor=TeacherFactory(last_name="Смирнова"))

    response = client_for(curator).get(LIST, {"q": "королева анна"})

    assert _records(response) == [found]


@pytest.mark.parametrize("rows", [1, 10])
def test_list_takes_the_same_queries_for_any_number_of_incentives(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    for index in range(rows):
        mentor = StudentFactory() if index % 2 else TeacherFactory()
        IncentiveFactory(mentor=mentor)
    client = client_for(curator)

    with django_assert_max_num_queries(11):
        response = client.get(LIST)

    assert len(_records(response)) == rows


def test_the_by_mentor_page_counts_each_mentors_incentives(curator: User) -> None:
    busy, other = TeacherFactory(last_name="Частая"), TeacherFactory(last_name="Редкая")
    IncentiveFactory(mentor=busy, kind=IncentiveKind.DIRECTOR_BONUS)
    IncentiveFactory(mentor=busy, kind=IncentiveKind.GRATITUDE)
    IncentiveFactory(mentor=busy, kind=IncentiveKind.CERTIFICATE)
    IncentiveFactory(mentor=other, kind=IncentiveKind.GRATITUDE)

    response = client_for(curator).get(BY_MENTOR)

    rows = [(r.last_name, r.total, r.material, r.non_material) for r in _records(response)]
    assert rows == [("Частая", 3, 1, 2), ("Редкая", 1, 0, 1)]


def test_the_by_mentor_page_counts_only_the_filtered_incentives(curator: User) -> None:
    mentor = TeacherFactory()
    IncentiveFactory(mentor=mentor, kind=IncentiveKind.DIRECTOR_BONUS)
    IncentiveFactory(mentor=mentor, kind=IncentiveKind.GRATITUDE)
    IncentiveFactory(kind=IncentiveKind.GRATITUDE)

    response = client_for(curator).get(BY_MENTOR, {"material": "yes"})

    assert [(r.pk, r.total) for r in _records(response)] == [(mentor.pk, 1)]
    assert "material=yes" in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_by_mentor_page_takes_the_same_queries_for_any_number_of_mentors(
    rows: int, curator: User, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(rows):
        IncentiveFactory(mentor=StudentFactory())
    client = client_for(curator)

    with django_assert_max_num_queries(11):
        response = client.get(BY_MENTOR)

    assert len(_records(response)) == rows


def test_the_by_mentor_page_refuses_post(curator: User) -> None:
    assert client_for(curator).post(BY_MENTOR).status_code == 405


# --- The incentive page ---------------------------------------------------------------------


def test_detail_shows_the_incentive(director: User) -> None:
    incentive = IncentiveFactory(basis_number="7-о", reason="За победу подопечного")

    response = client_for(director).get(url("incentive-detail", incentive.pk))

    assert response.status_code == 200
    assert "№ 7-о от 18.06.2026" in response.text
    assert "За победу подопечного" in response.text
    assert response.context["can_change"] is False


def test_detail_of_a_parents_letter_links_to_the_letter(curator: User) -> None:
    incentive = IncentiveFactory(mentor=StudentFactory(), kind=IncentiveKind.PARENTS_LETTER)

    response = client_for(curator).get(url("incentive-detail", incentive.pk))

    assert response.status_code == 200
    assert reverse("documents:parents-letter", args=[incentive.pk]) in response.text


def test_detail_of_another_kind_has_no_letter(curator: User) -> None:
    incentive = IncentiveFactory(kind=IncentiveKind.CERTIFICATE)

    response = client_for(curator).get(url("incentive-detail", incentive.pk))

    assert "parents-letter" not in response.text


def test_detail_of_a_missing_incentive_is_404(curator: User) -> None:
    assert client_for(curator).get(url("incentive-detail", 999)).status_code == 404


def test_detail_refuses_post(curator: User) -> None:
    incentive = IncentiveFactory()

    assert client_for(curator).post(url("incentive-detail", incentive.pk)).status_code == 405


# --- Recording an incentive -----------------------------------------------------------------


def test_curator_records_an_incentive(curator: User) -> None:
    mentor = teacher_mentor()

    response = client_for(curator).post(CREATE, _data(mentor))

    incentive = Incentive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("incentive-detail", incentive.pk)
    assert (incentive.mentor_id, incentive.basis_date) == (mentor.pk, dt.date(2026, 6, 18))


def test_the_form_offers_only_mentors(curator: User) -> None:
    mentor = teacher_mentor()
    TeacherFactory()

    response = client_for(curator).get(CREATE)

    assert [p.pk for p in response.context["form"].fields["mentor"].queryset] == [mentor.pk]


def test_a_student_mentor_goes_on_the_honour_board_with_a_photo(
    curator: User, tmp_path: Path
) -> None:
    mentor = student_mentor()

    response = client_for(curator).post(
        CREATE, _data(mentor, kind=IncentiveKind.HONOUR_BOARD, photo=photo())
    )

    incentive = Incentive.objects.get()
    assert response.status_code == 302
    assert incentive.photo.name.startswith("honour-board/")
    assert (tmp_path / incentive.photo.name).is_file()


def test_a_parents_letter_for_a_teacher_is_refused(curator: User) -> None:
    mentor = teacher_mentor()

    response = client_for(curator).post(CREATE, _data(mentor, kind=IncentiveKind.PARENTS_LETTER))

    assert response.status_code == 200
    errors = str(response.context["form"].non_field_errors())
    assert "6.3" in errors
    assert mentor.full_name in errors
    assert not Incentive.objects.exists()


def test_a_photo_with_another_kind_is_refused_and_not_stored(curator: User, tmp_path: Path) -> None:
    mentor = student_mentor()

    response = client_for(curator).post(
        CREATE, _data(mentor, kind=IncentiveKind.GRATITUDE, photo=photo())
    )

    assert response.context["form"].non_field_errors()
    assert not Incentive.objects.exists()
    assert _files(tmp_path) == []


def test_an_order_after_the_award_is_refused(curator: User) -> None:
    mentor = teacher_mentor()

    response = client_for(curator).post(CREATE, _data(mentor, basis_date="2026-06-21"))

    errors = str(response.context["form"].non_field_errors())
    assert "Приказ не может быть издан позже поощрения" in errors
    assert not Incentive.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(
    curator: User, settings: pytest.FixtureRequest, tmp_path: Path
) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    mentor = student_mentor()
    big = photo(size=400)
    assert big.size > 1024

    response = client_for(curator).post(
        CREATE, _data(mentor, kind=IncentiveKind.HONOUR_BOARD, photo=big)
    )

    assert response.status_code == 200
    assert "1,0" in str(response.context["form"].errors["photo"])  # «1,0 КБ», the limit
    assert not Incentive.objects.exists()
    assert _files(tmp_path) == []


def test_a_file_that_is_not_a_picture_is_refused(curator: User) -> None:
    mentor = student_mentor()
    text = SimpleUploadedFile("photo.png", b"not a picture", content_type="image/png")

    response = client_for(curator).post(
        CREATE, _data(mentor, kind=IncentiveKind.HONOUR_BOARD, photo=text)
    )

    assert response.context["form"].errors["photo"]
    assert not Incentive.objects.exists()


@pytest.mark.parametrize("persona", ["director", "methodist", "teacher", "outsider"])
def test_only_the_curator_records_incentives(persona: str, request: pytest.FixtureRequest) -> None:
    mentor = teacher_mentor()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data(mentor)).status_code == 403
    assert not Incentive.objects.exists()


def test_create_refuses_put(curator: User) -> None:
    assert client_for(curator).put(CREATE).status_code == 405


# --- Editing and deleting -------------------------------------------------------------------


def test_curator_edits_an_incentive(curator: User) -> None:
    mentor = teacher_mentor()
    incentive = IncentiveFactory(mentor=mentor)

    response = client_for(curator).post(
        url("incentive-edit", incentive.pk),
        _data(mentor, reason="Уточнённое основание", seen=token_of(incentive)),
    )

    assert response.status_code == 302
    incentive.refresh_from_db()
    assert incentive.reason == "Уточнённое основание"


def test_edit_form_shows_the_saved_dates(curator: User) -> None:
    incentive = IncentiveFactory(mentor=teacher_mentor())

    response = client_for(curator).get(url("incentive-edit", incentive.pk))

    assert 'value="2026-06-20"' in response.text


def test_a_refused_edit_changes_nothing(curator: User) -> None:
    mentor = teacher_mentor()
    incentive = IncentiveFactory(mentor=mentor, reason="Было")

    response = client_for(curator).post(
        url("incentive-edit", incentive.pk),
        _data(mentor, kind=IncentiveKind.HONOUR_BOARD, reason="Стало", seen=token_of(incentive)),
    )

    assert "6.3" in str(response.context["form"].non_field_errors())
    assert response.context["incentive"].reason == "Было"
    incentive.refresh_from_db()
    assert (incentive.kind, incentive.reason) == (IncentiveKind.GRATITUDE, "Было")


def test_a_stale_edit_is_refused_and_changes_nothing(curator: User) -> None:
    mentor = teacher_mentor()
    incentive = IncentiveFactory(mentor=mentor, reason="Было")
    client = client_for(curator)
    seen = seen_on(client, url("incentive-edit", incentive.pk))
    Incentive.objects.filter(pk=incentive.pk).update(reason="Их основание")

    response = client.post(
        url("incentive-edit", incentive.pk), _data(mentor, reason="Моё основание", seen=seen)
    )

    assert refused_as_stale(response)
    incentive.refresh_from_db()
    assert incentive.reason == "Их основание"


def test_an_edit_without_its_token_is_refused(curator: User) -> None:
    mentor = teacher_mentor()
    incentive = IncentiveFactory(mentor=mentor, reason="Было")

    response = client_for(curator).post(
        url("incentive-edit", incentive.pk), _data(mentor, reason="Стало")
    )

    assert refused_as_stale(response)
    incentive.refresh_from_db()
    assert incentive.reason == "Было"


def test_clearing_the_photo_removes_the_file(
    curator: User, tmp_path: Path, django_capture_on_commit_callbacks: Callable
) -> None:
    mentor = student_mentor()
    incentive = create_incentive(**_fields(mentor, kind=IncentiveKind.HONOUR_BOARD), photo=photo())
    assert len(_files(tmp_path)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post(
            url("incentive-edit", incentive.pk),
            _data(
                mentor,
                kind=IncentiveKind.HONOUR_BOARD,
                seen=token_of(incentive),
                **{"photo-clear": "on"},
            ),
        )

    assert response.status_code == 302
    incentive.refresh_from_db()
    assert not incentive.photo
    assert _files(tmp_path) == []


def test_replacing_the_photo_removes_the_old_file(
    tmp_path: Path, django_capture_on_commit_callbacks: Callable
) -> None:
    mentor = student_mentor()
    incentive = create_incentive(
        **_fields(mentor, kind=IncentiveKind.HONOUR_BOARD), photo=photo("old.png")
    )

    with django_capture_on_commit_callbacks(execute=True):
        update_incentive(
            incentive=incentive,
            seen=token_of(incentive),
            **_fields(mentor, kind=IncentiveKind.HONOUR_BOARD),
            photo=photo("new.png"),
        )

    assert [path.name for path in _files(tmp_path)] == ["new.png"]


def test_leaving_the_honour_board_needs_the_photo_removed(curator: User) -> None:
    mentor = student_mentor()
    incentive = create_incentive(**_fields(mentor, kind=IncentiveKind.HONOUR_BOARD), photo=photo())

    with pytest.raises(ValidationError) as refusal:
        update_incentive(
            incentive=incentive,
            seen=token_of(incentive),
            **_fields(mentor, kind=IncentiveKind.CERTIFICATE),
        )

    assert len(refusal.value.messages) == 1
    incentive.refresh_from_db()
    assert incentive.kind == IncentiveKind.HONOUR_BOARD


def test_director_cannot_edit(director: User) -> None:
    incentive = IncentiveFactory(mentor=teacher_mentor())

    response = client_for(director).post(
        url("incentive-edit", incentive.pk), _data(incentive.mentor)
    )

    assert response.status_code == 403


def test_edit_of_a_missing_incentive_is_404(curator: User) -> None:
    assert client_for(curator).get(url("incentive-edit", 999)).status_code == 404


def test_edit_refuses_put(curator: User) -> None:
    incentive = IncentiveFactory()

    assert client_for(curator).put(url("incentive-edit", incentive.pk)).status_code == 405


def test_delete_asks_first(curator: User) -> None:
    incentive = IncentiveFactory(basis_number="5-о")

    response = client_for(curator).get(url("incentive-delete", incentive.pk))

    assert response.status_code == 200
    assert "№ 5-о от 18.06.2026" in response.text
    assert Incentive.objects.exists()


def test_curator_deletes_an_incentive_with_its_photo(
    curator: User, tmp_path: Path, django_capture_on_commit_callbacks: Callable
) -> None:
    incentive = create_incentive(
        **_fields(student_mentor(), kind=IncentiveKind.HONOUR_BOARD), photo=photo()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post(url("incentive-delete", incentive.pk))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Incentive.objects.exists()
    assert _files(tmp_path) == []


def test_director_cannot_delete(director: User) -> None:
    incentive = IncentiveFactory()

    assert client_for(director).post(url("incentive-delete", incentive.pk)).status_code == 403
    assert Incentive.objects.exists()


def test_delete_of_a_missing_incentive_is_404(curator: User) -> None:
    assert client_for(curator).post(url("incentive-delete", 999)).status_code == 404


def test_delete_refuses_put(curator: User) -> None:
    incentive = IncentiveFactory()

    assert client_for(curator).put(url("incentive-delete", incentive.pk)).status_code == 405


# --- The service's rules --------------------------------------------------------------------


def test_someone_who_is_not_a_mentor_is_refused() -> None:
    stranger = TeacherFactory()

    with pytest.raises(ValidationError) as refusal:
        create_incentive(**_fields(stranger))

    assert len(refusal.value.messages) == 1
    assert stranger.full_name in refusal.value.messages[0]
    assert not Incentive.objects.exists()


def test_a_mentor_of_a_draft_only_is_refused_and_not_offered() -> None:
    """A draft is not a formed pair yet: section 6 rewards the work of mentors."""
    drafted = TeacherFactory()
    MentorshipFactory(status=MentorshipStatus.DRAFT, decision=None, mentors=[drafted])

    with pytest.raises(ValidationError) as refusal:
        create_incentive(**_fields(drafted))

    assert drafted.full_name in refusal.value.messages[0]
    assert drafted not in IncentiveForm().fields["mentor"].queryset  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", [IncentiveKind.PARENTS_LETTER, IncentiveKind.HONOUR_BOARD])
def test_the_student_incentives_are_refused_for_a_teacher(kind: str) -> None:
    mentor = teacher_mentor()

    with pytest.raises(ValidationError) as refusal:
        create_incentive(**_fields(mentor, kind=kind))

    assert "6.3" in refusal.value.messages[0]
    assert not Incentive.objects.exists()


@pytest.mark.parametrize("kind", [IncentiveKind.PARENTS_LETTER, IncentiveKind.HONOUR_BOARD])
def test_the_student_incentives_are_given_to_a_student_mentor(kind: str) -> None:
    incentive = create_incentive(**_fields(student_mentor(), kind=kind))

    assert incentive.pk is not None


def test_a_photo_is_refused_for_other_kinds(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refusal:
        create_incentive(**_fields(teacher_mentor()), photo=photo())

    assert len(refusal.value.messages) == 1
    assert not Incentive.objects.exists()
    assert _files(tmp_path) == []


def test_an_order_dated_after_the_award_is_refused() -> None:
    with pytest.raises(ValidationError) as refusal:
        create_incentive(**_fields(teacher_mentor(), basis_date=dt.date(2026, 6, 21)))

    assert "21.06.2026" in refusal.value.messages[0]
    assert not Incentive.objects.exists()


def test_an_order_of_the_same_day_is_accepted() -> None:
    incentive = create_incentive(**_fields(teacher_mentor(), basis_date=dt.date(2026, 6, 20)))

    assert incentive.basis_date == incentive.awarded_on


def test_every_broken_rule_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as refusal:
        create_incentive(
            **_fields(
                TeacherFactory(),
                kind=IncentiveKind.PARENTS_LETTER,
                basis_date=dt.date(2027, 1, 1),
            ),
            photo=photo(),
        )

    assert len(refusal.value.messages) == 4


def test_deleting_keeps_other_incentives() -> None:
    kept, gone = IncentiveFactory(), IncentiveFactory()

    delete_incentive(incentive=gone)

    assert list(Incentive.objects.all()) == [kept]


# --- The honour board -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["teacher", "outsider", "lead", "curator"])
def test_everyone_logged_in_sees_the_honour_board(
    persona: str, request: pytest.FixtureRequest
) -> None:
    mentor = student_mentor(last_name="Лучшая")
    ConsentFactory(person=mentor, purpose=ConsentPurpose.PHOTO)
    incentive = create_incentive(
        **_fields(mentor, kind=IncentiveKind.HONOUR_BOARD, reason="Лучший наставник года"),
        photo=photo(),
    )
    IncentiveFactory(mentor=TeacherFactory(last_name="Благодарная"))

    response = client_for(request.getfixturevalue(persona)).get(BOARD)

    assert response.status_code == 200
    assert "Лучшая" in response.text
    assert "Лучший наставник года" in response.text
    assert incentive.photo.url in response.text
    assert "Благодарная" not in response.text


def test_the_honour_board_photo_is_served_to_a_logged_in_user(outsider: User) -> None:
    mentor = student_mentor()
    ConsentFactory(person=mentor, purpose=ConsentPurpose.PHOTO)
    incentive = create_incentive(**_fields(mentor, kind=IncentiveKind.HONOUR_BOARD), photo=photo())

    response = client_for(outsider).get(incentive.photo.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_honour_board_groups_by_academic_year(teacher: User) -> None:
    mentor = student_mentor()
    create_incentive(**_fields(mentor, kind=IncentiveKind.HONOUR_BOARD))
    create_incentive(
        **_fields(
            mentor,
            kind=IncentiveKind.HONOUR_BOARD,
            awarded_on=dt.date(2025, 5, 20),
            basis_date=dt.date(2025, 5, 18),
        )
    )

    response = client_for(teacher).get(BOARD)

    assert [str(year) for year, _ in response.context["years"]] == ["2025/2026", "2024/2025"]


def test_an_empty_honour_board_says_so(teacher: User) -> None:
    response = client_for(teacher).get(BOARD)

    assert response.status_code == 200
    assert response.context["years"] == []
    assert 'role="status"' in response.text


def test_the_honour_board_refuses_post(teacher: User) -> None:
    assert client_for(teacher).post(BOARD).status_code == 405


# --- The photo only under a consent to publishing it (152-ФЗ) ---------------------------------


def _on_the_board(**consent: object) -> Incentive:
    """A student mentor on the honour board with a photo; with `consent` given, a consent to
    publishing the photo of those fields."""
    mentor = student_mentor(last_name="Фотогенова", first_name="Дарья")
    if consent:
        ConsentFactory(person=mentor, purpose=ConsentPurpose.PHOTO, **consent)
    return create_incentive(**_fields(mentor, kind=IncentiveKind.HONOUR_BOARD), photo=photo())


NOTE = "нет согласия на публикацию фото"


@pytest.mark.parametrize(
    "consent",
    [
        {},
        {"withdrawn_on": dt.date(2026, 1, 10)},
        {"given_on": dt.date(2024, 9, 1), "valid_until": dt.date(2025, 8, 31)},
        {"purpose": ConsentPurpose.PROGRAM},
    ],
    ids=["none", "withdrawn", "expired", "another purpose"],
)
def test_without_a_valid_photo_consent_the_board_shows_initials_and_no_photo(
    teacher: User, consent: dict[str, object]
) -> None:
    if consent.get("purpose") == ConsentPurpose.PROGRAM:
        incentive = _on_the_board()
        ConsentFactory(person=incentive.mentor, purpose=ConsentPurpose.PROGRAM)
    else:
        incentive = _on_the_board(**consent)

    response = client_for(teacher).get(BOARD)

    assert response.status_code == 200
    assert incentive.photo.url not in response.text
    assert 'data-testid="photo-placeholder"' in response.text
    assert "ДФ" in response.text  # Дарья Фотогенова
    # The note is the curator's only.
    assert 'data-testid="no-photo-consent"' not in response.text
    assert client_for(teacher).get(incentive.photo.url).status_code == 403


def test_the_curator_sees_the_note_and_may_open_the_photo(curator: User) -> None:
    incentive = _on_the_board()

    response = client_for(curator).get(BOARD)

    assert incentive.photo.url not in response.text
    assert 'data-testid="no-photo-consent"' in response.text
    assert NOTE in response.text
    assert client_for(curator).get(incentive.photo.url).status_code == 200


def test_a_valid_photo_consent_shows_the_photo_without_a_note(curator: User, teacher: User) -> None:
    incentive = _on_the_board(valid_until=dt.date(2099, 12, 31))

    for user in (curator, teacher):
        response = client_for(user).get(BOARD)
        assert incentive.photo.url in response.text
        assert 'data-testid="no-photo-consent"' not in response.text
        assert client_for(user).get(incentive.photo.url).status_code == 200


def test_a_minors_own_photo_consent_does_not_count(teacher: User) -> None:
    """A minor's consent is given by a parent or legal representative (152-ФЗ, article 9)."""
    incentive = _on_the_board(given_by="self")
    today = timezone.localdate()
    incentive.mentor.birth_date = today.replace(year=today.year - 16, day=1)
    incentive.mentor.save()

    assert client_for(teacher).get(incentive.photo.url).status_code == 403
    assert incentive.photo.url not in client_for(teacher).get(BOARD).text


def test_a_photo_file_no_incentive_names_is_not_served(teacher: User, curator: User) -> None:
    incentive = _on_the_board(valid_until=None)
    orphan = incentive.photo.url.replace(".png", "-orphan.png")
    Path(incentive.photo.path).with_name(
        Path(incentive.photo.path).stem + "-orphan.png"
    ).write_bytes(Path(incentive.photo.path).read_bytes())

    assert client_for(teacher).get(orphan).status_code == 403
    assert client_for(curator).get(orphan).status_code == 200


@pytest.mark.parametrize("rows", [1, 6])
def test_the_honour_board_checks_consents_in_a_constant_number_of_queries(
    curator: User, rows: int, django_assert_max_num_queries: object
) -> None:
    for n in range(rows):
        mentor = student_mentor()
        if n % 2:
            ConsentFactory(person=mentor, purpose=ConsentPurpose.PHOTO)
        create_incentive(**_fields(mentor, kind=IncentiveKind.HONOUR_BOARD), photo=photo())
    client = client_for(curator)
    client.get(BOARD)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get(BOARD).status_code == 200
