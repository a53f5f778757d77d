"""The main menu (core/menu.py): what each role sees, in order, and which section is current."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.urls import reverse, set_script_prefix
from django.utils import translation

from core.menu import ShownSection, drawn_menu, drawn_user_menu, visible_menu
from tests.conftest import client_for, persona

PROGRAM_FOR_STAFF = (
    "Program: Formats, Events, Mentor training, Incentives, Honour board, Publications,"
    " Contest entries, ---, Organization"
)
BASES_IN_FULL = (
    "Bases: Proposals, Mentee pool, Mentor pool, Analysis of the bases, ---, Students,"
    " Teachers and masters, School pupils, Partners' staff, Partners"
)
PAIRS_IN_FULL = "Pairs: Pair registry, Form pairs from the pool, Drafts of pairs, Needing attention"
# Monitoring (reports/monitoring/): its sub-packages add their entries.
MONITORING = (
    "Monitoring: Dashboard, Monitoring cycles, Questionnaires, ---, Results of monitoring,"
    " SWOT analysis of the formats, Indicators, Monitoring reports"
)
# The curator and the format lead also handle the answers (reports/monitoring/answering/).
MONITORING_WITH_ANSWERS = MONITORING.replace(
    "Questionnaires, ---",
    "Questionnaires, Questionnaires not answered, Answers to questionnaires, ---",
)


def outline(menu: list[ShownSection]) -> list[str]:
    """The menu in words: a link as its label, a dropdown as "label: entries" ("---" a divider)."""
    lines = []
    for section in menu:
        if section.is_dropdown:
            entries = ", ".join(
                "---" if item.divider else str(item.label) for item in section.items
            )
            lines.append(f"{section.label}: {entries}")
        else:
            lines.append(str(section.label))
    return lines


def menu_of(user: User | AnonymousUser, namespace: str = "", view_name: str = "") -> list[str]:
    with translation.override("en"):
        return outline(visible_menu(user, namespace, view_name))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "curator",
            [
                "Home",
                PAIRS_IN_FULL,
                f"{BASES_IN_FULL}, ---, Import of students and teachers, ---, Access log, "
                "Retention of personal data",
                "Action plan",
                PROGRAM_FOR_STAFF,
                MONITORING_WITH_ANSWERS,
                "Administration: Logins, Login lockouts",
            ],
        ),
        # Sees the mentorships but forms none: the registry as a single link.
        (
            "director",
            [
                "Home",
                "Pair registry",
                f"{BASES_IN_FULL}, ---, Access log",
                "Action plan",
                PROGRAM_FOR_STAFF,
                MONITORING,
            ],
        ),
        (
            "methodist",
            ["Home", "Pair registry", BASES_IN_FULL, "Action plan", PROGRAM_FOR_STAFF, MONITORING],
        ),
        (
            "lead",
            [
                "Home",
                PAIRS_IN_FULL,
                BASES_IN_FULL,
                "Action plan",
                "Program: Formats, Events, Mentor training, Honour board, Publications,"
                " Contest entries, ---, Organization",
                MONITORING_WITH_ANSWERS,
            ],
        ),
        (
            "teacher",
            [
                "Home",
                "Pair registry",
                "Bases: Proposals, ---, Students",
                "Action plan",
                "Program: Formats, Events, Honour board, ---, Organization",
            ],
        ),
        (
            "partner_curator",
            [
                "Home",
                "Bases: Proposals, ---, School pupils, Partners' staff, Partners",
                "Program: Formats, Honour board",
            ],
        ),
        # The honour board is everyone's.
        ("outsider", ["Home", "Program: Honour board"]),
    ],
)
@pytest.mark.django_db
def test_each_role_sees_its_entries(
    persona: str, expected: list[str], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)

    assert menu_of(user) == expected


@pytest.mark.django_db
def test_staff_also_get_the_administration(teacher: User) -> None:
    teacher.is_staff = True

    assert menu_of(teacher)[-1] == "Admin site"


@pytest.mark.django_db
def test_a_curator_on_the_staff_gets_an_administration_dropdown(curator: User) -> None:
    curator.is_staff = True

    assert menu_of(curator)[-1] == "Administration: Logins, Login lockouts, Admin site"


def test_anonymous_gets_no_menu() -> None:
    assert menu_of(AnonymousUser()) == []


@pytest.mark.django_db
def test_a_user_who_may_only_add_mentorships_gets_the_pairs_dropdown(teacher: User) -> None:
    """The dropdown is for those who form or change pairs; each entry keeps its own check."""
    teacher.user_permissions.add(
        Permission.objects.get(content_type__app_label="pairs", codename="add_mentorship")
    )
    user = User.objects.get(pk=teacher.pk)  # fresh permission cache

    assert menu_of(user)[1] == "Pairs: Pair registry, Form pairs from the pool"


@pytest.mark.django_db
def test_the_links_keep_their_addresses_and_query(curator: User) -> None:
    bases = visible_menu(curator)[2]

    assert [item.href for item in bases.items if not item.divider][:3] == [
        reverse("proposals:list"),
        reverse("pools:list") + "?role=mentee",
        reverse("pools:list") + "?role=mentor",
    ]


def active(user: User, namespace: str = "", view_name: str = "") -> list[str]:
    with translation.override("en"):
        return [
            str(section.label)
            for section in visible_menu(user, namespace, view_name)
            if section.active
        ]


@pytest.mark.parametrize(
    ("namespace", "view_name", "section"),
    [
        ("", "home", ["Home"]),
        ("mentorships", "mentorships:registry", ["Pairs"]),
        ("drafting", "drafting:drafts", ["Pairs"]),
        ("work", "work:attention", ["Pairs"]),
        ("personal_plans", "personal_plans:plan", ["Pairs"]),
        ("proposals", "proposals:list", ["Bases"]),
        ("pools", "pools:analysis", ["Bases"]),
        ("people", "people:students", ["Bases"]),
        ("imports", "imports:start", ["Bases"]),
        ("partners", "partners:list", ["Bases"]),
        ("actionplan", "actionplan:plan-current", ["Action plan"]),
        ("formats", "formats:organization-detail", ["Program"]),
        ("events", "events:event-list", ["Program"]),
        ("training", "training:list", ["Program"]),
        ("incentives", "incentives:honour-board", ["Program"]),
        ("publications", "publications:list", ["Program"]),
        ("contests", "contests:detail", ["Program"]),
        ("lockouts", "lockouts:list", ["Administration"]),
        ("accounts", "accounts:list", ["Administration"]),
        ("monitoring", "monitoring:cycle-detail", ["Monitoring"]),
        ("questionnaires", "questionnaires:detail", ["Monitoring"]),
        # Pages of no section: the documents, the login page, a page not found.
        ("documents", "documents:plan-report", []),
        ("", "login", []),
        ("", "", []),
    ],
)
@pytest.mark.django_db
def test_the_current_section_is_marked(
    curator: User, namespace: str, view_name: str, section: list[str]
) -> None:
    assert active(curator, namespace, view_name) == section


@pytest.mark.django_db
def test_the_single_pair_registry_link_is_marked_on_the_pairs_pages(teacher: User) -> None:
    assert active(teacher, "personal_plans", "personal_plans:plan") == ["Pair registry"]


@pytest.mark.django_db
def test_the_layout_draws_the_menu_of_the_page(curator: User) -> None:
    """Through the context processor: the current section by the page's namespace."""
    response = client_for(curator).get(reverse("pools:list") + "?role=mentee")
    html = response.content.decode()

    assert (
        '<a class="nav-link dropdown-toggle active" href="#" role="button"'
        ' data-bs-toggle="dropdown" aria-expanded="false">Базы</a>'
    ) in html
    assert '<a class="dropdown-item" href="/pools/?role=mentee">База наставляемых</a>' in html
    assert '<li class="nav-item"><a class="nav-link" href="/">Главная</a></li>' in html


