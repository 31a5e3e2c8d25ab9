"""A program's eligibility page, pasted, becomes proposed facts, each with the sentence that states it quoted.

Rule-based and transparent: every proposal names the rule that matched (`rule`) and quotes its sentence. Pure: no
network, no model. Precision over recall: a sentence that hedges ("preferred", "typically", "average") or mixes
signals proposes nothing, and a fact the page does not state clearly is listed as such, never guessed.

    extract_eligibility(text) -> Extraction(proposals, decided, unclear)
        proposals  every Proposal(fact, value, sentence, rule) found, in page order
        decided    fact -> value when every proposal for it agrees (the value offered to the advisor)
        unclear    facts whose proposals disagree ("not stated clearly": the advisor reads the quotes)

The rules: visa_rules.py (J-1, H-1B), screen_rules.py (Step 2 CK, attempts, years since graduation, USCE, ECFMG,
Step 3 for H-1B) and labelled.py (table rows and 'Label: value' cells); paste.py cuts the page into units.

Facts and values (data/facts_eval/dev/README.md has the same list):
    sponsors_j1, sponsors_h1b   yes / no / possible ("case by case", "for exceptional candidates")
    step2_min, yog_max_years    a whole number, or none ("no minimum score", "no graduation-year limit")
    attempts                    first_attempt_only / one_fail_allowed / any
    usce_required               yes / no;  usce_min_months  a whole number of months
    ecfmg_by                    yes_by_rank_deadline / yes_by_start / yes_by_date
    step3_for_h1b               yes / no
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from .labelled import labelled_facts
from .paste import Unit, clean_paste, paste_units
from .proposal import Proposal
from .screen_rules import SCREEN_RULES, resolve_then
from .visa_rules import SUBGROUP_ONLY as _VISA_SUBGROUP
from .visa_rules import visa_facts

EXTRACT_FACTS: dict[str, str] = {
    "sponsors_j1": "Sponsors J-1",
    "sponsors_h1b": "Sponsors H-1B",
    "step2_min": "Step 2 CK minimum",
    "attempts": "Attempts allowed",
    "yog_max_years": "Years since graduation (maximum)",
    "usce_required": "US clinical experience required",
    "usce_min_months": "US clinical experience (months)",
    "ecfmg_by": "ECFMG certification by",
    "step3_for_h1b": "Step 3 required for H-1B",
}



@dataclass(frozen=True)
class Extraction:
    proposals: tuple[Proposal, ...] = ()
    decided: dict[str, str] = field(default_factory=dict)
    unclear: tuple[str, ...] = ()

    def not_stated(self) -> list[str]:
        """Facts the page does not state clearly (no proposal, or proposals that disagree)."""
        return [fact for fact in EXTRACT_FACTS if fact not in self.decided]

    def to_dict(self) -> dict:
        return {"proposals": [p.to_dict() for p in self.proposals], "decided": dict(self.decided),
                "not_stated_clearly": self.not_stated()}



# "Step 3 attempts: 1" or "COMLEX attempts: 1" limits another exam, not the USMLE attempts an IMG applicant has made.
_OTHER_EXAM_ONLY = re.compile(r"^(?!.*\b(?:USMLE|Step\s?(?:1|2|I|II)|Steps|all steps|each step|any step)\b).*\b(?:Step\s?(?:3|III)|"
                              r"COMLEX|Level\s?[123])\b", re.IGNORECASE | re.DOTALL)


def _labelled(unit: Unit) -> Iterator[Proposal]:
    """A table row or 'Label: value' line (labelled.py)."""
    cell = unit.cell or unit.text
    if re.search(r"[:|]\s*(?:N/?A|not applicable|TBD|TBA)\W*$", cell, re.IGNORECASE):
        return                                        # "YOG: N/A" states no value, not "no limit"
    for fact, value, rule in labelled_facts(cell):
        if fact == "attempts" and _OTHER_EXAM_ONLY.search(cell):
            continue
        if fact.startswith("sponsors_") and _VISA_SUBGROUP.search(cell):
            continue                                  # "H-1B: Yes (for PGY-2 entry only)": another group's policy
        yield Proposal(fact, value, unit.quote, rule)


_RULES: tuple[Callable[[Unit], Iterator[Proposal]], ...] = (visa_facts, *SCREEN_RULES, _labelled)

# A yes/no question is never a claim ("Is USCE mandatory? It depends on the applicant's background."): only its topic
# is kept, for the answer after it ("Must I be ECFMG certified to apply? No, but you must be by ranking." ->
# "ECFMG certified: No, but ..."). A question answered yes or no was already rewritten as a statement (paste.py). A
# "what / when / how much" question stays: it names what its answer is about ("When must I be ECFMG certified?").
_QUESTION = re.compile(r"(?:^|(?<=[.!?:]\s))\s*(?:Q(?:uestion)?\s*[0-9]{0,2}\s*[:.)-]\s*)?(?:do|does|did|is|are|was|were|"
                       r"will|would|can|could|should|may|must|have|has)\b[^.!?]*\?(?=\s|$)", re.IGNORECASE)
_TOPIC = re.compile(r"\bECFMG(?: certifi\w*)?|\bJ\s?-?\s?1\b(?!\s?-?\s?[0-9])|\bH\s?-?\s?1\s?-?\s?B\b|\bStep\s?(?:3|III|2(?:\s?CK)?)\b|"
                    r"\bUSCE\b|\b(?:U\.?S\.?\s+)?clinical experience\b|\bvisas?\b|\battempts?\b|\bfailures?\b|"
                    r"\bgraduation\b", re.IGNORECASE)


_VISA_TERM = re.compile(r"\bJ\s?-?\s?1\b|\bH\s?-?\s?1\s?-?\s?B\b|\bvisas?\b", re.IGNORECASE)


def _topic(question: re.Match[str]) -> str:
    """What a yes/no question is about, without what it asks: 'ECFMG certification, Step 3:' ('' when the question
    ends the unit: a question with no answer states nothing)."""
    answer = question.string[question.end():]
    if not answer.strip():
        return " "
    terms = list(dict.fromkeys(m[0] for m in _TOPIC.finditer(question[0])))
    if _VISA_TERM.search(answer):                     # "Do you sponsor J-1 or H-1B? J-1 only.": the answer names it
        terms = [term for term in terms if not _VISA_TERM.fullmatch(term)]
    return f" {', '.join(terms)}: " if terms else " "
# A clause whose subject is not this residency program (its fellowships, a neighbouring or sister program, other
# specialties, one track only) states nothing about the program the advisor is recording.
_OTHER_SUBJECT = re.compile(r"^\W*(?:our|the|all|its)?\s*(?:[\w-]+\s+){0,2}fellowships?\b|(?<!\bfrom )\b(?:neighbou?ring|sister|"
                            r"other|another|affiliated|partner|parent)\s+(?:[\w'’-]+\s+){0,3}(?:programs?|specialt(?:y|ies)|hospitals?|"
                            r"institutions?|universit(?:y|ies)|medical cent(?:er|re)s?|"
                            r"departments?|residenc(?:y|ies))\b|^\W*(?:many|most|some)\s+(?:other\s+)?(?:programs|hospitals|"
                            r"institutions)\b|\b(?:preliminary|prelim|transitional) track only\b|"
                            r"\bfor the (?:preliminary|prelim|categorical|transitional) track\b|^\W*(?:our|the|its)\s+"
                            r"(?:[\w-]+\s+){0,2}track\b", re.IGNORECASE)
# "Our internal medicine program sponsors J-1; our surgery program sponsors both": two programs, two policies.
_NAMED_PROGRAM = re.compile(r"\b(?:our|the)\s+((?:(?!residency\b|training\b|GME\b)[a-z-]+\s+){1,3})(?:residency\s+)?"
                            r"programs?\b", re.IGNORECASE)


# "The Foxglove program requires first-attempt passes; we follow our own criteria": another program's rule, set against
# this one's. Only the clauses that speak of us are kept.
_CONTRAST = re.compile(r"\bour own (?:criteria|rules?|polic(?:y|ies)|requirements?|standards?)\b|\b(?:has|have) not adopted\b|"
                       r"\b(?:do|does) not (?:follow|share|adopt) (?:that|this|the same|their)\b|\bunlike (?:that|them|those|the)\b",
                       re.IGNORECASE)
_US = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


# "... please see that program's page": the program named before is another one.
_THAT_PROGRAM = re.compile(r"\b(?:that|this other|the other) (?:program|residency|department)(?:'s|’s)?\b", re.IGNORECASE)


def claims(text: str) -> str:
    """The unit's text without questions and without clauses about another program or its fellowships."""
    if _THAT_PROGRAM.search(text):
        return ""
    text = _QUESTION.sub(_topic, text)
    pieces = re.split(r"(;\s*|(?<=[a-z0-9)])\.\s+(?=[A-Z]))", text)
    contrast = bool(_CONTRAST.search(text))
    kept = "".join(piece for piece in pieces if not _OTHER_SUBJECT.search(piece)
                   and not (contrast and piece.strip(" ;.") and not _US.search(piece)))
    return re.sub(r"\s+", " ", kept).strip(" ;")


