"""`add-source`: take an article from a text file to a manifest entry and a validated, commented skeleton.

Copies the text into seeds/ byte for byte, records its sha256 in data/sources.yaml (a round-trip edit:
the manifest's comments and layout survive), proposes page-furniture exclusions as commented-out lines,
and writes data/articles/NNN.yaml with the schema line, the candidate list as comments and empty lists.
Then the whole dataset is validated; if it does not pass, every file written is removed again.
No Streamlit import.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.authoring import candidates as cand
from dashboard.dataset import dates
from dashboard.dataset.datalock import holding_data_lock, write_if_unchanged
from dashboard.dataset.loader import SLUG_PATTERN, DataError, load_dataset
from dashboard.dataset.datafiles import root_for
from dashboard.codebook.datafile import DataFile
from dashboard.codebook.common import DateRule, Precision, Supplied, When
from dashboard.codebook.sources import SourceKind
from dashboard.dataset.rules.seeds import MAX_SEED_BYTES
from dashboard.authoring.yamledit import dumps, round_trip_yaml
from dashboard.dataset.yaml_scalars import CONTROL_IN_VALUE

SEED_NAME = re.compile(r"^(\d{3})_([0-9a-f]{16})\.txt$")
# Lists an article file holds: every record list of the codebook except the manifest and the phases file.
ARTICLE_LISTS = [k for k in DataFile.model_fields if k not in ("sources", "phases")]

# Page-furniture heuristics: (reason, pattern). Matches are proposals only; a coder confirms each.
FURNITURE = [
    ("newsletter sign-up (page furniture)", re.compile(
        r"\b(newsletter|sign(?:ing)? up|subscribe|by email|daily edition|never miss our|top stories|inbox)\b", re.I)),
    ("donation request (page furniture)", re.compile(
        r"\b(donat\w*|consider supporting|support our (?:mission|journalism|work)|a gift of any amount|become a member)\b", re.I)),
    ("podcast plug (page furniture)", re.compile(r"\b(podcasts?|listen to|Spotify|Apple Podcasts)\b", re.I)),
    ("republication notice or disclosure (page furniture)", re.compile(
        r"\b(originally published|read the original|does not work for, consult|disclosed no relevant|all rights reserved)\b", re.I)),
    ("cross-promotion headline (page furniture)", re.compile(r"^[A-Z0-9 ,.'’:\-–—?!]{25,}$")),
]
# Reader comments: informal marks that edited copy does not have.
COMMENT_MARKS = re.compile(r"!!|\?\?|\b(?:I|i) (?:dont|cant|wont|think|agree|disagree)\b|\b(?:dont|cant|wont|didnt|isnt)\b|\blol\b")


class AddSourceError(Exception):
    """A refusal with a one-line, coder-facing message."""


class RolledBack(AddSourceError):
    """The dataset did not validate with the new article, so everything written was removed again.

    `problems` are the validator's lines; the ones about a file add-source wrote and removed again name it
    as "(removed) FILE", never as a path the coder could open."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


@dataclass
class Added:
    source_id: str
    seed: Path
    manifest: Path
    article: Path
    candidates: list
    proposals: list[tuple[str, str]]
    seconds: float
    version: str


