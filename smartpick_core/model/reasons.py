"""The reasons behind each program's tier, in words a student understands, what decides the tier first.

Order per program: failed screens; the effective score against what the program
usually interviews (the tier itself, in score points); the visa route; the kind
of program; one line of labelled estimates and one of unknown facts; the rest.
Built column-wise (one message column per kind of reason, empty where it does
not apply) and joined once, with no per-row Python work. The columns are numpy
string arrays: a specialty has tens of programs, where each pandas string step
costs ~100 µs of overhead and numpy's ~5 µs (a 200-profile cohort).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from ..programs.fact_levels import column_fact_words
from ..programs.frozen import column_missing, column_number, column_text
from ..programs.kinds import ACADEMIC_CENTRE, CLASS_LABELS
from .effective import COMPONENT_LABELS, EffectiveScore
from .estimates import specialty_share_source
from .likelihood import Likelihood
from .profile import Profile, Visa
from .screens import ScreenResult, basis_suffix
from .settings import setting

VERIFY = "unknown — verify with the program"
MIN_POINTS_SHOWN = 1   # whole points: a '+0' item is noise


Text = np.ndarray   # a numpy unicode array, one cell per program ('' = no reason of this kind)


def _when(mask: np.ndarray | pd.Series, text: Text | str) -> Text:
    return np.where(np.asarray(mask, dtype=bool), text, "")


def _join_nonempty(cells: list[Text], sep: str) -> Text:
    """Element-wise join of the non-empty cells: one str.join per program over the columns' lists.

    Not numpy's unicode arithmetic: each of its steps copies every cell at the widest cell's width, which
    cost 0.4 s for 13,000 programs; the joins are faster at every size (3 µs for 3 programs, 12 ms for 13,000).
    The result holds Python strings (an object array), so the long lines built from it ('Estimated from ...',
    '— verify with the program') are concatenated string by string, not at the widest line's width.
    """
    if not cells:
        return np.array([], dtype=str)
    arrays = np.broadcast_arrays(*(np.asarray(cell, dtype=str) for cell in cells))
    if arrays[0].ndim == 0:          # one program's cells as scalars
        return np.asarray(sep.join(filter(None, (str(cell.item()) for cell in arrays))))
    columns = [column.tolist() for column in arrays]
    joined = np.empty(len(columns[0]), dtype=object)
    joined[:] = [sep.join(filter(None, row)) for row in zip(*columns)]
    return joined


def _whole(values: np.ndarray | pd.Series) -> Text:
    """Numbers as whole-number text ('218'); NaN becomes ''."""
    values = np.asarray(values, dtype=float)
    known = ~np.isnan(values)
    return np.where(known, np.round(np.nan_to_num(values)).astype(np.int64).astype(str), "")


def _signed(points: np.ndarray) -> Text:
    rounded = np.round(points).astype(np.int64)
    return np.where(rounded >= 0, "+", "−") + np.abs(rounded).astype(str)


def effective_score_reason(profile: Profile, programs: pd.DataFrame, eff: EffectiveScore) -> Text:
    """'Your 218 counts as about 241 here: +8 hands-on USCE, +6 US letters, … Programs like this usually interview around 226–236.'"""
    n = len(programs)
    same = np.asarray(eff.same_subregion, dtype=bool)
    language_words = np.asarray(eff.language_words, dtype=str)
    labels = {name: np.full(n, label) for name, label in COMPONENT_LABELS.items()}
    labels["socal_usce"] = np.where(same, "SoCal USCE in this sub-region", labels["socal_usce"])
    labels["socal_letters"] = np.where(same, "SoCal letters from this sub-region", labels["socal_letters"])
    labels["language"] = np.where(language_words != "", language_words, labels["language"])
    parts = []
    for name in COMPONENT_LABELS:
        points = eff.components[name].to_numpy(dtype=float)
        parts.append(_when(np.abs(np.round(points)) >= MIN_POINTS_SHOWN, _signed(points) + " " + labels[name]))
    listed = _join_nonempty(parts, ", ")
    half = setting("usual_band_points")
    usual = _whole(eff.usual - half) + "–" + _whole(eff.usual + half)
    head = f"Your {profile.step2_ck} counts as about " + _whole(eff.effective) + " here"
    head = np.where(listed != "", head + ": " + listed, head)
    return head + ". Programs like this usually interview around " + usual


def _basis_words(programs: pd.DataFrame) -> Text:
    return basis_suffix(programs)        # the screens' words, so a reason and a screen say it the same way


def _visa_reasons(profile: Profile, programs: pd.DataFrame, like: Likelihood,
                  eligible: np.ndarray | None = None) -> list[Text]:
    if profile.visa is Visa.NONE:
        return []
    out = []
    basis = _basis_words(programs)
    fee = f"; {1 - setting('h1b_fee_factor'):.0%} less likely since the Sept 2025 $100,000 H-1B fee"
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):     # 'J-1: yes (program's own statement, 2024)': level and age
        out.append(column_fact_words(programs, "sponsors_j1", "J-1") if "sponsors_j1_basis" in programs
                   else _when(column_text(programs, "sponsors_j1") == "yes", "Accepts J-1" + basis))
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        h1b_yes = column_text(programs, "sponsors_h1b") == "yes"
        out.append(np.char.add(column_fact_words(programs, "sponsors_h1b", "H-1B"), _when(h1b_yes, fee))
                   if "sponsors_h1b_basis" in programs else _when(h1b_yes, "Has sponsored H-1B" + basis + fee))
    open_ = np.ones(len(programs), dtype=bool) if eligible is None else eligible    # a screen already said it
    unlikely = open_ & (like.sponsorship > 0) & (like.sponsorship < setting("tier_route_likely_min"))
    out.append(_when(unlikely, "Visa route unlikely here (about " + _whole(like.sponsorship * 100)
                     + "%): at best a Reach"))
    return out


def _estimate_line(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, like: Likelihood) -> Text:
    """One line per program for everything not stated by a source: 'Estimated from programs like this: J-1 ~48%
    (community programs, JGME 2022), IMG share ~32% (…); unknown: Step 2 CK minimum, graduation-year limit — verify
    with the program'."""
    kind_words = np.asarray(kinds.map(CLASS_LABELS).to_numpy(dtype=object, na_value="programs like this"), dtype=str)
    pieces = []
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        from .estimates import route_rates
        j1 = _whole(route_rates(kinds, "j1") * 100)
        pieces.append(_when(column_missing(programs, "sponsors_j1"),
                            "J-1 ~" + j1 + "% (" + kind_words + ", JGME 2022)"))
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        h1b = f"{setting('h1b_base_rate') * setting('h1b_fee_factor'):.0%}"
        pieces.append(_when(column_missing(programs, "sponsors_h1b"),
                            f"H-1B ~{h1b} (IM programs, JGME 2022, less the 2025 fee effect)"))
    source = f"APDIM, {specialty_share_source(profile.specialty)}, scaled to California"
    pieces.append(_when(like.img_share_estimated,
                        "IMG share ~" + _whole(like.img_share * 100) + "% (" + kind_words + "; " + source + ")"))
    listed = _join_nonempty(pieces, ", ")
    estimated = _when(listed != "", "Estimated from programs like this: " + listed)
    unknown = _unknown_facts(programs)
    unknown_text = _when(unknown != "", np.where(estimated != "", "unknown: " + unknown, "Unknown: " + unknown))
    line = _join_nonempty([estimated, unknown_text], "; ")
    return _when(line != "", line + " — verify with the program")


