"""The reasons behind each program's tier, in words a student understands, what decides the tier first.

Order per program: failed screens; the effective score against what the program
usually interviews (the tier itself, in score points); the visa route; the kind
of program; one line of labelled estimates and one of unknown facts; the rest.
Built column-wise (one message column per kind of reason, empty where it does
not apply) and joined once, with no per-row Python work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..programs.kinds import ACADEMIC_CENTRE, CLASS_LABELS
from .effective import COMPONENT_LABELS, EffectiveScore
from .estimates import specialty_share_source
from .likelihood import Likelihood
from .profile import Profile, Visa
from .screens import ScreenResult
from .settings import setting

VERIFY = "unknown — verify with the program"
MIN_POINTS_SHOWN = 1   # whole points: a '+0' item is noise


def _when(mask: np.ndarray | pd.Series, text: pd.Series | str, index: pd.Index) -> pd.Series:
    text_series = text if isinstance(text, pd.Series) else pd.Series(text, index=index)
    return text_series.where(np.asarray(mask, dtype=bool), "")


def _join_nonempty(frame: pd.DataFrame, sep: str) -> pd.Series:
    """Row-wise join of the non-empty cells, one vectorised column step at a time (no loop over rows)."""
    joined = pd.Series("", index=frame.index, dtype=object)
    for column in frame.columns:
        cell = frame[column].fillna("").astype(object)
        has_cell, has_joined = cell.astype(bool), joined.astype(bool)
        joined = joined.where(~has_cell, cell.where(~has_joined, joined + sep + cell))
    return joined


def _signed(points: pd.Series) -> pd.Series:
    rounded = points.round(0).astype(int)
    return np.where(rounded >= 0, "+", "−") + rounded.abs().astype(str)


def effective_score_reason(profile: Profile, programs: pd.DataFrame, eff: EffectiveScore) -> pd.Series:
    """'Your 218 counts as about 241 here: +8 hands-on USCE, +6 US letters, … Programs like this usually interview around 226–236.'"""
    idx = programs.index
    labels = pd.DataFrame({name: pd.Series(label, index=idx) for name, label in COMPONENT_LABELS.items()})
    labels["socal_usce"] = labels["socal_usce"].where(~eff.same_subregion, "SoCal USCE in this sub-region")
    labels["socal_letters"] = labels["socal_letters"].where(~eff.same_subregion, "SoCal letters from this sub-region")
    labels["language"] = eff.language_words.where(eff.language_words.astype(bool), labels["language"])
    parts = pd.DataFrame({name: (_signed(eff.components[name]) + " " + labels[name]).where(
        eff.components[name].round(0).abs() >= MIN_POINTS_SHOWN, "") for name in COMPONENT_LABELS}, index=idx)
    listed = _join_nonempty(parts, ", ")
    effective = pd.Series(np.round(eff.effective), index=idx).astype(int).astype(str)
    half = setting("usual_band_points")
    usual = (pd.Series(np.round(eff.usual - half), index=idx).astype(int).astype(str) + "–"
             + pd.Series(np.round(eff.usual + half), index=idx).astype(int).astype(str))
    head = f"Your {profile.step2_ck} counts as about " + effective + " here"
    head = head.where(~listed.astype(bool), head + ": " + listed)
    return head + ". Programs like this usually interview around " + usual


def _visa_reasons(profile: Profile, programs: pd.DataFrame, like: Likelihood, idx: pd.Index) -> list[pd.Series]:
    if profile.visa is Visa.NONE:
        return []
    out = []
    basis = programs["visa_basis"].map({"institution": " (institution-wide statement)",
                                        "third_party": " (third-party listing)"}).fillna("")
    fee = f"; {1 - setting('h1b_fee_factor'):.0%} less likely since the Sept 2025 $100,000 H-1B fee"
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        out.append(_when(programs["sponsors_j1"].eq("yes").fillna(False), "Accepts J-1" + basis, idx))
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        out.append(_when(programs["sponsors_h1b"].eq("yes").fillna(False), "Has sponsored H-1B" + basis + fee, idx))
    unlikely = (like.sponsorship > 0) & (like.sponsorship < setting("tier_route_likely_min"))
    chance = (pd.Series(np.round(like.sponsorship * 100), index=idx).astype(int).astype(str))
    out.append(_when(unlikely, "Visa route unlikely here (about " + chance + "%): at best a Reach", idx))
    return out


def _estimate_line(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, like: Likelihood, idx: pd.Index) -> pd.Series:
    """One line per program for everything not stated by a source: 'Estimated from programs like this: J-1 ~48%
    (community programs, JGME 2022), IMG share ~32% (…); unknown: Step 2 CK minimum, graduation-year limit — verify
    with the program'."""
    kind_words = kinds.map(CLASS_LABELS).fillna("programs like this")
    pieces = []
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        from .estimates import route_rates
        j1 = pd.Series(np.round(route_rates(kinds, "j1") * 100), index=idx).astype(int).astype(str)
        pieces.append(_when(programs["sponsors_j1"].isna(), "J-1 ~" + j1 + "% (" + kind_words + ", JGME 2022)", idx))
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        h1b = f"{setting('h1b_base_rate') * setting('h1b_fee_factor'):.0%}"
        pieces.append(_when(programs["sponsors_h1b"].isna(), f"H-1B ~{h1b} (IM programs, JGME 2022, less the 2025 fee effect)", idx))
    share = pd.Series(np.round(like.img_share * 100), index=idx).astype(int).astype(str)
    source = f"APDIM, {specialty_share_source(profile.specialty)}, scaled to California"
    pieces.append(_when(like.img_share_estimated, "IMG share ~" + share + "% (" + kind_words + "; " + source + ")", idx))
    listed = _join_nonempty(pd.concat(pieces, axis=1, ignore_index=True), ", ")
    estimated = ("Estimated from programs like this: " + listed).where(listed.astype(bool), "")
    unknown = _unknown_facts(programs, idx)
    unknown_text = ("unknown: " + unknown).where(estimated.astype(bool), "Unknown: " + unknown).where(unknown.astype(bool), "")
    line = _join_nonempty(pd.DataFrame({"estimated": estimated, "unknown": unknown_text}), "; ")
    return (line + " — verify with the program").where(line.astype(bool), "")


