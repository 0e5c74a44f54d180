"""Coverage: every number and date expression in each article, and whether the coding covers it.

An item is covered when it lies inside some citation's span in that source, excluded when it lies
inside an excluded passage (page furniture, reader comments), and uncovered otherwise.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from dashboard.dataset.loader import Dataset
from dashboard.dataset.rules.text import excluded_spans

_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands "
    "million millions billion dozen dozens half twice first second third fourth fifth"
).split()
# A number ends on a digit: the comma or full stop after "Oct. 10," is punctuation, not part of it.
NUMBER_RX = re.compile(r"\$?\d(?:[\d,.]*\d)?(?:%|-day|-month|-year|-point|-hour)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
DATE_RX = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|today|yesterday|tomorrow|"
    r"(?:this|last|next|coming) (?:week|month|year|weekend)|earlier this (?:week|month|year)|weekend|"
    r"(?:past|coming) (?:\w+ )?(?:weeks|months|days|years))\b"
    # abbreviated months end in a full stop, after which there is no word boundary to match
    r"|\b(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\."
)


@dataclass
class Item:
    kind: str  # number | date
    text: str
    start: int
    line: int
    status: str  # covered | excluded | uncovered
    by: str = ""
    context: str = ""


@dataclass
class SourceCoverage:
    source_id: str
    items: list[Item] = field(default_factory=list)
    exclusions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def covered(self) -> int:
        return sum(i.status == "covered" for i in self.items)

    @property
    def excluded(self) -> int:
        return sum(i.status == "excluded" for i in self.items)

    @property
    def uncovered(self) -> int:
        return sum(i.status == "uncovered" for i in self.items)


def scan(text: str) -> list[tuple[str, re.Match]]:
    """Every number and date expression in a text, as (kind, match) in reading order."""
    found = [("number", m) for m in NUMBER_RX.finditer(text)] + [("date", m) for m in DATE_RX.finditer(text)]
    return sorted(found, key=lambda km: km[1].start())


def coverage_report(ds: Dataset, only: str | None = None) -> list[SourceCoverage]:
    """Coverage of every source (or only the source `only`; an unknown id raises KeyError)."""
    if only is not None and only not in ds.texts:
        close = difflib.get_close_matches(only, sorted(ds.texts), n=2)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else f"; sources: {', '.join(sorted(ds.texts))}"
        raise KeyError(f"unknown source '{only}'{hint}")
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for kind in ("events", "figures", "phases", "comparisons", "agreements", "provisions", "assessments"):
        for rec in getattr(ds, kind):
            for c in rec.citations:
                spans.setdefault(c.source, []).append((c.start, c.end, f"{kind[:-1]}:{rec.id}"))
    out = []
    for src in ds.sources:
        if only and src.id != only:
            continue
        text = ds.texts[src.id]
        cov = SourceCoverage(src.id, exclusions=[(x.quote, x.reason) for x in src.excluded])
        reason_of = {x.quote: x.reason for x in src.excluded}
        ex_spans = [(a, b, reason_of[text[a:b]]) for a, b in excluded_spans(text, list(reason_of))]
        for kind, m in scan(text):
            s, e = m.start(), m.end()
            by = [rid for a, b, rid in spans.get(src.id, []) if a <= s and e <= b]
            ex = [reason for a, b, reason in ex_spans if a <= s and e <= b]  # every occurrence is excluded
            status = "covered" if by else "excluded" if ex else "uncovered"
            line = text.count("\n", 0, s) + 1
            context = text[max(0, s - 50): e + 50].replace("\n", " ")
            cov.items.append(Item(kind, m.group(0), s, line, status, (by or ex or [""])[0], context))
        out.append(cov)
    return out


def format_report(report: list[SourceCoverage], show_covered: bool = False) -> str:
    lines = []
    total = [0, 0, 0]
    for cov in report:
        total[0] += cov.covered
        total[1] += cov.excluded
        total[2] += cov.uncovered
        n = len(cov.items)
        lines.append(f"== {cov.source_id}: {n} numbers/date expressions: {cov.covered} covered, "
                     f"{cov.excluded} excluded, {cov.uncovered} uncovered")
        for item in cov.items:
            if item.status == "uncovered" or show_covered:
                lines.append(f"  {item.status:9} line {item.line:3} {item.kind:6} {item.text!r:18} {item.by}  …{item.context}…")
        for quote, reason in cov.exclusions:
            lines.append(f"  excluded passage ({reason}): {quote[:70]}{'…' if len(quote) > 70 else ''}")
    lines.append(f"TOTAL: {sum(total)} items: {total[0]} covered, {total[1]} excluded, {total[2]} uncovered")
    return "\n".join(lines)
