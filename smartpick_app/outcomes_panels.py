"""Outcomes in the app: the Students page's editor (consent, a season's applications and result, the snapshot from a
saved scenario, history, retention) and the Back-test page's sections (a CSV import reviewed before it is saved,
the calibration chart and its words, the per-kind and per-sub-region tables, the local correction beside the
national model). Widgets and store calls only: every number and sentence is built in smartpick_core.

Nothing is saved without a press of Save or Apply; withdrawing consent or deleting a season asks first.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from smartpick_app import cache, workspace
from smartpick_core import Profile, score
from smartpick_core.facts import FactError
from smartpick_core.facts.outcomes import RESULTS, read_outcome_csv
from smartpick_core.model.backtest import (
    CROSS_FOLDS, OUT_OF_SAMPLE_LABEL, backtest, corrected_backtest, office_correction, snapshot_count_words,
    today_chances,
)
from smartpick_core.model.local_correction import LOCAL_LABEL, NATIONAL_LABEL
from smartpick_core.model.profile import ProfileError
from smartpick_core.programs.kinds import SELECTIVITY_CLASSES
from smartpick_core.store import NotFound, StoreError
from smartpick_core.store import outcomes as oc
from smartpick_core.strategy.outcome_snapshot import (
    NO_SNAPSHOT_WORDS, editor_frame, editor_rows, listed_gone_words, outcome_predictions, scenario_snapshot,
    snapshot_words, starting_rows, stored_snapshot, with_snapshot,
)
from smartpick_core.text import plain_markdown
from smartpick_core.views.backtest_report import calibration_chart, correction_table, group_table, outlook_side_by_side

LOCAL_KEY = "outcomes.local_correction"      # the advisor's switch (kept across pages): the office's correction shown
DIFF_KEY = "outcomes.import_diff"            # (file names, OutcomeDiff) under review
TYPED = "No saved scenario (type the chances)"
RESULT_WORDS = {"": "Not known yet (before the Match)", "matched": "Matched", "unmatched": "Unmatched",
                "matched_soap": "Matched in SOAP"}


def _error(exc: Exception) -> str:
    if isinstance(exc, FactError):
        return f"Not saved — {exc.field}: {exc.message}"
    return f"Not saved: {exc}"


# --- the Students page: one student's season ----------------------------------------------------------------------
def outcomes_editor(store, owner: str, students: list, scenarios_by_student: dict, programs: pd.DataFrame,
                    shown: dict[str, str]) -> None:
    """Record what happened to a student's applications in a season (stored only with the student's consent)."""
    st.subheader("Outcomes (what happened)")
    st.caption("Record each season's invitations and the Match result: the Back-test page compares them with what "
               "SmartPick predicted. Stored only with the student's consent; Save keeps the earlier version in the "
               "history.")
    if store is None or not students:
        st.info("Save a student first; their outcomes are recorded here.")
        return
    by_id = {s.id: s for s in students}
    sid = st.selectbox("Student", list(by_id), key="outcomes.student",
                       format_func=lambda i: shown.get(by_id[i].name, by_id[i].name))
    student = by_id[sid]
    given = oc.consent(store, owner, sid)
    stored = oc.seasons(store, owner, sid)
    _consent_control(store, owner, student, given, len(stored), shown)
    if not given:
        return
    season = int(st.number_input("Season (Match year)", min_value=oc.MIN_SEASON, max_value=oc.current_season() + 1,
                                 value=oc.current_season(), step=1, key="outcomes.season"))
    current = next((r for r in stored if r.season == season), None)
    scenarios = scenarios_by_student.get(sid, [])
    names = [TYPED, *[s.name for s in scenarios]]
    default = names.index(current.outcome.scenario_name) if current and current.outcome.scenario_name in names else \
        (1 if len(names) > 1 else 0)
    picked = st.selectbox("Saved scenario the list was built from (profile and SmartPick's numbers)", names,
                          index=default, key=f"outcomes.scenario.{sid}.{season}",
                          help="Its profile is stored with the outcome, and the snapshot saved with it (SmartPick's "
                               "interview chance for each SoCal program and the outlook, as shown that day) becomes "
                               "what the back-test checks.")
    snapshot = todays = None
    if picked != TYPED:
        record = next(s for s in scenarios if s.name == picked)
        try:
            todays = scenario_snapshot(record.profile, programs)       # the profile, and today's list for it
        except ProfileError as exc:
            st.error(plain_markdown(f"The scenario {picked} cannot be scored: {exc.in_words()}"))
        else:
            snapshot = stored_snapshot(todays.profile, record.snapshot)
    if snapshot is not None:
        st.caption(plain_markdown(snapshot_words(snapshot)))
        gone = listed_gone_words(snapshot, programs)
        if gone:
            st.warning(plain_markdown(gone))
    elif todays is not None:
        st.warning(plain_markdown(NO_SNAPSHOT_WORDS))
    start = starting_rows(snapshot, programs) if snapshot else \
        (starting_rows(todays, programs, chances=False) if todays else [])
    rows = list(current.applications) if current else start
    _season_form(store, owner, student, season, current, picked, snapshot, rows, programs,
                 profile=todays.profile if todays else None)
    if current is not None:
        _history_and_delete(store, owner, student, season, shown)


def _consent_control(store, owner: str, student, given: bool, n_stored: int, shown: dict[str, str]) -> None:
    name = shown.get(student.name, student.name)
    wanted = st.checkbox(plain_markdown(f"{name} consents to storing their outcomes"), value=given,
                         key=f"outcomes.consent.{student.id}")
    if wanted == given:
        return
    if wanted:
        oc.set_consent(store, owner, student.id, True, by=workspace.acting_account())
        cache.after_write(f"Consent recorded for {name}.")
        st.rerun()
    if n_stored:
        st.warning(plain_markdown(f"Withdrawing consent deletes {name}'s {n_stored} stored season(s)."))
        if not st.button("Withdraw consent and delete them", key=f"outcomes.withdraw.{student.id}"):
            return
    oc.set_consent(store, owner, student.id, False, by=workspace.acting_account(), delete_outcomes=True)
    cache.after_write(f"Consent withdrawn for {name}; their outcomes were deleted.")
    st.rerun()


def _season_form(store, owner: str, student, season: int, current, picked: str, snapshot, rows: list,
                 programs: pd.DataFrame, *, profile: dict | None = None) -> None:
    ids = [""] + sorted(programs["program_id"].astype(str))
    with st.form(f"outcomes.form.{student.id}.{season}"):
        table = st.data_editor(editor_frame(rows), num_rows="dynamic", hide_index=True, width="stretch",
                               key=f"outcomes.table.{student.id}.{season}", column_config={
            "program_id": st.column_config.SelectboxColumn("SoCal program id", options=ids,
                                                           help="Empty for a program elsewhere: give its name."),
            "program_name": "Program", "city": "City", "state": "State",
            "kind": st.column_config.SelectboxColumn("Kind", options=list(SELECTIVITY_CLASSES)),
            "sub_region": "Sub-region",
            "invited": st.column_config.CheckboxColumn("Invited"),
            "invited_on": st.column_config.DateColumn("Invited on", help="Optional; within the season."),
            "interviewed": st.column_config.CheckboxColumn("Interviewed"),
            "ranked": st.column_config.CheckboxColumn("Ranked"),
            "predicted_chance": st.column_config.NumberColumn("Predicted chance", min_value=0.0, max_value=1.0,
                                                              format="percent")})
        left, right = st.columns(2)
        before = current.outcome if current else None
        result = left.selectbox("Result", ["", *RESULTS], format_func=RESULT_WORDS.__getitem__,
                                index=["", *RESULTS].index(before.result) if before else 0)
        matched = right.text_input("Matched program (id or name)", value=before.matched_program if before else "",
                                   max_chars=300)
        saved = st.form_submit_button("Save outcomes", type="primary")
    if not saved:
        return
    outcome = oc.SeasonOutcome(season=season, result=result, matched_program=matched,
                               **outcome_predictions(snapshot, profile, before, typed=picked == TYPED),
                               scenario_name="" if picked == TYPED else picked)
    specialty = snapshot.specialty if snapshot else str(outcome.profile.get("specialty") or "")
    try:
        oc.save_season(store, owner, student.id, outcome,
                       with_snapshot(editor_rows(table), snapshot, programs, specialty), by=workspace.acting_account())
    except (FactError, StoreError, NotFound) as exc:
        st.error(plain_markdown(_error(exc)))
        return
    cache.after_write(f"Saved the {season} outcomes of {student.name}.")
    st.rerun()


def _history_and_delete(store, owner: str, student, season: int, shown: dict[str, str]) -> None:
    history = oc.season_history(store, owner, student.id, season)
    with st.expander(f"History of this season ({len(history)} version(s))"):
        st.dataframe(pd.DataFrame([{
            "saved": h.recorded_at.strftime("%Y-%m-%d %H:%M"), "by": h.recorded_by,
            "invited": sum(int(a["invited"] or 0) for a in h.applications), "applications": len(h.applications),
            "result": RESULT_WORDS.get(h.outcome.result, h.outcome.result),
            "replaced": h.superseded_at.strftime("%Y-%m-%d %H:%M") if h.superseded_at else "current"}
            for h in history]), hide_index=True, width="stretch")
        sure = st.checkbox(plain_markdown(f"Yes, delete the {season} outcomes of "
                                          f"{shown.get(student.name, student.name)} (every version)"),
                           key=f"outcomes.sure.{student.id}.{season}")
        if st.button("Delete this season", key=f"outcomes.delete.{student.id}.{season}", disabled=not sure):
            oc.delete_season(store, owner, student.id, season)
            cache.after_write(f"Deleted the {season} outcomes of {student.name}.")
            st.rerun()


def retention_panel(store, owner: str) -> None:
    """How many seasons to keep; older ones are listed and deleted only when the advisor presses Delete."""
    keep = oc.retention(store, owner)
    with st.expander("Keeping outcomes (retention)"):
        choice = st.number_input("Seasons to keep (0: all)", min_value=0, max_value=oc.MAX_KEEP_SEASONS,
                                 value=keep or 0, step=1, key="outcomes.keep")
        if st.button("Save the setting", key="outcomes.keep.save"):
            oc.set_retention(store, owner, int(choice) or None, by=workspace.acting_account())
            cache.after_write("Retention setting saved; nothing was deleted.")
            st.rerun()
        due = oc.retention_due(store, owner, oc.current_season())
        if not due:
            st.caption("Nothing is older than the setting keeps.")
            return
        st.write(plain_markdown("Older than the setting keeps: " + ", ".join(f"{n} {y}" for n, y in due)))
        if st.button(f"Delete these {len(due)} season(s)", key="outcomes.keep.apply"):
            gone = oc.apply_retention(store, owner, oc.current_season())
            cache.after_write(f"Deleted {gone} season version(s) under the retention setting.")
            st.rerun()


# --- the Back-test page -------------------------------------------------------------------------------------------
def import_panel(store, owner: str, programs: pd.DataFrame, *, presenting: bool = False) -> None:
    """Upload the two templates' files; the diff and every refused cell are shown before Apply saves anything.
    On a shared screen (presenting) the rows to save are shown without the students' names."""
    st.caption("Two CSV files: one row per application (data/templates/outcomes_template.csv) and one row per "
               "student and season with the result, profile, predictions and consent "
               "(outcomes_seasons_template.csv). Nothing is saved until you press Apply.")
    left, right = st.columns(2)
    apps_file = left.file_uploader("Applications (CSV)", type=["csv"], key="outcomes.upload.apps")
    seasons_file = right.file_uploader("Student-seasons (CSV)", type=["csv"], key="outcomes.upload.seasons")
    if apps_file is not None and st.button("Review the import", key="outcomes.review"):
        store, problem = (store, None) if store is not None else cache.workspace_store(create=True)
        try:
            if store is None:
                raise StoreError(problem or "the workspace database cannot be opened")
            apps = read_outcome_csv(apps_file.getvalue())
            seasons = read_outcome_csv(seasons_file.getvalue()) if seasons_file is not None else []
            st.session_state[DIFF_KEY] = oc.plan_import(store, owner, apps, seasons, programs)
        except (FactError, StoreError) as exc:
            st.error(plain_markdown(f"Not read: {exc}"))
    diff = st.session_state.get(DIFF_KEY)
    if diff is None:
        return
    st.write(plain_markdown(diff.summary()))
    if diff.errors:
        st.error(plain_markdown("Refused (fix these in the file and review again; the other rows are kept):"))
        st.dataframe(pd.DataFrame([{"file": e.file, "row": e.row, "column": e.column, "problem": e.message}
                                   for e in diff.errors]), hide_index=True, width="stretch")
    for frame, what in ((diff.seasons, "Student-seasons"), (diff.applications, "Applications")):
        changed = frame[frame["status"] != "unchanged"]
        if presenting:
            changed = changed.drop(columns=["student"])
        if len(changed):
            st.markdown(f"**{what} to save**" + (" (names hidden while presenting)" if presenting else ""))
            st.dataframe(changed, hide_index=True, width="stretch")
    pending = not (diff.applications_to_apply.empty and diff.seasons_to_apply.empty)
    if st.button("Apply the import", type="primary", disabled=not pending, key="outcomes.apply"):
        store, problem = (store, None) if store is not None else cache.workspace_store(create=True)
        try:
            if store is None:
                raise StoreError(problem or "the workspace database cannot be opened")
            counts = oc.apply_outcome_import(store, owner, diff, by=workspace.acting_account())
        except (FactError, StoreError, NotFound) as exc:
            st.error(plain_markdown(_error(exc)))
            return
        st.session_state.pop(DIFF_KEY, None)
        cache.after_write("Imported: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")
        st.rerun()


