"""The coding desk's form fields, generated from the codebook models (values, lists, sentences, date presets)."""

from __future__ import annotations

import streamlit as st

from dashboard.codebook import forms
from dashboard.authoring.desk import sentence_label
from dashboard.app import ui


def _init(key: str, value) -> str:
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def _number(text: str, integer: bool):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text) if integer else (int(text) if text.lstrip("-").isdigit() else float(text))
    except ValueError:
        return text  # the loader words the problem, as validate would


def _label(s: forms.FieldSpec) -> str:
    return s.name.replace("_", " ") + ("" if s.required else " (optional)")


def _fields(spec: list[forms.FieldSpec], prefix: str, ctx: dict) -> dict:
    """Draw one widget per field spec; return the values keyed by field name."""
    values: dict = {}
    for s in spec:
        key = f"{prefix}.{s.name}"
        helptext = s.description or None
        if s.widget == "group":
            if s.optional_group and not st.checkbox(f"Give {s.name.replace('_', ' ')}", key=_init(key + "?", False), help=helptext):
                values[s.name] = None
                continue
            with st.container(border=True):
                st.markdown(f"**{ui.md(s.name.replace('_', ' '))}**")
                if {c.name for c in s.children} >= {"date", "precision", "rule"}:
                    _when_presets(key, ctx)
                values[s.name] = _fields(s.children, key, ctx)
        elif s.widget == "group_list":
            # citations: the first from the chosen sentence, more on request; any other optional list of the
            # codebook (possibly_same) starts empty and is given only when the coder asks for it
            if s.name != "citations" and not s.required and not st.checkbox(
                    f"Give {s.name.replace('_', ' ')}", key=_init(key + "?", False), help=helptext):
                values[s.name] = []
                continue
            values[s.name] = _items(s, key, ctx)
        elif s.widget == "select":
            options = ctx["ids"].get(s.ref, []) if s.ref else s.options
            default = ctx["defaults"].get(s.name, s.default)
            options = ([] if s.required else [""]) + list(options)
            if default not in options:
                default = options[0] if options else ""
            explain = s.explain
            names = ctx["names"].get(s.ref, {}) if s.ref else {}
            # a typed term is accepted so that the loader, not the widget, words what is wrong with it
            v = st.selectbox(_label(s), options, key=_init(key, default), help=helptext, accept_new_options=True,
                             format_func=lambda o, e=explain, n=names: "(none)" if o == "" else
                             f"{o}: {e[o]}" if o in e else f"{o} ({n[o]})" if o in n else o)
            if v in explain:
                st.caption(f"{ui.md(v)}: {ui.md(explain[v])}")
            values[s.name] = v or None
        elif s.widget == "multiselect":
            options = ctx["ids"].get(s.ref, []) if s.ref else []
            names = ctx["names"].get(s.ref, {})
            values[s.name] = st.multiselect(_label(s), options, key=_init(key, []), help=helptext,
                                            format_func=lambda o, n=names: f"{o} ({n[o]})" if o in n else o,
                                            accept_new_options=not s.ref)
        elif s.widget == "bool":
            values[s.name] = st.checkbox(_label(s), key=_init(key, bool(s.default)), help=helptext)
        elif s.widget in ("int", "float"):
            default = ctx["defaults"].get(s.name, s.default)
            raw = st.text_input(_label(s), key=_init(key, "" if default is None else str(default)), help=helptext)
            values[s.name] = _number(raw, s.widget == "int")
        else:
            default = ctx["defaults"].get(s.name, s.default) or ""
            widget = st.text_area if s.widget == "textarea" else st.text_input
            values[s.name] = widget(_label(s), key=_init(key, default), help=helptext)
    return values


def _items(s: forms.FieldSpec, key: str, ctx: dict) -> list[dict]:
    """Several entries of a list of groups (citations): the first from the chosen sentence, more on request,
    each filled from another sentence of the article or typed (a quote from another source)."""
    count = key + ".n"
    if count not in st.session_state:
        st.session_state[count] = 1
    n = st.session_state[count]
    singular = s.name.replace("_", " ").removesuffix("s")
    items = []
    for i in range(n):
        with st.container(border=True):
            st.markdown(f"**{ui.md(singular.capitalize())} {i + 1}**" + (" (the chosen sentence)" if i == 0 and s.name == "citations" else ""))
            item_ctx = ctx
            if i > 0:  # a further citation starts empty, not as a copy of the first
                item_ctx = {**ctx, "defaults": {**ctx["defaults"], "quote": "", "occurrence": None}}
                if {"quote", "source"} <= {c.name for c in s.children}:
                    _sentence_picker(f"{key}.{i}", ctx)
            items.append(_fields(s.children, f"{key}.{i}", item_ctx))
    c1, c2 = st.columns(2)
    c1.button(f"Add another {singular}", key=key + ".add", on_click=_more, args=(key, 1), icon=":material/add:")
    if n > 1:
        c2.button(f"Remove {singular} {n}", key=key + ".drop", on_click=_more, args=(key, -1), icon=":material/remove:")
    return items


def _more(key: str, step: int) -> None:
    n = st.session_state[key + ".n"]
    if step < 0:  # forget the removed entry's widgets, so adding one again starts empty
        for k in [k for k in st.session_state if str(k).startswith(f"{key}.{n - 1}.")]:
            del st.session_state[k]
    st.session_state[key + ".n"] = max(1, n + step)


def _sentence_picker(key: str, ctx: dict) -> None:
    """A menu of the article's sentences that fills a citation's source, quote and occurrence."""
    sentences = ctx.get("sentences") or {}

    def apply() -> None:
        entry = sentences.get(st.session_state.get(key + ".pick"))
        if entry is not None:  # each copy of a repeated sentence its own entry, with its occurrence
            st.session_state[f"{key}.quote"] = entry["quote"]
            st.session_state[f"{key}.source"] = ctx["defaults"]["source"]
            st.session_state[f"{key}.occurrence"] = str(entry["occurrence"])

    st.selectbox("Fill from a sentence of this article", list(sentences), index=None, key=key + ".pick",
                 on_change=apply, placeholder="Choose a sentence, or type a quote from any source below",
                 format_func=lambda k: sentence_label(sentences[k], 100))


def _when_presets(key: str, ctx: dict) -> None:
    """Offer the resolutions the date rules give for the chosen sentence's date phrases."""
    options = ctx["resolutions"]
    if not options:
        return

    def apply() -> None:
        choice = st.session_state.get(key + ".preset")
        if choice is None:
            return
        when = options[choice].when
        for name in ("date", "precision", "text", "rule", "note"):
            st.session_state[f"{key}.{name}"] = when.get(name) or ("" if name in ("text", "note") else when.get(name))

    st.selectbox("Date rules propose", list(range(len(options))), index=None, key=key + ".preset", on_change=apply,
                 placeholder="Pick a resolution of a date phrase in the sentence",
                 format_func=lambda i: f"{options[i].when['date']} ({options[i].when['rule']}, “{options[i].when.get('text', '')}”)"
                                       f": {options[i].explanation}")
