"""A program's resident roster, pasted in any layout, becomes its IMG share: medical-school mentions, classified.

    count_roster(text, aliases) -> RosterCount: each Mention(school, category, rule, line) found; counts per category;
                          img_share (schools outside the US, Caribbean included) and non_caribbean_share (a proxy for
                          non-US IMGs: rosters do not state citizenship, and many Caribbean graduates are US citizens)

Categories: us_md (LCME), us_do (COCA), caribbean, international, unrecognised. Only school names and counts are
kept, never residents' names: a mention is the school text, and a line with no school word is never kept.

How a school is recognised, in order: a name or alias from data/schools/schools.csv (sources and completeness in
data/schools/README.md); "osteopathic" (US DO); a degree or word only foreign schools use (MBBS, MBChB,
Universidad, Faculté, ...) or a country name (international); "University of <US state>" with a medicine word
(US MD). Anything else with a school word is unrecognised, for the advisor to classify.

A workspace's own classifications (`aliases`: {fold_school(name): class}, from store/aliases.py, passed in by the
app or the CLI so this module never reads the store) are tried first, on the whole cell: an advisor's choice wins
over every rule, and "not_school" drops the cell.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..text import fold_words
from .paste import MAX_PASTE_CHARS, clean_paste
from .places import Place, is_us_place, names_us_place, place_abroad

SCHOOLS_FILE = Path(__file__).resolve().parents[2] / "data" / "schools" / "schools.csv"
CATEGORIES: dict[str, str] = {
    "us_md": "US MD (LCME)", "us_do": "US DO (COCA)", "caribbean": "International: Caribbean",
    "international": "International: other", "unrecognised": "Unrecognised",
}
LISTED_RULES = frozenset({"schools.csv", "workspace alias"})     # placed by a list, not inferred
ALIAS_CLASSES: dict[str, str] = {      # what an advisor may classify an unrecognised name as (one click each)
    "us_md": "US MD", "us_do": "US DO", "international": "International", "caribbean": "Caribbean",
    "not_school": "Not a school",
}


@dataclass(frozen=True)
class Mention:
    school: str          # the school text as found (never a resident's name)
    category: str
    rule: str
    line: int = 0        # the pasted line it was found on (1-based), so the advisor can find it


@dataclass(frozen=True)
class RosterCount:
    mentions: tuple[Mention, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def recognised(self) -> int:
        return sum(n for category, n in self.counts.items() if category != "unrecognised")

    @property
    def outside_us(self) -> int:
        return self.counts.get("caribbean", 0) + self.counts.get("international", 0)

    @property
    def img_share(self) -> float | None:
        return self.outside_us / self.recognised if self.recognised else None

    @property
    def non_caribbean_share(self) -> float | None:
        return self.counts.get("international", 0) / self.recognised if self.recognised else None

    def img_share_value(self) -> str | None:
        """'12 of 20', the form a recorded img_share accepts (None when no school was recognised)."""
        return f"{self.outside_us} of {self.recognised}" if self.recognised else None

    def to_dict(self) -> dict:
        return {"counts": {c: self.counts.get(c, 0) for c in CATEGORIES}, "recognised": self.recognised,
                "img_share": self.img_share, "img_share_value": self.img_share_value(),
                "non_caribbean_share": self.non_caribbean_share,
                "mentions": [{"school": m.school, "category": m.category, "rule": m.rule, "line": m.line}
                             for m in self.mentions]}

    def unrecognised(self) -> list[str]:
        """The distinct unrecognised school texts, in paste order: what the advisor classifies with one click (one
        per folded name: 'Zorbex College' and 'ZORBEX COLLEGE' are one classification)."""
        first: dict[str, str] = {}
        for m in self.mentions:
            if m.category == "unrecognised":
                first.setdefault(fold_school(m.school), m.school)
        return list(first.values())

    def placed_by_rule(self) -> dict[str, str]:
        """{school text: class} for the schools a rule placed (a place, a name's form), not a list or the workspace:
        counted, but worth a look, since no list vouches for them; in paste order, the first class a name was given,
        and none that is also unrecognised (it is offered there)."""
        unrecognised = {fold_school(name) for name in self.unrecognised()}
        placed: dict[str, tuple[str, str]] = {}
        for m in self.mentions:
            key = fold_school(m.school)
            if m.category != "unrecognised" and m.rule not in LISTED_RULES and key not in unrecognised:
                placed.setdefault(key, (m.school, m.category))
        return dict(placed.values())


def fold_school(text: str) -> str:
    """Lower case, accents and punctuation dropped: 'Universidad Autónoma' ~ 'universidad autonoma' (the key of
    a workspace alias)."""
    return fold_words(text)


@dataclass(frozen=True)
class _Alias:
    pattern: re.Pattern[str]
    folded: str
    acronym: bool
    school: str
    category: str
    whole_segment: bool      # a bare word that is also a surname ("Ross", "Dow"): only when it is the whole cell


@functools.cache
def school_aliases(path: Path = SCHOOLS_FILE) -> tuple[_Alias, ...]:
    """Every name and alias of the bundled list, longest first (so 'AUC School of Medicine' wins over 'AUC')."""
    aliases: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for alias in [row["name"], *row["aliases"].split("|")]:
                if alias.strip():
                    aliases.append((alias.strip(), row["name"], row["category"]))
    out = []
    for alias, school, category in sorted(aliases, key=lambda a: -len(a[0])):
        folded = fold_school(alias)
        acronym = " " not in alias and sum(ch.isupper() for ch in alias) >= 2    # AUC, ATSU-SOMA, TouroCOM
        bare_word = " " not in alias and not acronym
        flags = 0 if acronym else re.IGNORECASE
        text = alias if acronym else folded
        out.append(_Alias(re.compile(rf"(?<![A-Za-z0-9]){re.escape(text)}(?![A-Za-z0-9])", flags), folded, acronym,
                          school, category, bare_word))
    return tuple(out)


_OTHER_SCHOOL_LABELS = ("high school", "graduate school", "graduate education", "pharmacy school", "dental school",
                        "nursing school", "undergraduate education", "undergraduate school", "undergraduate degree",
                        "undergraduate institution", "bachelor'?s(?: degree)?", "bachelors(?: degree)?",
                        "master'?s(?: degree)?", "masters(?: degree)?", "research", "fun fact", "languages?")
_LABEL = re.compile(r"\b(" + "|".join(_OTHER_SCHOOL_LABELS) + r"|medical school|med school|school of medicine|"
                    r"medical education|education|school|md|do|med|degree|undergraduate|undergrad|college|hometown|"
                    r"home town|residency|internship|fellowship|interests?|hobbies|ba|bs|b\.s\.|b\.a\.|mph|phd)\s*:",
                    re.IGNORECASE)
_SKIP_LABELS = {"undergraduate", "undergrad", "college", "hometown", "home town", "residency", "internship",
                "fellowship", "interest", "interests", "hobbies", "ba", "bs", "b.s.", "b.a.", "mph", "phd"}


_OTHER_LABEL = re.compile("|".join(_OTHER_SCHOOL_LABELS))


def _skipped_label(label: str) -> bool:
    """A label whose value is no medical school: 'Hometown:', 'High School:', "Bachelor's:", 'Research:'."""
    text = label.lower()
    return text in _SKIP_LABELS or _OTHER_LABEL.fullmatch(text) is not None
_SCHOOL_WORD = re.compile(r"\b(universit\w*|college|school|medicine|medical|faculty|facultad|faculdade|faculte|"
                          r"universidad|universidade|universite|universitat|institute|instituto|academy|mbbs|mbchb|"
                          r"osteopathic)\b", re.IGNORECASE)
_OSTEOPATHIC = re.compile(r"osteopathic", re.IGNORECASE)
_FOREIGN = re.compile(r"\b(mbbs|mbchb|mbbch|mb bs|universidad|universidade|universite|universitat|facultad|faculdade|"
                      r"faculte|escuela|medizinische|akademia|uniwersytet|meditsinskiy|grant medical|government "
                      r"medical college|medical college [a-z]+ pakistan|institute of medical sciences)\b", re.IGNORECASE)
_COUNTRIES = ("india", "pakistan", "bangladesh", "nepal", "sri lanka", "egypt", "nigeria", "ghana", "kenya", "ethiopia",
              "sudan", "iran", "iraq", "syria", "jordan", "lebanon", "saudi arabia", "israel", "turkey", "mexico",
              "guatemala", "colombia", "venezuela", "peru", "brazil", "argentina", "chile", "ecuador", "philippines",
              "china", "taiwan", "korea", "japan", "vietnam", "thailand", "malaysia", "indonesia", "russia", "ukraine",
              "poland", "hungary", "romania", "czech", "serbia", "armenia", "georgia tbilisi", "united kingdom",
              "england", "ireland", "scotland", "germany", "france", "italy", "spain", "greece", "australia",
              "new zealand", "south africa", "uzbekistan", "kazakhstan", "kyrgyzstan", "cuba", "dominican republic",
              "jamaica", "trinidad", "barbados", "grenada", "dominica", "cayman", "antigua", "aruba", "curacao",
              "st kitts", "saint kitts", "belize", "guyana", "karachi", "lahore", "islamabad", "rawalpindi", "mumbai",
              "delhi", "chennai", "kolkata", "bangalore", "hyderabad", "cairo", "alexandria", "tehran", "manila",
              "beijing", "shanghai", "lagos", "ibadan", "guadalajara", "monterrey", "tijuana", "havana", "santo domingo",
              # more countries and the cities medical schools are named after (none shares its name with a US city
              # that has a medical school)
              "afghanistan", "yemen", "libya", "tunisia", "algeria", "morocco", "uganda", "tanzania", "zimbabwe",
              "zambia", "cameroon", "bolivia", "paraguay", "uruguay", "honduras", "nicaragua", "el salvador",
              "costa rica", "panama", "myanmar", "cambodia", "singapore", "bulgaria", "croatia", "lithuania", "latvia",
              "belarus", "moldova", "azerbaijan", "portugal", "netherlands", "belgium", "sweden", "norway", "denmark",
              "finland", "switzerland", "austria", "qatar", "kuwait", "oman", "bahrain", "united arab emirates",
              "dhaka", "chittagong", "kathmandu", "colombo", "kabul", "damascus", "aleppo", "baghdad", "amman",
              "beirut", "riyadh", "jeddah", "dubai", "abu dhabi", "doha", "muscat", "khartoum", "addis ababa",
              "nairobi", "kampala", "accra", "abuja", "cape town", "johannesburg", "harare", "tunis", "casablanca",
              "bogota", "medellin", "antioquia", "caracas", "zulia", "quito", "buenos aires", "sao paulo",
              "rio de janeiro", "mexico city", "puebla", "seoul", "tokyo", "osaka", "taipei", "hanoi", "ho chi minh",
              "bangkok", "kuala lumpur", "jakarta", "tbilisi", "yerevan", "baku", "tashkent", "bishkek", "almaty",
              "kyiv", "kiev", "kharkiv", "moscow", "minsk", "warsaw", "krakow", "gdansk", "budapest", "prague",
              "bucharest", "belgrade", "zagreb", "istanbul", "ankara", "milan", "madrid", "barcelona", "lisbon",
              "berlin", "munich", "heidelberg", "vienna", "london", "dublin", "edinburgh", "glasgow", "sydney",
              "melbourne", "auckland", "vellore", "manipal", "pune", "jaipur", "lucknow", "ahmedabad", "kerala",
              "punjab", "sindh", "multan", "peshawar", "faisalabad", "quetta", "mangalore", "santo tomas", "tel aviv")
_CARIBBEAN_COUNTRIES = {"belize", "guyana", "cuba", "dominican republic", "jamaica", "trinidad", "barbados", "grenada", "dominica",
                        "cayman", "antigua", "aruba", "curacao", "st kitts", "saint kitts", "havana", "santo domingo"}
_COUNTRY = re.compile(r"\b(" + "|".join(re.escape(c) for c in _COUNTRIES) + r")\b")
_US_STATES = ("alabama", "arizona", "arkansas", "california", "colorado", "connecticut", "florida", "georgia", "hawaii",
              "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maryland", "massachusetts", "michigan",
              "minnesota", "mississippi", "missouri", "nebraska", "nevada", "new mexico", "new york", "north carolina",
              "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina",
              "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington", "west virginia",
              "wisconsin", "new jersey", "new hampshire", "maine", "delaware", "idaho", "montana", "wyoming",
              "alaska")
_US_STATE = re.compile(r"\b(?:" + "|".join(_US_STATES) + r")\b")
_US_MD = re.compile(r"\b(?:university of|state university|medical college of|college of medicine of)\b.*\b(?:" +
                    "|".join(_US_STATES) + r")\b|\b(?:" + "|".join(_US_STATES) + r")\b.*\b(?:school of medicine|college "
                    r"of medicine|medical school|health science center)\b")
# Names only schools outside the US take: "<Name> Medical College" (US colleges say "Medical College of <State>",
# and the few US "<Name> Medical College"s are in schools.csv, which is read first), "<Name> Medical University"
# ("Medical University of South Carolina" is the US form), "State Medical University", "Faculty of Medicine", and
# "University of Medical (and Health) Sciences".
_FOREIGN_FORM = re.compile(r"\b(?<!of )(?:[a-z]+ )(?:state )?medical (?:college|university)\b(?! of)|\bfaculty of "
                           r"medicine\b|\buniversity of medical (?:and health )?sciences\b")
# A name that can only be a medical school: the form the LCME and COCA lists (complete for the US, read first) use
# too, so one missing from them is a school outside the US, unless it names a US place or a word of a US school.
_MEDICAL_SCHOOL_FORM = re.compile(r"\b(?:school of medicine|college of medicine|medical school|faculty of medicine|"
                                  r"medical (?:college|university)|university of medicine|school of medical sciences|"
                                  r"(?:institute|university|college) of (?:medical|health) sciences|health sciences "
                                  r"university|medical sciences university)\b")


_NOT_A_NAME_WORD = frozenset({"a", "at", "of", "the", "and", "md", "med", "com", "som", "jr"})   # degrees, particles
GENERIC_ABROAD_ROWS = 5     # a word in this many schools outside the US ('university', 'saint', 'central') is generic
# Given names: a US variant keeps the surname ("Geffen", "Kimmel"), so a given name alone says nothing, unless a
# school has no other word of its own ("Rosalind Franklin").
_GIVEN_NAMES = frozenset({"albert", "alice", "anne", "antonio", "bernard", "david", "elson", "frank", "frederick",
                          "george", "herbert", "homer", "jerry", "joan", "juan", "kiran", "kirk", "leonard", "lewis",
                          "robert", "sam", "sidney", "thomas", "warren", "wallace", "marion", "tilman", "edward",
                          "james", "john", "paul", "william", "charles", "mary", "joseph", "francis"})


# A hospital or health system named in a cell (a page's heading or footer, a resident's prelim year): no medical
# school, unless it names one's form ("University of Mississippi Medical Center School of Medicine") or the whole cell
# is a listed name ("UT Southwestern Medical Center").
_HOSPITAL = re.compile(r"\b(?:medical center|hospital|health system|health care|healthcare|health network|"
                       r"medical group)\b|^(?!.*\b(?:academy|college|school|institute|faculty|sciences?)\b).*\bhealth$")
_SCHOOL_FORM_IN_HOSPITAL = re.compile(r"\b(?:school of medicine|college of medicine|medical school|faculty of medicine|"
                                      r"medical college|medical university|university of medicine|osteopathic|"
                                      r"universidad|universidade|universite)\b")
_FORM_WORDS = re.compile(r"\b(?:school|college|faculty|of|medicine|medical|the|and|dentistry|health|sciences?)\b",
                         re.IGNORECASE)


def _short_stem(segment: str) -> bool:
    """'BU School of Medicine', 'Mizzou School of Medicine': an abbreviation or a single word before the form, which
    US schools' short names take as often as schools abroad ('WVU', 'JHU'): no rule can say which."""
    stem = _FORM_WORDS.sub(" ", segment).split()
    return len(stem) <= 1 or any(re.fullmatch(r"[A-Z&]{2,}(?:-[A-Z]+)?", word.strip(".,()")) for word in stem)


@functools.cache
def _school_words(path: Path = SCHOOLS_FILE) -> tuple[frozenset[str], frozenset[str]]:
    """(every word of US schools' names and aliases, the words that say a name may be a US school): a city named by
    a word of a US school's name is no place abroad ('David' in 'David Geffen', 'Forest' in 'Wake Forest'), and a
    US school's own word ('geffen', 'loma', 'uva') in a name shaped like a school abroad makes it unrecognised."""
    us_names: list[set[str]] = []
    abroad: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [set(fold_school(alias).split()) for alias in [row["name"], *row["aliases"].split("|")] if alias]
            if row["category"] in ("us_md", "us_do"):
                us_names += names
            else:
                for word in set().union(*names):
                    abroad[word] = abroad.get(word, 0) + 1
    every = set().union(*us_names)
    own = {w for w in every if abroad.get(w, 0) < GENERIC_ABROAD_ROWS and len(w) > 1} - _NOT_A_NAME_WORD
    needed = {w for name in us_names for w in name & _GIVEN_NAMES if not (name & own) - _GIVEN_NAMES}
    return frozenset(every), frozenset(own - (_GIVEN_NAMES - needed))


def _may_be_american(*texts: str) -> bool:
    """A US place, or a word of a US school's own name, in the school's name or the text after it: a name shaped
    like a school abroad may then be a US school written another way, so no rule places it abroad."""
    evidence = _school_words()[1]
    return any(names_us_place(text) or evidence.intersection(text.split()) for text in texts if text)


def _place(folded: str) -> tuple[str, Place | None] | None:
    """(place name, Place) for the first country, region or city abroad the text names: the curated names first
    (regions and cities medical schools are named after), then GeoNames."""
    curated = _COUNTRY.search(_US_STATE.sub(" ", folded).replace("new england", " "))   # not "Mexico" in "New Mexico"
    if curated:
        return curated[1], None
    place = place_abroad(folded, ignore_in_cities=_school_words()[0])
    return (place.name, place) if place else None


def _place_rule(found: tuple[str, Place | None]) -> str:
    """'place name: multan (PK, GeoNames)': the rule with the place that decided it, for the advisor to check."""
    name, place = found
    return f"place name: {name} ({place.country_code}, GeoNames)" if place else f"place name: {name}"


def _place_class(found: tuple[str, Place | None]) -> str:
    name, place = found
    caribbean = place.caribbean if place is not None else name in _CARIBBEAN_COUNTRIES
    return "caribbean" if caribbean else "international"


_SEPARATOR = re.compile(r"\s*(?:\|| - | – | — |;|•|·|\t)\s*")
MAX_MENTION_CHARS = 120


_DEGREES = {"md", "do", "mbbs", "mbchb", "mbbch", "mb bs", "mph", "phd", "ms", "msc", "ba", "bs", "bsc", "dr"}
_HEADERS = {"medical school", "school", "med school", "school of medicine", "medical school attended", "education",
            "medical education", "university", "college", "degree"}
_INSTITUTION = re.compile(r"\b(universit\w*|college|school|faculty|facultad|faculdade|faculte|institute|instituto|"
                          r"academy|universidad|universidade|universite|universitat)\b")


# A bare name two schools in different classes share ("Xavier": Aruba, the Philippines, or a US college with no
# medical school): a school, but the advisor must say which.
_AMBIGUOUS = frozenset({"xavier"})
# A bare name a Caribbean school shares with one elsewhere abroad ("Trinity": St Vincent or Dublin; "St George's":
# Grenada or London): outside the US either way, so it counts as an IMG; the Caribbean one, far more frequent on US
# rosters, is assumed, and the rule says so for the advisor to check.
_CARIBBEAN_OR_ABROAD = frozenset({"trinity", "st georges", "saint georges"})
# A degree other than medicine's before a school ("BS, University of Karachi", "B.Sc. University of Delhi").
_OTHER_DEGREE = re.compile(r"(?:B\.?\s?S\.?c?|B\.?\s?A\.?|M\.?\s?S\.?c?|M\.?P\.?H|Ph\.?\s?D|MBA|M\.?A\.?|Bachelor(?: of \w+)?|"
                           r"Master(?: of \w+(?: \w+)?)?)(?=\s|,|\.?$)\.?", re.IGNORECASE)
# A residency program named in a cell (a page's heading, breadcrumbs, footer: "UCLA Internal Medicine Residency",
# "Welcome to the Harbor-UCLA Medical Center program", "Affiliated with ..."): the host program or its partner,
# never a resident's medical school. A specialty alone is no such sign: a resident's cell may name their track
# ("Jane Doe (Psychiatry, Ross University)").
_PROGRAM_WORDS = re.compile(r"\b(?:residency|residents|department of|welcome|graduate medical education)\b", re.IGNORECASE)
_AFFILIATION_WORDS = re.compile(r"\b(?:affiliat\w*|sponsoring institution|sponsored by|in partnership with|"
                                r"copyright)\b|©", re.IGNORECASE)
_PARTICLES = frozenset({"of", "the", "and", "de", "del", "la", "las", "los", "y", "e", "da", "do", "dos", "das", "di",
                        "du", "des", "le", "for", "in", "at", "el", "al", "an", "a", "st", "und", "fur", "i"})


def _looks_like_a_name(text: str) -> bool:
    """'Ross University School of Medicine', 'Universidad Autónoma de Guadalajara', 'UCLA Internal Medicine
    Residency': a short run of capitalised words; not a sentence ('Before medical school, she was a pharmacist in
    Karachi'), which rules must not read as a school's name."""
    words = re.findall(r"[^\W\d_][\w'’.&-]*", text)
    content = [w for w in words if w.lower().strip(".") not in _PARTICLES]
    return bool(content) and len(words) <= 14 and sum(w[0].isupper() for w in content) >= 0.75 * len(content)


# Training after medical school, or research, named in a cell: that institution is no medical school.
_PRIOR_TRAINING = re.compile(r"\b(?:residency|fellowship|internship|observership|research(?:er| fellow)?|post-?doc\w*|"
                             r"trained|training|worked|house officer)\b[^|]{0,40}\b(?:at|in|from)\b|\b(?:University|College)"
                             r" Hospital\b", re.IGNORECASE)
_DEGREE_WORDS = re.compile(r"\b(?:mbbs|mbchb|mbbch|mb bs|mb bch(?: bao)?|m b b s|bmbs)\b")
_DEGREE_CELL = re.compile(r"(?:MD|DO|MBBS|MB BS|MBChB|MBBCh|MB BCh(?: BAO)?|BMBS)")
_DEGREE_END = re.compile(r",\s*(?:MD|DO|MBBS|MB BS|MBChB|MBBCh|MB BCh(?: BAO)?|BMBS|MD,? PhD|DO,? MPH)\.?\s*$")


@functools.cache
def _listed_names(path: Path = SCHOOLS_FILE) -> frozenset[str]:
    """Every folded name and alias of the bundled list, for a whole-cell check."""
    return frozenset(alias.folded for alias in school_aliases(path))


def _a_place_here(alias: _Alias, context: str) -> bool:
    """'Loma Linda, CA', 'Loma Linda, California 92354': a school's alias that is also a US town, written as an
    address or a hometown (followed by its state), names the town, not the school."""
    if not is_us_place(alias.folded):
        return False
    words = r"\W+".join(map(re.escape, alias.folded.split()))
    found = re.search(rf"(?i)\b{words}(?=\s*,)", context)
    return found is not None and (_US_STATE_CODE.match(context, found.end()) is not None or
                                  re.match(rf"\s*,\s*{_US_STATE.pattern}", context[found.end():].lower()) is not None)


def _classify(segment: str, context: str = "", aliases: Mapping[str, str] | None = None) -> tuple[str, str, str] | None:
    """(school, category, rule) for one cell, or None when it names no school; `context` is the whole cell line."""
    folded = fold_school(segment)
    if not folded or folded in _DEGREES or folded in _HEADERS:
        return None
    chosen = aliases.get(folded) if aliases else None
    if chosen is not None:
        if chosen not in CATEGORIES or chosen == "unrecognised":
            return None                                   # "not a school" (or a class this version does not know)
        return segment.strip()[:MAX_MENTION_CHARS], chosen, "workspace alias"
    if _HOSPITAL.search(folded) and not _SCHOOL_FORM_IN_HOSPITAL.search(folded) and folded not in _listed_names():
        return None                                   # "Harbor-UCLA Medical Center", "Loma Linda University Health"
    for alias in school_aliases():
        if alias.whole_segment and folded != alias.folded:
            continue
        if alias.pattern.search(segment if alias.acronym else folded) and not _a_place_here(alias, context or segment):
            return alias.school, alias.category, "schools.csv"
    shown = segment.strip()[:MAX_MENTION_CHARS]
    if folded in _AMBIGUOUS:
        return shown, "unrecognised", "a name schools in two classes share"
    if folded in _CARIBBEAN_OR_ABROAD:
        return shown, "caribbean", "a name a Caribbean school and one elsewhere abroad share (outside the US either way)"
    if not _SCHOOL_WORD.search(_DEGREE_WORDS.sub(" ", folded)):
        return None                                   # "Jane Doe MBBS": a degree names no school
    if not _looks_like_a_name(segment):
        return None                                   # "After medical school she volunteered …": no school's name
    if _OSTEOPATHIC.search(folded):
        return shown, "us_do", "osteopathic"
    place = (_place(folded) or _place(fold_school(context))) if _INSTITUTION.search(folded) else None
    if place:                                         # not "Preliminary Medicine: Jane Doe" beside "(Saba …)"
        return shown, _place_class(place), _place_rule(place)
    if _US_MD.search(folded) and re.search(r"medic", folded):
        return shown, "us_md", "US state in the name"
    form = ("foreign school word or degree" if _FOREIGN.search(folded) else
            "a name only schools outside the US take" if _FOREIGN_FORM.search(folded) else
            "a medical school not on the US lists" if _MEDICAL_SCHOOL_FORM.search(folded) else None)
    if form and _may_be_american(folded, fold_school(context)):
        return shown, "unrecognised", "a school named like one abroad, with a US place or school word"
    if form == "a medical school not on the US lists" and _short_stem(segment):
        return shown, "unrecognised", "an abbreviation or one-word name no list has"
    if form:
        return shown, "international", form
    if _INSTITUTION.search(folded) and re.search(r"\b(medic\w*|health|school of medicine|college of medicine)\b", folded):
        return shown, "unrecognised", "a school, not in the lists"
    return None


def _segments(line: str) -> list[str]:
    """The cells of one line. On a labelled line, what follows a school label ('Medical School: X') is read to the
    next label; what follows another label ('Hometown:', 'Languages:') is skipped to the next cell gap only, so
    'Jane Doe, MD | Ross University | Hometown: Fontana, CA' keeps the school before the label."""
    labels = list(_LABEL.finditer(line))
    if not labels:
        return [s.strip(" ,.") for s in _SEPARATOR.split(line) if s.strip(" ,.")]
    out = _SEPARATOR.split(line[:labels[0].start()])
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(line)
        value = line[label.end():end]
        if _skipped_label(label[1]):
            gap = _SEPARATOR.search(value)
            out += _SEPARATOR.split(value[gap.end():]) if gap else []
        else:
            out += _SEPARATOR.split(value)
    return [s.strip(" ,.") for s in out if s.strip(" ,.")]


# "Mateo Diaz (UBA) and Lee Kim (UCSF)": two residents, each with a school in parentheses, joined by "and".
_PAIR_AND = re.compile(r"(?<=\))\s+(?:and|&)\s+(?=[^()]+\()")


def _split_commas(segment: str) -> list[str]:
    """'Jane Doe, MD, Ross University' -> cells; a comma inside 'University of California, Irvine' is kept, and
    'A (X) and B (Y)' is two cells, so an abbreviation in the first parenthesis does not hide the second school."""
    protected = re.sub(r"\([^()]*\)", lambda m: m[0].replace(",", "\x1f"), segment)    # no split inside (…)
    parts = [q.strip().replace("\x1f", ",") for p in protected.split(",") for q in _PAIR_AND.split(p)]
    out: list[str] = []
    for part in parts:
        if out and re.match(r"(?:Jr|Sr)\b\.?", part):
            out[-1] = f"{out[-1]}, {part}"          # "Thomas F. Frist, Jr. College of Medicine": one name
        elif out and re.fullmatch(r"(?:Los Angeles|Irvine|San Diego|Riverside|San Francisco|Davis|Berkeley|[A-Z][a-z]+)"
                                  r"(?: (?:School|College) of Medicine)?", part) and _SCHOOL_WORD.search(out[-1]):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]{2,80})\)\s*[.,]?$")
