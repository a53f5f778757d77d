"""The main menu as data: its sections, their entries and who sees each.

The conditions here name the same permissions the views check, so the menu offers what a
user may open and nothing else; `visible_menu` reads them for one user and the template
(templates/base.html) only draws the result. core/ imports no project app: pages are named
by URL names, permissions by "app_label.codename" strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, assert_never

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.http import AnyUser
from core.roles import Role, has_role, user_roles

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.functional import _StrOrPromise


class AnyOf:
    """Holds when at least one of its conditions holds."""

    def __init__(self, *conditions: Condition) -> None:
        self.conditions = conditions

    def __repr__(self) -> str:
        return f"AnyOf{self.conditions!r}"


class AllOf:
    """Holds when every one of its conditions holds."""

    def __init__(self, *conditions: Condition) -> None:
        self.conditions = conditions

    def __repr__(self) -> str:
        return f"AllOf{self.conditions!r}"


class Staff:
    """Holds for a user who may enter Django's admin site."""

    def __repr__(self) -> str:
        return "STAFF"


STAFF = Staff()


class HasRole:
    """Holds for a user in one of the roles: for a page that checks a role rather than a
    permission (the login lockouts, core.lockouts)."""

    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    def __repr__(self) -> str:
        return f"HasRole{self.roles!r}"


CURATOR = HasRole(Role.CURATOR)

# Who sees a part of the menu: a permission ("app_label.codename"), a combination of
# conditions, STAFF, a role (HasRole), or None for every logged-in user.
Condition = str | AnyOf | AllOf | Staff | HasRole | None


def allows(user: AnyUser, condition: Condition, granted: set[str]) -> bool:
    """Whether `condition` holds for `user`, whose permissions are `granted`
    (`user.get_all_permissions()`, read once for the whole menu: for the model backend that is
    what `perms.…` and `has_perm` check)."""
    if condition is None:
        return True
    if isinstance(condition, str):
        return condition in granted
    if isinstance(condition, AnyOf):
        return any(allows(user, part, granted) for part in condition.conditions)
    if isinstance(condition, AllOf):
        return all(allows(user, part, granted) for part in condition.conditions)
    if isinstance(condition, Staff):
        return user.is_staff
    if isinstance(condition, HasRole):
        return has_role(user, *condition.roles)
    assert_never(condition)


@dataclass(frozen=True)
class Entry:
    """A link to a page: shown in a dropdown, or as a section of its own (see `link`)."""

    label: _StrOrPromise
    url_name: str
    query: str = ""  # appended to the URL, e.g. "?role=mentee"
    permission: Condition = None


@dataclass(frozen=True)
class Divider:
    """A line between groups of entries in a dropdown, shown when its condition holds."""

    permission: Condition = None


@dataclass(frozen=True)
class Section:
    """A top-level item of the menu: a dropdown of entries, or a single link.

    It shows when `permission` holds; it is a dropdown when `dropdown` holds, otherwise a link
    to its first visible entry (under that entry's label). It is marked as the current
    section on the pages of its URL `namespaces`, or on the pages named in `view_names`.
    """

    label: _StrOrPromise
    items: tuple[Entry | Divider, ...]
    permission: Condition = None
    dropdown: Condition = None
    namespaces: tuple[str, ...] = ()
    view_names: tuple[str, ...] = ()

    def is_current(self, namespace: str, view_name: str) -> bool:
        """Whether a page of URL `namespace` and name `view_name` is in this section."""
        return namespace in self.namespaces or view_name in self.view_names


# Never true: for sections that are always a single link.
NEVER = AnyOf()


def link(
    entry: Entry, namespaces: tuple[str, ...] = (), view_names: tuple[str, ...] = ()
) -> Section:
    """A section that is just one link, shown to those the entry's condition allows."""
    return Section(
        label=entry.label,
        items=(entry,),
        permission=entry.permission,
        dropdown=NEVER,
        namespaces=namespaces,
        view_names=view_names,
    )


