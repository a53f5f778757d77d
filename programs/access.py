"""Who may see what of the programs: the special categories (ОВЗ, risk group) and the
variants of formats that would give them away."""

from __future__ import annotations

from core.http import AnyUser
from core.roles import VIEW_SPECIAL_CATEGORY, Role, has_role
from programs.models import FormatVariant


def formats_with_hidden_variants(user: AnyUser) -> set[int]:
    """The formats whose variants this user may not see at all.

    Hiding only the ОВЗ and risk-group variants would give them away («hidden» could mean
    nothing else), so every variant of such a format is hidden alike.
    """
    if can_view_special_categories(user):
        return set()
    return set(
        FormatVariant.objects.filter(is_special_category=True).values_list("format_id", flat=True)
    )


def can_view_special_categories(user: AnyUser) -> bool:
    """Curator and director by permission; the lead of «педагог – студент» by assignment."""
    if not user.is_authenticated:
        return False
    if user.has_perm(VIEW_SPECIAL_CATEGORY):
        return True
    cached: bool | None = getattr(user, "_nastavnik_special", None)
    if cached is None:
        cached = (
            has_role(user, Role.FORMAT_LEAD)
            and user.led_formats.filter(code="teacher_student").exists()  # type: ignore[union-attr]
        )
        user._nastavnik_special = cached  # type: ignore[union-attr,attr-defined]  # per-request cache
    return cached
