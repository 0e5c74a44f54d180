"""The command line: validate, export (JSON and CSV), schema and coverage, in-process and as `python -m dashboard`."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from dashboard import cli
from dashboard.export import json_schema
from dashboard.loader import ROOT


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
