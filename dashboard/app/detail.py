"""Detail views reached by permalink (`event?id=…`, `figure?id=…`, …): every field, quotes in context."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import source_label
from dashboard.charts.base import value_text  # the one value+unit text: "1 month", "47%", "1 person"
from dashboard.frames import claims
from dashboard.frames.claims import competing, measure_metrics, rival_claims
from dashboard.conventions.datefmt import format_row, format_span
from dashboard.frames.tables import parse_possibly_same
from dashboard.conventions.theme import in_sentence, label
from dashboard.views.search_results import shorten  # titles cut at a word, never mid-word
from dashboard.app import state, ui
from dashboard.app import detail_compliance  # the provisions an event or figure bears on
from dashboard.app.record import _fields, _record


def citations_block(kind: str, rid: str) -> None:
    b = state.bundle()
    fr = b.frames
    cites = b.source.rows("citations", where={"record_kind": kind, "record_id": rid})
    st.subheader("Quoted source" + ("s" if len(cites) > 1 else ""))
    if cites.empty:
        st.caption("No direct citation: this value is derived from other figures (see below).")
    for _, c in cites.iterrows():
        text = b.dataset.texts[c["source_id"]]
        start, end = int(c["start"]), int(c["end"])
        src = fr.sources.set_index("id").loc[c["source_id"]]
        with st.container(border=True):
            st.markdown(ui.quote_in_paragraph(text, start, end))
            st.caption(f"{ui.md(source_label(src))} · {ui.md(c['passage'].replace('_', ' '))} · characters {start}–{end}")
            st.page_link(state.PAGES["sources"], label="Read it in the article", icon=":material/menu_book:",
                         query_params={"id": c["source_id"], "at": str(start)})
    detail_compliance.provisions_for(kind, rid)  # events and figures link back to the provisions they bear on


def _figures_table(fg: pd.DataFrame, title: str) -> None:
    if fg.empty:
        return
    st.subheader(title)
    for _, r in fg.iterrows():
        c1, c2 = st.columns([2, 5])
        c1.markdown(f"**{ui.md(value_text(r))}**")
        with c2:
            st.markdown(f"{ui.md(r['subject'])}  \n*Claimed by {ui.md(in_sentence(r['claimant']))} · as of {ui.md(_figure_when(r))}*")
            ui.link("figure", r["id"], "Figure page — details and sources", icon=":material/arrow_forward:")


def _event_when(e) -> str:
    """An event's effective window at its precision (the one the charts draw), with its time of day if stated."""
    return format_row(e, "date")


def _figure_when(f) -> str:
    return format_row(f, "as_of")


def _window_caption(note) -> None:
    """Why the window drawn is narrower than the date as coded (a bound the sources set)."""
    if isinstance(note, str) and note:
        st.caption(f"Window {ui.md(note)}.")


def claims_table(incident) -> None:
    """Every figure of one incident (an episode) side by side: claimant, number, qualifier, quote, and its
    own subject. Only figures that count the same quantity (claims.competing) are marked as competing
    claims; the others are different counts of the same episode. Not reconciled."""
    if not isinstance(incident, str) or not incident:
        return
    src = state.bundle().source  # in memory or DuckDB at scale: the same query either way
    named = src.rows("events", where={"id": incident})
    claims = src.rows("figures", where={"incident": incident}, limit=200)
    title = named.iloc[0]["notes"] if len(named) else incident
    st.subheader("Figures reported for this incident")
    st.caption(f"Incident: {ui.md(title)}" + (f" · {ui.md(_event_when(named.iloc[0]))}" if len(named) else "")
               + " · each figure keeps its own subject; only those marked *competing claim* count the same thing "
                 "(same event, measure and unit, another claimant); they are shown side by side, never averaged")
    if len(claims):
        rival = competing(claims)
        # one row per claim, in columns that wrap (a table would hide the quotes beyond its width)
        head = st.columns([2, 2, 5])
        for col, name in zip(head, ("Claimant", "Number (qualifier)", "Quote")):
            col.markdown(f"**{name}**")
        for i, r in claims.iterrows():
            c1, c2, c3 = st.columns([2, 2, 5])
            c1.markdown(f"{ui.md(r['claimant'])}  \n*as of {ui.md(_figure_when(r))}*")
            c2.markdown(f"**{ui.md(value_text(r))}**"
                        + f"  \n*{ui.md(r['qualifier'].replace('_', ' '))}*" + ("  \n**competing claim**" if rival[i] else ""))
            c3.markdown(f"“{ui.md(r['quote']) if isinstance(r['quote'], str) else '(derived)'}”  \n"
                        f"*{ui.md(r['subject'])}*")
    reports = src.rows("events", where={"incident": incident}, limit=200)
    if len(reports) > 1:
        st.markdown("**Events reported for this incident**")
        for _, r in reports.iterrows():
            ui.link("event", r["id"], shorten(f"{_event_when(r)} · {r['notes']}", 140))


