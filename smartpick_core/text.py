"""Text from outside is data, never markup.

Anything that came from a link, a file, recorded data or a user field passes
through one of these before it reaches a Streamlit element that formats text
(st.markdown, st.info, st.warning, st.error, st.caption, st.subheader, ...):

    shorten(value, 40)     -> "first 40 characters…"  (repr-free, one line, control characters shown as �)
    plain_markdown(text)   -> the text, with every markdown and HTML special escaped, so it renders as itself
    quote(value, 40)       -> "'first 40 characters…'"  for messages that quote a bad value; invisible and
                              non-printing characters shown as escapes ('Internal\\u00a0Medicine')
    invisible_characters(text) -> [(index, "U+202E right-to-left override"), ...]  for refusing names and notes
    loads_strict(text, what="the file") -> json.loads, but a key given twice in one object is refused
    size_words(400_000)    -> "400,000 bytes" (and "1 MB"): a byte limit in a refusal
    plural(1, "program")   -> "1 program" (and "6 programs"): a count with its noun agreeing
    fold_words(text)       -> "universidad autonoma"  lower case, accents and punctuation dropped: names compared

plain_markdown is safe both with and without unsafe_allow_html: HTML specials become
character references (&lt; &gt; &amp; &quot; &#39;), markdown punctuation gets a backslash
(CommonMark escapes), and Streamlit's own shortcodes (:red[..], :material/x:, :smile:)
and math ($..$) are broken with the same escapes. GFM's literal autolinks (http://x, www.x,
a@b.c) are found in the text *after* escapes are resolved, so an invisible word joiner
(U+2060) is put after ':' and '@' and before '.', so a link, an image, a coloured span or
an icon can never be made from outside text.
"""

from __future__ import annotations

import json
import re
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


def _cut(value: Any, limit: int) -> str:
    """str(value), at most limit + 1 characters of it (one more than shown, so a cut can be marked)."""
    if isinstance(value, str):
        return value[: limit + 1]   # never walk a 50 MB value
    try:
        return str(value)[: limit + 1]
    except ValueError:              # e.g. int with more digits than str() allows
        return "a number too long to show"


def shorten(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """The value as one line of at most `limit` characters (an ellipsis marks a cut)."""
    text = one_line(_cut(value, limit))
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


# Letters by category that still show nothing: a name made of them looks empty or like another name.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")   # Hangul fillers


def _escaped(ch: str) -> str:
    """ch, or its \\uXXXX escape when it would print as nothing, as a space that is not one, or not at all."""
    category = unicodedata.category(ch)
    if category[0] == "C" or category in ("Zl", "Zp") or (category == "Zs" and ch != " ") or ch in _BLANK_LETTERS:
        code = ord(ch)
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """'value' shortened, for messages that quote what was wrong (plain text; escape before markdown).

    A refused value must not look right: a no-break space, a zero-width space or a bidi override is shown
    as its escape ('Internal\\u00a0Medicine'), and so are line breaks and other control characters."""
    text = _cut(value, limit)
    shown = "".join(_escaped(ch) for ch in text[:limit])
    return f"'{shown}{ELLIPSIS if len(text) > limit else ''}'"


def invisible_characters(text: str) -> list[tuple[int, str]]:
    """(index, 'U+202E right-to-left override') for each character in text that shows nothing.

    Why refuse them in names and notes: a bidi override makes a name read backwards, a zero-width space
    or soft hyphen makes two names that look the same differ. Every format character (Unicode category
    Cf: bidi marks, overrides and isolates, zero-width space/joiners, word joiner, BOM, soft hyphen,
    Mongolian vowel separator, tag characters) and the Hangul fillers count."""
    return [(index, f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character').lower()}")
            for index, ch in enumerate(text)
            if (unicodedata.category(ch) == "Cf" or ch in _BLANK_LETTERS) and not _joins_a_word(text, index)]


_JOINERS = {"\u200c", "\u200d"}    # zero-width non-joiner and joiner


def _joins_a_word(text: str, index: int) -> bool:
    """A zero-width (non-)joiner between two visible characters is spelling, not a trick: Persian names write
    their half-space with it (Farsi is one of the languages Southern California's patients speak), and emoji
    sequences join with it. At an edge, doubled, or beside a space it hides something, and is refused."""
    if text[index] not in _JOINERS or index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(not ch.isspace() and ch not in _JOINERS and unicodedata.category(ch)[0] in "LMNS" for ch in (before, after))


class DuplicateKeyError(ValueError):
    """A JSON object gives the same key twice; `key` is the key (json.loads would keep the last silently)."""

    def __init__(self, key: str, what: str) -> None:
        super().__init__(f"{what} has the key {quote(key)} twice; keep one.")
        self.key = key


def loads_strict(text: str, *, what: str = "the file", **options: Any) -> Any:
    """json.loads, refusing a key given twice in one object (DuplicateKeyError, a ValueError, naming it).

    Why: {"step2_ck": 200, "step2_ck": 240} reads as 240 and the 200 the user also sees in the file is
    dropped without a word. `what` starts the message ("the profile has the key 'step2_ck' twice; keep one.");
    `options` go to json.loads (parse_int, parse_constant, ...)."""
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise DuplicateKeyError(key, what)
            out[key] = value
        return out

    return json.loads(text, object_pairs_hook=unique, **options)


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


def fold_words(text: str) -> str:
    """Lower case, accents dropped, apostrophes removed and other punctuation made a space: 'Universidad Autónoma' ~
    'universidad autonoma', "St. George's" ~ 'st georges', so names typed differently compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 program', '6 programs', '0 programs': a count with its noun agreeing, so no line reads '1 programs'.

    many: the plural when it is not noun + 's' ('1 city', '2 cities')."""
    n = int(count)
    return f"{n} {noun if n == 1 else (many or noun + 's')}"


def size_words(limit: int) -> str:
    """'1 MB', '0.5 MB', '400,000 bytes': a byte limit as a refusal message shows it (never '0 MB')."""
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
