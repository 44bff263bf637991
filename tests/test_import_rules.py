"""The layout's import rules, read from the source (no database, no Django setup).

- Apps import downward only: portal < listings < brands, logistics < inventory; brands
  and logistics do not import each other (DESIGN.md, "Apps and the direction of their
  imports"). Tests may reach across (a whole-product test of the portal seeds every app).
- No module imports a module that imports it back, directly or round a longer circle.
- Nothing under an app's `engine/` imports Django, directly or through a project module.

Every import counts, at the top of a module or inside a function; only imports under
`if TYPE_CHECKING:` (annotations, never run) are left out.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANK = {"portal": 0, "listings": 1, "brands": 2, "logistics": 2, "inventory": 3}
DJANGO_ROOTS = ("django", "rest_framework", "drf_spectacular", "django_scopes", "django_filters", "celery")


def _modules() -> dict[str, Path]:
    found = {}
    for app in RANK:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            name = ".".join(rel.with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _imported_names(tree: ast.AST) -> list[str]:
    """Dotted names imported anywhere in the tree, outside TYPE_CHECKING blocks."""
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.append(full if full in MODULES else node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def _project_module(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


@cache
def _imports(module: str) -> tuple[frozenset[str], frozenset[str]]:
    """(project modules, other top-level packages) that `module` imports."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    project, other = set(), set()
    for name in _imported_names(tree):
        target = _project_module(name)
        if target:
            if target != module:
                project.add(target)
        else:
            other.add(name.partition(".")[0])
    return frozenset(project), frozenset(other)


def _app(module: str) -> str:
    return module.partition(".")[0]


def _is_test(module: str) -> bool:
    return ".tests" in module


def test_the_layout_is_read():
    assert "inventory.services.ledger" in MODULES
    assert "logistics.engine.folding" in MODULES
    assert _imports("inventory.services.ledger")[0], "the ledger service imports project modules"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not _is_test(m)))
def test_apps_import_only_lower_apps(module):
    own = _app(module)
    higher = sorted(
        target for target in _imports(module)[0] if _app(target) != own and RANK[_app(target)] >= RANK[own]
    )
    assert not higher, f"{module} imports {higher}: an app imports only the apps below it"


def test_no_module_imports_one_that_imports_it_back():
    graph = {m: {t for t in _imports(m)[0] if not _is_test(t)} for m in MODULES if not _is_test(m)}
    pairs = sorted(
        {tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if a in graph.get(b, ())}
    )
    assert not pairs, f"modules that import each other: {pairs}"
    # Longer circles too: a depth-first search that meets a module on its own path.
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                circle = visit(target)
                if circle:
                    return circle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            circle = visit(module)
            assert circle is None, f"an import circle: {' -> '.join(circle)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if ".engine" in m and not _is_test(m)))
def test_engines_import_nothing_from_django(module):
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        project, other = _imports(current)
        django = sorted(other & set(DJANGO_ROOTS))
        assert not django, f"{module} reaches {django} through {current}: engines are pure computation"
        todo.extend(project)


def test_a_circle_is_found_when_there_is_one(tmp_path, monkeypatch):
    """The checker itself: two modules that import each other are caught."""
    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "a.py").write_text("from portal.b import x\n")
    (tmp_path / "portal" / "b.py").write_text("def x():\n    from portal.a import y\n")
    fake = {"portal.a": tmp_path / "portal" / "a.py", "portal.b": tmp_path / "portal" / "b.py"}
    monkeypatch.setattr(f"{__name__}.MODULES", fake)
    _imports.cache_clear()
    try:
        assert _imports("portal.a")[0] == {"portal.b"}
        assert _imports("portal.b")[0] == {"portal.a"}
        with pytest.raises(AssertionError, match="import each other"):
            test_no_module_imports_one_that_imports_it_back()
    finally:
        _imports.cache_clear()