@st.cache_data(show_spinner="Back-testing…", max_entries=8, ttl=cache.CACHE_TTL_S)
def _results(owner_key: str, stamp: tuple, column: str, local: bool, _apps: pd.DataFrame, _seasons: pd.DataFrame,
             _programs: pd.DataFrame) -> dict[str, Any]:
    """The national back-test and, when asked, the corrected one; keyed by whose outcomes and their versions."""
    apps = (_apps.assign(today_chance=today_chances(_apps, _seasons, _programs)) if column == "today_chance"
            else _apps)
    out: dict[str, Any] = {"national": backtest(apps, _seasons, chance_column=column)}
    if local:           # scored on students left out of each fit: an in-sample score would flatter the correction
        out["local"], out["correction"] = corrected_backtest(apps, _seasons, chance_column=column)
    return out


def import_pending() -> bool:
    """An import is under review: its panel stays open until it is applied or replaced."""
    return st.session_state.get(DIFF_KEY) is not None


def backtest_view(store, owner: str, programs: pd.DataFrame) -> bool:
    """The calibration chart and its words, the per-kind and per-sub-region tables, the correction beside them.
    False when nothing is recorded yet (the page then opens its import panel)."""
    st.subheader("How well SmartPick predicted your students' invitations")
    records = oc.seasons(store, owner) if store is not None else []
    apps, seasons = oc.frames_from_records(records)
    if apps.empty:
        st.info("No outcomes recorded yet: import them below, or record them on the Students page.")
        return False
    left, right = st.columns(2)
    column = left.radio("Chances tested", ["predicted_chance", "today_chance"], horizontal=True,
                        format_func={"predicted_chance": "Shown when the list was saved",
                                     "today_chance": "Today's model"}.__getitem__, key="outcomes.chance")
    local = right.toggle("Local correction", key="outcomes.local_toggle", value=bool(st.session_state.get(LOCAL_KEY)),
                         help="Fit your office's per-kind correction to these outcomes and show it beside the "
                              "national model. Off: the national model only. It never replaces the national "
                              "model silently: every page that uses it says so.")
    st.session_state[LOCAL_KEY] = local          # kept when the page is left (widget keys are not): the Overview reads it
    stamp = tuple((r.id, r.recorded_at.isoformat()) for r in records)
    results = _results(owner, stamp, column, local, apps, seasons, programs)
    st.caption(plain_markdown(snapshot_count_words(apps)))
    shown = [("national", NATIONAL_LABEL)] + ([("local", OUT_OF_SAMPLE_LABEL)] if local else [])
    panes = st.columns(len(shown))
    for pane, (key, label) in zip(panes, shown):
        with pane:
            _one_backtest(results[key], label, key)
    if local:
        st.markdown("**The local correction per program kind** (odds multiplier, shrunk towards the national model; "
                    f"fitted to all your students' outcomes, the one applied when it is switched on). The corrected "
                    f"back-test beside the national one is {OUT_OF_SAMPLE_LABEL}: {CROSS_FOLDS} groups of students, "
                    "each scored with a correction fitted to the others.")
        st.dataframe(correction_table(results["correction"]), hide_index=True, width="stretch")
    return True


