"""Creates the five roles as groups and gives each its permissions.

Self-contained on purpose (no app code): a later migration that adds models grants their
permissions in the same way.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_PROGRAM = [
    "programs.view_organization",
    "programs.view_mentoringformat",
    "programs.view_formatvariant",
]
REGISTRY_MODELS = [
    "person",
    "specialty",
    "studygroup",
    "partnerorganization",
    "agreement",
    "student",
    "teacher",
    "qualificationcourse",
    "pupil",
    "partneremployee",
]
VIEW_REGISTRY = [f"registry.view_{model}" for model in REGISTRY_MODELS]
MANAGE_REGISTRY = [
    f"registry.{action}_{model}"
    for model in REGISTRY_MODELS
    for action in ("add", "change", "delete", "view")
]

ROLE_PERMISSIONS = {
    "director": [
        *VIEW_PROGRAM,
        *VIEW_REGISTRY,
        "registry.view_special_category_data",
        "pairs.view_decision",
        "pairs.view_mentorship",
        "pairs.view_all_mentorships",
    ],
    "curator": [
        *VIEW_PROGRAM,
        "programs.change_organization",
        "programs.change_mentoringformat",
        "programs.change_formatvariant",
        *MANAGE_REGISTRY,
        "registry.view_special_category_data",
        "pairs.add_decision",
        "pairs.change_decision",
        "pairs.delete_decision",
        "pairs.view_decision",
        "pairs.add_mentorship",
        "pairs.change_mentorship",
        "pairs.view_mentorship",
        "pairs.view_all_mentorships",
        "pairs.form_any_format",
        # To link a person of the bases to their login in the admin.
        "auth.view_user",
    ],
    # Scoped to the formats assigned to them by querysets, not by these permissions.
    "format_lead": [
        *VIEW_PROGRAM,
        *VIEW_REGISTRY,
        "pairs.view_decision",
        "pairs.add_mentorship",
        "pairs.change_mentorship",
        "pairs.view_mentorship",
    ],
    # Sees only the mentorships where they are a mentor.
    "teacher": [
        *VIEW_PROGRAM,
        "registry.view_person",
        "registry.view_student",
        "registry.view_studygroup",
        "pairs.view_mentorship",
    ],
    "methodist": [
        *VIEW_PROGRAM,
        *VIEW_REGISTRY,
        "registry.add_qualificationcourse",
        "registry.change_qualificationcourse",
        "pairs.view_decision",
        "pairs.view_mentorship",
        "pairs.view_all_mentorships",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0001_initial"),
        ("registry", "0001_initial"),
        ("pairs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
