"""The rule registry: @rule, the external checks, the shared Context and the run over a dataset."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Callable

from dashboard.dataset.problems import Problem


RULE_ID = re.compile(r"R(?:-[A-Z0-9]+)+")


# Modules holding @rule functions that nothing else imports before the rules run.
RULE_MODULES: list[str] = []


# (id, description, fields read, "module:function") of dataset rules check(ds, report) defined elsewhere.
EXTERNAL_CHECKS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("R-INCIDENT-NAMED", "an incident id names an event that carries the same incident id; every record of the incident is "
     "in that event's theatre",
     ("events.incident", "figures.incident"), "dashboard.dataset.windows:check_incidents"),
    ("R-WINDOW-BOUNDS", "effective windows: a reported past fact ends by its latest source's publication; "
     "after:/before: bounds narrow a date or contradict it; a bound naming its own record or closing a cycle, and "
     "bounds that put an end (`until`, a phase's `end`) before its start, are reported", ("events.when", "events.until", "events.status",
     "figures.as_of", "phases.start", "phases.end", "sources.published"), "dashboard.dataset.windows:check_windows"),
    ("R-COMPARISON-THEATRE", "a comparison cell cites at least one sentence from its own theatre's reporting",
     ("comparisons.theatre", "comparisons.citations"), "dashboard.dataset.rules.comparisons:check_comparison_theatres"),
    ("R-COMPLIANCE", "agreements, provisions and assessments: references resolve, dates follow their rules, a relative "
     "deadline resolves to its `deadline`, an assessment after its source is not_yet_due, a derived status follows",
     ("agreements", "provisions", "assessments"), "dashboard.dataset.compliance:check_compliance"),
    ("R-COMPLIANCE-DATES", "deadlines and statuses agree with the resolved dates: no deadline before its agreement "
     "existed (the earlier of `signed` and `effective` it has), no fulfilled or partly_fulfilled before then, no "
     "not_yet_due after the deadline, no overdue "
     "before it (windows that may still overlap are not a problem)",
     ("provisions.deadline", "assessments.status", "assessments.as_of", "agreements.signed", "agreements.effective"),
     "dashboard.dataset.compliance:check_compliance_dates"),
    ("R-DERIVED-METRIC", "a derived status rests on figures of the metric its provision names as still undone "
     "(`outstanding_metric`), in the agreement's theatre", ("assessments.derived", "provisions.outstanding_metric",
     "figures.metric", "figures.theatre"), "dashboard.dataset.compliance:check_derived_metric"),
    # cross-record rules (rules/cross.py): after the windows and the compliance rules they read
    ("R-CROSS-CLAIMANT", "one cited sentence, one claimant: figures, comparison cells and assessments quoting the same "
     "words have the same claimant, unless a record says why (a `note` naming the other claimant; the author's "
     "record naming the claimant it reports)",
     ("figures.claimant", "comparisons.claimant", "assessments.claimant", "citations"),
     "dashboard.dataset.rules.cross:check_same_sentence_same_claimant"),
    ("R-CROSS-STATUS", "one claimant's sentence split over several provisions carries one status, unless an "
     "assessment's `note` names the other provision and says why", ("assessments.status", "assessments.note", "citations"),
     "dashboard.dataset.rules.cross:check_one_status_per_sentence"),
    ("R-FIGURE-IN-EVENT", "a figure linked to an event lies inside the event's effective window, unless its "
     "`as_of.note` names the event and says why", ("figures.event", "figures.as_of", "events.when", "events.until"),
     "dashboard.dataset.rules.cross:check_figure_inside_event"),
    ("R-OBLIGATED-NAMED", "`obligated` names only parties the provision's cited sentences name; when it is empty the "
     "summary says the text does not say who is bound (and never both)", ("provisions.obligated", "provisions.summary",
     "provisions.citations"), "dashboard.dataset.rules.cross:check_obligated_named"),
    ("R-NOTE-PUBLICATION", "a date note that states its source's publication date states the narrowed publication "
     "window", ("when.note", "as_of.note", "sources.published"), "dashboard.dataset.rules.cross:check_publication_notes"),
]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    reads: tuple[str, ...]
    check: Callable
    kinds: tuple[str, ...] = ()  # record kinds a record rule runs over; () for a dataset rule
    module: str = ""

    @property
    def scope(self) -> str:
        return ", ".join(self.kinds) if self.kinds else "dataset"


RULES: list[Rule] = []


def register(check: Callable, id: str, description: str, reads: tuple[str, ...] | list[str],
             kinds: tuple[str, ...] = ()) -> Callable:
    """Add a rule to the registry (what the @rule decorator does); returns `check` unchanged."""
    if not RULE_ID.fullmatch(id):
        raise ValueError(f"rule id {id!r} must look like R-AREA-WHAT (capitals, digits, hyphens)")
    if any(r.id == id for r in RULES):
        raise ValueError(f"rule id {id!r} is registered twice")
    if not description or "\n" in description:
        raise ValueError(f"rule {id}: give a one-line description")
    RULES.append(Rule(id, description, tuple(reads), check, tuple(kinds), getattr(check, "__module__", "")))
    return check


def rule(id: str, description: str, reads: tuple[str, ...] | list[str], kinds: tuple[str, ...] = ()):
    """Decorator: register `check` as rule `id` (see the module docstring for the two signatures)."""
    return lambda check: register(check, id, description, reads, kinds)


_loaded = False


def all_rules() -> list[Rule]:
    """Every rule in run order: the built-in ones, then those of RULE_MODULES and EXTERNAL_CHECKS."""
    global _loaded
    if not _loaded:
        _loaded = True
        for name in RULE_MODULES:
            importlib.import_module(name)
        for rid, description, reads, target in EXTERNAL_CHECKS:
            module, _, func = target.partition(":")
            register(getattr(importlib.import_module(module), func), rid, description, reads)
    record_rules = [r for r in RULES if r.kinds]
    return record_rules + [r for r in RULES if not r.kinds]


@dataclass
class Context:
    """What the rules share while one dataset is checked. Called as report(kind, id, message, at=())."""

    ds: object  # loader.Dataset
    located: dict  # (kind, id) -> (YamlDoc, path of the record in it)
    failed: dict  # (kind, id) of records refused by the codebook -> "data/FILE.yaml:LINE"
    unreadable: list  # files refused whole: their records are unknown
    root: object  # where seeds/ is resolved
    problems: list = field(default_factory=list)
    published: dict = field(default_factory=dict)  # source id -> dates.Window of its publication
    seed_raw: dict = field(default_factory=dict)  # source id -> seed bytes (hashed into the version)
    excluded: dict = field(default_factory=dict)  # source id -> [(start, end)] of every excluded occurrence
    occurrences: dict = field(default_factory=dict)  # id(citation) -> start offsets of its quote in the text
    cache: dict = field(default_factory=dict)  # per-text derived structures (sentences, captions)

    def __call__(self, kind: str, rid: str, message: str, at: tuple = ()) -> None:
        doc, path = self.located[(kind, rid)]
        self.problems.append(Problem(self.ds.origins[(kind, rid)].file, doc.line_of(path + tuple(at)),
                                     f"{kind[:-1]} '{rid}': {message}"))

    def by_id(self, kind: str) -> dict:
        """Loaded records of `kind` by id (computed once: the rules do not add or remove records)."""
        key = ("by-id", kind)
        if key not in self.cache:
            self.cache[key] = {r.id: r for r in getattr(self.ds, kind)}
        return self.cache[key]

    def ids(self, kind: str) -> set[str]:
        key = ("ids", kind)
        if key not in self.cache:
            self.cache[key] = set(self.by_id(kind))
        return self.cache[key]

    def unknown(self, kind: str, value: str, ids: set[str] | None = None) -> str:
        """'unknown phase 'x'; did you mean ...', or why a reference to a refused record does not resolve."""
        import difflib

        if (kind, value) in self.failed:
            return f"{kind[:-1]} '{value}' is not loaded because it has problems of its own (at {self.failed[(kind, value)]})"
        ids = self.ids(kind) if ids is None else ids
        close = difflib.get_close_matches(value, sorted(ids), n=2)
        message = f"unknown {kind[:-1]} '{value}'" + (f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "")
        if self.unreadable:
            message += f" (it may be defined in {', '.join(self.unreadable)}, which could not be read)"
        return message


class RecordReport:
    """`report(message, at=())` for one record, as a record rule receives it; `.ctx` is the Context."""

    __slots__ = ("ctx", "kind", "rid")

    def __init__(self, ctx: Context, kind: str, rid: str):
        self.ctx, self.kind, self.rid = ctx, kind, rid

    def __call__(self, message: str, at: tuple = ()) -> None:
        self.ctx(self.kind, self.rid, message, at)


def run(ctx: Context) -> list[Problem]:
    """Run every rule over the dataset in `ctx`; returns the problems found (also in ctx.problems)."""
    for r in all_rules():
        if r.kinds:
            for kind in r.kinds:
                for rec in getattr(ctx.ds, kind):
                    r.check(rec, RecordReport(ctx, kind, rec.id))
        else:
            r.check(ctx.ds, ctx)
    return ctx.problems


def catalogue() -> list[dict]:
    """The rules as rows (id, scope, description, reads, module), for the CLI and the docs."""
    return [{"id": r.id, "scope": r.scope, "description": r.description, "reads": ", ".join(r.reads), "module": r.module}
            for r in all_rules()]


def markdown_table() -> str:
    """The rules as the Markdown table in docs/CODING.md."""
    rows = ["| Rule | Checks | Reads |", "| --- | --- | --- |"]
    rows += [f"| `{r['id']}` | {r['description']} | {r['reads']} |" for r in catalogue()]
    return "\n".join(rows)
