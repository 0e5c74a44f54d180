"""Chart builders: pure functions from frames and filters to Plotly figures. No Streamlit import.

Every builder returns a `Chart`: the figure, the exact data behind it (for CSV and the text
alternative), a generated summary and the citations it draws on. `brand()` bakes title, subtitle
and a footer (sources, claimants, as-of date, dataset version) into the figure itself, so a
screenshot or export stands alone.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field, replace
from datetime import timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import theme
from .filters import Filters, event_mask, figure_mask, filter_events, filter_figures
from .frames import Frames

EXPORT_WIDTH, EXPORT_HEIGHT, EXPORT_SCALE = 1600, 900, 2
OPEN_QUALIFIERS = {"more_than", "over", "at_least", "dozens", "hundreds", "thousands"}
QUALIFIER_TEXT = {"more_than": "more than ", "over": "over ", "at_least": "at least ", "about": "about ",
                  "nearly": "nearly ", "up_to": "up to ", "fewer_than": "fewer than ", "estimated": "est. "}


def esc(text) -> str:
    """Plotly renders a subset of HTML in text; data-derived strings are escaped so they show literally."""
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text), quote=False)


def wrap(text: str, width: int = 60) -> str:
    return "<br>".join(textwrap.wrap(esc(text), width)) or ""


@dataclass
class Chart:
    id: str
    title: str
    figure: go.Figure
    data: pd.DataFrame
    summary: str
    permalinks: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What every chart needs to know about the dataset as a whole."""

    frames: Frames
    version: str
    filters: Filters = field(default_factory=Filters)


# --------------------------------------------------------------------------- helpers


def value_label(row) -> str:
    q = row["qualifier"]
    if q in ("dozens", "hundreds", "thousands"):
        return f"{q} (≥{row['low']:,.0f})"
    if pd.notna(row.get("value")):
        number = f"{row['value']:,.0f}" if float(row["value"]).is_integer() else f"{row['value']:,.1f}"
        unit = "%" if row["unit"] == "percent" else ""
        return f"{QUALIFIER_TEXT.get(q, '')}{number}{unit}"
    return f"{QUALIFIER_TEXT.get(q, '')}{row['low']:,.0f}–{row['high']:,.0f}"


def source_label(src: pd.Series) -> str:
    start = src["published_start"]
    when = {"day": f"{start:%d %b %Y}", "week": f"week of {start:%d %b %Y}", "month": f"{start:%b %Y}",
            "year": f"{start:%Y}"}[src["published_precision"]]
    outlet = src["outlet"] if isinstance(src["outlet"], str) and src["outlet"] else "unnamed outlet"
    return f"{outlet} ({src['kind'].replace('_', ' ')}, {when})"


def reference_dates(phases: pd.DataFrame) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Each theatre's latest ceasefire start as a (earliest, latest) window: Lebanon's is a month."""
    refs = {}
    for theatre, group in phases.groupby("theatre"):
        latest = group.sort_values("start_start").iloc[-1]
        refs[theatre] = (latest["start_start"], latest["start_end"])
    return refs


def days_since(frame: pd.DataFrame, refs, start_col: str, end_col: str, theatre_col: str = "theatre"):
    """(low, high) days since the theatre's ceasefire; theatres without one use Gaza's."""
    fallback = refs.get("gaza") or next(iter(refs.values()), (pd.Timestamp("2025-10-10"),) * 2)
    ref_lo = frame[theatre_col].map(lambda t: refs.get(t, fallback)[0])
    ref_hi = frame[theatre_col].map(lambda t: refs.get(t, fallback)[1])
    lo = (frame[start_col] - ref_hi).dt.days
    hi = (frame[end_col] - ref_lo).dt.days
    return lo, hi


def brand(fig: go.Figure, ctx: Context, *, title: str, subtitle: str, source_ids, claimants=(), as_of=None,
          note: str | None = None, height: int = 560) -> go.Figure:
    """Title, subtitle and an in-figure footer: source, claimants, as-of date, dataset version."""
    sources = ctx.frames.sources.set_index("id")
    ids = [s for s in dict.fromkeys(source_ids) if s in sources.index]
    src_text = "; ".join(source_label(sources.loc[s]) for s in ids) or "none shown"
    lines = [f"Source: {esc(src_text)}"]
    if claimants:
        lines.append(f"Figures as claimed by: {esc('; '.join(dict.fromkeys(claimants)))}")
    tail = []
    if as_of is not None and not pd.isna(as_of):
        # a year- or month-precision record ends after the newest article; data is never newer than its sources
        latest = ctx.frames.sources["published_end"].max() if len(ctx.frames.sources) else pd.NaT
        as_of = min(pd.Timestamp(as_of), latest) if not pd.isna(latest) else as_of
        tail.append(f"Data as of {pd.Timestamp(as_of):%d %b %Y}")
    if ctx.filters.active:
        tail.append(f"Filters: {esc(ctx.filters.describe())}")
    tail.append(f"Ceasefire Monitor dataset {esc(ctx.version)}")
    lines.append(" · ".join(tail))
    if note:
        lines.insert(0, f"Note: {esc(note)}")
    footer = "<br>".join("<br>".join(textwrap.wrap(line, 140, break_long_words=False)) for line in lines)
    n_lines = footer.count("<br>") + 1
    fig.update_layout(
        title=dict(text=f"<b>{esc(title)}</b><br><span style='font-size:15px;color:#444'>{wrap(subtitle, 100)}</span>",
                   x=0.01, xanchor="left", xref="container", yref="container", y=0.985, yanchor="top",
                   pad=dict(t=14), font=dict(size=22)),
        font=dict(family=theme.FONT, size=14, color="#222"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=int(height),  # a numpy int is not sized by st.plotly_chart (falls back to 450 px)
        margin=dict(l=90, r=40, t=150, b=84 + 17 * n_lines),
        hoverlabel=dict(align="left", bgcolor="white", font_size=13),
    )
    fig.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-64, align="left", showarrow=False, font=dict(size=11.5, color="#444"))
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", linecolor="#999", zeroline=False)
    fig.update_yaxes(showgrid=True, gridcolor="#eeeeee", linecolor="#999", zeroline=False, automargin=True)
    return fig


TOP_LEGEND = dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom", font=dict(size=13))
CLAIMANT_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "star", "hexagon", "pentagon", "cross"]


def _label_rows(fig: go.Figure, rows: list[str], labels: list[str], bar_width: float = 0.0) -> None:
    """Row labels written above each row inside the plot, so long labels never squeeze it.

    With bars, pass their width (in category units): the label then sits on the bar's top edge at any
    figure height, instead of a fixed pixel offset that a taller export would push into the bar."""
    fig.update_yaxes(showticklabels=False, categoryorder="array", categoryarray=rows, autorange="reversed")
    new = []
    for i, (row, text) in enumerate(zip(rows, labels)):
        where = dict(y=i - bar_width / 2, yanchor="bottom", yshift=2) if bar_width else dict(y=row, yshift=17)
        new.append(dict(x=0, xref="x domain", yref="y", xanchor="left", showarrow=False,
                        text=esc(text), font=dict(size=12.5, color="#333"), **where))
    # one layout update instead of add_annotation per row (which re-validates all annotations each time)
    fig.update_layout(annotations=[*fig.layout.annotations, *new])


def _sources_of(df: pd.DataFrame) -> list[str]:
    return [s for ids in df.get("source_ids", []) for s in ids]


def _reported_as_of(ctx: Context, df: pd.DataFrame):
    """An event chart's as-of date: the latest (possible) publication date of the reports it shows. The
    events' own date windows are no guide: a year-precision event runs to 31 December."""
    published = ctx.frames.sources.set_index("id")["published_end"]
    dates_ = [published[s] for s in set(_sources_of(df)) if s in published.index]
    return max(dates_) if dates_ else None


