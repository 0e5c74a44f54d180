"""Rules on the sources manifest: each seed is inside seeds/, present, unchanged, UTF-8 and registered once;
publication dates and excluded passages resolve."""

from __future__ import annotations

import hashlib

from dashboard.dataset import dates
from dashboard.dataset.yamlio import read_bounded
from dashboard.dataset.rules.registry import rule
from dashboard.dataset.rules.text import closest_passage, occurrences

MAX_SEED_BYTES = 5 * 1024 * 1024  # the five articles are under 20 KB each
MIN_EXCLUDED_CHARS = 12  # an excluded passage excludes every occurrence: a short one would grey out common words


@rule("R-SEED-INSIDE", "a source's `file` lies inside seeds/", reads=("sources.file",), kinds=("sources",))
def seed_inside(src, report):
    root = report.ctx.root
    seed = (root / src.file).resolve()
    if not seed.is_relative_to((root / "seeds").resolve()):
        report(f"file '{src.file}' is outside seeds/", ("file",))
        return
    report.ctx.cache[("seed-path", src.id)] = seed


@rule("R-SEED-PRESENT", f"the seed file exists, is a regular file and is at most {MAX_SEED_BYTES // 2**20} MB (checked before reading)",
      reads=("sources.file",), kinds=("sources",))
def seed_present(src, report):
    ctx = report.ctx
    seed = ctx.cache.get(("seed-path", src.id))
    if seed is None:
        return
    if not seed.is_file():
        report(f"seed file '{src.file}' is missing (looked in {ctx.root / 'seeds'}); copy the article there byte for byte", ("file",))
        return
    raw, problem = read_bounded(seed, src.file, MAX_SEED_BYTES, "a seed article")
    if problem:
        report(f"seed '{src.file}': {problem.message}", ("file",))
        return
    ctx.seed_raw[src.id] = raw


@rule("R-SEED-CHECKSUM", "the seed's sha256 is the one in the manifest (the article text is never edited)",
      reads=("sources.sha256",), kinds=("sources",))
def seed_checksum(src, report):
    raw = report.ctx.seed_raw.get(src.id)
    if raw is None:
        return
    actual = hashlib.sha256(raw).hexdigest()
    if actual != src.sha256:
        report(f"seed '{src.file}' changed: sha256 is {actual[:12]}…, manifest says {src.sha256[:12]}…; "
               "the article text must not be edited (restore it), or re-verify every quote before updating the manifest", ("sha256",))
        report.ctx.cache[("seed-changed", src.id)] = True


@rule("R-SEED-UTF8", "the seed is valid UTF-8 without a byte-order mark (its text is what quotes are found in)", reads=("sources.file",), kinds=("sources",))
def seed_utf8(src, report):
    ctx = report.ctx
    raw = ctx.seed_raw.get(src.id)
    if raw is None or ctx.cache.get(("seed-changed", src.id)):
        return
    if raw.startswith(b"\xef\xbb\xbf"):  # add-source refuses one; a hand-registered seed must not slip through
        report(f"seed '{src.file}' starts with a UTF-8 byte-order mark (U+FEFF); save the article as UTF-8 without "
               "BOM, then update its sha256 and re-check every quote", ("file",))
        return
    try:
        ctx.ds.texts[src.id] = raw.decode("utf-8")
    except UnicodeDecodeError:
        report(f"seed '{src.file}' is not UTF-8", ("file",))


@rule("R-SEED-ONCE", "one seed, one source: no seed file or checksum is registered under two source ids",
      reads=("sources.file", "sources.sha256"), kinds=("sources",))
def seed_once(src, report):
    ctx = report.ctx
    seen = ctx.cache.setdefault("seed-owners", {})
    path = ctx.cache.get(("seed-path", src.id))
    for key, at in ((("file", path or src.file), ("file",)), (("sha256", src.sha256), ("sha256",))):
        owner = seen.get(key)
        if owner is None:
            seen[key] = src.id
            continue
        origin = ctx.ds.origins[("sources", owner)]
        what = f"seed '{src.file}'" if key[0] == "file" else f"a seed with sha256 {src.sha256[:12]}…"
        report(f"{what} is already registered as source '{owner}' ({origin.file}:{origin.line}); "
               "each article is one source: cite that source id instead", at)
        return


@rule("R-PUBLISHED-DATE", "a source's publication date is a real date at its precision, resolved by a consistent rule",
      reads=("sources.published",), kinds=("sources",))
def published_date(src, report):
    try:
        report.ctx.published[src.id] = dates.window(src.published)
    except ValueError as exc:
        report(f"published: {exc}", ("published", "date"))
        return
    for message in dates.check_rule(src.published, report.ctx.published[src.id], publication=True):
        report(f"published: {message}", ("published",))


@rule("R-EXCLUDED-VERBATIM", f"an excluded passage is found verbatim in its seed and has at least {MIN_EXCLUDED_CHARS} "
      "characters; every occurrence of it is excluded", reads=("sources.excluded.quote",), kinds=("sources",))
def excluded_verbatim(src, report):
    ctx = report.ctx
    text = ctx.ds.texts.get(src.id)
    if text is None:
        return
    spans = ctx.excluded.setdefault(src.id, [])
    for xi, ex in enumerate(src.excluded):
        if len(ex.quote.strip()) < MIN_EXCLUDED_CHARS:
            report(f"excluded passage \"{ex.quote[:60]}\" is shorter than {MIN_EXCLUDED_CHARS} characters; every occurrence "
                   "of it is excluded, so quote the whole furniture line", ("excluded", xi, "quote"))
            continue
        found = occurrences(text, ex.quote)
        if not found:
            report(f"excluded passage not found verbatim: \"{ex.quote[:60]}\"; closest passage: \"{closest_passage(ex.quote, text)}\"",
                   ("excluded", xi, "quote"))
            continue
        ex.start, ex.end = found[0], found[0] + len(ex.quote)
        spans += [(pos, pos + len(ex.quote)) for pos in found]


@rule("R-CAPTION-VERBATIM", f"a passage the manifest marks as a photo caption is found verbatim in its seed and has at "
      f"least {MIN_EXCLUDED_CHARS} characters", reads=("sources.captions",), kinds=("sources",))
def captions_verbatim(src, report):
    text = report.ctx.ds.texts.get(src.id)
    if text is None:
        return
    for ci, quote in enumerate(src.captions):
        if len(quote.strip()) < MIN_EXCLUDED_CHARS:
            report(f"caption \"{quote[:60]}\" is shorter than {MIN_EXCLUDED_CHARS} characters; every occurrence of it is "
                   "a caption, so quote the whole caption paragraph", ("captions", ci))
        elif not occurrences(text, quote):
            report(f"caption not found verbatim: \"{quote[:60]}\"; closest passage: \"{closest_passage(quote, text)}\"",
                   ("captions", ci))