def _unknown_facts(programs: pd.DataFrame) -> Text:
    return _join_nonempty([
        _when(column_missing(programs, "step2_min"), "Step 2 CK minimum"),
        _when(column_missing(programs, "yog_max_years"), "graduation-year limit"),
    ], ", ")


def _program_reasons(programs: pd.DataFrame, kinds: pd.Series) -> list[Text]:
    share = column_number(programs, "img_share")
    status = column_text(programs, "status")
    kind = kinds.to_numpy(dtype=object)
    return [
        _when(kind == ACADEMIC_CENTRE, "Large academic centre: few interview slots go to IMGs, and scores weigh most"),
        _when(kind == "university", "University program: fewer interview slots go to IMGs"),
        _when(kind == "county", "County / safety-net program: trains IMGs but can be competitive"),
        _when((kind == "community") | (kind == "university_affiliated_community"),
              "Community-based program: historically the most open to IMGs"),
        _when(~np.isnan(share), "IMGs are " + _whole(share * 100) + "% of residents"),
        _when(status == "unverified", "Only old or indirect evidence that the program still runs — verify"),
        _when(status == "new", "New program (2020 or later): little track record"),
    ]


def _recorded_reasons(programs: pd.DataFrame) -> list[Text]:
    """Facts an advisor recorded (facts/overlay.py columns), with their source and date, and any 'verify again'.

    Shown wherever reasons are (every page, the CSV, the CLI), so a recorded fact is never mistaken for a
    bundled or an estimated one.
    """
    out = []
    if "recorded_facts" in programs:
        recorded = np.asarray(column_text(programs, "recorded_facts"), dtype=str)
        out.append(_when(recorded != "", "Recorded by an advisor: " + recorded))
    if "verify_reasons" in programs:
        verify = np.asarray(column_text(programs, "verify_reasons"), dtype=str)
        out.append(_when(verify != "", "Verify again — " + verify))
    return out


