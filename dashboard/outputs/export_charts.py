"""Batch export for briefings: `python -m dashboard export-charts --out DIR`.

For every slide in `charts.SLIDES` (each chart; one too tall for a slide as its parts, e.g. deaths-people and
deaths-operatives), laid out for a 1600 px slide, this writes <id>.png (1600 wide, at
least 900 tall, at scale 2: 3200x1800 pixels or taller,
for slides), <id>.svg (for print), <id>.csv (exactly the rows the chart shows) and one index.md
listing each chart's title, summary, the filters used, the dataset version and as-of date, and the
records it draws on with their permalinks and verbatim quotes.

All images are rendered by kaleido in ONE headless Chrome/Chromium, started once for the batch. No
Streamlit import: this runs from the command line and in CI.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard.outputs import export
from dashboard.charts import EXPORT_HEIGHT, EXPORT_SCALE, EXPORT_WIDTH, Chart, Context, source_label
from dashboard.charts import SLIDES, build, layout
from dashboard.charts.base import latest_window_of, sources_of
from dashboard.frames.filters import Filters, from_params
from dashboard.frames.tables import Frames, build_frames
from dashboard.dataset.loader import data_dir_from_env, load_dataset
from dashboard.codebook.events import EventType
from dashboard.codebook.common import Theatre

FORMATS = ("png", "svg")
NO_BROWSER = """\
error: export-charts needs Chrome or Chromium to render images, and none was found{where}.
Install one, then run the command again:
  - Debian/Ubuntu:  apt-get install chromium
  - or let plotly download a private copy:  plotly_get_chrome   (or: kaleido_get_chrome)
  - or point to an installed browser:  BROWSER_PATH=/path/to/chrome python -m dashboard export-charts ...
CSV tables without images: python -m dashboard export --format csv --out DIR"""


class ExportError(Exception):
    """A problem with the command's options or environment, reported as one clear message (exit 2)."""


# --------------------------------------------------------------------------- options


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in (text or "").split(",") if f.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise ExportError(f"--format takes a comma-separated subset of {','.join(FORMATS)}; got {text!r}")
    return wanted


def filters_from_args(args, frames: Frames) -> Filters:
    """Map the CLI options onto URL-style parameters and parse them with `filters.from_params`, so the
    CLI accepts exactly what a URL accepts; unlike a URL, an unknown value is an error, not ignored."""
    params: dict[str, list[str] | str] = {}
    for key, values in (("theatre", args.theatre), ("type", args.event_type), ("source", args.source)):
        if values:
            params[key] = list(values)
    if args.start:
        params["from"] = args.start
    if args.end:
        params["to"] = args.end
    source_ids = set(frames.sources["id"]) if len(frames.sources) else set()
    actor_ids = set(frames.actors["id"]) if len(frames.actors) else set()
    f = from_params(params, actor_ids, source_ids)

    problems = []
    allowed = {"theatre": sorted(t.value for t in Theatre), "event-type": sorted(t.value for t in EventType),
               "source": sorted(source_ids)}
    for option, asked, kept in (("theatre", args.theatre, f.theatres), ("event-type", args.event_type, f.types),
                                ("source", args.source, f.sources)):
        unknown = [v.strip() for item in asked or () for v in item.split(",") if v.strip() and v.strip() not in kept]
        if unknown:
            problems.append(f"--{option}: unknown value(s) {', '.join(map(repr, unknown))}; "
                            f"choose from {', '.join(allowed[option])}")
    for option, asked in (("start", args.start), ("end", args.end)):
        if asked and from_params({"from": asked}).start is None:
            problems.append(f"--{option}: {asked!r} is not a date (use YYYY-MM-DD)")
    if problems:
        raise ExportError("\n".join(problems))
    return f


