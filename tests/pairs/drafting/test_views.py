"""The drafting pages: «Сформировать пары» with suggested mentors, the drafts list, confirming
drafts by a decision with its scan, and deleting a draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.dates import AcademicYear
from pairs.drafting.forms import default_start, planned_end_for
from pairs.drafting.tables import DraftTable
from pairs.models import (
    Decision,
    DecisionBody,
    Mentorship,
    MentorshipStatus,
    ParticipantRole,
)
from registry.models import PartnerKind, Person, Student
from tests.conftest import client_for
from tests.factories import (
    AgreementFactory,
    DecisionFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PartnerOrganizationFactory,
    PoolEntryFactory,
    PupilFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)
from tests.files import picture

pytestmark = pytest.mark.django_db

DRAFTING = reverse("drafting:drafting")
DRAFTS = reverse("drafting:drafts")
CONFIRM = reverse("drafting:drafts-confirm")
REGISTRY = reverse("mentorships:registry")
START = "2025-10-01"


def delete_url(pk: int) -> str:
    return reverse("drafting:draft-delete", args=[pk])


def detail(pk: int) -> str:
    return reverse("mentorships:mentorship-detail", args=[pk])


def student(course: int = 1, **kwargs: Any) -> Student:
    return StudentFactory(group=StudyGroupFactory(course=course), **kwargs)


def in_pool(person: Person, role: str, code: str = "student_student", **kwargs: Any) -> Person:
    PoolEntryFactory(person=person, role=role, format=format_of(code), **kwargs)
    return person


def pdf(name: str = "protocol.pdf", data: bytes = b"%PDF-1.4\n%%EOF\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def draft(code: str = "student_student", **kwargs: Any) -> Mentorship:
    """A draft that breaks no rule: of «student – student» unless told otherwise."""
    if code == "student_student":
        kwargs.setdefault("variant", variant_of(code, "achiever_underachiever"))
        kwargs.setdefault("mentors", [student(course=3)])
        kwargs.setdefault("mentees", [student(course=1)])
    else:
        kwargs.setdefault("mentors", [TeacherFactory()])
        kwargs.setdefault("mentees", [TeacherFactory()])
    return MentorshipFactory(
        format=format_of(code), status=MentorshipStatus.DRAFT, decision=None, **kwargs
    )


def scans() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "decision-scans"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# ---- «Сформировать пары» --------------------------------------------------------------------


@pytest.fixture
def waiting() -> Student:
    """A first-year mentee of «студент – студент» 2025/2026 waiting for a pair."""
    mentee = student(course=1, last_name="Ждущая")
    in_pool(
        mentee,
        ParticipantRole.MENTEE,
        variant=variant_of("student_student", "leader_passive"),
        request="Подтянуть математику",
    )
    return mentee


@pytest.fixture
def mentor() -> Student:
    """A third-year mentor of the same pool, good at mathematics, with two seats."""
    person = student(course=3, last_name="Наставникова")
    in_pool(person, ParticipantRole.MENTOR)
    MentorProfileFactory(person=person, competencies="Математика", capacity=2)
    return person


def choose(mentee: Person, **extra: str) -> dict[str, Any]:
    return {
        "format": "student_student",
        "year": "2025",
        "mentees": [mentee.pk],
        "started_on": START,
        **extra,
    }


def test_drafting_lists_the_mentees_waiting_for_a_pair(curator: User, waiting: Student) -> None:
    busy = student(course=1, last_name="Занятый")
    in_pool(busy, ParticipantRole.MENTEE)
    MentorshipFactory(format=format_of("student_student"), mentees=[busy])

    response = client_for(curator).get(DRAFTING, {"format": "student_student", "year": "2025"})

    assert response.status_code == 200
    assert "Ждущая" in response.text
    assert "Занятый" not in response.text
    assert response.context["ranking"] is None
    assert "здесь появятся подходящие наставники" in response.text


def test_ticking_a_mentee_shows_ranked_mentors_with_reasons(
    curator: User, waiting: Student, mentor: Student
) -> None:
    response = client_for(curator).get(DRAFTING, choose(waiting))

    (suggestion,) = response.context["ranking"].suggestions
    assert suggestion.person.pk == mentor.pk
    assert "свободно 2 из 2 мест" in response.text
    assert "общие интересы: математику" in response.text
    # The variant comes from the mentee's pool entry.
    assert response.context["variant"] == variant_of("student_student", "leader_passive")


def test_htmx_gets_the_suggestions_alone(curator: User, waiting: Student, mentor: Student) -> None:
    response = client_for(curator).get(DRAFTING, choose(waiting), HTTP_HX_REQUEST="true")

    assert [t.name for t in response.templates][0] == "pairs/drafting/_suggestions.html"
    assert "Наставникова" in response.text
    assert "<html" not in response.text


def _suggestions_queries(user: User, mentee: Person) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DRAFTING, choose(mentee), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return len(captured)


def test_the_suggestions_take_the_same_queries_for_3_or_30_mentors(
    curator: User, waiting: Student
) -> None:
    group = StudyGroupFactory(course=3)
    for _ in range(3):
        in_pool(StudentFactory(group=group), ParticipantRole.MENTOR)
    few = _suggestions_queries(curator, waiting)
    for _ in range(27):
        in_pool(StudentFactory(group=group), ParticipantRole.MENTOR)

    many = _suggestions_queries(curator, waiting)

    assert many == few
    assert len(rank_of(curator, waiting).suggestions) == 30


def rank_of(user: User, mentee: Person) -> Any:
    return client_for(user).get(DRAFTING, choose(mentee)).context["ranking"]


def test_the_defaults_start_today_and_end_on_30_june(curator: User) -> None:
    next_year = AcademicYear.current().next

    response = client_for(curator).get(
        DRAFTING, {"format": "student_student", "year": str(next_year.start_year)}
    )

    assert response.context["started_on"] == default_start(next_year) == next_year.first_day
    assert response.context["planned_end_on"] == f"{next_year.start_year + 1}-06-30"
    assert planned_end_for(dt.date(2025, 10, 1), AcademicYear(2025)) == dt.date(2026, 6, 30)


def test_a_draft_is_made_of_a_suggested_mentor(
    curator: User, waiting: Student, mentor: Student
) -> None:
    data = choose(
        waiting,
        variant=str(variant_of("student_student", "leader_passive").pk),
        planned_end_on="2026-06-30",
    )
    data["mentors"] = [mentor.pk]

    response = client_for(curator).post(DRAFTING, data)

    assert response.status_code == 302
    assert response["Location"] == f"{DRAFTING}?format=student_student&year=2025"
    made = Mentorship.objects.get()
    assert made.status == MentorshipStatus.DRAFT
    assert made.decision is None
    assert made.created_by == curator
    assert [p.pk for p in made.mentors.all()] == [mentor.pk]
    assert [p.pk for p in made.mentees.all()] == [waiting.pk]
    assert made.variant.code == "leader_passive"
    assert (made.started_on, made.planned_end_on) == (dt.date(2025, 10, 1), dt.date(2026, 6, 30))


def test_the_message_of_a_new_draft_links_to_it(
    curator: User, waiting: Student, mentor: Student
) -> None:
    data = choose(
        waiting,
        variant=str(variant_of("student_student", "leader_passive").pk),
        planned_end_on="2026-06-30",
    )
    data["mentors"] = [mentor.pk]

    response = client_for(curator).post(DRAFTING, data, follow=True)

    made = Mentorship.objects.get()
    [message] = [str(m) for m in response.context["messages"]]
    href = reverse("mentorships:mentorship-detail", args=[made.pk])
    assert f'<a class="alert-link" href="{href}">' in message
    assert f'href="{href}">' in response.text  # shown as a link, not as escaped text
    assert "&lt;a" not in response.text


def test_a_group_draft_of_two_mentees(curator: User, waiting: Student, mentor: Student) -> None:
    other = in_pool(student(course=1), ParticipantRole.MENTEE)
    data = choose(waiting, planned_end_on="2026-06-30")
    data |= {"mentees": [waiting.pk, other.pk], "mentors": [mentor.pk]}

    client_for(curator).post(DRAFTING, data)

    assert Mentorship.objects.get().is_group


def test_a_refused_draft_shows_the_rule_and_saves_nothing(curator: User, waiting: Student) -> None:
    same_course = in_pool(student(course=1, last_name="Однокурсница"), ParticipantRole.MENTOR)
    data = choose(waiting, planned_end_on="2026-06-30")
    data["mentors"] = [same_course.pk]

    response = client_for(curator).post(DRAFTING, data)

    assert response.status_code == 200
    assert "Черновик не создан" in response.text
    assert "наставник обучается на более старшем курсе" in response.text
    assert not Mentorship.objects.exists()


def test_no_mentor_ticked_is_refused(curator: User, waiting: Student, mentor: Student) -> None:
    response = client_for(curator).post(DRAFTING, choose(waiting, planned_end_on="2026-06-30"))

    assert response.status_code == 200
    assert "Отметьте хотя бы одного из предложенных наставников" in response.text
    assert not Mentorship.objects.exists()


def test_a_mentor_outside_the_pool_cannot_be_posted(curator: User, waiting: Student) -> None:
    data = choose(waiting, planned_end_on="2026-06-30")
    data["mentors"] = [student(course=3).pk]

    response = client_for(curator).post(DRAFTING, data)

    assert response.status_code == 200
    assert not Mentorship.objects.exists()


def test_lead_drafts_only_their_format(lead: User) -> None:
    client = client_for(lead)

    assert client.get(DRAFTING).context["format"].code == "student_student"
    assert client.get(DRAFTING, {"format": "teacher_teacher"}).status_code == 404
    assert client.post(DRAFTING, {"format": "teacher_teacher"}).status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "director", "methodist", "outsider"])
def test_drafting_needs_the_curator_or_a_lead(persona: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(persona)).get(DRAFTING).status_code == 403


def test_drafting_refuses_delete(curator: User) -> None:
    assert client_for(curator).delete(DRAFTING).status_code == 405


def test_a_lead_of_no_format_is_told_so() -> None:
    user = UserFactory(username="lonely_lead", roles=["format_lead"])

    response = client_for(user).get(DRAFTING)

    assert response.status_code == 200
    assert response.context["formats"] == []
    assert "alert-warning" in response.text


# ---- the drafts list ------------------------------------------------------------------------


def test_drafts_list_shows_the_drafts_only(curator: User) -> None:
    shown = draft(mentors=[student(course=3, last_name="Черновикова")])
    MentorshipFactory(mentors=[TeacherFactory(last_name="Действующая")])

    response = client_for(curator).get(DRAFTS)

    assert response.status_code == 200
    assert "Черновикова" in response.text
    assert "Действующая" not in response.text
    assert f'name="drafts" value="{shown.pk}"' in response.text


def test_drafts_list_of_a_lead_holds_their_format_only(lead: User) -> None:
    draft(mentors=[student(course=3, last_name="Своя")])
    draft("teacher_teacher", mentors=[TeacherFactory(last_name="Чужая")])

    response = client_for(lead).get(DRAFTS)

    assert "Своя" in response.text
    assert "Чужая" not in response.text


def test_drafts_list_filters_by_format(curator: User) -> None:
    draft(mentors=[student(course=3, last_name="Студенческая")])
    draft("teacher_teacher", mentors=[TeacherFactory(last_name="Педагогическая")])

    response = client_for(curator).get(DRAFTS, {"format": "teacher_teacher"})

    assert "Педагогическая" in response.text
    assert "Студенческая" not in response.text


def test_drafts_list_shows_who_drafted(curator: User) -> None:
    draft(created_by=UserFactory(first_name="Инна", last_name="Составитель"))

    assert "Инна Составитель" in client_for(curator).get(DRAFTS).text


def test_drafts_list_empty_state(curator: User) -> None:
    response = client_for(curator).get(DRAFTS)

    assert "Черновиков нет" in response.text


def test_drafts_list_queries_do_not_grow_with_drafts(curator: User) -> None:
    client = client_for(curator)
    for _ in range(2):
        draft(created_by=curator)
    client.get(DRAFTS)  # warm the per-session caches
    with CaptureQueriesContext(connection) as few:
        client.get(DRAFTS)
    for _ in range(6):
        draft(created_by=curator, mentees=[student(course=1), student(course=1)])
    with CaptureQueriesContext(connection) as many:
        client.get(DRAFTS)

    assert len(many) == len(few)
    assert len(few) <= 15


def test_the_drafts_table_masks_a_hidden_variant() -> None:
    masked = draft(
        "teacher_student",
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[student(course=1)],
    )
    table = DraftTable(Mentorship.objects.with_people(), hidden_variant_formats={masked.format_id})

    assert "скрыт" in str(table.render_variant(masked))
    assert "ОВЗ" not in str(table.render_variant(masked))


@pytest.mark.parametrize("persona", ["teacher", "director", "methodist", "outsider"])
def test_drafts_list_needs_the_curator_or_a_lead(
    persona: str, request: pytest.FixtureRequest
) -> None:
    assert client_for(request.getfixturevalue(persona)).get(DRAFTS).status_code == 403


def test_drafts_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(DRAFTS).status_code == 405


# ---- confirming by a decision ------------------------------------------------------------


def new_decision(drafts: list[Mentorship], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "drafts": [d.pk for d in drafts],
        "basis": "new",
        "body": DecisionBody.PEDAGOGICAL_COUNCIL,
        "number": "7",
        "decided_on": "2025-09-20",
        "student_council_opinion": "Студенческий совет поддерживает (протокол № 3).",
        "scan": pdf(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_confirm_page_shows_the_chosen_drafts(curator: User) -> None:
    chosen = draft(mentors=[student(course=3, last_name="Выбранная")])

    response = client_for(curator).get(CONFIRM, {"drafts": chosen.pk})

    assert response.status_code == 200
    assert "Выбранная" in response.text
    assert "student_council_opinion" in response.context["form"].fields
    assert "partner" not in response.context["form"].fields


def test_a_new_decision_with_its_scan_confirms_the_drafts(curator: User) -> None:
    drafts = [draft(), draft()]

    response = client_for(curator).post(CONFIRM, new_decision(drafts))

    assert response.status_code == 302
    assert response["Location"] == REGISTRY
    decision = Decision.objects.get()
    assert decision.number == "7"
    assert decision.scan.name.startswith("decision-scans/")
    for mentorship in drafts:
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.ACTIVE
        assert mentorship.decision == decision
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert messages == ["2 пары внесены в реестр."]


def test_a_recorded_decision_with_a_scan_confirms(lead: User) -> None:
    chosen = draft()
    decision = DecisionFactory()

    response = client_for(lead).post(
        CONFIRM, {"drafts": chosen.pk, "basis": "existing", "decision": decision.pk}
    )

    assert response.status_code == 302
    chosen.refresh_from_db()
    assert chosen.decision == decision


def test_a_recorded_decision_without_a_scan_gets_it_attached(curator: User) -> None:
    chosen = draft()
    decision = DecisionFactory(scan="")

    response = client_for(curator).post(
        CONFIRM,
        {"drafts": chosen.pk, "basis": "existing", "decision": decision.pk, "scan": pdf()},
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.scan
    assert Path(decision.scan.path).read_bytes().startswith(b"%PDF")


def test_a_recorded_decision_without_a_scan_needs_one(curator: User) -> None:
    chosen = draft()
    decision = DecisionFactory(scan="")

    response = client_for(curator).post(
        CONFIRM, {"drafts": chosen.pk, "basis": "existing", "decision": decision.pk}
    )

    assert response.status_code == 200
    assert "К решению ещё не приложен скан" in response.text
    chosen.refresh_from_db()
    assert chosen.status == MentorshipStatus.DRAFT


def test_a_new_decision_needs_its_scan(curator: User) -> None:
    chosen = draft()

    response = client_for(curator).post(CONFIRM, new_decision([chosen], scan=None))

    assert response.status_code == 200
    assert "Приложите скан: решение утверждает наставнические пары только вместе с ним" in (
        response.text
    )
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (SimpleUploadedFile("protocol.txt", b"%PDF-1.4"), "PDF, JPEG или PNG"),
        (pdf(data=b"MZ\x90\x00 not a pdf"), "как бы он ни назывался"),
    ],
)
def test_only_a_real_pdf_or_picture_is_a_scan(
    curator: User, upload: SimpleUploadedFile, fragment: str
) -> None:
    chosen = draft()

    response = client_for(curator).post(CONFIRM, new_decision([chosen], scan=upload))

    assert response.status_code == 200
    assert fragment in response.text
    assert not Decision.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(curator: User, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    chosen = draft()

    response = client_for(curator).post(CONFIRM, new_decision([chosen]))

    assert response.status_code == 200
    assert "не принимаются" in response.text
    assert not Decision.objects.exists()


def test_a_png_scan_is_accepted(curator: User) -> None:
    chosen = draft()
    png = SimpleUploadedFile("protocol.png", picture("PNG"))

    response = client_for(curator).post(CONFIRM, new_decision([chosen], scan=png))

    assert response.status_code == 302


def test_confirmation_is_all_or_nothing(curator: User) -> None:
    fine = draft()
    busy_mentee = student(course=1)
    broken = draft(mentees=[busy_mentee])
    # Meanwhile the second draft's mentee got an active pair of the format.
    MentorshipFactory(format=format_of("student_student"), mentees=[busy_mentee])
    before = scans()

    response = client_for(curator).post(CONFIRM, new_decision([fine, broken], number="8"))

    assert response.status_code == 200
    assert "Ничего не утверждено" in response.text
    assert f"Черновик № {broken.pk}: " in response.text
    assert "уже состоит в действующей наставнической паре" in response.text
    for mentorship in (fine, broken):
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.DRAFT
    assert not Decision.objects.filter(number="8").exists()
    assert scans() == before  # the uploaded scan is removed again


def test_a_refused_attachment_leaves_the_recorded_decision_without_a_scan(curator: User) -> None:
    busy_mentee = student(course=1)
    broken = draft(mentees=[busy_mentee])
    MentorshipFactory(format=format_of("student_student"), mentees=[busy_mentee])
    decision = DecisionFactory(scan="")
    before = scans()

    response = client_for(curator).post(
        CONFIRM,
        {"drafts": broken.pk, "basis": "existing", "decision": decision.pk, "scan": pdf()},
    )

    assert response.status_code == 200
    assert "Ничего не утверждено" in response.text
    decision.refresh_from_db()
    assert not decision.scan
    assert scans() == before


def test_a_decision_of_the_wrong_body_is_refused(curator: User) -> None:
    """Mixed formats: the pedagogical council may decide on «студент – студент» but not on
    «студент – ученик», whose pairs the head of the joint project forms."""
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    AgreementFactory(organization=school)
    pupil_draft = MentorshipFactory(
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "active"),
        status=MentorshipStatus.DRAFT,
        decision=None,
        mentors=[student(course=2)],
        mentees=[PupilFactory(school=school)],
    )
    students_draft = draft()

    response = client_for(curator).post(
        CONFIRM,
        new_decision(
            [students_draft, pupil_draft],
            school_curator_opinion="Куратор школы поддерживает.",
        ),
    )

    assert response.status_code == 200
    assert "формируются решением, которое принимает: руководитель совместного проекта" in (
        response.text
    )
    assert not Decision.objects.exists()
    students_draft.refresh_from_db()
    assert students_draft.status == MentorshipStatus.DRAFT


def test_a_recorded_decision_of_another_body_is_not_offered(curator: User) -> None:
    chosen = draft()
    employer = DecisionFactory(
        body=DecisionBody.EMPLOYER,
        partner=PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE),
    )

    response = client_for(curator).post(
        CONFIRM, {"drafts": chosen.pk, "basis": "existing", "decision": employer.pk}
    )

    assert response.status_code == 200
    assert employer not in response.context["form"].decisions
    chosen.refresh_from_db()
    assert chosen.status == MentorshipStatus.DRAFT


def test_a_new_decision_for_student_pairs_needs_the_councils_opinion(curator: User) -> None:
    chosen = draft()

    response = client_for(curator).post(CONFIRM, new_decision([chosen], student_council_opinion=""))

    assert response.status_code == 200
    assert response.context["form"].errors["student_council_opinion"]
    assert not Decision.objects.exists()


def test_a_decision_of_the_project_head_names_the_school(curator: User) -> None:
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    AgreementFactory(organization=school)
    pupil_draft = MentorshipFactory(
        format=format_of("student_pupil"),
        variant=variant_of("student_pupil", "active"),
        status=MentorshipStatus.DRAFT,
        decision=None,
        mentors=[student(course=2)],
        mentees=[PupilFactory(school=school)],
    )
    data = new_decision(
        [pupil_draft],
        body=DecisionBody.PROJECT_HEAD,
        student_council_opinion=None,
        school_curator_opinion="Куратор школы поддерживает.",
    )

    refused = client_for(curator).post(CONFIRM, data)
    data["scan"] = pdf()
    accepted = client_for(curator).post(CONFIRM, data | {"partner": school.pk})

    assert refused.status_code == 200
    assert refused.context["form"].errors["partner"]
    assert accepted.status_code == 302
    assert Decision.objects.get().partner == school


def test_nothing_ticked_goes_back_to_the_list(curator: User) -> None:
    response = client_for(curator).get(CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == DRAFTS


def test_lead_cannot_confirm_a_draft_of_another_format(lead: User) -> None:
    other = draft("teacher_teacher")

    assert client_for(lead).get(CONFIRM, {"drafts": other.pk}).status_code == 404
    response = client_for(lead).post(CONFIRM, new_decision([other]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == MentorshipStatus.DRAFT


def test_a_bad_draft_id_is_404(curator: User) -> None:
    assert client_for(curator).get(CONFIRM, {"drafts": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "director", "methodist", "outsider"])
def test_confirming_needs_the_curator_or_a_lead(
    persona: str, request: pytest.FixtureRequest
) -> None:
    chosen = draft()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(CONFIRM, {"drafts": chosen.pk}).status_code == 403
    assert client.post(CONFIRM, new_decision([chosen])).status_code == 403
    chosen.refresh_from_db()
    assert chosen.status == MentorshipStatus.DRAFT


def test_confirming_refuses_delete(curator: User) -> None:
    assert client_for(curator).delete(CONFIRM).status_code == 405


# ---- the decision's scan ----------------------------------------------------------------


def test_the_scan_is_downloadable_by_who_sees_decisions(
    curator: User, director: User, teacher: User
) -> None:
    client_for(curator).post(CONFIRM, new_decision([draft()]))
    decision = Decision.objects.get()
    url = reverse("mentorships:decision-scan", args=[decision.pk])

    response = client_for(director).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(teacher).get(url).status_code == 403
    # Never as a plain media file, which would skip the decision's scope.
    assert client_for(director).get(decision.scan.url).status_code == 404


def test_a_scan_of_an_ovz_pair_is_not_for_a_lead_who_may_not_see_it(
    lead: User, curator: User
) -> None:
    ovz = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentors=[TeacherFactory()],
        mentees=[StudentFactory()],
    )
    own = MentorshipFactory(
        format=format_of("student_student"),
        decision=ovz.decision,
        mentors=[StudentFactory()],
        mentees=[StudentFactory()],
    )
    url = reverse("mentorships:decision-scan", args=[own.decision.pk])

    assert client_for(curator).get(url).status_code == 200
    assert client_for(lead).get(url).status_code == 404
    # Nor does the pair's page offer the lead a link that would not open.
    page = reverse("mentorships:mentorship-detail", args=[own.pk])
    assert url in client_for(curator).get(page).text
    assert url not in client_for(lead).get(page).text


def test_a_scan_of_another_formats_decision_is_not_for_a_lead(lead: User) -> None:
    other = MentorshipFactory(format=format_of("teacher_teacher"))

    url = reverse("mentorships:decision-scan", args=[other.decision.pk])

    assert client_for(lead).get(url).status_code == 404


def test_the_scan_refuses_post(curator: User) -> None:
    url = reverse("mentorships:decision-scan", args=[DecisionFactory().pk])

    assert client_for(curator).post(url).status_code == 405


def test_the_confirm_page_links_the_scans(curator: User) -> None:
    decision = DecisionFactory()

    response = client_for(curator).get(CONFIRM, {"drafts": draft().pk})

    assert reverse("mentorships:decision-scan", args=[decision.pk]) in response.text


# ---- the draft's page and deleting a draft ------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "lead"])
def test_the_draft_page_offers_to_confirm_and_delete(
    persona: str, request: pytest.FixtureRequest
) -> None:
    chosen = draft()

    response = client_for(request.getfixturevalue(persona)).get(detail(chosen.pk))

    assert f"{CONFIRM}?drafts={chosen.pk}" in response.text
    assert delete_url(chosen.pk) in response.text


def test_an_active_mentorship_page_has_no_draft_actions(curator: User) -> None:
    active = MentorshipFactory()

    response = client_for(curator).get(detail(active.pk))

    assert delete_url(active.pk) not in response.text


def test_a_mentor_does_not_get_the_draft_actions(teacher: User, teacher_person: Any) -> None:
    chosen = draft("teacher_teacher", mentors=[teacher_person])

    response = client_for(teacher).get(detail(chosen.pk))

    assert delete_url(chosen.pk) not in response.text


def test_delete_asks_first(curator: User) -> None:
    chosen = draft()

    response = client_for(curator).get(delete_url(chosen.pk))

    assert response.status_code == 200
    assert "Отменить это действие нельзя" in response.text
    assert Mentorship.objects.filter(pk=chosen.pk).exists()


def test_delete_removes_the_draft(lead: User) -> None:
    chosen = draft()

    response = client_for(lead).post(delete_url(chosen.pk))

    assert response.status_code == 302
    assert response["Location"] == DRAFTS
    assert not Mentorship.objects.filter(pk=chosen.pk).exists()


def test_a_confirmed_mentorship_is_not_deleted(curator: User) -> None:
    active = MentorshipFactory()

    assert client_for(curator).post(delete_url(active.pk)).status_code == 404
    assert Mentorship.objects.filter(pk=active.pk).exists()


def test_lead_cannot_delete_a_draft_of_another_format(lead: User) -> None:
    other = draft("teacher_teacher")

    assert client_for(lead).post(delete_url(other.pk)).status_code == 404
    assert Mentorship.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("persona", ["teacher", "director", "methodist", "outsider"])
def test_delete_needs_the_curator_or_a_lead(persona: str, request: pytest.FixtureRequest) -> None:
    chosen = draft()

    assert client_for(request.getfixturevalue(persona)).post(delete_url(chosen.pk)).status_code == (
        403
    )
    assert Mentorship.objects.filter(pk=chosen.pk).exists()


def test_delete_refuses_put(curator: User) -> None:
    assert client_for(curator).put(delete_url(draft().pk)).status_code == 405


def test_a_new_decision_dated_in_the_future_is_refused(curator: User) -> None:
    chosen = draft()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(curator).post(
        CONFIRM, new_decision([chosen], decided_on=tomorrow.isoformat())
    )

    assert response.status_code == 200
    assert "Дата решения не может быть в будущем" in response.text
    chosen.refresh_from_db()
    assert chosen.status == MentorshipStatus.DRAFT
    assert not Decision.objects.exists()
