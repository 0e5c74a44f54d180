"""The command line: validate, export (JSON and CSV), schema and coverage, in-process and as `python -m dashboard`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from dashboard import cli
from dashboard.outputs.export import json_schema
from dashboard.dataset.datafiles import ROOT


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_validate_bundled_data_subprocess(bundled):
    proc = run("validate")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.strip() == (
        f"ok: {len(bundled.sources)} sources, {len(bundled.events)} events, {len(bundled.figures)} figures, "
        f"{len(bundled.phases)} phases, {len(bundled.actors)} actors, {len(bundled.comparisons)} comparisons "
        f"(dataset version {bundled.version})")


def test_validate_mini(mini, capsys):
    assert cli.main(["--data", str(mini.data), "validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 2 sources, 3 events, 5 figures, 1 phases, 6 actors, 1 comparisons")


def test_data_dir_from_environment(mini, monkeypatch, capsys):
    monkeypatch.setenv("CEASEFIRE_DATA_DIR", str(mini.data))
    assert cli.main(["validate"]) == 0
    assert "ok: 2 sources" in capsys.readouterr().out


def test_validate_bad_data_subprocess(mini):
    line = mini.edit("articles/alpha.yaml", "event_type: airstrike", "event_type: bombing")
    proc = run("--data", str(mini.data), "validate")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    refused = "event: event 'strikes-khan-younis' is not loaded because it has problems of its own (at data/articles/alpha.yaml:3)"
    assert proc.stderr.splitlines() == [
        f"data/articles/alpha.yaml:{line}: event 'strikes-khan-younis': event_type: unknown term 'bombing'; allowed: "
        + ", ".join(json_schema()["$defs"]["EventType"]["enum"]),
        f"data/articles/alpha.yaml:{mini.line('articles/alpha.yaml', 'event: strikes-khan-younis')}: figure 'killed-khan-younis': {refused}",
        f"data/articles/alpha.yaml:{mini.line('articles/alpha.yaml', 'event: strikes-khan-younis', 2)}: figure 'wounded-khan-younis': {refused}",
        "3 problem(s); nothing was loaded.",
    ]


def test_missing_data_dir(tmp_path, capsys):
    assert cli.main(["--data", str(tmp_path / "nowhere"), "validate"]) == 1
    assert "no .yaml data files found" in capsys.readouterr().err


def test_export_json_stdout(mini, capsys):
    assert cli.main(["--data", str(mini.data), "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"sources", "events", "figures", "phases", "actors"} <= set(data)
    for row in data["events"] + data["figures"]:
        assert row["id"] and row["permalink"].endswith(f"?id={row['id']}")
        for c in row["citations"]:
            assert {"source_id", "quote", "start", "end"} <= set(c)
    assert "🕊️" in json.dumps(data, ensure_ascii=False)


def test_export_json_file_is_utf8(mini, tmp_path, capsys):
    out = tmp_path / "export.json"
    assert cli.main(["--data", str(mini.data), "export", "--format", "json", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "די למלחמה" in text  # written as characters, not \\u escapes
    assert json.loads(text)["dataset"]["as_of"] == "2025-11-20"
    assert capsys.readouterr().err == f"wrote {out}\n"


def test_export_csv(mini, tmp_path, capsys):
    out = tmp_path / "csv"
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(out)]) == 0
    events = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    assert {"event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "location",
            "fatalities", "source", "notes"} <= set(events.columns)
    assert sorted(events["id"]) == ["cairo-talks", "residents-tired", "strikes-khan-younis"]
    assert f"wrote {out / 'events.csv'}" in capsys.readouterr().err.splitlines()


def test_export_csv_needs_out(mini, capsys):
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv"]) == 2
    assert capsys.readouterr().err == "error: --format csv needs --out DIR\n"


def test_schema(tmp_path, capsys):
    out = tmp_path / "schema.json"
    assert cli.main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_coverage(mini, capsys):
    assert cli.main(["--data", str(mini.data), "coverage", "--source", "beta"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "== beta: 4 numbers/date expressions: 3 covered, 0 excluded, 1 uncovered"
    assert re.match(r"^  uncovered line +3 number '20-point'", out[1])


def test_coverage_strict_fails_on_uncovered(mini, capsys):
    assert cli.main(["--data", str(mini.data), "coverage", "--strict"]) == 1
    assert "TOTAL: 19 items: 16 covered, 1 excluded, 2 uncovered" in capsys.readouterr().out


def test_coverage_unknown_source(mini, capsys):
    assert cli.main(["--data", str(mini.data), "coverage", "--source", "alfa"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: unknown source 'alfa'; did you mean 'alpha'?\n" and captured.out == ""


# --------------------------------------------------------------------------- misuse: one line, exit 2, no traceback


def test_export_into_a_missing_folder(mini, tmp_path, capsys):
    out = tmp_path / "missing" / "export.json"
    assert cli.main(["--data", str(mini.data), "export", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: --out {out}: folder {out.parent} does not exist; create it first\n"
    assert not out.parent.exists()


def test_export_onto_an_existing_file_needs_force(mini, tmp_path, capsys):
    out = tmp_path / "export.json"
    out.write_text("keep me", encoding="utf-8")
    assert cli.main(["--data", str(mini.data), "export", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: --out {out} already exists; remove it or add --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert cli.main(["--data", str(mini.data), "export", "--out", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["as_of"] == "2025-11-20"


def test_export_json_onto_a_folder_and_csv_onto_a_file(mini, tmp_path, capsys):
    assert cli.main(["--data", str(mini.data), "export", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: --out {tmp_path} is a folder; give a file name\n"
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(target)]) == 2
    assert capsys.readouterr().err == f"error: --out {target} is a file; give a folder for the CSV tables\n"


def test_csv_export_does_not_overwrite_tables_without_force(mini, tmp_path, capsys):
    out = tmp_path / "csv"
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(out)]) == 2
    assert "already holds" in capsys.readouterr().err
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(out), "--force"]) == 0


def test_a_system_error_is_one_line(mini, tmp_path, capsys, monkeypatch):
    from dashboard.outputs import export

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "csv" / "events.csv"))

    monkeypatch.setattr(export, "write_csv", refuse)
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(tmp_path / "csv")]) == 2
    assert capsys.readouterr().err == f"error: Permission denied: {tmp_path / 'csv' / 'events.csv'}\n"


def test_bad_options_are_one_line_subprocess():
    for args in (["bogus"], ["export", "--format", "xml"], ["validate", "--nope"], []):
        proc = run(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("error: "), (args, proc.stderr)


def test_export_misuse_subprocess_has_no_traceback(mini, tmp_path):
    proc = run("--data", str(mini.data), "export", "--out", str(tmp_path / "no" / "such" / "x.json"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- bounded output


def test_a_file_of_many_mistakes_lists_50_and_stops_checking(mini, capsys):
    """Collection stops at the cap: the first 50 problems, then one line saying how many records were not checked."""
    mini.write("articles/junk.yaml", "events:\n" + "".join(f"  - {{id: junk-{i}, status: occurred}}\n" for i in range(2000)))
    assert cli.main(["--data", str(mini.data), "validate"]) == 1
    lines = capsys.readouterr().err.splitlines()
    junk = [line for line in lines if line.startswith("data/articles/junk.yaml:")]
    assert len(junk) == 51
    total = int(lines[-1].split()[0])
    assert total == 50  # ten records, each missing when, theatre, event_type, summary and citations
    assert re.match(r"data/articles/junk\.yaml:\d+: checking stopped after 50 problems in this file; 1,990 more records "
                    r"were not checked \(fix these first\)$", junk[-1])
    assert lines[-1] == f"{total} problem(s) (51 lines listed: the first 50 per file); nothing was loaded."
    assert all(re.match(r"^data/\S+\.ya?ml:\d+: \S", line) for line in lines[:-1])


def test_a_file_of_a_few_mistakes_is_checked_whole(mini, capsys):
    mini.write("articles/junk.yaml", "events:\n" + "".join(f"  - {{id: junk-{i}, status: occurred}}\n" for i in range(3)))
    assert cli.main(["--data", str(mini.data), "validate"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "15 problem(s); nothing was loaded." and not any("checking stopped" in x for x in lines)


def test_a_huge_list_of_bad_items_is_refused_while_it_is_read(mini, capsys):
    """2.6 MB of 1.3 M one-character items: refused when the list passes 20,000 items, before any item is checked."""
    mini.write("articles/junk.yaml", "events: [" + "1," * 1_300_000 + "1]\n")
    assert cli.main(["--data", str(mini.data), "validate"]) == 1
    err = capsys.readouterr().err
    assert "a list of more than 20,000 items; split the records over several files; refused" in err
    assert len(err.splitlines()) == 2


def test_rules_markdown(capsys):
    assert cli.main(["rules", "--markdown"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["| Rule | Checks | Reads |", "| --- | --- | --- |"] and all(line.startswith("| `R-") for line in out[2:])
@pytest.mark.parametrize("flag, title", [([], '=HYPERLINK("https://evil.example")'),
                                         (["--spreadsheet-safe"], '\'=HYPERLINK("https://evil.example")')])
def test_export_csv_spreadsheet_safe(mini, tmp_path, flag, title):
    mini.edit("sources.yaml", '"Report: strikes and talks after the truce"', '\'=HYPERLINK("https://evil.example")\'')
    out = tmp_path / "csv"
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", *flag, "--out", str(out)]) == 0
    sources = pd.read_csv(out / "sources.csv", dtype=str, keep_default_na=False).set_index("id")
    assert sources.loc["alpha", "title"] == title


def test_spreadsheet_safe_is_for_csv_only(mini, capsys):
    assert cli.main(["--data", str(mini.data), "export", "--format", "json", "--spreadsheet-safe"]) == 2
    assert capsys.readouterr().err == "error: --spreadsheet-safe applies to --format csv only\n"


# --------------------------------------------------------------------------- briefing-pack never overwrites without --force


@pytest.mark.parametrize("which", ["--out", "--pdf"])
def test_briefing_pack_onto_an_existing_file_needs_force(tmp_path, capsys, monkeypatch, which):
    from dashboard.outputs import briefing_pack

    calls = []
    monkeypatch.setattr(briefing_pack, "main", lambda args: calls.append(args) or 0)
    deck, pdf = tmp_path / "deck.pptx", tmp_path / "deck.pdf"
    existing = deck if which == "--out" else pdf
    existing.write_bytes(b"someone's slides")
    argv = ["briefing-pack", "--out", str(deck), "--pdf", str(pdf)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and not calls
    assert existing.read_bytes() == b"someone's slides"
    assert cli.main(argv + ["--force"]) == 0 and len(calls) == 1  # with --force the pack is built


def test_briefing_pack_to_a_new_file_needs_no_force(tmp_path, monkeypatch):
    from dashboard.outputs import briefing_pack

    calls = []
    monkeypatch.setattr(briefing_pack, "main", lambda args: calls.append(args) or 0)
    assert cli.main(["briefing-pack", "--out", str(tmp_path / "new.pptx")]) == 0 and len(calls) == 1


def test_schema_onto_an_existing_file_needs_force(tmp_path, capsys):
    out = tmp_path / "mine.json"
    out.write_text("my notes", encoding="utf-8")
    assert cli.main(["schema", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "my notes"
    assert cli.main(["schema", "--out", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()


def test_export_charts_into_a_folder_holding_its_files_needs_force(tmp_path, capsys, monkeypatch):
    from dashboard.outputs import export_charts

    calls = []
    monkeypatch.setattr(export_charts, "main", lambda args: calls.append(args) or 0)
    out = tmp_path / "charts"
    out.mkdir()
    (out / "notes.md").write_text("not ours", encoding="utf-8")
    assert cli.main(["export-charts", "--out", str(out)]) == 0 and len(calls) == 1  # other files: no conflict
    from dashboard.charts import SLIDES

    (out / f"{SLIDES[0]}.png").write_bytes(b"an earlier slide")  # a file export-charts writes
    assert cli.main(["export-charts", "--out", str(out)]) == 2
    assert f"{SLIDES[0]}.png" in capsys.readouterr().err and len(calls) == 1
    assert cli.main(["export-charts", "--out", str(out), "--force"]) == 0 and len(calls) == 2
