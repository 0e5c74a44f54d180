"""Chart builders: pure functions from frames and filters to Plotly figures. No Streamlit import.

Every builder returns a `Chart`: the figure, the exact data behind it (for CSV and the text
alternative), a generated summary and the citations it draws on. `brand()` bakes title, subtitle
and a footer (sources, claimants, as-of date, dataset version) into the figure itself, so a
screenshot or export stands alone.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import theme
from .filters import Filters, filter_events, filter_figures
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
        title=dict(text=f"<b>{esc(title)}</b><br><span style='font-size:15px;color:#444'>{wrap(subtitle, 115)}</span>",
                   x=0.01, xanchor="left", xref="container", yref="container", y=0.985, yanchor="top",
                   pad=dict(t=14), font=dict(size=22)),
        font=dict(family=theme.FONT, size=14, color="#222"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
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


def _label_rows(fig: go.Figure, rows: list[str], labels: list[str]) -> None:
    """Row labels written above each row inside the plot, so long labels never squeeze it."""
    fig.update_yaxes(showticklabels=False, categoryorder="array", categoryarray=rows, autorange="reversed")
    for row, text in zip(rows, labels):
        fig.add_annotation(x=0, xref="x domain", y=row, yref="y", yshift=17, xanchor="left", showarrow=False,
                           text=esc(text), font=dict(size=12.5, color="#333"))


def _sources_of(df: pd.DataFrame) -> list[str]:
    return [s for ids in df.get("source_ids", []) for s in ids]


def _empty(fig: go.Figure, message: str = "No records match the current filters") -> go.Figure:
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=16, color="#666"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# --------------------------------------------------------------------------- timeline


def timeline(ctx: Context) -> Chart:
    f = ctx.filters
    ev = filter_events(ctx.frames.events, f).copy()
    fig = go.Figure()
    days = f.axis == "days"
    lane_col = "theatre" if f.lanes == "theatre" else "type"
    title = "Events reported in the articles" + (", by days since each theatre's ceasefire" if days else "")
    subtitle = (f"Each mark is one coded event, by {'theatre' if lane_col == 'theatre' else 'event type'}; colour = "
                "initiating actor, shape = event type; bars show date uncertainty (week or month precision)")
    if ev.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("timeline", title, fig, ev, "No events match the current filters.")
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
    ev["y"] = ev[lane_col].map(lane_index) + (ev["slot"] % 5) * 0.14 - 0.28
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
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers", name=esc(group), legend="legend",
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
                     range=[-0.8, len(lanes) - 0.2], autorange="reversed", title=None)
    fig.update_xaxes(title="Days since the theatre's ceasefire took effect" if days else None)
    fig.update_layout(
        legend=dict(title=dict(text="Initiating actor"), orientation="v", x=1.01, y=1, xanchor="left", yanchor="top"),
        legend2=dict(title=dict(text="Event type"), orientation="v", x=1.01, y=0.45, xanchor="left", yanchor="top",
                     font=dict(size=12)),
    )
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(ev), as_of=ev["date_end"].max(),
          height=max(560, 140 + 95 * len(lanes)))
    fig.update_layout(margin=dict(r=230, t=210))
    summary = (f"{len(ev)} events from {ev['date_start'].min():%d %b %Y} to {ev['date_end'].max():%d %b %Y} in "
               f"{len(lanes)} {'theatres' if lane_col == 'theatre' else 'event types'}; "
               f"{int((ev['date_precision'] != 'day').sum())} are known only to a week, month or year. "
               f"Key moments: {'; '.join(_short(s) for s in ev.loc[ev['key'], 'notes']) or 'none in view'}.")
    data = ev[["id", "event_date", "date_precision", "date_text", "theatre", "type", "status", "actor1", "actor2",
               "notes", "source", "permalink"]]
    return Chart("timeline", title, fig, data, summary, list(ev["permalink"]))


def _spread_keys(ev: pd.DataFrame, most: int = 6) -> pd.DataFrame:
    """Key moments to annotate: key events known to a day or week, at least 1/24 of the axis apart, so labels stay legible."""
    narrow = (ev["date_end"] - ev["date_start"]).dt.days <= 7
    keys = ev[ev["key"] & narrow].sort_values("x")
    if keys.empty:
        return keys
    span = ev["x_hi"].max() - ev["x_lo"].min()
    gap = span / 24 if span else 0
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
        fig.add_annotation(x=x0, y=1.0, yref="paper", xanchor="left", yanchor="bottom", showarrow=False,
                           yshift=2 + 30 * (shown % 3), text=f"<i>{wrap(label, 48)}</i>", font=dict(size=11, color="#333"),
                           align="left", bgcolor="rgba(255,255,255,0.85)")
        shown += 1


# --------------------------------------------------------------------------- figures (numbers)


def _figure_rows(ctx: Context, metrics, theatres=None) -> pd.DataFrame:
    fg = filter_figures(ctx.frames.figures, ctx.filters)
    fg = fg[fg["metric"].isin(metrics)]
    if theatres:
        fg = fg[fg["theatre"].isin(theatres)]
    return fg.copy()


def deaths_by_claimant(ctx: Context) -> Chart:
    title = "Reported deaths in incidents, by who reports them"
    subtitle = "People killed per incident in Gaza and Lebanon; ranges as reported; an arrow marks an open-ended figure ('more than')"
    fg = _figure_rows(ctx, ["killed", "operatives_killed"], ["gaza", "lebanon"])
    fig = go.Figure()
    if fg.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("deaths", title, fig, fg, "No death figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "id"])
    fg["row"] = fg["id"]
    fg["label"] = fg.apply(value_label, axis=1)
    top = max(fg["high"].fillna(fg["low"]).max(), 1)
    for i, (claimant_id, part) in enumerate(fg.groupby("claimant_id", sort=False)):
        color = theme.actor_color(claimant_id)
        name = esc(part["claimant"].iloc[0])
        xs, ys = [], []
        for _, r in part.iterrows():
            hi = r["high"] if pd.notna(r["high"]) else r["low"] + top * 0.06
            xs += [r["low"], hi, None]
            ys += [r["row"], r["row"], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=5, dash=theme.DASHES.get(color, "solid")),
                                 legendgroup=name, showlegend=False, hoverinfo="skip"))
        open_ = part[part["qualifier"].isin(OPEN_QUALIFIERS)]
        fig.add_trace(go.Scatter(x=open_["low"] + top * 0.06, y=open_["row"], mode="markers", showlegend=False,
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
    _label_rows(fig, list(fg["row"]), [f"{_short(s, 110)} · {t:%d %b %Y} · {c}" for s, t, c in
                                        zip(fg["subject"], fg["as_of_start"], fg["claimant"])])
    fig.update_xaxes(title="People killed (as reported)", range=[-top * 0.12, top * 1.12])
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), height=max(560, 260 + 52 * len(fg)),
          note="Figures from different claimants are shown side by side, never averaged.")
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
        return Chart("hostages", title, fig, fg, "No hostage figures match the current filters.")
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
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["value"].fillna(part["low"]), mode="markers+text", name=esc(part["claimant"].iloc[0]),
            marker=dict(color=color, size=15, line=dict(width=1, color="#222")),
            error_x=dict(type="data", symmetric=False, array=(part["as_of_end"] - part["x"]).dt.total_seconds() * 1000,
                         arrayminus=(part["x"] - part["as_of_start"]).dt.total_seconds() * 1000, color=color, thickness=2),
            text=[esc(v) for v in part["label"]], textposition="top right", textfont=dict(size=14),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_yaxes(title="Bodies held in Gaza", rangemode="tozero")
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), note="Horizontal bars show the uncertainty of a report's date (week precision).")
    summary = "; ".join(f"{r['label']} ({r['as_of']}, {r['claimant']})" for _, r in fg.iterrows())
    return Chart("hostages", title, fig, _number_table(fg), f"Bodies held: {summary}.", list(fg["permalink"]))


def scheduled_releases(ctx: Context) -> Chart:
    title = "Living hostages expected or scheduled for release, January 2025 truce"
    subtitle = "Releases expected, scheduled or agreed as reported during the truce (number of living hostages)"
    fg = _figure_rows(ctx, ["living_hostages_to_release", "living_hostages_released"])
    fg = fg[fg["unit"] == "hostages"] if not fg.empty else fg
    fig = go.Figure()
    if fg.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("releases", title, fig, fg, "No release figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "id"])
    fg["label"] = fg.apply(value_label, axis=1)
    for i, (claimant_id, part) in enumerate(fg.groupby("claimant_id", sort=False)):
        color = theme.actor_color(claimant_id)
        fig.add_trace(go.Bar(
            y=part["id"], x=part["value"].fillna(part["low"]), orientation="h", name=esc(part["claimant"].iloc[0]),
            marker=dict(color=color, pattern=dict(shape=["", "/", "x", "."][i % 4], fgcolor="white")), width=0.5,
            text=[f"{esc(v)}" for v in part["label"]], textposition="outside", textfont=dict(size=14),
            customdata=part[["id", "permalink"]].to_numpy(),
            hovertext=[f"{wrap(s, 70)}<br>Claimed by: {esc(c)}<br>As of {esc(a)}" for s, c, a in
                       zip(part["subject"], part["claimant"], part["as_of"])],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    _label_rows(fig, list(fg["id"]), [f"{_short(s, 110)} · {a} · {c}" for s, a, c in zip(fg["subject"], fg["as_of"], fg["claimant"])])
    fig.update_xaxes(title="Living hostages", range=[0, fg["value"].fillna(fg["low"]).max() * 1.25])
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), height=max(520, 260 + 64 * len(fg)))
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
        return Chart("control", title, fig, fg, "No control-share figures match the current filters.")
    fg = fg.sort_values(["derived", "id"])
    fg["row"] = [f"As of {t:%d %b %Y}" for t in fg["as_of_start"]]
    for _, r in fg.iterrows():
        color = "#D55E00" if "hamas" in r["subject"].lower() else "#0072B2" if "isra" in r["subject"].lower() else theme.GREY
        kind = f"derived: {r['derived_formula']}" if r["derived"] else f"reported by {r['claimant']}"
        fig.add_trace(go.Bar(
            y=[r["row"]], x=[r["value"]], orientation="h", width=0.5,
            name=esc(f"{r['subject']} ({kind})"),
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
          note="The derived share is the complement of the reported one (100 minus it); it is not stated in the articles.")
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
        return Chart("enforcement", title, fig, fg, "No enforcement figures match the current filters.")
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
                                                      fgcolor="white")), width=0.35,
                text=[f"{esc(v)} {esc(u)}" for v, u in zip(part["label"], part["unit"])], textposition="outside",
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
        for _, r in part_t.iterrows():
            fig.add_annotation(x=0, xref=f"x{axis} domain", y=r["id"], yref=f"y{axis}", yshift=20, xanchor="left",
                               showarrow=False, text=esc(f"{_short(r['subject'], 64)} · {r['claimant']}"),
                               font=dict(size=11.5, color="#333"))
    fig.update_layout(legend=dict(TOP_LEGEND, title=dict(text="Claimant: ")))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(fg), claimants=list(fg["claimant"]),
          as_of=fg["as_of_end"].max(), height=max(560, 260 + 52 * fg["theatre"].value_counts().max()), note=caveat(fg))
    fig.update_layout(margin=dict(l=30))
    summary = "; ".join(f"{r['theatre']}: {r['label']} {r['unit']} — {r['subject']} (per {r['claimant']}, {r['period'] or r['as_of']})"
                        for _, r in fg.iterrows())
    return Chart("enforcement", title, fig, _number_table(fg), summary, list(fg["permalink"]))


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
    ev = filter_events(ctx.frames.events, ctx.filters.with_(theatres=("gaza", "lebanon"))).copy()
    refs = reference_dates(ctx.frames.phases)
    if not ev.empty:
        ev["x_lo"], ev["x_hi"] = days_since(ev, refs, "date_start", "date_end")
        ev = ev[(ev["x_hi"] >= 0) & (ev["x_lo"] >= -31)]  # after the ceasefire (allowing for a month-precision start)
    fig = go.Figure()
    if ev.empty:
        brand(_empty(fig), ctx, title=title, subtitle=subtitle, source_ids=[])
        return Chart("compare-days", title, fig, ev, "No post-ceasefire events match the current filters.")
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
            x=part["x"], y=part["y"], mode="markers", name=esc(theme.label(theatre)),
            marker=dict(color=color, size=14, symbol=[theme.SYMBOLS[t] for t in part["type"]], line=dict(width=1, color="#222")),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_yaxes(tickvals=[0, 1], ticktext=["Gaza", "Lebanon"], range=[-0.7, 1.7], autorange="reversed")
    fig.update_xaxes(title="Days since the theatre's ceasefire took effect", rangemode="tozero")
    fig.update_layout(legend=dict(TOP_LEGEND))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=_sources_of(ev), as_of=ev["date_end"].max(), height=480)
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


def build(chart_id: str, ctx: Context) -> Chart:
    return CHARTS[chart_id](ctx)


def modebar_config(chart: Chart, as_of: str, fmt: str = "png") -> dict:
    """Plotly config: camera button exports at 2x with a meaningful file name; SVG when asked."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": fmt, "filename": f"ceasefire-monitor_{chart.id}_{as_of}",
                                 "width": EXPORT_WIDTH, "height": EXPORT_HEIGHT, "scale": 2 if fmt == "png" else 1},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