# Specialties and tracks: a unit naming two of them ("Neurology sponsors H-1B; Internal Medicine sponsors J-1", a
# table with a row per program, "our preliminary track ...; categorical positions ...") gives each its own policy.
_SPECIALTY = re.compile(r"\b(?:internal medicine|family (?:medicine|practice)|(?:general )?surgery|pediatrics|psychiatry|neurology|"
                        r"cardiology|gastroenterology|nephrology|oncology|radiology|anesthesiology|pathology|dermatology|"
                        r"ophthalmology|orthopa?edics?|urology|obstetrics|OB/?GYN|emergency medicine|neurosurgery|"
                        r"physical medicine|PM&R|preliminary|prelim|categorical|transitional year)\b", re.IGNORECASE)


# "Our Riverside campus ...; the Fontana campus ...": two sites, two policies.
_NAMED_SITE = re.compile(r"\b(?i:our|the)\s+((?:[A-Z][\w-]+\s+){1,3})(?:campus|site|location|hospital)\b")


# What a part must mention to speak on a fact ("the IM program does not publish a limit" speaks on the limit).
_VISA_TOPIC = re.compile(r"\bJ\s?-?\s?1\b|\bH\s?-?\s?1\s?-?\s?B\b|\bvisas?\b|\bsponsor", re.IGNORECASE)
_FACT_TOPIC: dict[str, re.Pattern[str]] = {
    "sponsors_j1": _VISA_TOPIC, "sponsors_h1b": _VISA_TOPIC,
    "step2_min": re.compile(r"\bStep\s?2|\bscores?\b|\bminimum|\bcut-?off", re.IGNORECASE),
    "attempts": re.compile(r"\battempts?\b|\bfail", re.IGNORECASE),
    "yog_max_years": re.compile(r"\bgraduat|\bYOG\b|\blimit|\bcut-?off|\byears?\b", re.IGNORECASE),
    "usce_required": re.compile(r"\bUSCE\b|\bclinical experience\b", re.IGNORECASE),
    "usce_min_months": re.compile(r"\bUSCE\b|\bclinical experience\b|\bmonths?\b|\bweeks?\b", re.IGNORECASE),
    "ecfmg_by": re.compile(r"\bECFMG\b|\bcertifi|\bdeadline\b|\bby\b", re.IGNORECASE),
    "step3_for_h1b": re.compile(r"\bStep\s?3\b|" + _VISA_TOPIC.pattern, re.IGNORECASE),
}
# A part that answers in other words ("has not adopted that rule", "the surgery program does not") speaks on any fact.
_ANSWERS = re.compile(r"\b(?:rules?|polic(?:y|ies)|requirements?|criteria|adopt\w*|follow\w*|same|differ\w*|otherwise|"
                      r"(?:does|do|did|is|are|has|have|will)\s*(?:not|n't))\b", re.IGNORECASE)


