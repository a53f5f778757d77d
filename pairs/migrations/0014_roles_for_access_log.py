"""Gives the curator and the director the access log of special-category data and whole
bases of people (152-ФЗ): they view it; nobody adds, changes or deletes its rows."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "director": ["registry.view_accesslogentry"],
    "curator": ["registry.view_accesslogentry"],
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
        ("pairs", "0013_roles_for_training_publications_contests"),
        ("registry", "0008_access_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
