"""The reasons behind each program's tier, in words a student understands.

Built column-wise (one message column per kind of reason, empty where it does
not apply) and joined once, so the cost does not grow with Python per-row work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .screens import ScreenResult
from .likelihood import Likelihood
from .profile import Profile, Visa
from .settings import setting

VERIFY = "unknown — verify with the program"


def _when(mask: np.ndarray | pd.Series, text: pd.Series | str, index: pd.Index) -> pd.Series:
    text_series = text if isinstance(text, pd.Series) else pd.Series(text, index=index)
    return text_series.where(np.asarray(mask, dtype=bool), "")


def _visa_reasons(profile: Profile, programs: pd.DataFrame, idx: pd.Index) -> list[pd.Series]:
    if profile.visa is Visa.NONE:
        return []
    out = []
    basis = programs["visa_basis"].map({"institution": " (institution-wide statement)",
                                        "third_party": " (third-party listing)"}).fillna("")
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        j1 = programs["sponsors_j1"]
        out.append(_when(j1.eq("yes").fillna(False), "Accepts J-1" + basis, idx))
        out.append(_when(j1.isna(), f"J-1 sponsorship {VERIFY}; counted as a {setting('j1_base_rate'):.0%} chance "
                                    "(share of IM programs accepting J-1, JGME 2022)", idx))
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        h1b = programs["sponsors_h1b"]
        fee = f"; {1 - setting('h1b_fee_factor'):.0%} less likely since the Sept 2025 $100,000 H-1B fee"
        out.append(_when(h1b.eq("yes").fillna(False), "Has sponsored H-1B" + basis + fee, idx))
        out.append(_when(h1b.isna(), f"H-1B sponsorship {VERIFY}; counted as a {setting('h1b_base_rate'):.0%} chance "
                                     "(JGME 2022)" + fee, idx))
    return out


def _program_reasons(programs: pd.DataFrame, idx: pd.Index) -> list[pd.Series]:
    share = programs["img_share"].astype("Float64")
    share_text = "IMGs are " + (share * 100).round(0).astype("Int64").astype(str) + "% of residents"
    types = programs["program_type"]
    status = programs["status"]
    return [
        _when(types.eq("university"), "Academic centre: few interview slots go to IMGs", idx),
        _when(types.eq("county"), "County / safety-net program: trains IMGs but can be competitive", idx),
        _when(types.isin(["community", "university_affiliated_community"]), "Community-based program: historically the most open to IMGs", idx),
        _when(share.notna().fillna(False), share_text.fillna(""), idx),
        _when(share.isna(), f"IMG share {VERIFY}", idx),
        _when(programs["step2_min"].isna(), f"Step 2 CK minimum {VERIFY}", idx),
        _when(programs["yog_max_years"].isna(), f"Graduation-year limit {VERIFY}", idx),
        _when(status.eq("unverified"), "Only old or indirect evidence that the program still runs — verify", idx),
        _when(status.eq("new"), "New program (2020 or later): little track record", idx),
    ]


def _applicant_reasons(profile: Profile, programs: pd.DataFrame, eligible: np.ndarray, years_since: int,
                       idx: pd.Index) -> list[pd.Series]:
    step2_min = programs["step2_min"].astype("Float64")
    yog = programs["yog_max_years"].astype("Float64")
    clears = (step2_min <= profile.step2_ck).fillna(False).to_numpy() & eligible
    within = (yog >= years_since).fillna(False).to_numpy() & eligible
    ties = []
    if profile.socal_usce_months > 0:
        ties.append(f"{profile.socal_usce_months:g} months of SoCal USCE")
    if profile.socal_ties:
        ties.append("SoCal family ties")
    ties_text = "Regional ties count here: " + ", ".join(ties) if ties else ""
    return [
        _when(clears, "You clear the published Step 2 CK minimum (" + step2_min.astype("Int64").astype(str) + ")", idx),
        _when(within, "Within the graduation-year limit (" + yog.astype("Int64").astype(str) + " years)", idx),
        _when(eligible & bool(ties_text), ties_text, idx),
    ]


def build_reasons(profile: Profile, programs: pd.DataFrame, screens: ScreenResult, likelihood: Likelihood,
                  years_since: int) -> pd.Series:
    """List of reasons per program: failed screens first, then visa, program and applicant facts."""
    idx = programs.index
    eligible = screens.eligible.to_numpy()
    screen_msgs = [screens.messages[c].where(screens.failed[c], "") for c in screens.failed.columns]
    columns = (screen_msgs + _visa_reasons(profile, programs, idx) + _program_reasons(programs, idx)
               + _applicant_reasons(profile, programs, eligible, years_since, idx))
    frame = pd.concat(columns, axis=1, ignore_index=True)
    long = frame.stack()
    long = long[long.astype(bool)]
    grouped = long.groupby(level=0).agg(list)
    return grouped.reindex(idx).apply(lambda v: v if isinstance(v, list) else [])
