"""Facts stated as a label and its value: a table row copied from a browser ("USCE | 3 months", read by paste.py as
"USCE: 3 months"), a "Label: value" line or a "Label - value" cell ("J1 Visa - Yes").

Why a rule of its own: a value cell has no verb, no negation and no hedge to read, only a short closed vocabulary
("Yes", "Not accepted", "≤ 3", "Any", "Case by case"). Reading the label and the value apart is more precise than
the sentence rules, which look for verbs. Anything outside the vocabulary proposes nothing.

    labelled_facts(cell) -> [(fact, value, rule)]
"""

from __future__ import annotations

import re

from .proposal import rx as _rx

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "twelve": 12}
_NUM = r"([0-9]{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"

_PAIR = _rx(r"^\s*(?P<label>[^:|]{2,70}?)\s*(?::|\s[-–]\s|\?)\s*(?P<value>[^:]{1,120}?)\s*[.;]?\s*$")
_J1 = _rx(r"\bJ\s?-?\s?1\b(?!\s?-?\s?[0-9])")
_H1B = _rx(r"\bH\s?-?\s?1\s?-?\s?B\b")
_VISA_WORD = _rx(r"^\s*(?:visas?|visa sponsorship|sponsorship|visas? (?:sponsored|accepted|supported|types?)|"
                 r"immigration|work visas?)\s*(?:sponsored|accepted|offered)?\s*$")
_HEDGE = _rx(r"\bprefer|\brecommend|\bcompetitive\b|\baverage|\bmedian\b|\btypical|\bideal|\bencourag|\bdesir|"
             r"\bstrong|\bplus\b|\bhelpful\b|\bpriority\b|\busually\b|\bcontact\b|\bask\b|\bverify\b|\?")
_YES = _rx(r"^(?:yes|accepted|sponsored|available|offered|supported|eligible|required|mandatory|✓|✔)\b")
_NO = _rx(r"^(?:no|not (?:accepted|sponsored|available|offered|supported|eligible|required|needed|mandatory)|none|"
          r"unavailable|ineligible|not at this time)\b")
_POSSIBLE = _rx(r"^(?:case[\s-]by[\s-]case|possible|limited|rarely|on request|maybe|considered(?: individually)?)\b")
# A screen's value that admits exceptions ("minimum 225, exceptions may be made") is no screen the model can use.
_EXCEPTION = _rx(r"\bexceptions?\b(?!\s*:)|\bwaive|\bunless\b|case[\s-]by[\s-]case|\bindividual(?:ly| basis)\b|"
                 r"\bmay be considered\b")
_WORDS_ONLY = _rx(r"^(?:visas?|only|sponsored|accepted|supported|offered|available|both|the|status|yes)?$")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _parts(value: str) -> list[str]:
    """The value's comma- or semicolon-separated parts that do not hedge ('220 (minimum), 240+ (competitive)')."""
    return [p.strip() for p in re.split(r"[,;]", value) if p.strip() and not _HEDGE.search(p)
            and not re.search(r"\b(?:for )?(?:US|U\.S\.|American|LCME)\b[\w\s.-]{0,15}\b(?:graduates|seniors|"
                              r"students|applicants)\b", p, re.IGNORECASE)]


def _answer(value: str) -> str | None:
    """yes / no / possible for a value cell ('Yes (min. 2 months)', 'Not accepted', 'Case by case'), else None: a
    value that goes on ('available for selected candidates') is left to the sentence rules."""
    value = re.sub(r"\s*\([^()]*\)\s*$", "", value.strip()).strip(" .!")
    if len(value.split()) > 4 or "/" in value:
        return None
    for answer, pattern in (("possible", _POSSIBLE), ("no", _NO), ("yes", _YES)):
        match = pattern.match(value)
        if match and match.end() == len(value):       # the whole value, not "no exceptions"
            return answer
    return None


def _visa_list(value: str) -> list[tuple[str, str, str]]:
    """'J-1 / H-1B (case by case)', 'J-1 only', 'J-1 and H-1B' under a label that says 'Visa': each named visa's
    value. Any word outside the vocabulary: nothing."""
    if _HEDGE.search(value) and not re.search(r"case[\s-]by[\s-]case", value, re.IGNORECASE):
        return []
    found: dict[str, tuple[str, str]] = {}
    only = False
    for part in re.split(r"\s*(?:/|,|&|\band\b|\bor\b|;)\s*", value):
        if not part.strip():
            continue
        fact = "sponsors_j1" if _J1.search(part) else "sponsors_h1b" if _H1B.search(part) else None
        if fact is None:
            return []
        rest = (_J1 if fact == "sponsors_j1" else _H1B).sub("", part).strip(" ()")
        if re.fullmatch(r"only", rest, re.IGNORECASE):
            only = True
            found[fact] = ("yes", "table.visa_listed")
        elif _WORDS_ONLY.match(rest):
            found[fact] = ("yes", "table.visa_listed")
        elif _POSSIBLE.match(rest):
            found[fact] = ("possible", "table.visa_listed")
        else:
            return []
    if only and len(found) == 1:
        other = "sponsors_h1b" if "sponsors_j1" in found else "sponsors_j1"
        found[other] = ("no", "table.visa_only_other")
    return [(fact, value, rule) for fact, (value, rule) in found.items()]


