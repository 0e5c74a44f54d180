"""dashboard/outputs/briefing_pack.py: the deck's structure, nothing overflowing, every quote verbatim; the PDF; the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from pptx import Presentation
from pptx.util import Emu

from dashboard.outputs import briefing_pack as bp
from dashboard.conventions import datefmt
from dashboard.outputs.export_charts import find_browser
from dashboard.frames.filters import Filters
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import data_dir_from_env
from dashboard.engines.loading import load_source

CHARTS = list(bp.DEFAULT_CHARTS)  # every chart: each pack image is compared with its export
needs_browser = pytest.mark.skipif(find_browser() is None, reason="no Chrome/Chromium for kaleido")


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    if find_browser() is None:
        pytest.skip("no Chrome/Chromium for kaleido")
    out = tmp_path_factory.mktemp("pack")
    ds, source = load_source(data_dir_from_env())
    content = bp.build_pack(source, ds, CHARTS, Filters(), out / "pack.pptx", out / "pack.pdf")
    return ds, source, content, Presentation(str(out / "pack.pptx")), out


def _texts(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def test_the_deck_is_title_charts_sources_appendix(pack):
    ds, source, content, prs, _ = pack
    slides = list(prs.slides)
    n_text = sum(len(p) for _, p in bp.text_pages(content))
    assert len(slides) == 1 + len(CHARTS) + n_text
    title = _texts(slides[0])
    latest = source.table("sources").sort_values(["published_end", "published_start"]).iloc[-1]
    # every chart is in the deck, so the latest source is drawn: its window at its precision, never one day of it
    assert ds.version in title and f"Data as of {datefmt.format_row(latest, 'published')}" in title
    assert _texts(slides[1 + len(CHARTS)]).startswith("Sources")
    assert all(_texts(s).startswith("Appendix") for s in slides[2 + len(CHARTS):])


def test_each_chart_fills_its_slide(pack):
    _, _, content, prs, _ = pack
    for slide, chart in zip(list(prs.slides)[1:1 + len(CHARTS)], content.charts):
        pics = [sh for sh in slide.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pics) == 1
        pic = pics[0]
        iw, ih = pic.image.size
        assert iw == 3200 and ih >= 1800  # 1600 px wide at scale 2, a slide tall or (rows that need it) taller
        # the whole image on the slide at its own proportions: the full slide for a 16:9 image
        assert pic.top == 0 and pic.height <= prs.slide_height and pic.width <= prs.slide_width
        assert abs(pic.width / pic.height - iw / ih) < 0.01
        assert pic.height == prs.slide_height or pic.width == prs.slide_width
        assert slide.notes_slide.notes_text_frame.text == chart.summary


def test_no_text_box_overflows(pack):
    _, _, _, prs, _ = pack
    for n, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            assert 0 <= sh.left and sh.left + sh.width <= prs.slide_width, n
            assert 0 <= sh.top and sh.top + sh.height <= prs.slide_height, n
            if not sh.has_text_frame:
                continue
            width_in, used = Emu(sh.width).inches, 0.0
            for p in sh.text_frame.paragraphs:
                pt = p.runs[0].font.size.pt
                lines = bp.wrap_text(p.text, width_in, pt, bool(p.runs[0].font.bold))
                used += len(lines) * pt * bp.LINE_SPACING + pt * 0.4
            assert used <= Emu(sh.height).inches * 72 + 0.4 * 24, (n, sh.text_frame.text[:80])


def test_every_quote_behind_the_charts_is_in_the_appendix_verbatim(pack):
    _, source, content, prs, _ = pack
    # the body text box of every appendix slide (a block longer than a slide continues on the next)
    appendix = " ".join(list(s.shapes)[-1].text_frame.text for s in list(prs.slides)[2 + len(CHARTS):])
    appendix = " ".join(appendix.split())
    links = [link for c in content.charts for link in c.permalinks]
    assert links
    cites = source.rows("citations", where={"permalink": tuple(links)})
    outlets = dict(zip(source.table("sources")["id"], source.table("sources")["outlet"]))
    for _, c in cites.iterrows():
        assert " ".join(c["quote"].split()) in appendix, c["quote"][:60]
        # cited by article and passage, never by an app address
        assert f"characters {c['start']}–{c['end']}" in appendix
        if isinstance(outlets.get(c["source_id"]), str):
            assert outlets[c["source_id"]] in appendix
    assert "?id=" not in appendix


def test_the_pdf_has_the_same_pages(pack):
    _, _, content, prs, out = pack
    raw = (out / "pack.pdf").read_bytes()
    assert raw.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", raw)) == len(prs.slides)


def test_paginate_cuts_long_text_and_never_overfills():
    long = bp.Block("word " * 5000)
    huge_word = bp.Block("x" * 3000)
    pages = bp.paginate([bp.Block("Heading", 14, True), long, huge_word], 12.3, bp.BODY_H_IN)
    assert len(pages) > 3
    cap = bp.BODY_H_IN * 72
    for page in pages:
        used = sum(len(b.lines) * b.pt * bp.LINE_SPACING for b in page)
        assert used <= cap
    assert sum(len(b.text.replace(" ", "")) for p in pages for b in p) == len("Heading") + 4 * 5000 + 3000


def test_wrap_text_respects_the_width():
    lines = bp.wrap_text("a" * 50 + " " + "b " * 300, 3.0, 12)
    font = bp._font(12)
    if font is not None:
        assert all(font.getlength(line) <= 3.0 * 72 * 10 for line in lines)
    assert "".join(lines).replace(" ", "") == "a" * 50 + "b" * 300


def test_unknown_chart_ids_are_refused():
    with pytest.raises(bp.PackError, match="unknown chart id"):
        bp.parse_charts("timeline,<script>")
    assert bp.parse_charts("") == list(bp.DEFAULT_CHARTS)
    assert bp.parse_charts("hostages, hostages,timeline") == ["hostages", "timeline-main", "timeline-other"]
    # a chart split over slides (charts.VIEWS) gives all its slides; one of them, itself
    assert bp.parse_charts("deaths,timeline-other,deaths-operatives") == ["deaths-people", "deaths-operatives",
                                                                         "timeline-other"]


@pytest.mark.parametrize("argv, message", [
    (["--out", "x.pdf"], "must name a .pptx"),
    (["--out", "x.pptx", "--charts", "nope"], "unknown chart id"),
    (["--out", "x.pptx", "--pdf", "x.txt"], "must name a .pdf"),
    (["--out", "x.pptx", "--theatre", "mars"], "unknown value"),
])
def test_cli_errors_are_one_clear_line(tmp_path, argv, message):
    r = subprocess.run([sys.executable, "-m", "dashboard", "briefing-pack", *argv], cwd=tmp_path, capture_output=True,
                       text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr


@needs_browser
def test_cli_writes_the_pack(tmp_path):
    r = subprocess.run([sys.executable, "-m", "dashboard", "briefing-pack", "--out", str(tmp_path / "p.pptx"),
                        "--charts", "control"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    prs = Presentation(str(tmp_path / "p.pptx"))
    assert len(prs.slides) >= 4


def test_the_overview_offers_the_pack():
    from apptest_support import open_page

    at = open_page("")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    captions = " ".join(c.value for c in at.caption)
    assert "Briefing pack (PPTX)" in labels or "Briefing pack (PPTX): not available" in captions


def test_the_default_pack_has_every_chart():
    from dashboard.charts import SLIDES

    assert list(bp.DEFAULT_CHARTS) == list(SLIDES)  # every chart, a split one as its slides (charts.VIEWS)


@pytest.mark.no_default_layout
def test_the_pack_builds_every_chart_for_the_slide_layout():
    """The pack names its layout itself (no test default here): every chart is the slide layout export-charts
    draws, never the phone layout stretched to a slide."""
    from dashboard.charts import Context, build, layout

    ds, source = load_source(data_dir_from_env())
    with pytest.raises(layout.LayoutError):
        build("control", Context(source.frames, ds.version, Filters()))  # no layout named: refused, not a phone
    content = bp.collect(source, ds, list(bp.DEFAULT_CHARTS), Filters())
    assert [c.layout for c in content.charts] == [layout.SLIDE] * len(bp.DEFAULT_CHARTS)


def test_a_short_pack_has_no_text_slides():
    ds, source = load_source(data_dir_from_env())
    content = bp.collect(source, ds, ["control"], Filters())
    assert bp.text_pages(content)
    content.short = True
    assert bp.text_pages(content) == []


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """export-charts' PNGs of the same dataset and filters as the pack."""
    out = tmp_path_factory.mktemp("export")
    r = subprocess.run([sys.executable, "-m", "dashboard", "export-charts", "--out", str(out), "--format", "png"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return out


def _figure(chart) -> dict:
    """The figure as drawn: data and layout, without the template Plotly may attach to a figure once rendered."""
    d = json.loads(chart.figure.to_json())
    d["layout"].pop("template", None)
    return d


@pytest.fixture(scope="module")
def cli_pack(tmp_path_factory):
    """The pack as a user builds it: `briefing-pack` in its own process, like `export-charts` above (in this
    process, a test run earlier in the session can leave module state that a fresh process does not have)."""
    out = tmp_path_factory.mktemp("cli-pack") / "pack.pptx"
    r = subprocess.run([sys.executable, "-m", "dashboard", "briefing-pack", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    return Presentation(str(out))


def test_every_pack_image_is_the_exported_png_of_its_chart(pack, exported, cli_pack):
    """The pack and export-charts draw each chart the same way: the same slide-layout figure (compared as JSON)
    and the same picture (size and pixels), so a phone layout stretched to a slide can never reach the pack."""
    import io
    from dashboard.charts import Context, layout
    from dashboard.outputs.export_charts import build_for_slide
    from PIL import Image, ImageChops

    ds, source, content, _, _ = pack
    slide = {c.id: c for c in build_for_slide(Context(source.frames, ds.version, Filters()))}
    for chart, s in zip(content.charts, list(cli_pack.slides)[1:1 + len(CHARTS)]):
        assert chart.layout == layout.SLIDE == slide[chart.id].layout, chart.id
        assert _figure(chart) == _figure(slide[chart.id]), chart.id
        pic = [sh for sh in s.shapes if sh.shape_type == 13][0]
        mine = Image.open(io.BytesIO(pic.image.blob)).convert("RGB")
        theirs = Image.open(exported / f"{chart.id}.png").convert("RGB")
        assert mine.size == theirs.size, (chart.id, mine.size, theirs.size)
        diff = ImageChops.difference(mine, theirs).convert("L")
        changed = sum(diff.histogram()[17:]) / (diff.width * diff.height)
        assert changed < 0.001, f"{chart.id}: {changed:.2%} of the pixels differ from the export"
