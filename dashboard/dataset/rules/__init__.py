"""The validation rules of the dataset: a registry of small named checks, run by the loader in one pass.

Each rule has an id (`R-CITE-VERBATIM`), a one-line description, the fields it reads and a function.
`python -m dashboard rules` lists them; docs/CODING.md ("Validation rules") is generated from the list.
The loader first reads the YAML (dashboard/dataset/yamlio.py: syntax, the strict scalar policy, sizes) and
validates each record against the codebook (dashboard/codebook/); the rules then run, in registry order,
over the records that passed, and every problem is collected as `data/FILE.yaml:LINE: message`.

Two kinds of rule:

* A record rule, `kinds=("events", ...)`, is called once per record of those kinds as `check(rec, report)`;
  `report(message, at=())` reports at the line of the field path `at` inside the record (e.g.
  `("citations", 0, "quote")`), and `report.ctx` is the `Context` of registry.py.
* A dataset rule (no `kinds`) is called once as `check(ds, report)` with the loaded `Dataset`, after
  every record rule has run (quotes spanned, windows checked); `report(kind, id, message, at=())` reports
  a problem of record `id` of `kind` ("events", "figures", ...), at the line of field path `at`.

Registering a rule from another module (e.g. dashboard/dataset/windows.py, a compliance module), either way:

1. One decorator, on a `check_xxx(ds, report)` function in a module the loader imports (list the module
   in `RULE_MODULES` (registry.py) if nothing else imports it before `load_dataset` runs):

       from dashboard.dataset.rules.registry import rule

       @rule("R-WINDOW-PAST-FACT", "a reported past fact ends by its latest source's publication",
             reads=("events.when", "events.until", "events.status"))
       def check_windows(ds, report):
           ...
           report("events", ev.id, "until: ... ; write ...", ("until", "date"))

2. One list entry in `EXTERNAL_CHECKS` (registry.py), for an undecorated `check_xxx(ds, report)` (imported lazily
   when the rules first run, so the module may import the loader without an import cycle):

       ("R-WINDOW-PAST-FACT", "a reported past fact ends ...", ("events.when", "events.until"),
        "dashboard.dataset.windows:check_windows"),

Ids are unique (a second registration of an id is an error at import) and written `R-AREA-WHAT`.
A rule reports problems; it never raises for bad data, and it does not mutate records other than to
fill the fields the loader computes (citation spans).
"""

from __future__ import annotations


# The built-in rules, in run order (seeds first: later rules read the texts and publication windows).
from dashboard.dataset.rules import seeds, actors, citations, when, references, numbers, words  # noqa: E402,F401
