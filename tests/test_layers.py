"""The package's shape (docs/ARCHITECTURE.md): imports point down the data flow, no import cycle, only the pages
import Streamlit, no module over 400 lines, every module says its job in a one-line docstring.

Imports are read from the code (ast), at module level and inside functions alike: an import deferred into a
function is still a dependency. LAYERS is the one place the allowed order is written."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bottom to top. A module may import its own package and any package of a lower layer; packages sharing a layer
# are independent of each other (authoring writes YAML and never reads frames; views and outputs are two
# consumers of charts).
LAYERS = [
    ("dashboard.conventions",),  # dates at precision, colours and labels, safe text, folding
    ("dashboard.codebook",),  # pydantic models by record kind, and what is generated from them
    ("dashboard.dataset",),  # YAML -> validated, resolved records (rules, dates, windows, compliance rules)
    ("dashboard.frames", "dashboard.authoring"),  # records -> pandas tables | coding a new article into the YAML
    ("dashboard.charts",),  # frames -> Plotly figures
    ("dashboard.engines",),  # frame sources: pandas in memory or DuckDB over the Parquet snapshot
    ("dashboard.views", "dashboard.outputs"),  # page-ready text and tables | files that leave the tool
    ("dashboard.app", "dashboard.cli"),  # Streamlit pages | the command line
    ("dashboard.__main__",),  # python -m dashboard
]
MAX_LINES = 400
CHECKED = ["dashboard", "bench"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for base in CHECKED for p in sorted((ROOT / base).rglob("*.py"))}


MODULES = modules()


def imports(name: str) -> set[str]:
    """The package's own modules `name` imports (`from pkg import module` counts as the module)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            targets = subs + ([base] if len(subs) < len(node.names) else [])
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports(name) for name in MODULES}


def layer_of(name: str) -> tuple[int, str] | None:
    for level, packages in enumerate(LAYERS):
        for package in packages:
            if name == package or name.startswith(package + "."):
                return level, package
    return None


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if m.startswith("dashboard") and m != "dashboard" and layer_of(m) is None]
    assert unplaced == [], "add these to LAYERS (and docs/ARCHITECTURE.md)"


def test_imports_point_down_the_flow():
    wrong = []
    for name, deps in GRAPH.items():
        here = layer_of(name)
        if here is None:
            continue
        for dep in deps:
            there = layer_of(dep)
            if dep == "dashboard" or there is None or there[1] == here[1]:
                continue
            if there[0] >= here[0]:
                wrong.append(f"{name} -> {dep} ({'sideways' if there[0] == here[0] else 'upward'})")
    assert wrong == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_pages_import_streamlit():
    offenders = []
    for name, path in MODULES.items():
        if name.startswith("dashboard") and not name.startswith("dashboard.app"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                    if any(n.split(".")[0] == "streamlit" for n in names):
                        offenders.append(name)
    assert offenders == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_short_and_says_its_job(name):
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path.relative_to(ROOT)}: split it by concern"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and doc.splitlines()[0].strip(), f"{path.relative_to(ROOT)}: start with a one-line docstring"


def test_layers_are_the_documented_folders():
    """docs/ARCHITECTURE.md names every package of LAYERS (one place for the order, one for the prose)."""
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for packages in LAYERS:
        for package in packages:
            if package.count(".") == 1 and not package.endswith("__main__"):
                assert package.replace(".", "/") in doc, package
