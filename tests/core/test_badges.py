"""One colour per status (core.badges): every status of every kind has its colour, the same
meaning the same colour, and the pages and tables show a status by it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.badges import STATUS_BADGES, status_badge
from pairs.models import MentorshipStatus, PoolStatus, ProposalStatus
from pairs.pools.tables import status_badge as pool_badge
from pairs.proposals.tables import status_badge as proposal_badge
from programs.models import DISPLAY_STATUS_LABELS
from tests.conftest import client_for
from tests.factories import MentorshipFactory, PoolEntryFactory, ProposalFactory


def test_every_status_has_its_colour() -> None:
    statuses = {
        *MentorshipStatus.values,
        *PoolStatus.values,
        *ProposalStatus.values,
        *DISPLAY_STATUS_LABELS,
    }

    assert statuses == set(STATUS_BADGES)


@pytest.mark.parametrize(
    ("waiting", "in_force", "over"),
    [
        ("proposed", "included", "excluded"),
        ("pending", "accepted", "rejected"),
        ("draft", "active", "completed"),
    ],
)
def test_the_same_meaning_has_the_same_colour(waiting: str, in_force: str, over: str) -> None:
    assert STATUS_BADGES[in_force] == STATUS_BADGES["done"] == "text-bg-success"
    assert STATUS_BADGES[over] == STATUS_BADGES["cancelled"] == "text-bg-secondary"
    assert STATUS_BADGES[waiting] in {"text-bg-warning", "text-bg-light border"}


def test_a_badge_escapes_its_words() -> None:
    html = status_badge("active", "<b>действует</b>")

    assert html == (
        '<span class="badge text-bg-success" data-status="active">'
        "&lt;b&gt;действует&lt;/b&gt;</span>"
    )


def _badge_class(html: str, status: str) -> str:
    found = re.search(rf'<span class="badge ([^"]+)" data-status="{status}"', html)
    assert found is not None, html
    return found.group(1)


@pytest.mark.django_db
def test_the_tables_and_the_pages_colour_a_status_alike(curator: User) -> None:
    mentorship = MentorshipFactory(status=MentorshipStatus.ACTIVE)
    entry = PoolEntryFactory(status=PoolStatus.INCLUDED)
    proposal = ProposalFactory(
        status=ProposalStatus.REJECTED, rejection_reason="Нет мест", decided_at=timezone.now()
    )
    client = client_for(curator)

    page = client.get(reverse("mentorships:mentorship-detail", args=[mentorship.pk])).text
    registry = client.get(reverse("mentorships:registry")).text

    assert _badge_class(page, "active") == _badge_class(registry, "active") == "text-bg-success"
    assert _badge_class(pool_badge(entry), "included") == "text-bg-success"
    assert _badge_class(proposal_badge(proposal), "rejected") == "text-bg-secondary"
