"""Safe YAML reading that keeps line numbers and refuses what a hand-coder should be told about.

Returns plain Python data plus a map from each node's path to its 1-based line, so every later
problem can be reported as `data/FILE.yaml:LINE: message`. Dates stay strings (the codebook parses
them); tabs, byte-order marks, non-UTF-8 bytes, duplicate keys, oversized files and alias bombs
are problems, never crashes.

Scalars follow one strict policy (YAML 1.2 core schema, where YAML 1.1 would silently reinterpret):
`yes`/`no`/`on`/`off`/`y`/`n` are refused rather than read as booleans, `1:30` is refused rather than
read as 90 (base 60), and numbers are plain decimals (no octal `010`, hex, binary or `1_000`). Quote
the value to mean the text. U+2028, U+2029, U+0085 and a bare carriage return are refused: PyYAML
counts them as line breaks and editors do not, so every later line number would drift.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from dashboard.dataset.problems import Problem, cap, first_problems
from dashboard.dataset.yaml_scalars import _TAG, _scalar, _tag_problem

MAX_FILE_BYTES = 5 * 1024 * 1024  # hand-coded files are < 100 KB; a synthetic file of 4000 events is ~3 MB
MAX_NODES = 2_000_000  # bound on nodes visited, counting every alias expansion
MAX_DEPTH = 50  # hand-coded records nest about six levels deep
# Bounds on what composing builds, checked as it builds (so a 2.6 MB file of 1.3 M one-character items stops
# after MAX_LIST_ITEMS instead of building every item and a problem for each). A synthetic file of 4,000
# events (2 MB) has 143,000 nodes and lists of 4,000 records; a hand-coded list holds fewer than 100.
MAX_LIST_ITEMS = 20_000
MAX_COMPOSED_NODES = 1_000_000

Path_ = tuple  # a path into the document: ("events", 3, "when", "date")


@dataclass
class YamlDoc:
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the deepest known node on `path` (a missing field reports its parent's line)."""
        for n in range(len(path), -1, -1):
            if tuple(path[:n]) in self.lines:
                return self.lines[tuple(path[:n])]
        return None


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