def _empty(fig: go.Figure, message: str = "No records match the current filters") -> go.Figure:
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=16, color="#666"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# --------------------------------------------------------------------------- timeline


TIMELINE_AGGREGATE_ABOVE = 2_000  # events in view; above this the timeline shows weekly counts per lane (one mark per
# event costs ~0.4 kB of figure JSON, so 2 000 marks stay under the 1 MB budget)


def timeline(ctx: Context) -> Chart:
    f = ctx.filters
    keep = event_mask(ctx.frames.events, f)
    if int(keep.sum()) > TIMELINE_AGGREGATE_ABOVE:
        return _timeline_aggregated(ctx, keep)
    ev = filter_events(ctx.frames.events, f, keep).copy()
    fig = go.Figure()
    days = f.axis == "days"
    lane_col = "theatre" if f.lanes == "theatre" else "type"
    title = "Events reported in the articles" + (", by days since each theatre's ceasefire" if days else "")
    subtitle = (f"Each mark is one coded event, by {'theatre' if lane_col == 'theatre' else 'event type'}; colour = "
                "initiating actor, shape = event type; bars show date uncertainty (week or month precision)")
    if ev.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("timeline", title, fig, ev[["id", "event_date", "date_precision", "date_text", "theatre", "type", "status",
                                                  "actor1", "actor2", "notes", "source", "permalink"]],
                     "No events match the current filters.")
    refs = reference_dates(ctx.frames.phases)
    if days:
        ev["x_lo"], ev["x_hi"] = days_since(ev, refs, "date_start", "date_end")
        ev["x"] = (ev["x_lo"] + ev["x_hi"]) / 2
    else:
        ev["x_lo"], ev["x_hi"] = ev["date_start"], ev["date_end"]
        ev["x"] = ev["date_start"] + (ev["date_end"] - ev["date_start"]) / 2
    lanes = sorted(ev[lane_col].unique(), key=lambda v: (-(ev[lane_col] == v).sum(), v))
    lane_index = {v: i for i, v in enumerate(lanes)}
    # spread marks that share a lane and a day so each stays clickable
    ev = ev.sort_values(["x_lo", "id"])
    ev["slot"] = ev.groupby([lane_col, ev["x"].astype(str)]).cumcount()
    # first mark on the lane line, later ones alternate just above and below it
    ev["y"] = ev[lane_col].map(lane_index) + ev["slot"].mod(5).map({0: 0.0, 1: -0.15, 2: 0.15, 3: -0.3, 4: 0.3})
    ev["color"] = ev["primary_actor"].map(theme.actor_color)
    ev["group"] = ev["primary_actor"].map(theme.actor_group)

    if not days:
        _phase_bands(fig, ctx, ev)
    else:
        fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
        fig.add_annotation(x=0, y=1.0, yref="paper", text="Ceasefire took effect (day 0)", showarrow=False,
                           xanchor="left", yanchor="bottom", font=dict(size=12))

    spans = ev[ev["x_lo"] != ev["x_hi"]]
    for color, part in spans.groupby("color"):
        xs, ys = [], []
        for _, r in part.iterrows():
            xs += [r["x_lo"], r["x_hi"], None]
            ys += [r["y"], r["y"], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=5), opacity=0.35,
                                 hoverinfo="skip", showlegend=False))
    for group, part in ev.groupby("group", sort=False):
        hover = [
            f"<b>{wrap(r['notes'], 70)}</b><br>Date: {esc(r['event_date'])} ({esc(r['date_precision'])})"
            f" — as written: “{esc(r['date_text'] or '')}”<br>Type: {esc(theme.label(r['type']))} · "
            f"Status: {esc(r['status'])} · {esc(theme.label(r['theatre']))}<br>Source: {esc(r['source'])}"
            for _, r in part.iterrows()
        ]
        # the legend swatch is a plain circle: plotly would draw the first mark's shape, which means an event type
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=esc(group), legend="legend", legendgroup=group,
                                 marker=dict(color=part["color"].iloc[0], size=13, symbol="circle",
                                             line=dict(width=1.5, color="#222")), hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers", name=esc(group), legend="legend", legendgroup=group, showlegend=False,
            marker=dict(color=part["color"].iloc[0], size=15, symbol=[theme.SYMBOLS[t] for t in part["type"]],
                        line=dict(width=1.5, color="#222")),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    for t in sorted(ev["type"].unique()):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=esc(theme.label(t)), legend="legend2",
                                 marker=dict(symbol=theme.SYMBOLS[t], size=12, color="#666", line=dict(width=1, color="#222"))))
    for n, (_, r) in enumerate(_spread_keys(ev).iterrows()):
        fig.add_annotation(x=r["x"], y=r["y"], text=wrap(_short(r["notes"], 56), 26), showarrow=True, arrowhead=0,
                           ax=0, ay=(-52, 52, -96, 96)[n % 4], font=dict(size=11), bgcolor="rgba(255,255,255,0.9)",
                           bordercolor="#999", borderwidth=1)
    fig.update_yaxes(tickvals=list(range(len(lanes))), ticktext=[esc(theme.label(v)) for v in lanes],
                     range=[len(lanes) - 0.2, -0.8], autorange=False, title=None)  # autorange would drop `range`
    fig.update_xaxes(title="Days since the theatre's ceasefire took effect" if days else None)
    # an explicit range: left-anchored phase labels would otherwise stretch the autorange by a year or more
    x_min, x_max = ev["x_lo"].min(), ev["x_hi"].max()
    pad = max((x_max - x_min) * 0.03, 10 if days else timedelta(days=10))
    fig.update_xaxes(range=[x_min - pad, x_max + pad])
    fig.update_layout(
        legend=dict(title=dict(text="Initiating actor"), orientation="v", x=1.01, y=1, xanchor="left", yanchor="top"),
        legend2=dict(title=dict(text="Event type"), orientation="v", x=1.01, y=0.45, xanchor="left", yanchor="top",
                     font=dict(size=12)),
    )
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(ev), as_of=_reported_as_of(ctx, ev),
          height=max(720, 140 + 95 * len(lanes)))
    fig.update_layout(margin=dict(r=230, t=170))
    summary = (f"{len(ev)} events from {ev['date_start'].min():%d %b %Y} to {ev['date_end'].max():%d %b %Y} in "
               f"{len(lanes)} {('theatre' if lane_col == 'theatre' else 'event type') + ('s' if len(lanes) != 1 else '')}; "
               f"{int((ev['date_precision'] != 'day').sum())} are known only to a week, month or year. "
               f"Key moments: {'; '.join(_short(s) for s in ev.loc[ev['key'], 'notes']) or 'none in view'}.")
    data = ev[["id", "event_date", "date_precision", "date_text", "theatre", "type", "status", "actor1", "actor2",
               "notes", "source", "permalink"]]
    return Chart("timeline", title, fig, data, summary, list(ev["permalink"]))


