"""add-source: a new article from a text file to a validated skeleton, and every refusal leaves nothing behind."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from authoring_support import SEED_004, SOURCE_004, project_copy, without_004, written
from dashboard.authoring import add_source as A
from dashboard.cli import main
from dashboard.authoring.coverage import coverage_report
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from dashboard.authoring.yamledit import dumps, round_trip_yaml


def _add(data: Path, path: Path, *extra: str) -> int:
    return main(["--data", str(data), "add-source", str(path), "--id", SOURCE_004, "--published", "2025-02-10",
                 "--precision", "week", *extra])


def _snapshot(tmp: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp)): p.read_bytes() for p in sorted(tmp.rglob("*")) if p.is_file()}


@pytest.fixture
def readded(tmp_path, capsys):
    data, outside = without_004(tmp_path)
    number = A._next_number(tmp_path / "seeds", data / "articles")
    manifest_before = (data / "sources.yaml").read_text(encoding="utf-8")
    assert _add(data, outside) == 0, capsys.readouterr().err
    return data, outside, manifest_before, number, capsys.readouterr().out


def test_round_trip_bundled_004_seed_manifest_and_skeleton(readded):
    data, outside, manifest_before, number, out = readded
    seed, article = written(data)
    # the upstream name is kept when its number is the next free one (004 is the last bundled article);
    # with articles added after it, it gets the next number and the hash name
    sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    assert seed.name == (SEED_004 if number == 4 else f"{number:03d}_{sha[:16]}.txt")
    assert article.name == f"{number:03d}.yaml"
    assert seed.read_bytes() == outside.read_bytes()
    manifest = (data / "sources.yaml").read_text(encoding="utf-8")
    # round-trip edit: every byte before the new entry is unchanged, comments included
    assert manifest.startswith(manifest_before)
    assert manifest_before.splitlines()[0] == "# yaml-language-server: $schema=../schema/datafile.schema.json"
    assert f"sha256: {hashlib.sha256(outside.read_bytes()).hexdigest()}" in manifest
    skeleton = article.read_text(encoding="utf-8")
    assert skeleton.splitlines()[0] == "# yaml-language-server: $schema=../../schema/datafile.schema.json"
    assert re.search(r"^events: \[\]$", skeleton, re.M) and re.search(r"^figures: \[\]$", skeleton, re.M)
    ds = load_dataset(data)  # the skeleton validates
    assert SOURCE_004 in ds.texts and "validated: dataset version" in out


def test_bundled_004_candidate_list_covers_everything_coverage_reports_today(readded):
    data, *_ = readded
    [today] = coverage_report(load_dataset(ROOT / "data"), SOURCE_004)  # the coded article as it is today
    skeleton = written(data)[1].read_text(encoding="utf-8")
    listed = re.findall(r"^# \[[ x-]\] line (\d+) (number|date) (.+?)(?:  \(|$)", skeleton, re.M)
    listed = {(int(line), kind, eval(text)) for line, kind, text in listed}  # noqa: S307 (repr of a str we wrote)
    wanted = {(i.line, i.kind, i.text) for i in today.items if i.status != "excluded"}
    assert wanted and wanted <= listed, sorted(wanted - listed)
    text = written(data)[0].read_text(encoding="utf-8")
    quotes = re.findall(r'^#     quote: "(.*)"$', skeleton, re.M)
    assert quotes and all(q.replace('\\"', '"') in text for q in quotes)  # every proposed quote is verbatim
    # relative phrases come with the resolutions the date rules accept: 'This coming Saturday' -> 15 Feb 2025
    assert 'when: {date: "2025-02-15", precision: day, text: "Saturday", rule: weekday_next}' in skeleton


def test_bundled_004_proposed_exclusions_are_commented_and_apply_when_uncommented(readded):
    data, *_ = readded
    manifest = (data / "sources.yaml").read_text(encoding="utf-8")
    proposed = [line for line in manifest.splitlines() if line.startswith("    # ")]
    reasons = " ".join(proposed)
    for what in ("donation request", "podcast plug", "reader comment"):
        assert what in reasons
    assert load_dataset(data).by_id("sources")[SOURCE_004].excluded == []  # proposals only
    uncommented = "\n".join(line.replace("    # ", "    ", 1) if line.startswith("    # ") else line
                            for line in manifest.splitlines()) + "\n"
    (data / "sources.yaml").write_text(uncommented, encoding="utf-8")
    excluded = load_dataset(data).by_id("sources")[SOURCE_004].excluded
    assert len(excluded) == len([p for p in proposed if "- quote:" in p]) >= 4


def test_bundled_000_furniture_heuristics_good_and_bad():
    text = (ROOT / "seeds" / "000_ce416ff1c9993087.txt").read_text(encoding="utf-8")
    found = dict(A.propose_exclusions(text))
    assert "by email and never miss our top stories" in found and "By signing up, you agree to the terms" in found
    reporting = "Israeli strikes killed 25 people in Gaza on Saturday, the Hamas-run health ministry said."
    assert A.propose_exclusions(reporting + "\n" + reporting) == []


@pytest.mark.parametrize("raw, message", [
    (b"\xef\xbb\xbfHello 12 world.", "byte-order mark"),
    (b"Caf\xe9 on 12 May.", "not valid UTF-8"),
    (b"   \n", "empty"),
])
def test_refuses_bad_text_and_writes_nothing(tmp_path, capsys, raw, message):
    data = project_copy(tmp_path)
    bad = tmp_path / "in.txt"
    bad.write_bytes(raw)
    before = _snapshot(tmp_path)
    assert main(["--data", str(data), "add-source", str(bad), "--id", "new-article", "--published", "2025-11-30"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert _snapshot(tmp_path) == before


def test_refuses_duplicate_id_and_known_text(tmp_path, capsys):
    data = project_copy(tmp_path)
    new = tmp_path / "in.txt"
    new.write_text("A new article of 3 sentences. It was written on Monday. Nothing else.\n", encoding="utf-8")
    again = tmp_path / "again.txt"
    again.write_bytes((ROOT / "seeds" / SEED_004).read_bytes())
    before = _snapshot(tmp_path)
    assert main(["--data", str(data), "add-source", str(new), "--id", "report-cairo-talks", "--published", "2025-11-30"]) == 2
    assert "already a source" in capsys.readouterr().err
    assert main(["--data", str(data), "add-source", str(again), "--id", "fresh-id", "--published", "2025-02-10"]) == 2
    assert f"already source '{SOURCE_004}'" in capsys.readouterr().err
    assert main(["--data", str(data), "add-source", str(new), "--id", "Bad Id", "--published", "2025-11-30"]) == 2
    assert "not a valid id" in capsys.readouterr().err
    assert main(["--data", str(data), "add-source", str(new), "--id", "fresh-id", "--published", "2025-13-01"]) == 2
    assert "--published" in capsys.readouterr().err
    assert _snapshot(tmp_path) == before


def test_new_article_gets_the_next_free_number_and_a_hash_name(tmp_path, capsys):
    data = project_copy(tmp_path)
    number = max(int(p.name[:3]) for p in (tmp_path / "seeds").glob("*.txt")) + 1
    new = tmp_path / "my article.txt"
    new.write_text("On Monday, Israeli strikes hit 3 sites in Lebanon, the IDF said.\n", encoding="utf-8")
    assert main(["--data", str(data), "add-source", str(new), "--id", "sixth-article", "--published", "2025-12-03",
                 "--kind", "news_report", "--title", "Report: strikes in Lebanon"]) == 0, capsys.readouterr().err
    sha = hashlib.sha256(new.read_bytes()).hexdigest()
    assert (tmp_path / "seeds" / f"{number:03d}_{sha[:16]}.txt").read_bytes() == new.read_bytes()
    skeleton = (data / "articles" / f"{number:03d}.yaml").read_text(encoding="utf-8")
    assert 'when: {date: "2025-12-01", precision: day, text: "Monday", rule: weekday_past}' in skeleton
    assert load_dataset(data).by_id("sources")["sixth-article"].title == "Report: strikes in Lebanon"


def test_refuses_when_the_dataset_is_broken_already_and_writes_nothing(tmp_path, capsys):
    data = project_copy(tmp_path)
    broken = data / "articles" / "003.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("theatre: gaza", "theatre: gazza", 1), encoding="utf-8")
    new = tmp_path / "in.txt"
    new.write_text("A new article of 3 sentences.\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    assert main(["--data", str(data), "add-source", str(new), "--id", "fresh-id", "--published", "2025-11-30"]) == 2
    assert "problem(s) already" in capsys.readouterr().err  # not blamed on the new article
    assert _snapshot(tmp_path) == before


def test_rolls_back_when_the_new_files_do_not_validate_and_names_no_removed_file(tmp_path, capsys, monkeypatch):
    data = project_copy(tmp_path)
    number = A._next_number(tmp_path / "seeds", data / "articles")
    real = A._skeleton
    monkeypatch.setattr(A, "_skeleton", lambda *a: real(*a).replace("events: []", "events:\n  - {id: broken-event}"))
    new = tmp_path / "in.txt"
    new.write_text("A new article of 3 sentences.\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    assert main(["--data", str(data), "add-source", str(new), "--id", "fresh-id", "--published", "2025-11-30"]) == 1
    err = capsys.readouterr().err
    assert _snapshot(tmp_path) == before
    assert f"(removed) data/articles/{number:03d}.yaml, line" in err and "broken-event" in err
    for named in re.findall(r"^(\S+\.(?:yaml|txt)):\d+:", err, re.M):  # every FILE:LINE the coder could open exists
        assert (tmp_path / named).is_file(), named


def test_manifest_round_trip_is_byte_identical_for_every_data_file():
    y = round_trip_yaml()
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        assert dumps(y.load(raw)) == raw, path


def test_the_step_by_step_example_in_coding_md_validates(tmp_path, capsys):
    """docs/CODING.md's walkthrough, run as written: add-source, then its example records, then the checks."""
    doc = (ROOT / "docs" / "CODING.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", doc, re.S) if block.startswith("events:"))
    data = project_copy(tmp_path)
    article = tmp_path / "incoming" / "article.txt"
    article.parent.mkdir()
    article.write_text("On Monday, Israeli strikes hit 3 sites in Lebanon, the IDF said.\n", encoding="utf-8")
    assert main(["--data", str(data), "add-source", str(article), "--id", "my-new-article", "--published", "2025-12-03",
                 "--precision", "week", "--kind", "news_report", "--title", "Report: Israeli strikes in Lebanon"]) == 0
    skeleton = written(data, "my-new-article")[1]
    text = skeleton.read_text(encoding="utf-8")
    lists = "events: []\nfigures: []\ncomparisons: []\n"
    assert lists in text
    skeleton.write_text(text.replace(lists, example), encoding="utf-8")
    capsys.readouterr()
    assert main(["--data", str(data), "validate"]) == 0, capsys.readouterr().err
    assert main(["--data", str(data), "candidates", "--source", "my-new-article", "--todo"]) == 0
    assert "nothing left to code" in capsys.readouterr().out
    assert main(["--data", str(data), "coverage", "--source", "my-new-article", "--strict"]) == 0