def find_browser() -> str | None:
    """The browser kaleido will use (same search as choreographer: its own download, $BROWSER_PATH, PATH,
    the usual install paths), or None if there is no runnable one."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return path if path and Path(path).is_file() else None


# --------------------------------------------------------------------------- figures


def export_figure(fig: go.Figure, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT) -> go.Figure:
    """A copy of `fig` at `width`, at least a slide (`height`) tall. A chart laid out for the slide width
    (`build_for_slide`) is usually shorter than a slide, and its plot area grows to fill it; a taller one keeps
    its own height, so no text is ever shrunk (the footer stays at 11 px or more) or squeezed onto its neighbour."""
    out = go.Figure(fig)
    natural = int(fig.layout.height or height)
    new = max(height, natural)
    # the title and legends sit at container fractions worked out for the natural height: keep them at
    # the same pixel distance from the top, so the extra height goes to the plot, not between the parts
    if out.layout.title.yref == "container" and out.layout.title.y is not None:
        out.layout.title.y = 1 - (1 - out.layout.title.y) * natural / new
    margin = (out.layout.margin.t or 0) + (out.layout.margin.b or 0)
    for name in ("legend", "legend2", "legend3"):
        leg = getattr(out.layout, name, None)
        if leg is not None and leg.yref == "container" and leg.y is not None:
            leg.y = 1 - (1 - leg.y) * natural / new
        elif leg is not None and leg.yref == "paper" and leg.y is not None and leg.y > 1 and natural > margin:
            # a slide's legend shelf above the plot (brand, layout.legend_shelves): the same pixels above the plot
            leg.y = 1 + (leg.y - 1) * (natural - margin) / (new - margin)
    out.update_layout(width=width, height=new, autosize=False)
    return out


def build_for_slide(ctx: Context) -> list[Chart]:
    """Every slide (charts.SLIDES: each chart, one too tall for a slide as its parts) laid out for the slide
    (layout.SLIDE): text wrapped and legends sized for 1600 px, not a phone. The same slides as briefing mode."""
    return [build(cid, ctx, layout.SLIDE) for cid in SLIDES]


def image_job(chart: Chart, path: Path, fmt: str) -> dict:
    """The one way a chart becomes an image, for export-charts and the briefing pack alike: its slide-layout
    figure (export_figure) at EXPORT_WIDTH, at scale 2 for PNG. A chart built for any other layout is refused,
    so no image can be a phone layout stretched to a slide."""
    if chart.layout != layout.SLIDE:
        name = getattr(chart.layout, "name", None)
        raise ExportError(f"chart {chart.id!r} was built for the {name or 'unnamed'} layout; images are drawn "
                          f"from the slide layout (charts.build(chart_id, ctx, layout.SLIDE))")
    fig = export_figure(chart.figure)
    return {"fig": fig, "path": path, "opts": {"format": fmt, "width": EXPORT_WIDTH, "height": fig.layout.height,
                                               "scale": EXPORT_SCALE if fmt == "png" else 1}}


# --------------------------------------------------------------------------- index


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # text never starts a line here, so #, -, + and 1. are inert


def md(text) -> str:
    """Markdown-safe text: HTML is neutralised and Markdown punctuation escaped, so a quote is shown as
    written and never becomes a link, a heading or markup."""
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def citations_for(chart: Chart, frames: Frames) -> list[dict]:
    """One entry per record the chart shows, in the chart's order, with every quote that supports it."""
    # the compliance chart's records (assessments) cite through the compliance citations table
    extra = getattr(frames, "compliance_citations", None)
    cits = frames.citations if extra is None or extra.empty else pd.concat([frames.citations, extra], ignore_index=True)
    outlet = {r["id"]: source_label(r) for _, r in frames.sources.iterrows()}
    by_link = {link: group for link, group in cits.groupby("permalink", sort=False)}
    out = []
    for link in dict.fromkeys(chart.permalinks):
        group = by_link.get(link)
        quotes = [] if group is None else [(outlet.get(r["source_id"], r["source_id"]), r["quote"])
                                           for _, r in group.sort_values("n").iterrows()]
        out.append({"permalink": link, "quotes": quotes})
    return out


