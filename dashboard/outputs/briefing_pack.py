"""Briefing pack: `python -m dashboard briefing-pack --out FILE.pptx [--charts timeline,deaths] [--pdf FILE.pdf] [--short]`.

A 16:9 deck: a title slide (dataset version, as-of date, filters), one slide per chosen chart (every chart by
default; the chart image carries its own title, subtitle and footer: sources, claimants, as-of, version),
a sources slide, and an appendix of every quote behind the charts, verbatim and cited by article (title,
outlet, kind, date) and passage, split over as many slides as it needs (`--short`: charts only). The chart
images are exactly export-charts' PNGs: the slide layout (charts.layout.SLIDE) drawn by
export_charts.image_job, rendered by kaleido in one headless Chromium for the whole pack. The optional PDF has the same pages, drawn with Pillow: chart
pages are the same images, text pages are rendered text (not selectable).

Text is laid out by measuring it with a real font (Liberation Sans, metric-compatible with Arial,
which the deck asks for; DejaVu Sans, wider, when Liberation is missing), so a slide never receives
more lines than its box holds; tests/outputs/test_briefing_pack.py re-measures every text box of a pack.
No Streamlit import; python-pptx, Pillow and kaleido are imported only when a pack is built.
"""

from __future__ import annotations

import io
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from dashboard.frames.filters import Filters

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.5
FONT_NAME = "Arial"
FONT_FILES = ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BODY_PT, HEADING_PT, TITLE_PT = 12, 24, 36
LINE_SPACING = 1.2  # of the font size, as the paragraphs are set
BODY_TOP_IN, BODY_H_IN = 1.35, 5.65  # the text box under a slide heading
# every slide, in the registry's order (charts.SLIDES: every chart, a split one as its parts), compliance included
DEFAULT_CHARTS = ("timeline-main", "timeline-other", "deaths-people", "deaths-operatives", "hostages", "control",
                  "enforcement-slide", "compare-days", "releases", "compliance")


class PackError(Exception):
    """A problem with the options or the environment, as one clear message (exit 2)."""


# --------------------------------------------------------------------------- measuring and wrapping


def _font(pt: float, bold: bool = False):
    from PIL import ImageFont

    for path in FONT_FILES:
        path = path.replace("-Regular.ttf", "-Bold.ttf").replace("Sans.ttf", "Sans-Bold.ttf") if bold else path
        if Path(path).is_file():
            return ImageFont.truetype(path, size=int(round(pt * 10)))  # 10 px per point: sub-point precision
    return None


