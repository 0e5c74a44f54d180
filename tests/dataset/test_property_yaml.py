"""Property tests: YAML documents built from the hostile classes of issue 11 (YAML 1.1 booleans,
sexagesimals, octal/hex numbers, odd Unicode and line separators, NaN/infinity, huge numbers, bad
dates) either load with every value exactly as written, or fail with problems that are each one line
`data/FILE.yaml:LINE: message`. Never an exception, never a silently coerced value."""

from __future__ import annotations

import datetime
import hashlib
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from dashboard.dataset.loader import DataError, load_dataset
from minidata import ALPHA, ARTICLE, BETA, FILES

A = "articles/alpha.yaml"
ONE_LINE = re.compile(r"data/[^\n]+\.ya?ml:[0-9]+: [^\n]+")
DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?(?:0|[1-9][0-9]*)")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Where a generated scalar goes: (text to replace in the mini article, how the new line starts, field kind).
TARGETS = {
    "fatalities": ("    fatalities: 12\n", "    fatalities: ", "int"),
    "value": ("    value: 3\n", "    value: ", "float"),
    "key": ("    key: true\n", "    key: ", "bool"),
    "location": ("    location: Cairo\n", "    location: ", "str"),
    "summary": ("    summary: Talks on the ceasefire resume in Cairo with Egyptian, Qatari and US mediators.\n",
                "    summary: ", "str"),
    "date": ('      date: "2025-11-17"\n', "      date: ", "date"),
}

ODD_CHARS = "\u2028\u2029\x85\r\n\t\u200b\u202e\u00a0２０１９é🕊️\"'#:&*!|>%@`{}[],-?\\"

scalars = st.one_of(
    st.sampled_from(["yes", "no", "on", "off", "Yes", "NO", "On", "OFF", "y", "n", "true", "false", "True", "FALSE", "~", "null"]),
    st.builds(lambda a, b: f"{a}:{b:02d}", st.integers(-200, 200), st.integers(0, 59)),  # sexagesimal 1:30
    st.builds(lambda a, b, c: f"{a}:{b:02d}:{c:02d}.5", st.integers(0, 99), st.integers(0, 59), st.integers(0, 59)),
    st.sampled_from(["012", "0o17", "0x1f", "0b101", "1_000", "+7", "-0", "007", "1e3", "1.5e+300", "1e30"]),
    st.sampled_from([".nan", ".NaN", ".inf", "-.inf", "+.INF", "nan", "inf"]),
    st.integers(-10**40, 10**40).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["２０２５-11-17", "2025-11-17\n", "2025-11-17 ", "9999-12-31", "0001-01-01", "2025-02-30",
                     "2025-13-01", "20251117", "2025-11", "", "1899-12-31", "2101-01-01", "2025-11-17T00:00"]),
    st.text(alphabet=st.sampled_from(ODD_CHARS + "abc XYZ 0123456789"), max_size=30),
)

styles = st.sampled_from(["plain", "double", "single"])


def render(raw: str, style: str) -> str:
    """The scalar as YAML text: plain (as typed), double-quoted (JSON escapes, raw Unicode) or single-quoted."""
    if style == "double":
        return json.dumps(raw, ensure_ascii=False)  # escapes \n and controls; keeps U+2028 and U+0085 raw
    if style == "single":
        return "'" + raw.replace("'", "''") + "'"
    return raw


def yaml12(rendered: str):
    """What YAML 1.2 (ruamel.yaml, the reference here) reads the scalar as; a unique marker when it cannot."""
    try:
        value = YAML(typ="safe", pure=True).load("x: " + rendered + "\n")["x"]
    except Exception:  # not YAML at all: then the loader must refuse it too
        if re.fullmatch(r"\d{4}-\d\d?-\d\d?", rendered):
            # ruamel's timestamp resolver (not YAML 1.2, whose core schema has no timestamps) raises on an
            # impossible date such as 2025-02-30: YAML 1.2 reads it as text, as the loader does
            return rendered
        return NOT_YAML
    # The core schema has no timestamps (ruamel adds them): a date stays its text, as in the loader.
    return value.isoformat() if isinstance(value, datetime.date) else value


NOT_YAML = object()


