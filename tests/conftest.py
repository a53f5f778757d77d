"""Persona fixtures: one user per role, plus an outsider with no role."""

from __future__ import annotations

import gc
import statistics
from collections.abc import Iterator
from functools import cache
from importlib import import_module
from itertools import count

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db.models import Model, Subquery
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker
from pytest_django.plugin import blocking_manager_key

from core.roles import apply_role_permissions
from programs.models import MentoringFormat
from registry.models import PartnerCurator, Teacher
from tests.factories import PartnerCuratorFactory, TeacherFactory


@pytest.fixture(scope="session", autouse=True)
def _fast_and_plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Settings for the whole session, set once (a per-test `settings` change costs a few
    milliseconds of every test):
    - MD5 keeps logins fast;
    - plain static storage needs no collectstatic manifest;
    - WhiteNoise reads the whole STATIC_ROOT each time a test client starts, unless it
      autorefreshes (its default only under DEBUG, which pytest-django turns off). After a
      `collectstatic` into var/static that is 1,100 files a test: this keeps the suite as
      fast on a machine that has run the production commands as on a fresh clone;
    - sessions in the process's memory, so that a test's log-in writes no row."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
    ):
        yield


@pytest.fixture(scope="session")
def django_db_use_migrations() -> bool:
    """The test database is made from the models (`migrate --run-syncdb`), in one second,
    rather than by replaying the 90-odd migrations (ten seconds for each process of each
    run, mostly Django rendering the models' state at each step). `django_db_setup` below
    then does what the migrations do besides their tables. `makemigrations --check` keeps
    the models and the migrations alike, no migration runs SQL of its own, and the real
    migrations still run in every `make test`: the production check migrates an empty
    database and prints from it."""
    return False


# The migration modules as the settings have them (pytest-django turns them off to make the
# test database from the models).
_MIGRATION_MODULES = django_settings.MIGRATION_MODULES


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """After the tables: the migrations' own rows (the formats, the role groups, the action
    plan, the questionnaires, the indicators) from their own functions, and, with the
    migrations back on for the tests that read them, every migration recorded as applied
    (`migrate --fake`, in the order `migrate` applies them: the backups read the last of
    each app; a database kept by --reuse-db has them already)."""
    django_settings.MIGRATION_MODULES = _MIGRATION_MODULES
    with django_db_blocker.unblock():
        rerun_data_migrations()
        call_command("migrate", fake=True, verbosity=0)
    yield


_MEDIA_ROOTS = count()


@pytest.fixture(autouse=True)
def _own_media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploads go to a folder of the test's own, made only when something is saved there."""
    root = tmp_path_factory.getbasetemp() / "media" / str(next(_MEDIA_ROOTS))
    with override_settings(MEDIA_ROOT=root):
        yield


@cache
def _password_hash() -> str:
    """The factories' password «secret», hashed once (with the session's MD5 hasher)."""
    return make_password("secret")


def persona(username: str, first_name: str, last_name: str, role: str | None = None) -> User:
    """A persona's login with the password «secret» and its role's group, in two queries
    (`UserFactory` takes six: a get-or-create, the password hashed anew, the group looked
    up); most tests begin with one or two."""
    user = User.objects.create(
        username=username, first_name=first_name, last_name=last_name, password=_password_hash()
    )
    if role is not None:
        User.groups.through.objects.create(user_id=user.pk, group_id=_pk_of(Group, name=role))
    return user


def _leads(user: User, format_code: str) -> None:
    """Makes the user a lead of the format, in one query."""
    MentoringFormat.leads.through.objects.create(
        user_id=user.pk, mentoringformat_id=_pk_of(MentoringFormat, code=format_code)
    )


def _pk_of(model: type[Model], **lookup: str) -> Subquery:
    return Subquery(model.objects.filter(**lookup).values("pk"))


@pytest.fixture
def curator(db: None) -> User:
    return persona("curator", "Андрей", "Васильев", "curator")


@pytest.fixture
def director(db: None) -> User:
    return persona("director", "Елена", "Соколова", "director")


@pytest.fixture
def lead(db: None) -> User:
    """Leads «студент – студент» only."""
    user = persona("lead", "Ольга", "Никитина", "format_lead")
    _leads(user, "student_student")
    return user


@pytest.fixture
def methodist(db: None) -> User:
    return persona("methodist", "Наталья", "Белова", "methodist")


@pytest.fixture
def teacher(db: None) -> User:
    return persona("teacher", "Павел", "Орлов", "teacher")


