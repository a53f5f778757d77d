"""Background documents: a small registry and helpers to run a job's task as a worker would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from pairs.models import Mentorship
from reports.background.services import request_document
from reports.models import DocumentJob
from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory, format_of, variant_of


@pytest.fixture(autouse=True)
def _at_once_only_one_row(settings: Any) -> None:
    """A selection of two pairs or more goes to the background."""
    settings.DOCUMENTS_AT_ONCE_MAX_ROWS = 1


def two_pairs() -> list[Mentorship]:
    return [
        MentorshipFactory(mentors=[TeacherFactory(last_name="Наставникова")]),
        MentorshipFactory(mentors=[TeacherFactory(last_name="Учителева")]),
    ]


def special_pair() -> Mentorship:
    mentorship: Mentorship = MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "disabilities"),
        mentees=[StudentFactory(last_name="Чувствительная", first_name="Анна")],
    )
    return mentorship


def registry_params(user: User, query: str = "", path: str = "/documents/registry.pdf") -> dict:
    return {"user": user.pk, "path": path, "query": query}


@pytest.fixture
def ask(
    django_capture_on_commit_callbacks: Any,
) -> Iterator[Callable[..., DocumentJob]]:
    """`request_document` with its task sent (the on-commit callbacks run)."""

    def asking(user: User, kind: str = "registry-pdf", **params: Any) -> DocumentJob:
        with django_capture_on_commit_callbacks(execute=True):
            return request_document(
                user=user,
                kind=kind,
                params=registry_params(user, **params),
                title="Реестр пар (PDF)",
            )

    yield asking