def read_text_strict(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text; refuses a missing file, one over the seed size limit (checked before
    reading, so before any scan), a BOM, non-UTF-8 and an empty text."""
    path = Path(path)
    if not path.is_file():
        raise AddSourceError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise AddSourceError(f"{path}: {size:,} bytes is over the {MAX_SEED_BYTES:,}-byte limit for a seed article; "
                             "nothing added")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise AddSourceError(f"{path}: starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM and try again")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AddSourceError(f"{path}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                             "save the article as UTF-8 and try again") from None
    if not text.strip():
        raise AddSourceError(f"{path}: the file is empty")
    return raw, text


def propose_exclusions(text: str) -> list[tuple[str, str]]:
    """(verbatim passage, reason) for lines that look like page furniture or reader comments."""
    out: list[tuple[str, str]] = []
    paragraphs = [p for p in text.split("\n") if p.strip()]
    for i, para in enumerate(paragraphs):
        quote = para.strip()
        for reason, rx in FURNITURE:
            if rx.search(quote) and len(quote) < 400:
                out.append((quote, reason))
                break
        else:
            # reader comments sit at the end of a page: only the last quarter of paragraphs is checked
            if i >= len(paragraphs) * 3 // 4 and COMMENT_MARKS.search(quote):
                out.append((quote, "reader comment below the article (check where the comments begin)"))
    return out


def _next_number(seeds: Path, articles: Path) -> int:
    used = {int(m.group(1)) for p in seeds.glob("*.txt") if (m := SEED_NAME.match(p.name))}
    used |= {int(p.stem) for p in articles.glob("*.yaml") if p.stem.isdigit()}
    return max(used, default=-1) + 1


def _precision_of(value: str) -> Precision:
    return {3: Precision.day, 2: Precision.month, 1: Precision.year}[value.count("-") + 1]


def _manifest_entry(source_id: str, seed_rel: str, sha: str, published: dict, title: str | None, kind: str | None,
                    proposals: list[tuple[str, str]], supplied: Supplied | None = None) -> str:
    """The new manifest entry as YAML text, with TODO comments on what the coder still has to decide."""
    q = cand.yaml_quote
    lines = [
        "sources:",
        f"  - id: {source_id}",
        f"    file: {seed_rel}",
        f"    sha256: {sha}",
        f"    title: {q(title or 'TODO: a neutral descriptive title in our words')}" + ("" if title else "  # TODO"),
        "    outlet: null  # TODO: the outlet only if the text establishes it",
        f"    outlet_evidence: {q('TODO: what in the text establishes the outlet, or why it cannot be named')}  # TODO",
        f"    kind: {kind or 'news_report'}" + ("" if kind else f"  # TODO: one of {', '.join(k.value for k in SourceKind)}"),
        "    byline: null  # only if the text gives it",
        "    published:",
        f"      date: \"{published['date']}\"",
        f"      precision: {published['precision']}",
        f"      text: {q(published['text']) if published.get('text') else 'null'}",
        f"      rule: {published.get('rule', 'inferred')}",
        *([f"      time: \"{published['time']}\""] if published.get("time") else []),
        f"      note: {q(published['note'])}" + ("  # TODO: the internal evidence for this date" if published.get("todo") else ""),
    ]
    if supplied is not None:  # what the coder knows from where the file came from, kept apart from the text
        lines.append("    supplied:  # provenance from outside the text, shown as 'supplied by coder'")
        for key in ("by", "retrieved", "outlet", "url", "note"):
            value = getattr(supplied, key)
            if value is not None:
                lines.append(f"      {key}: {q(value)}")
    if proposals:
        lines.append("    # excluded:  # PROPOSED by add-source (heuristics, not applied): check each, then uncomment the lines you keep")
        for quote, reason in proposals:
            lines += [f"    #   - quote: {q(quote)}", f"    #     reason: {reason}"]
    return "\n".join(lines) + "\n"


def _skeleton(number: str, source_id: str, title: str | None, published: dict, seed_rel: str, sha: str,
              cands: list, proposals: list[tuple[str, str]]) -> str:
    head = [
        "# yaml-language-server: $schema=../../schema/datafile.schema.json",
        f"# Article {number}: {cand.one_line(title or 'TODO: title')}",
        f"# (source `{source_id}`, published {published['date']} at {published['precision']} precision, "
        f"{'supplied by the coder' if published.get('rule') == 'supplied' else 'inferred'}).",
        f"# Skeleton written by `python -m dashboard add-source` from {seed_rel} (sha256 {sha[:12]}…).",
        "#",
        "# CANDIDATE LIST: every number and date expression the coverage scanner finds in the text.",
        "# [ ] still to code, [x] covered by a citation, [-] inside a proposed or applied exclusion.",
        "# Each `quote:` is the sentence around it, verbatim: paste it into a citation (shorten it if you like,",
        "# but never change a character). Each `when:` is a resolution the date rules accept for the phrase",
        "# against the publication date; pick the one the article means. Rerun the list at any time with",
        f"#   python -m dashboard candidates --source {source_id}",
        "#",
    ]
    body = cand.format_candidates(cands, comment=True)
    lists = "\n".join(f"{k}: []" for k in ARTICLE_LISTS)
    return "\n".join(head) + "\n" + body + "\n\n" + lists + "\n"


@holding_data_lock  # one writer at a time per data folder (datalock.py), as the desk
def add_source(path: Path, source_id: str, data_dir: Path, published: str, precision: str | None = None,
               title: str | None = None, kind: str | None = None, published_text: str | None = None,
               note: str | None = None, supplied_by: str | None = None, outlet: str | None = None,
               url: str | None = None, retrieved: str | None = None, published_supplied: bool = False,
               published_time: str | None = None, supplied_note: str | None = None) -> Added:
    """Add an article; raises AddSourceError (nothing written) or the loader's DataError (everything written removed)."""
    t0 = time.perf_counter()
    data_dir = Path(data_dir).resolve()
    root = root_for(data_dir)
    seeds, articles, manifest = root / "seeds", data_dir / "articles", data_dir / "sources.yaml"
    if not re.match(SLUG_PATTERN, source_id) or len(source_id) > 80:
        raise AddSourceError(f"'{source_id}' is not a valid id: use lowercase letters, digits and single hyphens")
    if not manifest.is_file():
        raise AddSourceError(f"{manifest}: the sources manifest is missing")
    raw, text = read_text_strict(path)
    sha = hashlib.sha256(raw).hexdigest()
    y = round_trip_yaml()
    manifest_read = manifest.read_bytes()  # compared again before the write (datalock.write_if_unchanged)
    doc = y.load(manifest_read.decode("utf-8"))
    entries = list(doc.get("sources") or [])
    for e in entries:
        if e.get("id") == source_id:
            raise AddSourceError(f"id '{source_id}' is already a source in {manifest.name}; choose another id")
        if e.get("sha256") == sha:
            raise AddSourceError(f"this text is already source '{e.get('id')}' ({e.get('file')}); nothing to add")
    try:
        precision = Precision(precision) if precision else _precision_of(published)
    except (ValueError, KeyError):
        raise AddSourceError(f"--precision must be one of {', '.join(p.value for p in Precision)}") from None
    if kind is not None and kind not in {k.value for k in SourceKind}:
        raise AddSourceError(f"--kind must be one of {', '.join(k.value for k in SourceKind)}")
    # a title is one line: line breaks and runs of blanks become one space (else it would end the
    # skeleton's comment line and the rest would be read as YAML)
    # and control characters typed or pasted into an option are dropped: the loader refuses them in any value
    title, published_text, note = (None if v is None else CONTROL_IN_VALUE.sub("", v) for v in (title, published_text, note))
    if title is not None:
        title = " ".join(title.split()) or None
    supplied = _supplied(supplied_by, outlet, url, retrieved, supplied_note, published_supplied)
    rule = DateRule.supplied if published_supplied else DateRule.inferred
    default_note = ("Publication date supplied by the coder from where the file came from, not stated in the text."
                    if published_supplied else "Publication date given to add-source; replace with the internal evidence for it.")
    when = {"date": published, "precision": precision.value, "text": published_text, "rule": rule.value,
            "time": published_time, "note": note or default_note, "todo": note is None and not published_supplied}
    try:
        published_when = When(date=published, precision=precision, rule=rule, note=when["note"], time=published_time)
        dates.window(published_when)
    except ValueError as exc:
        raise AddSourceError(f"--published: {one_line_error(exc)}") from None

    number = _next_number(seeds, articles)
    m = SEED_NAME.match(Path(path).name)
    seed_name = Path(path).name if m and int(m.group(1)) == number else f"{number:03d}_{sha[:16]}.txt"
    seed, article = seeds / seed_name, articles / f"{number:03d}.yaml"
    for target in (seed, article):
        if target.exists():
            raise AddSourceError(f"{target} already exists; remove it or choose another number")

    proposals = propose_exclusions(text)
    spans = []
    for quote, reason in proposals:
        pos = text.find(quote)
        spans.append((pos, pos + len(quote), f"proposed exclusion: {reason}"))
    cands = cand.from_text(text, published_when, excluded=spans)
    seed_rel = f"seeds/{seed_name}"
    entry = y.load(_manifest_entry(source_id, seed_rel, sha, when, title, kind, proposals, supplied))["sources"][0]

    try:  # a dataset that is already broken would be blamed on the new article and rolled back
        load_dataset(data_dir, root)
    except DataError as exc:
        raise AddSourceError(f"the dataset has {exc.total} problem(s) already (run `python -m dashboard validate`); "
                             "fix them first: nothing added") from None

    original_manifest = manifest.read_bytes()
    seeds.mkdir(parents=True, exist_ok=True)
    articles.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, seed)
    try:
        if seed.read_bytes() != raw:
            raise AddSourceError(f"{seed}: the copy differs from the original; nothing added")
        doc["sources"].append(entry)
        write_if_unchanged(manifest, manifest_read, dumps(doc).encode("utf-8"))
        article.write_text(_skeleton(f"{number:03d}", source_id, title, when, seed_rel, sha, cands, proposals), encoding="utf-8")
        ds = load_dataset(data_dir, root)
    except BaseException as exc:
        manifest.write_bytes(original_manifest)
        seed.unlink(missing_ok=True)
        article.unlink(missing_ok=True)
        if isinstance(exc, DataError):
            raise _rolled_back(exc, root, {seed, article}, manifest, original_manifest.count(b"\n")) from None
        raise
    return Added(source_id, seed, manifest, article, cands, proposals, time.perf_counter() - t0, ds.version)


