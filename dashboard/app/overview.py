"""Overview: the state of the October 2025 ceasefire as the articles report it."""

from __future__ import annotations

import streamlit as st

from ..charts import reference_dates, value_label
from ..filters import Filters
from . import state, ui


def render() -> None:
    b = state.bundle()
    fr = b.frames
    as_of = b.dataset.as_of.isoformat()
    st.title("Ceasefire Monitor")
    st.caption("Events and figures hand-coded from five news articles on the 2025 Gaza ceasefire. "
               "Every number links to the sentence that reported it.")

    latest = fr.sources.sort_values("published_start").iloc[-1]
    refs = reference_dates(fr.phases)
    gaza_start = refs["gaza"][0] if "gaza" in refs else None
    cols = st.columns(4)
    if gaza_start is not None:
        days = (latest["published_start"] - gaza_start).days
        cols[0].metric("Days since Gaza ceasefire", f"{days}",
                       help=f"From {gaza_start:%d %b %Y} to the latest source date in the dataset "
                            f"({latest['published_start']:%d %b %Y}, {latest['published_precision']} precision)")
        cols[0].caption(f"As of the latest source, published in the {latest['published_precision']} of "
                        f"{latest['published_start']:%d %b %Y}")
    held = fr.figures[fr.figures["metric"].isin(["hostage_bodies_held", "hostage_bodies_remaining"])].sort_values("as_of_start")
    if len(held):
        last = held.iloc[-1]
        first = held.iloc[0]
        cols[1].metric("Hostage bodies held in Gaza", value_label(last),
                       delta=f"{last['value'] - first['value']:+.0f} since {first['as_of']}", delta_color="off")
        cols[1].caption(f"Per {ui.md(last['claimant'])}, as of {last['as_of']}")
        with cols[1]:
            ui.link("figure", last["id"], "Source sentence", icon=":material/format_quote:")
    share = fr.figures[(fr.figures["metric"] == "territory_share") & ~fr.figures["derived"]]
    if len(share):
        s = share.sort_values("as_of_start").iloc[-1]
        cols[2].metric("Gaza under Hamas control", value_label(s))
        cols[2].caption(f"Reported by {ui.md(s['claimant'])}, as of {s['as_of']} ({s['as_of_precision']})")
        with cols[2]:
            ui.link("figure", s["id"], "Source sentence", icon=":material/format_quote:")
    killed = fr.figures[(fr.figures["metric"] == "killed") & (fr.figures["theatre"] == "gaza")]
    if gaza_start is not None:
        killed = killed[killed["as_of_start"] >= gaza_start]
    if len(killed):
        k = killed.sort_values("as_of_start").iloc[-1]
        cols[3].metric("Latest Gaza incident toll", value_label(k))
        cols[3].caption(f"Per {ui.md(k['claimant'])}, {k['as_of']}")
        with cols[3]:
            ui.link("figure", k["id"], "Source sentence", icon=":material/format_quote:")

    ui.follow_selection(ui.show_chart(state.chart("hostages", Filters()), "ov-hostages", as_of))
    ui.follow_selection(ui.show_chart(state.chart("control", Filters()), "ov-control", as_of))
    ui.follow_selection(ui.show_chart(state.chart("deaths", Filters(start=gaza_start.date() if gaza_start is not None else None,
                                                                    theatres=("gaza",))), "ov-deaths", as_of))

    st.subheader("Latest developments")
    # newest start first: sorting on the window's end put year-precision events ("2025" ends 31 Dec) on top
    ev = fr.events.sort_values(["date_start", "date_end"], ascending=False).head(10)
    for _, r in ev.iterrows():
        c1, c2 = st.columns([1, 5])
        when = {"week": "week of %d %b %Y", "month": "%b %Y", "year": "%Y"}.get(r["date_precision"], "%d %b %Y")
        c1.write(f"{r['date_start']:{when}}")  # never shows a month or a year as a day
        with c2:
            st.markdown(f"**{ui.md(r['notes'])}**  \n{ui.md(r['theatre'].replace('_', ' ').title())} · "
                        f"{ui.md(r['status'])} · {ui.md(r['source'])}")
            ui.link("event", r["id"], "Details and quote", icon=":material/arrow_forward:")
