"""What changed: the records added, changed or removed since an older dataset version, each linked to its view."""

from __future__ import annotations

import streamlit as st

from dashboard.outputs import diff
from dashboard.outputs.export_file import ExportFileError, parse_export
from dashboard.outputs.export import to_json_dict
from dashboard.dataset.loader import DataError, data_dir_from_env, load_dataset
from dashboard.app import state, ui

DETAIL = {"events": "event", "figures": "figure", "sources": "source", "phases": "phase", "comparisons": "comparison"}
STATUS_ICON = {"added": ":material/add_circle:", "changed": ":material/edit:", "removed": ":material/remove_circle:"}


@st.cache_resource(max_entries=2, show_spinner="Exporting the current dataset…")
def _current(version: str) -> dict:
    # the full records: the bundle may come from the frames cache, which keeps no events or figures
    return to_json_dict(load_dataset(data_dir_from_env()))


@st.cache_resource(max_entries=32, show_spinner="Loading that version of the data…")
def _at_revision(commit: str) -> dict | str:
    try:
        return diff.git_revision_export(commit)
    except diff.VersionError as exc:
        return str(exc)


@st.cache_data(max_entries=4, show_spinner=False)
def _revisions() -> list[diff.Revision]:
    return diff.revisions()


def _revision_of(version: str, commits: list[str]) -> str | None:
    """The newest commit whose data has this dataset version (each revision is loaded once, then cached)."""
    with st.spinner("Looking for that dataset version in the history…"):
        for commit in commits:
            old = _at_revision(commit)
            if isinstance(old, dict) and (old.get("dataset") or {}).get("version") == version:
                return commit
    return None


def _older_version() -> dict | None:
    revs = _revisions()
    how = st.radio("Compare with", ["a git revision of the data", "an export JSON file"] if revs else ["an export JSON file"],
                   horizontal=True, key="changes-how")
    if how.startswith("a git"):
        labels = {r.commit: f"{r.date} · {r.subject[:80]} · {r.commit[:8]}" for r in revs}
        options = list(labels)
        wanted = st.text_input("Dataset version from a chart footer (optional)", key="changes-version", max_chars=40,
                               help="The 10 characters after 'Ceasefire Monitor dataset' in a chart's footer").strip()
        found = _revision_of(wanted, options) if wanted else None
        if wanted and found is None:
            st.warning(f"No commit of the last {len(options)} that changed the data has dataset version "
                       f"“{ui.md(wanted)}”. Pick a revision below instead.")
        elif found:
            st.caption(f"Dataset version {ui.md(wanted)} is the data of commit {found[:8]}: changes since it.")
            old = _at_revision(found)
            if isinstance(old, str):
                st.warning(ui.md(old))
                return None
            return old
        # By default the latest commit that changed the data: the page shows what that commit changed (the data
        # just before it against today's), not what the last two commits did together.
        commit = st.selectbox("Changes made since (and by) the commit", options, index=0, format_func=labels.get,
                              key="changes-commit",
                              help="Commits that changed data/ or seeds/, newest first. The comparison starts "
                                   "from the data just before the commit you pick.")
        old = _at_revision(f"{commit}^")  # its first parent: the data the commit was made on
        if isinstance(old, str):
            st.warning(ui.md(old) + (" (the first commit of the history has no data before it)"
                                     if commit == options[-1] else ""))
            return None
        return old
    upload = st.file_uploader("Export JSON (`python -m dashboard export --format json`, or the Data page's JSON)",
                              type=["json"], key="changes-upload")
    if upload is None:
        st.info("Upload an earlier export to see what changed since then.")
        return None
    try:  # the same check as `diff FILE`: the export's pydantic shape, bounded size and nesting
        return parse_export(upload.getvalue(), upload.name or "the uploaded file")
    except ExportFileError as exc:
        st.warning(ui.md(str(exc)))
        return None


def render() -> None:
    st.title("What changed")
    b = state.bundle()
    st.caption(f"Current dataset version {b.version} (the version printed in every chart's footer).")
    old = _older_version()
    if old is None:
        return
    try:
        current = _current(b.version)
    except DataError:
        st.error("The current dataset does not validate.")
        return
    d = diff.diff_exports(old, current)
    n = {s: len(d.of(s)) for s in ("added", "changed", "removed")}
    st.subheader(f"Since version {ui.md(d.old_version or 'unknown')}: {n['added']} added, {n['changed']} changed, "
                 f"{n['removed']} removed")
    if d.notes:  # an old revision checked by rules added since: compared all the same (diff._load_dir)
        st.caption(ui.md(d.notes[0]))
    if not d.records:
        st.info("No record differs.")
        return
    for status in ("added", "changed", "removed"):
        recs = d.of(status)
        if not recs:
            continue
        st.markdown(f"**{status.title()}** ({len(recs)})")
        for r in recs:
            label = f"{r.kind[:-1]} {r.id}"
            if status != "removed" and r.kind in DETAIL:
                ui.link(DETAIL[r.kind], r.id, f"Open {label}", icon=STATUS_ICON[status])
            else:
                st.markdown(ui.md(label))
            if r.sentence:  # in words (diff.describe); the field-by-field values are in `diff --format json`
                st.markdown(ui.md(r.sentence))
