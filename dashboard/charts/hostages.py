"""Deceased hostages' bodies, as counted in each report: still held in Gaza and returned or handed over, read
together (one panel each, sharing the date axis), one point per report and claimant.

The two measures are never one series (28 held, 21 returned and 7 remaining are three counts, and a count of
bodies returned is not a count of bodies still held), so each has its panel; a claimant keeps its colour and shape
in both. No line joins the points: the count between two reports is unknown (the article says the hand-overs
were spread over weeks), and two claimants' counts are never one series. Each point is labelled with its
value and its claimant. A report dated only to a week is a bar across that week in the claimant's colour
(its mark sits in the middle of the bar, which the key says). Shape and colour = claimant, from the
registry; a derived count (computed by us) is an open mark labelled "derived" (base.mark_fill).
"""

from __future__ import annotations

import textwrap

import pandas as pd

from dashboard.conventions import theme
from dashboard.charts.base import (Chart, Context, DERIVED_KEY, basis_text, derived_tag, esc, is_derived, mark_fill, records,
                   sources_of, value_label, wrap)
from dashboard.charts import layout
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.figures import figure_rows, number_table, period_text, with_cap
from dashboard.charts.panels import claimant_legend_trace
from dashboard.charts.spec import FigureSpec, trace

SPAN_KEY = "Bar: dated only to a week"
PLOT_PX_H = 300  # the plot's height
CHAR_PX, LINE_PX, MARK_PX = 6.6, 14, 9  # label size estimates at 11.5 px type, and the mark's half height
NARROW_CHARS = 14  # a crowded label's claimant lines
CROWD_PX = 180  # a neighbour this close on the right takes the right-hand room
# room kept between two labels side by side: the estimates above are of average characters, and the drawn plot is
# narrower than the layout's width by its margins (two labels 2 px apart by estimate overlapped by 76 px in Chromium)
PAD_PX = 24
BAR_PX = 10  # a week bar's thickness (shared by bars of one value whose weeks overlap)
DERIVED_SPAN_KEY = "Hatched bar, open mark: derived by us"  # base.DERIVED_KEY and DERIVED_BAR_KEY in one entry


def _narrow(text: str, chars: int = NARROW_CHARS) -> str:
    """A label with its claimant lines re-wrapped narrower (the bold value line kept): 'unnamed Israeli<br>officials'."""
    head, _, rest = text.partition("<br>")
    words = rest.replace("<br>", " ")
    return head + ("<br>" + "<br>".join(textwrap.wrap(words, chars, break_long_words=False)) if words else "")


def _fit(xs_px: list[float], ys_px: list[float], labels: list[str], width_px: float) -> tuple[list[str], list[str]]:
    """A text position and text per point (in x order) so that no two labels overlap, none leaves the plot at the
    sides and none runs below the axis (into the date labels): above, below or beside the mark, as written, with
    its claimant wrapped narrower, or the count alone; the first that fits wins."""
    placed, out, texts = [], [], []
    for k, (x, y, label) in enumerate(zip(xs_px, ys_px, labels)):
        choice = None
        # a neighbour close on the right at about the same height: this label goes left first, leaving it the right
        crowded = any(0 < xs_px[j] - x < CROWD_PX and abs(ys_px[j] - y) < 2 * LINE_PX for j in range(k + 1, len(xs_px)))
        # last, the count alone (a phone, two reports a few days apart): the claimant is its shape in the key
        texts_tried = list(dict.fromkeys([label, _narrow(label), label.split("<br>")[0]]))
        # a crowded label tries the left, as written and then narrower, before any other side: taking the centre
        # as written left its neighbour no room at all
        passes = [(t, ("left",)) for t in texts_tried[:2]] if crowded else []
        passes += [(t, ("center", "left", "right")) for t in texts_tried]
        for text, horizontals in passes:
            lines = text.split("<br>")
            w = max(len(l.replace("<b>", "").replace("</b>", "")) for l in lines) * CHAR_PX
            h = len(lines) * LINE_PX
            sides = [(horiz, x0) for horiz, x0 in (("center", x - w / 2), ("left", x - w), ("right", x))
                     if horiz in horizontals]
            spots = [(f"{vert} {horiz}", x0, y0) for vert, y0 in (("top", y + MARK_PX), ("bottom", y - MARK_PX - h))
                     for horiz, x0 in sides]
            spots += [("middle right", x + MARK_PX, y - h / 2)] if "right" in horizontals else []
            spots += [("middle left", x - MARK_PX - w, y - h / 2)] if "left" in horizontals else []
            for pos, x0, y0 in spots:
                if x0 < -8 or x0 + w > width_px + 8 or y0 < 0:
                    continue
                box = (x0, x0 + w, y0, y0 + h)
                if all(box[1] + PAD_PX <= a or b + PAD_PX <= box[0] or box[3] <= c or d <= box[2] for a, b, c, d in placed):
                    choice = (pos, box, text)
                    break
            if choice:
                break
        if choice is None:  # nothing fits: above, centred (a phone with many reports; hover still has it all)
            lines = label.split("<br>")
            w = max(len(l.replace("<b>", "").replace("</b>", "")) for l in lines) * CHAR_PX
            choice = ("top center", (x - w / 2, x + w / 2, y + MARK_PX, y + MARK_PX + len(lines) * LINE_PX), label)
        out.append(choice[0])
        placed.append(choice[1])
        texts.append(choice[2])
    return out, texts


