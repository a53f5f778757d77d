"""Gives the roles their permissions on running mentorships: drafts, meetings, personal
plans, results of completion and the history of changes.

Which mentorships a format lead or a teacher reaches is scoped in code (the led formats; the
mentorships where the teacher is a mentor); these permissions only say who may act at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RUNNING = ["meeting", "personalplan", "plantask", "mentorshipresult"]
MANAGE_RUNNING = [
    f"pairs.{action}_{model}" for model in RUNNING for action in ("add", "change", "delete", "view")
]
VIEW_RUNNING = [f"pairs.view_{model}" for model in [*RUNNING, "mentorshipchange"]]

GRANTS = {
    "director": VIEW_RUNNING,
    "curator": [*MANAGE_RUNNING, *VIEW_RUNNING, "pairs.delete_mentorship"],
    "format_lead": [*MANAGE_RUNNING, *VIEW_RUNNING, "pairs.delete_mentorship"],
    # A teacher logs the meetings and keeps the personal plan of their own mentorships.
    "teacher": [
        "pairs.add_meeting",
        "pairs.change_meeting",
        "pairs.delete_meeting",
        "pairs.view_meeting",
        "pairs.view_personalplan",
        "pairs.change_personalplan",
        "pairs.add_plantask",
        "pairs.change_plantask",
        "pairs.delete_plantask",
        "pairs.view_plantask",
        "pairs.view_mentorshipresult",
    ],
    "methodist": VIEW_RUNNING,
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
    dependencies = [("pairs", "0011_drafts_history_plans_meetings_results")]

    operations = [migrations.RunPython(grant, revoke)]