# A heading after which the schools are not residents' (faculty, graduates' jobs), and one that starts residents again.
_NOT_RESIDENTS = re.compile(r"^\W*(?:our |core |program |recent |past |former )?(?:faculty(?! of)|leadership|attendings?|staff|alumni|"
                            r"graduates|(?:past|former|previous|graduated) residents|where (?:our )?(?:graduates|alumni) (?:are|went)|fellowship (?:placements|matches)|"
                            r"(?:program )?administration|coordinators?)\b[\w\s&:-]{0,30}$", re.IGNORECASE)
_RESIDENTS = re.compile(r"^\W*(?:(?:our |current |meet (?:our|the) )?(?:residents|housestaff|house staff|interns)|pgy[\s-]?[1-7]|"
                        r"class of|(?:first|second|third|fourth)[\s-]year|r[1-4]\b|"
                        # "2025-2026 Residents", "Internal Medicine Residents", "Intern Class": a short heading
                        r"(?:[\w&/-]+\s+){1,4}(?:residents|interns|housestaff)\W*$|intern class\b)", re.IGNORECASE)
# A line about someone who is not (only) a resident: the program's staff, or a chief already listed as a resident.
_STAFF_LINE = re.compile(r"\b(?:program director|associate program director|faculty(?! of)|attending physician|"
                         r"department chair|program coordinator)\b", re.IGNORECASE)


