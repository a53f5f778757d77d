"""The role → permission matrix in core/roles.py is what the data migrations grant, and
`apply_role_permissions` rebuilds it on a flushed database."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from core.roles import Role, apply_role_permissions, role_permissions


def granted() -> dict[str, frozenset[str]]:
    """Every group in the database with its permissions as "app_label.codename"."""
    return {
        group.name: frozenset(
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in group.permissions.all()
        )
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def matrix() -> dict[str, frozenset[str]]:
    return {role.value: names for role, names in role_permissions().items()}


@pytest.mark.django_db
def test_the_migrations_grant_exactly_the_matrix() -> None:
    groups = granted()

    assert set(groups) == {role.value for role in Role}
    for role, names in matrix().items():
        assert groups[role] == names, role


def test_the_matrix_names_each_role_and_spot_checks() -> None:
    """A few grants read off the table, as the views rely on them."""
    permissions = role_permissions()

    assert set(permissions) == set(Role)
    assert "pairs.view_all_mentorships" in permissions[Role.METHODIST]
    assert "pairs.view_all_mentorships" not in permissions[Role.FORMAT_LEAD]
    assert "registry.view_special_category_data" not in permissions[Role.METHODIST]
    assert "pairs.add_proposal" in permissions[Role.PARTNER_CURATOR]
    assert "pairs.delete_mentorship" not in permissions[Role.TEACHER]
    assert "pairs.delete_mentorship" in permissions[Role.FORMAT_LEAD]


@pytest.mark.django_db
def test_apply_role_permissions_takes_away_what_the_matrix_does_not_grant() -> None:
    teacher = Group.objects.get(name=Role.TEACHER)
    teacher.permissions.add(
        Permission.objects.get(content_type__app_label="pairs", codename="delete_mentorship")
    )
    Group.objects.get(name=Role.DIRECTOR).permissions.clear()
    Group.objects.create(name="visitors")

    apply_role_permissions()
    apply_role_permissions()

    groups = granted()
    assert groups.pop("visitors") == frozenset()
    assert groups == matrix()


@pytest.mark.django_db(transaction=True)
def test_apply_role_permissions_rebuilds_the_matrix_after_a_flush() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not Group.objects.exists()

    apply_role_permissions()

    assert granted() == matrix()
