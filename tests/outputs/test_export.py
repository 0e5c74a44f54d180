"""Exports: the JSON contract and its round trip, ACLED-named CSV tables that round-trip any text."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from dashboard.outputs import export
from dashboard.cli import SCHEMA_PATH
from dashboard.frames.tables import build_frames
from dashboard.dataset.loader import Dataset
from dashboard.codebook.datafile import RECORD_KINDS

ACLED_COLUMNS = ["event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "location",
                 "fatalities", "source", "notes"]


def reexport(ds: Dataset) -> dict:
    """Export, rebuild the records from the export, and export those again."""
    data = json.loads(json.dumps(export.to_json_dict(ds), ensure_ascii=False))
    rebuilt = export.from_json_dict(data)
    again = Dataset(**{k: getattr(rebuilt, k) for k in RECORD_KINDS}, texts=ds.texts, version=ds.version)
    return data, rebuilt, export.to_json_dict(again)


# --------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_json_contract(which, request):
    ds = request.getfixturevalue(which)
    ds = ds.load() if which == "mini" else ds
    data = export.to_json_dict(ds)
    assert {"sources", "events", "figures", "phases", "actors", "comparisons", "dataset"} <= set(data)
    assert data["dataset"] == {"version": ds.version, "as_of": ds.as_of.isoformat()}
    for kind, prefix in (("events", "event"), ("figures", "figure")):
        assert len(data[kind]) == len(getattr(ds, kind)) > 0
        for row in data[kind]:
            assert row["id"] and row["permalink"] == f"{prefix}?id={row['id']}"
            assert isinstance(row["citations"], list)
            if not row.get("derived"):
                assert row["citations"]
            for c in row["citations"]:
                assert set(c) >= {"source_id", "quote", "start", "end"} and "source" not in c
                assert ds.texts[c["source_id"]][c["start"]:c["end"]] == c["quote"]
    assert all(row["permalink"] == f"source?id={row['id']}" for row in data["sources"])
    assert all(row["permalink"] == f"phase?id={row['id']}" for row in data["phases"])
    assert all("permalink" not in row for row in data["actors"])
    json.dumps(data, allow_nan=False)  # strictly valid JSON


@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_json_claimant_key_is_the_frames(which, request):
    """A derived record cites nothing: its author's key comes through the figures it is computed from, in the
    export as in the frames and the export's own compliance_rollup (the export gave plain 'author')."""
    ds = request.getfixturevalue(which)
    ds = ds.load() if which == "mini" else ds
    data, frames = export.to_json_dict(ds), build_frames(ds)
    for kind in ("figures", "assessments", "comparisons"):
        keys = dict(zip(getattr(frames, kind)["id"], getattr(frames, kind)["claimant_key"]))
        assert {r["id"]: r["claimant_key"] for r in data.get(kind, [])} == keys, kind


def test_json_values_are_plain(mini):
    data = export.to_json_dict(mini.load())
    event = next(e for e in data["events"] if e["id"] == "strikes-khan-younis")
    assert event["when"] == {"date": "2025-11-17", "precision": "day", "text": "On Monday", "rule": "weekday_past", "time": None, "note": None,
                             "after": None, "before": None}
    assert event["fatalities"] == 12 and event["event_type"] == "airstrike" and event["key"] is True
    bodies = next(f for f in data["figures"] if f["id"] == "bodies-remaining")
    assert (bodies["value"], bodies["low"], bodies["high"], bodies["qualifier"]) == (None, 20, 21, "exact")
    derived = next(f for f in data["figures"] if f["id"] == "rest-control-share")
    assert derived["citations"] == [] and derived["derived"]["from_figures"] == ["israel-control-share"]


@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_json_round_trip(which, request):
    ds = request.getfixturevalue(which)
    ds = ds.load() if which == "mini" else ds
    data, rebuilt, again = reexport(ds)
    for kind in RECORD_KINDS:
        assert getattr(rebuilt, kind) == getattr(ds, kind), kind  # identical records, spans included
    assert json.dumps(again, ensure_ascii=False, sort_keys=True) == json.dumps(data, ensure_ascii=False, sort_keys=True)


def test_dataset_as_datafile(mini):
    ds = mini.load()
    df = export.dataset_as_datafile(ds)
    assert df.events == ds.events and df.sources == ds.sources


def test_json_schema_is_derived_from_the_codebook():
    schema = export.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == set(RECORD_KINDS)
    assert schema["$defs"]["Event"]["additionalProperties"] is False
    assert "airstrike" in schema["$defs"]["EventType"]["enum"]
    # the committed schema that editors use is the one the codebook generates
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == schema


# --------------------------------------------------------------------------- CSV