def _cell_mention(cell: str, segment: str, aliases: Mapping[str, str] | None) -> tuple[str, str, str] | None:
    """A cell such as 'Alex Placeholder (Ross)' or 'Dow (DUHS)': the part outside the parenthesis when it names a
    school, else the part inside, else the whole cell."""
    match = _PARENTHESIS.match(cell)
    if match and match[1]:
        if re.match(r"(?:BS|BA|BSc|B\.S\.|B\.A\.|MPH|PhD|MS|MSc|MBA|MA)\b", match[2]):
            return _classify(match[1], match[1], aliases)   # "(BS, UCLA)": the undergraduate school
        for part in (match[1], match[2]):
            found = _classify(part, part, aliases)
            if found:
                return found
    return _classify(cell, segment, aliases)


def _slot_university(cell: str) -> tuple[str, str, str] | None:
    """A bare university ('Mansoura University') where a roster puts the medical school (its column, after 'Medical
    School:', after 'MD,') that no list or place names: a school, unrecognised, for the advisor to classify (a US
    university with no medical school of its name, 'Seton Hall', looks the same). Only when the line names no other
    school: beside one, it is an undergraduate or research university."""
    folded = fold_school(cell)
    if not re.search(r"\buniversit", folded) or len(folded.split()) > 8 or _PRIOR_TRAINING.search(cell):
        return None
    return cell.strip()[:MAX_MENTION_CHARS], "unrecognised", "a university where the medical school is named, on no list"