_VISA_LABEL_WORDS = _rx(r"\b(?:visas?|sponsorship|sponsored|accepted|status|type|offered|supported|program|"
                       r"physicians?|residents?|clinical)\b|[()/:,-]")


def _visa(label: str, value: str) -> list[tuple[str, str, str]]:
    j1, h1b = bool(_J1.search(label)), bool(_H1B.search(label))
    if j1 != h1b:
        rest = _VISA_LABEL_WORDS.sub(" ", (_J1 if j1 else _H1B).sub(" ", label)).strip()
        if rest or re.search(r"\b(?:required|needed|mandatory)\b", value, re.IGNORECASE):
            return []                                 # "J-1 applicants | Step 3: not required" is not about the visa
        answer = _answer(value)
        return [("sponsors_j1" if j1 else "sponsors_h1b", answer, "table.visa")] if answer else []
    if _VISA_WORD.match(label):
        if _NO.match(value.strip()):
            return [("sponsors_j1", "no", "table.no_visas"), ("sponsors_h1b", "no", "table.no_visas")]
        return _visa_list(value)
    return []


_ATTEMPT_LABEL = _rx(r"\b(?:attempts?|failures?|fails?|failed attempts?)\b")
_FIRST = _rx(r"^(?:(?:≤|<=|max(?:imum)?\.?(?: of)?|up to|no more than|only)?\s*(?:1|one)(?: attempt)?(?: only)?(?: per step)?|"
             r"first[\s-]attempt(?: only| pass(?:es)? only)?|single attempt|one attempt only)$")
_ONE_FAIL = _rx(r"^(?:(?:≤|<=|max(?:imum)?\.?(?: of)?|up to|no more than|at most)?\s*(?:2|two)(?: attempts?)?"
                r"(?: per step| on any step)?|(?:one|1|a single) (?:failure|fail|failed attempt)(?: allowed| accepted| considered| permitted)?)$")
_ANY = _rx(r"^(?:any(?: number)?|unlimited|(?:there is )?no (?:set |fixed )?(?:limit|restriction|maximum|cap)s?|not (?:a factor|restricted|limited)|"
           r"not (?:a |used as a )?(?:screening )?(?:criterion|factor|screen)|"
           r"considered|accepted|all considered|no screen)$")


def _attempts(label: str, value: str) -> list[tuple[str, str, str]]:
    if not _ATTEMPT_LABEL.search(label) or re.search(r"pass rate|rate\b", label, re.IGNORECASE):
        return []
    value = value.strip(" .")
    failures = bool(re.search(r"fail", label, re.IGNORECASE))
    if re.search(r"first[\s-](?:attempt|time)", label, re.IGNORECASE) and \
            re.fullmatch(r"(?:no|not required|not necessary|no requirement)", value, re.IGNORECASE):
        return [("attempts", "any", "table.attempts")]          # "First-attempt passes | Not required"
    if failures and re.fullmatch(r"(?:0|zero|none|no|not (?:allowed|accepted|considered|permitted))(?: allowed| accepted| permitted)?", value,
                                 re.IGNORECASE):
        return [("attempts", "first_attempt_only", "table.attempts")]
    if not failures and _FIRST.match(value):
        return [("attempts", "first_attempt_only", "table.attempts")]
    if (failures and re.fullmatch(r"(?:up to |no more than |at most |max(?:imum)?\.? )?(?:1|one)(?: allowed| accepted)?",
                                  value, re.IGNORECASE)) or (not failures and _ONE_FAIL.match(value)):
        return [("attempts", "one_fail_allowed", "table.attempts")]
    if _ANY.match(value):
        return [("attempts", "any", "table.attempts")]
    return []


_YOG_LABEL = _rx(r"\bYOG\b|\byears? (?:since|from|after|out of) (?:graduation|medical school)|\b(?:year|date) of "
                 r"graduation\b|\bgraduation (?:year|date|limit)\b|\btime since graduation\b|^graduat(?:ed|ion)$")
_YOG_VALUE = _rx(r"^(?:(?:≤|<=|<|within(?: the)?(?: last| past)?|up to|max(?:imum)?\.?(?: of)?|no more than|at most|"
                 r"limit(?: of)?)\s*)?" + _NUM + r"\s*(?:years?|yrs?\.?)?(?: (?:or less|or fewer|maximum|max|limit))?$")
_NONE_VALUE = _rx(r"^(?:none|any(?: year)?|no (?:limit|restriction|cut[\s-]?off|maximum|minimum|requirement)s?|"
                  r"not (?:restricted|limited|a factor)|unrestricted|n/?a)$")