class MiniOnce:
    """The mini dataset of conftest.Mini, built once per module (hypothesis reruns the test body many times)."""

    def __init__(self, root):
        self.root, self.data = root, root / "data"
        (root / "seeds").mkdir(parents=True)
        (self.data / "articles").mkdir(parents=True)
        shas = {}
        for name, text in (("alpha", ALPHA), ("beta", BETA)):
            (root / "seeds" / f"{name}.txt").write_bytes(text.encode("utf-8"))
            shas[f"{name}_sha"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        for name, text in FILES.items():
            self.write(name, text.format(**shas) if name == "sources.yaml" else text)

    def write(self, name: str, text: str) -> None:
        (self.data / name).write_bytes(text.encode("utf-8"))

    def load(self):
        return load_dataset(self.data, root=self.root)


@pytest.fixture(scope="module")
def mini_once(tmp_path_factory):
    return MiniOnce(tmp_path_factory.mktemp("property") / "repo")


def load_with(m: MiniOnce, target: str, raw: str, style: str):
    old, prefix, _ = TARGETS[target]
    m.write(A, ARTICLE.replace(old, prefix + render(raw, style) + "\n", 1))
    return m.load()


def assert_one_line_problems(exc: DataError) -> None:
    assert exc.problems, "DataError without problems"
    for p in exc.problems:
        assert ONE_LINE.fullmatch(str(p)), repr(str(p))


def assert_as_written(ds, target: str, raw: str, style: str) -> None:
    """The loaded value is what the text means in YAML 1.2, of the field's own type (no coercion)."""
    kind = TARGETS[target][2]
    meant = yaml12(render(raw, style))
    event = ds.by_id("events")["strikes-khan-younis"]
    if meant is None:  # an explicit null (`~`, `null`, nothing) of an optional field
        loaded = {"fatalities": event.fatalities, "location": ds.by_id("events")["cairo-talks"].location}
        assert target in loaded and loaded[target] is None, (raw, target)
    elif kind == "int":
        assert type(meant) is int and event.fatalities == meant and DECIMAL_INT.fullmatch(raw), (raw, meant)
    elif kind == "float":
        assert type(meant) in (int, float) and ds.by_id("figures")["wounded-khan-younis"].value == meant, (raw, meant)
        assert DECIMAL_FLOAT.fullmatch(raw), raw
    elif kind == "bool":
        assert type(meant) is bool and event.key is meant, (raw, meant)
    elif target == "location":
        assert ds.by_id("events")["cairo-talks"].location == meant, (raw, meant)
    elif target == "summary":
        assert ds.by_id("events")["cairo-talks"].summary == meant, (raw, meant)
    else:  # the date: ASCII and exact (YAML 1.2 would read a plain one as a timestamp: compare its text)
        assert event.when.date == meant and ISO_DAY.fullmatch(event.when.date), (raw, meant)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(sorted(TARGETS)), raw=scalars, style=styles)
def test_a_generated_scalar_loads_as_written_or_is_a_one_line_problem(mini_once, target, raw, style):
    try:
        ds = load_with(mini_once, target, raw, style)
    except DataError as exc:
        assert_one_line_problems(exc)
    else:
        assert_as_written(ds, target, raw, style)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.tuples(st.sampled_from(sorted(TARGETS)), scalars, styles), min_size=2, max_size=4))
def test_several_hostile_scalars_at_once(mini_once, lines):
    text = ARTICLE
    for target, raw, style in lines:
        old, prefix, _ = TARGETS[target]
        text = text.replace(old, prefix + render(raw, style) + "\n", 1)
    mini_once.write(A, text)
    try:
        mini_once.load()
    except DataError as exc:
        assert_one_line_problems(exc)


@pytest.mark.parametrize("target, raw, style", [
    ("fatalities", "12", "plain"), ("value", "3.5", "plain"), ("key", "false", "plain"),
    ("location", "yes", "double"), ("location", "1:30", "single"), ("summary", "Talks \u00e9 🕊️ resume", "double"),
    ("date", "2025-11-17", "double"),
])
def test_values_as_written_load(mini_once, target, raw, style):  # the good cases the property must allow
    assert_as_written(load_with(mini_once, target, raw, style), target, raw, style)


@pytest.mark.parametrize("target, raw, style", [
    ("key", "yes", "plain"), ("value", "1:30", "plain"), ("fatalities", "true", "plain"), ("value", "12", "double"),
    ("value", ".nan", "plain"), ("value", "1e30", "plain"), ("fatalities", "1" + "0" * 30, "plain"),
    ("date", "２０２５-11-17", "double"), ("date", "2025-11-17\n", "double"), ("date", "9999-12-31", "double"),
    ("summary", "a\u2028b", "double"), ("location", "x\x85y", "double"),
])
def test_hostile_values_are_one_line_problems(mini_once, target, raw, style):
    with pytest.raises(DataError) as exc:
        load_with(mini_once, target, raw, style)
    assert_one_line_problems(exc.value)
