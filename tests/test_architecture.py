"""The layers of the code base point one way: core ← programs ← registry ← pairs ← reports ← demo.

A module of a layer may use its own layer and the ones below it; `mentoring_site` (settings,
URLs, site views) sits on top and may use everything, and no app uses it (settings are read
through `django.conf.settings`). Migrations use no app code at all, only Django.

"Uses" is read from the source with `ast`, so nothing escapes by being imported inside a
function or under `if TYPE_CHECKING:`:

- imports, absolute and relative, and modules named to `import_module`, `import_string`,
  `__import__` and `include`;
- strings that name a module ("programs.context_processors.site") or a model: "registry.Person"
  anywhere, a lower-case label given to a call (`ForeignKey(to="pairs.mentorship")`);
- an app label given on its own: `apps.get_model("pairs", "Decision")`, `app_label="pairs"`,
  and ("pairs", "decision") pairs. A migration's ("pairs", "0005_…") dependencies are the
  order of the migration graph, not a use of code, and are let through.

Not checked: the reverse relations a model of a higher layer adds to one of a lower layer
(`person.mentorships_as_mentor`, `Count("mentorships")`). registry's incentives and partners
and programs' formats still read them (docs/architecture.md lists where).

Permissions ("pairs.view_mentorship") and URL names ("proposals:create") are names, not uses:
any layer may hold them (core/roles.py has the role → permission matrix of every app).
Templates, tests, bench/ and scripts/ are not checked. docs/architecture.md describes the graph.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "programs", "registry", "pairs", "reports", "demo")
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}
SITE = "mentoring_site"
NOT_CHECKED = {"tests"}  # bench/ and scripts/ are no packages

# A string that may name something of an app: "registry.Person", "pairs.models".
DOTTED = re.compile(rf"^({'|'.join((*LAYERS, SITE))})\.[\w.]*$")
IDENTIFIER = re.compile(r"^\w+$")
# Calls whose first argument names an app or a module.
NAMING_CALLS = {
    "get_model",
    "get_app_config",
    "get_registered_model",
    "import_module",
    "import_string",
    "__import__",
    "include",
}


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. "pairs.pools.views"
    path: Path

    @property
    def layer(self) -> str:
        return self.name.split(".")[0]

    @property
    def is_migration(self) -> bool:
        return ".migrations." in f"{self.name}."

    @property
    def package(self) -> str:
        """What a relative import is relative to."""
        if self.path.name == "__init__.py":
            return self.name
        return self.name.rpartition(".")[0]

    def __str__(self) -> str:
        return str(self.path.relative_to(ROOT))


def _modules() -> list[Module]:
    modules = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules.append(Module(".".join(parts), path))
    return modules


MODULES = _modules()


@dataclass(frozen=True)
class Reference:
    line: int
    target: str  # the dotted name or string that was used
    what: str  # how it was used

    @property
    def app(self) -> str:
        return self.target.split(".")[0]


@cache
def _model_labels() -> dict[str, str]:
    """The project's models: "registry.person" → "registry.Person"."""
    return {
        model._meta.label_lower: model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in RANK
    }


def _is_module_path(text: str) -> bool:
    """Whether a dotted string names a module of the project or something in one
    ("pairs.models", "programs.context_processors.site"), not just an app label."""
    parts = text.split(".")
    for end in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return True
    return False


