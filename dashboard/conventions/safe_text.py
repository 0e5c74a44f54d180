"""Untrusted text (from the data files or the address bar) made safe for each place it is shown.

One family, one rule per sink, no Streamlit import (charts and exports may use it too):

- `md()`: Streamlit Markdown (st.markdown, st.caption, st.warning/info/error, st.subheader/title,
  st.page_link labels, help= tooltips). Shows the text literally: no emphasis, heading, list, HTML,
  link, autolink, code block, math ($), directive (:red[..]) or icon/emoji shortcode.
- `plotly_text()`: Plotly text, hover text, hover templates, legend names and axis labels. Plotly renders
  a subset of HTML (<br>, <b>, <a href>), decodes entities, fills `%{...}` template fields and treats
  `$...$` as LaTeX; the result shows the text literally in all of them.
- `html_text()`: HTML element content or attribute values (st.html, components), if ever needed.

Every sink first applies `clean()`: control and bidi-override characters become U+FFFD (so the text cannot
reorder or hide what follows), and any run of whitespace, newlines included, becomes one space (so an id with
a newline and four spaces cannot open a code block or a second paragraph).
"""

from __future__ import annotations

import html
import math
import re
import textwrap

# Streamlit's Markdown (react-markdown + remark-gfm) turns `https://…`, `www.…` and `name@host.tld` into links
# *after* backslash escapes are resolved (mdast-util-gfm-autolink-literal runs on the text nodes), so escaping
# cannot stop it. A WORD JOINER (U+2060: invisible, zero width, no line break, ignored when read aloud) placed
# where the autolinker's patterns need two characters side by side breaks every match:
#   scheme ":" followed by "//"  -> after each ":" that is not followed by a space (also breaks `:smile:`,
#                                   `:material/x:` and `:red[` shortcodes);
#   "www" followed by "."        -> between them (and after a trailing "www", in case the next piece starts with ".");
#   "local@domain"               -> before each "@".
WORD_JOINER = "\u2060"
_AFTER_COLON = re.compile(r":(?=\S|$)")
_WWW = re.compile(r"(www)(?=\.|$)", re.IGNORECASE)
# Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them), so no
# emphasis, heading, list, table, HTML, link, math ($) or directive (:red[..]) can start.
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_WHITESPACE = re.compile(r"\s+")
# Plotly: `&` (entities), `<` `>` (its HTML subset), `%` (template fields `%{x}`), `$` (LaTeX when delimited).
_PLOTLY_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "%": "&#37;", "$": "&#36;"}
_PLOTLY_RE = re.compile("[&<>%$]")


def clean(text) -> str:
    """The text as one line of printable characters: None and NaN are empty; control and bidi characters
    become U+FFFD; whitespace runs (newlines, tabs, U+2028) become one space."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = _WHITESPACE.sub(" ", str(text))
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in s)


def break_autolinks(text: str) -> str:
    """Insert word joiners so no URL, www. address, e-mail address or :shortcode: in `text` can be matched."""
    text = _AFTER_COLON.sub(":" + WORD_JOINER, text)
    text = _WWW.sub(r"\1" + WORD_JOINER, text)
    return text.replace("@", WORD_JOINER + "@")


def md(text) -> str:
    """Untrusted text for any Streamlit Markdown sink, shown literally and never as a link, code, math or directive."""
    return _MD_SPECIAL.sub(r"\\\1", break_autolinks(clean(text)))


def plotly_text(text, width: int | None = None) -> str:
    """Untrusted text for Plotly (text, hovertext, hovertemplate, names, tick and axis labels, annotations).

    With `width`, the text is wrapped into lines of at most `width` characters joined by <br> (wrapping is
    done before escaping, so an entity is never split and widths count the characters readers see)."""
    s = clean(text)
    lines = textwrap.wrap(s, width) if width else [s]
    return "<br>".join(_PLOTLY_RE.sub(lambda m: _PLOTLY_SPECIAL[m.group()], line) for line in lines)


def html_text(text) -> str:
    """Untrusted text for HTML element content or a quoted attribute value."""
    return html.escape(clean(text), quote=True)


__all__ = ["WORD_JOINER", "clean", "break_autolinks", "md", "plotly_text", "html_text"]
