"""What the pages of trainings and the printed attendance sheet read of a session."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from programs.models import TrainingSession
from registry.models import PERSON_DETAILS, QualificationCourse, russian_name_order


def sessions_with_attendance() -> QuerySet[TrainingSession]:
    """The sessions, each annotated with `attendee_count`, in one query however many."""
    return TrainingSession.objects.annotate(attendee_count=Count("records"))


def attendance_of(session: TrainingSession) -> list[QualificationCourse]:
    """The session's training records with their people and what is printed beside each
    name, in the order of the names."""
    records = QualificationCourse.objects.filter(session=session).select_related(
        "person", *(f"person__{path}" for path in PERSON_DETAILS)
    )
    return list(records.order_by(russian_name_order(records.db, prefix="person__"), "id"))
