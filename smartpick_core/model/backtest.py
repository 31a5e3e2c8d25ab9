"""The back-test: how well SmartPick's interview chances predicted what happened to an office's students.

Inputs are the recorded outcomes (facts/outcomes.py): `applications` (one row per application: student, season,
kind, sub_region, invited, and a predicted chance column) and `seasons` (one row per student and season: result,
predicted_match, predicted_interviews). Which chance is tested is the caller's choice: "predicted_chance" (the
snapshot shown when the list was saved) or "today_chance" (today's model for the recorded profile, from
today_chances(); programs elsewhere keep their snapshot).

    backtest(applications, seasons, chance_column=...)    -> Backtest (scores, calibration, per kind / sub-region,
                                                             applicant level, sentences)
    today_chances(applications, seasons, programs)        -> today's model's chance per application
    office_correction(applications, seasons, programs)    -> the local correction of today's model (fitted to
                                                             today's chances, the model it will correct)
    corrected_backtest(applications, seasons, ...)        -> the correction, and its back-test out of sample
                                                             (K-fold by student: each student scored by a
                                                             correction fitted without them)
    snapshot_count_words(applications)                    -> how many applications have a snapshot, in words
    brier_score(p, y), log_loss(p, y)                     -> the two proper scores

Method. Brier score and log loss are compared with a no-skill baseline: the office's own invite rate given to
every application. Calibration is shown by decile of predicted chance and per group (kind, sub-region) as
observed / predicted invitations. Applications cluster by student, so every interval is a bootstrap over
students (80% percentile intervals), and the miscalibration flag is a cluster-robust test of observed minus
predicted invitations (variance: the larger of the binomial sum and the sum over students of squared
residual totals), Bonferroni-corrected over the groups of the table at FLAG_ALPHA family-wise. Below
MIN_STUDENTS students or MIN_APPLICATIONS applications nothing is judged or flagged; counts are still shown.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Mapping

import numpy as np
import pandas as pd

from ..programs.kinds import CLASS_LABELS
from .local_correction import CHANCE_CLIP, LEVEL, NATIONAL_LABEL, LocalCorrection, apply_offsets, fit_local_correction
from .profile import Profile, ProfileError
from .scoring import score
from .wording import expected_words

MIN_STUDENTS = 20
MIN_APPLICATIONS = 50
FLAG_ALPHA = 0.05      # family-wise false-flag rate of one table (deciles, kinds or sub-regions)
N_BOOT = 1000
DECILES = 10
CHANCE_COLUMNS: dict[str, str] = {"predicted_chance": "the chances shown when the list was saved",
                                  "today_chance": "today's model"}
GROUP_COLUMNS: tuple[str, ...] = ("group", "n_students", "n_applications", "invited", "expected", "ratio",
                                  "ratio_low", "ratio_high", "observed_rate", "predicted_rate", "observed_low",
                                  "observed_high", "z", "flagged", "too_small")
OUTSIDE_SOCAL = "outside SoCal"
CROSS_FOLDS = 5        # the corrected back-test: K-fold by student, each fold's correction fitted without it
CROSS_SEED = 0         # fixed, so the same outcomes always give the same folds and figures
OUT_OF_SAMPLE_LABEL = "corrected, evaluated on students left out of the fit"


# --- the two proper scores ---------------------------------------------------------------------------------------


def brier_score(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of the chances: 0 is perfect, 0.25 is a coin toss on a 50% event."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean((p - y) ** 2)) if len(p) else math.nan


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood (natural log); chances are clipped away from 0 and 1."""
    p, y = np.clip(np.asarray(p, dtype=float), CHANCE_CLIP, 1 - CHANCE_CLIP), np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))) if len(p) else math.nan


