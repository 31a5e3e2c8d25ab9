"""Two scenarios side by side: scenario A (a pinned profile) against scenario B (the profile in the sidebar now).

    profile_changes(a, b, national_a, national_b)  -> ["Step 2 CK: 225 → 240", ...]   what the user changed, in words
    outlook_comparison(a, b)        -> OutlookComparison (a table in words + the changes as numbers)
    tiers_by_subregion(result)      -> counts per tier (columns) per sub-region (rows), sub-regions in Region order
    tiers_by_subregion_comparison(a, b) -> the same for A and B in one table: "2 → 4" where a count moved
    changed_tiers(a, b)             -> the programs whose tier differs, in the one ranking of B

Pure functions over two ScoreResults, so the Compare scenarios page only renders and every cell is testable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..model.wording import count_band, percent, percent_band
from ..model.ranking import ranked
from ..model.profile import FIELD_LABELS as LABELS
from ..model.profile import PROFILE_FIELDS, Profile
from ..model.tiers import TIER_ORDER
from ..programs.table import Region

ARROW = " → "
TIER_NAMES: tuple[str, ...] = tuple(t.value for t in TIER_ORDER)
CHANGED_COLUMNS = ["program_id", "Program", "Sub-region", "Tier A", "Tier B", "Interview chance A",
                   "Interview chance B"]


def _points(change: float) -> str:
    """A change of a probability in percentage points, signed: '+4.2 points'."""
    return f"{change * 100:+.1f} points"


def _in_words(profile: Profile, name: str) -> str:
    """One field's value as a user reads it: enum labels ('Passed after a failed attempt'), yes/no, lists joined."""
    value = getattr(profile, name)
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return "none" if value is None else str(value)


def profile_changes(a: Profile, b: Profile, national_a: int | None = None, national_b: int | None = None) -> list[str]:
    """Each field that differs between A and B, in words: 'Step 2 CK: 225 → 240' (no raw field names or codes)."""
    out = []
    for name in PROFILE_FIELDS:
        if getattr(a, name) != getattr(b, name):
            label = LABELS[name]
            out.append(f"{label[:1].upper()}{label[1:]}: {_in_words(a, name)}{ARROW}{_in_words(b, name)}")
    if national_a != national_b:
        def words(n: int | None) -> str:
            return "the default list" if n is None else str(n)
        out.append(f"Programs elsewhere (national): {words(national_a)}{ARROW}{words(national_b)}")
    return out


@dataclass(frozen=True)
class OutlookComparison:
    table: pd.DataFrame          # Measure | Scenario A | Scenario B | Change (all words)
    match_change: float          # B - A, as probabilities
    interviews_change: float
    no_interview_change: float


def outlook_comparison(a, b) -> OutlookComparison:
    """The outlook of A and B in one table: chance to match with its band, interviews expected, no interview."""
    oa, ob = a.outlook, b.outlook
    rows = [
        ("Chance to match", percent_band(oa.match_probability, oa.match_probability_low, oa.match_probability_high),
         percent_band(ob.match_probability, ob.match_probability_low, ob.match_probability_high),
         _points(ob.match_probability - oa.match_probability)),
        ("Interviews expected",
         count_band(oa.expected_interviews, oa.expected_interviews_low, oa.expected_interviews_high),
         count_band(ob.expected_interviews, ob.expected_interviews_low, ob.expected_interviews_high),
         f"{ob.expected_interviews - oa.expected_interviews:+.1f}"),
        ("No interview at all", percent(oa.p_no_interview), percent(ob.p_no_interview),
         _points(ob.p_no_interview - oa.p_no_interview)),
        ("Applications (SoCal + elsewhere)", f"{oa.socal_applications} + {oa.national_applications}",
         f"{ob.socal_applications} + {ob.national_applications}", f"{ob.applications - oa.applications:+d}"),
    ]
    table = pd.DataFrame(rows, columns=["Measure", "Scenario A", "Scenario B", "Change"])
    return OutlookComparison(table, ob.match_probability - oa.match_probability,
                             ob.expected_interviews - oa.expected_interviews, ob.p_no_interview - oa.p_no_interview)


def tiers_by_subregion(result) -> pd.DataFrame:
    """Programs per tier (columns, in tier order) per sub-region (rows, in the data's Region order)."""
    programs = result.programs
    counts = pd.crosstab(programs["subregion"], pd.Categorical(programs["tier"], categories=TIER_NAMES),
                         dropna=False).reindex(columns=list(TIER_NAMES), fill_value=0)
    order = [r.value for r in Region if r.value in counts.index]
    counts = counts.reindex(order).fillna(0).astype(int)
    counts.index.name, counts.columns.name = "Sub-region", None
    return counts


def tiers_by_subregion_comparison(a, b) -> pd.DataFrame:
    """A's and B's counts per tier per sub-region in one table of words: '3' where equal, '1 → 4' where moved."""
    ca, cb = tiers_by_subregion(a), tiers_by_subregion(b)
    regions = [r.value for r in Region if r.value in ca.index or r.value in cb.index]
    ca = ca.reindex(regions, fill_value=0)
    cb = cb.reindex(regions, fill_value=0)
    cells = {tier: [str(x) if x == y else f"{x}{ARROW}{y}" for x, y in zip(ca[tier], cb[tier])]
             for tier in TIER_NAMES}
    return pd.DataFrame({"Sub-region": regions, **cells})


def changed_tiers(a, b) -> pd.DataFrame:
    """Programs scored in both scenarios whose tier differs, in B's one ranking (the order every page uses)."""
    pa = a.programs.set_index("program_id")
    order = ranked(b.programs)
    order = order[order["program_id"].isin(pa.index)]
    tier_a = order["program_id"].map(pa["tier"])
    moved = order[tier_a.ne(order["tier"])]
    return pd.DataFrame({
        "program_id": moved["program_id"].to_numpy(),
        "Program": moved["name"].to_numpy(),
        "Sub-region": moved["subregion"].to_numpy(),
        "Tier A": moved["program_id"].map(pa["tier"]).to_numpy(),
        "Tier B": moved["tier"].to_numpy(),
        "Interview chance A": moved["program_id"].map(pa["likelihood_text"]).to_numpy(),
        "Interview chance B": moved["likelihood_text"].to_numpy(),
    }, columns=CHANGED_COLUMNS)


def same_programs(a, b) -> bool:
    """False when A and B score different program sets (e.g. two specialties): then no program can change tier."""
    return set(a.programs["program_id"]) == set(b.programs["program_id"])
