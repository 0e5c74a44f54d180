"""Problems in the data, as `data/FILE.yaml:LINE: message`, capped per file and ordered."""

from __future__ import annotations

import re
from dataclasses import dataclass


MAX_PROBLEMS_PER_FILE = 50  # more are counted, not listed: the first ones are what a coder fixes first


# Characters that would break the one-line `FILE:LINE: message` form when a message echoes a value.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` with line breaks and control characters escaped repr-style (`\\n`, `\\u2028`)."""
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), str(text))


@dataclass
class Problem:
    file: str
    line: int | None
    message: str

    def __post_init__(self) -> None:
        self.file, self.message = one_line(self.file), one_line(self.message)

    def __str__(self) -> str:
        return f"{self.file}:{self.line if self.line is not None else 1}: {self.message}"


def first_problems(shown_as: str, found, limit: int | None = None) -> list[Problem]:
    """Problems from (line, message) pairs in line order: the first `limit`, then one line counting the rest
    (counted without building them, so a file of a million mistakes costs no more than reading it)."""
    limit = MAX_PROBLEMS_PER_FILE if limit is None else limit
    out: list[Problem] = []
    rest = 0
    for line, message in found:
        if len(out) < limit:
            out.append(Problem(shown_as, line, message))
        else:
            rest += 1
    if rest:
        out.append(_more(shown_as, out[-1].line, rest, limit))
    return out


_MORE = re.compile(r"and ([0-9,]+) more problems in this file")


def _more(shown_as: str, line: int | None, rest: int, limit: int) -> Problem:
    return Problem(shown_as, line, f"and {rest:,} more problems in this file (only the first {limit} are listed)")


class ProblemLog:
    """Collects problems with bounded memory: per file the first `limit` by line, and a count of all."""

    def __init__(self, limit: int | None = None):
        self.limit = MAX_PROBLEMS_PER_FILE if limit is None else limit
        self._kept: dict[str, list[Problem]] = {}
        self._counts: dict[str, int] = {}
        self._stopped: dict[str, Problem] = {}  # files whose checking stopped at the cap: the line that says so

    def stop(self, p: Problem) -> None:
        """Record that checking `p.file` stopped at the cap (listed after that file's problems, not counted)."""
        self._stopped[p.file] = p
        self._counts.setdefault(p.file, 0)

    @property
    def stopped(self) -> bool:
        return bool(self._stopped)

    def count(self, file: str) -> int:
        return self._counts.get(file, 0)

    def append(self, p: Problem) -> None:
        m = _MORE.match(p.message)
        self._counts[p.file] = self._counts.get(p.file, 0) + (int(m.group(1).replace(",", "")) if m else 1)
        if m:  # a count from a reader that already capped its list: folded into this file's own count
            return
        kept = self._kept.setdefault(p.file, [])
        kept.append(p)
        if len(kept) > 2 * self.limit:  # amortized: sort and cut back now and then, not on every append
            kept.sort(key=_order)
            del kept[self.limit:]

    def extend(self, problems) -> None:
        for p in problems:
            self.append(p)

    def __iadd__(self, problems) -> "ProblemLog":
        self.extend(problems)
        return self

    @property
    def total(self) -> int:
        return sum(self._counts.values())

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return bool(self._counts) or bool(self._stopped)

    def listed(self) -> list[Problem]:
        """The kept problems in file and line order, each capped file followed by its "and K more" line."""
        out: list[Problem] = []
        for name in sorted(self._kept.keys() | self._counts.keys()):
            kept = sorted(self._kept.get(name, []), key=_order)[:self.limit]
            out += kept
            rest = self._counts[name] - len(kept)
            if rest > 0:
                out.append(_more(name, kept[-1].line if kept else None, rest, self.limit))
            if name in self._stopped:
                out.append(self._stopped[name])
        return out


def _order(p: Problem):
    return (p.line or 0, p.message)


def cap(problems, limit: int | None = None) -> list[Problem]:
    """The first `limit` problems of each file (by line), plus one line counting the rest."""
    log = ProblemLog(limit)
    log.extend(problems)
    return log.listed()
