"""Round-trip YAML edits that keep a hand-coded file's comments and layout (ruamel.yaml). No Streamlit import.

Reading for validation stays in `yamlio` (PyYAML, line numbers, hostile-input checks); this module only
writes: it appends a record to a list in a data file, or an entry to the sources manifest, and leaves
every other byte of the file as it was (a load and dump of an untouched file is byte-identical).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

# Fields the data files always write in double quotes (dates, so `2024` stays a string; quotes, so
# curly quotes, colons and dashes in them never need thought).
QUOTED_FIELDS = {"date", "quote"}


def round_trip_yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long quote
    y.indent(mapping=2, sequence=4, offset=2)  # the layout of every file in data/
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def dumps(doc) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(doc, out)
    return out.getvalue()


def _styled(value, key=None):
    """Plain data -> data whose dates and quotes are double-quoted, as in the hand-written files."""
    if isinstance(value, dict):
        return {k: _styled(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v) for v in value]
    if key in QUOTED_FIELDS and isinstance(value, (str, int)) and not isinstance(value, bool):
        return DoubleQuotedScalarString(str(value))
    return value


def as_node(record: dict) -> CommentedMap:
    """A plain record as a ruamel node laid out like the rest of the file."""
    y = round_trip_yaml()
    text = dumps(_styled(record))
    return y.load(text)


def preview(kind: str, record: dict) -> str:
    """The record as `append_record` will write it, under its list key."""
    return dumps({kind: [as_node(record)]})


def _last_leaf(node):
    """(container, key) of the last scalar in a node: where ruamel keeps the blank line after it."""
    while True:
        if isinstance(node, CommentedMap) and node:
            key = list(node)[-1]
            if isinstance(node[key], (CommentedMap, CommentedSeq)) and node[key]:
                node = node[key]
                continue
            return node, key
        if isinstance(node, CommentedSeq) and node:
            idx = len(node) - 1
            if isinstance(node[idx], (CommentedMap, CommentedSeq)) and node[idx]:
                node = node[idx]
                continue
            return node, idx
        return None, None


def append_to_list(doc: CommentedMap, kind: str, record: dict) -> None:
    """Append `record` to the list `kind` of a loaded document (creating the list if absent)."""
    seq = doc.get(kind)
    if seq is None:
        doc[kind] = seq = CommentedSeq()
    if not isinstance(seq, CommentedSeq):
        raise ValueError(f"'{kind}' in this file is not a list")
    node = as_node(record)
    if seq:
        # ruamel stores the blank line that separates this list from the next key on the last record's
        # last scalar; copy it onto the new record so the file keeps a blank line between sections.
        container, key = _last_leaf(seq[-1])
        token = container.ca.items.get(key) if container is not None else None
        new_container, new_key = _last_leaf(node)
        if token is not None and new_container is not None and new_key not in new_container.ca.items:
            new_container.ca.items[new_key] = copy.deepcopy(token)
    seq.fa.set_block_style()
    seq.append(node)


def append_citation(doc: CommentedMap, kind: str, record_id: str, citation: dict) -> None:
    """Add `citation` to the `citations` of the record `record_id` in the list `kind` of a loaded document."""
    seq = doc.get(kind)
    node = next((r for r in seq or [] if isinstance(r, CommentedMap) and r.get("id") == record_id), None)
    if node is None:
        raise ValueError(f"no {kind} record '{record_id}' in this file")
    cites = node.get("citations")
    if cites is None:
        node["citations"] = cites = CommentedSeq()
    if not isinstance(cites, CommentedSeq):
        raise ValueError(f"the citations of '{record_id}' are not a list")
    new = as_node(citation)
    if cites:
        # the blank line (or comment) after the record sits on its last scalar, which may be the last citation's:
        # move it onto the new citation, so the new one is inside the record and the blank line still follows it
        container, key = _last_leaf(cites[-1])
        token = container.ca.items.pop(key, None) if container is not None else None
        new_container, new_key = _last_leaf(new)
        if token is not None and new_container is not None:
            new_container.ca.items[new_key] = token
    cites.append(new)


def append_record(path: Path, kind: str, record: dict) -> str:
    """Append a record to a data file in place; returns the new text. Comments and layout survive."""
    path = Path(path)
    y = round_trip_yaml()
    doc = y.load(path.read_text(encoding="utf-8"))
    if doc is None:
        doc = CommentedMap()
    append_to_list(doc, kind, record)
    text = dumps(doc)
    path.write_text(text, encoding="utf-8")
    return text