def _programs_named(text: str) -> int:
    """How many of the institution's programs, tracks or sites a unit names."""
    named = {m[1].strip().lower() for m in _NAMED_PROGRAM.finditer(text)}
    named |= {"site " + m[1].strip().lower() for m in _NAMED_SITE.finditer(text)} if len(_NAMED_SITE.findall(text)) > 1 else set()
    specialties = {re.sub(r"^general |^prelim$", lambda m: "preliminary" if m[0] == "prelim" else "", m[0].lower())
                   for m in _SPECIALTY.finditer(text)}
    return max(len(named), len(specialties))


def _unit_proposals(unit: Unit) -> list[Proposal]:
    """Every rule's proposals for one unit, read as claims (the quote is unchanged). A unit that names two of the
    institution's programs gives each its own policy: a fact is kept only when every program's clause states it
    with the same value ("our IM program sponsors J-1; our surgery program sponsors J-1 and H-1B" = J-1 yes only).
    A clause naming no program ("All programs: ECFMG certification before ranking") speaks for each of them, unless
    a program's clause states that fact for itself."""
    if _programs_named(unit.text) < 2:
        text = claims(unit.text)
        return [proposal for rule in _RULES for proposal in rule(replace(unit, text=text))]
    # each part read on its own: a part about another track still counts as a program that must agree
    raw = [part for part in re.split(r";|\n|(?<=[a-z0-9)])\.\s+(?=[A-Z])", unit.text) if part.strip()]
    parts = [claims(part) for part in raw]
    said = [[p for rule in _RULES for p in rule(Unit(part, unit.quote, part))] for part in parts]
    programs = [i for i, part in enumerate(parts) if not part or _NAMED_PROGRAM.search(part) or _SPECIALTY.search(part)
                or _NAMED_SITE.search(part)] \
        or list(range(len(parts)))
    values = [{p.fact: p.value for p in part} for part in said]
    kept: dict[tuple[str, str], Proposal] = {}
    for i, part in enumerate(said):
        for p in part:
            # a program's part that says nothing on the fact's topic ("preliminary positions are also offered") is silent
            stated = [values[j].get(p.fact) for j in programs
                      if p.fact in values[j] or _FACT_TOPIC[p.fact].search(raw[j]) or _ANSWERS.search(raw[j])]
            if all(v == p.value for v in stated) or (i not in programs and not any(stated)):
                kept.setdefault((p.fact, p.value), p)
    return list(kept.values())


