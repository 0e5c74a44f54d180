"""diff: records added, removed and changed field by field, between exports, data directories and git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from authoring_support import project_copy
from dashboard.outputs import diff
from dashboard.outputs import diff_words
from dashboard.cli import main
from dashboard.outputs.export import to_json_dict
from dashboard.dataset.loader import load_dataset
from dashboard.authoring.yamledit import append_record, dumps, round_trip_yaml


@pytest.fixture
def edited(tmp_path):
    """Three real edits to a copy of the data: a value changed, a citation added, a record removed."""
    data = project_copy(tmp_path / "old")
    before = to_json_dict(load_dataset(data))
    fig = next(f for f in before["figures"] if f.get("value") is not None and f["id"] and f["metric"] == "killed")
    event = before["events"][0]
    removed = before["comparisons"][-1]["id"]
    new_data = tmp_path / "new" / "data"
    shutil.copytree(tmp_path / "old", tmp_path / "new")
    origin = load_dataset(new_data).origins
    fig_file = new_data.parent / origin[("figures", fig["id"])].file
    lines = fig_file.read_text(encoding="utf-8").splitlines(keepends=True)
    start = origin[("figures", fig["id"])].line - 1
    value_line = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("value:"))
    lines[value_line] = lines[value_line].split("value:")[0] + f"value: {fig['value'] + 1:g}\n"
    fig_file.write_text("".join(lines), encoding="utf-8")
    ev_file = new_data.parent / origin[("events", event["id"])].file
    extra = next(c["quote"] for e in before["events"] for c in e["citations"]
                 if c["source_id"] == event["citations"][0]["source_id"]
                 and c["quote"] not in {x["quote"] for x in event["citations"]})
    y = round_trip_yaml()
    doc = y.load(ev_file.read_text(encoding="utf-8"))
    [rec] = [e for e in doc["events"] if e["id"] == event["id"]]
    rec["citations"].append({"source": event["citations"][0]["source_id"], "quote": extra})
    ev_file.write_text(dumps(doc), encoding="utf-8")
    cmp_file = new_data.parent / origin[("comparisons", removed)].file
    doc = y.load(cmp_file.read_text(encoding="utf-8"))
    doc["comparisons"] = type(doc["comparisons"])([c for c in doc["comparisons"] if c["id"] != removed])
    cmp_file.write_text(dumps(doc), encoding="utf-8")
    after = to_json_dict(load_dataset(new_data))
    return before, after, fig, event, extra, removed, data, new_data


def test_value_changed_citation_added_record_removed(edited):
    before, after, fig, event, extra, removed, *_ = edited
    d = diff.diff_exports(before, after)
    by = {(r.kind, r.id): r for r in d.records}
    assert len(d.records) == 3, diff.format_text(d)
    assert [(c.field, c.old, c.new) for c in by[("figures", fig["id"])].changes] == [("value", fig["value"], fig["value"] + 1)]
    [added] = by[("events", event["id"])].changes
    assert added.field == "citations" and added.old is None and added.new["quote"] == extra
    assert by[("comparisons", removed)].status == "removed"
    assert d.old_version != d.new_version


def test_no_change_is_empty_and_added_record_is_listed(edited, tmp_path):
    before, *_ = edited
    assert diff.diff_exports(before, before).records == []
    twice = json.loads(json.dumps(before))
    twice["events"][0]["citations"].append(dict(twice["events"][0]["citations"][0]))  # the same citation again
    [r] = diff.diff_exports(before, twice).records
    assert r.status == "changed" and [(c.field, c.old) for c in r.changes] == [("citations", None)]
    after = json.loads(json.dumps(before))
    after["actors"].append({"id": "new-actor", "name": "New actor", "kind": "other", "aliases": [], "part_of": None})
    [r] = diff.diff_exports(before, after).records
    assert (r.kind, r.id, r.status) == ("actors", "new-actor", "added")


def test_what_changed_reads_as_sentences_with_units_claimants_and_sources(edited):
    """issue 22: 'figure x: value 6 -> 7 people, per <claimant>; new citation from <source>: “quote”', not
    'citations: null -> {"quote": ...}'. Names, units and titles are read from the exports."""
    before, after, fig, event, extra, removed, *_ = edited
    d = diff.diff_exports(before, after)
    by = {(r.kind, r.id): r for r in d.records}
    actors = {a["id"]: a["name"] for a in after["actors"]}
    sources = {s["id"]: s for s in after["sources"]}
    from dashboard.conventions.theme import claimant_label, in_sentence

    claimant = in_sentence(claimant_label(fig["claimant"], actors[fig["claimant"]]))
    assert by[("figures", fig["id"])].sentence == (
        f"value {fig['value']:,.0f} -> {fig['value'] + 1:,.0f} {fig['unit']}, per {claimant}")
    cited = sources[event["citations"][0]["source_id"]]
    sentence = by[("events", event["id"])].sentence
    assert sentence.startswith("new citation from ") and extra.split()[0] in sentence, sentence
    assert cited["title"][:30] in sentence and (cited["outlet"] or "") in sentence, sentence
    assert by[("comparisons", removed)].sentence.startswith("removed: “")
    text = diff.format_text(d)
    assert "null" not in text and "{" not in text and '"quote"' not in text, text


def test_long_texts_changed_at_their_end_show_the_words_that_changed():
    old = "Present tense at publication, as the article states it in its third paragraph (week from 19 November 2025)."
    new = "Present tense at publication, as the article states it in its third paragraph (19-23 November 2025)."
    text = diff_words._text_change(old, new)
    assert "week from 19" in text and "19-23 November" in text, text


def test_cli_text_and_json_from_export_files_and_directories(edited, tmp_path, capsys):
    before, after, fig, event, extra, removed, old_dir, new_dir = edited
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(before), encoding="utf-8")
    b.write_text(json.dumps(after), encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "0 added, 2 changed, 1 removed" in out and f"~ figure {fig['id']}: value " in out
    assert f"- comparison {removed}: removed" in out and "new citation from" in out
    assert main(["diff", str(old_dir), str(new_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {(r["kind"], r["id"], r["status"]) for r in data["records"]} == {
        ("figures", fig["id"], "changed"), ("events", event["id"], "changed"), ("comparisons", removed, "removed")}


def two_commit_repo(old_dir, new_dir, tmp_path, first: str, second: str):
    """A git repository of the project copy: one commit with the old data, the next with the edited data."""
    repo = tmp_path / "repo"
    shutil.copytree(old_dir.parent, repo)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", first], check=True)
    shutil.rmtree(repo / "data")
    shutil.copytree(new_dir, repo / "data")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", second], check=True)
    return repo


def test_git_revisions(edited, tmp_path, capsys):
    *_, old_dir, new_dir = edited
    repo = two_commit_repo(old_dir, new_dir, tmp_path, "old", "new")
    d = diff.diff_versions("HEAD~1", "HEAD", repo)
    assert sorted(r.status for r in d.records) == ["changed", "changed", "removed"]
    assert [r.subject for r in diff.revisions(repo)] == ["new", "old"]
    with pytest.raises(diff.VersionError, match="not a git revision"):
        diff.diff_versions("no-such-rev", "HEAD", repo)


def test_unreadable_versions_are_refused(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["diff", str(bad), str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(diff.VersionError, match="not an export"):
        diff.read_version(str(other))


def test_append_record_keeps_comments(tmp_path):
    data = project_copy(tmp_path)
    path = data / "articles" / "004.yaml"
    before = path.read_text(encoding="utf-8")
    append_record(path, "comparisons", {"id": "x-test", "dimension": "enforcement", "theatre": "gaza",
                                        "summary": "A test statement.", "claimant": "author",
                                        "citations": [{"source": "opinion-truce-day-23", "quote": "Hamas just admitted defeat."}]})
    after = path.read_text(encoding="utf-8")
    kept = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert kept and all(line in after.splitlines() for line in kept)
    assert after.startswith(before.rstrip("\n")) and "  - id: x-test\n    dimension: enforcement\n" in after
    assert '        quote: "Hamas just admitted defeat."' in after


def test_what_changed_page_lists_records_since_a_revision_with_links(edited, tmp_path, monkeypatch):
    """The page against a two-commit history: by default what the latest commit changed (the three edits), the
    changed records linked to their detail views and told in sentences."""
    from apptest_support import data_dir, open_page

    *_, fig, event, extra, removed, old_dir, new_dir = edited
    repo = two_commit_repo(old_dir, new_dir, tmp_path, "before the edits", "the edits")
    real_revisions, real_export = diff.revisions, diff.git_revision_export
    monkeypatch.setattr(diff, "revisions", lambda: real_revisions(repo))
    monkeypatch.setattr(diff, "git_revision_export", lambda rev: real_export(rev, repo))
    from dashboard.app import changes

    changes._revisions.clear()
    with data_dir(new_dir):
        at = open_page("changes")
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == "What changed"
        assert "0 added, 2 changed, 1 removed" in at.subheader[0].value
        labels = {pl.proto.label: pl.proto.query_string for pl in at.get("page_link")}
        for rid in (fig["id"], event["id"]):  # labels are escaped Markdown, each link opens that record
            assert any(rid.replace("-", "\\-") in label and query == f"id={rid}" for label, query in labels.items()), labels
        assert any(removed.replace("-", "\\-") in m.value for m in at.markdown)  # removed: listed, no link
        shown = [m.value.replace("\\", "") for m in at.markdown]
        assert any(m.startswith("value ") and fig["unit"] in m for m in shown), shown
        assert any(m.startswith("new citation from") for m in shown), shown


@pytest.mark.parametrize("has_data_filter", [True, False])
def test_a_revision_archive_yields_only_plain_files_inside_the_folder(tmp_path, monkeypatch, has_data_filter):
    """git archive output is extracted with the "data" filter, or on a Python without it (3.11.2) by the
    same rule by hand: a path leaving the folder or a link is refused, plain files are extracted."""
    import io
    import tarfile

    if not has_data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)

    def archive(*members):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tf:
            for name, kind in members:
                info = tarfile.TarInfo(name)
                if kind == "link":
                    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                    tf.addfile(info)
                else:
                    info.size = 2
                    tf.addfile(info, io.BytesIO(b"ok"))
        buf.seek(0)
        return tarfile.open(fileobj=buf)

    with archive(("data/a.yaml", "file")) as tf:
        diff._extract_plain_files(tf, tmp_path / "ok")
    assert (tmp_path / "ok" / "data" / "a.yaml").read_text() == "ok"
    for bad in (("../evil.yaml", "file"), ("data/link.yaml", "link")):
        with archive(bad) as tf, pytest.raises((diff.VersionError, tarfile.TarError)):
            diff._extract_plain_files(tf, tmp_path / "bad")
    assert not (tmp_path / "evil.yaml").exists()


def test_an_old_revision_is_compared_under_rules_added_since_it(mini, capsys):
    """Data committed before a rule existed still diffs: today's rules' findings on the OLD side are notes, not a
    failure; the side compared against is validated in full, and an old side that cannot be built still fails."""
    from test_compliance import COMPLIANCE

    mini.write("compliance.yaml", COMPLIANCE)
    repo, article = mini.root, "articles/alpha.yaml"
    good = "note: The report's date.}\n    claimant: us-official"
    # a note as coded before R-NOTE-PUBLICATION: a week where the resolved publication window is one day
    mini.edit(article, good, "note: Present tense at publication (week from 19 November 2025).}\n    claimant: us-official")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "before the rule"], check=True)
    mini.edit(article, "note: Present tense at publication (week from 19 November 2025).}\n    claimant: us-official", good)
    subprocess.run(git + ["commit", "-qam", "the note fixed for the rule"], check=True)

    d = diff.diff_versions("HEAD~1", "HEAD", repo)
    assert [(r.kind, r.status) for r in d.records] == [("figures", "changed")]
    assert d.notes and "revision HEAD~1 does not meet 1 of today's rules" in d.notes[0]
    assert any("is not the publication window of 'alpha'" in n for n in d.notes[1:])
    assert "note: revision HEAD~1 does not meet" in diff.format_text(d)
    assert diff.to_json(d)["notes"] == d.notes
    assert diff.diff_versions("HEAD", "HEAD", repo).notes == []
    with pytest.raises(diff.VersionError, match="revision HEAD~1 does not validate"):
        diff.diff_versions("HEAD", "HEAD~1", repo)  # the newer side is checked by every rule

    (repo / "data" / article).write_text("events: [", encoding="utf-8")  # an old side that cannot be read
    subprocess.run(git + ["commit", "-qam", "broken"], check=True)
    with pytest.raises(diff.VersionError, match="does not validate"):
        diff.diff_versions("HEAD", "HEAD~1", repo)
# --------------------------------------------------------------------------- hostile versions (issue 24)


def _repo(tmp_path, edited):
    *_, old_dir, _new_dir = edited
    repo = tmp_path / "repo"
    shutil.copytree(old_dir.parent, repo)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "first"], check=True)
    return repo, git


@pytest.mark.parametrize("rev", ["--output=VICTIM", "-o", "--remote=x", "HEAD --output=VICTIM", "a..b", ""])
def test_a_revision_that_git_could_read_as_an_option_is_refused_and_nothing_is_written(tmp_path, edited, rev,
                                                                                      monkeypatch, capsys):
    repo, _ = _repo(tmp_path, edited)
    victim = tmp_path / "VICTIM"
    victim.write_text("keep me", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(diff.VersionError, match="not a git revision"):
        diff.git_revision_export(rev, repo)
    assert main(["diff", "--", rev, "HEAD"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_good_revision_still_resolves(tmp_path, edited):
    repo, _ = _repo(tmp_path, edited)
    commit = diff.resolve_revision("HEAD", repo)
    assert len(commit) == 40 and diff.git_revision_export(commit, repo)["events"]


def test_a_revision_holding_a_symlink_is_refused_by_name_not_with_a_traceback(tmp_path, edited):
    repo, git = _repo(tmp_path, edited)
    (repo / "data" / "linked.yaml").symlink_to("/etc/hostname")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "a link"], check=True)
    with pytest.raises(diff.VersionError, match="holds a link, 'data/linked.yaml'"):
        diff.git_revision_export("HEAD", repo)
    assert diff.git_revision_export("HEAD~1", repo)["events"]  # the revision before it still compares


def test_what_changed_page_opens_on_a_revision_with_a_symlink(edited, tmp_path, monkeypatch):
    """The page's default revision (the one before the latest data change) holds a link: a warning, no traceback."""
    from apptest_support import data_dir, open_page

    repo, git = _repo(tmp_path, edited)
    (repo / "data" / "linked.yaml").symlink_to("../seeds")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "a link"], check=True)
    (repo / "data" / "linked.yaml").unlink()
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "link removed"], check=True)
    real_revisions, real_export = diff.revisions, diff.git_revision_export
    monkeypatch.setattr(diff, "revisions", lambda: real_revisions(repo))
    monkeypatch.setattr(diff, "git_revision_export", lambda rev: real_export(rev, repo))
    from dashboard.app import changes

    changes._revisions.clear()  # cached per process: another test's history must not be served here
    with data_dir(edited[-1]):
        at = open_page("changes")
        assert not at.exception, [e.value for e in at.exception]
        assert any("holds a link" in w.value for w in at.warning), [w.value for w in at.warning] + [m.value for m in at.markdown][:5]


