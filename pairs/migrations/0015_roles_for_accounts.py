"""Lets the curator give logins to the people of the bases (registry/accounts/): create a
login with a one-time password, block and unblock it, reset its password. The permission is
registry's `add_onetimepassword`, not `auth.add_user`/`auth.change_user`: in the admin those
would let the curator edit any user, their own superuser flag and groups included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "curator": ["registry.add_onetimepassword"],
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
        ("pairs", "0014_roles_for_access_log"),
        ("registry", "0009_destruction_acts_one_time_passwords"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
