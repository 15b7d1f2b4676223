"""The shape of desktop/, read from its source (issue 25): the import graph (lazy imports inside
functions included) has no cycle, no module is over 600 lines (Alembic migrations aside), and
the layers only import downwards: nothing below the services (domain, models, crypto, i18n,
reports, and the helpers ``desktop.atomic`` and ``desktop.paths``) imports services, ui, cli or
the entry points; the services import neither ui nor cli; the domain imports no other layer."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600
LOWER = ("domain", "models", "crypto", "i18n", "reports", "atomic", "paths")
ENTRY = ("__main__", "entry", "run_demo", "selftest")  # desktop's own entry points
UPPER = ("services", "ui", "cli", *ENTRY)
# What each layer may not import (a layer: the name under desktop, desktop.services.x -> services).
FORBIDDEN: dict[str, frozenset[str]] = {
    **{low: frozenset(UPPER) for low in LOWER},
    "domain": frozenset({*UPPER, *LOWER} - {"domain"}),  # pure: no I/O, no other layer
    "services": frozenset({"ui", "cli", *ENTRY}),
}

def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(root: Path) -> dict[str, Path]:
    """Every module of the ``desktop`` package under ``root``, migrations aside."""
    return {module_name(root, p): p for p in sorted((root / "desktop").rglob("*.py"))
            if "migrations" not in p.parts}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The desktop modules ``name`` imports anywhere in its file (top level or in a function)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            subs = [f"{base}.{a.name}" for a in node.names]
            # `from pkg import mod` imports the module; `from mod import name` the module itself
            targets = [t for t in subs if t in known] or [base]
        found.update(t for t in targets if t in known)
    found.discard(name)
    return found


def graph(root: Path) -> dict[str, set[str]]:
    mods = sources(root)
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: set[tuple[str, ...]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.add(tuple(sorted(comp)))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Each import of a layer it may not import (``FORBIDDEN``), as ``a -> b``."""
    return sorted(f"{a} -> {b}" for a, targets in edges.items() for b in targets
                  if layer(b) in FORBIDDEN.get(layer(a), ()))


def too_long(root: Path) -> list[str]:
    out = []
    for name, path in sources(root).items():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            out.append(f"{name}: {n} lines")
    return sorted(out)


def test_no_import_cycles() -> None:
    edges = graph(ROOT)
    assert len(edges) > 100 and "desktop.services.office.merge" in edges
    assert cycles(edges) == set(), "import cycles (imports inside functions count too)"


def test_nothing_below_the_services_imports_them() -> None:
    edges = graph(ROOT)
    # the two the issue named read as any other module would (both were fixed)
    assert "desktop.i18n.data_names" in edges and "desktop.reports.samples" not in edges
    assert upward(edges) == []


def test_no_module_over_600_lines() -> None:
    assert too_long(ROOT) == []


def _tree(tmp: Path, files: dict[str, str]) -> Path:
    for rel, body in files.items():
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return tmp


def test_a_planted_lazy_cycle_is_found(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "desktop/__init__.py": "",
        "desktop/services/__init__.py": "",
        "desktop/services/a.py": "from desktop.services import b\n",
        "desktop/services/b.py": "def f():\n    from desktop.services.a import x\n",
        "desktop/services/c.py": "from . import b\n",
    })
    assert cycles(graph(root)) == {("desktop.services.a", "desktop.services.b")}


def test_a_planted_upward_import_and_long_module_are_found(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "desktop/__init__.py": "",
        "desktop/i18n/__init__.py": "",
        "desktop/i18n/names.py": "def f():\n    from desktop.services.people import x\n",
        "desktop/services/__init__.py": "",
        "desktop/services/people.py": "x = 1\n" * 601,
        "desktop/models/migrations/versions/long.py": "x = 1\n" * 700,
    })
    assert upward(graph(root)) == ["desktop.i18n.names -> desktop.services.people"]
    assert too_long(root) == ["desktop.services.people: 601 lines"]


def test_each_layer_only_imports_downwards(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "desktop/__init__.py": "",
        "desktop/paths.py": "from desktop.services import people\n",
        "desktop/entry.py": "from desktop.services import people\n",  # an entry point: fine
        "desktop/reports/__init__.py": "",
        "desktop/reports/samples.py": "def f():\n    from desktop.services.people import x\n",
        "desktop/domain/__init__.py": "",
        "desktop/domain/rules.py": "from desktop.i18n import names\nfrom desktop import paths\n",
        "desktop/i18n/__init__.py": "",
        "desktop/i18n/names.py": "from desktop.domain import rules\n",  # downwards: fine
        "desktop/services/__init__.py": "",
        "desktop/services/people.py": "def f():\n    from desktop.ui import window\n",
        "desktop/services/other.py": "import desktop.cli.main\nimport desktop.selftest\n",
        "desktop/selftest.py": "",
        "desktop/ui/__init__.py": "",
        "desktop/ui/window.py": "from desktop.services import people\n",  # fine
        "desktop/cli/__init__.py": "",
        "desktop/cli/main.py": "",
    })
    assert upward(graph(root)) == [
        "desktop.domain.rules -> desktop.i18n.names",
        "desktop.domain.rules -> desktop.paths",
        "desktop.paths -> desktop.services.people",
        "desktop.reports.samples -> desktop.services.people",
        "desktop.services.other -> desktop.cli.main",
        "desktop.services.other -> desktop.selftest",
        "desktop.services.people -> desktop.ui.window",
    ]
