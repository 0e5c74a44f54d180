"""Coding desk (AppTest): recode article 004 as a new user, bad input worded as validate words it, and the
hosted demo with no desk and no write path."""

from __future__ import annotations

import ast
import io
import shutil
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from apptest_support import data_dir, open_page
from authoring_support import SOURCE_004, project_copy, without_004, written
from dashboard import desk, forms
from dashboard.add_source import add_source
from dashboard.cli import main
from dashboard.loader import ROOT, load_dataset
from dashboard.yamledit import append_record, round_trip_yaml

SATURDAY = ("This coming Saturday, three living hostages are expected to be released, and then six living hostages are "
            "scheduled to be released within a two-week period; however, depending on the condition of the hostages who "
            "recently returned to Israel, the understanding is emerging that these two weeks could be critical, and "
            "therefore the pressure is to expedite Phase 1 of the deal.")
EVENT = {"id": "hostage-release-three-living-2025-02-15", "status": "expected", "theatre": "gaza",
         "event_type": "hostage_release", "actors": ["hamas", "israeli-hostages"],
         "summary": "Three living hostages expected to be released by Hamas."}


@pytest.fixture
def readded(tmp_path, monkeypatch):
    """Article 004 removed from a project copy and added back with add-source; the desk enabled."""
    data, outside = without_004(tmp_path)
    add_source(outside, SOURCE_004, data, "2025-02-10", "week")
    monkeypatch.setenv(desk.DESK_ENV, "1")
    with data_dir(data):
        yield data


def _desk(kind: str = "events"):
    at = open_page("desk")
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="desk-source").set_value(SOURCE_004).run()
    at.radio(key="desk-kind").set_value(kind).run()
    at.selectbox(key="desk-sentence").set_value(SATURDAY).run()
    return at


def _preset(at, prefix: str, needle: str) -> None:
    box = at.selectbox(key=f"{prefix}.preset")
    box.select_index(next(i for i, o in enumerate(box.options) if needle in o)).run()


def _fill(at, prefix: str, values: dict) -> None:
    for name, value in values.items():
        key = f"{prefix}.{name}"
        if isinstance(value, list):
            at.multiselect(key=key).set_value(value)
        elif any(w.key == key for w in at.text_area):
            at.text_area(key=key).input(value)
        elif any(w.key == key for w in at.text_input):
            at.text_input(key=key).input(value)
        else:
            at.selectbox(key=key).set_value(value)
    at.run()


def _problems(at) -> list[str]:
    blocks = [c.value for c in at.code if c.language != "yaml"]
    return blocks[0].splitlines() if blocks else []


def _event_desk():
    at = _desk("events")
    _preset(at, "desk-f-events.when", "2025-02-15 (weekday_next")
    _fill(at, "desk-f-events", EVENT)
    return at


def test_recode_two_records_through_the_desk(readded):
    article = written(readded)[1]
    comments = [line for line in article.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    at = _event_desk()
    assert _problems(at) == [] and any("No problem" in s.value for s in at.success)
    at.button(key="desk-save").click().run()
    assert any("Saved event 'hostage-release-three-living-2025-02-15'" in s.value.replace("\\", "") for s in at.success)
    # the second record, a figure linked to the event just saved (its id is offered once the data reloads)
    at.radio(key="desk-kind").set_value("figures").run()
    at.selectbox(key="desk-sentence").set_value(SATURDAY).run()
    _preset(at, "desk-f-figures.as_of", "2025-02-15 (weekday_next")
    _fill(at, "desk-f-figures", {"id": "living-hostages-to-release-2025-02-15-essay", "metric": "living_hostages_to_release",
                                  "value": "3", "unit": "hostages", "subject": "Living hostages to be released by Hamas",
                                  "theatre": "gaza", "claimant": "author", "event": EVENT["id"]})
    assert _problems(at) == [], _problems(at)
    at.button(key="desk-save").click().run()
    assert any("Saved figure" in s.value.replace("\\", "") for s in at.success)
    ds = load_dataset(readded)  # validate passes
    ev = ds.by_id("events")[EVENT["id"]]
    assert (ev.when.date, ev.when.rule.value, ev.citations[0].quote) == ("2025-02-15", "weekday_next", SATURDAY)
    assert ds.by_id("figures")["living-hostages-to-release-2025-02-15-essay"].value == 3
    after = article.read_text(encoding="utf-8")
    assert all(line in after.splitlines() for line in comments)  # the candidate list and header survive
    assert main(["--data", str(readded), "validate"]) == 0


def _validate_lines(data: Path, record: dict, tmp: Path) -> list[str]:
    """What `python -m dashboard validate` prints once the desk's record is appended to the file."""
    shutil.copytree(data.parent / "seeds", tmp / "seeds")
    copy = shutil.copytree(data, tmp / "data")
    append_record(written(copy)[1], "events", record)
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["--data", str(copy), "validate"]) == 1
    return [line for line in err.getvalue().splitlines() if "problem(s); nothing was loaded" not in line]


