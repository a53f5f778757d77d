"""Roles are Django groups (created by data migrations); access is checked by permission.

The group names are stable codes; people see the translated labels of `Role`.
"""

from __future__ import annotations

from typing import Literal

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.http import AnyUser


class Role(models.TextChoices):
    DIRECTOR = "director", _("director")
    CURATOR = "curator", _("curator")
    FORMAT_LEAD = "format_lead", _("format lead")
    TEACHER = "teacher", _("teacher")
    METHODIST = "methodist", _("methodist")
    PARTNER_CURATOR = "partner_curator", _("partner's curator")


# The roles of the college's own staff: every role but the partner's curator. A user holding
# any of them is not limited to a partner organization (registry.access.limited_to_partners).
COLLEGE_ROLES: tuple[Role, ...] = tuple(role for role in Role if role != Role.PARTNER_CURATOR)


# Permission that lets a user see health (ОВЗ) and risk-group data everywhere.
VIEW_SPECIAL_CATEGORY = "registry.view_special_category_data"


# The role → permission matrix: which roles hold which permissions. The data migrations
# (pairs/migrations/0002, 0005, 0008, 0009, 0012, 0013, 0014, 0015, reports/migrations/0002,
# 0006) granted these step by step as models came; this table is the whole result in one place, and
# tests/core/test_roles.py keeps the two equal. Permissions only say who may act at all: which
# records a format lead, a teacher or a partner's curator reaches (their formats, their own
# mentorships, their organization) is scoped in code. core/ imports no project app, so permissions
# are named by strings.

Action = Literal["view", "add", "change", "delete"]

VIEW: tuple[Action, ...] = ("view",)
ALL: tuple[Action, ...] = ("view", "add", "change", "delete")

# Django's four model permissions, per model label ("app_label.model_name"): for each role
# the actions it may take. A role not listed holds none of the model's permissions.
MODEL_PERMISSIONS: dict[str, dict[Role, tuple[Action, ...]]] = {
    # To link a person of the bases to their login in the admin.
    "auth.user": {
        Role.CURATOR: VIEW,
    },
    "pairs.decision": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add"),
        Role.METHODIST: VIEW,
    },
    "pairs.eventparticipation": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    # A teacher logs the meetings and keeps the personal plan of the mentorships where they
    # are a mentor.
    "pairs.meeting": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ALL,
        Role.TEACHER: ALL,
        Role.METHODIST: VIEW,
    },
    "pairs.mentorship": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ALL,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    "pairs.mentorshipchange": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: VIEW,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "pairs.mentorshipresult": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ALL,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    "pairs.personalplan": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ALL,
        Role.TEACHER: ("view", "change"),
        Role.METHODIST: VIEW,
    },
    "pairs.plantask": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ALL,
        Role.TEACHER: ALL,
        Role.METHODIST: VIEW,
    },
    "pairs.poolentry": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
        Role.METHODIST: VIEW,
    },
    # Teachers and partners' curators propose mentees (students; the school's pupils).
    "pairs.proposal": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "change"),
        Role.TEACHER: ("view", "add"),
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: ("view", "add"),
    },
    "programs.actionplan": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    # The college's own entries in contests on mentoring: the working groups make them.
    "programs.contestentry": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
        Role.METHODIST: VIEW,
    },
    "programs.event": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    "programs.formatvariant": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ("view", "change"),
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: VIEW,
    },
    # Indicators (reports/monitoring/indicators/): the curator edits their texts and targets.
    "programs.indicator": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ("view", "change"),
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "programs.indicatortarget": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ("view", "change"),
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "programs.mentoringformat": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ("view", "change"),
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: VIEW,
    },
    "programs.organization": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ("view", "change"),
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    "programs.planitem": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    # The people responsible for a plan item mark its runs and attach evidence.
    "programs.planrun": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "change"),
        Role.TEACHER: ("view", "change"),
        Role.METHODIST: ("view", "change"),
    },
    "programs.plansection": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    # The site's publications: the curator and the «ответственные исполнители».
    "programs.publication": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
        Role.METHODIST: ("view", "add", "change"),
    },
    "programs.runevidence": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add"),
        Role.TEACHER: ("view", "add"),
        Role.METHODIST: ("view", "add"),
    },
    # Mentor trainings (item 3.1): the methodist runs them, with the curator.
    "programs.trainingsession": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: ALL,
    },
    # Who viewed, exported or printed special-category data or a whole base (152-ФЗ).
    "registry.accesslogentry": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: VIEW,
    },
    "registry.agreement": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: VIEW,
    },
    "registry.consent": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
    },
    "registry.incentive": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.METHODIST: VIEW,
    },
    "registry.mentorprofile": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
        Role.METHODIST: VIEW,
    },
    # Logins of the people of the bases (registry/accounts/): the curator creates, blocks and
    # unblocks them and resets their passwords. Not auth.add_user/change_user, which in the
    # admin would let the curator edit any user, themselves into a superuser included.
    "registry.onetimepassword": {
        Role.CURATOR: ("add",),
    },
    "registry.partnercurator": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "registry.partneremployee": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: ("view", "add", "change"),
    },
    "registry.partnerorganization": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: VIEW,
    },
    "registry.person": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: VIEW,
    },
    "registry.pupil": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
        Role.PARTNER_CURATOR: ("view", "add", "change"),
    },
    "registry.qualificationcourse": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: ALL,
    },
    "registry.specialcategorystatus": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
    },
    "registry.specialty": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "registry.student": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    "registry.studygroup": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.TEACHER: VIEW,
        Role.METHODIST: VIEW,
    },
    "registry.teacher": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    # Monitoring (reports/monitoring/): the curator keeps the questionnaires, the cycles and
    # the assignments; a format lead issues and enters paper answers for the led formats.
    "reports.answer": {
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
    },
    "reports.assignment": {
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
    },
    "reports.monitoringcycle": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    # The monitoring report (reports/monitoring/report/): the curator writes and submits it,
    # the director approves or returns it (change), the others read it.
    "reports.indicatorsnapshot": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "reports.monitoringreport": {
        Role.DIRECTOR: ("view", "change"),
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "reports.monitoringreportevent": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "reports.question": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "reports.questionnaire": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "reports.questionnaireversion": {
        Role.DIRECTOR: VIEW,
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: VIEW,
        Role.METHODIST: VIEW,
    },
    "reports.response": {
        Role.CURATOR: ALL,
        Role.FORMAT_LEAD: ("view", "add", "change"),
    },
}