def _spread_keys(ev: pd.DataFrame, most: int = 6) -> pd.DataFrame:
    """Key moments to annotate: key events known to a day or week, at least 1/8 of the axis apart (a callout box is
    about that wide at slide size, and neighbours alternate above/below), so callouts never overlap."""
    narrow = (ev["date_end"] - ev["date_start"]).dt.days <= 7
    keys = ev[ev["key"] & narrow].sort_values("x")
    if keys.empty:
        return keys
    span = ev["x_hi"].max() - ev["x_lo"].min()
    gap = span / 8 if span else 0
    chosen, last = [], None
    for i, r in keys.iterrows():
        if last is None or r["x"] - last >= gap:
            chosen.append(i)
            last = r["x"]
    return keys.loc[chosen[:most]]


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def _phase_bands(fig: go.Figure, ctx: Context, ev: pd.DataFrame) -> None:
    """Truce and ceasefire periods as shaded bands; an unknown end runs to the last report citing it."""
    phases = ctx.frames.phases
    citations = ctx.frames.citations
    published_end = ctx.frames.sources.set_index("id")["published_end"]
    lo, hi = ev["x_lo"].min() - timedelta(days=10), ev["x_hi"].max() + timedelta(days=10)
    shown = 0
    for _, p in phases.sort_values("start_start").iterrows():
        if p["open"]:
            cited = citations[(citations["record_kind"] == "phase") & (citations["record_id"] == p["id"])]["source_id"]
            end = max([published_end[s] for s in cited] + [p["start_end"]])
            label = f"{p['name']} · end not reported (in effect at least to {end:%d %b %Y})"
        else:
            end, label = p["end_end"], p["name"]
        if end < lo or p["start_start"] > hi:
            continue
        x0, x1 = max(p["start_start"], lo), min(end, hi)
        fig.add_vrect(x0=x0, x1=x1, fillcolor=theme.PHASE_FILL.get(p["theatre"], "rgba(120,120,120,0.1)"),
                      line_width=0, layer="below")
        if p["start_start"] != p["start_end"]:  # a start known only to a week or month: hatch the uncertainty
            fig.add_vrect(x0=max(p["start_start"], lo), x1=min(p["start_end"], hi), fillcolor="rgba(120,120,120,0.12)",
                          line=dict(width=1, dash="dot", color="#888"), layer="below")
        # labels sit inside the plot at the bottom of their band, staggered so neighbours never overlap
        right = (x0 - lo) / (hi - lo) > 0.6 if hi > lo else False  # near the right edge: grow leftwards
        fig.add_annotation(x=x1 if right else x0, y=0.01 + 0.075 * (shown % 3), yref="paper",
                           xanchor="right" if right else "left", yanchor="bottom",
                           showarrow=False, text=f"<i>{wrap(label, 44)}</i>", font=dict(size=11, color="#333"),
                           align="right" if right else "left", bgcolor="rgba(255,255,255,0.85)", bordercolor="#bbb",
                           borderwidth=1)
        shown += 1


# --------------------------------------------------------------------------- aggregated views (large datasets)
# Above TIMELINE_AGGREGATE_ABOVE events a mark per event would send megabytes to the browser and take
# seconds to build, so the timeline and the days-since comparison switch to counts per week. The
# small-data views above are unchanged. Columns may be Categoricals here (large frames from the
# columnar cache), so this code only uses operations that work on both.


def _unique_sources(col: pd.Series) -> list[str]:
    """Distinct ids in a source_ids column, visiting each distinct (often shared) list object once."""
    values = col.to_numpy(dtype=object)
    codes, uniques = pd.factorize(np.fromiter(map(id, values), dtype=np.int64, count=len(values)))
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(values) - 1, -1, -1)  # the last write wins: each list's first row
    return list(dict.fromkeys(s for ids in values[np.sort(first)] for s in ids))


def _latest_published(ctx: Context, source_ids: list[str]):
    published = ctx.frames.sources.set_index("id")["published_end"]
    dates_ = [published[s] for s in source_ids if s in published.index]
    return max(dates_) if dates_ else None


def _epoch_days(col: pd.Series) -> np.ndarray:
    return col.to_numpy().astype("datetime64[D]").astype(np.int64)


