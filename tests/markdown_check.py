"""Does a piece of Streamlit Markdown contain live markup that did not come from the app's own templates?

Used by the AppTest property tests: every Markdown element of a page rendered from a crafted URL is checked
for links, autolinks, code, math, HTML, directives and icon shortcodes. The app's own templates use a few on
purpose (record links in the reader, highlight directives, code spans in constant help text); those are
listed here, so anything else is planted.
"""

from __future__ import annotations

import re

from dashboard.app.detail_compliance import BADGE  # the compliance status badges are the app's own directives

OWN_LINK = re.compile(r"^(event|figure|source|phase|comparison)\?id=[a-z0-9-]+$")  # the reader's ↗ record links
OWN_DIRECTIVES = {"red-background", "orange-background", "gray", "gray-badge", "red-badge"} | {f"{c}-badge" for c in BADGE.values()}
OWN_ICONS = {"arrow_forward"}
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


def unescaped(markdown: str) -> str:
    """The text after Markdown resolves backslash escapes: what the autolinker sees."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def planted_markup(markdown: str, own_code: set[str]) -> list[str]:
    """Every live construct in `markdown` that is not one of the app's own."""
    found = []
    live = ESCAPED.sub("\x00", markdown)  # escaped characters cannot start anything
    for line in live.split("\n"):
        if re.match(r"( {4,}|\t)\S", line):
            found.append(f"indented code: {line[:60]!r}")
    if re.search(r"```|~~~", live):
        found.append("code fence")
    for code in re.findall(r"`([^`]*)`", live):
        if code not in own_code:
            found.append(f"code span: {code[:60]!r}")
    if "$" in live:
        found.append("math ($)")
    if re.search(r"<[A-Za-z/!?]", live):
        found.append("HTML")
    for href in re.findall(r"\]\(([^)]*)\)", live):
        if not OWN_LINK.match(href):
            found.append(f"link: {href[:60]!r}")
    for name in re.findall(r":([A-Za-z-]+)\[", live):
        if name not in OWN_DIRECTIVES:
            found.append(f"directive: {name}")
    for icon in re.findall(r":material/([a-z_]+):", live):
        if icon not in OWN_ICONS:
            found.append(f"icon: {icon}")
    seen = unescaped(markdown)
    if GFM_URL.search(seen) or GFM_EMAIL.search(seen):
        found.append(f"autolink: {(GFM_URL.search(seen) or GFM_EMAIL.search(seen)).group()[:60]!r}")
    return found
