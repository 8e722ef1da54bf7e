"""The app order of the README, kept: an app never reaches an app above it, and no two
modules of the project import each other, round any circle.

The apps, from the bottom up (see APP_ORDER). An app may use any app below it, never one
above it nor a sibling on its own level. Where a page of a lower app shows data of an
upper one, the upper app registers what it contributes from its AppConfig.ready()
(`workshops.contributions`, `objectives.contributions`, `translations.tracking`,
`members.groups.group_permissions_grant`, `reports.specs`).

What a module of an app may not do, for any app above it (or a sibling):
- import it, at the top of the module or inside a function;
- name it in a string: a model label or permission ("practices.Practice",
  "practices.review_practice"), a URL name ("practices:detail"), a template
  ("practices/..."), an outbox handler;
- reach its models through a relation: a query path through the reverse relation its
  models hold ("objectives__text_en", Prefetch("practices")), as a string, a keyword or
  the head of an f-string;
- look a model up by name or through a relation (`apps.get_model`, `.related_model`):
  no app does, but for reports.specs, whose labels name only apps below reports.

Templates may still link to a page of an app above by its URL name (the "Download PDF"
forms post to `reports:request`); they read no model of it.
"""

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps as django_apps

ROOT = Path(__file__).resolve().parent.parent

APP_ORDER = (
    ("outbox",),
    ("translations",),
    ("members",),
    ("workshops",),
    ("objectives",),
    ("practices", "declarations", "roadmaps"),
    ("reports",),
    ("demo",),
)
# rcm_portal holds the building blocks every app may use (below all of them: they import
# no app) and the wiring of the whole site (settings, URLs, health checks: above them all).
PROJECT_BASE = (
    "rcm_portal.admin_layout",
    "rcm_portal.celery",
    "rcm_portal.decorators",
    "rcm_portal.downloads",
    "rcm_portal.examples",
    "rcm_portal.text",
    "rcm_portal.validators",
    "rcm_portal.workflow",
)
BASE_RANK, TOP_RANK = -1, len(APP_ORDER)
RANKS = {app: rank for rank, level in enumerate(APP_ORDER) for app in level}
# The one place that looks models up by label: the report kinds, all of apps below reports.
MODEL_LOOKUPS_ALLOWED = {"reports.specs"}


@cache
def project_modules() -> dict[str, Path]:
    """Every Python module of the apps and of rcm_portal, by dotted name."""
    modules = {}
    for top in (*RANKS, "rcm_portal"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def app_of(module: str) -> str:
    return module.split(".")[0]


def rank_of(module: str) -> int:
    if module in PROJECT_BASE:
        return BASE_RANK
    if app_of(module) == "rcm_portal":
        return TOP_RANK
    return RANKS[app_of(module)]


def is_migration(module: str) -> bool:
    return ".migrations." in module


@cache
def parsed(module: str) -> ast.Module:
    return ast.parse(project_modules()[module].read_text(encoding="utf-8"))


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if project_modules()[module].name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join([*package, *([node.module] if node.module else [])])


@cache
def imports_of(module: str) -> tuple[tuple[str, int], ...]:
    """(imported project module, line) for every import, at module level or in a function.
    `from a import b` counts as importing `a.b` when that is a module, else `a`."""
    known = project_modules()
    found = []
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                found.append((target, node.lineno))
    return tuple(found)


def test_the_app_order_covers_every_app_of_the_project():
    ours = {c.name for c in django_apps.get_app_configs() if (ROOT / c.name).is_dir()}
    assert ours == set(RANKS)
    assert set(PROJECT_BASE) <= set(project_modules())


def test_no_app_imports_an_app_above_it_or_beside_it():
    wrong = []
    for module, path in project_modules().items():
        for target, line in imports_of(module):
            if app_of(target) == app_of(module) and rank_of(target) == rank_of(module):
                continue
            if rank_of(target) >= rank_of(module) and rank_of(target) != BASE_RANK:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_two_modules_import_each_other_round_a_circle():
    """Imports inside functions count: a circle hidden in a function is still a circle
    (the module cannot be read, tested or moved without the other)."""
    graph = defaultdict(set)
    for module in project_modules():
        graph[module] |= {target for target, _line in imports_of(module)}
    assert _cycles(graph) == []


def _upper_apps(module: str) -> list[str]:
    rank = rank_of(module)
    return [app for app, other in RANKS.items() if other >= rank and app != app_of(module)]


@cache
def relation_names(app: str) -> dict[str, str]:
    """{query name: app above} for the relations that this app's models hold to models of
    an app above it or beside it (the reverse side of the upper app's foreign keys)."""
    names = {}
    for model in django_apps.get_app_config(app).get_models():
        for field in model._meta.get_fields():
            related = field.related_model
            if not field.is_relation or related is None or isinstance(related, str):
                continue
            other = related._meta.app_label
            if other in RANKS and other != app and RANKS[other] >= RANKS[app]:
                names[field.name] = other
    return names


def _strings(tree: ast.AST):
    """(text, line) of every string a module holds: constants, the head of each f-string,
    and keyword names in calls (filter(objectives__kind=...))."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, node.lineno
        elif isinstance(node, ast.JoinedStr) and node.values:
            head = node.values[0]
            if isinstance(head, ast.Constant) and isinstance(head.value, str):
                yield head.value, node.lineno
        elif isinstance(node, ast.keyword) and node.arg:
            yield node.arg, node.value.lineno


@pytest.mark.parametrize("app", [app for app in RANKS if RANKS[app] < RANKS["reports"]])
def test_no_app_names_an_app_above_it_in_a_string(app):
    wrong = []
    for module, path in project_modules().items():
        if app_of(module) != app or is_migration(module):
            continue
        upper = _upper_apps(module)
        named = re.compile(rf"^({'|'.join(upper)})[.:/][A-Za-z_]") if upper else None
        relations = relation_names(app)
        for text, line in _strings(parsed(module)):
            where = f"{path.relative_to(ROOT)}:{line}"
            if named and named.match(text) and " " not in text:
                wrong.append(f"{where} names {text!r}")
            head = text.split("__")[0]
            if head in relations and (text == head or text.startswith(f"{head}__")):
                wrong.append(f"{where} queries {text!r} ({relations[head]})")
    assert wrong == []


def test_no_module_looks_a_model_up_by_name_or_through_a_relation():
    wrong = []
    for module, path in project_modules().items():
        if is_migration(module) or module in MODEL_LOOKUPS_ALLOWED:
            continue
        for node in ast.walk(parsed(module)):
            if isinstance(node, ast.Attribute) and node.attr in {"get_model", "related_model"}:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} uses .{node.attr}")
    assert wrong == []