_SCHOOL_LABELS = {"medical school", "med school", "school of medicine", "medical education", "md", "do", "med"}


def _after_degree(cell: str, previous: str, segment: str = "") -> tuple[str, str, str] | None:
    """The cell after 'Name, MD —' is the school's place even without a school word: 'UST Manila', 'Tec de
    Monterrey' are placed by a country or a city schools are named after (the curated names, not every GeoNames
    city: 'Valencia, CA' is a hometown); never beside a US state or place."""
    if not _DEGREE_END.search(previous) or _US_STATE_CODE.search(segment[:MAX_MENTION_CHARS]) or \
            names_us_place(fold_school(segment[:MAX_MENTION_CHARS])):
        return None
    place = _place(fold_school(cell))
    if place and (place[1] is None or place[1].kind == "country") and len(cell.split()) <= 6:
        return cell.strip()[:MAX_MENTION_CHARS], _place_class(place), "place named after a degree: " + place[0]
    return None


_US_STATE_CODE = re.compile(r",\s*(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|"
                            r"S[CD]|T[NX]|UT|V[AT]|W[AIVY]|PR)\b")


# Prose: "Quinn Placeholder (MD, University of California, San Francisco) grew up in Fresno": the school is the
# parenthesis that opens with a degree; a sentence about the program director or a graduate is not a resident's.
_PROSE_SCHOOL = re.compile(r"\((?:MD|DO|MBBS|MB BS|MBChB|MBBCh|MB BCh(?: BAO)?|BMBS)(?:,? (?:PhD|MPH|MS))?,\s*([^()]{3,100})\)")
_NOT_A_RESIDENT = re.compile(r"\b(?:program director|associate program director|faculty(?! of)|attending|chair|"
                             r"coordinator|recent graduates?|alumn\w*|graduated from our|former residents?|is now a)\b",
                             re.IGNORECASE)