# "certified" alone: after a verb or a determiner, never another body's ("board certified", "ACLS certification")
_BARE_CERTIFIED = re.compile(r"(^\W*|\b(?:be|been|being|become|becomes|get|gets|is|are|must|not|the|your|their|this|that|fully|"
                             r"all|full)\s+)(certified|certification|certificate)\b(?! (?:by|from) (?:the )?(?!ECFMG)(?-i:[A-Z])| "
                             r"(?:in|as|of|for|translation|cop(?:y|ies))\b)",
                             re.IGNORECASE)
_PRONOUN = re.compile(r"(\b(?:requires?|needs?|have|has|hold|holds|obtain|get|complete)\s+)it\b()|^(\W*)It\b( (?:must|is|has to|"
                      r"should|will be)\b)", re.IGNORECASE)
# What else "it" may stand for in that sentence
_OTHER_NOUN = re.compile(r"\b(?:visas?|J-1|H-1B|PTAL|licen[cs]e|Step\s?[123]|COMLEX|application|contract|permit|letter)\b",
                         re.IGNORECASE)
_RANK_LIST_CERTIFIED = re.compile(r"\brank (?:order )?lists?\b[^.;]{0,20}\bcertifi", re.IGNORECASE)
_ECFMG_NAMED = re.compile(r"\bECFMG\b[^.;]{0,40}\bcertif|\bcertifi\w* by (?:the )?ECFMG\b", re.IGNORECASE)


