"""The prose names code by its path: every `dashboard/...py` in README.md and docs/*.md exists, and no module of
the package is named by its bare file name (`windows.py`), which the move to folders by concern left ambiguous
or stale (docs/ARCHITECTURE.md keeps the old -> new table, in module names, not file names)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MODULES = {p.name for p in (ROOT / "dashboard").rglob("*.py")}


def _named(pattern: str):
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in re.finditer(pattern, text):
            yield doc.name, text.count("\n", 0, m.start()) + 1, m.group(1)


@pytest.mark.parametrize("doc", [d.name for d in DOCS])
def test_every_dashboard_path_in_the_docs_exists(doc):
    missing = [(line, path) for name, line, path in _named(r"(?<![\w/.\-])(dashboard/[\w/]+\.py)\b")
               if name == doc and not (ROOT / path).is_file()]
    assert not missing, f"{doc}: paths that are not in the package: {missing}"


@pytest.mark.parametrize("doc", [d.name for d in DOCS])
def test_no_module_of_the_package_is_named_by_its_bare_file_name(doc):
    bare = [(line, name) for d, line, name in _named(r"(?<![\w/.\-])([a-z_][\w]*\.py)\b")
            if d == doc and name in MODULES and name != "__init__.py"]
    assert not bare, f"{doc}: name these by their path (dashboard/<folder>/<module>.py): {bare}"