def _days_since_ceasefire(ev: pd.DataFrame, refs) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) days since each event's theatre's ceasefire, as days_since computes them, vectorized."""
    fallback = refs.get("gaza") or next(iter(refs.values()), (pd.Timestamp("2025-10-10"),) * 2)
    codes, theatres = pd.factorize(ev["theatre"])
    ref_lo = np.array([_epoch_days(pd.Series([refs.get(t, fallback)[0]]))[0] for t in theatres] or [0], dtype=np.int64)
    ref_hi = np.array([_epoch_days(pd.Series([refs.get(t, fallback)[1]]))[0] for t in theatres] or [0], dtype=np.int64)
    return _epoch_days(ev["date_start"]) - ref_hi[codes], _epoch_days(ev["date_end"]) - ref_lo[codes]


def _weekly_counts(lane_codes: np.ndarray, n_lanes: int, lo, hi, calendar: bool):
    """Events per (lane, 7-day bin), each event spread evenly over the days of its window [lo, hi] (day
    numbers), so a month- or year-precision event adds a fraction to each week it may fall in and the
    weekly values sum to the number of events. Returns (bin start days, lanes x bins matrix)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    first = int(lo.min())
    first -= (first + 3) % 7 if calendar else first % 7  # calendar weeks start on Monday (day 0 was a Thursday)
    n_days = (int(hi.max()) - first) // 7 * 7 + 7
    width = n_days + 1
    weight = 1.0 / (hi - lo + 1)
    diff = (np.bincount(lane_codes * width + (lo - first), weights=weight, minlength=n_lanes * width)
            - np.bincount(lane_codes * width + (hi + 1 - first), weights=weight, minlength=n_lanes * width))
    daily = np.cumsum(diff.reshape(n_lanes, width), axis=1)[:, :n_days]
    z = daily.reshape(n_lanes, n_days // 7, 7).sum(axis=2).round(2)
    return np.arange(first, first + n_days, 7), np.where(z > 0.004, z, 0.0)


def _timeline_aggregated(ctx: Context, keep: pd.Series) -> Chart:
    f = ctx.filters
    days = f.axis == "days"
    lane_col = "theatre" if f.lanes == "theatre" else "type"
    lane_word = "theatre" if lane_col == "theatre" else "event type"
    cols = list(dict.fromkeys(["date_start", "date_end", "date_precision", lane_col, "theatre", "key", "source_ids"]))
    ev = ctx.frames.events.loc[keep, cols]
    n = len(ev)
    title = "Events reported in the articles" + (", by days since each theatre's ceasefire" if days else "")
    subtitle = (f"Coded events per week and {lane_word}: {n:,} events match, too many to mark one by one (more than "
                f"{TIMELINE_AGGREGATE_ABOVE:,}); colour on a log scale; an event known only to a month or year is spread "
                "evenly over the weeks it may fall in")
    if days:
        x_lo, x_hi = _days_since_ceasefire(ev, reference_dates(ctx.frames.phases))
    else:
        x_lo, x_hi = _epoch_days(ev["date_start"]), _epoch_days(ev["date_end"])
    codes, lanes = pd.factorize(ev[lane_col])
    totals = np.bincount(codes, minlength=len(lanes))
    order = sorted(range(len(lanes)), key=lambda i: (-totals[i], str(lanes[i])))
    rank = np.empty(len(lanes), dtype=np.int64)
    rank[order] = np.arange(len(lanes))
    lanes = [str(lanes[i]) for i in order]
    bins, z = _weekly_counts(rank[codes], len(lanes), x_lo, x_hi, calendar=not days)
    if days:
        x = bins + 3.5
        when = [f"days {b} to {b + 6}" for b in bins]
        x_title = "Days since the theatre's ceasefire took effect (7-day bins)"
    else:
        week = np.array(bins, dtype="datetime64[D]")
        x = pd.to_datetime(week) + pd.Timedelta(hours=84)  # the middle of the week, so each cell covers it
        when = [f"week of {pd.Timestamp(w):%d %b %Y}" for w in week]
        x_title = None
    top = max(float(z.max()), 1.0)
    ticks = [v for v in (1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000) if v <= top * 1.5]
    fig = go.Figure(go.Heatmap(
        z=np.where(z > 0, np.log10(np.maximum(z, 0.1)), np.nan), x=x, y=[esc(theme.label(v)) for v in lanes],
        customdata=np.dstack([np.broadcast_to(when, z.shape), z]), colorscale="Blues", zmin=-1, zmax=np.log10(top),
        colorbar=dict(title=dict(text="Events<br>per week"), thickness=14, tickvals=np.log10(ticks).tolist(),
                      ticktext=[f"{v:,}" for v in ticks]),
        xgap=0, ygap=2, hovertemplate="<b>%{y}</b>, %{customdata[0]}: %{customdata[1]:,.1f} events<extra></extra>",
    ))
    if days:
        fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
        fig.add_annotation(x=0, y=1.0, yref="paper", text="Ceasefire took effect (day 0)", showarrow=False,
                           xanchor="left", yanchor="bottom", font=dict(size=12))
    else:
        cits = ctx.frames.citations
        phase_only = Context(replace(ctx.frames, citations=cits[cits["record_kind"] == "phase"]), ctx.version, f)
        _phase_bands(fig, phase_only, pd.DataFrame({"x_lo": [ev["date_start"].min()], "x_hi": [ev["date_end"].max()]}))
        fig.update_shapes(layer="above")  # translucent bands over the cells, which would hide them
    fig.update_yaxes(autorange="reversed", title=None, showgrid=False)
    fig.update_xaxes(title=x_title, range=[x[0] - (x[1] - x[0] if len(x) > 1 else 7) / 2,
                                           x[-1] + (x[1] - x[0] if len(x) > 1 else 7) / 2])
    sources = _unique_sources(ev["source_ids"])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources, as_of=_latest_published(ctx, sources),
          height=max(560, 300 + 40 * len(lanes) + 8 * len(sources)))
    fig.update_layout(margin=dict(r=120, t=210))
    imprecise = int(ev["date_precision"].isin(["month", "year"]).sum())
    li, bi = np.unravel_index(int(np.argmax(z)), z.shape)
    summary = (f"{n:,} events from {ev['date_start'].min():%d %b %Y} to {ev['date_end'].max():%d %b %Y} in {len(lanes)} "
               f"{'theatres' if lane_col == 'theatre' else 'event types'}, shown as counts per week because more than "
               f"{TIMELINE_AGGREGATE_ABOVE:,} events match; {imprecise:,} are known only to a month or year and are spread "
               f"evenly over the weeks they may fall in; {int(ev['key'].sum()):,} are key moments (listed on the Data page). "
               f"Busiest: {theme.label(lanes[li])}, {when[bi]} (about {z[li, bi]:,.0f} events).")
    nz_lane, nz_bin = np.nonzero(z)
    data = pd.DataFrame({lane_col: [lanes[i] for i in nz_lane],
                         ("days_since_ceasefire_from" if days else "week_start"):
                             bins[nz_bin] if days else pd.to_datetime(np.array(bins, dtype="datetime64[D]")[nz_bin]),
                         "events": z[nz_lane, nz_bin]})
    return Chart("timeline", title, fig, data, summary, [])


