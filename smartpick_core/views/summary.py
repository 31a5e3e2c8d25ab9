"""Plain-language summaries of one ScoreResult: what limits the profile, the best bets, a region at a glance.

    limiting_sentence(result)           -> "8 of 14 Inland Empire Internal Medicine programs do not sponsor H-1B; ..."
    top_programs(result, n=3)           -> the n eligible programs with the best interview chance
    region_summary(result.programs, r)  -> RegionSummary (tiers, expected interviews, visa mix, IMG share, ...)

Pure functions over the scored table, so every sentence on screen is testable.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..model.default_list import what_opens_programs
from ..model.ranking import top_programs
from ..model.tiers import TIER_ORDER, Tier
from ..model.wording import percent_band
from .formatting import percent_range, plural

NOT_ELIGIBLE_PREFIX = "Not eligible — "
SCREEN_SHARE_MENTIONED = 0.25   # a screen leads the sentence only when it closes at least this share of programs

# Screen message (start of the text after "Not eligible — ") -> how a sentence says it about several programs.
_CAUSES: tuple[tuple[str, str], ...] = (
    ("does not sponsor J-1 and", "offer neither J-1 nor an H-1B you can use"),
    ("does not sponsor H-1B", "do not sponsor H-1B"),
    ("does not sponsor J-1", "do not sponsor J-1"),
    ("H-1B needs Step 3", "need Step 3 passed before they can sponsor your H-1B"),
    ("Step 2 CK minimum", "publish a Step 2 CK minimum above your score"),
    ("graduation within", "accept fewer years since graduation than you have"),
    ("requires US clinical experience", "require more hands-on US clinical experience than you have"),
    ("requires first-attempt passes", "require first-attempt passes"),
    ("military program", "are military programs (no foreign nationals)"),
    ("program may have closed", "may have closed"),
    ("does not consider IMGs", "do not consider IMGs"),
)


def screen_cause(reason: str) -> str | None:
    """The plural phrase for a 'Not eligible — ...' reason, or None if the reason is not a failed screen."""
    if not reason.startswith(NOT_ELIGIBLE_PREFIX):
        return None
    text = reason[len(NOT_ELIGIBLE_PREFIX):]
    for start, phrase in _CAUSES:
        if text.startswith(start):
            return phrase
    return re.sub(r"\s*\(.*?\)", "", text)


def cause_counts(programs: pd.DataFrame) -> Counter:
    """How many programs each failed screen closes (a program counts once per distinct cause)."""
    counts: Counter = Counter()
    for reasons in programs["reasons"]:
        counts.update({c for c in (screen_cause(r) for r in reasons) if c})
    return counts


def limiting_sentence(result, scenarios: pd.DataFrame | None = None) -> str:
    """One sentence on what most limits this profile, computed from reasons and eligibility."""
    programs = result.programs
    specialty = result.profile.specialty
    total = len(programs)
    if total == 0:
        return f"There are no {specialty} programs in the data yet."
    counts = cause_counts(programs)
    cause, n = counts.most_common(1)[0] if counts else ("", 0)
    lever = (_lever_sentence(scenarios) if scenarios is not None and not scenarios.empty
             and scenarios.iloc[0]["match_change"] > 0 else "")
    if n >= max(2, SCREEN_SHARE_MENTIONED * total):
        # The biggest lever first; the screen second, named in a sub-region only if it is one where
        # the applicant trained (a region they never picked is not theirs to weigh).
        sentence = _screen_sentence(result, cause, n, total)
        open_count = int(programs["eligible"].sum())
        if open_count and not (programs["tier"] == Tier.REALISTIC.value).any():
            sentence += (" The one program still open gives you a low interview chance." if open_count == 1 else
                         f" The {open_count} programs still open give you low interview chances.")
        return f"{lever} {sentence}" if lever else sentence
    tiers = programs["tier"].value_counts()
    realistic = int(tiers.get(Tier.REALISTIC.value, 0))
    open_count = int(programs["eligible"].sum())
    if open_count == total:
        opening = (f"You are eligible for the one {specialty} program" if total == 1
                   else f"You are eligible for all {total} {specialty} programs")
    else:
        opening = f"{open_count} of {plural(total, specialty + ' program')} {'is' if open_count == 1 else 'are'} open to you"
    if realistic == 0:
        sentence = f"{opening}, but none is Realistic yet: your file reads below what each usually interviews."
    else:
        sentence = f"{opening} and {realistic} {'is' if realistic == 1 else 'are'} Realistic."
    return f"{sentence} {lever}" if lever else sentence


def _screen_sentence(result, cause: str, n: int, total: int) -> str:
    """'12 of 38 Family Medicine programs in Southern California do not sponsor J-1', with the applicant's own
    sub-region's share where they trained there."""
    programs, specialty = result.programs, result.profile.specialty
    has_cause = programs["reasons"].apply(lambda rs: any(screen_cause(r) == cause for r in rs))
    by_region = programs.assign(_has=has_cause).groupby("subregion")["_has"].agg(["sum", "size"])
    own = by_region[by_region.index.isin(result.profile.usce_subregions) & (by_region["sum"] > 0)]
    if own.empty:
        return f"{n} of {plural(total, specialty + ' program')} in Southern California {cause}."
    own = own.sort_values(["sum", "size"], ascending=[False, True])
    region, row = own.index[0], own.iloc[0]
    return (f"{int(row['sum'])} of {plural(row['size'], f'{region} {specialty} program')} {cause} (where you trained); "
            f"across Southern California that closes {n} of {total}.")


