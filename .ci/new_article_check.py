#!/usr/bin/env python3
"""CI step: a new article goes through the documented workflow, then the test suite runs on the result.

In a copy of the project (a temporary directory; the checkout is never written), this step
  1. writes a short wire-story-like article of its own: CRLF line ends, photo captions in three credit forms,
     a sentence repeated in two paragraphs and a pull quote echoing the body;
  2. adds it with `python -m dashboard add-source`, exactly as README.md and docs/CODING.md say;
  3. codes a few records through the library (the candidate list's quotes, occurrences and date readings,
     appended with `yamledit.append_record`, the desk's write path): an actor, an event quoting the repeated
     sentence, a figure, and an event from a caption;
  4. runs `python -m dashboard validate` and `candidates --todo`, and commits the data as step 9 says;
  5. runs the tests that read the project's data (non-browser) on that copy: none may fail because an
     article was added.

Run it locally from the repository root: `python .ci/new_article_check.py` (`--keep` leaves the copy,
`--all` runs every non-browser test instead of the data-reading files). Exit status: 0 when all passed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_ID = "ci-generated-wire-story"
IGNORE = shutil.ignore_patterns(".git", ".ci-venv", "__pycache__", ".cache", ".hypothesis", ".pytest_cache",
                                "*.pyc", "node_modules")
# Test files that read the project's own data (seeds/, data/) or run the app on it: where a new article
# could turn something red. The rest run on fixtures they build. tests/browser and tests/charts are left to
# the main run (browser: minutes; charts: render-heavy).
DATA_MARKERS = re.compile(r'ROOT / "data"|ROOT / "seeds"|\bbundled\b|project_copy|without_004|open_page|load_dataset\(\)')
# Slow files whose data-dependence is covered by others in the list (chart and slide renders, the scale and
# hostile-input suites that build their own data, app pages that test_app.py opens on the same data too):
# the step stays at about three minutes of CPU. `--all` runs them as well.
SKIP_FILES = {"test_export_charts.py", "test_briefing_pack.py", "test_scale_query.py", "test_scale_open.py",
              "test_query_properties.py", "test_synth.py", "test_hostile.py", "test_compliance_app.py",
              "test_frames_cache_app.py", "test_viewport.py"}

PARAGRAPHS = [
    "Israel received the remains of two more hostages on Monday, bringing to 21 the number of bodies returned of "
    "the 28 held in Gaza when the truce took effect, the Israeli military said.",
    "Red Cross vehicles carry coffins towards the Kissufim crossing in the southern Gaza Strip on November 24, 2025. "
    "(AP Photo/Staff Photographer)",
    "Israeli strikes killed 4 people in Khan Younis on Tuesday, health officials said. The military said its troops "
    "fired at militants who crossed the yellow line.",
    "“We will not rest until every hostage is home,” an Israeli official said.",
    "Families wait outside a hospital in Khan Younis, November 25, 2025. Photograph: Staff Photographer/EPA",
    "Israel released the bodies of 15 Palestinians to Gaza on Tuesday, health officials said. Israeli strikes killed "
    "4 people in Khan Younis on Tuesday, health officials said.",
    "Smoke rises over Rafah, November 25, 2025. Staff Photographer/AFP via Getty Images",
    "“We will not rest until every hostage is home,” an Israeli official said.",
]
REPEATED = "Israeli strikes killed 4 people in Khan Younis on Tuesday, health officials said."


def run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=cwd, text=True, **kw)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=ci", "-c", "user.email=ci@example.org", *args],
                   check=True, capture_output=True)


def copy_project(dest: Path) -> Path:
    repo = dest / "project"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    git(repo, "init", "-q")  # the diff tests and the What changed page read git history
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the project before the new article")
    return repo


def write_article(dest: Path) -> Path:
    path = dest / "incoming" / "wire story.txt"
    path.parent.mkdir()
    text = "\r\n\r\n".join(PARAGRAPHS) + "\r\n"
    assert text.count(REPEATED) == 2 and text.count(PARAGRAPHS[3]) == 2
    path.write_bytes(text.encode("utf-8"))
    return path


def code_records(repo: Path) -> None:
    """A few records from the candidate list, appended through the library, as the desk would save them."""
    sys.path.insert(0, str(repo))
    from dashboard.authoring import candidates as C
    from dashboard.dataset.loader import load_dataset
    from dashboard.dataset.rules.text import captions, occurrences
    from dashboard.authoring.yamledit import append_record

    data = repo / "data"
    ds = load_dataset(data, root=repo)
    text = ds.texts[SOURCE_ID]
    src = ds.by_id("sources")[SOURCE_ID]
    article = data / "articles" / f"{Path(src.file).name[:3]}.yaml"
    cands = C.from_dataset(ds, SOURCE_ID)

    def citation(c) -> dict:
        cit = {"source": SOURCE_ID, "quote": c.quote}
        if c.repeats > 1:
            cit["occurrence"] = c.occurrence
        start = occurrences(text, c.quote)[c.occurrence - 1]
        if any(a <= start and start + len(c.quote) <= b for a, b in captions(text, src.captions)):
            cit["passage"] = "photo_caption"
        return cit

    def reading(c, rule: str) -> dict:
        return next(r.when for r in c.resolutions if r.when["rule"] == rule)

    health = "ci-generated-health-officials"
    append_record(article, "actors", {"id": health, "name": "Health officials in Gaza (as the generated text names them)",
                                      "kind": "health_authority", "aliases": ["health officials"]})
    # the repeated sentence, second occurrence: the event and its toll
    tuesday = [c for c in cands if c.kind == "date" and c.quote == REPEATED]
    assert len(tuesday) == 2 and {c.occurrence for c in tuesday} == {1, 2}, tuesday
    strike = tuesday[1]
    event_id = "ci-generated-strikes-khan-younis"
    append_record(article, "events", {
        "id": event_id, "when": reading(strike, "weekday_past"), "status": "occurred", "theatre": "gaza",
        "location": "Khan Younis", "event_type": "airstrike", "actors": ["idf"],
        "summary": "Israeli strikes in Khan Younis (generated test article).", "fatalities": 4,
        "citations": [citation(strike)]})
    four = next(c for c in cands if c.kind == "number" and c.quote == REPEATED and c.occurrence == 2)
    append_record(article, "figures", {
        "id": "ci-generated-killed-khan-younis", "metric": "killed", "value": 4, "unit": "people",
        "subject": "People killed by Israeli strikes in Khan Younis", "theatre": "gaza",
        "as_of": reading(strike, "weekday_past"), "claimant": health, "event": event_id,
        "citations": [citation(four)]})
    # a caption with a labelled credit ('Photograph: Name/EPA'): detected as a caption, cited as one
    caption = next(c for c in cands if c.kind == "date" and "Families wait" in c.quote)
    cit = citation(caption)
    assert cit.get("passage") == "photo_caption", cit
    append_record(article, "events", {
        "id": "ci-generated-families-wait-khan-younis", "when": reading(caption, "stated"), "status": "occurred",
        "theatre": "gaza", "location": "Khan Younis", "event_type": "other", "actors": [],
        "summary": "Families wait outside a hospital in Khan Younis (generated test article).", "citations": [cit]})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", action="store_true", help="keep the temporary copy and print where it is")
    ap.add_argument("--all", action="store_true", help="run every non-browser test, not only the data-reading files")
    ap.add_argument("--no-tests", action="store_true", help="add and code the article, validate, and stop")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="ceasefire-new-article-"))
    try:
        repo = copy_project(tmp)
        incoming = write_article(tmp)
        py = sys.executable
        added = run([py, "-m", "dashboard", "add-source", str(incoming), "--id", SOURCE_ID, "--published", "2025-11-25",
                     "--precision", "day", "--kind", "news_report", "--title", "Generated wire story: remains returned, "
                     "bodies released, strikes in Khan Younis", "--note", "Generated by CI: the date is given, not inferred."],
                    repo)
        if added.returncode:
            return _fail("add-source failed", t0)
        code_records(repo)
        for cmd in (["validate"], ["candidates", "--source", SOURCE_ID, "--todo"]):
            if run([py, "-m", "dashboard", *cmd], repo, stdout=subprocess.DEVNULL if cmd[0] == "candidates" else None).returncode:
                return _fail(f"`python -m dashboard {' '.join(cmd)}` failed", t0)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "a new article, coded")
        print(f"article added and coded in {time.perf_counter() - t0:.1f} s", flush=True)
        if args.no_tests:
            return 0
        if args.all:
            targets = ["tests", "--ignore=tests/browser"]
        else:
            targets = sorted(p.relative_to(repo).as_posix() for p in (repo / "tests").rglob("test_*.py")
                             if p.parent.name not in ("browser", "charts") and p.name not in SKIP_FILES
                             and DATA_MARKERS.search(p.read_text(encoding="utf-8")))
        tests = run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=5", *targets], repo)
        print(f"new-article check: pytest exit {tests.returncode}, {time.perf_counter() - t0:.1f} s in all", flush=True)
        return tests.returncode
    finally:
        if args.keep:
            print(f"kept the copy at {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _fail(message: str, t0: float) -> int:
    print(f"new-article check: {message} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