def _compare_days_aggregated(ctx: Context, ev: pd.DataFrame, title: str) -> Chart:
    """Events per week since each theatre's ceasefire, one line per theatre (`ev`: the post-ceasefire events,
    with x_lo/x_hi in days)."""
    subtitle = (f"Coded events per 7 days after each theatre's latest ceasefire ({len(ev):,} events, too many to mark one "
                "by one); Lebanon's ceasefire is known only to the month, so each Lebanon event is spread evenly over "
                "the days it may fall on, as is any event known only to a week, month or year")
    codes, theatres = pd.factorize(ev["theatre"])
    lo, hi = ev["x_lo"].to_numpy(dtype=np.int64), ev["x_hi"].to_numpy(dtype=np.int64)
    bins, z = _weekly_counts(codes, len(theatres), np.maximum(lo, 0), hi, calendar=False)
    fig = go.Figure()
    style = {"gaza": ("#0072B2", "solid", "circle"), "lebanon": ("#009E73", "dash", "diamond")}
    for i, theatre in enumerate(str(t) for t in theatres):
        color, dash, symbol = style.get(theatre, (theme.GREY, "dot", "square"))
        fig.add_trace(go.Scatter(x=bins + 3.5, y=z[i], mode="lines+markers", name=esc(theme.label(theatre)),
                                 line=dict(color=color, width=2.5, dash=dash), marker=dict(symbol=symbol, size=6, color=color),
                                 customdata=[f"days {b} to {b + 6}" for b in bins],
                                 hovertemplate=f"<b>{esc(theme.label(theatre))}</b>, %{{customdata}}: %{{y:,.1f}} events<extra></extra>"))
    fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
    fig.update_yaxes(title="Events per 7 days", rangemode="tozero")
    fig.update_xaxes(title="Days since the theatre's ceasefire took effect", rangemode="tozero")
    fig.update_layout(legend=dict(TOP_LEGEND))
    sources = _unique_sources(ev["source_ids"])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources, as_of=_latest_published(ctx, sources), height=480)
    summary = "; ".join(f"{theme.label(str(t))}: {z[i].sum():,.0f} events over days {int(bins[0])} to {int(bins[-1]) + 6}"
                        for i, t in enumerate(theatres))
    nz_t, nz_b = np.nonzero(z)
    data = pd.DataFrame({"theatre": [str(theatres[i]) for i in nz_t], "days_since_ceasefire_from": bins[nz_b],
                         "days_since_ceasefire_to": bins[nz_b] + 6, "events": z[nz_t, nz_b]})
    return Chart("compare-days", title, fig, data, summary + ".", [])


# --------------------------------------------------------------------------- figures (numbers)


FIGURE_ROWS_MAX = 20  # figure charts draw one labelled row per reported number; beyond this, the most recent


def _figure_rows(ctx: Context, metrics, theatres=None) -> pd.DataFrame:
    """The figures a chart shows: filtered, of the given metrics and theatres. When more than FIGURE_ROWS_MAX
    match (large datasets), the most recent FIGURE_ROWS_MAX, with fg.attrs["shown_of"] = (shown, total)
    so the chart says so (see _with_cap)."""
    figures = ctx.frames.figures
    keep = figure_mask(figures, ctx.filters) & figures["metric"].isin(metrics)
    if theatres:
        keep &= figures["theatre"].isin(theatres)
    total = int(keep.sum())
    if total > FIGURE_ROWS_MAX:
        rows = np.flatnonzero(keep.to_numpy())
        recent = np.lexsort((_epoch_days(figures["as_of_start"].iloc[rows]), _epoch_days(figures["as_of_end"].iloc[rows])))
        keep = pd.Series(False, index=figures.index)
        keep.iloc[np.sort(rows[recent[-FIGURE_ROWS_MAX:]])] = True
    fg = filter_figures(figures, ctx.filters, keep).copy()
    if total > FIGURE_ROWS_MAX:
        fg.attrs["shown_of"] = (FIGURE_ROWS_MAX, total)
    return fg


def _with_cap(fg: pd.DataFrame, note: str | None = None) -> str | None:
    """A chart's footer note, plus a notice when _figure_rows kept only the most recent figures."""
    shown = fg.attrs.get("shown_of")
    if not shown:
        return note
    notice = f"Showing the {shown[0]} most recent of {shown[1]:,} matching figures; the Data page lists them all."
    return f"{note} {notice}" if note else notice


def deaths_by_claimant(ctx: Context) -> Chart:
    title = "Reported deaths in incidents, by who reports them"
    subtitle = ("People killed per incident or reported period (see each row) in Gaza and Lebanon; ranges as reported; "
                "an arrow marks an open-ended figure ('more than')")
    fg = _figure_rows(ctx, ["killed", "operatives_killed"], ["gaza", "lebanon"])
    fig = go.Figure()
    if fg.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("deaths", title, fig, _number_table(fg), "No death figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "id"])
    fg["row"] = fg["id"]
    fg["label"] = fg.apply(value_label, axis=1)
    top = max(fg["high"].fillna(fg["low"]).max(), 1)
    for i, (claimant_id, part) in enumerate(fg.groupby("claimant_id", sort=False)):
        color = theme.actor_color(claimant_id)
        name = esc(part["claimant"].iloc[0])
        xs, ys = [], []
        for _, r in part.iterrows():
            hi = r["high"] if pd.notna(r["high"]) else r["low"]
            if r["qualifier"] in OPEN_QUALIFIERS:  # the line runs on to the arrow, so the arrow is attached
                hi = max(hi, r["low"]) + top * 0.06
            xs += [r["low"], hi, None]
            ys += [r["row"], r["row"], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=5, dash=theme.DASHES.get(color, "solid")),
                                 legendgroup=name, showlegend=False, hoverinfo="skip"))
        open_ = part[part["qualifier"].isin(OPEN_QUALIFIERS)]
        fig.add_trace(go.Scatter(x=open_["high"].fillna(open_["low"]) + top * 0.06, y=open_["row"], mode="markers", showlegend=False,
                                 legendgroup=name, hoverinfo="skip",
                                 marker=dict(symbol="triangle-right", size=13, color=color)))
        hover = [f"<b>{esc(r['label'])}</b> {esc(r['unit'])}<br>{wrap(r['subject'], 70)}<br>Claimed by: {esc(r['claimant'])}"
                 f"<br>As of: {esc(r['as_of'])}<br>Source: {esc(r['source'])}" for _, r in part.iterrows()]
        fig.add_trace(go.Scatter(
            x=part["low"], y=part["row"], mode="markers+text", name=name, legendgroup=name,
            marker=dict(color=color, size=14, symbol=CLAIMANT_SYMBOLS[i % len(CLAIMANT_SYMBOLS)], line=dict(width=1, color="#222")),
            text=[esc(v) for v in part["label"]], textposition="middle left", textfont=dict(size=13),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    _label_rows(fig, list(fg["row"]), [f"{_short(s, 80)} · {t:%d %b %Y} · {c}" for s, t, c in
                                        zip(fg["subject"], fg["as_of_start"], fg["claimant"])])
    fig.update_xaxes(title="People killed (as reported)", range=[-top * 0.12, top * 1.12])
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), height=max(560, 260 + 52 * len(fg)),
          note=_with_cap(fg, "Figures from different claimants are shown side by side, never averaged."))
    fig.update_layout(margin=dict(l=30))
    summary = "; ".join(f"{r['label']} ({r['subject']}, per {r['claimant']}, {r['as_of']})" for _, r in fg.iterrows())
    return Chart("deaths", title, fig, _number_table(fg), summary, list(fg["permalink"]))


