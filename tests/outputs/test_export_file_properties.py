"""Property tests over export JSON shapes (issue 24): whatever an upload or a `diff FILE` holds, parse_export
either returns a checked export or raises ExportFileError with one line naming the file; never anything else.
Shapes: any JSON, an export with any top-level part replaced, any bytes, and a real export (the mini dataset with
its compliance records) with one value anywhere in it replaced or removed."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.outputs import diff, export
from dashboard.outputs.export_file import ExportFileError, parse_export
from dashboard.codebook.datafile import RECORD_KINDS

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=25)
citations = st.lists(st.dictionaries(st.text(max_size=8), scalars, max_size=3), max_size=3)
record = st.fixed_dictionaries({"id": st.text(min_size=1, max_size=20)}, optional={"value": json_values,
                                                                                     "citations": citations})
good_export = st.fixed_dictionaries({"dataset": st.fixed_dictionaries({"version": st.text(max_size=10)})},
                                    optional={k: st.lists(record, max_size=3) for k in RECORD_KINDS})
# an export with any part replaced by any JSON value: ids that are lists, "events": 5, a record that is a string ...
bent_export = st.dictionaries(st.sampled_from(list(RECORD_KINDS) + ["dataset", "other"]),
                              st.one_of(json_values, st.lists(st.one_of(json_values, record), max_size=3)), max_size=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, bent_export))
def test_any_json_is_an_export_or_one_clean_refusal(value):
    raw = json.dumps(value).encode("utf-8")
    try:
        checked = parse_export(raw, "upload.json")
    except ExportFileError as exc:
        text = str(exc)
        assert text.startswith("upload.json: ") and "\n" not in text and "Traceback" not in text
        return
    assert isinstance(checked, dict) and any(k in value for k in RECORD_KINDS)
    diff.diff_exports(checked, checked)  # a checked export is safe to compare


@settings(max_examples=80, deadline=None)
@given(good_export)
def test_a_well_formed_export_passes_and_compares_to_itself_as_unchanged(value):
    if not any(k in value for k in RECORD_KINDS):
        value = {**value, "events": []}
    checked = parse_export(json.dumps(value).encode("utf-8"), "x.json")
    assert diff.diff_exports(checked, checked).records == []


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_an_export_or_one_clean_refusal(raw):
    try:
        parse_export(raw, "upload.json")
    except ExportFileError as exc:
        assert str(exc).startswith("upload.json: ")


# ---- a real export (the mini dataset with its compliance file), one value anywhere in it bent


def _paths(value, prefix=()):
    """Every path into a JSON value: keys of mappings, indexes of lists."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _bent(value, path, new):
    """A deep copy of `value` with the item at `path` replaced by `new` (or removed when `new` is _DROP)."""
    out = copy.deepcopy(value)
    if not path:
        return new
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    if new is _DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return out


_DROP = object()


@pytest.fixture(scope="module")
def real_export(tmp_path_factory):
    from minidata import Mini
    from test_compliance import COMPLIANCE

    m = Mini(tmp_path_factory.mktemp("export") / "repo")
    m.write("compliance.yaml", COMPLIANCE)
    data = export.to_json_dict(m.load())
    return data, list(_paths(data))


def test_the_real_export_passes_and_diffs_to_itself_as_unchanged(real_export):
    data, paths = real_export
    assert len(paths) > 500 and all(data.get(k) for k in ("events", "figures", "agreements", "provisions", "assessments"))
    checked = parse_export(json.dumps(data).encode("utf-8"), "export.json")
    assert diff.diff_exports(checked, data).records == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_real_export_with_any_value_bent_is_accepted_or_one_clean_refusal(real_export, draw):
    data, paths = real_export
    path = draw.draw(st.sampled_from(paths), label="path")
    new = draw.draw(st.one_of(json_values, st.just(_DROP)) if path else json_values, label="new")
    bent = _bent(data, path, new)
    try:
        checked = parse_export(json.dumps(bent).encode("utf-8"), "upload.json")
    except ExportFileError as exc:
        text = str(exc)
        assert text.startswith("upload.json: ") and "\n" not in text and "Traceback" not in text
        return
    result = diff.diff_exports(data, checked)  # what the What changed page and `diff` do with it
    touched = {path[0]} if path else set(RECORD_KINDS)
    assert {r.kind for r in result.records} <= touched | {"dataset"}, (path, result.records[:3])
