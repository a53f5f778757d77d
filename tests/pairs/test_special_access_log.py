"""The pairs' pages that show an ОВЗ or risk-group variant write who saw it, of whom, in the
access log (152-ФЗ), as the people lists and the documents do; a user from whom the variants
are hidden leaves no row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pairs.models import Mentorship, MentorshipStatus, PoolEntry
from registry.models import AccessAction, AccessLogEntry, Student
from tests.conftest import client_for
from tests.factories import (
    MentorshipFactory,
    PoolEntryFactory,
    ProposalFactory,
    StudentFactory,
    TeacherFactory,
    format_of,
    variant_of,
)

pytestmark = pytest.mark.django_db


def _special_pair(status: str = MentorshipStatus.ACTIVE) -> tuple[Mentorship, Student]:
    mentee = StudentFactory(last_name="Особая")
    mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentors=[TeacherFactory()],
        mentees=[mentee],
        status=status,
        decision=None if status == MentorshipStatus.DRAFT else MentorshipFactory().decision,
    )
    return mentorship, mentee


def _special_entry() -> tuple[PoolEntry, Student]:
    mentee = StudentFactory(last_name="Особая")
    entry = PoolEntryFactory(
        person=mentee,
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        academic_year=2025,
    )
    return entry, mentee


def _entry_page() -> tuple[str, Student]:
    entry, mentee = _special_entry()
    return reverse("pools:entry", args=[entry.pk]), mentee


def _mentorship_page() -> tuple[str, Student]:
    mentorship, mentee = _special_pair()
    return reverse("mentorships:mentorship-detail", args=[mentorship.pk]), mentee


def _plan_page() -> tuple[str, Student]:
    mentorship, mentee = _special_pair()
    return reverse("personal_plans:plan", args=[mentorship.pk]), mentee


def _proposal_page() -> tuple[str, Student]:
    mentee = StudentFactory(last_name="Особая")
    proposal = ProposalFactory(
        person=mentee,
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
    )
    return reverse("proposals:detail", args=[proposal.pk]), mentee


def _registry_page() -> tuple[str, Student]:
    _mentorship, mentee = _special_pair()
    return reverse("mentorships:registry") + "?year=2025", mentee


def _drafting_page() -> tuple[str, Student]:
    _entry, mentee = _special_entry()
    return reverse("drafting:drafting") + "?format=teacher_student&year=2025", mentee


def _drafts_page() -> tuple[str, Student]:
    _draft, mentee = _special_pair(MentorshipStatus.DRAFT)
    return reverse("drafting:drafts"), mentee


def _confirm_page() -> tuple[str, Student]:
    draft, mentee = _special_pair(MentorshipStatus.DRAFT)
    return reverse("drafting:drafts-confirm") + f"?drafts={draft.pk}", mentee


def _draft_delete_page() -> tuple[str, Student]:
    draft, mentee = _special_pair(MentorshipStatus.DRAFT)
    return reverse("drafting:draft-delete", args=[draft.pk]), mentee


PAGES: dict[str, Callable[[], tuple[str, Student]]] = {
    "pool entry": _entry_page,
    "mentorship": _mentorship_page,
    "personal plan": _plan_page,
    "proposal": _proposal_page,
    "pair registry": _registry_page,
    "drafting": _drafting_page,
    "drafts": _drafts_page,
    "confirming drafts": _confirm_page,
    "deleting a draft": _draft_delete_page,
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_showing_a_special_variant_is_logged_with_the_mentee(
    curator: User, page: str
) -> None:
    url, mentee = PAGES[page]()

    response = client_for(curator).get(url)

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action) == (curator, AccessAction.VIEW)
    assert [row.person_id for row in entry.rows.all()] == [mentee.pk]


@pytest.mark.parametrize(
    "page", ["pool entry", "mentorship", "personal plan", "proposal", "pair registry"]
)
def test_a_user_from_whom_the_variants_are_hidden_leaves_no_row(methodist: User, page: str) -> None:
    url, _mentee = PAGES[page]()

    response = client_for(methodist).get(url)

    assert response.status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_a_page_without_a_special_variant_leaves_no_row(curator: User) -> None:
    mentorship = MentorshipFactory(format=format_of("teacher_student"), variant=None)

    response = client_for(curator).get(
        reverse("mentorships:mentorship-detail", args=[mentorship.pk])
    )

    assert response.status_code == 200
    assert not AccessLogEntry.objects.exists()