def _number_table(fg: pd.DataFrame) -> pd.DataFrame:
    return fg[["id", "metric", "value", "low", "high", "qualifier", "unit", "subject", "theatre", "as_of", "period",
               "claimant", "derived", "derived_formula", "source", "permalink"]]


def hostage_remains(ctx: Context) -> Chart:
    title = "Deceased hostages' bodies held in Gaza, by report date"
    subtitle = "Bodies of hostages held in Gaza since the 10 October 2025 ceasefire, as counted in each report (step chart)"
    fg = _figure_rows(ctx, ["hostage_bodies_held", "hostage_bodies_remaining"])
    fig = go.Figure()
    if fg.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("hostages", title, fig, _number_table(fg), "No hostage figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "id"])
    fg["x"] = fg["as_of_start"] + (fg["as_of_end"] - fg["as_of_start"]) / 2
    fg["label"] = fg.apply(value_label, axis=1)
    fig.add_trace(go.Scatter(x=fg["x"], y=fg["value"].fillna(fg["low"]), mode="lines", line_shape="hv",
                             line=dict(color="#555", width=2), showlegend=False, hoverinfo="skip"))
    for claimant_id, part in fg.groupby("claimant_id", sort=False):
        color = theme.actor_color(claimant_id)
        hover = [f"<b>{esc(r['label'])} {esc(r['unit'])}</b><br>{wrap(r['subject'], 70)}<br>As of: {esc(r['as_of'])}"
                 f" ({esc(r['as_of_precision'])})<br>Claimed by: {esc(r['claimant'])}<br>Source: {esc(r['source'])}"
                 for _, r in part.iterrows()]
        # date uncertainty as explicit segments: plotly.js draws no error bars on a date axis
        xs, ys = [], []
        for _, r in part[part["as_of_start"] != part["as_of_end"]].iterrows():
            xs += [r["as_of_start"], r["as_of_end"], None]
            ys += [r["value"] if pd.notna(r["value"]) else r["low"]] * 2 + [None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=6), opacity=0.45,
                                     showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["value"].fillna(part["low"]), mode="markers+text", name=esc(part["claimant"].iloc[0]),
            marker=dict(color=color, size=15, line=dict(width=1, color="#222")),
            text=[esc(v) for v in part["label"]], textposition="top right", textfont=dict(size=14),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    top = fg["value"].fillna(fg["low"]).max()
    fig.update_yaxes(title="Bodies held in Gaza", range=[0, top * 1.2 + 1])
    pad = max((fg["as_of_end"].max() - fg["as_of_start"].min()) * 0.03, pd.Timedelta(days=2))  # room for the end bars
    fig.update_xaxes(range=[fg["as_of_start"].min() - pad, fg["as_of_end"].max() + pad])
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), note=_with_cap(fg, "Horizontal bars show the uncertainty of a report's date (week precision)."))
    summary = "; ".join(f"{r['label']} ({r['as_of']}, {r['claimant']})" for _, r in fg.iterrows())
    return Chart("hostages", title, fig, _number_table(fg), f"Bodies held: {summary}.", list(fg["permalink"]))


