"""Gives the roles the monitoring report and the indicators: the curator keeps the reports,
the director sees them and decides (approves or returns), the methodist and the format leads
see them; everyone who sees monitoring sees the indicators and their targets, which the
curator edits (core/roles.py is the whole matrix)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTS = ["monitoringreport", "monitoringreportevent", "indicatorsnapshot"]
INDICATORS = ["indicator", "indicatortarget"]

GRANTS = {
    "director": [f"reports.view_{model}" for model in REPORTS]
    + ["reports.change_monitoringreport", "reports.decide_monitoringreport"]
    + [f"programs.view_{model}" for model in INDICATORS],
    "methodist": [f"reports.view_{model}" for model in REPORTS]
    + [f"programs.view_{model}" for model in INDICATORS],
    "format_lead": [f"reports.view_{model}" for model in REPORTS]
    + [f"programs.view_{model}" for model in INDICATORS],
    "curator": [
        f"reports.{action}_{model}"
        for model in REPORTS
        for action in ("view", "add", "change", "delete")
    ]
    + [f"programs.{action}_{model}" for model in INDICATORS for action in ("view", "change")],
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
        ("reports", "0005_monitoring_reports"),
        ("programs", "0010_load_indicators"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
