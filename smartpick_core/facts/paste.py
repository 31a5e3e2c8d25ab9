"""Text an advisor pastes (a program's eligibility page, a roster), cleaned into units that rules can read.

Pasted text is data, never markup: it is read here and only shown again through smartpick_core.text.

    clean_paste(text)      -> the text, or PasteError (too long, not text); HTML source becomes its text,
                              invisible characters (zero-width, bidi) are removed, dashes become "-"
    paste_units(text)      -> [Unit(text, quote)]: one sentence, a list item with its header, or an FAQ
                              question with its answer (rewritten as a statement for the rules, quoted as pasted)

Why units and not lines: a page says "Criteria:" and then lists "• Graduation within the last 5 years", and an
FAQ asks "Do you sponsor H-1B visas?" and answers "No." Neither line alone states a fact.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_PASTE_CHARS = 100_000      # about 40 printed pages; an eligibility page or a roster is far shorter
MAX_UNIT_CHARS = 600           # a longer "sentence" is a table or a layout without stops: cut, never walked further


class PasteError(ValueError):
    """Pasted text that is not read at all (too long, binary); the message says why in words."""


_HTML_HINT = re.compile(r"<\s*/?\s*(p|div|li|ul|ol|br|td|th|tr|table|h[1-6]|span|b|strong|em|i|a|html|body|section)\b",
                        re.IGNORECASE)
_SCRIPT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|div|li|ul|ol|br|tr|table|h[1-6]|section|article|dt|dd)\b[^>]*>", re.IGNORECASE)
_CELL_TAG = re.compile(r"<\s*/\s*(td|th)\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]{0,500}>")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe63\uff0d"), "-")


def clean_paste(text: str | bytes) -> str:
    """The pasted text as plain text, or PasteError saying why it is not read."""
    if isinstance(text, bytes):
        if len(text) > 4 * MAX_PASTE_CHARS:
            raise PasteError(_too_long(len(text)))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise PasteError("This is not text (it is not UTF-8); copy the page's text instead.") from None
    if len(text) > MAX_PASTE_CHARS:
        raise PasteError(_too_long(len(text)))
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise PasteError("This looks like a binary file, not text; copy the page's text instead.")
    if _HTML_HINT.search(text):
        text = _SCRIPT.sub(" ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _CELL_TAG.sub("\t", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue                       # zero-width and bidi characters: removed, they change no word
        if ch in "\n\r\v\f\u2028\u2029\x85":
            out.append("\n")
        elif ch == "\t":
            out.append(" | ")              # a table cell copied from a browser
        elif category in ("Cc", "Cs", "Co"):
            out.append(" ")
        else:
            out.append(ch)
    lines = (re.sub(r"[ \u00a0]+", " ", line).strip(" |") for line in "".join(out).split("\n"))
    return "\n".join(lines)


def _too_long(size: int) -> str:
    return (f"The pasted text is {size:,} characters long; at most {MAX_PASTE_CHARS:,} are read. Paste only the "
            "eligibility section or the roster.")


@dataclass(frozen=True)
class Unit:
    """What one rule reads: `text` (an FAQ answer rewritten as a statement) and `quote` (as pasted); `cell` is the
    item itself without a list header (a table cell or 'Label: value' line is read as such)."""

    text: str
    quote: str
    cell: str = ""


_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●○■□➢►✓✔]|\(?[0-9]{1,2}[.)]|\(?[a-hA-H][.)])\s+")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){1,3}$|(?:^|\s)(?:Dr|Mr|Ms|Mrs|St|vs|etc|approx|No|Jan|Feb|Aug|Sept?|Oct|"
                           r"Nov|Dec|e\.g|i\.e|min|max|mo|yrs?|Q|A)\.$")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“(]?[A-Z0-9])")


def split_sentences(line: str) -> list[str]:
    """Sentences of one line; 'U.S.', 'e.g.' and 'Dr.' do not end one."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        piece = line[start:match.end()]
        if _ABBREVIATION.search(piece):
            continue
        out.append(piece.strip())
        start = match.end()
    out.append(line[start:].strip())
    return [piece[:MAX_UNIT_CHARS] for piece in out if piece]


_Q_PREFIX = re.compile(r"^(?:Q(?:uestion)?\s*[0-9]{0,2}\s*[:.)-]|Q\s+(?=[A-Z]))\s*", re.IGNORECASE)
_A_PREFIX = re.compile(r"^A(?:nswer)?\s*[:.)-]\s*", re.IGNORECASE)
_QUESTION_DO = re.compile(r"^(?:do|does|will|can|would)\s+(you|we|I|the program|your program|this program|the "
                          r"residency|the department|the institution|[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4})\s+(.*)\?$",
                          re.IGNORECASE)