def _yog(label: str, value: str) -> list[tuple[str, str, str]]:
    if not _YOG_LABEL.search(label):
        return []
    if _NONE_VALUE.match(value.strip(" .")):
        return [("yog_max_years", "none", "table.yog")]
    found = set()
    for part in _parts(value):
        part = re.sub(r"\s*(?:accepted|allowed|required)$", "", part.strip(" ."), flags=re.IGNORECASE)
        match = _YOG_VALUE.match(part)
        if match and 1 <= _number(match[1]) <= 30:
            found.add(_number(match[1]))
    return [("yog_max_years", str(found.pop()), "table.yog")] if len(found) == 1 else []


_STEP2_LABEL = _rx(r"\bStep\s?2(?:\s?CK)?\b|\bS2\s?CK\b|\bStep\s?II\b")
_SCORE = re.compile(r"(?<![0-9.])(1[89][0-9]|2[0-9][0-9]|300)(?![0-9%]|\.[0-9])")


def _step2(label: str, value: str) -> list[tuple[str, str, str]]:
    if not _STEP2_LABEL.search(label) or re.search(r"\bStep\s?[13]\b|COMLEX", label, re.IGNORECASE):
        return []
    if re.fullmatch(r"(?:none|no minimum(?: score)?|no cut[\s-]?off|no minimum required)", value.strip(" ."),
                    re.IGNORECASE):
        return [("step2_min", "none", "table.step2")]
    if re.search(r"\bpass(?:ing)? (?:score|mark|standard)\b", value, re.IGNORECASE):
        return []                                     # the USMLE's own pass mark is no program minimum
    scores = {s for part in _parts(value) for s in _SCORE.findall(part)}
    if len(scores) == 1 and not re.search(r"\b(?:average|mean|median)\b", label, re.IGNORECASE):
        return [("step2_min", scores.pop(), "table.step2")]
    return []


_USCE_LABEL = _rx(r"\bUSCE\b|\bU\.?\s?S\.?\s+clinical experience|\bclinical experience (?:in|within) the (?:U\.?\s?S\.?|"
                  r"United States)|\bUS[-\s]based clinical experience|\bUnited States clinical experience")
_DURATION = _rx(r"(?:≥|>=|min(?:imum)?\.?(?: of)?|at least|no less than)?\s*" + _NUM +
                r"\s*\+?\s*(months?|mos?\.?|weeks?|wks?\.?|days?|years?|yrs?\.?)\b")


def _months(count: int, unit: str) -> int | None:
    unit = unit.lower()
    if unit.startswith(("week", "wk")):
        return count // 4 if count % 4 == 0 else None
    if unit.startswith("day"):
        return count // 30 if count % 30 == 0 else None
    if unit.startswith(("year", "yr")):
        return count * 12
    return count


def _usce(label: str, value: str) -> list[tuple[str, str, str]]:
    if not _USCE_LABEL.search(label):
        return []
    value = value.strip(" .")
    if _NO.match(value) or re.fullmatch(r"(?:none required|optional|not a requirement)", value, re.IGNORECASE):
        return [("usce_required", "no", "table.usce")]
    parts = _parts(value)
    lengths = set()
    for part in parts:
        for match in _DURATION.finditer(part):
            months = _months(_number(match[1]), match[2])
            if months is None:
                return []
            lengths.add(months)
    if not lengths and re.search(r"\bmonths?\b", label, re.IGNORECASE) and re.fullmatch(r"[0-9]{1,2}", value):
        lengths.add(int(value))
    if len(lengths) > 1 or (not parts):
        return []
    out = []
    if lengths or any(_YES.match(p) or re.search(r"\brequired\b|\bmust\b", p, re.IGNORECASE) for p in parts):
        out.append(("usce_required", "yes", "table.usce"))
    if len(lengths) == 1 and 1 <= (months := lengths.pop()) <= 60:
        out.append(("usce_min_months", str(months), "table.usce"))
    return out


_STEP3_LABEL = _rx(r"\bStep\s?3\b|\bStep\s?III\b")


def _step3(label: str, value: str) -> list[tuple[str, str, str]]:
    if not (_STEP3_LABEL.search(label) and _H1B.search(label)):
        return []
    answer = _answer(value)
    return [("step3_for_h1b", answer, "table.step3")] if answer in ("yes", "no") else []


def labelled_facts(cell: str) -> list[tuple[str, str, str]]:
    """(fact, value, rule) for one 'label: value' cell; [] when the cell is not one or its value is not read."""
    if len(cell) > 200:
        return []
    out = []
    for part in cell.split(";") if cell.count(":") > 1 else [cell]:
        match = _PAIR.match(part)
        if not match or not match["value"].strip():
            continue
        label, value = match["label"].strip(), match["value"].strip()
        if len(label.split()) > 7:
            continue                                  # a sentence with a dash, not a label
        if _HEDGE.search(label):
            continue                                  # "Preferred Step 2 CK score: 230"
        out += _visa(label, value)
        if not _EXCEPTION.search(value):
            out += [*_attempts(label, value), *_yog(label, value), *_step2(label, value), *_usce(label, value),
                    *_step3(label, value)]
    return out
