"""Each article's author is a claimant of their own: the key `author:<source id>` (theme.claimant_key) and a label
naming the article (theme.author_label), in frames, filters, charts, competing claims and exports; the raw
`claimant: author` stays the codebook's value (a `claimant=author` URL still selects every author)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.conventions import theme
from dashboard.dataset.loader import load_dataset
from dashboard.frames import claims
from dashboard.frames.filters import Filters, filter_figures, from_params, to_params
from dashboard.frames.tables import build_frames
from dashboard.outputs.export import from_json_dict, to_json_dict


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def frames(ds):
    return build_frames(ds)


def test_author_key_label_and_actor_round_trip():
    key = theme.author_key("toi-x")
    assert key == "author:toi-x" and theme.claimant_actor(key) == "author" and theme.claimant_actor("idf") == "idf"
    assert theme.claimant_key("author", ["toi-x", "other"]) == key
    assert theme.claimant_key("author", []) == "author"  # no article to name (a derived figure): the actor
    assert theme.claimant_key("idf", ["toi-x"]) == "idf"
    start, end = pd.Timestamp("2025-11-05"), pd.Timestamp("2025-11-09")
    label = theme.author_label("The Times of Israel", "analysis", start, end)
    assert label == "Author, The Times of Israel"  # the outlet names the article's author
    # two articles of one outlet (frames.compliance.source_names asks for the date then)
    assert theme.author_label("The Times of Israel", "analysis", start, end, dated=True) == \
        "Author, The Times of Israel (5–9 Nov 2025)"
    assert theme.in_sentence(label) == "author, The Times of Israel"  # 'per author, The Times of Israel'
    assert theme.author_label(None, "news_report", pd.Timestamp("2025-11-19"), pd.Timestamp("2025-11-23")) == \
        "Author, news report (19–23 Nov 2025)"
    assert theme.claimant_label(key, label) == label
    assert theme.claimant_label("author", "The article (in its own voice)") == "The article's author"
    assert theme.actor_color(key) == theme.actor_color("author")


def test_authors_of_one_chart_each_get_their_own_shape_of_the_author_family():
    keys = [theme.author_key(s) for s in ("a", "b", "c")]
    symbols = theme.claimant_symbols(keys + ["idf", "lina-khatib"])
    assert [symbols[k] for k in keys] == theme.AUTHOR_SYMBOLS[:3]
    assert len(set(symbols.values())) == len(symbols)
    with theme.chart_claimants(keys):
        assert len({theme.claimant_symbol(k) for k in keys}) == 3
        assert all(theme.claimant_glyph(k) for k in keys)
    assert theme.claimant_symbol(keys[1]) == theme.CLAIMANT_SYMBOLS["author"]  # outside a chart: the author's shape


@pytest.mark.parametrize("table", ["figures", "comparisons", "assessments"])
def test_each_authored_record_names_its_own_article(ds, frames, table):
    df = getattr(frames, table)
    kind = {r.id: r for r in getattr(ds, table)}
    for r in df.itertuples():
        rec = kind[r.id]
        assert r.claimant_id == rec.claimant  # the codebook's value, unchanged
        # the article: the record's first source (a derived status: that of the evidence it rests on)
        cited = list(r.source_ids) if table != "comparisons" else [c.source for c in rec.citations]
        if table == "figures" and rec.derived and not cited:  # a derived figure: the article of its inputs
            by_id = {f.id: f for f in ds.figures}
            cited = [c.source for f in rec.derived.from_figures for c in by_id[f].citations]
        assert r.claimant_key == theme.claimant_key(rec.claimant, cited)
        if r.claimant_key != rec.claimant:
            assert r.claimant.startswith("Author, ") and theme.claimant_label(r.claimant_key, r.claimant) == r.claimant


def test_bundled_authors_are_told_apart(frames):
    authors = frames.figures[frames.figures["claimant_key"].str.startswith(theme.AUTHOR_KEY_PREFIX)]
    assert authors["claimant_key"].nunique() >= 2
    # one label per key, and no two keys one label
    assert authors.groupby("claimant_key")["claimant"].nunique().eq(1).all()
    assert authors.drop_duplicates("claimant_key")["claimant"].is_unique


def test_claimant_filter_takes_all_authors_or_one(frames):
    fg = frames.figures
    keys = sorted(k for k in fg["claimant_key"].unique() if theme.claimant_actor(k) == theme.AUTHOR and k != theme.AUTHOR)
    if not keys:
        pytest.skip("no authored figure in this dataset")
    sources = {k[len(theme.AUTHOR_KEY_PREFIX):] for k in keys}
    every = from_params({"claimant": "author"}, {"author", "idf"}, sources)  # an old URL: every author
    assert set(filter_figures(fg, every)["id"]) == set(fg.loc[fg["claimant_id"] == "author", "id"])
    one = from_params({"claimant": keys[0]}, {"author", "idf"}, sources)
    assert one.claimants == (keys[0],) and to_params(one) == {"claimant": keys[0]}
    assert set(filter_figures(fg, one)["id"]) == set(fg.loc[fg["claimant_key"] == keys[0], "id"])
    assert from_params({"claimant": "author:not-a-source"}, {"author"}, sources).claimants == ()


def _row(fid, key, source):
    return {"id": fid, "claimant_id": theme.claimant_actor(key), "claimant_key": key, "event": "ev-1",
            "metric": "hostages_held", "unit": "people", "incident": None, "theatre": "gaza", "subject": "x",
            "as_of_start": pd.Timestamp("2025-11-05"), "as_of_end": pd.Timestamp("2025-11-09"), "source_ids": [source],
            "period": None, "qualifier": "exact", "value": 20.0, "low": 20.0, "high": 20.0}


def test_two_articles_authors_are_competing_claims_one_authors_updates_are_not():
    fg = pd.DataFrame([_row("a", theme.author_key("s1"), "s1"), _row("b", theme.author_key("s2"), "s2")])
    fg["quantity"] = claims.quantity_keys(fg)
    assert claims.competing(fg).all()
    same = pd.DataFrame([_row("a", theme.author_key("s1"), "s1"), _row("b", theme.author_key("s1"), "s1")])
    same["quantity"] = claims.quantity_keys(same)
    assert not claims.competing(same).any()


def test_json_export_keeps_the_raw_claimant_beside_the_key_and_round_trips(ds):
    data = json.loads(json.dumps(to_json_dict(ds)))
    from dashboard.frames.compliance import claim_sources

    figures = ds.by_id("figures")
    for kind in ("figures", "comparisons", "assessments"):
        records = ds.by_id(kind)
        for row in data[kind]:  # a derived record cites nothing: its key comes through the figures it is computed from
            assert row["claimant_key"] == theme.claimant_key(row["claimant"], claim_sources(records[row["id"]], figures))
    back = from_json_dict(data)
    assert [f.claimant for f in back.figures] == [f.claimant for f in ds.figures]


def test_csv_tables_carry_the_raw_claimant_and_the_key(frames):
    for table in ("figures", "comparisons", "assessments"):
        assert {"claimant_id", "claimant_key", "claimant"} <= set(getattr(frames, table).columns)