@dataclass(frozen=True)
class Scores:
    """The proper scores of the chances and of the no-skill baseline (the office's own invite rate)."""

    brier: float
    log_loss: float
    baseline_brier: float
    baseline_log_loss: float
    invite_rate: float
    n_students: int
    n_applications: int

    @property
    def brier_skill(self) -> float:
        """1 - Brier / baseline Brier: above 0 beats the office's own invite rate, 1 is perfect."""
        return 1.0 - self.brier / self.baseline_brier if self.baseline_brier > 0 else math.nan


@dataclass(frozen=True)
class ApplicantCheck:
    """Per student-season: predicted chance to match vs matched; predicted interviews vs invitations."""

    n_students: int                   # student-seasons with a result and a predicted chance to match
    predicted_match: float            # mean predicted chance to match
    matched_rate: float
    matched_low: float
    matched_high: float
    match_brier: float
    n_students_interviews: int        # student-seasons with predicted interviews and recorded applications
    predicted_interviews: float       # mean per student
    invitations: float                # mean per student
    interviews_ratio: float
    interviews_low: float
    interviews_high: float


@dataclass(frozen=True)
class Backtest:
    """Everything the back-test view shows; every figure carries its n students and n applications."""

    chance_column: str
    model_shown: str
    scores: Scores
    calibration: pd.DataFrame        # one row per decile of predicted chance (GROUP_COLUMNS + low/high chance)
    by_kind: pd.DataFrame
    by_sub_region: pd.DataFrame
    applicants: ApplicantCheck
    n_students: int
    n_applications: int
    n_without_chance: int            # applications recorded without a predicted chance (left out)
    too_small: bool
    level: float = LEVEL

    @property
    def calibration_flagged(self) -> bool:
        return bool(self.calibration["flagged"].any())

    def flagged_kinds(self) -> tuple[str, ...]:
        return tuple(self.by_kind.loc[self.by_kind["flagged"], "group"])

    def sentences(self) -> tuple[str, ...]:
        return backtest_sentences(self)


# --- bootstrap by student ------------------------------------------------------------------------------------------


def _student_sums(students: np.ndarray, groups: np.ndarray, n_students: int, n_groups: int,
                  values: np.ndarray) -> np.ndarray:
    """(n_students, n_groups) sums of `values` per student and group."""
    flat = np.bincount(students * n_groups + groups, weights=values, minlength=n_students * n_groups)
    return flat.reshape(n_students, n_groups)


def _bootstrap_weights(n_students: int, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, n_students) counts: how often each student is drawn in each resample of the office."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_students, np.full(n_students, 1.0 / n_students), size=n_boot).astype(float)


def _group_table(labels: list[str], students: np.ndarray, groups: np.ndarray, p: np.ndarray, y: np.ndarray,
                 weights: np.ndarray, level: float, judge: bool) -> pd.DataFrame:
    """Observed vs predicted invitations per group, bootstrap intervals by student, cluster-robust flag."""
    n_students, n_groups = weights.shape[1], len(labels)
    count = _student_sums(students, groups, n_students, n_groups, np.ones(len(p)))
    observed = _student_sums(students, groups, n_students, n_groups, y)
    expected = _student_sums(students, groups, n_students, n_groups, p)
    binomial = np.bincount(groups, weights=p * (1 - p), minlength=n_groups)
    robust = ((observed - expected) ** 2).sum(axis=0)
    o_total, e_total, n_total = observed.sum(axis=0), expected.sum(axis=0), count.sum(axis=0)
    students_in = (count > 0).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (o_total - e_total) / np.sqrt(np.maximum(binomial, robust))
        boot_o, boot_e, boot_n = weights @ observed, weights @ expected, weights @ count
        ratio_low, ratio_high = _percentiles(boot_o / boot_e, level)
        exact_low, exact_high = poisson_ratio_interval(o_total, e_total, level)
        ratio_low, ratio_high = np.fmin(ratio_low, exact_low), np.fmax(ratio_high, exact_high)
        rate_low, rate_high = _percentiles(boot_o / boot_n, level)
        ratio = o_total / e_total
    too_small = (students_in < MIN_STUDENTS) | (n_total < MIN_APPLICATIONS)
    tested = judge & ~too_small & np.isfinite(z)
    m = max(int(tested.sum()), 1)
    critical = NormalDist().inv_cdf(1 - FLAG_ALPHA / (2 * m))
    return pd.DataFrame({
        "group": labels, "n_students": students_in.astype(int), "n_applications": n_total.astype(int),
        "invited": o_total.astype(int), "expected": e_total, "ratio": ratio, "ratio_low": ratio_low,
        "ratio_high": ratio_high, "observed_rate": o_total / np.maximum(n_total, 1),
        "predicted_rate": e_total / np.maximum(n_total, 1), "observed_low": rate_low, "observed_high": rate_high,
        "z": z, "flagged": tested & (np.abs(z) > critical), "too_small": too_small,
    }, columns=list(GROUP_COLUMNS))