def _prose_mentions(line: str, aliases: Mapping[str, str] | None) -> list[tuple[str, str, str]]:
    found = []
    for sentence in re.split(r"(?<![A-Z][a-z]\.)(?<![A-Z]\.)(?<=[.!?])\s+(?=[A-Z])", line):   # not after "St.", "Dr."
        if _NOT_A_RESIDENT.search(sentence):
            continue
        for match in _PROSE_SCHOOL.finditer(sentence):
            school = " ".join(_split_commas(match[1])[:1]) if "," in match[1] else match[1]
            mention = _classify(school, school, aliases) or _classify(match[1], match[1], aliases)
            if mention:
                found.append(mention)
    return found


# A faculty named without its university ("Faculty of Medicine, University of Colombo", "College of Medicine,
# University of Lagos"): the cell after it names the same school, so the faculty alone is not a second mention.
_BARE_FACULTY = re.compile(r"(?:(?:first|second|third|1st|2nd|3rd) )?(?:faculty|college|school) of (?:medicine|medical "
                           r"sciences|health sciences|medicine and (?:surgery|health sciences|dentistry))")
_TABLE_CELL = re.compile(r"\s*\|\s*")
_SCHOOL_HEADERS = {"medical school", "med school", "school", "school of medicine", "medical school attended",
                   "medical education", "md school", "education"}