def event_page() -> None:
    b = state.bundle()
    fr = b.frames
    rid, e = _record(b.source.rows("events", where={"id": state.query_id() or ""}), "event", "Event")
    if e is None:
        return
    st.markdown(f"### {ui.md(e['notes'])}")
    st.caption(f"{ui.md(label(e['theatre']))} · {ui.md(label(e['type']))} · {ui.md(e['status'])} · {ui.md(_event_when(e))} "
               f"({ui.md(e['date_precision'])} precision)")
    _window_caption(e["window_note"])
    citations_block("event", rid)
    claims_table(e["incident"])
    actors = dict(zip(fr.actors["id"], fr.actors["name"]))
    _fields([
        ("id", e["id"]), ("date (ISO, to its precision)", e["date"]), ("ACLED event_date (first day of the window)", e["event_date"]), ("date precision", e["date_precision"]),
        ("ACLED time_precision", e["time_precision"]), ("date as written", e["date_text"]),
        ("rule that resolved it", e["date_rule"]), ("date note", e["date_note"]), ("until", e["until"]),
        ("effective window (drawn, filtered, exported)", _event_when(e)), ("why the window is narrower", e["window_note"]),
        ("time of day (local, as stated)", e.get("date_time")), ("incident", e["incident"]),
        ("status", e["status"]), ("theatre", e["theatre"]), ("location", e["location"]),
        ("event type", e["type"]), ("ACLED event_type / sub_event_type", f"{e['event_type']} / {e['sub_event_type']}"),
        ("actors (first = initiator)", "; ".join(actors.get(a, a) for a in e["actor_ids"])),
        ("phase", e["phase"]), ("fatalities", e["fatalities"]), ("source", e["source"]), ("permalink", e["permalink"]),
    ])
    _figures_table(b.source.rows("figures", where={"event": rid}), "Figures reported for this event (each with its claimant)")
    possibly_same_block(e.get("possibly_same"))
    # a large dataset: the 500 same-theatre events nearest in time are the candidates (one SQL query)
    related = _related(b.source.rows("events", where={"theatre": e["theatre"]}, near=("date_start", e["date_start"]),
                                     limit=500) if b.source.scale else fr.events, e)
    if len(related):
        st.subheader("Related events")
        for _, r in related.iterrows():
            ui.link("event", r["id"], shorten(f"{_event_when(r)} · {r['notes']}", 140))


def possibly_same_block(cell) -> None:
    """Events the reporting leaves open whether they are this incident: listed, never merged or summed."""
    links = parse_possibly_same(cell)
    if not links:
        return
    b = state.bundle()
    st.subheader("Possibly the same incident (not confirmed)")
    st.caption("The reporting leaves open whether these are one incident; each is kept as its own record.")
    for other, why in links:
        row = b.source.rows("events", where={"id": other})
        title = f"{_event_when(row.iloc[0])} · {row.iloc[0]['notes']}" if len(row) else other
        ui.link("event", other, shorten(title, 140))
        if why:
            st.caption(ui.md(why))


def _related(events: pd.DataFrame, e) -> pd.DataFrame:
    """Same theatre and phase or sharing an actor, nearest in time first."""
    others = events[events["id"] != e["id"]]
    shares_actor = others["actor_ids"].map(lambda ids: bool(set(ids) & set(e["actor_ids"])))
    same = (others["theatre"] == e["theatre"]) & ((others["phase"] == e["phase"]) | shares_actor)
    cand = others[same].copy()
    cand["gap"] = (cand["date_start"] - e["date_start"]).abs()
    return cand.sort_values("gap").head(6)


def figure_page() -> None:
    b = state.bundle()
    rid, f = _record(b.source.rows("figures", where={"id": state.query_id() or ""}), "figure", "Figure")
    if f is None:
        return
    st.markdown(f"### {ui.md(value_text(f))}: {ui.md(f['subject'])}")
    st.caption(f"Claimed by {ui.md(in_sentence(f['claimant']))} · as of {ui.md(_figure_when(f))} ({ui.md(f['as_of_precision'])})"
               + (" · **derived, not reported**" if f["derived"] else ""))
    _window_caption(f["window_note"])
    citations_block("figure", rid)
    claims_table(f["incident"])
    _fields([
        ("id", f["id"]), ("metric", f["metric"]), ("value", f["value"]), ("low", f["low"]), ("high", f["high"]),
        ("qualifier", f["qualifier"]), ("unit", f["unit"]), ("subject", f["subject"]), ("theatre", f["theatre"]),
        ("as of", f["as_of"]), ("as-of precision", f["as_of_precision"]), ("time of day (local, as stated)", f.get("as_of_time")), ("as of, as written", f["as_of_text"]),
        ("effective window (drawn, filtered, exported)", _figure_when(f)), ("why the window is narrower", f["window_note"]),
        ("incident", f["incident"]),
        ("period", f["period"]), ("claimant", f["claimant"]), ("event", f["event"]), ("phase", f["phase"]),
        ("derived", f["derived"]), ("formula", f["derived_formula"]), ("source", f["source"]), ("permalink", f["permalink"]),
    ])
    if isinstance(f["event"], str) and f["event"]:  # a missing event is NaN in the frame, and NaN is truthy
        ui.link("event", f["event"], "The event this figure belongs to", icon=":material/event:")
    # at scale the source returns a bounded slice of the same measure and theatre; the filters below narrow it
    candidates = b.source.rows("figures", where={"metric": measure_metrics(f["metric"]), "theatre": f["theatre"]},
                               limit=2001 if b.source.scale else None)
    _figures_table(same_measure(candidates, f).head(200),
                   "Other claimants' figures for the same count (competing claims, side by side, not reconciled)")
    series = claims.same_measure(candidates, f)
    _figures_table(series.head(200), f"Every other count of the same measure ({len(series)}: any claimant, any date, "
                                     "oldest first)")


