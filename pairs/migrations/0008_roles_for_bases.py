"""Gives the roles their permissions on the bases: proposals, pools, mentor profiles,
training records, partners' curators and personal-data consents; adds the partner's curator.

Which proposals and pool entries a format lead, a teacher or a partner's curator reaches is
scoped in code (their formats, their own proposals, their organization); these permissions
only say who may act at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

POOLS = [f"pairs.{action}_poolentry" for action in ("add", "change", "delete", "view")]
PROPOSALS = [f"pairs.{action}_proposal" for action in ("add", "change", "delete", "view")]
NEW_REGISTRY_MODELS = ["consent", "mentorprofile", "partnercurator", "specialcategorystatus"]
MANAGE_NEW_REGISTRY = [
    f"registry.{action}_{model}"
    for model in NEW_REGISTRY_MODELS
    for action in ("add", "change", "delete", "view")
]

GRANTS = {
    "director": [
        "pairs.view_proposal",
        "pairs.view_poolentry",
        "pairs.view_all_pools",
        *(f"registry.view_{model}" for model in NEW_REGISTRY_MODELS),
    ],
    "curator": [
        *POOLS,
        *PROPOSALS,
        "pairs.view_all_pools",
        "pairs.manage_all_pools",
        *MANAGE_NEW_REGISTRY,
    ],
    "format_lead": [
        "pairs.view_proposal",
        "pairs.change_proposal",
        "pairs.add_poolentry",
        "pairs.change_poolentry",
        "pairs.view_poolentry",
        "pairs.add_decision",
        "registry.view_mentorprofile",
        "registry.change_mentorprofile",
        "registry.add_mentorprofile",
        "registry.view_partnercurator",
    ],
    "teacher": ["pairs.add_proposal", "pairs.view_proposal"],
    "methodist": [
        "pairs.view_proposal",
        "pairs.view_poolentry",
        "pairs.view_all_pools",
        "registry.delete_qualificationcourse",
        "registry.view_mentorprofile",
        "registry.view_partnercurator",
    ],
    # A partner's curator with an account: proposes the school's pupils and keeps the
    # partner's pupils and staff (scoped to their organization in code).
    "partner_curator": [
        "pairs.add_proposal",
        "pairs.view_proposal",
        "programs.view_mentoringformat",
        "programs.view_formatvariant",
        "registry.view_person",
        "registry.view_partnerorganization",
        "registry.view_agreement",
        "registry.add_pupil",
        "registry.change_pupil",
        "registry.view_pupil",
        "registry.add_partneremployee",
        "registry.change_partneremployee",
        "registry.view_partneremployee",
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
    Group.objects.filter(name="partner_curator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pairs", "0007_proposals_and_pools"),
        ("registry", "0005_bases_consents_training"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