class _TooMany(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: '2025-11-03' stays a string for the codebook.

    Composing refuses nesting deeper than MAX_DEPTH, so a pathological file ends in a problem
    at its line instead of a RecursionError deep inside the composer.
    """

    _depth = 0
    _composed = 0

    def compose_node(self, parent, index):
        self._depth += 1
        self._composed += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            if isinstance(parent, yaml.SequenceNode) and isinstance(index, int) and index >= MAX_LIST_ITEMS:
                raise _TooMany(self.peek_event().start_mark.line + 1,
                               f"a list of more than {MAX_LIST_ITEMS:,} items; split the records over several files")
            if self._composed > MAX_COMPOSED_NODES:
                raise _TooMany(self.peek_event().start_mark.line + 1,
                               f"more than {MAX_COMPOSED_NODES:,} YAML nodes in one file; split it into several files")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _TooLarge(Exception):
    pass


def read_yaml(path: Path, shown_as: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read one YAML file. On any problem returns (None, problems): nothing half-loaded.

    The size is checked with stat() before a byte is read, so a huge file costs nothing."""
    raw, problem = read_bounded(path, shown_as, MAX_FILE_BYTES, "a data file")
    if problem:
        return None, [problem]
    return parse_yaml(raw, shown_as)


def read_bounded(path: Path, shown_as: str, limit: int, what: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most `limit` bytes, or a problem (never reads more than `limit`)."""
    try:
        st = os.stat(path)  # before open(): opening a named pipe would block
        if not stat.S_ISREG(st.st_mode):
            return None, Problem(shown_as, None, "not a regular file (a folder, device or pipe); remove it")
        if st.st_size > limit:
            return None, Problem(shown_as, None, f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit for {what}")
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)  # a file that grew after the stat is still bounded
    except OSError as exc:
        return None, Problem(shown_as, None, f"cannot read file: {exc.strerror or exc}")
    if len(raw) > limit:
        return None, Problem(shown_as, None, f"file is over the {limit:,}-byte limit for {what}")
    return raw, None


def parse_yaml(raw: bytes, shown_as: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse the bytes of one data file (see read_yaml)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(shown_as, 1, "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8")]
    problems = _line_break_problems(text, shown_as)
    if problems:
        return None, problems
    problems = first_problems(shown_as, (
        (n, "tab character in indentation; YAML indents with spaces")
        for n, line in enumerate(text.split("\n"), 1)  # editors' lines: split on LF only
        if re.match(r"^ *\t", line)))
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, shown_as)]
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, exc.position) + 1
        return None, [Problem(shown_as, line, f"control character U+{exc.character:04X} is not allowed in a data file; remove it")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, None, f"YAML error: {exc}")]
    except _TooDeep as exc:
        return None, [Problem(shown_as, exc.line, f"document is nested more than {MAX_DEPTH} levels deep; refused")]
    except _TooMany as exc:
        return None, [Problem(shown_as, exc.line, f"{exc.message}; refused")]
    except RecursionError:  # not expected with the depth bound, but never a traceback
        return None, [Problem(shown_as, None, f"document is nested too deeply (more than {MAX_DEPTH} levels); refused")]
    if node is None:
        return YamlDoc({}), []
    # Aliases share nodes, so the composed graph stays small even when its expansion is huge
    # (a "billion laughs" bomb). Measure the expansion on the graph, in time linear in the file,
    # before building anything.
    shape_problem = _check_shape(node, shown_as)
    if shape_problem:
        return None, [shape_problem]
    doc = YamlDoc(None)
    loader = _Loader("")
    counter = [0]
    try:
        doc.data = _convert(node, (), doc, loader, counter, problems, shown_as)
    except _TooLarge:  # a safety net: _check_shape already bounds the expansion
        return None, [Problem(shown_as, node.start_mark.line + 1,
                              f"document expands to more than {MAX_NODES:,} nodes (alias bomb?); refused")]
    if problems:
        return None, cap(problems)
    return doc, []


# PyYAML (like the YAML spec) breaks lines at these; editors, grep and git count only LF.
_FOREIGN_BREAKS = re.compile(r"[\u2028\u2029\x85]|\r(?!\n)")
_BREAK_NAMES = {"\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR", "\x85": "U+0085 NEXT LINE",
                "\r": "a bare carriage return (CR without LF)"}


def _line_break_problems(text: str, shown_as: str) -> list[Problem]:
    """Refuse characters that YAML reads as line breaks and editors do not (line numbers would drift)."""
    def found():
        line, pos = 1, 0
        for m in _FOREIGN_BREAKS.finditer(text):
            line, pos = line + text.count("\n", pos, m.start()), m.start()  # incremental: linear in the file
            yield line, (f"{_BREAK_NAMES[m.group()]} is not allowed in a data file (YAML counts it as a line break, "
                         "editors do not); replace it with a space or a real line break")

    return first_problems(shown_as, found())


_CLOSED_EARLY = {'"': re.compile(r':\s*"[^"\n]*"[^\s,}\]#]'), "'": re.compile(r":\s*'[^'\n]*'[^\s,}\]#']")}


def _quote_slip_hint(mark) -> str:
    """A value that goes on after its closing quote: most often a straight quote inside a quoted quote.

    The parser's mark is where the unexpected text starts; when the last non-blank character before it is a
    quote mark, a quoted value ended just there ("No" he said; a value closed on its second line), else the
    line is searched for a quoted value followed directly by more text."""
    buffer = getattr(mark, "buffer", None) or ""
    pointer = getattr(mark, "pointer", None)
    before = buffer[:pointer].rstrip(" ") if isinstance(pointer, int) and 0 < pointer <= len(buffer) else ""
    lines = buffer.split("\n")
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if before.endswith('"') or _CLOSED_EARLY['"'].search(line):
        return ('; a straight " inside a double-quoted value ends it early: copy the article\'s curly quotes (“ ”) '
                'exactly, or write the straight quote as \\"')
    if before.endswith("'") or _CLOSED_EARLY["'"].search(line):
        return "; a ' inside a single-quoted value ends it early: write it as '' or put the value in double quotes"
    return ""


def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str) -> Problem:
    """'YAML syntax error (column C): what', at the problem's line, naming where the construct began."""
    mark = exc.problem_mark or exc.context_mark
    where = f" (column {mark.column + 1})" if mark else ""
    ctx = exc.context_mark
    context = exc.context or ""
    if context and ctx is not None and mark is not None and (ctx.line, ctx.column) != (mark.line, mark.column):
        context += f" (started at line {ctx.line + 1}, column {ctx.column + 1})"
    what = ": ".join(p for p in (context, exc.problem) if p)
    hint = ""
    if "mapping values are not allowed" in what:
        hint = "; a value containing ': ' must be quoted"
    elif "found character '\\t'" in what:
        hint = "; replace the tab with spaces"
    elif "'<scalar>'" in what:
        hint = _quote_slip_hint(mark)
    return Problem(shown_as, mark.line + 1 if mark else None, f"YAML syntax error{where}: {what}{hint}")


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_shape(root, shown_as: str) -> Problem | None:
    """Refuse recursive aliases, over-deep nesting and alias expansions beyond MAX_NODES.

    One iterative pass over the composed node graph with each node's expanded size memoized,
    so the cost is linear in the size of the file however large the expansion would be.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack = [(root, False, 1)]
    while stack:
        node, done, depth = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            size[nid] = min(1 + sum(size[id(c)] for c in _children(node)), MAX_NODES + 1)
            if size[nid] > MAX_NODES:
                return Problem(shown_as, node.start_mark.line + 1,
                               f"aliases here expand the document to more than {MAX_NODES:,} nodes (alias bomb?); refused")
            continue
        if nid in size:
            continue
        if depth > MAX_DEPTH:
            return Problem(shown_as, node.start_mark.line + 1, f"document is nested more than {MAX_DEPTH} levels deep; refused")
        on_path.add(nid)
        stack.append((node, True, depth))
        for child in _children(node):
            if id(child) in on_path:
                return Problem(shown_as, child.start_mark.line + 1, "recursive alias: the node anchored here contains itself; refused")
            if id(child) not in size:
                stack.append((child, False, depth + 1))
    return None


def _convert(node, path, doc, loader, counter, problems, shown_as):
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise _TooLarge
    doc.lines.setdefault(path, node.start_mark.line + 1)
    bad_tag = _tag_problem(node, shown_as)
    if bad_tag:
        problems.append(bad_tag)
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        key_lines: dict = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and (key_node.tag == _TAG + "merge" or key_node.value == "<<"):
                problems.append(Problem(shown_as, key_node.start_mark.line + 1, "merge keys (<<) are not allowed in data files"))
                continue
            bad_tag = _tag_problem(key_node, shown_as)
            if bad_tag:
                problems.append(bad_tag)
                continue
            key = _scalar(key_node, loader, problems, shown_as, policy=False) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, bool) or not isinstance(key, (str, int)):
                shown = f" '{key_node.value}'" if isinstance(key_node, yaml.ScalarNode) else ""
                problems.append(Problem(shown_as, key_node.start_mark.line + 1, f"mapping key{shown} must be a plain name"))
                continue
            if key in out:
                problems.append(Problem(shown_as, key_node.start_mark.line + 1,
                                        f"duplicate key '{key}' (first at line {key_lines[key]})"))
                continue
            key_lines[key] = key_node.start_mark.line + 1
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, path + (key,), doc, loader, counter, problems, shown_as)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), doc, loader, counter, problems, shown_as) for i, item in enumerate(node.value)]
    return _scalar(node, loader, problems, shown_as)
