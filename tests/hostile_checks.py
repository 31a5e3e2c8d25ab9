"""Shared checks for the hostile-input tests: is a markdown body safe, is a CSV formula-safe."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

_ESCAPED = re.compile(r"\\.|&#?[A-Za-z0-9]+;", re.DOTALL)
_HAZARDS = {
    "markdown link": re.compile(r"\]\s*\("),
    "markdown image": re.compile(r"!\["),
    "reference link definition": re.compile(r"^\s*\[[^\]]*\]:", re.MULTILINE),
    "raw HTML or autolink": re.compile(r"<\s*[A-Za-z/!?]"),
    "bare URL (GFM autolink)": re.compile(r"(?i)\b(?:https?|ftp|javascript)\s*:|www\."),
    "e-mail autolink": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "Streamlit directive (:red[...])": re.compile(r":[A-Za-z-]+\["),
    "Streamlit shortcode (:smile:, :material/x:)": re.compile(r":[A-Za-z0-9_+/-]+:"),
    "math ($...$)": re.compile(r"\$"),
}


# Markup the product itself writes (map legend dots, the overview's small print, presentation-mode CSS).
PRODUCT_MARKUP = re.compile(r"<span style='[^'<>]*'>[^<]{0,3}</span>|</?small>|<style>[^<]*</style>")


def unescaped(body: str) -> str:
    """The body with every backslash escape and character reference blanked and the product's own markup
    removed: what markdown could still parse out of outside text."""
    return _ESCAPED.sub("_", PRODUCT_MARKUP.sub("", body))


# GFM literal autolinks are found in the displayed text, after escapes are resolved (mdast-util-gfm-autolink-literal).
_LITERAL_AUTOLINKS = re.compile(r"(?i)(https?://|www\.)|[-.\w+]+@[-\w]+(\.[-\w]+)+")


def markdown_hazards(body: str) -> list[str]:
    """Which link/image/markup constructs a markdown body could render (escapes and entities removed first)."""
    bare = unescaped(body)
    found = [name for name, pattern in _HAZARDS.items() if pattern.search(bare)]
    displayed = html.unescape(re.sub(r"\\(.)", r"\1", PRODUCT_MARKUP.sub("", body)))
    if _LITERAL_AUTOLINKS.search(displayed):
        found.append("GFM literal autolink in the displayed text")
    return found


def shown(body: str) -> str:
    """What a markdown body displays once escapes and character references are resolved (for content checks)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", body)).replace("\u2060", "")


def formula_cells(csv_text: str) -> list[str]:
    """Cells (header included) a spreadsheet would run as a formula."""
    rows = csv.reader(io.StringIO(csv_text, newline=""))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_LEADS)]


def links() -> list[dict[str, str]]:
    return json.loads((HOSTILE / "links.json").read_text())


def names() -> list[str]:
    return json.loads((HOSTILE / "names.json").read_text())


def manifest() -> dict[str, dict[str, str]]:
    return json.loads((HOSTILE / "manifest.json").read_text())
