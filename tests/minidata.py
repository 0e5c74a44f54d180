"""The small valid dataset used by the data-layer tests: its text, and `Mini`, which lays it out on disk (the
`mini` fixture; tests that need one per hypothesis example import it from here)."""

import hashlib
from pathlib import Path

from dashboard.dataset.loader import DataError, load_dataset

ALPHA = """Strikes and talks after the truce

On Monday, Israeli strikes killed 12 people in Khan Younis, the Hamas-run health ministry said.
Another 3 people were wounded, the Hamas-run health ministry said.
The ceasefire took effect on Oct. 10, 2025, and has held for "about six weeks", officials said.
Talks resumed in Cairo on Wednesday, November 19, 2025, with mediators from Egypt, Qatar and the US.
Israel controls 53% of the territory, a U.S. official said.
Residents said “we are tired, so tired” — and the shelling went on.
תושבים אמרו: "די למלחמה" 🕊️
Between 20 and 21 hostages' bodies remain, according to one count.
Subscribe to our newsletter for 2 free updates a day.
"""

BETA = """Analysis: the line holds, for now

The agreement signed in Sharm el-Sheikh set out a 20-point plan.
Hezbollah has been struck repeatedly since the Lebanon ceasefire of November 2024.
Talks resumed in Cairo this week.
"""

SOURCES = """\
# sources of the mini dataset
sources:
  - id: alpha
    file: seeds/alpha.txt
    sha256: {alpha_sha}
    title: "Report: strikes and talks after the truce"
    outlet: null
    outlet_evidence: No masthead in the text.
    kind: news_report
    published:
      date: "2025-11-19"
      precision: day
      text: "on Wednesday, November 19, 2025"
      rule: inferred
      note: Reports the Cairo talks of Wednesday 19 November 2025 in the past tense.
    excluded:
      - quote: "Subscribe to our newsletter for 2 free updates a day."
        reason: newsletter sign-up (page furniture)
  - id: beta
    file: seeds/beta.txt
    sha256: {beta_sha}
    title: "Analysis: the line holds"
    outlet: null
    outlet_evidence: No masthead in the text.
    kind: analysis
    published:
      date: "2025-11-20"
      precision: day
      rule: inferred
      note: Written in the same week as the Cairo talks.
"""

ACTORS = """\
actors:
  - {id: author, name: "The article (in its own voice)", kind: author}
  - {id: israel, name: Israel (government), kind: state}
  - {id: idf, name: Israel Defense Forces, kind: military, part_of: israel}
  - {id: hamas, name: Hamas, kind: armed_group}
  - {id: health-ministry, name: Gaza health ministry (Hamas-run), kind: health_authority, part_of: hamas}
  - id: us-official
    name: Unnamed US official
    kind: official
    aliases: [a U.S. official]
"""

PHASES = """\
phases:
  - id: gaza-ceasefire
    name: October 2025 Gaza ceasefire
    theatre: gaza
    start:
      date: "2025-10-10"
      precision: day
      text: "on Oct. 10, 2025"
      rule: stated
    end: null
    summary: Ceasefire in Gaza from 10 October 2025.
    citations:
      - source: alpha
        quote: "The ceasefire took effect on Oct. 10, 2025"
"""

