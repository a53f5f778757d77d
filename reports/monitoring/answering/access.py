"""Whose assignments and answers a user may handle (152-ФЗ: answers are personal data).

The curator handles every format; a format lead only the formats they lead
(`MentoringFormat.objects.led_by`); everyone else none. A mentor never sees the answers of
their own mentees, even as the lead of that format: the answers are given in confidence.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from core.http import AnyUser
from core.roles import Role, has_role
from programs.models import MentoringFormat
from reports.models import Assignment, Response


def handles_every_format(user: AnyUser) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.CURATOR))


def _in_scope(user: AnyUser, prefix: str = "") -> Q | None:
    """The condition on assignments (or rows reaching them through `prefix`) of the user's
    formats; None for every format. An assignment without a format of its own (the curator's
    yearly questionnaire) is the curator's alone."""
    if handles_every_format(user):
        return None
    led = MentoringFormat.objects.led_by(user).values("id")
    return Q(**{f"{prefix}format__in": led}) | Q(
        **{f"{prefix}format__isnull": True, f"{prefix}mentorship__format__in": led}
    )


def managed_assignments(user: AnyUser, permission: str) -> QuerySet[Assignment]:
    """The assignments the user may act on with `permission` (an "app.codename" of
    reports: entering paper answers, declining, listing and printing the unanswered)."""
    if not user.is_authenticated or not user.has_perm(permission):
        return Assignment.objects.none()
    scope = _in_scope(user)
    return Assignment.objects.all() if scope is None else Assignment.objects.filter(scope)


def may_see_answers(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        and user.has_perm("reports.view_individual_answers")
        and user.has_perm("reports.view_response")
    )


def visible_responses(user: AnyUser) -> QuerySet[Response]:
    """The responses whose individual answers the user may read: the curator's and the
    format lead's (own formats), never a mentor's own mentees'."""
    if not may_see_answers(user):
        return Response.objects.none()
    responses = Response.objects.filter(is_draft=False)
    scope = _in_scope(user, "assignment__")
    if scope is not None:
        responses = responses.filter(scope)
    account = cast(User, user)  # may_see_answers holds only for a logged-in user
    mentored = Assignment.objects.filter(mentorship__mentors__user=account).exclude(
        person__user=account
    )
    return responses.exclude(assignment__in=mentored.values("id"))