def _school_column(line: str) -> tuple[int, int] | None:
    """(index of the medical-school column, number of columns) when the line is a table's header row: 'Name | Year |
    Medical School | Hometown'. The rows under it are read in that column only, so a hometown ('Loma Linda, CA')
    or an undergraduate college in another column is never counted."""
    cells = [fold_school(c) for c in _TABLE_CELL.split(line.strip(" |"))]
    if len(cells) < 3:
        return None
    columns = [i for i, c in enumerate(cells) if c in _SCHOOL_HEADERS]
    if len(columns) != 1 or any(_classify(c) for c in cells):
        return None
    return columns[0], len(cells)


CONTEXT_CHARS = 80        # what follows a school in its cell that may place it ("…, Lahore"): bounded, so a long line is
                          # read in linear time
_PARENTHESES = re.compile(r"\([^()]*\)")


def _after_program_label(cell: str) -> str:
    """'PGY-1 residents: Jane Doe (Ross University)' -> 'Jane Doe (Ross University)': a label naming the program or
    its residents before a colon is no part of the resident's cell."""
    head, colon, tail = cell.partition(":")
    return tail.strip() if colon and (_PROGRAM_WORDS.search(head) or _AFFILIATION_WORDS.search(head)) and \
        tail.strip() else cell


def _resident_key(line: str) -> str:
    """The line without its chief marker: 'Eli Dummyson, MD — SGU (Chief)' is the resident listed above under
    'Chief Residents' (used only to skip the repeat, never kept)."""
    return fold_school(re.sub(r"\(\s*(?:co-?)?chief(?: resident)?\s*\)|\bchief resident\b", "", line, flags=re.IGNORECASE))