MALFORMED = {
    "an id that is a list": b'{"events": [{"id": ["a", "b"]}]}',
    "an id that is a number": b'{"events": [{"id": 5}]}',
    "events a number": b'{"events": 5}',
    "a record that is a string": b'{"events": ["x"]}',
    "no id": b'{"figures": [{"value": 3}]}',
    "dataset a list": b'{"dataset": [], "events": []}',
    "a top-level list": b'[{"events": []}]',
    "50,000 nested brackets": b'{"events": [{"id": "x", "v": ' + b"[" * 50_000 + b"]" * 50_000 + b"}]}",
    "40 nested levels": b'{"events": [{"id": "x", "v": ' + b"[" * 40 + b"]" * 40 + b"}]}",
    "not UTF-8": b'{"events": [{"id": "\xff"}]}',
    "not JSON": b"{events",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_export_json_is_one_clean_message(tmp_path, name, capsys):
    from dashboard.outputs.export_file import ExportFileError, parse_export

    with pytest.raises(ExportFileError) as exc:
        parse_export(MALFORMED[name], "upload.json")
    assert str(exc.value).startswith("upload.json: ") and "\n" not in str(exc.value)
    path = tmp_path / "bad.json"
    path.write_bytes(MALFORMED[name])
    assert main(["diff", str(path), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and "site-packages" not in err


def test_a_real_export_passes_the_export_model(edited, tmp_path):
    from dashboard.outputs.export_file import parse_export

    *_, old_dir, _ = edited
    data = to_json_dict(load_dataset(old_dir))
    checked = parse_export(json.dumps(data).encode("utf-8"), "x.json")
    assert diff.diff_exports(checked, data).records == []


def test_what_changed_page_refuses_a_malformed_upload_cleanly(edited, monkeypatch):
    from apptest_support import data_dir, open_page
    from dashboard.app import changes

    class Upload:
        name = "hostile.json"

        def getvalue(self):
            return MALFORMED["50,000 nested brackets"]

    import streamlit as st

    monkeypatch.setattr(st, "file_uploader", lambda *a, **k: Upload())
    monkeypatch.setattr(diff, "revisions", lambda: [])
    with data_dir(edited[-1]):
        at = open_page("changes")
        assert not at.exception, [e.value for e in at.exception]


def test_what_changed_page_notes_an_old_revision_under_rules_added_since_it(mini, monkeypatch):
    """The page's default revision predates a rule: it is compared, and the page says what today's rules find."""
    from apptest_support import data_dir, open_page
    from dashboard.app import changes
    from test_compliance import COMPLIANCE

    mini.write("compliance.yaml", COMPLIANCE)
    good = "note: The report's date.}\n    claimant: us-official"
    bad = "note: Present tense at publication (week from 19 November 2025).}\n    claimant: us-official"
    mini.edit("articles/alpha.yaml", good, bad)
    git = ["git", "-C", str(mini.root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "before the rule"], check=True)
    mini.edit("articles/alpha.yaml", bad, good)
    subprocess.run(git + ["commit", "-qam", "the note fixed for the rule"], check=True)
    real_revisions, real_export = diff.revisions, diff.git_revision_export
    monkeypatch.setattr(diff, "revisions", lambda: real_revisions(mini.root))
    monkeypatch.setattr(diff, "git_revision_export", lambda rev: real_export(rev, mini.root))
    changes._revisions.clear()
    with data_dir(mini.data):
        at = open_page("changes")
        assert not at.exception, [e.value for e in at.exception]
        assert "0 added, 1 changed, 0 removed" in at.subheader[0].value, [w.value for w in at.warning]
        shown = [c.value.replace("\\", "") for c in at.caption]  # Markdown-escaped text (ui.md)
        assert any("does not meet 1 of today's rules" in c and "alpha" in c for c in shown), shown
