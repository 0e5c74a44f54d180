"""Loading the dataset: the bundled data validates, spans are exact, seeds are unchanged, origins are right."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from minidata import ALPHA
from dashboard.dataset.dates import window
from dashboard.dataset.datafiles import ROOT, root_for
from dashboard.dataset.loader import DataError, data_dir_from_env, load_dataset
from dashboard.dataset.problems import Problem

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
CITED = ("phases", "events", "figures", "comparisons")


def nth(text: str, quote: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.index(quote, pos + 1)
    return pos


# --------------------------------------------------------------------------- the bundled dataset


def test_bundled_dataset_validates(bundled):
    # every seed is a source and every manifest entry is loaded, however many articles there are
    manifest = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert [s.id for s in bundled.sources] == [e["id"] for e in manifest]
    assert {s.file for s in bundled.sources} == {f"seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")}
    assert len(bundled.events) > 0 and len(bundled.figures) > 0
    assert len(bundled.actors) > 0 and len(bundled.phases) > 0
    assert set(bundled.texts) == {s.id for s in bundled.sources}
    assert len(bundled.version) == 10


def test_bundled_spans_are_exact(bundled):
    checked = 0
    for kind in CITED:
        for rec in getattr(bundled, kind):
            for c in rec.citations:
                text = bundled.texts[c.source]
                assert text[c.start:c.end] == c.quote, (kind, rec.id)
                assert c.start == nth(text, c.quote, c.occurrence), (kind, rec.id, c.occurrence)
                checked += 1
    assert checked > 100


def test_bundled_exclusions_are_spanned(bundled):
    for src in bundled.sources:
        for x in src.excluded:
            assert bundled.texts[src.id][x.start:x.end] == x.quote


def test_bundled_origins_point_at_the_id_line(bundled):
    for (kind, rid), origin in bundled.origins.items():
        lines = (ROOT / origin.file).read_text(encoding="utf-8").splitlines()
        assert origin.file.startswith("data/") and origin.file.endswith(".yaml")
        assert f"id: {rid}" in lines[origin.line - 1], (kind, rid, origin)


def test_bundled_as_of_is_the_end_of_the_latest_publication_window(bundled):
    # the narrowed publication windows (windows.py), not the coded ones: 002 is coded as a bounded year
    from dashboard.dataset.windows import publication_windows
    ends = [w.end for w in publication_windows(bundled).values()]
    assert len(ends) == len(bundled.sources) and bundled.as_of == max(ends)
    assert all(w.end <= window(s.published).end for s, w in zip(bundled.sources, publication_windows(bundled).values()))


# --------------------------------------------------------------------------- seeds unchanged


def manifest() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    return {s["file"]: s["sha256"] for s in data["sources"]}


def test_seeds_match_the_manifest():
    seeds = {f"seeds/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "seeds").iterdir()}
    assert seeds == manifest()


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="no shared seeds folder to compare with")
def test_seeds_identical_to_shared_copy():
    ours = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert ours == sorted(p.name for p in SHARED_SEEDS.iterdir())
    for name in ours:
        assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_seeds_are_utf8_without_bom():
    for p in (ROOT / "seeds").iterdir():
        raw = p.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")


# --------------------------------------------------------------------------- the mini dataset


def test_mini_loads_with_origins(mini):
    ds = mini.load()
    assert [e.id for e in ds.events] == ["strikes-khan-younis", "cairo-talks", "residents-tired"]
    assert ds.origins[("events", "cairo-talks")].file == "data/articles/alpha.yaml"
    assert ds.origins[("events", "cairo-talks")].line == mini.line("articles/alpha.yaml", "- id: cairo-talks")
    assert ds.origins[("actors", "idf")].line == 4  # flow-style record on one line
    assert ds.as_of.isoformat() == "2025-11-20"


def test_spans_and_occurrence(mini):
    ds = mini.load()
    wounded = ds.by_id("figures")["wounded-khan-younis"]
    second = wounded.citations[1]
    assert second.occurrence == 2
    assert second.start == nth(ALPHA, "the Hamas-run health ministry said", 2)
    assert second.start > ALPHA.index("the Hamas-run health ministry said")
    assert ALPHA[second.start:second.end] == second.quote
    hebrew = ds.by_id("events")["residents-tired"].citations[1]
    assert ALPHA[hebrew.start:hebrew.end] == 'תושבים אמרו: "די למלחמה" 🕊️'  # offsets count characters, not bytes


def test_excluded_passage_spanned(mini):
    ds = mini.load()
    (x,) = ds.by_id("sources")["alpha"].excluded
    assert ALPHA[x.start:x.end] == "Subscribe to our newsletter for 2 free updates a day."


def test_loading_is_repeatable(mini):
    a, b = mini.load(), mini.load()
    assert a.events == b.events and a.figures == b.figures and a.version == b.version


def test_version_changes_with_the_data(mini):
    before = mini.load().version
    mini.edit("articles/alpha.yaml", "Khan Younis, with 12 killed", "Khan Younis, where 12 were killed")
    assert mini.load().version != before


def test_root_for(tmp_path, mini):
    assert root_for(mini.data) == mini.root.resolve()
    assert root_for(ROOT / "data") == ROOT
    (tmp_path / "elsewhere" / "data").mkdir(parents=True)
    assert root_for(tmp_path / "elsewhere" / "data") == ROOT  # no seeds/ beside it: the repository's


def test_load_dataset_derives_root(mini):
    ds = load_dataset(mini.data)  # no root given: seeds/ beside data/ is used
    assert ds.texts["alpha"] == ALPHA


def test_data_dir_from_env(monkeypatch, tmp_path):
    monkeypatch.delenv("CEASEFIRE_DATA_DIR", raising=False)
    assert data_dir_from_env() == ROOT / "data"
    monkeypatch.setenv("CEASEFIRE_DATA_DIR", str(tmp_path))
    assert data_dir_from_env() == tmp_path.resolve()


def test_no_data_files(tmp_path):
    with pytest.raises(DataError) as exc:
        load_dataset(tmp_path)
    assert exc.value.problems == [Problem(str(tmp_path.resolve()), None, "no .yaml data files found")]


def test_data_error_lists_problems_sorted():
    err = DataError([Problem("data/b.yaml", 2, "x"), Problem("data/a.yaml", 9, "y"), Problem("data/a.yaml", None, "z")])
    assert [str(p) for p in err.problems] == ["data/a.yaml:1: z", "data/a.yaml:9: y", "data/b.yaml:2: x"]
    assert str(err).splitlines() == ["3 problem(s) in the dataset:", "data/a.yaml:1: z", "data/a.yaml:9: y", "data/b.yaml:2: x"]


def test_yml_files_and_subfolders_are_read(mini):
    mini.path("articles/more").mkdir()
    mini.write("articles/more/extra.yml", "actors:\n  - {id: qatar, name: Qatar, kind: mediator}\n")
    ds = mini.load()
    assert ds.origins[("actors", "qatar")].file == "data/articles/more/extra.yml"


def test_empty_lists_and_null_lists_are_fine(mini):
    mini.write("articles/empty.yaml", "events: []\nfigures:\ncomparisons: []\n")
    assert len(mini.load().events) == 3