# Importing students and teachers creates and updates them.
MAY_IMPORT = AnyOf(
    AllOf("registry.add_student", "registry.change_student"),
    AllOf("registry.add_teacher", "registry.change_teacher"),
)

MENU: tuple[Section, ...] = (
    link(Entry(_("Home"), "home"), view_names=("home",)),
    # Those who only view the mentorships get the registry as a single link.
    Section(
        label=_("Pairs"),
        permission="pairs.view_mentorship",
        dropdown=AnyOf("pairs.add_mentorship", "pairs.change_mentorship"),
        namespaces=("mentorships", "drafting", "work", "personal_plans"),
        items=(
            Entry(_("Pair registry"), "mentorships:registry"),
            Entry(
                _("Form pairs from the pool"),
                "drafting:drafting",
                permission="pairs.add_mentorship",
            ),
            Entry(_("Drafts of pairs"), "drafting:drafts", permission="pairs.change_mentorship"),
            Entry(_("Needing attention"), "work:attention", permission="pairs.change_mentorship"),
        ),
    ),
    Section(
        label=_("Bases"),
        permission=AnyOf(
            "pairs.view_proposal",
            "pairs.view_poolentry",
            "registry.view_person",
            "registry.view_partnerorganization",
        ),
        namespaces=(
            "proposals",
            "pools",
            "people",
            "imports",
            "partners",
            "accesslog",
            "retention",
        ),
        items=(
            Entry(_("Proposals"), "proposals:list", permission="pairs.view_proposal"),
            Entry(
                _("Mentee pool"),
                "pools:list",
                query="?role=mentee",
                permission="pairs.view_poolentry",
            ),
            Entry(
                _("Mentor pool"),
                "pools:list",
                query="?role=mentor",
                permission="pairs.view_poolentry",
            ),
            Entry(_("Analysis of the bases"), "pools:analysis", permission="pairs.view_poolentry"),
            Divider(AnyOf("pairs.view_proposal", "pairs.view_poolentry")),
            Entry(_("Students"), "people:students", permission="registry.view_student"),
            Entry(_("Teachers and masters"), "people:teachers", permission="registry.view_teacher"),
            Entry(_("School pupils"), "people:pupils", permission="registry.view_pupil"),
            Entry(
                _("Partners' staff"), "people:employees", permission="registry.view_partneremployee"
            ),
            Entry(_("Partners"), "partners:list", permission="registry.view_partnerorganization"),
            Divider(MAY_IMPORT),
            Entry(_("Import of students and teachers"), "imports:start", permission=MAY_IMPORT),
            Divider("registry.view_accesslogentry"),
            Entry(_("Access log"), "accesslog:list", permission="registry.view_accesslogentry"),
            Entry(
                _("Retention of personal data"),
                "retention:review",
                permission="registry.delete_person",
            ),
        ),
    ),
    link(
        Entry(_("Action plan"), "actionplan:plan-current", permission="programs.view_actionplan"),
        namespaces=("actionplan",),
    ),
    Section(
        label=_("Program"),
        namespaces=("formats", "events", "training", "incentives", "publications", "contests"),
        items=(
            Entry(_("Formats"), "formats:format-list", permission="programs.view_mentoringformat"),
            Entry(_("Events"), "events:event-list", permission="programs.view_event"),
            Entry(
                _("Mentor training"), "training:list", permission="programs.view_trainingsession"
            ),
            Entry(
                _("Incentives"), "incentives:incentive-list", permission="registry.view_incentive"
            ),
            Entry(_("Honour board"), "incentives:honour-board"),
            Entry(_("Publications"), "publications:list", permission="programs.view_publication"),
            Entry(_("Contest entries"), "contests:list", permission="programs.view_contestentry"),
            Divider("programs.view_organization"),
            Entry(
                _("Organization"),
                "formats:organization-detail",
                permission="programs.view_organization",
            ),
        ),
    ),
    # Monitoring (reports/monitoring/): the cycles and the questionnaires; the answers and
    # the results add their entries here.
    Section(
        label=_("Monitoring"),
        permission=AnyOf("reports.view_monitoringcycle", "reports.view_questionnaire"),
        namespaces=(
            "monitoring",
            "questionnaires",
            "monitoring-results",
            "swot",
            "indicators",
            "answering",
            "monitoring-dashboard",
            "monitoring-report",
        ),
        items=(
            # The director's dashboard (reports/monitoring/dashboard/): first, for those who
            # review the program (a format lead: the led formats).
            Entry(
                _("Dashboard"),
                "monitoring-dashboard:dashboard",
                permission="reports.view_monitoring_results",
            ),
            Entry(
                _("Monitoring cycles"),
                "monitoring:cycle-list",
                permission="reports.view_monitoringcycle",
            ),
            Entry(
                _("Questionnaires"),
                "questionnaires:list",
                permission="reports.view_questionnaire",
            ),
            Entry(
                _("Questionnaires not answered"),
                "answering:unanswered",
                permission="reports.view_assignment",
            ),
            Entry(
                _("Answers to questionnaires"),
                "answering:responses",
                permission=AllOf("reports.view_individual_answers", "reports.view_response"),
            ),
            Divider("reports.view_monitoring_results"),
            Entry(
                _("Results of monitoring"),
                "monitoring-results:index",
                permission="reports.view_monitoring_results",
            ),
            Entry(
                _("SWOT analysis of the formats"),
                "swot:list",
                permission="reports.view_monitoring_results",
            ),
            Entry(
                _("Indicators"),
                "indicators:list",
                permission="reports.view_monitoring_results",
            ),
            # The yearly report the director approves (reports/monitoring/report/).
            Entry(
                _("Monitoring reports"),
                "monitoring-report:list",
                permission="reports.view_monitoringreport",
            ),
        ),
    ),
    # The curator gives logins (registry.accounts) and lifts login lockouts; staff also reach
    # Django's admin site.
    Section(
        label=_("Administration"),
        permission=AnyOf(CURATOR, STAFF),
        dropdown=AnyOf(CURATOR, AllOf(STAFF, "auth.view_user")),
        namespaces=("lockouts", "accounts"),
        items=(
            Entry(_("Logins"), "accounts:list", permission="auth.view_user"),
            Entry(_("Login lockouts"), "lockouts:list", permission=CURATOR),
            Entry(_("Admin site"), "admin:index", permission=STAFF),
        ),
    ),
)