def scheduled_releases(ctx: Context) -> Chart:
    title = "Living hostages expected or scheduled for release under the truce deals"
    subtitle = ("Releases expected, scheduled or agreed (number of living hostages), as reported at the time; "
                "each row gives the report date and who makes the claim")
    fg = _figure_rows(ctx, ["living_hostages_to_release", "living_hostages_released"])
    fg = fg[fg["unit"] == "hostages"] if not fg.empty else fg
    fig = go.Figure()
    if fg.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("releases", title, fig, _number_table(fg), "No release figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "id"])
    fg["label"] = fg.apply(value_label, axis=1)
    for i, (claimant_id, part) in enumerate(fg.groupby("claimant_id", sort=False)):
        color = theme.actor_color(claimant_id)
        fig.add_trace(go.Bar(
            y=part["id"], x=part["value"].fillna(part["low"]), orientation="h", name=esc(part["claimant"].iloc[0]),
            marker=dict(color=color, pattern=dict(shape=["", "/", "x", "."][i % 4], fgcolor="white", fillmode="overlay")), width=0.5,
            text=[f"{esc(v)}" for v in part["label"]], textposition="outside", textfont=dict(size=14),
            customdata=part[["id", "permalink"]].to_numpy(),
            hovertext=[f"{wrap(s, 70)}<br>Claimed by: {esc(c)}<br>As of {esc(a)}" for s, c, a in
                       zip(part["subject"], part["claimant"], part["as_of"])],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    _label_rows(fig, list(fg["id"]), [f"{_short(s, 80)} · {t:%d %b %Y} · {c}" for s, t, c in
                                      zip(fg["subject"], fg["as_of_start"], fg["claimant"])], bar_width=0.5)
    fig.update_xaxes(title="Living hostages", range=[0, fg["value"].fillna(fg["low"]).max() * 1.25])
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), height=max(520, 260 + 64 * len(fg)), note=_with_cap(fg))
    fig.update_layout(margin=dict(l=30))
    summary = "; ".join(f"{r['label']}: {r['subject']} ({r['claimant']}, {r['as_of']})" for _, r in fg.iterrows())
    return Chart("releases", title, fig, _number_table(fg), summary, list(fg["permalink"]))


def control_share(ctx: Context) -> Chart:
    title = "Reported control of Gaza's territory"
    subtitle = "Share of the Gaza Strip (%); solid = reported in the text, hatched = derived by us from a reported share"
    fg = _figure_rows(ctx, ["territory_share"])
    fig = go.Figure()
    if fg.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("control", title, fig, _number_table(fg), "No control-share figures match the current filters.")
    fg = fg.sort_values(["derived", "id"])
    fg["row"] = [f"As of {t:%d %b %Y}" for t in fg["as_of_start"]]
    for _, r in fg.iterrows():
        # a derived remainder belongs to no named actor in the text, so it never borrows an actor's colour
        subject = r["subject"].lower()
        color = (theme.GREY if r["derived"] else "#D55E00" if "hamas" in subject
                 else "#0072B2" if "isra" in subject else theme.GREY)
        kind = f"derived: {r['derived_formula']}" if r["derived"] else f"reported by {r['claimant']}"
        fig.add_trace(go.Bar(
            y=[r["row"]], x=[r["value"]], orientation="h", width=0.5,
            name=esc(f"{r['value']:.0f}%: {_short(r['subject'], 50)} ({'derived' if r['derived'] else 'reported'})"),
            marker=dict(color=color if not r["derived"] else "white", line=dict(color=color, width=2),
                        pattern=dict(shape="/" if r["derived"] else "", fgcolor=color, solidity=0.35)),
            text=f"<b>{r['value']:.0f}%</b> {'derived' if r['derived'] else 'reported'}", textposition="inside",
            insidetextanchor="middle", textfont=dict(size=15, color="white" if not r["derived"] else "#222"),
            customdata=[[r["id"], r["permalink"]]], hovertemplate=f"{wrap(r['subject'], 60)}<br>{esc(kind)}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", legend=dict(TOP_LEGEND, orientation="v"))
    fig.update_xaxes(range=[0, 100], title="Share of Gaza's territory (%)", ticksuffix="%")
    reported = fg[~fg["derived"]]
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(reported["claimant"]),
          as_of=fg["as_of_end"].max(), height=460,
          note=_with_cap(fg, "The derived share is the complement of the reported one (100 minus it); it is not stated in the articles."))
    summary = "; ".join(f"{r['value']:.0f}% {r['subject']} ({'derived: ' + r['derived_formula'] if r['derived'] else 'reported by ' + r['claimant']}, as of {r['as_of']})"
                        for _, r in fg.iterrows())
    return Chart("control", title, fig, _number_table(fg), summary, list(fg["permalink"]))


ENFORCEMENT_METRICS = ["operatives_killed", "sites_struck", "raids", "strikes", "killed", "attacks"]


def enforcement(ctx: Context) -> Chart:
    title = "Enforcement after the ceasefires: Lebanon and Gaza"
    subtitle = ("Israeli military action and reported deaths since each theatre's ceasefire; each panel has its own scale "
                "because units, periods and claimants differ")
    fg = _figure_rows(ctx, ENFORCEMENT_METRICS, ["gaza", "lebanon"])
    refs = reference_dates(ctx.frames.phases)
    if not fg.empty:
        after = fg.apply(lambda r: r["as_of_end"] >= refs.get(r["theatre"], (pd.Timestamp.min,) * 2)[0], axis=1)
        fg = fg[after.astype(bool)].copy()
    if fg.empty:
        fig = go.Figure()
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("enforcement", title, fig, _number_table(fg), "No enforcement figures match the current filters.")
    fg["label"] = fg.apply(value_label, axis=1)
    fg = fg.sort_values(["theatre", "as_of_start", "id"], ascending=[False, True, True])
    theatres = [t for t in ("lebanon", "gaza") if t in set(fg["theatre"])]
    titles = []
    for t in theatres:
        start = refs.get(t, (None, None))[0]
        titles.append(f"{theme.label(t)} (since {start:%b %Y} ceasefire)" if start is not None else theme.label(t))
    fig = make_subplots(rows=1, cols=len(theatres), subplot_titles=titles, horizontal_spacing=0.08)
    seen = set()
    for col, t in enumerate(theatres, 1):
        part_t = fg[fg["theatre"] == t]
        top = part_t["low"].max() or 1
        for claimant_id, part in part_t.groupby("claimant_id", sort=False):
            color = theme.actor_color(claimant_id)
            name = esc(part["claimant"].iloc[0])
            fig.add_trace(go.Bar(
                y=part["id"], x=part["low"], orientation="h", name=name, legendgroup=name, showlegend=name not in seen,
                marker=dict(color=color, pattern=dict(shape=["+" if q in OPEN_QUALIFIERS else "" for q in part["qualifier"]],
                                                      fgcolor="white", fillmode="overlay")), width=0.35,
                text=[f"{esc(v)} {esc(_count_unit(u, v))}" for v, u in zip(part["label"], part["unit"])], textposition="outside",
                textfont=dict(size=13), cliponaxis=False, customdata=part[["id", "permalink"]].to_numpy(),
                hovertext=[f"{wrap(s, 70)}<br>Claimed by: {esc(c)}<br>Period: {esc(p or 'single incident')}<br>As of {esc(a)}"
                           for s, c, p, a in zip(part["subject"], part["claimant"], part["period"], part["as_of"])],
                hovertemplate="%{hovertext}<extra></extra>",
            ), row=1, col=col)
            seen.add(name)
        axis = "" if col == 1 else str(col)
        fig.update_yaxes(showticklabels=False, categoryorder="array", categoryarray=list(part_t["id"]), autorange="reversed",
                         row=1, col=col)
        fig.update_xaxes(range=[0, top * 1.45], title="Count as reported (lower bound if open-ended)", row=1, col=col)
        for i, (_, r) in enumerate(part_t.iterrows()):  # on the bar's top edge (bars are 0.35 wide), at any height
            fig.add_annotation(x=0, xref=f"x{axis} domain", y=i - 0.175, yref=f"y{axis}", yanchor="bottom", yshift=2,
                               xanchor="left", showarrow=False, text=esc(f"{_short(r['subject'], 50)} · {r['claimant']}"),
                               font=dict(size=11.5, color="#333"))
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), height=max(560, 260 + 52 * fg["theatre"].value_counts().max()), note=_with_cap(fg, caveat(fg)))
    # the legend sits above the panel titles, not on them
    fig.update_layout(margin=dict(l=30, t=185), legend=dict(y=1.08))
    # a missing period is NaN (truthy), so test for text rather than `period or as_of`
    summary = "; ".join(f"{theme.label(r['theatre'])}: {r['label']} {_count_unit(r['unit'], r['label'])} — {r['subject']} "
                        f"(per {r['claimant']}, {r['period'] if isinstance(r['period'], str) and r['period'] else r['as_of']})"
                        for _, r in fg.iterrows())
    return Chart("enforcement", title, fig, _number_table(fg), summary, list(fg["permalink"]))