# "Will a failed Step disqualify me?": the subject is a thing, the verb says what it does to the applicant.
_QUESTION_EFFECT = re.compile(r"^(will|would|does|do|can)\s+((?:a|an|any|my|one|prior|previous)\s+[^?]*?)\s+(disqualify|exclude|"
                              r"eliminate|prevent|rule out)\b([^?]*)\?$", re.IGNORECASE)
_YES_NO_QUESTION = re.compile(r"^(?:do|does|did|is|are|was|were|will|would|can|could|should|may|must|have|has)\b",
                              re.IGNORECASE)
_QUESTION_THERE = re.compile(r"^(?:is|are)\s+there\s+(?:an?\s+|any\s+)?(.*)\?$", re.IGNORECASE)
_QUESTION_IS = re.compile(r"^(?:is|are)\s+(.*?)\s+(required|necessary|mandatory|accepted|sponsored|considered|"
                          r"available|needed)\s*(.*)\?$", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:(?:unfortunately|sadly|currently|at this time|at present)[,\s]+)?(yes|no|not at this time|not "
                     r"currently|not at present|none)\b[\s,.;:!-]*(.*)$", re.IGNORECASE)


# A short answer that qualifies the question's yes ("On a case-by-case basis.", "Rarely.") is read with the question.
_QUALIFIED = re.compile(r"^(?:only\s+)?(?:on a case[\s-]by[\s-]case basis|case[\s-]by[\s-]case|rarely|occasionally|"
                        r"in (?:some|rare|certain|exceptional|limited) (?:cases|circumstances)|sometimes)\b[^.;]{0,40}[.!]?$",
                        re.IGNORECASE)


_QUESTION_IF = re.compile(r"^(?:can|may|could)\s+(?:I|we|you|one|applicants)\s+(?:still\s+)?apply\s+if\s+(?:I|we|you|they|"
                          r"applicants)\s+((?!am\b|are\b)[^?]*)\?$", re.IGNORECASE)


def _statement(question: str, answer: str) -> str | None:
    """'Do you sponsor H-1B visas?' + 'No.' -> 'We do not sponsor H-1B visas. ' (None: not a yes/no question)."""
    answer = _A_PREFIX.sub("", answer)
    question = _Q_PREFIX.sub("", question)
    match = _QUESTION_DO.match(question)
    if match and _QUALIFIED.match(answer.strip()):       # "Do you sponsor H-1B?" + "Case by case."
        subject = "We" if match[1].lower() in ("you", "we", "i") else match[1]
        return f"{subject} {match[2]} {answer.strip().rstrip('.!').lower()}."
    said = _ANSWER.match(answer)
    if not said:
        return None
    yes, rest = said[1].lower() == "yes", said[2]
    rest = rest[:1].upper() + rest[1:]                # "No, it must be ..." starts a sentence of its own
    if match := _QUESTION_IF.match(question):      # "Can I apply if I failed Step 1?" + "No." -> who is eligible
        return f"Applicants who {match[1]} are {'eligible' if yes else 'not eligible'}. {rest}"
    if match := _QUESTION_EFFECT.match(question):  # "Will a failure disqualify me?" + "No." -> "... will not ..."
        aux = match[1].lower()
        return f"{match[2][0].upper()}{match[2][1:]} {aux}{'' if yes else ' not'} {match[3]}{match[4]}. {rest}"
    if match := _QUESTION_DO.match(question):
        # "Do you sponsor ...?" -> "We ..."; "Do H-1B applicants need Step 3?" keeps its subject
        subject = "We" if match[1].lower() in ("you", "we", "i") else match[1]
        if yes and rest and len(rest.split()) <= 6:  # "Do you sponsor visas?" + "Yes, J-1 and H-1B." names them
            return f"{subject} {match[2]}: {rest}"
        return f"{subject} {match[2]}. {rest}" if yes else f"{subject} do not {match[2]}. {rest}"
    if match := _QUESTION_THERE.match(question):
        return f"There is a {match[1]}. {rest}" if yes else f"There is no {match[1]}. {rest}"
    if not re.match(r"(?:is|are|do|does|will|can|would)\b", question, re.IGNORECASE) and \
            re.search(r"\b(?:required|necessary|mandatory|accepted|sponsored)\b", question, re.IGNORECASE):
        question = "Is " + question                   # "Step 3 required for H-1B? No"
    if match := _QUESTION_IS.match(question):
        return f"{match[1]} is {match[2]} {match[3]}. {rest}" if yes else f"{match[1]} is not {match[2]} {match[3]}. {rest}"
    return None


