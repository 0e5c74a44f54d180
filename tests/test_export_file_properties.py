"""Property tests over export JSON shapes (issue 24): whatever an upload or a `diff FILE` holds, parse_export
either returns a checked export or raises ExportFileError with one line naming the file; never anything else."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import diff
from dashboard.export_file import ExportFileError, parse_export
from dashboard.models import RECORD_KINDS

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
