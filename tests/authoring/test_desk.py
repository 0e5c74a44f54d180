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
from dashboard.authoring import desk
from dashboard.codebook import forms
from dashboard.authoring.add_source import add_source
from dashboard.cli import main
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from dashboard.authoring.yamledit import append_record, round_trip_yaml

SATURDAY = ("This coming Saturday, three living hostages are expected to be released, and then six living hostages are "
            "scheduled to be released within a two-week period; however, depending on the condition of the hostages who "
            "recently returned to Israel, the understanding is emerging that these two weeks could be critical, and "
            "therefore the pressure is to expedite Phase 1 of the deal.")
EVENT = {"id": "hostage-release-three-living-2025-02-15", "status": "expected", "theatre": "gaza",
         "event_type": "hostage_release", "actors": ["hamas", "israeli-hostages"],
         "summary": "Three living hostages expected to be released by Hamas."}


@pytest.fixture
def loopback():
    """The server option the desk requires: listening on 127.0.0.1 (what `python -m dashboard desk` sets)."""
    from streamlit import config

    old = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", old)


@pytest.fixture
def readded(tmp_path, monkeypatch, loopback):
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


WRITES = {"write_text", "write_bytes", "append_record", "add_source", "save_record", "save_citation", "save_edit", "unlink",
          "rmtree", "copyfile"}


def test_app_code_reaches_writes_only_through_save_record():
    """Statically: the pages and the entry file call no write function, except the desk's save_record and
    save_citation (both through save_edit, which checks the desk's conditions again)."""
    files = sorted((ROOT / "dashboard" / "app").glob("*.py")) + [ROOT / "streamlit_app.py"]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in WRITES or (name == "open" and any(isinstance(a, ast.Constant) and set(str(a.value)) & set("wax")
                                                             for a in node.args[1:])):
                    found.append((path.name, name))
    assert sorted(found) == [("desk.py", "save_citation"), ("desk.py", "save_record")]


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


# --------------------------------------------------------------------------- loopback only, or an address and a token


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "192.168.1.20"])
def test_desk_off_beyond_loopback_without_a_token(monkeypatch, tmp_path, address):
    monkeypatch.setenv(desk.DESK_ENV, "1")
    monkeypatch.delenv(desk.TOKEN_ENV, raising=False)
    data = project_copy(tmp_path)
    status = desk.desk_status(data, address=address)
    assert not status.enabled and ("loopback" in status.reason or desk.TOKEN_ENV in status.reason)
    target = data / "articles" / "004.yaml"
    before = target.read_bytes()
    with pytest.raises(desk.DeskDisabled):
        desk.save_record(data, target, "comparisons", _comparison(1), address=address)
    assert target.read_bytes() == before


def test_the_page_is_absent_when_the_server_listens_on_every_interface(monkeypatch, tmp_path):
    from streamlit import config

    monkeypatch.setenv(desk.DESK_ENV, "1")
    old = config.get_option("server.address")
    config.set_option("server.address", None)  # Streamlit's default: every interface, a Network URL printed
    try:
        with data_dir(project_copy(tmp_path)):
            at = open_page("desk")
            assert "Coding desk" not in _nav_titles(at)
            assert not [w for w in at.selectbox if str(w.key).startswith("desk-")]
    finally:
        config.set_option("server.address", old)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_desk_on_for_loopback_addresses(monkeypatch, tmp_path, address):
    monkeypatch.setenv(desk.DESK_ENV, "1")
    status = desk.desk_status(project_copy(tmp_path), address=address)
    assert status.enabled and not status.needs_token


def test_an_explicit_address_with_a_token_saves_only_with_that_token(monkeypatch, tmp_path):
    monkeypatch.setenv(desk.DESK_ENV, "1")
    monkeypatch.setenv(desk.TOKEN_ENV, "s3cret-token-of-20ch")
    data = project_copy(tmp_path)
    target = data / "articles" / "004.yaml"
    status = desk.desk_status(data, address="192.168.1.20")
    assert status.enabled and status.needs_token
    for wrong in (None, "", "s3cret-token-of-20c", "S3CRET-TOKEN-OF-20CH"):
        with pytest.raises(desk.DeskDisabled, match="token"):
            desk.save_record(data, target, "comparisons", _comparison(1), address="192.168.1.20", token=wrong)
    assert desk.save_record(data, target, "comparisons", _comparison(1), address="192.168.1.20",
                            token="s3cret-token-of-20ch") == []
    assert "x-desk-test-1" in load_dataset(data).by_id("comparisons")


