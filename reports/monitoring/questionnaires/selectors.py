"""What the questionnaires' pages read: the list with its counts, a version's questions by
section, the versions of a questionnaire; each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from reports.models import Question, Questionnaire, QuestionnaireVersion, Response


def _count(queryset: QuerySet, group: str) -> Coalesce:
    """A correlated count of the rows of `queryset` (already filtered on OuterRef)."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def questionnaires_with_counts() -> QuerySet[Questionnaire]:
    """Every questionnaire with `current_number` (its current version), `item_count` (the
    questions of that version) and `response_count` (the filled questionnaires, every
    version, drafts aside)."""
    current = QuestionnaireVersion.objects.filter(questionnaire=OuterRef("pk"), is_current=True)
    return Questionnaire.objects.annotate(
        current_number=Subquery(current.values("number")[:1]),
        item_count=_count(
            Question.objects.filter(
                version__questionnaire=OuterRef("pk"), version__is_current=True
            ),
            "version",
        ),
        response_count=_count(
            Response.objects.filter(
                questionnaire_version__questionnaire=OuterRef("pk"), is_draft=False
            ),
            "questionnaire_version__questionnaire",
        ),
    ).order_by("position", "pk")


def versions_of(questionnaire: Questionnaire) -> list[QuestionnaireVersion]:
    """The versions, the latest first, with `question_count` and `response_count`."""
    return list(
        questionnaire.versions.select_related("created_by")
        .annotate(
            question_count=Count("questions", distinct=True),
            response_count=Count("responses", filter=Q(responses__is_draft=False), distinct=True),
        )
        .order_by("-number")
    )


@dataclass(frozen=True)
class Section:
    title: str
    questions: list[Question]


def sections_of(version: QuestionnaireVersion) -> list[Section]:
    """The version's questions in order, grouped by consecutive section."""
    questions = version.questions.order_by("position", "pk")
    return [
        Section(title, list(items)) for title, items in groupby(questions, key=lambda q: q.section)
    ]
