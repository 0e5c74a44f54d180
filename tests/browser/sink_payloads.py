"""Untrusted strings planted in every display sink by tests/browser/sink_probe_app.py."""

TEMPLATE = "100% %{x} %{customdata[0]}"  # Plotly template fields, which must not be filled in
PAYLOADS = [
    "Record moved: see https://evil.example/login",
    "www.evil.example",
    "WWW.evil.example/path",
    "a@b.example",
    "mailto:a@b.example",
    "xmpp:a@b.example",
    "http://evil.example",
    "<https://evil.example>",
    "[click](https://evil.example)",
    "[ref]\n\n[ref]: https://evil.example",
    "line one\n    indented code",
    "\n\n    indented code block",
    "```\nfenced\n```",
    "`inline code`",
    "$x^2$ and $$y$$",
    ":red[red] :material/home: :smile:",
    "**bold** _em_ # heading",
    "<b>html</b> &amp; <a href='https://evil.example'>a</a>",
    TEMPLATE,
    "$E=mc^2$",
    "line<br>break",
]
