"""`python -m dashboard export-charts`: every chart as a PNG 3200 wide and at least 1800 tall, an SVG, its CSV, and an index with quotes.

Rendering needs Chrome/Chromium (kaleido 1.x drives one headless browser for the whole batch), so each
export run takes seconds: the runs happen once per module, in fixtures, and the tests read their output.
Without a browser the rendering tests are skipped, unless REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, cli
from dashboard.outputs import export_charts
from dashboard.charts import CHARTS, SLIDES, EXPORT_HEIGHT, EXPORT_SCALE, EXPORT_WIDTH, Context, slides_of
from dashboard.frames.filters import Filters
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT

BROWSER = export_charts.find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None and os.environ.get("REQUIRE_BROWSER") != "1",
    reason="no Chrome/Chromium for kaleido (expected /usr/bin/chromium: apt-get install chromium); "
           "set REQUIRE_BROWSER=1 to make this a failure",
)


def run(*args: str, env=None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


def our_tracebacks(stderr: str) -> list[str]:
    """Tracebacks in a command's stderr other than Kaleido's browser channel logging one it recovers from
    (choreographer prints "JSONError decoding message. Ignoring" with a traceback when Chromium, under heavy load,
    sends a message it cannot decode, and goes on; the export is still whole, which the tests check)."""
    return [t for t in stderr.split("Traceback (most recent call last):")[1:] if "/choreographer/" not in t]


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    """One unfiltered export of every chart, PNG and SVG."""
    out = tmp_path_factory.mktemp("charts") / "full"
    proc = run("export-charts", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert not our_tracebacks(proc.stderr), proc.stderr
    return out


@pytest.fixture(scope="module")
def lebanon(tmp_path_factory) -> Path:
    """The same export filtered to one theatre (SVG only, to keep the run short)."""
    out = tmp_path_factory.mktemp("charts") / "lebanon"
    proc = run("export-charts", "--out", str(out), "--theatre", "lebanon", "--format", "svg")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def built(bundled):
    ctx = Context(build_frames(bundled), bundled.version)
    return {cid: fn(ctx) for cid, fn in CHARTS.items()}


@pytest.fixture(scope="module")
def slides(bundled):
    """What export-charts writes: every slide (charts.SLIDES, a split chart as its parts), for the slide layout."""
    return {c.id: c for c in export_charts.build_for_slide(Context(build_frames(bundled), bundled.version))}


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


# --------------------------------------------------------------------------- the files


@needs_browser
def test_every_chart_is_a_slide_sized_png(full):
    for cid in SLIDES:
        width, height = png_size(full / f"{cid}.png")
        assert width == EXPORT_WIDTH * EXPORT_SCALE == 3200
        assert height >= EXPORT_HEIGHT * EXPORT_SCALE == 1800, "at least a slide; taller charts keep their height"


@needs_browser
def test_every_chart_is_a_parseable_svg_with_its_title(full, slides):
    for cid, chart in slides.items():
        root = ET.parse(full / f"{cid}.svg").getroot()
        assert root.tag.rsplit("}", 1)[-1] == "svg", cid
        assert root.get("width") == str(EXPORT_WIDTH) and int(root.get("height")) >= EXPORT_HEIGHT, cid
        text = " ".join(t for t in root.itertext())
        assert chart.title in text, f"{cid}: the title is baked into the image"
        assert "Ceasefire Monitor dataset" in text, f"{cid}: the footer is baked into the image"


@needs_browser
def test_every_chart_has_the_csv_of_what_it_shows(full, slides):
    for cid, chart in slides.items():
        raw = (full / f"{cid}.csv").read_text(encoding="utf-8")
        assert raw.strip(), cid
        table = pd.read_csv(full / f"{cid}.csv")
        assert list(table.columns) == list(chart.data.columns), cid
        assert len(table) == len(chart.data) > 0, cid


@needs_browser
def test_index_lists_each_chart_with_filters_version_and_quotes(full, slides, bundled):
    index = (full / "index.md").read_text(encoding="utf-8")
    assert f"version `{bundled.version}`" in index
    assert f"as of {bundled.as_of.isoformat()}" in index
    assert "Filters: no filters" in index
    for cid, chart in slides.items():
        assert f"`{cid}`" in index and f"({cid}.png)" in index and f"({cid}.svg)" in index and f"({cid}.csv)" in index
        assert chart.permalinks[0] in index, f"{cid}: its records are cited by permalink"
    quote = bundled.events[0].citations[0].quote
    assert quote.split()[0] in index and index.count("“") >= len(bundled.events), "quotes of the records shown"


@needs_browser
def test_a_filter_option_changes_the_csv_rows(full, lebanon, bundled):
    # the timeline leaves the app as its slides (charts.VIEWS: timeline-main, timeline-other); together every event
    everything = pd.concat([pd.read_csv(full / f"{cid}.csv") for cid in slides_of("timeline")])
    only = pd.concat([pd.read_csv(lebanon / f"{cid}.csv") for cid in slides_of("timeline")])
    assert 0 < len(only) < len(everything)
    assert set(only["theatre"]) == {"lebanon"}
    assert "Filters: theatre: lebanon" in (lebanon / "index.md").read_text(encoding="utf-8")
    assert not list(lebanon.glob("*.png")), "--format svg writes no PNG"
    assert len(list(lebanon.glob("*.svg"))) == len(SLIDES)


# --------------------------------------------------------------------------- failures are one clear message


def test_no_browser_exits_2_with_install_hint(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("BROWSER_PATH", "PATH")}
    env.update(PATH="", BROWSER_PATH=str(tmp_path / "no-such-chrome"), HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "share"))  # also hides a choreographer-downloaded Chrome
    out = tmp_path / "out"
    proc = run("export-charts", "--out", str(out), env=env, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert not our_tracebacks(proc.stderr), proc.stderr
    assert "Chrome or Chromium" in proc.stderr
    assert "apt-get install chromium" in proc.stderr and "plotly_get_chrome" in proc.stderr
    assert "no-such-chrome" in proc.stderr
    assert not out.exists(), "nothing is half-written"


@pytest.mark.parametrize("args, message", [
    (["--theatre", "gazza"], "--theatre: unknown value(s) 'gazza'"),
    (["--event-type", "airstrike,nonsense"], "--event-type: unknown value(s) 'nonsense'"),
    (["--start", "24 Nov"], "--start: '24 Nov' is not a date"),
    (["--format", "png,gif"], "--format takes"),
])
def test_bad_options_exit_2_and_name_the_choices(tmp_path, capsys, args, message):
    assert cli.main(["export-charts", "--out", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "choose from" in err if "unknown" in message else message in err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- fitting a chart to the slide (no browser)


def test_export_figure_is_slide_wide_at_least_slide_tall_and_leaves_the_original_alone(built):
    for chart in built.values():
        before = chart.figure.layout.height
        fig = export_charts.export_figure(chart.figure)
        assert fig.layout.width == EXPORT_WIDTH and fig.layout.height == max(EXPORT_HEIGHT, before)
        assert chart.figure.layout.height == before


def test_export_never_shrinks_type_below_11_px(bundled):
    """A tall chart keeps its height instead of shrinking its type: the footer stays at 11 px or more."""
    ctx = Context(build_frames(bundled), bundled.version)
    for chart in export_charts.build_for_slide(ctx):
        fig = export_charts.export_figure(chart.figure)
        footer = [a for a in fig.layout.annotations if a.name == "footer"][0]
        assert footer.font.size >= 11, chart.id
        assert all((a.font.size or 12) >= 11 for a in fig.layout.annotations), chart.id


def test_slide_layout_is_shorter_than_the_phone_safe_one(bundled, built):
    ctx = Context(build_frames(bundled), bundled.version)
    slide = {c.id: c for c in export_charts.build_for_slide(ctx)}
    for cid in slides_of("timeline"):
        assert slide[cid].figure.layout.height < built["timeline"].figure.layout.height


def test_filters_from_args_share_the_url_parser(bundled):
    frames = build_frames(bundled)

    class Args:
        theatre, event_type, source = ["gaza,lebanon"], ["airstrike"], []
        start, end = "2025-11-30", "2025-10-01"

    f = export_charts.filters_from_args(Args, frames)
    assert f == Filters(theatres=("gaza", "lebanon"), types=("airstrike",),
                        start=pd.Timestamp("2025-10-01").date(), end=pd.Timestamp("2025-11-30").date())
    assert charts.Context(frames, bundled.version, f).filters.active


def test_a_grown_export_keeps_title_and_legends_at_their_pixel_offsets(built):
    fig = built["control"].figure  # shorter than a slide
    natural = fig.layout.height
    assert natural < EXPORT_HEIGHT
    out = export_charts.export_figure(fig)
    for name in ("title", "legend"):
        before, after = getattr(fig.layout, name), getattr(out.layout, name)
        assert (1 - after.y) * out.layout.height == pytest.approx((1 - before.y) * natural)


def test_a_grown_slide_keeps_its_legend_shelves_the_same_pixels_above_the_plot(slides):
    """A slide's legends sit on shelves above the plot in plot units (layout.legend_shelves): grown to a slide's
    height, each stays as many pixels above the plot's top (it once went off the top of the exported image)."""
    grown = [c for c in slides.values() if c.figure.layout.height < EXPORT_HEIGHT
             and any(getattr(getattr(c.figure.layout, n, None), "yref", None) == "paper" for n in ("legend", "legend2"))]
    assert grown, "a slide with legend shelves shorter than the export"
    for chart in grown:
        fig, out = chart.figure, export_charts.export_figure(chart.figure)
        m = fig.layout.margin.t + fig.layout.margin.b
        for name in ("legend", "legend2"):
            before, after = getattr(fig.layout, name, None), getattr(out.layout, name, None)
            if before is not None and before.yref == "paper" and before.y is not None:
                assert (after.y - 1) * (out.layout.height - m) == pytest.approx((before.y - 1) * (fig.layout.height - m))
                assert (after.y - 1) * (out.layout.height - m) < fig.layout.margin.t, chart.id  # inside the image