def write_index(out: Path, built: list[Chart], frames: Frames, ctx: Context, as_of, formats, argv_hint: str) -> Path:
    lines = [
        "# Ceasefire Monitor: chart export",
        "",
        f"- Dataset version: `{ctx.version}`",
        f"- Data as of: {latest_window_of(frames.sources, [s for c in built for s in sources_of(c.data)]) or 'unknown'}"
        " (the publication window of the latest source drawn)",
        f"- Filters: {md(ctx.filters.describe())}",
        f"- Images: PNG {EXPORT_WIDTH} px wide and at least {EXPORT_HEIGHT} tall, at scale {EXPORT_SCALE} "
        f"({EXPORT_WIDTH * EXPORT_SCALE}x{EXPORT_HEIGHT * EXPORT_SCALE} pixels or taller: a tall chart keeps its height "
        "rather than shrinking its type) for slides; SVG for print"
        if "png" in formats else f"- Images: {', '.join(formats).upper()}",
        f"- Reproduce: `{argv_hint}`",
        "- Permalinks are relative to the app's address (for example `https://<app>/event?id=...`).",
        "",
        "Every figure is attributed to its claimant; figures from different claimants are never averaged. "
        "Quotes are verbatim from the stored articles.",
        "",
        "## Charts",
        "",
    ]
    for c in built:
        lines.append(f"- [{md(c.title)}](#{c.id}) (`{c.id}`)")
    lines.append("")
    for c in built:
        files = " · ".join(f"[{c.id}.{ext}]({c.id}.{ext})" for ext in (*formats, "csv"))
        lines += [
            f'<a id="{c.id}"></a>',
            f"## {md(c.title)}",
            "",
            f"- Chart id: `{c.id}`",
            f"- Files: {files}",
            f"- Rows in the CSV: {len(c.data)}",
            f"- Filters: {md(ctx.filters.describe())}",
            f"- Dataset: version `{ctx.version}`, as of {as_of or 'unknown'}",
            "",
            f"**Summary.** {md(c.summary)}",
            "",
        ]
        cites = citations_for(c, frames)
        if not cites:
            lines += ["No records shown.", ""]
            continue
        lines += [f"**Sources ({len(cites)} records).**", ""]
        for entry in cites:
            link = entry["permalink"]
            if not entry["quotes"]:
                lines.append(f"- [`{link}`]({link}): no quote (derived from other records)")
                continue
            first, *rest = entry["quotes"]
            lines.append(f"- [`{link}`]({link}): {md(first[0])}: “{md(first[1])}”")
            for outlet, quote in rest:
                lines.append(f"  - {md(outlet)}: “{md(quote)}”")
        lines.append("")
    path = out / "index.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _argv_hint(args) -> str:
    parts = ["python -m dashboard"]
    if args.data:
        parts += ["--data", str(args.data)]
    parts += ["export-charts", "--out", str(args.out)]
    for opt, values in (("--theatre", args.theatre), ("--event-type", args.event_type), ("--source", args.source)):
        for v in values or ():
            parts += [opt, v]
    for opt, v in (("--start", args.start), ("--end", args.end)):
        if v:
            parts += [opt, v]
    return " ".join(parts)


# --------------------------------------------------------------------------- main


def render_images(jobs: list[dict], browser: str) -> None:
    """Render every (figure, path, opts) job in one browser session."""
    import kaleido

    errors = kaleido.write_fig_from_object_sync(jobs, kopts={"path": browser, "mathjax": False, "n": 1})
    if errors:
        raise ExportError("rendering failed: " + "; ".join(f"{type(e).__name__}: {e}" for e in errors))


def main(args) -> int:
    t0 = time.perf_counter()
    try:
        formats = parse_formats(args.format)
        try:
            import kaleido  # noqa: F401
        except ImportError:
            raise ExportError("export-charts needs the kaleido package: pip install -r requirements-dev.txt") from None
        ds = load_dataset(Path(args.data) if args.data else data_dir_from_env())
        frames = build_frames(ds)
        filters = filters_from_args(args, frames)
        browser = find_browser()
        if browser is None:
            import os

            where = f" (BROWSER_PATH={os.environ['BROWSER_PATH']!r} is not a file)" if os.environ.get("BROWSER_PATH") else ""
            print(NO_BROWSER.format(where=where), file=sys.stderr)
            return 2

        ctx = Context(frames, ds.version, filters)
        built = build_for_slide(ctx)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        jobs = []
        for chart in built:
            (out / f"{chart.id}.csv").write_bytes(export.frame_to_csv_bytes(chart.data))
            jobs += [image_job(chart, out / f"{chart.id}.{fmt}", fmt) for fmt in formats]
        t_render = time.perf_counter()
        try:
            render_images(jobs, browser)
        except Exception as exc:  # kaleido/choreographer errors: one readable line, no traceback
            from choreographer.errors import ChromeNotFoundError

            if isinstance(exc, ChromeNotFoundError):
                print(NO_BROWSER.format(where=f" ({exc})"), file=sys.stderr)
                return 2
            raise ExportError(f"rendering the images failed with {browser}: {type(exc).__name__}: {exc}") from None
        as_of = ds.as_of.isoformat() if ds.as_of else None
        index = write_index(out, built, frames, ctx, as_of, formats, _argv_hint(args))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    for chart in built:
        print(f"{chart.id}: {len(chart.data)} rows -> " + ", ".join(f"{chart.id}.{e}" for e in (*formats, "csv")),
              file=sys.stderr)
    print(f"wrote {len(built)} charts and {index} in {t1 - t0:.1f}s (images {t1 - t_render:.1f}s, one browser: {browser})",
          file=sys.stderr)
    return 0