BAD = {
    "duplicate id": ({"id": "cairo-talks-hamas-mediators-2025-11-23"}, "duplicate event id"),
    "quote not in the text": ({"citations.0.quote": "Hamas announced a new plan on Tuesday."}, "quote not found verbatim"),
    # 'This coming Saturday' read as the Saturday after the publication week, yet coded as occurred
    "after publication but occurred": ({"when.preset": "2025-02-22 (weekday_next", "status": "occurred"},
                                       "after its source's publication"),
    "unknown vocabulary word": ({"theatre": "gazza"}, "unknown term 'gazza'; did you mean 'gaza'?"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_worded_as_validate_and_nothing_is_saved(readded, tmp_path, case):
    change, expected = BAD[case]
    article = written(readded)[1]
    before = article.read_bytes()
    at = _event_desk()
    assert _problems(at) == []
    for name, value in change.items():
        key = f"desk-f-events.{name}"
        if name == "when.preset":
            _preset(at, "desk-f-events.when", value)
        elif name == "theatre":  # typed into the select: what the browser sends for a new option
            box = at.selectbox(key=key)
            box.options.append(value)
            box.set_value(value)
        elif name.endswith("quote"):
            at.text_area(key=key).input(value)
        elif name == "status":
            at.selectbox(key=key).set_value(value)
        else:
            at.text_input(key=key).input(value)
    at.run()
    shown = _problems(at)
    assert shown and any(expected in line for line in shown), shown
    record = round_trip_yaml().load([c.value for c in at.code if c.language == "yaml"][0])["events"][0]
    assert shown == _validate_lines(readded, record, tmp_path / "check")
    assert at.button(key="desk-save").disabled
    # behind the disabled button, the write path checks again and refuses with the same lines
    assert desk.save_record(readded, article, "events", record) == shown
    assert article.read_bytes() == before
    assert not any("Saved" in s.value for s in at.success)


# --------------------------------------------------------------------------- the hosted demo cannot write


def _nav_titles(at) -> list[str]:
    return [t.value for t in at.title]


def test_desk_absent_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv(desk.DESK_ENV, raising=False)
    data = project_copy(tmp_path)
    with data_dir(data):
        at = open_page("desk")
        assert "Coding desk" not in _nav_titles(at)
        assert not [w for w in at.selectbox if str(w.key).startswith("desk-")]
    assert not desk.desk_status(data).enabled


def test_desk_absent_on_community_cloud_even_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv(desk.DESK_ENV, "1")
    monkeypatch.setattr(desk, "CLOUD_MOUNT", str(ROOT.parent) + "/")  # this checkout, seen as /mount/src/<repo>
    data = project_copy(tmp_path)
    with data_dir(data):
        at = open_page("desk")
        assert "Coding desk" not in _nav_titles(at)
    status = desk.desk_status(data)
    assert not status.enabled and "hosted demo" in status.reason


def test_desk_absent_when_data_not_writable(monkeypatch, tmp_path):
    monkeypatch.setenv(desk.DESK_ENV, "1")
    data = project_copy(tmp_path)
    # the tests may run as root, for whom chmod does not bite: ask os.access, as the desk does
    real = desk.os.access
    monkeypatch.setattr(desk.os, "access", lambda p, mode: False if mode == desk.os.W_OK and str(p).startswith(str(data)) else real(p, mode))
    with data_dir(data):
        assert "Coding desk" not in _nav_titles(open_page("desk"))
    assert "not writable" in desk.desk_status(data).reason


def test_no_write_path_when_disabled(monkeypatch, tmp_path):
    monkeypatch.delenv(desk.DESK_ENV, raising=False)
    data = project_copy(tmp_path)
    target = written(data)[1]
    before = target.read_bytes()
    with pytest.raises(desk.DeskDisabled):
        desk.save_record(data, target, "events", {"id": "x", **EVENT})
    assert target.read_bytes() == before
    with pytest.raises(desk.DeskDisabled):  # even calling the page function directly renders no form
        desk.require_desk(data)


WRITES = {"write_text", "write_bytes", "append_record", "add_source", "save_record", "unlink", "rmtree", "copyfile"}


def test_app_code_reaches_writes_only_through_save_record():
    """Statically: the pages and the entry file call no write function, except the desk's save_record."""
    files = sorted((ROOT / "dashboard" / "app").glob("*.py")) + [ROOT / "streamlit_app.py"]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in WRITES or (name == "open" and any(isinstance(a, ast.Constant) and set(str(a.value)) & set("wax")
                                                             for a in node.args[1:])):
                    found.append((path.name, name))
    assert found == [("desk.py", "save_record")]


def test_form_spec_is_generic_over_every_record_list():
    for kind in forms.DESK_KINDS:
        spec = forms.form_spec(forms.model_of(kind))
        names = [s.name for s in spec]
        assert names == [n for n in forms.model_of(kind).model_fields if n in names] and "id" in names
    when = next(s for s in forms.form_spec(forms.model_of("events")) if s.name == "when")
    rule = next(s for s in when.children if s.name == "rule")
    assert rule.widget == "select" and "weekday_past" in rule.explain  # each rule explained from the codebook
    actors = next(s for s in forms.form_spec(forms.model_of("events")) if s.name == "actors")
    assert (actors.widget, actors.ref) == ("multiselect", "actors")
