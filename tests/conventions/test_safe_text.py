"""dashboard.conventions.safe_text: one rule per display sink for untrusted text (issue 11, class 6)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.conventions.safe_text import WORD_JOINER, break_autolinks, clean, html_text, md, plotly_text

# The patterns of mdast-util-gfm-autolink-literal (what remark-gfm in Streamlit's frontend links after
# escapes are resolved), and Streamlit's :material/icon: and directive shortcodes.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
SHORTCODE = re.compile(r":[A-Za-z_/]+[:\[]")


def unescaped(markdown: str) -> str:
    """The text Markdown leaves after resolving backslash escapes: what the autolinker sees."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.mark.parametrize("text", ["Record moved: see https://evil.example/login", "www.evil.example", "WWW.Evil.example",
                                  "a@b.example", "mailto:a@b.example", "http://x.y", "see :material/home: now",
                                  ":red[alarm]"])
def test_md_leaves_nothing_for_the_autolinker(text):
    seen = unescaped(md(text))
    assert not GFM_URL.search(seen) and not GFM_EMAIL.search(seen) and not SHORTCODE.search(seen), seen
    assert seen.replace(WORD_JOINER, "") == text, "the reader sees the same characters"


def test_backslash_escaping_alone_is_not_enough():
    """The bad case the word joiners fix: escapes are gone by the time the autolinker runs."""
    old = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^%\"'])", r"\\\1", "see https://evil.example")
    assert GFM_URL.search(unescaped(old))


def test_md_escapes_markdown_html_math_and_directives():
    out = md("**b** _e_ `c` <b>x</b> [l](javascript:x) $x$ # h :red[r] ~~s~~ &amp; 1. item | t |")
    assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\[!-/:-@\[-`{-~]", "", out)), "every punctuation mark is escaped"
    assert unescaped(out).replace(WORD_JOINER, "") == "**b** _e_ `c` <b>x</b> [l](javascript:x) $x$ # h :red[r] ~~s~~ &amp; 1. item | t |"


@pytest.mark.parametrize("text", ["x\n\n    code", "\n    code", "a\r\nb", "a\u2028b", "a\tb", "a\n```\nb"])
def test_md_is_one_line(text):
    """No newline survives, so no indented code block, fence, list or second paragraph can start."""
    out = md(text)
    assert "\n" not in out and "\r" not in out and "    " not in out and "\u2028" not in out


def test_clean_replaces_control_and_bidi_characters():
    assert clean("a\x00b\u202ec\x1b[31m") == "a\ufffdb\ufffdc\ufffd[31m"
    assert clean(None) == "" and clean(float("nan")) == "" and clean(12) == "12"
    assert clean("  two   spaces ") == " two spaces "


def test_concatenated_pieces_stay_unlinked():
    """Pages build Markdown from pieces (the reader's highlights): a URL split across pieces stays broken."""
    for a, b in (("https", "://evil.example"), ("www", ".evil.example"), ("a", "@b.example")):
        seen = unescaped(md(a) + md(b))
        assert not GFM_URL.search(seen) and not GFM_EMAIL.search(seen), (a, b)


def test_plotly_text_escapes_html_templates_and_math():
    out = plotly_text("<a href='x'>l</a> %{x} %{customdata[0]} $E=mc^2$ & <br>")
    assert "<" not in out and ">" not in out and "%{" not in out and "$" not in out
    assert out == "&lt;a href='x'&gt;l&lt;/a&gt; &#37;{x} &#37;{customdata[0]} &#36;E=mc^2&#36; &amp; &lt;br&gt;"


def test_plotly_text_wraps_before_escaping():
    out = plotly_text("aaaa <b> bbbb", width=6)
    assert out == "aaaa<br>&lt;b&gt;<br>bbbb"
    assert plotly_text("one\ntwo") == "one two", "a newline in data is not a line break"


def test_html_text():
    assert html_text('<img src=x onerror="y">') == "&lt;img src=x onerror=&quot;y&quot;&gt;"


def test_break_autolinks_is_invisible():
    assert break_autolinks("www.x.org").replace(WORD_JOINER, "") == "www.x.org"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("htps:/w.@a-bcx _*`$[]()<>%{}\n\\ ")), max_size=60))
def test_md_never_leaves_a_link_or_live_markup(text):
    out = md(text)
    seen = unescaped(out)
    assert not GFM_URL.search(seen) and not GFM_EMAIL.search(seen) and not SHORTCODE.search(seen)
    assert "\n" not in out
    assert not re.search(r"(?<!\\)[`*_\[\]<>$]", out.replace("\\\\", "")), out
    assert seen.replace(WORD_JOINER, "") == clean(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_plotly_text_never_leaves_a_tag_or_template(text):
    out = plotly_text(text, width=20).replace("<br>", "")
    assert "<" not in out and "%{" not in out and "$" not in out
