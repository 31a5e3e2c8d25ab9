"""What a pasted page proposes, turned into facts an advisor can record: one place for the CLI and the Data page.

    eligibility_proposals(text) / roster_proposals(text) -> FromText(items, not_stated, warnings, roster)
        items: Item(fact, value, sentence, rule, field, record_value, why_not); `field`/`record_value` is what
        would be recorded (None with `why_not` in words when the program table has no place for it yet)
    other_institutions_named(text, own, others) -> the other programs' institutions the page names (a warning:
        a page copied from the wrong tab); other_institutions_for(text, program, programs) takes them from
        the program table
    source_note(url, item) -> the recorded source note: the URL, then the quoted sentence and the rule
    difference(field, new, quote, recorded, bundled) -> Difference (old value, who/when/source, new value and
        quote) when recording would change what is known; None when it agrees or nothing is known
    fact_label(fact) -> a proposed fact's name in words (also for `not_stated`)
    roster_table(roster) -> one row per class: the count and the schools (with their line) that decided it
    IMG_SHARE_USED -> which share the model uses, in words (the panels state it)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .extract import EXTRACT_FACTS, Proposal, extract_eligibility
from .records import FACT_FIELDS, FactError, FactRecord
from ..text import fold_words, plural
from .roster import CATEGORIES, LISTED_RULES, RosterCount, count_roster, lines_without_schools
from .rules import check_fact_value

QUOTE_IN_NOTE = 300


def fact_label(fact: str) -> str:
    """A proposed fact's name in words (an extracted fact, else the roster's IMG share)."""
    return EXTRACT_FACTS.get(fact, "IMG share of residents")


@dataclass(frozen=True)
class Item:
    fact: str
    value: str
    sentence: str
    rule: str
    field: str | None              # the recorded-fact field (records.FACT_FIELDS), None when not recordable
    record_value: str | None
    why_not: str = ""

    @property
    def label(self) -> str:
        return fact_label(self.fact)

    def to_dict(self) -> dict:
        return {"fact": self.fact, "value": self.value, "sentence": self.sentence, "rule": self.rule,
                "records_as": {"field": self.field, "value": self.record_value} if self.field else None,
                "not_recordable": self.why_not or None}


@dataclass(frozen=True)
class FromText:
    items: tuple[Item, ...] = ()
    not_stated: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    roster: RosterCount | None = None

    def to_dict(self) -> dict:
        out: dict = {"proposals": [item.to_dict() for item in self.items],
                     "not_stated_clearly": [EXTRACT_FACTS[f] for f in self.not_stated], "warnings": list(self.warnings)}
        if self.roster is not None:
            out["roster"] = self.roster.to_dict()
        return out


_NOT_RECORDABLE = {
    "possible": "the program table records yes or no; 'possible' stays unknown (write it in a note)",
    "none": "the program table has no 'no minimum' value; leave the fact unknown (the screen is not applied)",
    "ecfmg_by": "the program table has no ECFMG-deadline fact yet",
    "step3_for_h1b": "the program table has no Step 3 for H-1B fact yet",
}


def _recordable(proposal: Proposal) -> tuple[str | None, str | None, str]:
    """(field, value, '') or (None, None, why not)."""
    fact, value = proposal.fact, proposal.value
    if fact in ("ecfmg_by", "step3_for_h1b"):
        return None, None, _NOT_RECORDABLE[fact]
    if value in ("possible", "none"):
        return None, None, _NOT_RECORDABLE[value]
    if fact == "attempts":
        return "first_attempt_only", "yes" if value == "first_attempt_only" else "no", ""
    return fact, value, ""


def eligibility_proposals(text: str | bytes) -> FromText:
    """One item per fact the page states clearly (the first sentence that states it), in page order."""
    extraction = extract_eligibility(text)
    items, seen = [], set()
    for proposal in extraction.proposals:
        if extraction.decided.get(proposal.fact) != proposal.value or proposal.fact in seen:
            continue
        seen.add(proposal.fact)
        items.append(Item(proposal.fact, proposal.value, proposal.sentence, proposal.rule, *_recordable(proposal)))
    warnings = tuple(_disagreement(fact, extraction.proposals) for fact in extraction.unclear)
    return FromText(tuple(items), tuple(extraction.not_stated()), warnings)


def _disagreement(fact: str, proposals: tuple[Proposal, ...], max_quotes: int = 3) -> str:
    """'Sponsors H-1B: the page says different things — "no" in "…"; "possible" in "…"; read them and record by
    hand.' The quotes let the advisor decide without searching the page."""
    said = [f"\"{p.value}\" in \"{p.sentence[:160]}\"" for p in proposals if p.fact == fact][:max_quotes]
    return f"{EXTRACT_FACTS[fact]}: the page says different things — {'; '.join(said)}; read them and record by hand."