def _cleaned(text: str | bytes) -> str:
    """The paste as the counter reads it (PasteError when refused): lines numbered as Mention.line counts them."""
    if isinstance(text, bytes) and len(text) <= 4 * MAX_PASTE_CHARS:
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            pass                                    # clean_paste says why it is not read
    if isinstance(text, str):                       # two columns squashed: a run of spaces is a cell gap
        text = re.sub(r"(?<=\S)[ \u00a0]{3,}(?=\S)", "\t", text)
    return clean_paste(text)


def lines_without_schools(text: str | bytes, roster: RosterCount) -> str:
    """The paste without the lines a school was counted from: its headings, navigation and footer, where another
    program's name means a page copied from the wrong tab (a resident's medical school is no such sign). A line
    with only an unrecognised name stays: it may be the other program's heading."""
    counted = {m.line for m in roster.mentions if m.category != "unrecognised"}
    return "\n".join(line for number, line in enumerate(_cleaned(text).split("\n"), start=1) if number not in counted)


def count_roster(text: str | bytes, aliases: Mapping[str, str] | None = None) -> RosterCount:
    """The medical-school mentions of a pasted roster, classified and counted (PasteError when refused).
    aliases: the workspace's own classifications, {fold_school(name): class} (store/aliases.py)."""
    cleaned = _cleaned(text)
    mentions: list[Mention] = []
    seen: set[str] = set()
    table: tuple[int, int] | None = None
    counting = True
    for number, line in enumerate(cleaned.split("\n"), start=1):
        words = line.strip()
        if len(words) <= 60:
            if _NOT_RESIDENTS.match(words):
                counting = False                    # "FACULTY", "Recent graduates": not residents from here on
                continue
            if _RESIDENTS.match(words):
                counting = True
        if not counting:
            continue
        if len(words) > 120 and _PROSE_SCHOOL.search(words):
            mentions += [Mention(*found, line=number) for found in _prose_mentions(words, aliases)]
            continue
        if _STAFF_LINE.search(line):
            continue
        key = _resident_key(words)
        if key and key in seen and _SEPARATOR.search(words):
            continue                                # the same resident listed twice (a chief)
        seen.add(key)
        cells = _TABLE_CELL.split(words.strip(" |"))
        if (header := _school_column(words)) is not None:
            table = header
            continue
        if table and len(cells) != table[1]:
            table = None                            # the table has ended
        segments = [cells[table[0]]] if table else _segments(line)
        found_before = len(mentions)
        slot_candidate: tuple[str, str, str] | None = None   # a bare university, counted if the line names no school
        labelled = bool(table) or any(label[1].lower() in _SCHOOL_LABELS for label in _LABEL.finditer(line))
        for index, segment in enumerate(segments):
            previous = ""
            slot = labelled or bool(index and _DEGREE_END.search(segments[index - 1]))
            degree_before = False
            faculty_at: int | None = None           # a bare "Faculty of Medicine" counted from this cell
            last_cell = ""                          # "Jane Doe, MD, Mansoura University": the cell after the degree
            search_from = 0                         # where the next cell is looked for in the segment
            for cell in _split_commas(segment):
                cell = _after_program_label(cell)
                outside = _PARENTHESES.sub(" ", cell)
                if _PRIOR_TRAINING.search(cell) or _AFFILIATION_WORDS.search(outside) or \
                        (_PROGRAM_WORDS.search(outside) and _looks_like_a_name(outside)):
                    continue                        # "residency at Aga Khan University Hospital", "UCLA Internal
                                                    # Medicine Residency": training or the host program, not a school
                if degree_before or _OTHER_DEGREE.match(cell):
                    degree_before = bool(_OTHER_DEGREE.fullmatch(cell.strip(" .")))
                    continue                        # "BS, University of Karachi": where the first degree was taken
                degree_before = False
                # the context of a school is what follows it in the cell, never the resident's name before it
                # ("Jordan Lee, MD, Liberty University" is not in Jordan)
                start = segment.find(cell, search_from)
                if start >= 0:
                    search_from = start + len(cell)
                after = segment[start:start + len(cell) + CONTEXT_CHARS] if start >= 0 else cell
                found = _cell_mention(cell, after, aliases) or \
                    (_after_degree(cell, segments[index - 1], segment) if index else None)
                if not found and slot_candidate is None and (slot or _DEGREE_CELL.fullmatch(last_cell)):
                    slot_candidate = _slot_university(cell)
                last_cell = cell.strip(" .")
                if found and previous and (fold_school(cell) in previous or
                                           (found[2] != "schools.csv" and "(" not in cell)):
                    continue                        # "Charles University, First Faculty of Medicine, Prague": one
                if found:
                    if faculty_at is not None:
                        del mentions[faculty_at]    # "Faculty of Medicine, University of Colombo": one school
                    faculty_at = len(mentions) if _BARE_FACULTY.fullmatch(fold_school(cell)) else None
                    mentions.append(Mention(*found, line=number))
                    previous = fold_school(found[0])
        if slot_candidate is not None and len(mentions) == found_before:
            mentions.append(Mention(*slot_candidate, line=number))
    counts = {category: sum(1 for m in mentions if m.category == category) for category in CATEGORIES}
    return RosterCount(tuple(mentions), counts)