# The models' own permissions (their Meta.permissions) and the roles holding each.
CUSTOM_PERMISSIONS: dict[str, tuple[Role, ...]] = {
    # Every mentorship, not only those of the led formats or where one is a mentor.
    "pairs.view_all_mentorships": (Role.DIRECTOR, Role.CURATOR, Role.METHODIST),
    "pairs.form_any_format": (Role.CURATOR,),
    "pairs.view_all_pools": (Role.DIRECTOR, Role.CURATOR, Role.METHODIST),
    "pairs.manage_all_pools": (Role.CURATOR,),
    VIEW_SPECIAL_CATEGORY: (Role.DIRECTOR, Role.CURATOR),
    # Whole bases of people go only to those who print and report on them.
    "registry.export_people": (Role.DIRECTOR, Role.CURATOR, Role.METHODIST),
    "reports.view_monitoring_results": (
        Role.DIRECTOR,
        Role.CURATOR,
        Role.FORMAT_LEAD,
        Role.METHODIST,
    ),
    "reports.view_individual_answers": (Role.CURATOR, Role.FORMAT_LEAD),
    # The director approves the monitoring report or returns it to the curator.
    "reports.decide_monitoringreport": (Role.DIRECTOR,),
}


def role_permissions() -> dict[Role, frozenset[str]]:
    """Each role's permissions as "app_label.codename", read off the two tables above."""
    grants: dict[Role, set[str]] = {role: set() for role in Role}
    for label, actions_by_role in MODEL_PERMISSIONS.items():
        app_label, model_name = label.split(".")
        for role, actions in actions_by_role.items():
            grants[role].update(f"{app_label}.{action}_{model_name}" for action in actions)
    for name, roles in CUSTOM_PERMISSIONS.items():
        for role in roles:
            grants[role].add(name)
    return {role: frozenset(names) for role, names in grants.items()}


def apply_role_permissions() -> None:
    """Creates the role groups and gives each exactly the matrix's permissions.

    The migrations do this once for a real database; this is for a database whose rows were
    flushed since (transactional tests), where the Permission rows are back (Django's flush
    recreates them) but the groups are gone. Other groups are left alone.
    """
    # Imported here: core/ may be imported while the apps are still loading.
    from django.contrib.auth.models import Group, Permission

    wanted = role_permissions()
    names = frozenset().union(*wanted.values())
    app_labels = {name.split(".")[0] for name in names}
    existing = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.filter(
            content_type__app_label__in=app_labels
        ).select_related("content_type")
    }
    missing = names - existing.keys()
    if missing:
        raise LookupError(f"No such permissions (are the migrations applied?): {sorted(missing)}")
    with transaction.atomic():
        for role, role_names in wanted.items():
            group, _created = Group.objects.get_or_create(name=role.value)
            group.permissions.set([existing[name] for name in role_names])


def user_roles(user: AnyUser) -> list[Role]:
    """The user's roles in a fixed order, read once per request object."""
    if not user.is_authenticated:
        return []
    cached: list[Role] | None = getattr(user, "_nastavnik_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [role for role in Role if role.value in names]
        user._nastavnik_roles = cached  # type: ignore[union-attr,attr-defined]  # per-request cache
    return cached


def has_role(user: AnyUser, *roles: Role) -> bool:
    return any(role in user_roles(user) for role in roles)
