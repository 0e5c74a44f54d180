"""Coding desk: code a record from an article's sentence, checked live by the real loader, saved round-trip.

Registered by streamlit_app.py only when `desk.desk_status()` allows it (CEASEFIRE_DESK=1, a writable data
directory, not on Community Cloud, served on loopback or on an explicit address with a token);
`desk.save_record` checks the same again before it writes anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import streamlit as st

from dashboard.authoring import candidates as cand
from dashboard.dataset import datafiles
from dashboard.authoring import desk
from dashboard.codebook import forms
from dashboard.dataset.loader import DataError, Dataset, data_dir_from_env, load_dataset
from dashboard.dataset.datafiles import root_for
from dashboard.authoring.yamledit import preview
from dashboard.app import state, ui
from dashboard.app.desk_fields import _fields

CITE = "cite"  # not a record list: a citation from the chosen sentence added to an existing record
def _kind_label(kind: str) -> str:
    """'Event' for events: the codebook model's name, so a record list added to the codebook is labelled too."""
    if kind == CITE:
        return "Cite in an existing record"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", forms.model_of(kind).__name__).capitalize()


@st.cache_resource(max_entries=2, show_spinner="Loading the dataset for the desk…")
def _dataset(data_dir: str, stamp: tuple) -> Dataset | list[str]:
    # the full records (the app's bundle may come from the frames cache, which keeps no events or figures)
    try:
        return load_dataset(Path(data_dir))
    except DataError as exc:
        return [str(p) for p in exc.problems]


@st.cache_data(max_entries=64, show_spinner=False)
def _problems(data_dir: str, target: str, kind: str, record_json: str, stamp: tuple) -> list[str]:
    return desk.check_record(Path(data_dir), Path(target), kind, json.loads(record_json))


@st.cache_data(max_entries=64, show_spinner=False)
def _cite_problems(data_dir: str, target: str, kind: str, record_id: str, citation_json: str, stamp: tuple) -> list[str]:
    return desk.check_citation(Path(data_dir), Path(target), kind, record_id, json.loads(citation_json))


def _paragraphs(text: str, covered: list[tuple[int, int]], todo: list[tuple[int, int]], excluded: list[tuple[int, int]],
                chosen: tuple[int, int] | None):
    """(start, end, markdown) per paragraph: uncovered candidates red, the chosen sentence blue, coded passages
    orange, page furniture grey; every character escaped."""
    layers = [("red", todo), ("blue", [chosen] if chosen else []), ("orange", covered), ("gray", excluded)]
    for start, end in ui.paragraphs(text):
        cuts = {start, end}
        for _, spans in layers:
            for a, b in spans:
                if a < end and b > start:
                    cuts |= {max(a, start), min(b, end)}
        cuts = sorted(cuts)
        out = []
        for a, b in zip(cuts, cuts[1:]):
            colour = next((c for c, spans in layers if any(x <= a and b <= y for x, y in spans)), None)
            piece = ui.md(text[a:b])
            out.append(f":{colour}-background[{piece}]" if colour and piece.strip() else piece)
        yield start, end, "".join(out)


