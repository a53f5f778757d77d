"""Gives the roles their permissions on the action plan, events and incentives.

Which runs a responsible person may update is scoped in code (their role is among the
item's responsible roles); these permissions only say who may act at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PLAN_MODELS = ["actionplan", "plansection", "planitem", "planrun", "runevidence", "event"]
VIEW_PLAN = [f"programs.view_{model}" for model in PLAN_MODELS] + ["pairs.view_eventparticipation"]
MANAGE_PLAN = [
    f"programs.{action}_{model}"
    for model in PLAN_MODELS
    for action in ("add", "change", "delete", "view")
] + [f"pairs.{action}_eventparticipation" for action in ("add", "change", "delete", "view")]
# Responsible people mark their runs and attach evidence.
UPDATE_RUNS = ["programs.change_planrun", "programs.add_runevidence"]
INCENTIVES = [f"registry.{action}_incentive" for action in ("add", "change", "delete", "view")]

GRANTS = {
    "director": [*VIEW_PLAN, "registry.view_incentive"],
    "curator": [*MANAGE_PLAN, *INCENTIVES],
    "format_lead": [*VIEW_PLAN, *UPDATE_RUNS],
    "teacher": [*VIEW_PLAN, *UPDATE_RUNS],
    "methodist": [*VIEW_PLAN, *UPDATE_RUNS, "registry.view_incentive"],
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
        ("pairs", "0004_event_participation"),
        ("programs", "0003_action_plan_and_events"),
        ("registry", "0002_incentives"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