def roster_proposals(text: str | bytes, aliases: Mapping[str, str] | None = None) -> FromText:
    """The IMG share as one item (the counts in the sentence), and the roster's counts and mentions.
    aliases: the workspace's own school classifications (store/aliases.current_aliases), passed in."""
    roster = count_roster(text, aliases)
    value = roster.img_share_value()
    warnings = []
    unknown = len(roster.unrecognised())              # distinct names, as the list to classify shows them
    if unknown:
        warnings.append(f"{plural(unknown, 'school')} not recognised: " + ("classify it, or it stays out of the share."
                        if unknown == 1 else "classify them, or they stay out of the share."))
    if value is None:
        return FromText((), (), tuple(warnings + ["No medical school was recognised in the pasted text."]), roster)
    counts = ", ".join(f"{CATEGORIES[c]} {roster.counts.get(c, 0)}" for c in CATEGORIES)
    share = roster.non_caribbean_share or 0.0
    sentence = (f"{value} recognised schools are outside the US ({counts}); non-Caribbean international "
                f"{share:.0%} (a proxy for non-US IMGs).")
    item = Item("img_share", value, sentence, "roster.count", "img_share", value)
    return FromText((item,), (), tuple(warnings), roster)


def other_institutions_named(text: str, own: Iterable[str], others: Iterable[str]) -> list[str]:
    """Institutions of other programs that the text names while it names none of this program's (a warning), as
    the program table writes them."""
    folded = f" {fold_words(text)} "

    def parts(names: Iterable[str]) -> dict[str, str]:
        folds = ((fold_words(x), x.strip()) for name in names for x in re.split(r"\s*/\s*|\s*\(|\)", str(name)))
        return {key: shown for key, shown in folds if len(key) >= 12}

    own_parts = parts(own)
    if any(f" {p} " in folded for p in own_parts):
        return []
    named = {p: shown for p, shown in parts(others).items() if p not in own_parts and f" {p} " in folded}
    return [named[p] for p in sorted(named)][:3]


def other_institutions_for(text: str | bytes, program: str, programs, roster: RosterCount | None = None) -> list[str]:
    """other_institutions_named with this program's name and institution, and the other programs' institutions,
    taken from the program table (a DataFrame with program_id, name, institution). For a roster, only the lines no
    school was counted from are read: residents' medical schools name other institutions by nature."""
    if roster is not None:
        text = lines_without_schools(text, roster)
    elif isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    row = programs.loc[programs["program_id"] == program]
    own = row[["name", "institution"]].iloc[0].dropna().tolist() if len(row) else []
    others = programs.loc[programs["program_id"] != program, "institution"].dropna().tolist()
    return other_institutions_named(text, own, others)


def wrong_page_warning(named: Sequence[str]) -> str | None:
    """The warning for a page that names another program's institution and not this one's (None when it does not)."""
    if not named:
        return None
    return ("This page names another institution (" + "; ".join(named) + ") and not this program's: is it the right "
            "page for the program picked?")


def share_caption(roster: RosterCount) -> str | None:
    """The proxy share with its counts: how many recognised schools, how many a rule placed (no list), how many
    unrecognised names were left out."""
    if not roster.recognised:
        return None
    abroad = roster.counts.get("international", 0)
    placed = sum(1 for m in roster.mentions if m.category != "unrecognised" and m.rule not in LISTED_RULES)
    left_out = roster.counts.get("unrecognised", 0)
    return (f"Non-Caribbean international share: {abroad} of {plural(roster.recognised, 'recognised school')} "
            f"({abroad / roster.recognised:.0%}; proxy only, not recorded); {placed} of the recognised placed by a "
            f"rule, not a list; {plural(left_out, 'unrecognised name')} left out.")