@pytest.fixture
def teacher_person(teacher: User) -> Teacher:
    """The teacher's own record in the bases, linked to the login."""
    return TeacherFactory(last_name="Орлов", first_name="Павел", user=teacher)


@pytest.fixture
def outsider(db: None) -> User:
    return persona("outsider", "Олег", "Посторонний")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def methodist_lead(methodist: User) -> User:
    """The methodist who, as order item 3 has it, also leads «педагог – педагог»."""
    User.groups.through.objects.create(
        user_id=methodist.pk, group_id=_pk_of(Group, name="format_lead")
    )
    _leads(methodist, "teacher_teacher")
    return User.objects.get(pk=methodist.pk)  # fresh permission cache


@pytest.fixture
def partner_curator(db: None) -> User:
    """The curator of a partner school, with an account (see `school_curator`)."""
    return persona("partner", "Марина", "Кураторова", "partner_curator")


@pytest.fixture
def school_curator(partner_curator: User) -> PartnerCurator:
    """The partner curator's record: the school they curate."""
    return PartnerCuratorFactory(full_name="Кураторова Марина Петровна", user=partner_curator)


def rerun_data_migrations() -> None:
    """Brings back what the data migrations made (the formats, the role groups, the action
    plan of order № 147, the questionnaires of monitoring) in a transactional test, which
    starts from whatever the previous one's flush left: the migrations' own functions and
    `apply_role_permissions` are idempotent. (`serialized_rollback` does not help where a
    test runs code in other threads.) The flush itself recreates the Permission rows."""
    import_module("programs.migrations.0002_load_formats").load_formats(apps, None)
    apply_role_permissions()
    import_module("programs.migrations.0004_load_action_plan_2020_2024").load_plan(apps, None)
    import_module("reports.migrations.0004_load_questionnaires").load_questionnaires(apps, None)
    import_module("programs.migrations.0010_load_indicators").load_indicators(apps, None)


# --- Transactional tests leave the database as they found it -----------------------------------


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


_SET_UP = pytest.StashKey[bool]()
# Set when a transactional test's flush has taken the data migrations' rows with it.
_FLUSHED = pytest.StashKey[bool]()


def _uses_demo(item: pytest.Item) -> bool:
    """Whether `item` starts from the browser tests' demo (tests/browser/conftest.py)."""
    return item.get_closest_marker("browser") is not None and "demo" in getattr(
        item, "fixturenames", ()
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """A transactional test ends with a flush, which takes the formats and the role groups
    with it. Run alone, pytest-django runs such tests last; on pytest-xdist's workers a module
    that has one can come before others, so the data migrations' rows are put back before
    the next test, unless that is a browser test whose `demo` puts back the whole database
    as it was with the demo loaded (these rows included) — then only once its set-up is done,
    in case it is skipped before. Notes, too, that the test's fixtures were all set up (not
    skipped or failed on the way)."""
    config = item.config
    if config.stash.get(_FLUSHED, False) and not _uses_demo(item):
        with config.stash[blocking_manager_key].unblock():
            rerun_data_migrations()
        config.stash[_FLUSHED] = False
    result = yield
    item.stash[_SET_UP] = True
    if _uses_demo(item):
        config.stash[_FLUSHED] = False
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Notes the flush of a transactional test (see `pytest_runtest_setup`)."""
    yield
    # A transactional test skipped before its fixtures ran flushed nothing.
    if item.stash.get(_SET_UP, False) and _is_transactional(item):
        item.config.stash[_FLUSHED] = True


# --- The suite's own speed ---------------------------------------------------------------------


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the process has loaded by now (Django, the site, thousands of collected tests)
    lives as long as the session: out of the garbage collector's way, as the server's workers
    do (core/startup.py), so that its full collections walk only what the tests make."""
    gc.collect()
    gc.freeze()


_DURATIONS: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Adds up each non-browser test's set-up, call and tear-down (with pytest-xdist, the
    workers' reports arrive here in the controlling process)."""
    if "browser" not in report.keywords:
        _DURATIONS[report.nodeid] = _DURATIONS.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Prints the median and the 90th percentile of a non-browser test, so that a slower
    suite shows in every `make test`."""
    if not _DURATIONS:
        return
    durations = sorted(_DURATIONS.values())
    median = statistics.median(durations)
    p90 = durations[int(len(durations) * 0.9)]
    terminalreporter.write_line(
        f"non-browser tests: {len(durations)}, median {median * 1000:.1f} ms, "
        f"90th percentile {p90 * 1000:.1f} ms, sum {sum(durations):.1f} s"
    )
