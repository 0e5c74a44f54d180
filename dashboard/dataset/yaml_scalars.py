"""The strict scalar policy of the YAML files: which plain scalars are text, numbers, dates or refused."""

from __future__ import annotations

import re

import yaml

from dashboard.dataset.problems import Problem


_TAG = "tag:yaml.org,2002:"


PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}


def _tag_problem(node, shown_as: str) -> Problem | None:
    """Data files hold plain scalars, lists and mappings: any other tag (!!python/..., !!binary, !!set) is refused."""
    if node.tag in PLAIN_TAGS:
        return None
    shown = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
    if node.tag == _TAG + "merge":
        return Problem(shown_as, node.start_mark.line + 1, "merge keys (<<) are not allowed in data files")
    return Problem(shown_as, node.start_mark.line + 1,
                   f"YAML tag '{shown}' is not allowed in data files; write a plain value (quote it if it starts with ! or &)")


# The strict scalar policy: the forms YAML 1.2's core schema gives these tags. YAML 1.1 (PyYAML) also
# reads yes/no/on/off as booleans and 1:30 as 90, 010 as 8, 0x1f, 0b11 and 1_000 as numbers.
_STRICT_FORMS = {
    _TAG + "bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    _TAG + "int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    _TAG + "float": re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
}


# Plain scalars YAML 1.2 reads as numbers and PyYAML (1.1) as text: 0o17, 1e3, 2E-5.
_NUMBER_12 = re.compile(r"[-+]?0o[0-7]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


def _policy_problem(node, loader) -> str | None:
    """Why a scalar that YAML 1.1 and 1.2 read differently is refused (None: it is fine)."""
    if (node.tag == _TAG + "str" and node.style is None and _NUMBER_12.fullmatch(node.value)
            and loader.resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag):  # not `!!str 2024`
        return (f"'{node.value}' is a number in YAML 1.2 but text in YAML 1.1: write it as a plain decimal "
                "(1000, 0.00002), or quote it to mean the text")
    form = _STRICT_FORMS.get(node.tag)
    if form is None or form.fullmatch(node.value):
        return None
    value = node.value
    if loader.resolve(yaml.ScalarNode, value, (True, False)) != node.tag:
        return f"value '{value}' is not a valid {node.tag[len(_TAG):]}; remove the !! tag"
    if node.tag == _TAG + "bool":
        return f"'{value}' is a YAML 1.1 boolean: write true or false, or quote it (\"{value}\") to mean the word"
    if ":" in value:
        return (f"'{value}' would be read as a base-60 number by YAML 1.1: quote it (\"{value}\") "
                "for a time or ratio, or write the number in decimal")
    return (f"'{value}' is not a plain decimal number (YAML 1.1 reads it as octal, hex, binary or with digit separators): "
            "write decimal digits without leading zeros or underscores, or quote it")


def _scalar(node, loader, problems, shown_as, policy=True):
    refused = policy and _policy_problem(node, loader)  # a key gets its own message below
    if refused:
        problems.append(Problem(shown_as, node.start_mark.line + 1, refused))
        return None
    try:
        value = loader.construct_object(node)
    except Exception:  # an explicit !!int / !!float / !!bool tag on a value that is not one
        problems.append(Problem(shown_as, node.start_mark.line + 1,
                                f"value '{node.value}' is not a valid {node.tag[len(_TAG):]}; remove the !! tag"))
        return None
    # The parsed value, not only the raw text: a double-quoted "\0", "\e", "\v", "\f" or "\x07" is an
    # escape in the file and a control character in the data.
    bad = CONTROL_IN_VALUE.search(value) if isinstance(value, str) else None
    if bad:
        problems.append(Problem(shown_as, node.start_mark.line + 1,
                                f"value holds control character U+{ord(bad.group()):04X} (written as an escape such as "
                                "\\0, \\e, \\v or \\f); remove it"))
        return None
    return value


# C0 and C1 control characters. Not NEL (U+0085) nor the line and paragraph separators (U+2028/U+2029): articles
# hold them inside sentences, and a verbatim quote keeps them (add-source writes them as escapes).
CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
