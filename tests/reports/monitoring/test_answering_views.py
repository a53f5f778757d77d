"""The staff pages of answering: paper entry, declining, who has not answered, the sheet of
links with QR codes (PDF), and the individual answers (curator and format lead only).

Tests named `test_pdf_…` render through WeasyPrint; `pytest -k "not pdf"` leaves them out.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.versions import row_fingerprint
from programs.models import MentoringFormat
from registry.models import AccessAction, AccessLogEntry
from reports.models import (
    AnswerChannel,
    Assignment,
    AssignmentState,
    DeclineReason,
    Response,
)
from tests.conftest import client_for
from tests.factories import PupilFactory, StudentFactory, StudyGroupFactory, TeacherFactory
from tests.pdf import pdf_text
from tests.reports.monitoring.test_answering_services import (
    COMPLETE,
    answering_setup,
    submit,
)
from tests.stale import refused_as_stale

pytestmark = pytest.mark.django_db

PAPER = {"q-comfort": "6", "q-continue": "0", "q-often": "1", "q-things": ["0"], "q-grade": "4,5"}


@pytest.fixture
def assignment(db: None) -> Assignment:
    """Of «студент – студент», which the `lead` fixture leads."""
    return answering_setup()


@pytest.fixture
def other_format(db: None) -> Assignment:
    return answering_setup("teacher_teacher", last_name="Другой")


def url(name: str, *args: Any) -> str:
    return reverse(f"answering:{name}", args=args)


def paper(**fields: Any) -> dict[str, Any]:
    return {**PAPER, "paper_dated": timezone.localdate().isoformat(), **fields}


# --- Paper entry ------------------------------------------------------------------------------


def test_the_curator_enters_a_paper_questionnaire(curator: User, assignment: Assignment) -> None:
    client = client_for(curator)
    form = client.get(url("paper-entry", assignment.pk))
    assert form.status_code == 200
    assert "q-grade" in form.context["form"].fields

    response = client.post(url("paper-entry", assignment.pk), paper())

    saved = Response.objects.get(assignment=assignment)
    assert response.status_code == 302
    assert response["Location"] == url("response-detail", saved.pk)
    assert saved.channel == AnswerChannel.PAPER
    assert saved.entered_by == curator and saved.paper_dated == timezone.localdate()
    assert saved.answers.get(question__key="grade").number == 4.5


def test_the_second_paper_entry_is_refused(
    curator: User, lead: User, assignment: Assignment
) -> None:
    lead_form = client_for(lead).get(url("paper-entry", assignment.pk))
    assert lead_form.status_code == 200
    client_for(curator).post(url("paper-entry", assignment.pk), paper())

    response = client_for(lead).post(url("paper-entry", assignment.pk), paper())

    assert response.status_code == 409
    assert response.context["refusal"]
    assert list(Response.objects.values_list("entered_by", flat=True)) == [curator.pk]


def test_a_paper_entry_with_errors_saves_nothing(curator: User, assignment: Assignment) -> None:
    response = client_for(curator).post(
        url("paper-entry", assignment.pk), {"paper_dated": "", "q-comfort": "0"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"paper_dated", "q-comfort", "q-continue", "q-grade"} <= set(errors)
    assert not Response.objects.exists()


def test_a_lead_enters_paper_only_in_own_formats(lead: User, other_format: Assignment) -> None:
    assert client_for(lead).get(url("paper-entry", other_format.pk)).status_code == 404
    assert client_for(lead).post(url("paper-entry", other_format.pk), paper()).status_code == 404


@pytest.mark.parametrize("persona", ["director", "methodist", "teacher"])
def test_others_cannot_enter_paper(
    persona: str, request: pytest.FixtureRequest, assignment: Assignment
) -> None:
    user = request.getfixturevalue(persona)

    assert client_for(user).get(url("paper-entry", assignment.pk)).status_code == 403


def test_paper_entry_refuses_put(curator: User, assignment: Assignment) -> None:
    assert client_for(curator).put(url("paper-entry", assignment.pk)).status_code == 405


# --- Declining --------------------------------------------------------------------------------


def test_the_curator_declines_with_a_reason(curator: User, assignment: Assignment) -> None:
    client = client_for(curator)
    seen = client.get(url("decline", assignment.pk)).context["form"]["seen"].value()

    response = client.post(
        url("decline", assignment.pk),
        {"reason": DeclineReason.NO_CONSENT, "comment": "", "seen": seen},
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DECLINED
    assert assignment.decline_reason == DeclineReason.NO_CONSENT


def test_declining_refuses_a_stale_form(curator: User, assignment: Assignment) -> None:
    seen = row_fingerprint(assignment)
    Assignment.objects.filter(pk=assignment.pk).update(due_on=timezone.localdate())

    response = client_for(curator).post(
        url("decline", assignment.pk), {"reason": DeclineReason.REFUSED, "seen": seen}
    )

    assert refused_as_stale(response)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ISSUED


def test_a_lead_declines_only_in_own_formats(
    lead: User, assignment: Assignment, other_format: Assignment
) -> None:
    assert client_for(lead).get(url("decline", assignment.pk)).status_code == 200
    assert client_for(lead).get(url("decline", other_format.pk)).status_code == 404


def test_the_director_cannot_decline(director: User, assignment: Assignment) -> None:
    assert client_for(director).get(url("decline", assignment.pk)).status_code == 403


def test_declining_refuses_put(curator: User, assignment: Assignment) -> None:
    assert client_for(curator).put(url("decline", assignment.pk)).status_code == 405


# --- Who has not answered -------------------------------------------------------------------


def test_the_unanswered_list_has_the_full_links(curator: User, assignment: Assignment) -> None:
    answered = answering_setup(last_name="Ответивший")
    submit(answered, COMPLETE)

    response = client_for(curator).get(url("unanswered"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Иванов Пётр" in page and "Ответивший" not in page
    assert f"http://testserver/q/{assignment.token}/" in page
    assert url("paper-entry", assignment.pk) in page


def test_a_lead_lists_only_own_formats(
    lead: User, assignment: Assignment, other_format: Assignment
) -> None:
    response = client_for(lead).get(url("unanswered"))

    assert [row.record for row in response.context["table"].page.object_list] == [assignment]


def test_the_unanswered_list_filters_by_group(curator: User, assignment: Assignment) -> None:
    group = StudyGroupFactory(name="ИС-21")
    in_group = answering_setup(last_name="Групповой", group=group)

    response = client_for(curator).get(url("unanswered"), {"group": group.pk})

    assert [row.record for row in response.context["table"].page.object_list] == [in_group]


def test_the_unanswered_list_finds_a_respondent_by_name(
    curator: User, assignment: Assignment
) -> None:
    found = answering_setup(last_name="Семёнов", first_name="Фёдор")

    response = client_for(curator).get(url("unanswered"), {"q": "семенов фед"})

    assert [row.record for row in response.context["table"].page.object_list] == [found]


def _unanswered(curator: User, count: int) -> None:
    for number in range(count):
        answering_setup(last_name=f"Студентов{number}")
    teacher = TeacherFactory()
    Assignment.objects.filter(pk=answering_setup().pk).update(person=teacher)


@pytest.mark.parametrize("count", [1, 6])
def test_the_unanswered_list_takes_constant_queries(
    curator: User, count: int, django_assert_max_num_queries: Any
) -> None:
    _unanswered(curator, count)
    client = client_for(curator)

    with django_assert_max_num_queries(16):
        response = client.get(url("unanswered"))

    assert response.context["table"].paginator.count == count + 1


@pytest.mark.parametrize("persona", ["director", "methodist", "teacher"])
def test_others_cannot_list_the_unanswered(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)

    assert client_for(user).get(url("unanswered")).status_code == 403


def test_the_unanswered_list_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("unanswered")).status_code == 405


# --- The sheet of links with QR codes ----------------------------------------------------


def test_pdf_the_sheet_of_links(curator: User, assignment: Assignment) -> None:
    pupil = answering_setup(first_name="Артём", last_name="Школьников")
    school = PupilFactory(school__short_name="МБОУ СОШ № 7")
    Assignment.objects.filter(pk=pupil.pk).update(person=school)

    response = client_for(curator).get(url("slips"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Пётр И." in text and "Иванов" not in text
    assert assignment.questionnaire.title in text
    assert assignment.token in text.replace(" ", "")
    assert assignment.due_on.strftime("%d.%m.%Y") in text
    # A slip per person, under their study group or their partner organization.
    assert assignment.person.concrete.group.name in text  # type: ignore[union-attr]
    assert "МБОУ СОШ № 7" in text and "Артём Ш." in text
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.people_count, entry.user) == (AccessAction.PRINT, 2, curator)


def test_the_sheet_draws_each_qr_code_inline(curator: User, assignment: Assignment) -> None:
    from reports.monitoring.answering.slips import qr_svg

    svg = qr_svg(f"http://testserver/q/{assignment.token}/")

    assert svg.startswith("<svg") and "data:" not in svg and "href" not in svg


def test_a_lead_prints_no_links_of_other_formats(lead: User, other_format: Assignment) -> None:
    response = client_for(lead).get(url("slips"))

    assert response.status_code == 302
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("persona", ["director", "methodist", "teacher"])
def test_others_cannot_print_the_links(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)

    assert client_for(user).get(url("slips")).status_code == 403


def test_an_unknown_filter_of_the_sheet_is_not_found(curator: User) -> None:
    assert client_for(curator).get(url("slips"), {"group": 999999}).status_code == 404


def test_the_sheet_refuses_post(curator: User) -> None:
    assert client_for(curator).post(url("slips")).status_code == 405


# --- Individual answers --------------------------------------------------------------------


@pytest.fixture
def answered(assignment: Assignment, curator: User) -> Response:
    return submit(
        assignment,
        COMPLETE | {"grade": 4},
        channel=AnswerChannel.PAPER,
        entered_by=curator,
        paper_dated=timezone.localdate(),
    )


def test_the_curator_reads_a_response(curator: User, answered: Response) -> None:
    response = client_for(curator).get(url("response-detail", answered.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Иванов Пётр" in page and "Васильев" in page
    assert timezone.localdate().strftime("%d.%m.%Y") in page
    values = {a.question.key: a.value for a in response.context["answers"]}
    assert values["often"] == "Ежемесячно" and values["grade"] == "4"


def test_the_lead_reads_responses_of_own_formats_only(
    lead: User, answered: Response, other_format: Assignment
) -> None:
    other = submit(other_format, COMPLETE)

    assert client_for(lead).get(url("response-detail", answered.pk)).status_code == 200
    assert client_for(lead).get(url("response-detail", other.pk)).status_code == 404
    listed = client_for(lead).get(url("responses")).context["table"].page.object_list
    assert [row.record for row in listed] == [answered]


def test_a_lead_never_reads_the_answers_of_own_mentees(lead: User) -> None:
    lead_person = StudentFactory(user=lead, last_name="Никитина")
    mentee = answering_setup(mentor=lead_person)
    response = submit(mentee, COMPLETE)

    assert client_for(lead).get(url("response-detail", response.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["director", "methodist", "teacher"])
def test_others_cannot_read_answers(
    persona: str, request: pytest.FixtureRequest, answered: Response
) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url("response-detail", answered.pk)).status_code == 403
    assert client.get(url("responses")).status_code == 403


@pytest.mark.parametrize("count", [1, 6])
def test_the_responses_list_takes_constant_queries(
    curator: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(count):
        submit(answering_setup(last_name=f"Ответов{number}"), COMPLETE)
    client = client_for(curator)

    with django_assert_max_num_queries(14):
        response = client.get(url("responses"))

    assert response.context["table"].paginator.count == count


def test_the_response_pages_refuse_post(curator: User, answered: Response) -> None:
    assert client_for(curator).post(url("responses")).status_code == 405
    assert client_for(curator).post(url("response-detail", answered.pk)).status_code == 405


def test_formats_offered_to_a_lead_are_their_own(lead: User) -> None:
    response = client_for(lead).get(url("unanswered"))

    offered = list(response.context["filter"].form.fields["format"].queryset)
    assert offered == list(MentoringFormat.objects.led_by(lead))
