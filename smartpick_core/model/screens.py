"""Hard screens: the reasons an application would be money thrown away.

Each screen is a vectorised mask over all programs plus a message in words.
Only *known* program facts can fail a screen; an unknown fact never screens a
program out (the likelihood model counts it as uncertainty instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .profile import Profile, Step1, Step3, Visa


@dataclass(frozen=True)
class ScreenResult:
    failed: pd.DataFrame    # one bool column per screen; True = this screen fails
    messages: pd.DataFrame  # one str column per screen; the words shown when it fails

    @property
    def eligible(self) -> pd.Series:
        return ~self.failed.any(axis=1)


def _is(series: pd.Series, value: str) -> pd.Series:
    return series.eq(value).fillna(False).astype(bool)


def _basis_suffix(programs: pd.DataFrame) -> pd.Series:
    basis = programs["visa_basis"].fillna("")
    return basis.map({"institution": " (institution-wide statement)", "third_party": " (third-party listing)"}).fillna("")


def visa_screens(profile: Profile, programs: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Visa rules: a route the program does not offer closes it; H-1B needs Step 3 passed."""
    j1_no = _is(programs["sponsors_j1"], "no")
    h1b_no = _is(programs["sponsors_h1b"], "no")
    suffix = _basis_suffix(programs)
    step3_missing = profile.step3 is not Step3.PASSED
    out: dict[str, tuple[pd.Series, pd.Series]] = {}
    if profile.visa is Visa.J1:
        out["visa"] = (j1_no, "Not eligible — does not sponsor J-1" + suffix)
    elif profile.visa is Visa.H1B:
        out["visa"] = (h1b_no, "Not eligible — does not sponsor H-1B" + suffix)
        out["h1b_step3"] = (~h1b_no & step3_missing,
                            pd.Series("Not eligible — H-1B needs Step 3 passed before the contract starts", index=programs.index))
    elif profile.visa is Visa.J1_OR_H1B:
        h1b_closed = h1b_no | step3_missing
        why_h1b = np.where(h1b_no, "does not sponsor H-1B", "H-1B would need Step 3 passed")
        out["visa"] = (j1_no & h1b_closed,
                       "Not eligible — does not sponsor J-1 and " + pd.Series(why_h1b, index=programs.index) + suffix)
    return out


def screen_programs(profile: Profile, programs: pd.DataFrame, years_since_graduation: int) -> ScreenResult:
    """All hard screens for one profile over all programs at once."""
    idx = programs.index
    step2_min = programs["step2_min"].astype("Float64")
    yog_max = programs["yog_max_years"].astype("Float64")
    usce_min = programs["usce_min_months"].astype("Float64")
    had_failure = (profile.step1 is Step1.FAIL_THEN_PASS or profile.step2_attempts > 1
                   or profile.step3 is Step3.FAILED)
    needs_months = usce_min.fillna(0.0)
    usce_short = _is(programs["usce_required"], "yes") & (
        (profile.usce_months < needs_months).fillna(False).astype(bool) | (profile.usce_months <= 0)
    )
    screens: dict[str, tuple[pd.Series, pd.Series | str]] = {
        "military": (programs["program_type"].eq("military"),
                     "Not eligible — military program: takes only active-duty US service members"),
        "closed": (programs["status"].eq("possibly_closed"), "Not eligible — program may have closed; verify before applying"),
        "no_imgs": (_is(programs["accepts_imgs"], "no"), "Not eligible — does not consider IMGs"),
        **visa_screens(profile, programs),
        "step2_min": ((step2_min > profile.step2_ck).fillna(False).astype(bool),
                      "Not eligible — Step 2 CK minimum " + step2_min.astype("Int64").astype(str)
                      + f" (yours {profile.step2_ck})"),
        "yog": ((yog_max < years_since_graduation).fillna(False).astype(bool),
                "Not eligible — graduation within " + yog_max.astype("Int64").astype(str)
                + f" years required (yours {years_since_graduation})"),
        "usce": (usce_short, "Not eligible — requires US clinical experience"
                 + pd.Series(np.where(usce_min.notna(), " (" + usce_min.astype(str).str.removesuffix(".0") + " months)", ""), index=idx)
                 + f" (yours {profile.usce_months:g} months hands-on)"),
        "attempts": (_is(programs["first_attempt_only"], "yes") & had_failure,
                     pd.Series("Not eligible — requires first-attempt passes", index=idx)),
    }
    failed = pd.DataFrame({name: mask.to_numpy(dtype=bool) for name, (mask, _) in screens.items()}, index=idx)
    messages = pd.DataFrame(
        {name: (msg if isinstance(msg, pd.Series) else pd.Series(msg, index=idx)).astype(str)
         for name, (_, msg) in screens.items()},
        index=idx,
    )
    return ScreenResult(failed=failed, messages=messages)
