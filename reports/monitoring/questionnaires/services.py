"""The curator's edits of a questionnaire: the wording of a question, a new question.

A version that has answers is never changed: the edit then makes a new version, a copy of
the current one with the same keys (so that entry and exit items, and the versions of one
item, still pair up), and the edit goes to the copy. Every response keeps the version it
was given on. Each edit is made from the questionnaire as the form saw it (its `version`
counter): one made meanwhile by someone else refuses it as a stale write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.versions import lock_at_version
from reports.models import (
    Direction,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    QuestionTag,
    Response,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
# Kinds whose answers can be better or worse (the others have no direction).
RATED_KINDS = (QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.NUMBER)


def questionnaire_token(questionnaire: Questionnaire) -> str:
    """What an edit form of the questionnaire carries: its counter of changes."""
    return str(questionnaire.version)


def _lock(questionnaire: Questionnaire, seen: str) -> Questionnaire:
    return lock_at_version(
        Questionnaire.objects.all(),
        questionnaire.pk,
        seen=seen,
        what=_("the questionnaire «%(title)s»") % {"title": questionnaire.title},
        token=questionnaire_token,
    )


def is_answered(version: QuestionnaireVersion) -> bool:
    """Whether any response (a draft too) was given on the version."""
    return Response.objects.filter(questionnaire_version=version).exists()


def _writable_version(questionnaire: Questionnaire, *, user: User | None) -> QuestionnaireVersion:
    """The current version if nobody answered it yet, else a new current version copying its
    questions with their keys (the old one stays as it was)."""
    current = QuestionnaireVersion.objects.select_for_update().get(
        questionnaire=questionnaire, is_current=True
    )
    if not is_answered(current):
        return current
    last = questionnaire.versions.aggregate(last=Max("number"))["last"] or 0
    current.is_current = False
    current.save(update_fields=["is_current"])
    new = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=last + 1, is_current=True, created_by=user
    )
    copies = list(current.questions.all())
    for question in copies:
        question.pk = None
        question.id = None
        question.version = new
    Question.objects.bulk_create(copies)
    return new


def _bump(questionnaire: Questionnaire) -> None:
    questionnaire.version += 1
    questionnaire.save(update_fields=["version"])


def _choice_errors(kind: str, choices: Sequence[str]) -> list[str]:
    if kind in CHOICE_KINDS and len(choices) < 2:
        return [_("Give at least two options, one per line.")]
    return []


@transaction.atomic
def edit_question(
    question: Question,
    *,
    seen: str,
    user: User | None,
    text: str,
    help_text: str,
    section: str,
    required: bool,
    choices: Sequence[str] = (),
) -> Question:
    """Changes the wording of a question of the current version (its text, hint, section,
    whether it is required, the options' wording). Its key, kind and direction stay: they
    tie its answers to those of the other versions and of its entry or exit pair.

    Returns the question as saved: in a new version if the current one has answers."""
    questionnaire = _lock(question.version.questionnaire, seen)
    if not question.version.is_current:
        raise ValidationError(
            _("Only the questions of the current version are edited: open the questionnaire again.")
        )
    choices = [choice.strip() for choice in choices if choice.strip()]
    errors = [] if text.strip() else [_("Write the question.")]
    if question.kind in CHOICE_KINDS:
        errors += _choice_errors(question.kind, choices)
        if choices and len(choices) != len(question.choices):
            errors.append(
                _(
                    "Keep the number of options (%(count)s): answers store an option's number. "
                    "Add a new question for a different list."
                )
                % {"count": len(question.choices)}
            )
    if errors:
        raise ValidationError(errors)
    version = _writable_version(questionnaire, user=user)
    target = version.questions.get(key=question.key)
    target.text = text.strip()
    target.help_text = help_text.strip()
    target.section = section.strip()
    target.required = required
    if question.kind in CHOICE_KINDS:
        target.choices = choices
    target.full_clean()
    target.save()
    _bump(questionnaire)
    return target


def _free_key(questionnaire: Questionnaire) -> str:
    used = set(
        Question.objects.filter(version__questionnaire=questionnaire).values_list("key", flat=True)
    )
    number = 1
    while f"item-{number}" in used:
        number += 1
    return f"item-{number}"


@transaction.atomic
def add_question(
    questionnaire: Questionnaire,
    *,
    seen: str,
    user: User | None,
    key: str,
    text: str,
    help_text: str,
    section: str,
    kind: str,
    required: bool,
    choices: Sequence[str] = (),
    direction: str = Direction.NONE,
    tag: str = QuestionTag.NONE,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> Question:
    """Adds a question at the end of the current version (of a new version if the current
    one has answers). An empty key is made up («item-N»); the same key as an item of the
    matching entry or exit questionnaire pairs the two.

    Raises ValidationError naming what is wrong; nothing is saved then."""
    locked = _lock(questionnaire, seen)
    key = key.strip().lower()
    choices = [choice.strip() for choice in choices if choice.strip()]
    errors: list[str] = []
    if not text.strip():
        errors.append(_("Write the question."))
    if kind not in QuestionKind.values:
        errors.append(_("Choose the kind of answer."))
    if key and not KEY_PATTERN.match(key):
        errors.append(
            _(
                "The key is made of small Latin letters, digits, hyphens and underscores, and "
                "starts with a letter."
            )
        )
    current = locked.versions.get(is_current=True)
    if key and current.questions.filter(key=key).exists():
        errors.append(
            _("The questionnaire already has a question with the key «%(key)s».") % {"key": key}
        )
    errors += _choice_errors(kind, choices)
    if kind == QuestionKind.NUMBER and min_value is not None and max_value is not None:
        if min_value > max_value:
            errors.append(_("The smallest number cannot be larger than the largest."))
    if errors:
        raise ValidationError(errors)
    version = _writable_version(locked, user=user)
    last = version.questions.aggregate(last=Max("position"))["last"] or 0
    if kind == QuestionKind.SCALE:
        min_value, max_value = Decimal(1), Decimal(10)
    elif kind != QuestionKind.NUMBER:
        min_value = max_value = None
    question = Question(
        version=version,
        key=key or _free_key(locked),
        text=text.strip(),
        help_text=help_text.strip(),
        section=section.strip(),
        kind=kind,
        required=required,
        choices=choices if kind in CHOICE_KINDS else [],
        direction=direction if kind in RATED_KINDS else Direction.NONE,
        tag=tag,
        min_value=min_value,
        max_value=max_value,
        position=last + 1,
    )
    question.full_clean()
    question.save()
    _bump(locked)
    return question