def test_desk_command_refuses_a_wide_address_without_a_token(monkeypatch, capsys):
    monkeypatch.delenv(desk.TOKEN_ENV, raising=False)
    monkeypatch.setattr(desk.os, "execve", lambda *a: pytest.fail("the server must not start"))
    assert main(["desk", "--address", "0.0.0.0"]) == 2
    assert desk.TOKEN_ENV in capsys.readouterr().err


def test_desk_command_starts_streamlit_on_loopback(monkeypatch, capsys):
    from dashboard import cli

    started = []
    monkeypatch.setattr(cli.os, "execve", lambda exe, argv, env: started.append((argv, env)))
    assert main(["desk"]) == 0
    argv, env = started[0]
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1" and env[desk.DESK_ENV] == "1"


# --------------------------------------------------------------------------- two writers never lose a record


def _comparison(n: int) -> dict:
    return {"id": f"x-desk-test-{n}", "dimension": "enforcement", "theatre": "gaza", "summary": f"A test statement {n}.",
            "claimant": "author", "citations": [{"source": "opinion-truce-day-23", "quote": "Hamas just admitted defeat."}]}


def test_concurrent_saves_in_threads_keep_every_record(monkeypatch, tmp_path):
    import threading

    monkeypatch.setenv(desk.DESK_ENV, "1")
    data = project_copy(tmp_path)
    target = data / "articles" / "004.yaml"
    n = 3
    results: dict[int, list[str]] = {}
    go = threading.Barrier(n)

    def save(i):
        go.wait()  # all at the same moment
        results[i] = desk.save_record(data, target, "comparisons", _comparison(i))

    threads = [threading.Thread(target=save, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert results == {i: [] for i in range(n)}
    saved = load_dataset(data).by_id("comparisons")
    assert all(f"x-desk-test-{i}" in saved for i in range(n))
    assert not [p for p in data.rglob("*.tmp")]  # no temporary file left behind


def test_the_lock_excludes_another_process(tmp_path):
    """flock is held across processes: a child waiting for the folder's lock gets it only after the parent."""
    import subprocess
    import sys
    import time

    from dashboard.dataset.datalock import data_lock

    data = tmp_path / "data"
    data.mkdir()
    code = ("import sys, time; from pathlib import Path; from dashboard.dataset.datalock import data_lock\n"
            "with data_lock(Path(sys.argv[1])): print(time.time())")
    with data_lock(data):
        child = subprocess.Popen([sys.executable, "-c", code, str(data)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        time.sleep(3.0)
        assert child.poll() is None  # still waiting
        released = time.time()
    acquired = float(child.communicate(timeout=60)[0])
    assert acquired >= released


def test_a_file_changed_on_disk_between_read_and_write_is_not_overwritten(monkeypatch, tmp_path):
    monkeypatch.setenv(desk.DESK_ENV, "1")
    data = project_copy(tmp_path)
    target = data / "articles" / "004.yaml"
    real_check = desk.check_edit  # every save (a record, a citation) is checked through check_edit

    def check_then_someone_edits(*args):
        out = real_check(*args)
        target.write_bytes(target.read_bytes() + b"# an edit made in an editor meanwhile\n")
        return out

    monkeypatch.setattr(desk, "check_edit", check_then_someone_edits)
    problems = desk.save_record(data, target, "comparisons", _comparison(7))
    assert problems and "changed on disk" in problems[0]
    assert target.read_bytes().endswith(b"# an edit made in an editor meanwhile\n")  # the other edit survives
    assert "x-desk-test-7" not in target.read_text(encoding="utf-8")


def test_write_if_unchanged_good_and_bad(tmp_path):
    from dashboard.dataset.datalock import ChangedOnDisk, write_if_unchanged

    f = tmp_path / "a.yaml"
    f.write_bytes(b"one\n")
    write_if_unchanged(f, b"one\n", b"two\n")
    assert f.read_bytes() == b"two\n"
    with pytest.raises(ChangedOnDisk):
        write_if_unchanged(f, b"one\n", b"three\n")
    assert f.read_bytes() == b"two\n"


# --------------------------------------------------------------------------- the desk finishes the job (issue 21)

NEW_ID = "desk-generated-article"
REPEATED = "Mediators met in Cairo on Monday to discuss the truce, an Egyptian official said."
OTHER = "The talks will resume next week, according to the official."
GENERATED = f"{REPEATED}\n\n{OTHER}\n\nA pull quote follows.\n\n{REPEATED}\n"


@pytest.fixture
def generated(tmp_path, monkeypatch, loopback):
    """A project copy with a generated article (one sentence printed twice, as a pull quote) added by add-source."""
    data = project_copy(tmp_path)
    article = tmp_path / "incoming" / "article.txt"
    article.parent.mkdir()
    article.write_text(GENERATED, encoding="utf-8")
    add_source(article, NEW_ID, data, "2025-12-03", "day", title="Report: talks in Cairo", kind="news_report")
    monkeypatch.setenv(desk.DESK_ENV, "1")
    with data_dir(data):
        yield data


def _yaml_shown(at) -> str:
    return "\n".join(c.value for c in at.code if c.language == "yaml")


def _an_occurred_event(data: Path) -> str:
    """An event the data already has (read from it), reported as past: the new article may cite it too."""
    return next(e.id for e in load_dataset(data).events if e.status.value == "occurred")


def test_the_desk_opens_on_the_newest_source_and_cites_a_repeated_sentence_in_an_existing_record(generated):
    rid = _an_occurred_event(generated)
    target = generated.parent / load_dataset(generated).origins[("events", rid)].file
    at = open_page("desk")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="desk-source").value == NEW_ID  # add-source gave it the highest seed number
    at.radio(key="desk-kind").set_value("cite").run()
    at.selectbox(key="desk-sentence").set_value(REPEATED).run()
    at.selectbox(key="desk-cite-kind").set_value("events").run()
    at.selectbox(key="desk-cite-record").set_value(rid).run()
    assert _problems(at) == [], _problems(at)
    shown = _yaml_shown(at)
    assert f'quote: "{REPEATED}"' in shown and "occurrence: 1" in shown  # the first copy of a repeated sentence
    at.button(key="desk-cite-save").click().run()
    assert any(f"Added a citation to event '{rid}'" in s.value.replace("\\", "") for s in at.success)
    cites = load_dataset(generated).by_id("events")[rid].citations
    assert (cites[-1].source, cites[-1].quote, cites[-1].occurrence) == (NEW_ID, REPEATED, 1)
    assert "occurrence: 1" in target.read_text(encoding="utf-8")
    assert main(["--data", str(generated), "validate"]) == 0


def test_a_citation_to_an_existing_record_is_refused_in_validates_words(generated, tmp_path):
    rid = _an_occurred_event(generated)
    ds = load_dataset(generated)
    target = generated.parent / ds.origins[("events", rid)].file
    before = target.read_bytes()
    bad = {"source": NEW_ID, "quote": REPEATED}  # repeated, and no occurrence: the loader asks which
    problems = desk.check_citation(generated, target, "events", rid, bad)
    assert problems and any("occurrence" in p for p in problems), problems
    assert desk.save_citation(generated, target, "events", rid, bad) == problems
    assert target.read_bytes() == before
    assert desk.check_citation(generated, target, "events", "no-such-record", {"source": NEW_ID, "quote": OTHER}) \
        == [f"{target.resolve()}: no events record 'no-such-record' in this file"]


def test_several_citations_and_a_new_actor(generated):
    at = open_page("desk")
    # an actor the article names, added to the registry; then offered in the event form
    at.radio(key="desk-kind").set_value("actors").run()
    _fill(at, "desk-f-actors", {"id": "egyptian-official-desk-test", "name": "An Egyptian official (desk test)",
                                "kind": "unnamed_source"})
    assert _problems(at) == [], _problems(at)
    at.button(key="desk-save").click().run()
    assert any("Saved actor 'egyptian-official-desk-test'" in s.value.replace("\\", "") for s in at.success)
    registry = generated.parent / load_dataset(generated).origins[("actors", "egyptian-official-desk-test")].file
    assert registry.name == "actors.yaml"
    at.radio(key="desk-kind").set_value("events").run()
    assert any(o.startswith("egyptian-official-desk-test ") for o in at.multiselect(key="desk-f-events.actors").options)
    # an event with two citations: the chosen sentence, and another one picked for the second
    at.selectbox(key="desk-sentence").set_value(REPEATED).run()
    at.button(key="desk-f-events.citations.add").click().run()
    at.selectbox(key="desk-f-events.citations.1.pick").set_value(OTHER).run()
    _preset(at, "desk-f-events.when", "(weekday_past")
    _fill(at, "desk-f-events", {"id": "cairo-talks-desk-test", "status": "occurred", "theatre": "egypt",
                                "event_type": "negotiations", "actors": ["egyptian-official-desk-test"],
                                "summary": "Mediators met in Cairo to discuss the truce."})
    assert _problems(at) == [], _problems(at)
    at.button(key="desk-save").click().run()
    assert any("Saved event 'cairo-talks-desk-test'" in s.value.replace("\\", "") for s in at.success)
    ev = load_dataset(generated).by_id("events")["cairo-talks-desk-test"]
    assert [(c.source, c.quote, c.occurrence) for c in ev.citations] == [(NEW_ID, REPEATED, 1), (NEW_ID, OTHER, 1)]
    assert main(["--data", str(generated), "validate"]) == 0


def test_complete_citations_marks_only_repeated_quotes():
    texts = {"a": "One. Two. One.", "b": "One. Two."}
    rec = {"citations": [{"source": "a", "quote": "One."}, {"source": "a", "quote": "Two."},
                         {"source": "b", "quote": "One."}, {"source": "a", "quote": "One.", "occurrence": 2}]}
    desk.complete_citations(rec, texts)
    assert [c.get("occurrence") for c in rec["citations"]] == [1, None, None, 2]


def test_newest_first_orders_by_seed_number(generated):
    ds = load_dataset(generated)
    order = desk.newest_first(ds)
    assert order[0] == NEW_ID and sorted(order) == sorted(s.id for s in ds.sources)
    numbers = [next(s.file for s in ds.sources if s.id == i).split("/")[-1][:3] for i in order]
    assert numbers == sorted(numbers, reverse=True)


def test_the_sentence_menu_lists_each_copy_of_a_repeated_sentence(generated):
    """A sentence printed twice is two entries, each with its copy number, position and the words before it."""
    ds = load_dataset(generated)
    text = ds.texts[NEW_ID]
    sentences = desk.sentence_index(ds, NEW_ID, [])
    copies = [e for e in sentences.values() if e["quote"] == REPEATED]
    assert [e["occurrence"] for e in copies] == [1, 2] and all(e["copies"] == 2 for e in copies)
    assert [e["start"] for e in copies] == [text.index(REPEATED), text.rindex(REPEATED)]
    assert all(text[e["start"]:e["end"]] == REPEATED for e in copies)
    assert desk.sentence_key(REPEATED, 1) in sentences and desk.sentence_key(REPEATED, 2) in sentences
    labels = [desk.sentence_label(e) for e in copies]
    assert len(set(labels)) == 2
    assert "copy 1 of 2, at the start" in labels[0] and "copy 2 of 2, after “" in labels[1]
    assert labels[1].split("): ")[0].endswith("A pull quote follows.”")
    once = next(e for e in sentences.values() if e["quote"] == OTHER)
    assert once["copies"] == 1 and desk.sentence_label(once).startswith(f"line {once['line']}: ")


def test_a_copys_number_counts_every_place_the_words_occur():
    """Second reading: `copies` counted the menu's entries while `occurrence` counts every place the words occur,
    so a copy inside a longer sentence made the last copy 'copy 3 of 2'."""
    from types import SimpleNamespace

    text = "Mediators met in Cairo. He wrote that Mediators met in Cairo. Talks went on.\n\nMediators met in Cairo."
    ds = SimpleNamespace(texts={"s": text}, by_id=lambda kind: {"s": SimpleNamespace(excluded=[])})
    entries = [e for e in desk.sentence_index(ds, "s", []).values() if e["quote"] == "Mediators met in Cairo."]
    assert [(e["occurrence"], e["copies"]) for e in entries] == [(1, 3), (3, 3)]
    assert "copy 3 of 3" in desk.sentence_label(entries[1])


def test_citing_the_second_copy_writes_occurrence_2(generated):
    rid = _an_occurred_event(generated)
    at = open_page("desk")
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="desk-kind").set_value("cite").run()
    second = desk.sentence_key(REPEATED, 2)
    assert second in at.selectbox(key="desk-sentence").options or any(
        "copy 2 of 2" in o for o in at.selectbox(key="desk-sentence").options)
    at.selectbox(key="desk-sentence").set_value(second).run()
    at.selectbox(key="desk-cite-kind").set_value("events").run()
    at.selectbox(key="desk-cite-record").set_value(rid).run()
    assert _problems(at) == [], _problems(at)
    assert "occurrence: 2" in _yaml_shown(at)
    at.button(key="desk-cite-save").click().run()
    cites = load_dataset(generated).by_id("events")[rid].citations
    assert (cites[-1].source, cites[-1].quote, cites[-1].occurrence) == (NEW_ID, REPEATED, 2)
    assert main(["--data", str(generated), "validate"]) == 0


def test_a_second_citation_picked_from_the_second_copy_carries_occurrence_2(generated):
    at = open_page("desk")
    at.radio(key="desk-kind").set_value("events").run()
    at.selectbox(key="desk-sentence").set_value(OTHER).run()
    at.button(key="desk-f-events.citations.add").click().run()
    at.selectbox(key="desk-f-events.citations.1.pick").set_value(desk.sentence_key(REPEATED, 2)).run()
    assert at.session_state["desk-f-events.citations.1.quote"] == REPEATED
    assert str(at.session_state["desk-f-events.citations.1.occurrence"]) == "2"