def _count_unit(unit: str, label: str) -> str:
    """'1 operative', not '1 operatives'."""
    if label != "1":
        return unit
    return "person" if unit == "people" else unit[:-1] if unit.endswith("s") else unit


def caveat(fg: pd.DataFrame) -> str | None:
    """A like-for-like warning generated from the data: differing claimants, metrics or periods per theatre."""
    parts = []
    for theatre, group in fg.groupby("theatre"):
        claimants = ", ".join(sorted(group["claimant"].unique()))
        periods = sorted({p if isinstance(p, str) and p else "single incidents" for p in group["period"]})
        parts.append(f"{theme.label(theatre)}: {', '.join(sorted(group['metric'].str.replace('_', ' ').unique()))} "
                     f"({'; '.join(periods)}), claimed by {claimants}")
    if len(parts) < 2:
        return None
    return "Not like-for-like. " + " | ".join(parts) + "."


def compare_days(ctx: Context) -> Chart:
    title = "Gaza and Lebanon on a days-since-ceasefire axis"
    subtitle = ("Events after each theatre's latest ceasefire (Gaza: 10 Oct 2025; Lebanon: November 2024, known only to the "
                "month, so each Lebanon mark spans the possible days)")
    keep = event_mask(ctx.frames.events, ctx.filters.with_(theatres=("gaza", "lebanon")))
    if int(keep.sum()) > TIMELINE_AGGREGATE_ABOVE:  # many events: counts per week instead of one mark each
        cand = ctx.frames.events.loc[keep, ["date_start", "date_end", "theatre", "source_ids"]]
        lo, hi = _days_since_ceasefire(cand, reference_dates(ctx.frames.phases))
        after = (hi >= 0) & (lo >= -31)
        if int(after.sum()) > TIMELINE_AGGREGATE_ABOVE:
            return _compare_days_aggregated(ctx, cand[after].assign(x_lo=lo[after], x_hi=hi[after]), title)
    ev = filter_events(ctx.frames.events, ctx.filters.with_(theatres=("gaza", "lebanon")), keep).copy()
    refs = reference_dates(ctx.frames.phases)
    if not ev.empty:
        ev["x_lo"], ev["x_hi"] = days_since(ev, refs, "date_start", "date_end")
        ev = ev[(ev["x_hi"] >= 0) & (ev["x_lo"] >= -31)]  # after the ceasefire (allowing for a month-precision start)
    fig = go.Figure()
    if ev.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        empty = pd.DataFrame(columns=["id", "theatre", "event_date", "date_precision", "days_since_ceasefire_min",
                                      "days_since_ceasefire_max", "type", "notes", "source", "permalink"])
        return Chart("compare-days", title, fig, empty, "No post-ceasefire events match the current filters.")
    ev["x"] = (ev["x_lo"] + ev["x_hi"]) / 2
    ev = ev.sort_values(["x", "id"])
    ev["slot"] = ev.groupby(["theatre", ev["x"].round()]).cumcount()
    ev["y"] = ev["theatre"].map({"gaza": 0, "lebanon": 1}) + (ev["slot"] % 4) * 0.15 - 0.22
    for theatre, part in ev.groupby("theatre"):
        color = "#0072B2" if theatre == "gaza" else "#009E73"
        xs, ys = [], []
        for _, r in part[part["x_lo"] != part["x_hi"]].iterrows():
            xs += [max(r["x_lo"], 0), r["x_hi"], None]
            ys += [r["y"], r["y"], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=5), opacity=0.35,
                                 hoverinfo="skip", showlegend=False))
        hover = [f"<b>{wrap(r['notes'], 70)}</b><br>Day {r['x_lo']:.0f}–{r['x_hi']:.0f} after the ceasefire"
                 f"<br>Date: {esc(r['event_date'])} ({esc(r['date_precision'])})<br>Source: {esc(r['source'])}"
                 for _, r in part.iterrows()]
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers", name=esc(theme.label(theatre)), showlegend=False,
            marker=dict(color=color, size=14, symbol=[theme.SYMBOLS[t] for t in part["type"]], line=dict(width=1, color="#222")),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    # colour = theatre (the lane says which); the legend explains the shapes
    for t in sorted(ev["type"].unique()):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=esc(theme.label(t)),
                                 marker=dict(symbol=theme.SYMBOLS[t], size=12, color="#666", line=dict(width=1, color="#222"))))
    # an explicit reversed range (autorange="reversed" would ignore it and crop the Lebanon lane)
    fig.update_yaxes(tickvals=[0, 1], ticktext=["Gaza", "Lebanon"], range=[1.6, -0.6], autorange=False)
    fig.update_xaxes(title="Days since the theatre's ceasefire took effect", rangemode="tozero")
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Event type: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(ev), as_of=_reported_as_of(ctx, ev), height=540)
    fig.update_layout(margin=dict(t=195))
    summary = "; ".join(f"{theme.label(t)}: {len(g)} events, day {g['x_lo'].min():.0f} to {g['x_hi'].max():.0f}"
                        for t, g in ev.groupby("theatre"))
    data = ev[["id", "theatre", "event_date", "date_precision", "x_lo", "x_hi", "type", "notes", "source", "permalink"]].rename(
        columns={"x_lo": "days_since_ceasefire_min", "x_hi": "days_since_ceasefire_max"})
    return Chart("compare-days", title, fig, data, summary, list(ev["permalink"]))


# --------------------------------------------------------------------------- registry

CHARTS = {
    "timeline": timeline,
    "deaths": deaths_by_claimant,
    "hostages": hostage_remains,
    "control": control_share,
    "enforcement": enforcement,
    "compare-days": compare_days,
    "releases": scheduled_releases,
}
CHARTS["compliance"] = lambda ctx: __import__("dashboard.compliance_chart", fromlist=["x"]).compliance_chart(ctx)  # it imports this module


def build(chart_id: str, ctx: Context) -> Chart:
    return CHARTS[chart_id](ctx)


def modebar_config(chart: Chart, as_of: str, fmt: str = "png") -> dict:
    """Plotly config: camera button exports at 2x with a meaningful file name; SVG when asked."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": fmt, "filename": f"ceasefire-monitor_{chart.id}_{as_of}",
                                 "width": EXPORT_WIDTH,
                                 # a chart taller than a slide keeps its own height rather than being squashed
                                 "height": max(EXPORT_HEIGHT, int(chart.figure.layout.height or 0)), "scale": 2 if fmt == "png" else 1},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