def _supplied(by, outlet, url, retrieved, note, published_supplied: bool) -> Supplied | None:
    """The coder's provenance options as a `supplied:` block, or None when none is given; every supplied piece
    needs --supplied-by (who knows it), and the block is checked by the codebook before anything is written."""
    given = {"--outlet": outlet, "--url": url, "--retrieved": retrieved, "--supplied-note": note}
    named = [k for k, v in given.items() if v is not None] + (["--published-supplied"] if published_supplied else [])
    if by is None:
        if named:
            raise AddSourceError(f"{', '.join(named)}: say who supplied it with --supplied-by (a name or role)")
        return None
    if not named:
        raise AddSourceError("--supplied-by: nothing is supplied; add --outlet, --url, --retrieved or --published-supplied")
    clean = {k: (None if v is None else " ".join(CONTROL_IN_VALUE.sub("", v).split()) or None)
             for k, v in {"by": by, "outlet": outlet, "url": url, "retrieved": retrieved, "note": note}.items()}
    try:
        return Supplied(**clean)
    except ValueError as exc:
        raise AddSourceError(f"supplied provenance: {one_line_error(exc)}") from None


def one_line_error(exc: Exception) -> str:
    """A pydantic or date error as one line."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return "; ".join(e.get("msg", "") for e in errors())
    return " ".join(str(exc).split())


def _rolled_back(exc: DataError, root: Path, removed: set[Path], manifest: Path, manifest_lines: int) -> RolledBack:
    """The validator's problems, reworded for files that no longer exist (the skeleton and the seed were
    removed, the manifest entry taken out again): the coder is told what they were, not sent to open them."""
    names = {str(p.relative_to(root)) if p.is_relative_to(root) else str(p): p for p in removed}
    manifest_rel = str(manifest.relative_to(root)) if manifest.is_relative_to(root) else str(manifest)
    lines = []
    for p in exc.problems:
        text = str(p)
        if p.file in names:
            text = f"(removed) {p.file}, line {p.line or 1} as add-source wrote it: {p.message}"
        elif p.file == manifest_rel and (p.line or 0) > manifest_lines:  # inside the entry taken out again
            text = f"(removed) the new entry of {manifest_rel}, line {p.line} as add-source wrote it: {p.message}"
        lines.append(text)
    return RolledBack(f"the dataset did not validate with the new article, so add-source removed everything it "
                      f"wrote ({', '.join(sorted(names))} and the manifest entry): nothing added. "
                      f"{exc.total} problem(s):", lines)


def report(added: Added, root: Path) -> str:
    def rel(p: Path) -> str:
        return str(Path(p).relative_to(root)) if Path(p).is_relative_to(root) else str(p)

    todo = sum(c.status == "uncovered" for c in added.candidates)
    lines = [
        f"copied {rel(added.seed)} (byte for byte)",
        f"added source '{added.source_id}' to {rel(added.manifest)} (fill in the lines marked TODO)",
        f"proposed {len(added.proposals)} exclusion(s) as comments in {rel(added.manifest)}: check, then uncomment",
        f"wrote {rel(added.article)}: {len(added.candidates)} candidates, {todo} still to code",
        f"validated: dataset version {added.version} ({added.seconds:.2f} s)",
        f"next: code records (docs/CODING.md), then `python -m dashboard candidates --source {added.source_id}`",
    ]
    return "\n".join(lines)
