"""What pages outside the mentorships read of them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q

from pairs.models import Mentorship, PoolEntry
from programs.access import formats_with_hidden_variants
from registry.models import Person


def person_pairs(user: User, person: Person) -> dict[str, Any]:
    """The person's mentorships and pool entries the user may see.

    Each block is shown only to a user who may see such records at all, and its empty text
    says «none» only to a user who sees all of them (a teacher sees their own mentorships, a
    format lead the pools of their formats). The person page of registry shows it through
    `registry.people.sections` (registered in `PairsConfig.ready`).
    """

    shows_mentorships = user.has_perm("pairs.view_mentorship")
    shows_pools = user.has_perm("pairs.view_poolentry")
    mentorships: list[Any] = []
    if shows_mentorships:
        mentorships = list(
            Mentorship.objects.visible_to(user)
            .filter(
                Q(id__in=person.mentorships_as_mentor.values("id"))
                | Q(id__in=person.mentorships_as_mentee.values("id"))
            )
            .select_related("format", "variant")
            .order_by("-started_on", "-id")
        )
    mentor_of = (
        set(person.mentorships_as_mentor.values_list("id", flat=True)) if mentorships else set()
    )
    entries: list[Any] = []
    if shows_pools:
        entries = list(
            PoolEntry.objects.visible_to(user)
            .filter(person=person)
            .select_related("format", "variant", "decision")
            .order_by("-academic_year", "format__position", "role")
        )
    return {
        "mentorships": [(m, m.pk in mentor_of) for m in mentorships],
        "pool_entries": entries,
        "hidden_variant_formats": formats_with_hidden_variants(user)
        if (mentorships or entries)
        else set(),
        "shows_mentorships": shows_mentorships,
        "sees_all_mentorships": user.has_perm("pairs.view_all_mentorships"),
        "shows_pools": shows_pools,
        "sees_all_pools": user.has_perm("pairs.view_all_pools"),
        "shows_pairs": shows_mentorships or shows_pools,
    }