def render() -> None:
    st.title("Coding desk")
    data_dir = data_dir_from_env()
    address = st.get_option("server.address")
    status = desk.desk_status(data_dir, address=address)
    if not status.enabled:  # not registered then; kept as a second lock
        st.info(status.reason)
        return
    token = None
    if status.needs_token:  # served beyond loopback by the operator's explicit choice: every save carries the token
        token = st.text_input("Desk token (the operator's CEASEFIRE_DESK_TOKEN)", type="password", key="desk-token")
        if not desk.token_ok(status, token):
            st.info("This desk is served beyond this machine: enter its token to code records.")
            return
    stamp = datafiles.stamp(data_dir)  # the app's own check: a hand edit reloads the desk's dataset too
    ds = _dataset(str(data_dir), stamp)
    if isinstance(ds, list):
        st.error("The dataset does not validate, so the desk cannot check new records. Fix these first:")
        st.code("\n".join(ds), language=None, wrap_lines=True)
        return
    flash = st.session_state.pop("desk-flash", None)
    if flash:
        st.success(ui.md(flash))
    kinds = forms.DESK_KINDS + [CITE]
    c1, c2 = st.columns([3, 2])
    titles = {x.id: x.title for x in ds.sources}
    sid = c1.selectbox("Source (the newest added first)", desk.newest_first(ds), format_func=lambda i: f"{i}: {titles[i]}",
                       key="desk-source")
    kind = c2.radio("Record", kinds, format_func=lambda k: _kind_label(k), key="desk-kind", horizontal=True)
    target = desk.article_file(ds, sid, data_dir)
    if target is None:
        st.warning(f"No article file for {ui.md(sid)}: run `python -m dashboard add-source` or create data/articles/NNN.yaml.")
        return
    cands = cand.from_dataset(ds, sid)
    text = ds.texts[sid]
    sentences = desk.sentence_index(ds, sid, cands)
    # sentences with uncovered numbers or dates first, then the rest in reading order
    order = sorted(sentences, key=lambda q: (sentences[q]["todo"] == 0, sentences[q]["line"]))
    todo_count = sum(c.status == "uncovered" for c in cands)
    where = desk.list_file(ds, kind, sid, data_dir) if kind != CITE else None
    shown = (lambda p: p.relative_to(root_for(data_dir)) if p.is_relative_to(root_for(data_dir)) else p)
    st.caption((f"All {len(cands)} numbers and date expressions in this article are covered by a citation."
                if cands and not todo_count else
                f"{len(cands)} numbers and date expressions in this article: {todo_count} not yet covered by a citation.")
               + (f" New records of this type are appended to {shown(where)}." if where else ""))
    # one entry per copy of a sentence the article prints twice, each saying which copy (desk.sentence_label)
    pick = st.selectbox(
        "Sentence to code (uncovered first)", order, index=None, key="desk-sentence",
        placeholder="Choose a sentence: it becomes the verbatim quote",
        format_func=lambda k: f"{'○ to code' if sentences[k]['todo'] else '● coded' if sentences[k]['numbers'] else '·'} "
                              f"{desk.sentence_label(sentences[k])}")
    entry = sentences.get(pick) if pick else None
    quote = entry["quote"] if entry else None
    chosen_span = (entry["start"], entry["end"]) if entry else None

    left, right = st.columns([1, 1], gap="large")
    with left:
        _article(ds, sid, cands, chosen_span)
    ctx = {
        "ids": {k: [r.id for r in getattr(ds, k)] for k in forms.DataFile.model_fields if hasattr(ds, k)},
        "names": {"actors": {a.id: a.name for a in ds.actors}},
        "defaults": {"source": sid, "quote": quote or "", "occurrence": entry["occurrence"] if entry else 1},
        "resolutions": entry["resolutions"] if entry else [],
        "sentences": {k: sentences[k] for k in sorted(sentences, key=lambda k: sentences[k]["start"])},
    }
    with right:
        if kind == CITE:
            _cite_form(ds, data_dir, sid, quote, ctx, stamp, address, token)
        else:
            _record_form(ds, data_dir, kind, where, sid, quote, ctx, stamp, address, token)


def _article(ds: Dataset, sid: str, cands: list, chosen_span: tuple[int, int] | None) -> None:
    text = ds.texts[sid]
    excluded = [(x.start, x.end) for x in ds.by_id("sources")[sid].excluded if x.start is not None]
    st.subheader("Article")
    st.caption("Red: a number or date not yet covered. Orange: already coded. Blue: the chosen sentence. Grey: excluded.")
    covered = [(c.start, c.end) for k in ("events", "figures", "phases", "comparisons") for r in getattr(ds, k)
               for c in r.citations if c.source == sid and c.start is not None]
    todo = [(c.start, c.end) for c in cands if c.status == "uncovered"]
    paragraphs = list(_paragraphs(text, covered, todo, excluded, chosen_span))
    around = next((m for s, e, m in paragraphs if chosen_span and s <= chosen_span[0] <= e), None)
    if around is not None:
        with st.container(border=True):
            st.caption("The chosen sentence in its paragraph")
            st.markdown(around)
    with st.container(height=640):
        for _, _, markdown in paragraphs:
            st.markdown(markdown)


def _propose_sentence(prefix: str, quote: str | None, ctx: dict) -> None:
    """A newly chosen sentence becomes the first citation's quote (with its occurrence when it repeats: another
    copy of the same words is a new choice too)."""
    chosen = f"{quote}#{ctx['defaults']['occurrence']}"
    if quote and st.session_state.get(prefix + ".sentence") != chosen:
        st.session_state[prefix + ".sentence"] = chosen
        st.session_state[f"{prefix}.quote"] = quote
        st.session_state[f"{prefix}.occurrence"] = str(ctx["defaults"]["occurrence"])
        st.session_state[f"{prefix}.source"] = ctx["defaults"]["source"]