def _one_backtest(result, label: str, key: str) -> None:
    st.markdown(f"**{label[:1].upper()}{label[1:]}**")
    for sentence in result.sentences():
        st.write(plain_markdown(sentence))
    chart = calibration_chart(result)
    st.plotly_chart(chart.figure, key=f"outcomes.calibration.{key}", width="stretch")
    for title, table in (("Per program kind", result.by_kind), ("Per sub-region", result.by_sub_region)):
        st.markdown(f"**{title}**")
        st.dataframe(group_table(table, result.level), hide_index=True, width="stretch")


# --- the Overview: say which model is shown ------------------------------------------------------------------------
def model_shown_words() -> list[str]:
    """The footer's words while the local correction is on (every page): which model each page's chances come from.
    Off: nothing, the footer stays as it was."""
    if not st.session_state.get(LOCAL_KEY):
        return []
    return [f"chances: the {NATIONAL_LABEL}, except where a page says \"{LOCAL_LABEL}\" (switched on on the "
            "Back-test page; the Overview shows both)"]


def correction_note(dash) -> None:
    """With the local correction switched on (Back-test page), the Overview shows the corrected outlook beside the
    national one and says so; off, it shows nothing and the national model stands alone."""
    if not st.session_state.get(LOCAL_KEY):
        return
    store, problem = cache.workspace_store()
    if store is None:
        return
    try:
        offsets = _office_offsets(workspace.owner(), tuple((r.id, r.recorded_at.isoformat())
                                                          for r in oc.seasons(store, workspace.owner())),
                                  store, dash.programs)
    except (StoreError, FactError) as exc:
        st.warning(plain_markdown(f"The local correction is on but cannot be fitted: {exc}"))
        return
    if not offsets:
        return
    corrected = _corrected(cache.profile_key(dash.profile), dash.national, tuple(sorted(offsets.items())),
                           dash.programs)
    st.info(plain_markdown(f"Your office's local correction is switched on (Back-test page): the outlook "
                           f"{LOCAL_LABEL} beside the {NATIONAL_LABEL}."), icon=":material/tune:")
    st.dataframe(outlook_side_by_side(dash.result, corrected), hide_index=True)


@st.cache_data(show_spinner=False, max_entries=8, ttl=cache.CACHE_TTL_S)
def _office_offsets(owner_key: str, stamp: tuple, _store, _programs: pd.DataFrame) -> dict[str, float]:
    apps, seasons = oc.outcome_frames(_store, owner_key)
    if apps.empty:
        return {}
    return office_correction(apps, seasons, _programs).offsets()


@st.cache_data(show_spinner=False, max_entries=16, ttl=cache.CACHE_TTL_S)
def _corrected(profile_key: str, national: int | None, offsets: tuple, _programs: pd.DataFrame):
    """The profile scored with the office's offsets (the same list as the Overview's)."""
    profile = Profile.from_dict(json.loads(profile_key))
    return score(profile, _programs, n_national=national, explain=False, kind_offsets=dict(offsets))