def _in_context(units: list[Unit]) -> Iterator[Unit]:
    """Each unit, reading a bare 'certified' right after a unit about ECFMG certification as ECFMG certification
    ('International graduates need ECFMG certification. You must be certified by the start of residency.'; an FAQ
    answer after a question about it). The quote is unchanged."""
    topic, previous = False, ""
    for unit in units:
        if re.search(r"\bby (?:then|that (?:date|time|point|deadline))\b", unit.text, re.IGNORECASE) and previous:
            # "The rank list deadline is March 4. All applicants must be certified by then.": the time named before
            resolved = resolve_then(f"{previous}\x00{unit.text}")
            unit = replace(unit, text=resolved.split("\x00", 1)[-1])
        previous = unit.text
        if "ECFMG" in unit.text.upper() or "?" in unit.quote:
            topic = bool(_ECFMG_NAMED.search(unit.quote))
        elif topic and not _RANK_LIST_CERTIFIED.search(unit.text) and _BARE_CERTIFIED.search(unit.text):
            unit = replace(unit, text=_BARE_CERTIFIED.sub(r"\1ECFMG \2", unit.text, count=1))
        elif topic and _PRONOUN.search(unit.text) and not _OTHER_NOUN.search(unit.text):   # "... requires it by the start"
            unit = replace(unit, text=_PRONOUN.sub(lambda m: f"{m[1] or m[3] or ''}ECFMG certification{m[2] or m[4] or ''}",
                                                    unit.text, count=1))
        else:
            topic = False
        yield unit


def _per_program_rows(units: list[Unit]) -> set[str]:
    """The quotes of table rows or 'Label: value' lines labelled by a program or track, when two or more programs have
    rows ('Internal Medicine | J-1, H-1B', 'Family Medicine | J-1 only'): each row is that program's policy."""
    rows = {unit.quote: _specialty_name(m[0]) for unit in units
            if unit.cell and (m := re.match(r"^\W*[^:]{0,40}", unit.cell)) and _SPECIALTY.search(m[0])}
    return set(rows) if len(set(rows.values())) >= 2 else set()


def _specialty_name(label: str) -> str:
    """The program or track a row label names ('Internal Medicine Residency' and 'Internal Medicine' are one)."""
    found = _SPECIALTY.search(label)
    return re.sub(r"^general |^prelim$", "", found[0].lower()) if found else label.lower()


def _row_agrees(proposal: Proposal, row_text: str, row: dict[str, str]) -> bool:
    """A program's row agrees when it states the same value, or says nothing on the fact's topic."""
    if proposal.fact in row:
        return row[proposal.fact] == proposal.value
    return not (_FACT_TOPIC[proposal.fact].search(row_text) or _ANSWERS.search(row_text))


def extract_eligibility(text: str | bytes) -> Extraction:
    """Proposed facts from a pasted eligibility page (PasteError when the text is refused)."""
    units = paste_units(clean_paste(text))
    per_program = _per_program_rows(units)
    said = [(unit.quote in per_program, unit.text, _unit_proposals(unit)) for unit in _in_context(units)]
    rows = [(text, {p.fact: p.value for p in found}) for is_row, text, found in said if is_row]
    proposals = [p for is_row, _, found in said for p in found      # a program's row counts when every row agrees
                 if not is_row or all(_row_agrees(p, text, row) for text, row in rows)]
    by_fact: dict[str, set[str]] = {}
    for proposal in proposals:
        by_fact.setdefault(proposal.fact, set()).add(proposal.value)
    decided = {fact: next(iter(values)) for fact, values in by_fact.items() if len(values) == 1}
    unclear = tuple(fact for fact, values in by_fact.items() if len(values) > 1)
    return Extraction(tuple(proposals), decided, unclear)


__all__ = ["EXTRACT_FACTS", "Extraction", "Proposal", "extract_eligibility"]