# The links beside the user's name: the user's own things.
USER_MENU: tuple[Entry, ...] = (
    # The documents prepared in the background (reports/background/), for those who may ask
    # for one: the pair registry's PDF and XLSX.
    Entry(_("My documents"), "documents-bg:mine", permission="pairs.view_mentorship"),
    # The questionnaires a participant with a login answers (reports/monitoring/answering/).
    Entry(_("My questionnaires"), "answering:mine"),
    # Everyone's own password (registry/accounts/).
    Entry(_("Change password"), "accounts:password-change"),
)


@dataclass(frozen=True)
class ShownItem:
    """An item of a dropdown as drawn: a link, or a divider."""

    label: _StrOrPromise = ""
    href: str = ""
    divider: bool = False


@dataclass(frozen=True)
class ShownSection:
    """A section as drawn for one user: a dropdown of `items`, or a link to `href`."""

    label: _StrOrPromise
    active: bool
    is_dropdown: bool
    href: str = ""
    items: tuple[ShownItem, ...] = ()


def _shown_items(user: AnyUser, section: Section, granted: set[str]) -> list[ShownItem]:
    shown = []
    for item in section.items:
        if not allows(user, item.permission, granted):
            continue
        if isinstance(item, Divider):
            shown.append(ShownItem(divider=True))
        else:
            shown.append(ShownItem(item.label, _href(item)))
    return shown


