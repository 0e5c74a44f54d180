"""A running app notices hand edits to data/ (state.bundle is keyed by datafiles.stamp): the same AppTest session
sees an edited summary on its next run, a broken edit shows the problems page naming file and line, and fixing
it brings the pages back. Runs on a copy of the project; the record edited is read from the data."""

from __future__ import annotations

import os

from apptest_support import data_dir, open_page
from authoring_support import project_copy
from dashboard.dataset.datafiles import stamp
from dashboard.dataset.loader import load_dataset


def _any_event(data):
    ds = load_dataset(data)
    ev = ds.events[0]
    return ev, data.parent / ds.origins[("events", ev.id)].file


def _texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("title", "markdown", "caption", "header", "subheader", "code", "error")
                     for e in getattr(at, kind)).replace("\\", "")  # Markdown escapes


def _rewrite(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_data_file_is_reloaded_and_a_broken_one_shows_the_problems_page(tmp_path):
    data = project_copy(tmp_path)
    ev, path = _any_event(data)
    with data_dir(data):
        at = open_page("event", id=ev.id)
        assert not at.exception and ev.summary in _texts(at)
        # 1. an edit in an editor: the next run shows it, without a restart
        _rewrite(path, f"summary: {ev.summary}", "summary: A summary edited by hand while the app ran.")
        at.run()
        assert not at.exception
        assert "A summary edited by hand while the app ran." in _texts(at) and ev.summary not in _texts(at)
        # 2. a broken edit (a term the codebook does not know): the problems page, as validate words it
        _rewrite(path, f"theatre: {ev.theatre.value}", "theatre: gazza")
        at.run()
        shown = _texts(at)
        assert "did not pass validation" in shown and f"{path.name}:" in shown and "gazza" in shown
        # 3. fixed again: the event page is back, with the edited summary
        _rewrite(path, "theatre: gazza", f"theatre: {ev.theatre.value}")
        at.run()
        assert "did not pass validation" not in _texts(at)
        assert "A summary edited by hand while the app ran." in _texts(at)


def test_a_stray_file_in_data_shows_the_problems_page(tmp_path):
    data = project_copy(tmp_path)
    with data_dir(data):
        at = open_page()
        assert "did not pass validation" not in _texts(at)
        (data / "notes.txt").write_text("a coder's note\n", encoding="utf-8")
        at.run()
        assert "did not pass validation" in _texts(at) and "notes.txt" in _texts(at)


def test_stamp_changes_with_content_size_time_or_a_new_file(tmp_path):
    data = project_copy(tmp_path)
    first = stamp(data)
    assert stamp(data) == first  # nothing changed: the same key, no reload
    f = sorted(data.rglob("*.yaml"))[0]
    f.write_text(f.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    second = stamp(data)
    assert second != first
    st = os.stat(f)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # same bytes, saved again
    assert stamp(data) != second
    third = stamp(data)
    (data / "drafts.yaml").write_text("actors: []\n", encoding="utf-8")
    assert stamp(data) != third
    seed = sorted((data.parent / "seeds").iterdir())[0]
    before = stamp(data)
    seed.write_bytes(seed.read_bytes() + b" ")
    assert stamp(data) != before