def _show_problems(problems: list[str]) -> None:
    if problems:
        st.error(f"{len(problems)} problem(s), worded as `python -m dashboard validate` prints them:")
        st.code("\n".join(problems), language=None, wrap_lines=True)
    else:
        st.success("No problem: the dataset validates with this change.")


def _saved(prefixes: tuple[str, ...], message: str) -> None:
    """After a save: caches cleared (the stamp changed anyway), the form emptied, the page rerun."""
    _dataset.clear()
    _problems.clear()
    _cite_problems.clear()
    state.bundle.clear()
    state.chart.clear()
    for k in [k for k in st.session_state if str(k).startswith(prefixes) or k == "desk-sentence"]:
        del st.session_state[k]
    st.session_state["desk-flash"] = message
    st.rerun()


def _record_form(ds, data_dir: Path, kind: str, target: Path | None, sid: str, quote: str | None, ctx: dict,
                 stamp: tuple, address, token) -> None:
    st.subheader(f"New {_kind_label(kind).lower()}")
    if target is None:
        st.warning(f"No file holds {kind} yet: add the list to a data file by hand first.")
        return
    spec = forms.form_spec(forms.model_of(kind))
    prefix = f"desk-f-{kind}"
    _propose_sentence(prefix + ".citations.0", quote, ctx)
    record = desk.complete_citations(forms.to_record(spec, _fields(spec, prefix, ctx)), ds.texts)
    problems = _problems(str(data_dir), str(target), kind, json.dumps(record), stamp)  # key order is the file's order
    _show_problems(problems)
    with st.expander("The record as it will be written"):
        st.code(preview(kind, record), language="yaml")
    if st.button("Save to " + ("the actor registry" if kind == "actors" else "the article file"), key="desk-save",
                 type="primary", disabled=bool(problems)):
        saved = desk.save_record(data_dir, target, kind, record, address=address, token=token)
        if saved:
            st.error("Not saved:")
            st.code("\n".join(saved), language=None, wrap_lines=True)
            return
        _saved((prefix,), f"Saved {_kind_label(kind).lower()} '{record.get('id')}' to {target.name}; "
                          "the data was reloaded.")


def _record_label(r) -> str:
    words = next((getattr(r, f) for f in ("summary", "subject", "label", "name") if getattr(r, f, None)), "")
    return f"{r.id}: {words[:90]}{'…' if len(words) > 90 else ''}"


def _cite_form(ds, data_dir: Path, sid: str, quote: str | None, ctx: dict, stamp: tuple, address, token) -> None:
    """One real-world event, one record: the chosen sentence added as a citation to a record already coded
    (from this article or another)."""
    st.subheader("Cite the sentence in an existing record")
    kinds = [k for k in forms.DESK_KINDS if "citations" in forms.model_of(k).model_fields]
    kind = st.selectbox("Record type", kinds, key="desk-cite-kind", format_func=lambda k: _kind_label(k))
    records = {r.id: r for r in getattr(ds, kind)}
    rid = st.selectbox("Record", list(records), index=None, key="desk-cite-record", placeholder="Type to search ids and summaries",
                       format_func=lambda i: _record_label(records[i]))
    spec = next(s for s in forms.form_spec(forms.model_of(kind)) if s.name == "citations").children
    prefix = "desk-cite"
    _propose_sentence(prefix, quote, ctx)
    citation = desk.complete_citations({"citations": [forms.to_record(spec, _fields(spec, prefix, ctx))]},
                                       ds.texts)["citations"][0]
    if rid is None:
        st.info("Choose the record this sentence also reports.")
        return
    target = desk.record_file(ds, kind, rid, data_dir)
    already = [c.quote for c in records[rid].citations if c.source == citation.get("source")]
    if citation.get("quote") in already:
        st.warning("This record already cites this quote from this source.")
    problems = _cite_problems(str(data_dir), str(target), kind, rid, json.dumps(citation), stamp)
    _show_problems(problems)
    with st.expander(f"The citation as it will be added to {rid}"):
        st.code(preview("citations", citation), language="yaml")
    if st.button(f"Add the citation to {target.name}", key="desk-cite-save", type="primary", disabled=bool(problems)):
        saved = desk.save_citation(data_dir, target, kind, rid, citation, address=address, token=token)
        if saved:
            st.error("Not saved:")
            st.code("\n".join(saved), language=None, wrap_lines=True)
            return
        _saved((prefix,), f"Added a citation to {_kind_label(kind).lower()} '{rid}' in {target.name}; the data was reloaded.")