def poisson_ratio_interval(observed: np.ndarray, expected: np.ndarray,
                           level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval for observed / expected invitations, taking the count as Poisson.

    Why: with few invitations the bootstrap by student collapses (no invitation in any resample gives 0.0–0.0),
    which reads as certainty; the shown interval is the wider of this one and the bootstrap's."""
    from scipy.stats import chi2

    tail = (1 - level) / 2
    observed = np.asarray(observed, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(observed > 0, chi2.ppf(tail, 2 * np.maximum(observed, 1e-12)) / 2, 0.0) / expected
        high = chi2.ppf(1 - tail, 2 * observed + 2) / 2 / expected
    return low, high


def _percentiles(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column, ignoring resamples where the group was not drawn (NaN)."""
    if values.shape[0] == 0 or values.shape[1] == 0:
        return np.full(values.shape[1], np.nan), np.full(values.shape[1], np.nan)
    tail = (1 - level) / 2 * 100
    finite = np.isfinite(values)
    if finite.all():                      # the usual case, and np.percentile is ~10x faster than nanpercentile
        low, high = np.percentile(values, [tail, 100 - tail], axis=0)
        return low, high
    masked = np.where(finite, values, np.nan)
    empty = ~finite.any(axis=0)
    low, high = np.nanpercentile(np.where(empty[None, :], 0.0, masked), [tail, 100 - tail], axis=0)
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def _deciles(p: np.ndarray) -> np.ndarray:
    """Decile of predicted chance by rank (equal counts; ties split by recorded order)."""
    n = len(p)
    if n == 0:
        return np.zeros(0, dtype=int)
    ranks = np.empty(n, dtype=int)
    ranks[np.argsort(p, kind="stable")] = np.arange(n)
    return (ranks * DECILES // n).astype(int)


# --- the back-test -------------------------------------------------------------------------------------------------


def backtest(applications: pd.DataFrame, seasons: pd.DataFrame | None = None, *,
             chance_column: str = "predicted_chance", level: float = LEVEL, n_boot: int = N_BOOT,
             seed: int = 0, model_shown: str = NATIONAL_LABEL) -> Backtest:
    """Compare the chances in `chance_column` with the recorded invitations (and, from `seasons`, the predicted
    chance to match and predicted interviews with the results). Deterministic for a given seed."""
    if chance_column not in applications:
        raise ValueError(f"chance_column: {chance_column!r} is not a column; use one of {', '.join(CHANCE_COLUMNS)}")
    if not 0 < level < 1:
        raise ValueError(f"level: {level} needs to be between 0 and 1 (e.g. 0.8)")
    chances = pd.to_numeric(applications[chance_column], errors="coerce").to_numpy(dtype=float)
    usable = ~np.isnan(chances)
    frame = applications.loc[usable]
    p = chances[usable]
    y = (frame["invited"].astype(str).str.lower() == "yes").to_numpy(dtype=float)
    student_keys = _student_keys(frame)
    students, uniques = pd.factorize(student_keys)
    n_students, n_apps = len(uniques), len(p)
    too_small = n_students < MIN_STUDENTS or n_apps < MIN_APPLICATIONS
    weights = _bootstrap_weights(max(n_students, 1), n_boot, seed)[:, :n_students]
    rate = float(y.mean()) if n_apps else math.nan
    scores = Scores(brier_score(p, y), log_loss(p, y), brier_score(np.full(n_apps, rate), y),
                    log_loss(np.full(n_apps, rate), y), rate, n_students, n_apps)

    deciles = _deciles(p)
    calibration = _group_table([f"decile {i + 1}" for i in range(DECILES)], students, deciles, p, y, weights, level,
                               not too_small)
    low = np.full(DECILES, np.nan)
    high = np.full(DECILES, np.nan)
    if n_apps:
        present = np.unique(deciles)
        low[present] = [p[deciles == d].min() for d in present]
        high[present] = [p[deciles == d].max() for d in present]
    calibration["chance_low"], calibration["chance_high"] = low, high
    calibration = calibration[calibration["n_applications"] > 0].reset_index(drop=True)

    kinds = frame["kind"].fillna("").astype(str).to_numpy() if "kind" in frame else np.full(n_apps, "")
    kind_codes, kind_labels = pd.factorize(kinds, sort=True)
    by_kind = _group_table(list(kind_labels), students, kind_codes, p, y, weights, level, not too_small)
    regions = (frame["sub_region"].fillna("").astype(str).replace("", OUTSIDE_SOCAL).to_numpy()
               if "sub_region" in frame else np.full(n_apps, OUTSIDE_SOCAL))
    region_codes, region_labels = pd.factorize(regions, sort=True)
    by_region = _group_table(list(region_labels), students, region_codes, p, y, weights, level, not too_small)
    applicants = _applicant_check(frame, y, student_keys, seasons, level, n_boot, seed)
    return Backtest(chance_column, model_shown, scores, calibration, by_kind, by_region, applicants, n_students,
                    n_apps, int((~usable).sum()), too_small, level)


def _student_keys(frame: pd.DataFrame) -> pd.Series:
    """A student-season is the unit of clustering: one profile, one list."""
    return frame["student"].astype(str).str.strip().str.lower() + "|" + frame["season"].astype(str)


def _applicant_check(frame: pd.DataFrame, y: np.ndarray, student_keys: pd.Series, seasons: pd.DataFrame | None,
                     level: float, n_boot: int, seed: int) -> ApplicantCheck:
    nan = math.nan
    if seasons is None or seasons.empty:
        return ApplicantCheck(0, nan, nan, nan, nan, nan, 0, nan, nan, nan, nan, nan)
    keys = _student_keys(seasons).to_numpy()
    rng = np.random.default_rng(seed + 1)
    result = seasons["result"].fillna("").astype(str).to_numpy() if "result" in seasons else np.full(len(keys), "")
    predicted = pd.to_numeric(seasons.get("predicted_match"), errors="coerce").to_numpy(dtype=float)
    judged = (result != "") & ~np.isnan(predicted)
    matched = np.isin(result, ("matched", "matched_soap")).astype(float)
    tail = (1 - level) / 2 * 100
    n = int(judged.sum())
    if n:
        draws = rng.integers(0, n, size=(n_boot, n))
        rates = matched[judged][draws].mean(axis=1)
        m_low, m_high = np.percentile(rates, [tail, 100 - tail])
        m_rate, m_pred = float(matched[judged].mean()), float(predicted[judged].mean())
        m_brier = brier_score(predicted[judged], matched[judged])
    else:
        m_low = m_high = m_rate = m_pred = m_brier = nan
    invitations = pd.Series(y, index=student_keys.to_numpy()).groupby(level=0).sum()
    expected = pd.to_numeric(seasons.get("predicted_interviews"), errors="coerce").to_numpy(dtype=float)
    has = ~np.isnan(expected) & np.isin(keys, invitations.index)
    k = int(has.sum())
    if k:
        got = invitations.reindex(keys[has]).to_numpy(dtype=float)
        want = expected[has]
        draws = rng.integers(0, k, size=(n_boot, k))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = got[draws].sum(axis=1) / want[draws].sum(axis=1)
        i_low, i_high = np.nanpercentile(np.where(np.isfinite(ratios), ratios, np.nan), [tail, 100 - tail])
        i_pred, i_got = float(want.mean()), float(got.mean())
        i_ratio = i_got / i_pred if i_pred > 0 else nan
    else:
        i_low = i_high = i_pred = i_got = i_ratio = nan
    return ApplicantCheck(n, m_pred, m_rate, float(m_low), float(m_high), m_brier, k, i_pred, i_got, i_ratio,
                          float(i_low), float(i_high))


# --- today's model -------------------------------------------------------------------------------------------------


def today_chances(applications: pd.DataFrame, seasons: pd.DataFrame, programs: pd.DataFrame, *,
                  kind_offsets: Mapping[str, float] | None = None) -> pd.Series:
    """Today's model's interview chance per application, for the profile recorded with its student-season:
    SoCal programs (program_id) from score(); programs elsewhere, and student-seasons without a usable
    profile, keep the snapshot (predicted_chance). kind_offsets: the local correction, applied to both."""
    out = pd.to_numeric(applications["predicted_chance"], errors="coerce").astype(float).copy()
    if kind_offsets:
        out = pd.Series(apply_offsets(out.to_numpy(), applications["kind"], kind_offsets), index=out.index)
    if seasons is None or seasons.empty or "program_id" not in applications:
        return out
    profiles = dict(zip(_student_keys(seasons), seasons["profile_json"].fillna("").astype(str)))
    keys = _student_keys(applications)
    has_id = applications["program_id"].fillna("").astype(str) != ""
    for key in keys[has_id].unique():
        profile = _profile(profiles.get(key, ""))
        if profile is None:
            continue
        season = int(key.rsplit("|", 1)[1])
        try:
            scored = score(profile, programs, cycle_year=season - 1, explain=False, kind_offsets=kind_offsets)
        except ProfileError:
            continue
        chance = pd.Series(scored.programs["interview_probability"].to_numpy(dtype=float),
                           index=scored.programs["program_id"].to_numpy())
        rows = has_id & (keys == key)
        found = applications.loc[rows, "program_id"].map(chance)
        out.loc[rows] = found.where(found.notna(), out.loc[rows])
    return out


def office_correction(applications: pd.DataFrame, seasons: pd.DataFrame, programs: pd.DataFrame) -> LocalCorrection:
    """The per-kind correction to apply to today's model: fitted against today's national chances (snapshots
    where today's model cannot re-score), not against snapshots of older model versions."""
    today = applications.assign(today_chance=today_chances(applications, seasons, programs).to_numpy())
    return fit_local_correction(today, chance_column="today_chance")


# --- the corrected back-test, out of sample ---------------------------------------------------------------------------


def student_folds(students: pd.Series, folds: int = CROSS_FOLDS, seed: int = CROSS_SEED) -> np.ndarray:
    """Each row's fold: students (by name, all their seasons together) shuffled with a fixed seed and dealt
    round-robin into `folds` folds of near-equal size, so a student's applications are never split."""
    if folds < 2:
        raise ValueError(f"folds: {folds} needs to be at least 2")
    codes, uniques = pd.factorize(students.astype(str).str.strip().str.lower())
    order = np.random.default_rng(seed).permutation(len(uniques))
    fold_of = np.empty(len(uniques), dtype=int)
    fold_of[order] = np.arange(len(uniques)) % folds
    return fold_of[codes] if len(codes) else np.zeros(0, dtype=int)


def out_of_sample_chances(applications: pd.DataFrame, *, chance_column: str = "predicted_chance",
                          folds: int = CROSS_FOLDS, seed: int = CROSS_SEED) -> pd.Series:
    """Each application's chance corrected by a local correction fitted without its student (K-fold by student):
    scoring a correction on the outcomes it was fitted to flatters it, so it is scored on students it never saw."""
    chances = pd.to_numeric(applications[chance_column], errors="coerce").astype(float)
    out = chances.copy()
    if applications.empty:
        return out
    fold = student_folds(applications["student"], folds, seed)
    kinds = applications["kind"].fillna("").astype(str)
    for f in np.unique(fold):
        held = fold == f
        offsets = fit_local_correction(applications.loc[~held], chance_column=chance_column).offsets()
        out.loc[held] = apply_offsets(chances.loc[held].to_numpy(), kinds.loc[held].to_numpy(), offsets)
    return out


def corrected_backtest(applications: pd.DataFrame, seasons: pd.DataFrame | None = None, *,
                       chance_column: str = "predicted_chance", folds: int = CROSS_FOLDS,
                       fold_seed: int = CROSS_SEED, level: float = LEVEL,
                       n_boot: int = N_BOOT) -> tuple[Backtest, LocalCorrection]:
    """The local correction to apply (fitted to every outcome) and its back-test evaluated out of sample: each
    student's applications scored with a correction fitted to the other students only."""
    correction = fit_local_correction(applications, chance_column=chance_column)
    held_out = out_of_sample_chances(applications, chance_column=chance_column, folds=folds, seed=fold_seed)
    result = backtest(applications.assign(**{chance_column: held_out.to_numpy()}), seasons,
                      chance_column=chance_column, level=level, n_boot=n_boot, model_shown=OUT_OF_SAMPLE_LABEL)
    return result, correction


def snapshot_count_words(applications: pd.DataFrame) -> str:
    """How many applications carry a snapshot (the chance shown when the list was saved), in words: the snapshot
    back-test covers only these, and the rest can be compared with today's model only."""
    has = pd.to_numeric(applications["predicted_chance"], errors="coerce").notna().to_numpy()
    keys = _student_keys(applications)
    n, k = len(has), int(has.sum())
    students, with_students = keys.nunique(), keys[has].nunique()
    socal = int((applications["program_id"].fillna("").astype(str) != "").sum()) if "program_id" in applications \
        else 0
    text = (f"Snapshots: {k:,} of {n:,} application{'' if n == 1 else 's'} (from {with_students:,} of {students:,} "
            f"student{'' if students == 1 else 's'}) have the chance shown when the list was saved")
    if k < n:
        text += f"; the other {n - k:,} can be compared with today's model only"
    return (text + f". Today's model re-scores the {socal:,} applications to SoCal programs for the recorded profile; "
            "programs elsewhere keep their snapshot.")


def _profile(text: str) -> Profile | None:
    if not text:
        return None
    try:
        return Profile.from_dict(json.loads(text))
    except (ValueError, TypeError):
        return None


# --- words ---------------------------------------------------------------------------------------------------------


def _n(n_apps: int, n_students: int) -> str:
    return (f"n = {n_apps:,} application{'' if n_apps == 1 else 's'} from {n_students:,} "
            f"student{'' if n_students == 1 else 's'}")


def _rate(rate: float) -> str:
    """An invite rate in words: a rate under 10% keeps one decimal, so 0.4% never reads as 0%."""
    return f"{rate:.1%}" if 0 < rate < 0.1 else f"{rate:.0%}"


def times(ratio: float) -> str:
    return f"{ratio:.1f}×"


def group_sentence(row: Mapping, label: str, level: float = LEVEL) -> str:
    """'At community programs, students were invited 1.8× as often as predicted (n = 240 applications from 31
    students, 80% interval 1.4–2.3).' - or why it cannot be judged."""
    n = _n(int(row["n_applications"]), int(row["n_students"]))
    if row["too_small"]:
        return (f"At {label}, too few to judge ({n}; at least {MIN_STUDENTS} students and {MIN_APPLICATIONS} "
                f"applications are needed): {int(row['invited'])} invited where {expected_words(row['expected'])} were predicted.")
    if not np.isfinite(row["ratio"]):
        return f"At {label}, no invitations were predicted ({n})."
    interval = f"{int(level * 100)}% interval {row['ratio_low']:.1f}–{row['ratio_high']:.1f}"
    counts = f"{int(row['invited'])} invited, {expected_words(row['expected'])} predicted"
    if 0.95 <= row["ratio"] <= 1.05:
        text = (f"At {label}, students were invited about as often as predicted ({times(row['ratio'])}; {counts}; "
                f"{n}, {interval}).")
    else:
        text = (f"At {label}, students were invited {times(row['ratio'])} as often as predicted ({counts}; {n}, "
                f"{interval}).")
    if row["flagged"]:
        text += " More than chance explains: the model is miscalibrated here."
    return text


def backtest_sentences(result: Backtest) -> tuple[str, ...]:
    """The back-test in words, most important first; every figure with its n."""
    s = result.scores
    what = CHANCE_COLUMNS.get(result.chance_column, result.chance_column)
    out = [f"Chances tested: {what} ({result.model_shown}); {_n(result.n_applications, result.n_students)}"
           + (f", {result.n_without_chance} without a recorded chance left out." if result.n_without_chance else ".")]
    if result.too_small:
        out.append(f"The sample is too small to judge: at least {MIN_STUDENTS} students and {MIN_APPLICATIONS} "
                   "applications are needed. The counts below are shown, not judged.")
    elif s.n_applications:
        better = "better" if s.brier <= s.baseline_brier else "worse"
        out.append(f"Brier score {s.brier:.3f} against {s.baseline_brier:.3f} for the office's own invite rate of "
                   f"{_rate(s.invite_rate)} given to every application: {abs(s.brier_skill):.0%} {better} "
                   f"({_n(s.n_applications, s.n_students)}). Log loss {s.log_loss:.3f} against "
                   f"{s.baseline_log_loss:.3f}.")
        if result.calibration_flagged:
            bad = result.calibration.loc[result.calibration["flagged"], "group"]
            out.append(f"Calibration by decile departs from the diagonal by more than chance in {', '.join(bad)}.")
        else:
            out.append("Calibration by decile: no decile departs from the diagonal by more than chance allows.")
    for row in result.by_kind.to_dict("records"):
        out.append(group_sentence(row, CLASS_LABELS.get(row["group"], row["group"] or "programs of unknown kind"),
                                  result.level))
    for row in result.by_sub_region.to_dict("records"):      # sub-regions in words only where they stand out
        if row["flagged"]:
            where = "programs outside SoCal" if row["group"] == OUTSIDE_SOCAL else f"programs in {row['group']}"
            out.append(group_sentence(row, where, result.level))
    a = result.applicants
    if a.n_students:
        out.append(f"Chance to match: predicted {a.predicted_match:.0%} on average, {a.matched_rate:.0%} matched "
                   f"(n = {a.n_students} students, {int(result.level * 100)}% interval "
                   f"{a.matched_low:.0%}–{a.matched_high:.0%}).")
    if a.n_students_interviews and np.isfinite(a.interviews_ratio):
        out.append(f"Interviews: {a.predicted_interviews:.1f} predicted per student, {a.invitations:.1f} invitations "
                   f"received ({times(a.interviews_ratio)}; n = {a.n_students_interviews} students, "
                   f"{int(result.level * 100)}% interval {a.interviews_low:.1f}–{a.interviews_high:.1f}).")
    return tuple(out)
