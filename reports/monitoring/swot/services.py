"""Writing a format's SWOT of the year: issuing its assignment, saving a draft or the final
version. The lead of the format drafts it, the curator makes it final (МР-42/02, прил. 2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versions import stale_write
from programs.models import MentoringFormat
from reports.models import (
    Answer,
    AnswerChannel,
    Assignment,
    AssignmentState,
    CycleStatus,
    MonitoringCycle,
    Questionnaire,
    Response,
)
from reports.monitoring.assignments import issue_yearly
from reports.monitoring.swot.selectors import KEYS, SWOT_CODE, swot_assignments

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def issue_swot(
    *, cycle: MonitoringCycle, mentoring_format: MentoringFormat, user: User
) -> Assignment:
    """The format's SWOT assignment of the year: issued with the year's other yearly
    questionnaires (`issue_yearly`, each once) if it does not exist yet."""
    issue_yearly(cycle, user=user)
    assignment = swot_assignments(cycle).filter(format=mentoring_format).first()
    if assignment is None:
        raise ValidationError(_("The SWOT questionnaire is missing: it cannot be issued."))
    return assignment


def _lines(text: str) -> str:
    """One item a line: blank lines and the spaces around each line dropped."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@transaction.atomic
def save_swot(
    assignment: Assignment,
    *,
    user: User,
    lists: dict[str, str],
    seen_version: int,
    final: bool,
) -> Response:
    """Saves the four lists of the format's SWOT: a draft (the lead's) or the final version
    (the curator's), entered in the app by `user`.

    `seen_version` is the version of the response the user's form was made from (0: there
    was none); a newer one, or one made meanwhile, refuses the write. A draft never replaces
    the final version; a closed cycle takes nothing more."""
    # The assignment's row, locked: two people saving the first version at once save once.
    locked = Assignment.objects.select_for_update().select_related("cycle").get(pk=assignment.pk)
    if locked.cycle.status != CycleStatus.OPEN:
        raise ValidationError(
            _("The monitoring cycle %(year)s is closed: its SWOT no longer changes.")
            % {"year": locked.cycle}
        )
    what = _("the SWOT analysis of «%(format)s»") % {"format": locked.format}
    response = Response.objects.select_for_update().filter(assignment=locked).first()
    if (response.version if response is not None else 0) != seen_version:
        raise stale_write(what)
    if response is not None and not response.is_draft and not final:
        raise ValidationError(
            _("The curator has made this SWOT analysis final: a draft no longer replaces it.")
        )
    texts = {key: _lines(lists.get(key, "")) for key in KEYS}
    if response is None:
        version = Questionnaire.objects.get(code=SWOT_CODE).versions.filter(is_current=True).first()
        if version is None:
            raise ValidationError(_("The SWOT questionnaire has no current version."))
        response = Response(assignment=locked, questionnaire_version=version)
    else:
        response.version += 1
    questions = {
        question.key: question
        for question in response.questionnaire_version.questions.filter(key__in=KEYS)
    }
    if final:
        missing = [
            key for key, question in questions.items() if question.required and not texts[key]
        ]
        if missing:
            raise ValidationError(
                {key: _("A final SWOT analysis names at least one item here.") for key in missing}
            )
    response.channel = AnswerChannel.APP
    response.is_draft = not final
    response.entered_by = user
    response.paper_dated = None
    response.save()
    existing = {
        answer.question.key: answer for answer in response.answers.select_related("question")
    }
    for key, question in questions.items():
        answer = existing.get(key) or Answer(response=response, question=question)
        answer.text = texts[key]
        answer.save()
    state = AssignmentState.ANSWERED if final else AssignmentState.ISSUED
    if locked.state != state:
        locked.state = state
        locked.version += 1
        locked.save(update_fields=["state", "version"])
    return response