def _references(module: Module, tree: ast.AST) -> list[Reference]:
    """Everything of a project app that the module's source uses.

    Strings count when they name a module, or a model: "registry.Person" anywhere, and a
    lower-case "registry.person" given to a call (a relation's `to=`, `get_model`). Other
    "app_label.codename" strings are permissions: names, which every layer may hold (core's
    role matrix and menu name the permissions of all apps).
    """
    project = {*LAYERS, SITE}
    labels = _model_labels()
    found: list[Reference] = []
    call_arguments: set[int] = set()

    def constant(node: ast.AST | None) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return None

    # ast.walk visits a node before its children: a call's arguments are known when seen.
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Reference(node.lineno, alias.name, "import") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([target] if target else [])])
            found.append(Reference(node.lineno, target, "import"))
        elif isinstance(node, ast.Call):
            call_arguments.update(id(arg) for arg in node.args)
            call_arguments.update(id(keyword.value) for keyword in node.keywords)
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = constant(node.args[0]) if node.args else None
            if name in NAMING_CALLS and first and first.split(".")[0] in project:
                found.append(Reference(node.lineno, first, f"{name}()"))
            for keyword in node.keywords:
                value = constant(keyword.value)
                if keyword.arg and keyword.arg.endswith("app_label") and value in project:
                    found.append(Reference(node.lineno, value, f"{keyword.arg}="))
        elif isinstance(node, ast.Tuple | ast.List) and len(node.elts) >= 2:
            label, name = constant(node.elts[0]), constant(node.elts[1])
            if label in project and name and IDENTIFIER.match(name):
                found.append(Reference(node.lineno, f"{label}.{name}", "(app label, name)"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if not DOTTED.match(text):
                continue
            if text.lower() in labels:  # "programs.actionplan" is a model before a package
                if text in labels.values() or id(node) in call_arguments:
                    found.append(Reference(node.lineno, text, "model named"))
            elif _is_module_path(text):
                found.append(Reference(node.lineno, text, "module named"))
    return found


def layer_violations(module: Module, source: str) -> list[str]:
    """The module's uses of layers above its own, of mentoring_site, and, for a migration,
    of any app code."""
    problems = []
    references = _references(module, ast.parse(source, filename=str(module.path)))
    # One message for a name seen twice on a line (apps.get_model("pairs.Decision")).
    unique = {(ref.line, ref.target): ref for ref in reversed(references)}
    for ref in sorted(unique.values(), key=lambda ref: ref.line):
        where = f"{module}:{ref.line}"
        if ref.app == SITE:
            problems.append(
                f"{where}: {ref.what} {ref.target!r}: no app uses mentoring_site "
                "(read settings through django.conf.settings)"
            )
        elif ref.app not in RANK:
            continue
        elif module.is_migration and ref.what == "(app label, name)":
            continue  # a dependency of the migration graph
        elif module.is_migration and ref.what == "import":
            problems.append(f"{where}: import {ref.target!r}: a migration imports no app code")
        elif RANK[ref.app] > RANK[module.layer]:
            problems.append(
                f"{where}: {ref.what} {ref.target!r}: {ref.app} is above {module.layer}"
            )
    return problems


@pytest.mark.parametrize("module", [pytest.param(m, id=m.name) for m in MODULES])
def test_module_uses_only_its_layer_and_lower(module: Module) -> None:
    problems = layer_violations(module, module.path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_core_has_no_models() -> None:
    assert not (ROOT / "core" / "models.py").exists()
    assert not (ROOT / "core" / "models").exists()
    assert not (ROOT / "core" / "migrations").exists()
    assert list(apps.get_app_config("core").get_models()) == []


def test_core_imports_no_project_app() -> None:
    uses = [
        f"{module}:{ref.line}: {ref.what} {ref.target!r}"
        for module in MODULES
        if module.layer == "core"
        for ref in _references(module, ast.parse(module.path.read_text(encoding="utf-8")))
        if ref.app in {*LAYERS, SITE} - {"core"}
    ]
    assert not uses, "\n".join(uses)


def test_every_app_has_a_layer() -> None:
    """A new app or top-level package must be placed in LAYERS before it escapes the check."""
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_CHECKED
    }
    assert packages == {*LAYERS, SITE}
    project_apps = [app for app in settings.INSTALLED_APPS if app.split(".")[0] in packages]
    assert project_apps == list(LAYERS)


# The checker itself: each way of naming a higher layer is caught, wherever it is written.
CAUGHT = {
    "import": "import pairs.models",
    "from import": "from pairs.models import Mentorship",
    "relative import": "from ...pairs import models",
    "in a function": "def f():\n    from pairs import rules\n",
    "type checking": "if TYPE_CHECKING:\n    from pairs.models import Mentorship\n",
    "foreign key": 'person = models.ForeignKey("pairs.Mentorship", on_delete=models.CASCADE)',
    "foreign key to=": 'x = models.OneToOneField(to="pairs.mentorship", on_delete=CASCADE)',
    "get_model": 'apps.get_model("pairs", "Decision")',
    "get_model label": 'apps.get_model("pairs.Decision")',
    "by name": 'for label, name in (("pairs", "decision"),):\n    apps.get_model(label, name)\n',
    "app_label": 'ContentType.objects.filter(app_label="pairs")',
    "model label": 'MODEL = "pairs.Mentorship"',
    "settings module": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")',
    "module path": '"pairs.rules.check_mentorship_rules"',
    "import_module": 'import_module("pairs")',
    "site": "from mentoring_site import settings",
}


@pytest.mark.parametrize("source", CAUGHT.values(), ids=CAUGHT.keys())
def test_checker_catches(source: str) -> None:
    module = Module("registry.people.views", ROOT / "registry" / "people" / "views.py")
    assert layer_violations(module, source)


def test_checker_allows_lower_layers_and_names() -> None:
    """Lower layers, and names that are no use: permissions, URL names."""
    module = Module("registry.people.views", ROOT / "registry" / "people" / "views.py")
    source = (
        "from core.dates import AcademicYear\n"
        "from programs.models import MentoringFormat\n"
        "from . import forms\n"
        'x = models.ForeignKey("programs.MentoringFormat", on_delete=models.PROTECT)\n'
        'user.has_perm("pairs.view_mentorship")\n'
        'MATRIX = {"pairs.mentorship": ("view",)}\n'
        'reverse("proposals:create")\n'
        'path("pairs.pdf", view, name="pairs.pdf")\n'
    )
    assert layer_violations(module, source) == []


def test_checker_keeps_migrations_off_app_code() -> None:
    migration = Module("pairs.migrations.0001_initial", ROOT / "pairs/migrations/0001_initial.py")
    assert layer_violations(migration, 'x = models.ForeignKey(to="registry.person")') == []
    assert layer_violations(migration, "from pairs.rules import MENTOR_KIND")


def imported_views(module: Module, source: str) -> list[str]:
    """The project's views modules the module imports: only URL confs should (a view's
    helper that another page needs belongs in a selectors or services module)."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        problems += [
            f"{module}:{node.lineno}: imports {name!r}"
            for name in names
            if name.split(".")[0] in RANK and name.split(".")[-1] == "views"
        ]
    return problems


def test_the_views_check_sees_both_forms_of_import() -> None:
    module = Module("pairs.rules", ROOT / "pairs" / "rules.py")

    assert imported_views(module, "from pairs.work import views")
    assert imported_views(module, "import pairs.work.views")
    assert imported_views(module, "from pairs.work.views import running_context")
    assert not imported_views(module, "from pairs.work import selectors")


@pytest.mark.parametrize(
    "module",
    [pytest.param(m, id=m.name) for m in MODULES if not m.name.endswith(".urls")],
)
def test_only_url_confs_import_views(module: Module) -> None:
    problems = imported_views(module, module.path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)