def _lever_sentence(scenarios: pd.DataFrame) -> str:
    """The biggest lever first; a passed score cannot be retaken, so then the biggest one still in reach."""
    best = scenarios.iloc[0]
    actionable = scenarios[(scenarios["key"] != "step2_plus_10") & (scenarios["match_change"] > 0)]
    if best["key"] != "step2_plus_10" or actionable.empty:
        chance = percent_band(best["match_probability"], best["match_probability_low"], best["match_probability_high"])
        return (f"The change that helps most: {best['scenario']} "
                f"(+{best['match_change'] * 100:.1f} points, chance to match {chance}).")
    lever = actionable.iloc[0]
    chance = percent_band(lever["match_probability"], lever["match_probability_low"], lever["match_probability_high"])
    return (f"Your score weighs most (+10 Step 2 CK would add {best['match_change'] * 100:.1f} points); of what you "
            f"can still change, the change that helps most: {lever['scenario']} "
            f"(+{lever['match_change'] * 100:.1f} points, chance to match {chance}).")


def best_program_sentence(result) -> str:
    """The one best bet, named the same way on every page: the first program of the one ranking."""
    best = top_programs(result, 1)
    if best.empty:
        return "No Southern California program in this specialty is open to this profile yet."
    row = best.iloc[0]
    return (f"Most realistic for you: {row['name']} ({row['city']}, {row['subregion']}) — {row['tier']}, "
            f"interview chance {row['likelihood_text']}.")


@dataclass(frozen=True)
class RegionSummary:
    region: str
    programs: int
    tier_counts: dict[str, int]
    expected_interviews: float
    expected_interviews_low: float    # the programs' low/high bands added up (a deliberately wide band)
    expected_interviews_high: float
    visa_mix: dict[str, int]          # J-1 / H-1B / none / unknown (a program can count under J-1 and H-1B)
    img_share_mean: float | None      # mean over programs with a known share
    img_share_known: int
    positions_total: int              # sum over programs with known positions
    positions_known: int
    median_miles_from_home: float | None


