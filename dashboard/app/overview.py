"""Overview: the state of the October 2025 ceasefire as the articles report it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.conventions import theme
from dashboard.charts import QUALIFIER_TEXT, reference_dates, value_label
from dashboard.charts.base import basis_text, is_derived
from dashboard.conventions.datefmt import days_between, format_days, format_row, format_span
from dashboard.frames.filters import Filters
from dashboard.app import briefing, state, ui


def _figure_tile(col, title: str, fig, caption: str, delta: str | None = None) -> None:
    """A headline number with its claimant and a link to the sentence that reported it.
    A long qualified value ("at least 20–21") keeps its wording in the caption so the tile never truncates.
    A derived number says so (charts.base.basis_text, as on every chart). The delta is a plain signed text
    with no arrow: an arrow beside "-25" printed the sign twice ("↓ -25")."""
    text = value_label(fig)
    short = text if len(text) <= 8 else text.removeprefix(QUALIFIER_TEXT.get(fig["qualifier"], ""))
    col.metric(title, short + (" (derived)" if is_derived(fig) else ""), delta=delta, delta_color="off",
               delta_arrow="off")
    col.caption((f"Reported as “{ui.md(text)}”. " if short != text else "")
                + (f"{ui.md(basis_text(fig))}. " if is_derived(fig) else "") + caption)
    with col:
        ui.link("figure", fig["id"], "Figure and its source", icon=":material/format_quote:")


def series_delta(last, first) -> str | None:
    """'-25 since 10 Oct 2025, same claimant': the change within ONE claimant's series, or None when `first`
    is another claimant's (another claim, not a step), the same report, or either value is a range."""
    # claimant KEY: two articles' authors are two claimants, their counts two claims (theme.claimant_key)
    if first is None or first["id"] == last["id"] or first["claimant_key"] != last["claimant_key"]:
        return None
    if pd.isna(first["value"]) or pd.isna(last["value"]):
        return None
    return f"{last['value'] - first['value']:+.0f} since {format_row(first, 'as_of')}, same claimant"


def _claimant(fig) -> str:
    return theme.claimant_label(fig["claimant_key"], fig["claimant"])


def render() -> None:
    b = state.bundle()
    fr = b.frames
    as_of = b.dataset.as_of.isoformat()
    st.title("Ceasefire Monitor")
    st.caption(f"Events and figures hand-coded from {ui.count_words(len(fr.sources), 'news article')} on the 2025 Gaza "
               "ceasefire. Every number links to the sentence that reported it.")

    # the latest source by the footer's rule (charts.base.latest_source_window): latest possible day, then latest start
    latest = fr.sources.sort_values(["published_end", "published_start"]).iloc[-1]
    refs = reference_dates(fr.phases)
    gaza_start = refs["gaza"][0] if "gaza" in refs else None
    cols = st.columns(4)
    if gaza_start is not None:
        # a range when either end is: a report dated only to 23-29 Nov is 44-50 days after 10 Oct
        days = format_days(days_between(*refs["gaza"], latest["published_start"], latest["published_end"]))
        published = format_row(latest, "published")
        cols[0].metric("Days since Gaza ceasefire", days.removesuffix(" days").removesuffix(" day"),
                       help=f"From the ceasefire ({format_span(*refs['gaza'], 'day')}) to the latest source's "
                            f"publication window ({published}); a range when that window is longer than a day")
        cols[0].caption(f"As of the latest source, published {published}")
    held_m = {"metric": ("hostage_bodies_held", "hostage_bodies_remaining")}
    newest = dict(order=["as_of_end", "as_of_start"], descending=True)
    held = b.source.rows("figures", where=held_m, **newest, limit=1)
    if len(held):
        last = held.iloc[0]
        # a change only within ONE claimant's series: another claimant's count is another claim, not a step
        own = b.source.rows("figures", where={**held_m, "claimant_key": last["claimant_key"]}, order=["as_of_start", "as_of_end"], limit=1)
        _figure_tile(cols[1], "Hostage bodies held in Gaza", last,
                     f"Per {ui.md(theme.in_sentence(_claimant(last)))}, as of {format_row(last, 'as_of')}",
                     delta=series_delta(last, own.iloc[0] if len(own) else None))
    if b.source.scale:  # a large dataset: only the rows the tiles read
        figures = pd.concat([b.source.rows("figures", where={"metric": "territory_share"}, **newest, limit=50),
                             b.source.rows("figures", where={"metric": "killed", "theatre": "gaza"}, **newest, limit=1)])
        figures = figures.sort_values("as_of_start", kind="stable")
    else:
        figures = fr.figures.sort_values("as_of_start")
    share = figures[(figures["metric"] == "territory_share") & ~figures["derived"]]
    if len(share):
        s = share.iloc[-1]
        _figure_tile(cols[2], "Gaza under Hamas control", s,
                     f"Reported by {ui.md(theme.in_sentence(_claimant(s)))}, as of {format_row(s, 'as_of')}")
    killed = figures[(figures["metric"] == "killed") & (figures["theatre"] == "gaza")]
    if gaza_start is not None:
        killed = killed[killed["as_of_start"] >= gaza_start]
    if len(killed):
        k = killed.iloc[-1]
        _figure_tile(cols[3], "Latest Gaza incident toll", k, f"Per {ui.md(theme.in_sentence(_claimant(k)))}, {format_row(k, 'as_of')}")

    ui.show_chart(state.chart("hostages", Filters()), "ov-hostages", as_of)
    ui.show_chart(state.chart("control", Filters()), "ov-control", as_of)
    since_ceasefire = Filters(start=gaza_start.date() if gaza_start is not None else None, theatres=("gaza",))
    ui.show_chart(state.chart("deaths", since_ceasefire), "ov-deaths", as_of)

    st.subheader("Latest developments")
    # newest start first: sorting on the window's end put year-precision events ("2025" ends 31 Dec) on top
    ev = b.source.rows("events", order=["date_start", "date_end"], descending=True, limit=10)
    for _, r in ev.iterrows():
        c1, c2 = st.columns([1, 5])
        c1.write(format_row(r, "date"))  # never shows a month or a year as a day
        with c2:
            st.markdown(f"**{ui.md(r['notes'])}**  \n{ui.md(r['theatre'].replace('_', ' ').title())} · "
                        f"{ui.md(r['status'])} · {ui.md(r['source'])}")
            ui.link("event", r["id"], "Event page — details and quote", icon=":material/arrow_forward:")
    briefing.pack_download()