def wrap_text(text: str, width_in: float, pt: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width_in` inches at `pt` points (measured with the font;
    without a font file, about 0.55 em per character)."""
    font = _font(pt, bold)
    limit = width_in * 72 * 10  # in the font's units: 10 px per point
    lines: list[str] = []
    for para in str(text).splitlines() or [""]:
        if font is None:
            lines += textwrap.wrap(para, max(10, int(width_in * 72 / (pt * 0.55))), break_long_words=True) or [""]
            continue
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if font.getlength(trial) <= limit:
                line = trial
                continue
            if line:
                lines.append(line)
            while font.getlength(word) > limit:  # a word wider than the box (a URL, a long id): cut it
                cut = max(1, int(len(word) * limit / font.getlength(word)))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def lines_that_fit(height_in: float, pt: float) -> int:
    return int(height_in * 72 // (pt * LINE_SPACING))


# --------------------------------------------------------------------------- content


@dataclass
class Block:
    """A paragraph of a text slide: its text, size and whether it is bold."""

    text: str
    pt: float = BODY_PT
    bold: bool = False
    lines: list[str] = field(default_factory=list)


def paginate(blocks: list[Block], width_in: float, height_in: float) -> list[list[Block]]:
    """Blocks spread over pages so that no page holds more lines than fit; a block longer than a page
    is cut between lines, the rest continuing on the next page."""
    pages: list[list[Block]] = [[]]
    room = height_in * 72
    for b in blocks:
        lines = wrap_text(b.text, width_in, b.pt, b.bold)
        line_h = b.pt * LINE_SPACING
        while lines:
            fit = int(room // line_h)
            if fit <= 0 or (fit < len(lines) <= int(height_in * 72 // line_h) and pages[-1]):
                # a block that fits on a page of its own is never split (a quote stays on one slide)
                pages.append([])
                room = height_in * 72
                continue
            part, lines = lines[:fit], lines[fit:]
            pages[-1].append(Block(" ".join(part), b.pt, b.bold, part))
            room -= len(part) * line_h + b.pt * 0.4  # paragraph spacing after
            if lines:
                pages.append([])
                room = height_in * 72
    return [p for p in pages if p]


@dataclass
class PackContent:
    title: str
    facts: list[str]  # dataset version, as-of, filters, generated by
    charts: list  # charts.Chart, in order
    sources: list[str]  # one line per source the charts draw on
    quotes: list[Block]  # the appendix, chart by chart
    short: bool = False  # charts only: no sources slide, no appendix (--short)


def collect(source, dataset, chart_ids, filters: Filters) -> PackContent:
    """Everything the pack shows, from a frame source (query.PandasSource or DuckSource)."""
    from dashboard.charts import layout, source_label
    from dashboard.charts.base import latest_window_of

    # the slide layout, as export-charts draws it (export_charts.image_job refuses any other)
    charts = [source.chart(cid, filters, dataset.version, layout.SLIDE) for cid in chart_ids]
    sources = source.table("sources")
    label = {r["id"]: source_label(r) for _, r in sources.iterrows()}
    # each quote cited by its article (title, outlet, kind, date) and passage, never by an app address
    cite = {r["id"]: (f"{r['title']}, " if isinstance(r["title"], str) and r["title"] else "") + label[r["id"]]
            for _, r in sources.iterrows()}
    links = list(dict.fromkeys(link for c in charts for link in c.permalinks))
    cites = [source.rows("citations", where={"permalink": tuple(links)})] if links else []
    compliance_cites = source.table("compliance_citations") if links else None
    if compliance_cites is not None and len(compliance_cites):
        cites.append(compliance_cites[compliance_cites["permalink"].isin(links)])
    cites = [c for c in cites if len(c)]
    by_link = {k: g.sort_values("n") for k, g in pd.concat(cites).groupby("permalink", sort=False)} if cites else {}
    used: dict[str, None] = {}
    quotes: list[Block] = []
    for c in charts:
        quotes.append(Block(f"{c.title} ({c.id})", BODY_PT + 2, True))
        if not c.permalinks:
            quotes.append(Block("This chart shows counts, not individual records: no quotes (the chart's data table "
                                "in the app lists what it counts)."))
        derived = 0
        for link in dict.fromkeys(c.permalinks):
            group = by_link.get(link)
            if group is None or group.empty:
                derived += 1
                continue
            for _, r in group.iterrows():
                used[r["source_id"]] = None
                quotes.append(Block(f"“{r['quote']}” ({cite.get(r['source_id'], r['source_id'])}, {_passage(r)})"))
        if derived:
            quotes.append(Block(f"{derived} record{'s' if derived != 1 else ''} on this chart {'have' if derived != 1 else 'has'} "
                                "no quote of its own: derived from other records (the chart's data table in the app "
                                "gives the formula)."))
    chart_sources = [s for c in charts for s in _chart_source_ids(c)]
    for s in chart_sources:
        used[s] = None
    as_of = latest_window_of(sources, list(used)) or "unknown"  # the sources cited on the slides
    facts = [f"Dataset version {dataset.version}", f"Data as of {as_of} (the publication window of the latest source drawn)",
             f"Filters: {filters.describe()}", f"{len(charts)} chart{'s' if len(charts) != 1 else ''}: "
             + ", ".join(c.id for c in charts),
             "Figures are attributed to their claimants and never averaged; quotes are verbatim from the articles."]
    return PackContent("Ceasefire Monitor: briefing pack", facts, charts,
                       [label[s] for s in used if s in label] or ["No sources behind the charts shown."], quotes)


PASSAGES = {"body": "article text", "photo_caption": "photo caption"}


def _passage(r) -> str:
    """Where in the stored article the quote is: the passage and its character span."""
    where = PASSAGES.get(r["passage"], str(r["passage"]).replace("_", " "))
    return f"{where}, characters {int(r['start'])}–{int(r['end'])}" if not pd.isna(r["start"]) else where


def _chart_source_ids(chart) -> list[str]:
    data = chart.data
    if "source_ids" in data.columns:
        return [s for ids in data["source_ids"] for s in ids]
    return []


def parse_charts(text: str | None) -> list[str]:
    from dashboard.charts import CHARTS, SLIDES, slides_of

    wanted = list(dict.fromkeys(c.strip() for c in (text or "").split(",") if c.strip())) or list(DEFAULT_CHARTS)
    bad = [c for c in wanted if not slides_of(c)]
    if bad:
        raise PackError(f"--charts: unknown chart id(s) {', '.join(map(repr, bad))}; choose from "
                        f"{', '.join(dict.fromkeys([*CHARTS, *SLIDES]))}")
    return list(dict.fromkeys(s for c in wanted for s in slides_of(c)))  # a split chart: all its slides


# --------------------------------------------------------------------------- rendering


def render_chart_images(charts, browser: str) -> list[bytes]:
    """PNG bytes of each chart, the same image export-charts writes (export_charts.image_job), one browser for all."""
    from dashboard.outputs.export_charts import image_job, render_images

    with tempfile.TemporaryDirectory(prefix="briefing-pack-") as tmp:
        jobs = [image_job(c, Path(tmp) / f"{i}.png", "png") for i, c in enumerate(charts)]
        render_images(jobs, browser)
        return [job["path"].read_bytes() for job in jobs]


def _fit(png: bytes, width: int, height: int) -> tuple[int, int]:
    """The largest (width, height) within the box that keeps the image's proportions."""
    from PIL import Image

    iw, ih = Image.open(io.BytesIO(png)).size
    scale = min(width / iw, height / ih)
    # rounded, not truncated: 6858000 / 1946 * 1946 is 6857999.999..., and a tall image must still fill the height
    return min(width, round(iw * scale)), min(height, round(ih * scale))


def _text_box(slide, left, top, width, height, blocks: list[Block]):
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    for i, b in enumerate(blocks):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.line_spacing = LINE_SPACING
        p.space_after = Pt(b.pt * 0.4)
        run = p.add_run()
        run.text = b.text
        run.font.size = Pt(b.pt)
        run.font.bold = b.bold
        run.font.name = FONT_NAME
    return box


def _heading(slide, text: str) -> None:
    _text_box(slide, MARGIN_IN, 0.45, SLIDE_W_IN - 2 * MARGIN_IN, 0.7, [Block(text, HEADING_PT, True)])


def text_pages(content: PackContent) -> list[tuple[str, list[list[Block]]]]:
    """(heading, pages of blocks) for the sources slide(s) and the appendix; none for a short pack."""
    if content.short:
        return []
    width = SLIDE_W_IN - 2 * MARGIN_IN
    return [("Sources", paginate([Block(s) for s in content.sources], width, BODY_H_IN)),
            ("Appendix: every quote behind the charts", paginate(content.quotes, width, BODY_H_IN))]


def write_pptx(content: PackContent, images: list[bytes], out: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    blank = prs.slide_layouts[6]
    width = SLIDE_W_IN - 2 * MARGIN_IN
    s = prs.slides.add_slide(blank)
    _text_box(s, MARGIN_IN, 1.6, width, 1.2, [Block(content.title, TITLE_PT, True)])
    _text_box(s, MARGIN_IN, 3.0, width, 3.5, [Block(f, BODY_PT + 6) for f in content.facts])
    for chart, png in zip(content.charts, images):
        s = prs.slides.add_slide(blank)
        # the whole image on the slide, at its own proportions: a 16:9 image fills the 16:9 slide; a chart taller
        # than a slide (its rows need more than a slide's height) is scaled to the slide's height and centred
        w, h = _fit(png, prs.slide_width, prs.slide_height)
        s.shapes.add_picture(io.BytesIO(png), (prs.slide_width - w) // 2, 0, width=w, height=h)
        s.notes_slide.notes_text_frame.text = chart.summary  # the text alternative, for the presenter
    for heading, pages in text_pages(content):
        for i, blocks in enumerate(pages):
            s = prs.slides.add_slide(blank)
            _heading(s, heading + (f" ({i + 1} of {len(pages)})" if len(pages) > 1 else ""))
            _text_box(s, MARGIN_IN, BODY_TOP_IN, width, BODY_H_IN, blocks)
    out.parent.mkdir(parents=True, exist_ok=True)
    prs.save(out)
    return out


def write_pdf(content: PackContent, images: list[bytes], out: Path, dpi: int = 120) -> Path:
    """The same pages as a PDF, drawn with Pillow (text pages are images of text)."""
    pages = page_images(content, images, dpi)
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return out


def page_images(content: PackContent, images: list[bytes], dpi: int = 120) -> list:
    """Every page of the pack as a Pillow image (also a preview of the slides' layout)."""
    from PIL import Image, ImageDraw

    size = (int(SLIDE_W_IN * dpi), int(SLIDE_H_IN * dpi))
    px = dpi / 72  # pixels per point

    def page_with(blocks_at: list[tuple[float, list[Block]]]) -> Image.Image:
        img = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(img)
        for top_in, blocks in blocks_at:
            y = top_in * dpi
            for b in blocks:
                font = _font(b.pt, b.bold)
                face = font.font_variant(size=max(1, int(round(b.pt * px)))) if font else None
                for line in b.lines or wrap_text(b.text, SLIDE_W_IN - 2 * MARGIN_IN, b.pt, b.bold):
                    draw.text((MARGIN_IN * dpi, y), line, fill="black", font=face)
                    y += b.pt * LINE_SPACING * px
                y += b.pt * 0.4 * px
        return img

    pages = [page_with([(1.6, [Block(content.title, TITLE_PT, True)]), (3.0, [Block(f, BODY_PT + 6) for f in content.facts])])]
    for png in images:  # as on the slide: the whole image at its proportions, centred
        page = Image.new("RGB", size, "white")
        w, h = _fit(png, *size)
        page.paste(Image.open(io.BytesIO(png)).convert("RGB").resize((w, h), Image.LANCZOS), ((size[0] - w) // 2, 0))
        pages.append(page)
    for heading, chunks in text_pages(content):
        for i, blocks in enumerate(chunks):
            title = heading + (f" ({i + 1} of {len(chunks)})" if len(chunks) > 1 else "")
            pages.append(page_with([(0.45, [Block(title, HEADING_PT, True)]), (BODY_TOP_IN, blocks)]))
    return pages


def build_pack(source, dataset, chart_ids, filters: Filters, out: Path, pdf: Path | None = None,
               browser: str | None = None, short: bool = False) -> PackContent:
    from dashboard.outputs.export_charts import find_browser

    browser = browser or find_browser()
    if browser is None:
        raise PackError("the briefing pack renders its charts with Chrome or Chromium, and none was found; "
                        "install one (apt-get install chromium) or set BROWSER_PATH")
    content = collect(source, dataset, chart_ids, filters)
    content.short = short
    images = render_chart_images(content.charts, browser)
    write_pptx(content, images, Path(out))
    if pdf is not None:
        write_pdf(content, images, Path(pdf))
    return content


def main(args) -> int:
    from dashboard.outputs.export_charts import ExportError, filters_from_args
    from dashboard.dataset.loader import data_dir_from_env
    from dashboard.engines.loading import load_source

    try:
        out = Path(args.out)
        if out.suffix.lower() != ".pptx":
            raise PackError(f"--out must name a .pptx file; got {args.out!r}")
        if args.pdf and Path(args.pdf).suffix.lower() != ".pdf":
            raise PackError(f"--pdf must name a .pdf file; got {args.pdf!r}")
        chart_ids = parse_charts(args.charts)
        try:
            import kaleido  # noqa: F401
            import pptx  # noqa: F401
        except ImportError as exc:
            raise PackError(f"briefing-pack needs {exc.name}: pip install -r requirements-dev.txt") from None
        ds, source = load_source(Path(args.data) if args.data else data_dir_from_env())
        # the export-charts options, checked against the dataset's sources and actors the same way
        filters = filters_from_args(args, SimpleNamespace(sources=source.table("sources"), actors=source.table("actors")))
        content = build_pack(source, ds, chart_ids, filters, out, Path(args.pdf) if args.pdf else None,
                             short=bool(getattr(args, "short", False)))
    except (PackError, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n_text = sum(len(p) for _, p in text_pages(content))
    print(f"wrote {out}: 1 title slide, {len(content.charts)} chart slides, {n_text} sources and appendix slides"
          + (" (--short)" if content.short else "")
          + (f"; and {args.pdf}" if args.pdf else ""), file=sys.stderr)
    return 0
