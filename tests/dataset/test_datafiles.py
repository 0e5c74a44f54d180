"""One list of data files for the loader and the frames cache key: unreadable or unexpected entries are
problems for both, dot-folders (caches, drafts) are ignored by both, sizes are checked before reading."""

from __future__ import annotations

import os

import pytest

from dashboard.dataset import datafiles, yamlio
from dashboard.engines import cache as scale
from dashboard.dataset.datafiles import discover
from dashboard.dataset.loader import DataError

A = "articles/alpha.yaml"


def messages(m) -> list[str]:
    with pytest.raises(DataError) as exc:
        m.load()
    return [str(p) for p in exc.value.problems]


def test_the_mini_dataset_is_four_data_files(mini):
    found = discover(mini.data)
    assert [p.relative_to(mini.data).as_posix() for p in found.data_files] == \
        ["actors.yaml", "articles/alpha.yaml", "phases.yaml", "sources.yaml"]
    assert found.problems == [] and found.marker is None


def test_a_draft_in_a_dot_folder_is_ignored_by_loader_and_cache_key(mini):
    key = scale.content_key(mini.data)
    before = mini.load()
    mini.path(".drafts").mkdir()
    mini.write(".drafts/broken.yaml", "events: [this is not: valid\n")
    mini.write(".notes.txt", "a hidden note")
    assert scale.content_key(mini.data) == key  # the cache key ignores it ...
    assert mini.load().version == before.version  # ... and so does the loader


def test_an_unexpected_file_is_a_problem_for_both(mini):
    mini.write("articles/notes.txt", "to do: code article 005")
    assert messages(mini) == ["data/articles/notes.txt:1: unexpected file in the data folder: only .yaml/.yml data files "
                              "belong here; move it out (or into a folder whose name starts with '.', which is ignored)"]
    with pytest.raises(DataError):
        scale.content_key(mini.data)
    assert scale.read_cache(mini.data) is None  # no key, no cache: the app then loads and shows the problem


def test_an_editor_backup_is_unexpected(mini):
    mini.write("articles/alpha.yaml~", mini.text(A))
    assert any(p.startswith("data/articles/alpha.yaml~:1: unexpected file") for p in messages(mini))


def test_an_unreadable_folder_is_a_problem_not_a_skip(mini, monkeypatch):
    (mini.data / "articles" / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(datafiles.os, "scandir", scandir)  # the tests may run as root, where chmod 000 is no barrier
    assert messages(mini) == ["data/articles/locked:1: cannot read folder: Permission denied; fix its permissions "
                              "or move it out of the data folder"]
    with pytest.raises(DataError):
        scale.content_key(mini.data)


def test_an_unreadable_file_is_a_problem(mini, monkeypatch):
    real = open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("phases.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    problems = messages(mini)
    assert "data/phases.yaml:1: cannot read file: Permission denied" in problems
    assert any("(it may be defined in data/phases.yaml, which could not be read)" in p for p in problems)


def test_a_broken_link_and_a_pipe_are_problems(mini):
    os.symlink(mini.data / "nowhere.yaml", mini.data / "articles" / "gone.yaml")
    os.mkfifo(mini.data / "articles" / "pipe.yaml")
    problems = messages(mini)  # never blocks on the pipe: stat comes before open
    assert "data/articles/gone.yaml:1: broken symbolic link: No such file or directory; remove it" in problems
    assert "data/articles/pipe.yaml:1: not a regular file (a device, pipe or socket); remove it" in problems


def test_a_link_loop_is_walked_once(mini):
    os.symlink(mini.data, mini.data / "articles" / "loop")
    assert len(mini.load().events) == 3


def test_size_is_checked_before_reading(mini, monkeypatch):
    big = mini.path("articles/big.yaml")
    with open(big, "wb") as fh:  # a sparse file: 6 GB by stat, nothing on disk
        fh.truncate(6 * 1024**3)

    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(yamlio, "parse_yaml", never)
    found = discover(mini.data, str)
    assert [p.message for p in found.problems] == \
        [f"file is {6 * 1024**3:,} bytes, over the {yamlio.MAX_FILE_BYTES:,}-byte limit for a data file"]
    assert big not in found.data_files


def test_the_synthetic_marker_counts_for_the_key_only(mini):
    key = scale.content_key(mini.data)
    mini.write("synthetic.json", "{}")
    assert discover(mini.data).marker == mini.path("synthetic.json")
    assert scale.content_key(mini.data) != key
    assert len(mini.load().events) == 3  # not a data file
    mini.path("synthetic.json").rename(mini.path("articles/synthetic.json"))
    assert any("articles/synthetic.json:1: unexpected file" in p for p in messages(mini))  # only at the top