def _applicant_reasons(profile: Profile, programs: pd.DataFrame, eligible: np.ndarray,
                       years_since: int) -> list[Text]:
    step2_min = column_number(programs, "step2_min")
    yog = column_number(programs, "yog_max_years")
    clears = (step2_min <= profile.step2_ck) & eligible        # NaN compares False: unknown never "clears"
    within = (yog >= years_since) & eligible
    return [
        _when(clears, "You clear the published Step 2 CK minimum (" + _whole(step2_min) + ")"),
        _when(within, "Within the graduation-year limit (" + _whole(yog) + " years)"),
    ]


def _as_lists(cells: list[Text]) -> list[list]:
    return [np.asarray(cell).tolist() for cell in cells]


def build_reasons(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, screens: ScreenResult,
                  like: Likelihood, eff: EffectiveScore, years_since: int) -> pd.Series:
    """List of reasons per program, what decides the tier first."""
    eligible = screens.eligible
    failed, messages = screens.failed, screens.messages
    # Each kind's column becomes a list of Python strings as soon as it is built: a unicode array is as wide as
    # its longest cell in every cell, so holding them all (or np.column_stack) cost ~1 GB for 13,000 programs.
    columns: list[list] = [_when(failed[:, i], messages[:, i]).tolist() for i in range(failed.shape[1])]
    columns.append(_when(eligible, effective_score_reason(profile, programs, eff)).tolist())
    columns += _as_lists(_visa_reasons(profile, programs, like, eligible))
    columns += _as_lists(_program_reasons(programs, kinds))
    columns += _as_lists(_recorded_reasons(programs))
    columns.append(np.asarray(_estimate_line(profile, programs, kinds, like)).tolist())
    columns += _as_lists(_applicant_reasons(profile, programs, eligible, years_since))
    # The output is one Python list per program, so one comprehension builds them (columns were vectorised).
    cells = zip(*columns)
    return pd.Series([[str(text) for text in row if text] for row in cells], index=programs.index, dtype=object)


# The effective-score reason itemises its points between ':' and the usual band; the one-line form keeps the head
# and the band (the comparison that decides the tier) and leaves the items to the full reasons.
_ITEMISED = re.compile(r"^(Your \S+ counts as about \S+ here)(?:: .*?)?\. (Programs like this usually interview around .+)$")


def decisive_reason(reasons: Sequence[str]) -> str:
    """The reason that decides the tier, on one line: the first reason (a failed screen, else the effective score
    against what the program usually interviews), without the effective score's itemised points."""
    if not len(reasons):
        return ""
    first = str(reasons[0])
    found = _ITEMISED.match(first)
    return f"{found[1]}; {found[2][0].lower()}{found[2][1:]}" if found else first
