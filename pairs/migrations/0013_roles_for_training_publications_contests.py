"""Gives the roles their permissions on what the plan's rows 3.1, «Освещение…» and «Участие
в конкурсах» record: mentor training sessions (the methodist runs them, with the curator),
the site's publications and the college's contest entries (the working groups' leads make
them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _all(model):
    return [f"programs.{action}_{model}" for action in ("add", "change", "delete", "view")]


def _edit(model):
    return [f"programs.{action}_{model}" for action in ("add", "change", "view")]


GRANTS = {
    "director": [
        "programs.view_trainingsession",
        "programs.view_publication",
        "programs.view_contestentry",
    ],
    "curator": [*_all("trainingsession"), *_all("publication"), *_all("contestentry")],
    "format_lead": [
        "programs.view_trainingsession",
        *_edit("publication"),
        *_edit("contestentry"),
    ],
    "methodist": [
        *_all("trainingsession"),
        *_edit("publication"),
        "programs.view_contestentry",
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("pairs", "0012_roles_for_running_mentorships"),
        ("programs", "0008_training_sessions_publications_contests"),
        ("registry", "0007_training_attendance_and_publicity"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