def read_back(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_events_csv_has_acled_columns(mini, tmp_path):
    written = export.write_csv(mini.load(), tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.csv" for n in
                                                      ("events", "figures", "citations", "sources", "phases", "actors", "comparisons",
                                                           "agreements", "provisions", "assessments", "compliance_citations", "compliance_rollup"))
    events = read_back(tmp_path / "events.csv")
    assert set(ACLED_COLUMNS) <= set(events.columns)
    row = events.set_index("id").loc["strikes-khan-younis"]
    assert row[ACLED_COLUMNS].to_dict() == {
        "event_date": "2025-11-17", "time_precision": "1", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "actor1": "Israel Defense Forces", "actor2": "Hamas", "location": "Khan Younis",
        "fatalities": "12",  # an integer, as in ACLED, although other events have no count
        "source": "unnamed outlet (news report, 19 Nov 2025)",  # never the internal source id
        "notes": 'Israeli strikes in Khan Younis, with 12 killed, the "health ministry" says',
    }
    talks = events.set_index("id").loc["cairo-talks"]
    assert talks["source"] == "unnamed outlet (news report, 19 Nov 2025); unnamed outlet (analysis, 20 Nov 2025)"
    assert talks["fatalities"] == "" and talks["source_ids"] == "alpha; beta"
    assert events.set_index("id").loc["residents-tired", "time_precision"] == "2"  # a week


def test_csv_round_trips_any_text(mini, tmp_path):
    ds = mini.load()
    export.write_csv(ds, tmp_path)
    events = read_back(tmp_path / "events.csv").set_index("id")
    tricky = ds.by_id("events")["residents-tired"]
    assert "\n" in tricky.summary and "🕊️" in tricky.summary and "די" in tricky.summary and "," in tricky.summary
    assert events.loc["residents-tired", "notes"] == tricky.summary
    assert events.loc["residents-tired", "quote"] == tricky.citations[0].quote  # curly quotes and a dash
    citations = read_back(tmp_path / "citations.csv")
    assert sorted(citations["quote"]) == sorted(c.quote for k in ("events", "figures", "phases", "comparisons")
                                                for r in getattr(ds, k) for c in r.citations)
    assert 'תושבים אמרו: "די למלחמה" 🕊️' in set(citations["quote"])


def test_csv_bytes_match_the_table(mini):
    frames = build_frames(mini.load())
    raw = export.frame_to_csv_bytes(frames.figures)
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False).set_index("id")
    assert back.loc["killed-khan-younis", "value"] == "12"
    assert back.loc["bodies-remaining", "value"] == "" and back.loc["bodies-remaining", "high"] == "21"
    assert back.loc["rest-control-share", "source"] == "derived"


def test_json_bytes_are_valid_json_with_nulls(mini):
    frames = build_frames(mini.load())
    rows = json.loads(export.frame_to_json_bytes(frames.events))
    talks = next(r for r in rows if r["id"] == "cairo-talks")
    assert talks["fatalities"] is None and talks["date_start"] == "2025-11-19" and talks["time_precision"] == 1
    strikes = next(r for r in rows if r["id"] == "strikes-khan-younis")
    assert strikes["fatalities"] == 12 and strikes["key"] is True
    assert b"NaN" not in export.frame_to_json_bytes(frames.phases)


# --------------------------------------------------------------------------- CSV quoting and spreadsheet safety

TRICKY = ["bare\rcarriage return", "line\nfeed", "crlf\r\nend", "comma, and \"quote\"", "=HYPERLINK(\"https://evil.example\")",
          "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR first", "＝1+1", "plain", "", None]


def tricky_frame() -> pd.DataFrame:
    return pd.DataFrame({"id": [f"r{i}" for i in range(len(TRICKY))], "text": TRICKY, "n": range(-3, len(TRICKY) - 3)})


def test_csv_quotes_a_bare_carriage_return():
    """Good and bad case: with pandas' default line end a bare CR is written raw (one row becomes two);
    the export's options quote it, so Python's csv module and pandas read the same rows back."""
    df = tricky_frame()
    raw_default = df.to_csv(index=False)
    assert len(list(csv.reader(io.StringIO(raw_default, newline="")))) != len(df) + 1, "the bad case is real"
    raw = export.frame_to_csv_bytes(df).decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert len(rows) == len(df) + 1
    assert [r[1] for r in rows[1:]] == [t or "" for t in TRICKY]
    back = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    assert list(back["text"]) == [t or "" for t in TRICKY] and list(back["n"]) == [str(n) for n in df["n"]]


def test_csv_bytes_keep_formula_like_text_verbatim():
    """The plain CSV is for programs: exactly the data, nothing prefixed."""
    back = pd.read_csv(io.BytesIO(export.frame_to_csv_bytes(tricky_frame())), dtype=str, keep_default_na=False)
    assert back["text"].iloc[4] == '=HYPERLINK("https://evil.example")'


def test_spreadsheet_safe_prefixes_risky_text_cells_only():
    raw = export.frame_to_csv_bytes(tricky_frame(), for_spreadsheets=True)
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    expected = ["'" + t if t and t[0] in "=+-@\t\r＝" else (t or "") for t in TRICKY]
    assert list(back["text"]) == expected
    assert back["text"].iloc[4] == "'=HYPERLINK(\"https://evil.example\")" and back["text"].iloc[0] == "bare\rcarriage return"
    assert list(back["n"]) == [str(n) for n in range(-3, len(TRICKY) - 3)], "negative numbers stay numbers"
    assert not any(str(v).startswith(export.FORMULA_START) for v in back["text"])


def test_write_csv_spreadsheet_safe(mini, tmp_path):
    ds = mini.load()
    plain = export.write_csv(ds, tmp_path / "plain")
    safe = export.write_csv(ds, tmp_path / "safe", for_spreadsheets=True)
    assert [p.name for p in plain] == [p.name for p in safe]
    for p, s in zip(plain, safe):
        a = pd.read_csv(p, dtype=str, keep_default_na=False)
        b = pd.read_csv(s, dtype=str, keep_default_na=False)
        assert a.shape == b.shape
        risky = a.apply(lambda col: col.str.startswith(export.FORMULA_START))
        assert (b[~risky] == a[~risky]).fillna(True).all().all(), "only risky cells change"