PLACED_BY_RULE_NOTE = ("No bundled list names these schools; a rule placed each one (a place abroad in the name, or a "
                       "medical school's name on neither US list; the Rule column above says which). A click records "
                       "another class for the workspace, like any classification.")
ROSTER_TABLE_COLUMNS = ("Class", "Count", "Counted from", "Rule")


def source_note(url: str, item: Item) -> str:
    """'https://… — pasted text, rule visa.negated: "We do not sponsor H-1B visas."' (bounded)."""
    quote = item.sentence if len(item.sentence) <= QUOTE_IN_NOTE else item.sentence[:QUOTE_IN_NOTE] + "…"
    return f"{url.strip()} — pasted text, rule {item.rule}: \"{quote}\""


IMG_SHARE_USED = ("The model uses the IMG share: graduates of every school outside the US, Caribbean schools "
                  "included (rosters do not state citizenship). The non-Caribbean international share is shown only "
                  "as a proxy for non-US IMGs; it is not recorded and the model does not use it.")


def roster_table(roster: RosterCount, max_schools: int = 12) -> list[dict[str, object]]:
    """One row per class: the count and the school texts (with the pasted line) that decided it. School names and
    line numbers only: a roster line's other cells (residents' names) are never carried here."""
    rows: list[dict[str, object]] = []
    for category, label in CATEGORIES.items():
        found = [m for m in roster.mentions if m.category == category]
        shown = "; ".join(f"line {m.line}: {m.school}" if m.line else m.school for m in found[:max_schools])
        more = f" … and {len(found) - max_schools} more" if len(found) > max_schools else ""
        rules = ", ".join(sorted({m.rule for m in found}))
        rows.append(dict(zip(ROSTER_TABLE_COLUMNS, (label, len(found), shown + more, rules))))
    return rows


@dataclass(frozen=True)
class Difference:
    """What recording a value would change: the value known now (and who said it, when, from where) and the new
    value with the sentence that states it. The page shows it and asks for an explicit confirm."""

    field: str
    old: str
    old_by: str
    old_when: str
    old_source: str
    new: str
    quote: str

    def lines(self) -> list[str]:
        label = FACT_FIELDS.get(self.field, self.field)
        return [f"{label}: now {self.old} — {self.old_by}, {self.old_when}, {self.old_source}",
                f"This page: {self.new} — \"{self.quote}\""]


def _same(field: str, old: str, new: str) -> bool:
    """Equal once both are read the way the store reads them (img_share '2 of 4' == '0.5')."""
    try:
        a, b = check_fact_value(field, old), check_fact_value(field, new)
    except FactError:
        return old.strip().lower() == new.strip().lower()
    try:
        return abs(float(a) - float(b)) < 0.005
    except ValueError:
        return a == b


def difference(field: str, new: str, quote: str, recorded: FactRecord | None, bundled: object = None,
               bundled_source: str = "the bundled program data") -> Difference | None:
    """A Difference when `new` contradicts the recorded fact (or, with none recorded, the bundled value)."""
    if recorded is not None and not recorded.retracted:
        if _same(field, recorded.value, new):
            return None
        when = f"checked {recorded.checked_on:%Y-%m-%d}, recorded {recorded.recorded_at:%Y-%m-%d %H:%M} UTC"
        return Difference(field, recorded.value, f"recorded by {recorded.recorded_by}", when,
                          f"{recorded.source_type}: {recorded.source_note}", new, quote)
    if bundled is None or (isinstance(bundled, float) and bundled != bundled) or str(bundled).strip() in ("", "<NA>"):
        return None
    old = str(bundled)
    if _same(field, old, new):
        return None
    return Difference(field, old, "bundled", "in the program table", bundled_source, new, quote)


__all__ = ["IMG_SHARE_USED", "PLACED_BY_RULE_NOTE", "ROSTER_TABLE_COLUMNS", "Difference", "FromText", "Item",
           "difference", "eligibility_proposals", "other_institutions_named", "roster_proposals", "roster_table",
           "share_caption", "source_note", "wrong_page_warning"]