ARTICLE = """\
# events, figures and comparisons of the mini dataset
events:
  - id: strikes-khan-younis
    when:
      date: "2025-11-17"
      precision: day
      text: "On Monday"
      rule: weekday_past
    status: occurred
    theatre: gaza
    location: Khan Younis
    event_type: airstrike
    actors: [idf, hamas]
    phase: gaza-ceasefire
    summary: "Israeli strikes in Khan Younis, with 12 killed, the \\"health ministry\\" says"
    fatalities: 12
    key: true
    citations:
      - source: alpha
        quote: "On Monday, Israeli strikes killed 12 people in Khan Younis"
  - id: cairo-talks
    when:
      date: "2025-11-19"
      precision: day
      text: "on Wednesday, November 19, 2025"
      rule: stated
    status: occurred
    theatre: egypt
    location: Cairo
    event_type: negotiations
    actors: [hamas, us-official]
    phase: gaza-ceasefire
    summary: Talks on the ceasefire resume in Cairo with Egyptian, Qatari and US mediators.
    citations:
      - source: alpha
        quote: "Talks resumed in Cairo on Wednesday, November 19, 2025"
      - source: beta
        quote: "Talks resumed in Cairo this week."
  - id: residents-tired
    when:
      date: "2025-11-19"
      precision: week
      rule: inferred
      note: Undated; reported in the article of 19 November.
    status: occurred
    theatre: gaza
    event_type: other
    summary: |-
      Residents say "we are tired, so tired" — and, in Hebrew, "די למלחמה" 🕊️
      (a second line, with, commas)
    citations:
      - source: alpha
        quote: "Residents said “we are tired, so tired” — and the shelling went on."
      - source: alpha
        quote: 'תושבים אמרו: "די למלחמה" 🕊️'
figures:
  - id: killed-khan-younis
    metric: killed
    value: 12
    unit: people
    subject: People killed in the Khan Younis strikes
    theatre: gaza
    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}
    claimant: health-ministry
    event: strikes-khan-younis
    citations:
      - source: alpha
        quote: "killed 12 people in Khan Younis, the Hamas-run health ministry said"
  - id: wounded-khan-younis
    metric: injured
    value: 3
    unit: people
    subject: People wounded in the Khan Younis strikes
    theatre: gaza
    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}
    claimant: health-ministry
    event: strikes-khan-younis
    citations:
      - source: alpha
        quote: "Another 3 people were wounded"
      - source: alpha
        quote: "the Hamas-run health ministry said"
        occurrence: 2
  - id: israel-control-share
    metric: territory_share
    value: 53
    unit: percent
    subject: Share of Gaza's territory under Israeli control
    theatre: gaza
    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    claimant: us-official
    citations:
      - source: alpha
        quote: "Israel controls 53% of the territory, a U.S. official said."
  - id: rest-control-share
    metric: territory_share
    value: 47
    unit: percent
    subject: Share of Gaza's territory not under Israeli control
    theatre: gaza
    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    claimant: author
    derived:
      method: complement_of_share
      from_figures: [israel-control-share]
      formula: 100 - share under Israeli control
  - id: bodies-remaining
    metric: hostage_bodies_remaining
    low: 20
    high: 21
    unit: bodies
    subject: Hostages' bodies remaining in Gaza
    theatre: gaza
    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    claimant: author
    citations:
      - source: alpha
        quote: "Between 20 and 21 hostages' bodies remain"
comparisons:
  - id: lebanon-enforcement
    dimension: enforcement
    theatre: lebanon
    summary: Israeli strikes on Hezbollah continue after the Lebanon ceasefire.
    claimant: author
    citations:
      - source: beta
        quote: "Hezbollah has been struck repeatedly since the Lebanon ceasefire of November 2024."
"""

FILES = {"sources.yaml": SOURCES, "actors.yaml": ACTORS, "phases.yaml": PHASES, "articles/alpha.yaml": ARTICLE}


class Mini:
    """A valid dataset laid out as root/seeds + root/data, and helpers to break it."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.seeds = root / "seeds"
        self.seeds.mkdir(parents=True)
        (self.data / "articles").mkdir(parents=True)
        (self.seeds / "alpha.txt").write_bytes(ALPHA.encode("utf-8"))
        (self.seeds / "beta.txt").write_bytes(BETA.encode("utf-8"))
        shas = {f"{n}_sha": hashlib.sha256(t.encode("utf-8")).hexdigest() for n, t in (("alpha", ALPHA), ("beta", BETA))}
        for name, text in FILES.items():
            self.write(name, text.format(**shas) if name == "sources.yaml" else text)

    def path(self, name: str) -> Path:
        return self.data / name

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        self.path(name).write_bytes(text.encode("utf-8"))

    def edit(self, name: str, old: str, new: str, occurrence: int = 1) -> int:
        """Replace the `occurrence`-th `old` in data/`name`; return the 1-based line where it starts."""
        text = self.text(name)
        pos = -1
        for _ in range(occurrence):
            pos = text.index(old, pos + 1)
        self.write(name, text[:pos] + new + text[pos + len(old):])
        return text.count("\n", 0, pos) + 1

    def line(self, name: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the `occurrence`-th `needle` in data/`name`."""
        text, pos = self.text(name), -1
        for _ in range(occurrence):
            pos = text.index(needle, pos + 1)
        return text.count("\n", 0, pos) + 1

    def load(self):
        return load_dataset(self.data, root=self.root)

    def problems(self) -> list[str]:
        """The problems loading reports, as text; [] when it loads."""
        try:
            self.load()
        except DataError as exc:
            return [str(p) for p in exc.problems]
        return []