def _href(entry: Entry) -> str:
    """The address of an entry: its URL name reversed once for the URLconf and the prefix the
    site is served under (every page draws the menu: 30-odd `reverse` calls a page)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(entry.url_name, urlconf, get_script_prefix()) + entry.query


@cache
def _reversed(url_name: str, urlconf: str, prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def visible_menu(user: AnyUser, namespace: str = "", view_name: str = "") -> list[ShownSection]:
    """The sections `user` sees, in order, the current one marked by the page's URL
    `namespace` (or, outside any namespace, its `view_name`). Empty for an anonymous user,
    who gets no menu."""
    if not user.is_authenticated:
        return []
    granted = user.get_all_permissions()
    menu = []
    for section in MENU:
        if not allows(user, section.permission, granted):
            continue
        active = section.is_current(namespace, view_name)
        items = _shown_items(user, section, granted)
        if allows(user, section.dropdown, granted):
            menu.append(ShownSection(section.label, active, is_dropdown=True, items=tuple(items)))
            continue
        first = next((item for item in items if not item.divider), None)
        if first is not None:
            menu.append(ShownSection(first.label, active, is_dropdown=False, href=first.href))
    return menu


def visible_user_menu(user: AnyUser) -> list[ShownItem]:
    """The links of `USER_MENU` that `user` may open; none for an anonymous user."""
    if not user.is_authenticated:
        return []
    granted = user.get_all_permissions()
    return [
        ShownItem(entry.label, _href(entry))
        for entry in USER_MENU
        if allows(user, entry.permission, granted)
    ]


# The menus as drawn, by what they depend on (see `_drawing_key`); emptied when full.
_DRAWN: dict[tuple[object, ...], SafeString] = {}
_DRAWN_MAX = 1024


def _drawing_key(user: AnyUser, *where: object) -> tuple[object, ...]:
    """Everything a drawn menu depends on: what `allows` reads of the user (the permissions,
    staff, the roles), the page's place (`where`: the current sections), and the language,
    URLconf and prefix its labels and addresses are made in."""
    return (
        frozenset(user.get_all_permissions()),
        user.is_staff,
        tuple(user_roles(user)),
        *where,
        get_language(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )


def _drawn(key: tuple[object, ...], draw: Callable[[], SafeString]) -> SafeString:
    html = _DRAWN.get(key)
    if html is None:
        html = draw()
        if len(_DRAWN) >= _DRAWN_MAX:
            _DRAWN.clear()
        _DRAWN[key] = html
    return html


def drawn_menu(user: AnyUser, namespace: str = "", view_name: str = "") -> SafeString:
    """The main menu's HTML (templates/core/_main_menu.html) for `user` on a page of
    `namespace` / `view_name`. Every page draws it, and it is the same for every user with
    the same permissions and roles in the same current section: drawn once for each of those
    (drawing it each time was a third of a simple page's time), then reused."""
    if not user.is_authenticated:
        return SafeString()
    current = tuple(
        index for index, section in enumerate(MENU) if section.is_current(namespace, view_name)
    )
    return _drawn(
        ("main", *_drawing_key(user, *current)),
        lambda: render_to_string(
            "core/_main_menu.html", {"main_menu": visible_menu(user, namespace, view_name)}
        ),
    )


def drawn_user_menu(user: AnyUser) -> SafeString:
    """The items of the menu under the user's name (templates/core/_user_menu.html), drawn
    once for each set of permissions and roles, as `drawn_menu`."""
    if not user.is_authenticated:
        return SafeString()
    return _drawn(
        ("user", *_drawing_key(user)),
        lambda: render_to_string("core/_user_menu.html", {"user_menu": visible_user_menu(user)}),
    )


def main_menu(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the menus for the layout, drawn only when a page draws them."""
    match = request.resolver_match
    namespace = match.namespace if match else ""
    view_name = match.view_name if match else ""
    user = getattr(request, "user", None)
    return {
        "main_menu": SimpleLazyObject(
            lambda: drawn_menu(user, namespace, view_name) if user is not None else SafeString()
        ),
        "user_menu": SimpleLazyObject(
            lambda: drawn_user_menu(user) if user is not None else SafeString()
        ),
    }
