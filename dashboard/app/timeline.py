"""Timeline: every event on a Plotly timeline, with filters mirrored in the URL, plus companion charts."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import reference_dates
from dashboard.conventions.datefmt import format_span
from dashboard.frames.filters import AXES, LANES, SPANS, Filters
from dashboard.codebook.events import EventType
from dashboard.codebook.common import Status, Theatre
from dashboard.conventions.theme import claimant_label, label
from dashboard.app import state, ui


def filter_sidebar(b: state.Bundle, chart_options: bool = True) -> Filters:
    """Sidebar filters seeded from the URL. With `chart_options`, the caller shows the timeline's own
    lanes/axis switches (in a fragment) and writes the URL itself."""
    f = state.current_filters()
    fr = b.frames
    lo, hi = b.source.event_span()
    # A period from the URL is kept as asked, even outside the data's span (it then shows "no records in this
    # period"): the widget's bounds widen to hold it, instead of the dates being clamped and the URL rewritten.
    asked = (f.start or lo, max(f.end or hi, f.start or lo))
    lo_w, hi_w = min(lo, asked[0]), max(hi, asked[1])
    seed = {
        "f-range": asked,
        "f-theatre": list(f.theatres), "f-type": list(f.types), "f-actor": list(f.actors), "f-claimant": list(f.claimants),
        "f-source": list(f.sources), "f-status": list(f.statuses), "f-lanes": f.lanes, "f-axis": f.axis,
        "f-span": f.span,
    }
    for k, v in seed.items():
        st.session_state.setdefault(k, v)
    actor_names = dict(zip(fr.actors["id"], fr.actors["name"]))
    source_names = dict(zip(fr.sources["id"], fr.sources["title"]))
    with st.sidebar:
        st.header("Filters")
        rng = st.date_input("Date range", min_value=lo_w, max_value=hi_w, key="f-range")
        gaza = reference_dates(fr.phases).get("gaza")
        if gaza is not None and lo <= gaza[0].date() <= hi:
            # no help tooltip: the label says what it does, and a tooltip stayed on screen after the click (the
            # pointer, or on a phone the tap's focus, is still on the button when the range changes)
            st.button(f"Since the {format_span(gaza[0], gaza[0], 'day')} ceasefire", key="f-since-ceasefire", on_click=_since,
                      args=(gaza[0].date(), hi))
        theatres = st.multiselect("Theatre", [t.value for t in Theatre], format_func=label, key="f-theatre")
        types = st.multiselect("Event type", [t.value for t in EventType], format_func=label, key="f-type")
        actors = st.multiselect("Event actor", sorted(actor_names, key=actor_names.get),
                                format_func=lambda a: actor_names.get(a, a), key="f-actor",
                                help="Events in which this actor took part, as initiator or target. Figures ignore it.")
        claimant_ids, key_names = _claimant_ids(fr, actor_names)
        claimant_names = {c: claimant_label(c, key_names.get(c) or actor_names.get(c)) for c in claimant_ids | set(f.claimants)}
        claimants = st.multiselect("Claimant (figures)", sorted(claimant_names, key=claimant_names.get),
                                   format_func=lambda c: claimant_names.get(c, c), key="f-claimant",
                                   help="Figures reported by this claimant. Events ignore it.")
        sources = st.multiselect("Source article", list(source_names), format_func=lambda s: source_names.get(s, s),
                                 key="f-source")
        statuses = st.multiselect("Status", [s.value for s in Status], format_func=label, key="f-status")
    start, end = (rng if isinstance(rng, (tuple, list)) and len(rng) == 2 else (lo, hi))
    # the data's own first and last day mean "no bound", unless the URL asked for exactly that day
    new = Filters(start=None if start == lo and f.start != start else start,
                  end=None if end == hi and f.end != end else end, theatres=tuple(theatres),
                  types=tuple(types), actors=tuple(actors), claimants=tuple(claimants), sources=tuple(sources),
                  statuses=tuple(statuses),
                  lanes=f.lanes, axis=f.axis, span=f.span)
    if not chart_options:
        state.write_filters(new)
    return new


def _claimant_ids(fr, actor_names: dict) -> tuple[set, dict]:
    """(the claimants of at least one figure: actor ids, 'author' for every article's author, and each author's
    own key; every actor when the figures stay on disk (large datasets), the names of the authors' keys)."""
    try:
        fg = fr.figures
        keys = dict(zip(fg["claimant_key"], fg["claimant"]))
        return set(fg["claimant_id"].dropna()) | set(keys), {k: v for k, v in keys.items() if k not in actor_names}
    except (LookupError, AttributeError):
        return set(actor_names), {}


def _since(start, end) -> None:
    """The 'since the ceasefire' preset: runs before the rerun, so the date widget shows the new range."""
    st.session_state["f-range"] = (start, end)


@st.fragment
def timeline_block(f: Filters, as_of: str, total: int) -> None:
    """Period, lanes and axis only change the timeline, so they rerun this fragment, not the whole page."""
    c0, c1, c2 = st.columns(3)
    span = c0.radio("Period", SPANS, key="f-span", horizontal=True,
                    format_func=lambda v: "Since the latest ceasefire" if v == "focus" else "Whole record",
                    help="The latest ceasefire in view to the latest report, with the whole record as a strip above "
                         "it; or every event at once. A date range in the sidebar sets the period instead.")
    lanes = c1.radio("Lanes", LANES, format_func=lambda v: "By theatre" if v == "theatre" else "By event class",
                     key="f-lanes", horizontal=True)
    axis = c2.radio("Time axis", AXES, format_func=lambda v: "Calendar dates" if v == "calendar" else "Days since ceasefire",
                    key="f-axis", horizontal=True)
    f = f.with_(lanes=lanes, axis=axis, span=span)
    state.write_filters(f)
    tl = state.chart("timeline", f)
    if len(tl.data) == 0 and (f.start or f.end):
        period = format_span(f.start or f.end, f.end or f.start, "day") if f.start and f.end else (
            f"from {format_span(f.start, f.start, 'day')}" if f.start else f"until {format_span(f.end, f.end, 'day')}")
        st.info(f"No records in this period ({ui.md(period)}). Widen the date range in the sidebar or clear the filters.")
    ui.show_chart(tl, "tl-main", as_of)
    if f.active or len(tl.data) < total:
        st.caption(f"Showing {len(tl.data)} of {total} events" + (f" · filters: {ui.md(f.describe())}" if f.active else ""))


def render() -> None:
    b = state.bundle()
    f = filter_sidebar(b)
    as_of = b.dataset.as_of.isoformat()
    st.title("Timeline")
    st.caption("Click a mark to open its detail view. Filters live in the address bar: copy it to share this exact view.")
    timeline_block(f, as_of, b.source.count("events"))
    for cid in ("deaths", "hostages", "control", "releases"):
        ui.show_chart(state.chart(cid, f), f"tl-{cid}", as_of)