def _unknown_facts(programs: pd.DataFrame, idx: pd.Index) -> pd.Series:
    parts = pd.concat([
        _when(programs["step2_min"].isna(), "Step 2 CK minimum", idx),
        _when(programs["yog_max_years"].isna(), "graduation-year limit", idx),
    ], axis=1, ignore_index=True)
    return _join_nonempty(parts, ", ")


def _program_reasons(programs: pd.DataFrame, kinds: pd.Series, idx: pd.Index) -> list[pd.Series]:
    share = programs["img_share"].astype("Float64")
    share_text = "IMGs are " + (share * 100).round(0).astype("Int64").astype(str) + "% of residents"
    status = programs["status"]
    return [
        _when(kinds.eq(ACADEMIC_CENTRE), "Large academic centre: few interview slots go to IMGs, and scores weigh most", idx),
        _when(kinds.eq("university"), "University program: fewer interview slots go to IMGs", idx),
        _when(kinds.eq("county"), "County / safety-net program: trains IMGs but can be competitive", idx),
        _when(kinds.isin(["community", "university_affiliated_community"]),
              "Community-based program: historically the most open to IMGs", idx),
        _when(share.notna().fillna(False), share_text.fillna(""), idx),
        _when(status.eq("unverified"), "Only old or indirect evidence that the program still runs — verify", idx),
        _when(status.eq("new"), "New program (2020 or later): little track record", idx),
    ]


def _applicant_reasons(profile: Profile, programs: pd.DataFrame, eligible: np.ndarray, years_since: int,
                       idx: pd.Index) -> list[pd.Series]:
    step2_min = programs["step2_min"].astype("Float64")
    yog = programs["yog_max_years"].astype("Float64")
    clears = (step2_min <= profile.step2_ck).fillna(False).to_numpy() & eligible
    within = (yog >= years_since).fillna(False).to_numpy() & eligible
    return [
        _when(clears, "You clear the published Step 2 CK minimum (" + step2_min.astype("Int64").astype(str) + ")", idx),
        _when(within, "Within the graduation-year limit (" + yog.astype("Int64").astype(str) + " years)", idx),
    ]


def build_reasons(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, screens: ScreenResult,
                  like: Likelihood, eff: EffectiveScore, years_since: int) -> pd.Series:
    """List of reasons per program, what decides the tier first."""
    idx = programs.index
    eligible = screens.eligible.to_numpy()
    screen_msgs = [screens.messages[c].where(screens.failed[c], "") for c in screens.failed.columns]
    columns = (screen_msgs
               + [_when(eligible, effective_score_reason(profile, programs, eff), idx)]
               + _visa_reasons(profile, programs, like, idx)
               + _program_reasons(programs, kinds, idx)
               + [_estimate_line(profile, programs, kinds, like, idx)]
               + _applicant_reasons(profile, programs, eligible, years_since, idx))
    cells = pd.concat(columns, axis=1, ignore_index=True).fillna("").to_numpy(dtype=object)
    # The output is one Python list per program, so one comprehension builds them (columns were vectorised).
    return pd.Series([[text for text in row if text] for row in cells], index=idx, dtype=object)