def same_measure(figures: pd.DataFrame, f) -> pd.DataFrame:
    """Competing claims about the same quantity as `f`, by the one rule charts use (claims.rival_claims):
    the same event, metric, unit and theatre, another claimant, an overlapping as-of window. Another figure
    of the same incident that counts something else (militants who crossed a line, not the strikes' dead)
    is not one: it is listed with the incident's figures, under its own subject."""
    return rival_claims(figures, f)


def source_page() -> None:
    b = state.bundle()
    fr = b.frames
    rid, s = _record(fr.sources, "source", "Source")
    if s is None:
        return
    st.markdown(f"### {ui.md(s['title'])}")
    st.caption(ui.md(source_label(s)))
    st.page_link(state.PAGES["sources"], label="Read the article with coded passages highlighted",
                 icon=":material/menu_book:", query_params={"id": rid})
    basis = {"stated": "stated in the text", "supplied": "supplied by the coder", "inferred": "inferred from the text"}

    def marked(value, how) -> str | None:
        return f"{value} ({basis.get(how, how)})" if isinstance(value, str) and value else None

    _fields([("id", s["id"]), ("file", s["file"]),
             ("outlet", marked(s["outlet"], s["outlet_basis"]) or "not named by the text or the coder"),
             ("outlet as the text establishes it", s["outlet_in_text"]), ("outlet_evidence", s["outlet_evidence"]),
             ("outlet supplied by the coder", s["outlet_supplied"]), ("kind", s["kind"]), ("byline", s["byline"]),
             ("published", marked(s["published"], s["published_basis"])), ("published_precision", s["published_precision"]),
             ("publication time (local)", s["published_time"]), ("published_rationale", s["published_rationale"]),
             ("url", marked(s["url"], s["url_basis"])), ("supplied by", s["supplied_by"]),
             ("retrieved (supplied by the coder)", s["retrieved"]), ("how the coder knows", s["supplied_note"]),
             ("sha256", s["sha256"]), ("permalink", s["permalink"])]
            + [("publication window (what the evidence allows)", format_row(s, "published"))])
    cites = b.source.rows("citations", where={"source_id": rid})
    st.subheader(f"{cites['record_id'].nunique()} records coded from this source")
    for kind in ("event", "figure", "phase", "comparison"):
        ids = list(dict.fromkeys(cites[cites["record_kind"] == kind]["record_id"]))
        if ids:
            with st.expander(f"{len(ids)} {kind}s"):
                for i in ids:
                    ui.link(kind, i, i)


def phase_page() -> None:
    b = state.bundle()
    fr = b.frames
    rid, p = _record(fr.phases, "phase", "Phase")
    if p is None:
        return
    st.markdown(f"### {ui.md(p['name'])}")
    st.caption(f"{ui.md(p['summary'])}")
    citations_block("phase", rid)
    _fields([(k, p[k]) for k in ("id", "theatre", "start", "start_precision", "end", "open", "permalink")]
            + [("start window", format_span(p["start_start"], p["start_end"], p["start_precision"])),
               ("ends by", format_span(p["end_end"]) if pd.notna(p["end_end"]) else "open")])
    ev = b.source.rows("events", where={"phase": rid}).sort_values("date_start")
    if len(ev):
        st.subheader(f"{len(ev)} events in this phase")
        for _, r in ev.iterrows():
            ui.link("event", r["id"], shorten(f"{_event_when(r)} · {r['notes']}", 140))


def comparison_page() -> None:
    b = state.bundle()
    fr = b.frames
    rid, c = _record(fr.comparisons, "comparison", "Comparison cell")
    if c is None:
        return
    st.markdown(f"### {ui.md(label(c['dimension']))} · {ui.md(label(c['theatre']))}")
    st.markdown(f"{ui.md(c['summary'])}  \n*Per {ui.md(in_sentence(c['claimant']))}*")
    citations_block("comparison", rid)
    st.page_link(state.PAGES["compare"], label="Back to the Gaza vs Lebanon matrix", icon=":material/compare:")