def visa_mix(programs: pd.DataFrame) -> dict[str, int]:
    """Programs by visa: compared as plain arrays (a missing fact is neither yes nor no), not as nullable Series."""
    j1_col = programs["sponsors_j1"].to_numpy(dtype=object, na_value="")
    h1b_col = programs["sponsors_h1b"].to_numpy(dtype=object, na_value="")
    j1, h1b = j1_col == "yes", h1b_col == "yes"
    none = (j1_col == "no") & (h1b_col == "no")
    unknown = ~(j1 | h1b | none)
    return {"J-1": int(j1.sum()), "H-1B": int(h1b.sum()), "none": int(none.sum()), "unknown": int(unknown.sum())}


_SUMMARY_COLUMNS = ("tier", "img_share", "positions_per_year", "miles_from_home", "interview_probability",
                    "interview_low", "interview_high", "sponsors_j1", "sponsors_h1b")


def region_summary(programs: pd.DataFrame, region: str) -> RegionSummary:
    """A sub-region at a glance, from the scored table (programs of the profile's specialty).

    Takes only the columns it reads, in one step: a boolean filter of the whole scored table copied every column
    (reasons and texts included) twice a rerun on Compare regions."""
    rows = programs["subregion"].to_numpy(dtype=object, na_value="") == region
    part = programs.loc[rows, [c for c in _SUMMARY_COLUMNS if c in programs.columns]]
    tiers = part["tier"].value_counts()
    share = part["img_share"].dropna()
    positions = part["positions_per_year"].dropna()
    miles = part["miles_from_home"].dropna() if "miles_from_home" in part else pd.Series(dtype=float)
    return RegionSummary(
        region=region,
        programs=len(part),
        tier_counts={t.value: int(tiers.get(t.value, 0)) for t in TIER_ORDER},
        expected_interviews=float(part["interview_probability"].sum()),
        expected_interviews_low=float(part["interview_low"].sum()),
        expected_interviews_high=float(part["interview_high"].sum()),
        visa_mix=visa_mix(part),
        img_share_mean=float(share.mean()) if len(share) else None,
        img_share_known=len(share),
        positions_total=int(positions.sum()) if len(positions) else 0,
        positions_known=len(positions),
        median_miles_from_home=float(miles.median()) if len(miles) else None,
    )


def list_sentence(result, national: int | None) -> str:
    """What the list behind the headline holds, in words: the default list, or the user's count elsewhere."""
    o = result.outlook
    if o.applications == 0:
        return f"No program here or elsewhere is open to this profile, so no list is worth paying for: {what_opens_programs(result.profile)}."
    socal = o.socal_applications
    first = int(result.programs.loc[result.programs["in_application_list"], "tier"]
                .isin([Tier.REALISTIC.value, Tier.REACH.value]).sum())
    signals = f", with {o.signals} signal{'s' if o.signals != 1 else ''} on SoCal programs" if o.signals else ""
    if national is None:
        more = f" and {socal - first} more SoCal" if socal > first else ""
        return (f"The default list: your {first} Realistic and Reach SoCal programs{more}, then the best chances "
                f"elsewhere ({o.national_applications}) = {o.applications} applications, the number "
                f"{_applications_words(result)}{signals}. My list builds it and prices it.")
    return (f"Your list: all {socal} eligible SoCal programs + {o.national_applications} elsewhere (you set it) = "
            f"{o.applications} applications{signals}. My list builds it and prices it.")


def _applications_words(result) -> str:
    source = result.applications_source
    if source.startswith("assumed"):
        return f"SmartPick assumes a non-US IMG sends in {result.profile.specialty} (no published figure)"
    return f"a non-US IMG sends in {result.profile.specialty} on average ({source.split(':')[0]})"


def uncertainty_words(outlook) -> str:
    """The two kinds of uncertainty side by side: the fit band, and the range from estimated facts."""
    return (f"fit band {percent_range(outlook.match_probability_low, outlook.match_probability_high)} (80%) · "
            f"with estimated facts {percent_range(outlook.facts_low, outlook.facts_high)}")