@pytest.mark.django_db
def test_the_addresses_follow_the_prefix_the_site_is_served_under(curator: User) -> None:
    """The entries' addresses are reversed once, but for each prefix (a site served under
    /college/ by its web server) and URLconf apart."""
    user = User.objects.get(pk=curator.pk)

    def first_href() -> str:
        return next(section.href or section.items[0].href for section in visible_menu(user))

    plain = first_href()
    set_script_prefix("/college/")
    try:
        prefixed = first_href()
    finally:
        set_script_prefix("/")
    assert prefixed == "/college" + plain
    assert first_href() == plain


def fresh(user: User) -> User:
    """`user` as a new request reads it: no permissions or roles read yet."""
    return User.objects.get(pk=user.pk)


@pytest.mark.django_db
def test_the_drawn_menu_is_the_menu_of_the_user_and_the_section(curator: User) -> None:
    """Drawn once and reused: the same HTML for the same permissions, roles and current
    section, and a different one where any of these differs."""
    with translation.override("en"):
        pools = drawn_menu(fresh(curator), "pools", "pools:list")
        assert pools is drawn_menu(fresh(curator), "pools", "pools:list")
        assert pools is drawn_menu(fresh(curator), "pools", "pools:add")  # the same section
        assert "Mentee pool" in pools
        assert 'dropdown-toggle active" href="#" role="button" data-bs-toggle="dropdown"' in pools
        assert drawn_menu(fresh(curator), "", "home") != pools

        other = persona("second-curator", "Ольга", "Вторая", "curator")
        assert drawn_menu(fresh(other), "pools", "pools:list") is pools
        other.user_permissions.add(Permission.objects.get(codename="add_user"))
        assert drawn_menu(fresh(other), "pools", "pools:list") is not pools
    with translation.override("ru"):
        assert "База наставляемых" in drawn_menu(fresh(curator), "pools", "pools:list")


@pytest.mark.django_db
def test_the_drawn_menus_follow_the_prefix_and_the_permissions(
    curator: User, outsider: User
) -> None:
    plain = drawn_menu(fresh(curator))
    set_script_prefix("/college/")
    try:
        assert 'href="/college/pairs/"' in drawn_menu(fresh(curator))
    finally:
        set_script_prefix("/")
    assert drawn_menu(fresh(curator)) is plain
    assert 'href="/documents/mine/"' in drawn_user_menu(fresh(curator))
    assert 'href="/documents/mine/"' not in drawn_user_menu(fresh(outsider))


def test_anonymous_gets_no_drawn_menu() -> None:
    assert drawn_menu(AnonymousUser()) == ""
    assert drawn_user_menu(AnonymousUser()) == ""
