"""Text from outside is data, never markup.

Anything that came from a link, a file, recorded data or a user field passes
through one of these before it reaches a Streamlit element that formats text
(st.markdown, st.info, st.warning, st.error, st.caption, st.subheader, ...):

    shorten(value, 40)     -> "first 40 characters…"  (repr-free, one line, control characters shown as �)
    plain_markdown(text)   -> the text, with every markdown and HTML special escaped, so it renders as itself
    quote(value, 40)       -> "'first 40 characters…'"  for messages that quote a bad value

plain_markdown is safe both with and without unsafe_allow_html: HTML specials become
character references (&lt; &gt; &amp; &quot; &#39;), markdown punctuation gets a backslash
(CommonMark escapes), and Streamlit's own shortcodes (:red[..], :material/x:, :smile:)
and math ($..$) are broken with the same escapes. GFM's literal autolinks (http://x, www.x,
a@b.c) are found in the text *after* escapes are resolved, so an invisible word joiner
(U+2060) is put after ':' and '@' and before '.', so a link, an image, a coloured span or
an icon can never be made from outside text.
"""

from __future__ import annotations

import unicodedata
from typing import Any

QUOTE_LIMIT = 40
ERROR_VALUE_LIMIT = 80
ELLIPSIS = "…"

# CommonMark lets a backslash escape any ASCII punctuation; we escape every one that markdown,
# GFM, remark-directive (:red[...]), remark-math ($) or Streamlit shortcodes (:name:) could use.
_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|~:$=^@%")
_HTML_SPECIALS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_WORD_JOINER = "\u2060"  # invisible; breaks ':word:' shortcodes that survive escaping (emoji, material icons)


def one_line(value: Any) -> str:
    """str(value) on one line: line breaks become spaces, other control/format characters become U+FFFD."""
    text = value if isinstance(value, str) else str(value)
    out = []
    for ch in text:
        if ch in "\r\n\t\v\f\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            out.append("\ufffd")  # NUL, escape sequences, lone surrogates, bidi overrides: never passed through
        else:
            out.append(ch)
    return "".join(out)


def shorten(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """The value as one line of at most `limit` characters (an ellipsis marks a cut)."""
    if isinstance(value, str):
        text = value[: limit + 1]   # never walk a 50 MB value
    else:
        try:
            text = str(value)[: limit + 1]
        except ValueError:          # e.g. int with more digits than str() allows
            text = "a number too long to show"
    text = one_line(text)
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """'value' shortened, for messages that quote what was wrong (plain text; escape before markdown)."""
    return f"'{shorten(value, limit)}'"


def plain_markdown(text: Any) -> str:
    """Escape text so any markdown renderer (with or without HTML) shows it literally, on one line."""
    out = []
    for ch in one_line(text):
        if ch in _HTML_SPECIALS:
            out.append(_HTML_SPECIALS[ch])
        elif ch == ":":
            out.append("\\:" + _WORD_JOINER)
        elif ch == ".":   # GFM finds 'www.x' and 'a@b.c' in the text after escapes are resolved: break them there
            out.append(_WORD_JOINER + "\\.")
        elif ch == "@":
            out.append("\\@" + _WORD_JOINER)
        elif ch in _MARKDOWN_SPECIALS:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def plain_html(text: Any) -> str:
    """Escape text for an HTML context (pydeck tooltips, unsafe_allow_html blocks)."""
    return "".join(_HTML_SPECIALS.get(ch, ch) for ch in one_line(text))


def plotly_text(text: Any) -> str:
    """Escape text for plotly labels, titles and hover text, which render a subset of HTML (<a href>, <b>, <br>)."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