def _joined(context: str, question: str, answer: str) -> Unit:
    """A question and its answer as one unit: rewritten as a statement when it is a yes/no question, else read as
    'question: answer' ('What is the minimum Step 2 CK score: 225.')."""
    quote = " ".join(p for p in (context, question, answer) if p)
    statement = _statement(question, answer)
    bare = _Q_PREFIX.sub("", question)
    cell = _A_PREFIX.sub("", answer)
    if statement is None and len(_A_PREFIX.sub("", answer).split()) < 5 and not _YES_NO_QUESTION.match(bare):
        statement = f"{_Q_PREFIX.sub('', question).rstrip('?')}: {_A_PREFIX.sub('', answer)}"   # "Which visas: J-1."
        cell = statement                              # read as a label and its value ("How many attempts: Two")
    elif statement is None:                           # a full answer: the question stays a question, not a claim
        statement = f"{_Q_PREFIX.sub('', question)} {_A_PREFIX.sub('', answer)}"
    return Unit(f"{context} {statement}".strip(), quote, cell)


_CELL_SPLIT = re.compile(r"\s+\|\s+")
_LABEL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9 ()/&,.'-]{1,60}$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _CELL_SPLIT.split(line) if c.strip()]


def _table_units(line: str, header: list[str] | None) -> list[Unit]:
    """One table row (cells separated by ' | ', a tab in the paste) as units: 'label: value' for a two-cell row,
    'column header row-label: value' under a header row of three or more cells, each cell under its row label
    otherwise. The row as pasted is the quote."""
    cells = _cells(line)
    if len(cells) == 2 and cells[0].endswith("?"):     # "Step 3 for H-1B? | No": a question and its answer
        statement = _statement(cells[0], cells[1]) or f"{cells[0].rstrip('?')}: {cells[1]}"
        return [Unit(statement, line, f"{cells[0].rstrip('?')}: {cells[1]}")]
    if header is not None and len(header) == len(cells) >= 3:
        return [Unit(f"{header[i]} {cells[0]}: {cells[i]}", f"{' | '.join(header)} … {line}",
                     f"{header[i]} {cells[0]}: {cells[i]}") for i in range(1, len(cells))]
    if all(re.search(r"\S\s*(?::|\s-\s)\s*\S", c) for c in cells):
        return [Unit(cell, line, cell) for cell in cells]   # 'J-1 visa: accepted | H-1B visa - not accepted'
    if len(cells) == 2:
        text = f"{cells[0]}: {cells[1]}"
        return [Unit(text, line, text)]
    whole = [Unit(line, line, f"{' '.join(cells[:-1])}: {cells[-1]}")]        # 'Visa Sponsorship | H-1B | No'
    if _LABEL_LIKE.match(cells[0]) and not re.search(r"[0-9]", cells[0]):
        return whole + [Unit(f"{cells[0]}: {cell}", line, f"{cells[0]}: {cell}") for cell in cells[1:]]
    return whole + [Unit(cell, line, cell) for cell in cells]


def paste_units(text: str) -> list[Unit]:
    """Sentences, list items with their header, table rows as cells, and FAQ questions joined to their answers
    (text already cleaned)."""
    units: list[Unit] = []
    header: str | None = None
    table_header: list[str] | None = None
    pending: tuple[str, str] | None = None          # (context on the question's line, the question)
    lines = text.split("\n")
    for index, raw in enumerate(lines):
        if not raw.strip():
            header = None
            table_header = None
            continue
        is_item = bool(_BULLET.match(raw))
        line = _BULLET.sub("", raw).strip()
        if " | " in line and pending is None:
            cells = _cells(line)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if table_header is None and len(cells) >= 3 and not any(re.fullmatch(r"[0-9.,%+-]+", c) for c in cells) \
                    and all(len(c) <= 40 for c in cells) and len(_cells(following)) == len(cells):
                table_header = cells                # a header row: its columns name the cells below
                continue
            units += _table_units(line, table_header)
            continue
        table_header = None
        if header is not None and not is_item and len(line) > 120:
            header = None                               # a paragraph after the list: the header no longer applies
        before: list[str] = []
        for sentence in split_sentences(line):
            if pending is not None:
                units.append(_joined(*pending, sentence))
                pending = None
                continue
            if sentence.endswith("?"):
                context = " ".join(before) if _Q_PREFIX.match(line) else ""
                pending = (_Q_PREFIX.sub("", context), sentence)
                continue
            before.append(sentence)
            if header is not None and (is_item or len(line) <= 120):
                units.append(Unit(f"{header} {sentence}", f"{header} … {sentence}", sentence))
            else:
                units.append(Unit(sentence, sentence, sentence))
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not is_item and (line.endswith(":") or (_BULLET.match(following) and len(line) <= 60
                                                     and not re.search(r"[.!?]$", line))):
            header = line[:MAX_UNIT_CHARS].rstrip(":") + ":"
    if pending is not None:
        units.append(Unit(pending[1], pending[1], pending[1]))
    return units
