"""Gives the roles monitoring: the curator keeps questionnaires, cycles, assignments and
answers; a format lead issues and enters answers for the led formats; the director and the
methodist see the results, not the answers (core/roles.py is the whole matrix)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["questionnaire", "questionnaireversion", "question", "monitoringcycle"]
ANSWERS = ["assignment", "response", "answer"]

GRANTS = {
    "director": [f"reports.view_{model}" for model in MODELS] + ["reports.view_monitoring_results"],
    "methodist": [f"reports.view_{model}" for model in MODELS]
    + ["reports.view_monitoring_results"],
    "format_lead": [f"reports.view_{model}" for model in MODELS]
    + [f"reports.{action}_{model}" for model in ANSWERS for action in ("view", "add", "change")]
    + ["reports.view_monitoring_results", "reports.view_individual_answers"],
    "curator": [
        f"reports.{action}_{model}"
        for model in MODELS + ANSWERS
        for action in ("view", "add", "change", "delete")
    ]
    + ["reports.view_monitoring_results", "reports.view_individual_answers"],
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
        ("reports", "0001_monitoring_questionnaires"),
        ("pairs", "0014_roles_for_access_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
