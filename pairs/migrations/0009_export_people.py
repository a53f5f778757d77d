"""Exports of whole bases of people go to those who print and report on them: the curator,
the director and the methodist; the other roles see the lists but take no file away."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["curator", "director", "methodist"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("registry")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    export = Permission.objects.get(content_type__app_label="registry", codename="export_people")
    for role in ROLES:
        Group.objects.get_or_create(name=role)[0].permissions.add(export)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="registry", codename="export_people")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pairs", "0008_roles_for_bases"),
        ("registry", "0006_export_permission_curator_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