def _bar_offsets(spans: pd.DataFrame) -> dict:
    """Per week bar (row index): (offset, thickness) in pixels. Bars of one value whose weeks overlap (19-23 and
    23-29 Nov, both 3) would be drawn over each other: they share the bar's thickness instead, one above the
    other, each still through its own mark (the marks stay at their exact value)."""
    out, groups = {}, []
    for i, r in spans.sort_values(["as_of_start", "id"]).iterrows():
        g = next((g for g in groups if g["y"] == r["y"] and r["as_of_start"] <= g["end"]), None)
        if g is None:
            groups.append(dict(y=r["y"], end=r["as_of_end"], rows=[i]))
        else:
            g["rows"].append(i)
            g["end"] = max(g["end"], r["as_of_end"])
    for g in groups:
        n = len(g["rows"])
        t = BAR_PX / n if n > 1 else BAR_PX
        for k, i in enumerate(g["rows"]):
            out[i] = ((k - (n - 1) / 2) * t, max(t - 1, 3))
    return out


# (panel title, metrics): the panels drawn, top to bottom, when the filtered figures hold any of their metrics
PANELS = [("Still held in Gaza", ("hostage_bodies_held", "hostage_bodies_remaining")),
          ("Returned or handed over", ("hostage_bodies_returned",))]
METRICS = [m for _, ms in PANELS for m in ms]
PANEL_GAP_PX = 40  # between two panels: the lower panel's title and the upper panel's labels


def _points(fig: FigureSpec, part: pd.DataFrame, row: int, width: float, plot_px: float, x0, x1) -> int:
    """One panel's points (a bar for a week-dated report) and their labels; returns the y axis' top tick."""
    xa, ya = ("x", "y") if row == 1 else (f"x{row}", f"y{row}")
    top = part["y"].max()
    # room above the highest point for its label (in pixels of this panel); a count axis starts at 0 and shows it,
    # with a few pixels below so a mark at 0 is whole
    need = max(t.count("<br>") + 1 for t in part["_text"]) * LINE_PX + MARK_PX + 6
    r = min(need / plot_px, 0.6)
    y1 = max(top * 1.45, top * (1 + 0.3 * r) / (1 - r)) + 1
    y0 = -y1 * 12 / plot_px
    pos, texts = _fit([(x - x0) / (x1 - x0) * width for x in part["x"]],
                      [(y - y0) / (y1 - y0) * plot_px for y in part["y"]], list(part["_text"]), width)
    part = part.assign(_pos=pos, _text=texts)
    spans = part[part["as_of_start"] != part["as_of_end"]]
    unit = (y1 - y0) / plot_px  # one pixel in counts
    offsets = _bar_offsets(spans)
    for i, r in spans.iterrows():  # a trace per bar: few reports, and each bar has its own offset and thickness
        off, thick = offsets[i]
        color = theme.actor_color(r["claimant_id"])
        xs, ys = [r["as_of_start"], r["as_of_end"] + pd.Timedelta(hours=23)], [r["y"] + off * unit] * 2
        if is_derived(r):  # hatched, in the claimant's colour over white: the bar form of the open mark
            fig.add_trace(trace("bar", base=[xs[0]], x=[(xs[1] - xs[0]).total_seconds() * 1000], y=[ys[0]],
                                orientation="h", width=thick * unit, xaxis=xa, yaxis=ya, showlegend=False,
                                hoverinfo="skip", marker=dict(color="white", line=dict(color=color, width=1),
                                pattern=dict(shape="/", fgcolor=color, fillmode="overlay", solidity=0.5))))
        else:
            fig.add_trace(trace("scatter", x=xs, y=ys, xaxis=xa, yaxis=ya, mode="lines", opacity=0.35, showlegend=False,
                                line=dict(color=color, width=thick), hoverinfo="skip"))
    for cid, pts in part.groupby("claimant_id", sort=False):
        color = theme.actor_color(cid)
        rows = records(pts)
        hover = [f"<b>{esc(r['label'])} {esc(r['unit'])}</b><br>{wrap(r['subject'], 60)}<br>As of: {esc(r['when'])}"
                 f"<br>{esc(basis_text(r))}<br>Source: {esc(r['source'])}" for r in rows]
        fig.add_trace(trace("scatter",
            x=pts["x"], y=pts["y"], xaxis=xa, yaxis=ya, mode="markers+text", name=esc(pts["claimant_label"].iloc[0]),
            legendgroup=cid, showlegend=False, cliponaxis=False,
            marker=dict(color=mark_fill(color, rows), size=14, symbol=theme.claimant_symbol(cid),
                        line=dict(width=2, color=color)),
            text=list(pts["_text"]), textposition=list(pts["_pos"]), textfont=dict(size=11.5),
            customdata=pts[["id", "permalink"]].to_numpy(), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top * 1.45 / s <= (6 if plot_px >= 250 else 3))
    # a count axis shows its 0 (12 px above the axis line, clear of the first date label in the corner)
    fig.update_yaxes(row=row, title=None, range=[y0, y1], tickvals=list(range(0, int(y1), step)), zeroline=False)
    return len(spans)


def hostage_remains(ctx: Context) -> Chart:
    title = "Deceased hostages' bodies: still held in Gaza and returned, per report"
    fg = figure_rows(ctx, METRICS)
    period = period_text(ctx, fg)
    subtitle = (f"Bodies of hostages as counted in each report{' (' + period + ')' if period else ''}; "
                "one point per report and claimant, no line: the count between reports is not known")
    if fg.empty:
        return empty_chart("hostages", ctx, title, subtitle, number_table(fg), "No hostage figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "as_of_end", "id"])
    fg["label"] = [value_label(r) + derived_tag(r) for r in records(fg)]
    fg["y"] = fg["value"].fillna(fg["low"])
    fg["x"] = fg["as_of_start"] + (fg["as_of_end"] - fg["as_of_start"]) / 2
    x_span = max(fg["as_of_end"].max() - fg["as_of_start"].min(), pd.Timedelta(days=7))
    pad = max(x_span * 0.12, pd.Timedelta(days=4))
    x0, x1 = fg["as_of_start"].min() - pad, fg["as_of_end"].max() + pad
    width = layout.plot_px() - 20  # the drawing width this layout is for
    who = [theme.in_sentence(r["claimant_label"]) if not is_derived(r) else "derived by us, not reported" for r in records(fg)]
    fg["_text"] = [f"<b>{esc(lab)}</b><br>{wrap(w, max(12, layout.chars(12)))}" for lab, w in zip(fg["label"], who)]
    panels = [(name, fg[fg["metric"].isin(ms)]) for name, ms in PANELS]
    panels = [(name, part) for name, part in panels if len(part)]
    n = len(panels)
    panel_px = PLOT_PX_H if n == 1 else PLOT_PX_H * 0.5  # two panels take 1.2 times one: a 1280x720 slide still fits
    plot_px = panel_px * n + PANEL_GAP_PX * (n - 1)
    fig = FigureSpec.subplots(n, vertical_spacing=PANEL_GAP_PX / plot_px if n > 1 else 0.0, shared_xaxes=True)
    # on a slide the panels may close up a little (the gap then still holds the lower panel's heading): at the
    # full gap they could not shrink at all, and a legend on two shelves (three claimants, each article's
    # author one of them, on a 1200 px slide) pushed the figure past the slide
    fig.panel_gap_min_px = PANEL_GAP_PX * 0.85
    with theme.chart_claimants(fg["claimant_id"], ctx.claimants()):  # each claimant (each article's author) its own shape, marks and key alike
        spans = sum(_points(fig, part, i + 1, width, panel_px, x0, x1) for i, (_, part) in enumerate(panels))
        if n > 1:  # each panel says which count it shows; with one panel the title says it
            fig.add_annotations([dict(text=f"<b>{esc(name)}</b>", xref="paper", x=0, xanchor="left", yanchor="bottom",
                                      yref=f"y{'' if i == 0 else i + 1} domain", y=1.0, showarrow=False, font=dict(size=12))
                                 for i, (name, _) in enumerate(panels)])
        claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
        fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    keys = []
    if spans:
        keys.append(SPAN_KEY)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", name=SPAN_KEY, legend="legend2",
                            line=dict(color="#888", width=8)))
    derived = fg["derived"].astype(bool)
    if derived.any():
        spanned = bool((fg.loc[derived, "as_of_start"] != fg.loc[derived, "as_of_end"]).any())
        name = DERIVED_SPAN_KEY if spanned else DERIVED_KEY
        keys.append(name)
        if spanned:  # the swatch is the hatched bar the week is drawn as (its open mark is the claimant's shape)
            fig.add_trace(trace("bar", x=[None], y=[None], name=name, legend="legend2",
                                marker=dict(color="white", line=dict(color="#777", width=1.5),
                                            pattern=dict(shape="/", fgcolor="#777", fillmode="overlay", solidity=0.4))))
        else:
            fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=name, legend="legend2",
                                marker=dict(symbol="circle", size=12, color="white", line=dict(color="#777", width=2))))
    fig.update_xaxes(range=[x0, x1], type="date")  # a derived week is a bar trace: the axis stays dates
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          plot_px=plot_px, left=36, note=with_cap(fg, "Counts as each report gives them; a report is a point, not a trend."),
          legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])

    def said(r) -> str:
        return f"{r['label']} ({r['when']}, {'derived by us' if is_derived(r) else 'per ' + theme.in_sentence(r['claimant_label'])})"

    summary = "; ".join(f"{name}: " + ", ".join(said(r) for r in records(part)) for name, part in panels)
    return Chart("hostages", title, fig, number_table(fg), f"Hostages' bodies, per report. {summary}.", list(fg["permalink"]))
