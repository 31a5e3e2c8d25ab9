"""Data: what the program table knows (coverage, oldest facts, the to-verify list), and the place where an advisor
records what they learned — with its source — and watches the coverage number move. History, retraction, import
and export of recorded facts. Every number comes from smartpick_core.views.coverage (the same function as the
table in data/README.md)."""

import datetime as _dt

import streamlit as st

from smartpick_app import cache, state, workspace
from smartpick_core.programs.table import COUNTY_TO_REGION, SPECIALTIES, STATUSES, ProgramType
from smartpick_core.facts import FACT_FIELDS, SOURCE_TYPES, FactError, allowed_text, diff_fact_import
from smartpick_core.store import NotFound, StoreError
from smartpick_core.text import plain_markdown
from smartpick_core.views.coverage import FACT_LABELS, data_coverage, specialty_grid
from smartpick_core.views.tables import filter_programs
from smartpick_core.facts.files import facts_csv_text, facts_json_text, read_fact_file
from smartpick_core.views.workspace_tables import (
    browse_table, current_value, history_table, import_tables, new_program_row,
)

ERRORS = "data.record_errors"     # {input key: message} of the last Record press (shown beside each input)
MOVED = "data.moved"              # (field, known before, program name) after a fact is recorded
DIFF = "data.import_diff"         # (file name, ImportDiff) under review
HEADLINE = ("sponsors_j1", "sponsors_h1b", "img_share", "step2_min", "yog_max_years")
INPUT_OF = {"program_id": "record.program", "field": "record.field", "source_type": "record.source_type",
            "source_note": "record.source_note", "checked_on": "record.checked_on", "recorded_by": "record.by"}

dash = state.dashboard()
programs = dash.programs
names = dict(zip(programs["program_id"], programs["name"] + " (" + programs["specialty"] + ")"))
known_ids = set(programs["program_id"])

st.title("Data: what is known, and what you know")
st.caption(plain_markdown(workspace.workspace_env_summary()) + " Recorded facts overlay the bundled files "
           "(never modified) and every page uses them at once; a recorded value wins over an estimate.")
workspace.show_note()
store, problem = cache.workspace_store()
if problem:
    st.error(plain_markdown(f"Recorded facts cannot be read, so this page and the app show the bundled data only: "
                            f"{problem}"), icon=":material/database:")
facts = cache.current_facts()


@st.cache_data(show_spinner=False, max_entries=8, ttl=cache.CACHE_TTL_S)
def _coverage(paths, facts_key: str, _programs, _facts):
    """Keyed like the overlaid table itself: the program files and the current facts."""
    return data_coverage(_programs, _facts)


coverage = _coverage(dash.paths, dash.facts, programs, facts)


def _beside(key: str) -> None:
    message = st.session_state.get(ERRORS, {}).get(key)
    if message:
        st.error(plain_markdown(message), icon=":material/error:")


def _record() -> None:
    """Record button: validate and save; on a bad value the message goes beside its input and nothing typed is lost."""
    state = st.session_state
    field = state["record.field"]
    before = int(coverage.by_field.set_index("field")["known"].get(field, 0)) if field in FACT_LABELS else None
    target, error = cache.workspace_store(create=True)
    if error:
        state[ERRORS] = {"record.value": f"Not saved: {error}"}
        return
    try:
        target.record_fact(state["record.program"], field, state.get("record.value", ""),
                           source_type=state["record.source_type"], source_note=state.get("record.source_note", ""),
                           checked_on=state["record.checked_on"], recorded_by=state.get("record.by", ""),
                           known_ids=known_ids)
    except FactError as exc:
        key = "record.value" if exc.field in FACT_FIELDS or exc.field == "value" else INPUT_OF.get(exc.field,
                                                                                                 "record.value")
        state[ERRORS] = {key: exc.message}
        return
    except StoreError as exc:
        state[ERRORS] = {"record.value": f"Not saved: {exc}"}
        return
    state[ERRORS] = {}
    state[MOVED] = (field, before, names.get(state["record.program"], state["record.program"]))
    value = state.get("record.value", "")
    state["record.value"] = ""
    cache.after_write(f"Recorded {FACT_FIELDS[field]} = {value} for "
                              f"{names.get(state['record.program'], state['record.program'])}.")


# --- the headline numbers -----------------------------------------------------------------------------------------
by_field = coverage.by_field.set_index("field")
moved = st.session_state.pop(MOVED, None)
st.markdown("**Programs with each fact known** (from a source or an advisor; the rest are estimated or unknown)")
cols = st.columns(3)      # three a row: "84 of 191" and its label stay whole at 1280 px, presentation mode too
for i, field in enumerate(HEADLINE):
    col = cols[i % 3]
    row = by_field.loc[field]
    delta = None
    if moved and moved[0] == field and moved[1] is not None and int(row["known"]) != moved[1]:
        delta = f"{int(row['known']) - moved[1]:+d} known"
    col.metric(str(row["fact"]), f"{int(row['known'])} of {int(row['total'])}",
               delta=delta, help=f"{row['known_share']:.0%} known; {int(row['estimated'])} estimated from programs "
                                 f"like it; {int(row['unknown'])} unknown; {int(row['recorded'])} recorded by advisors.")
st.caption(f"{coverage.programs} programs; {len(facts)} facts recorded by advisors; "
           f"{len(coverage.to_verify)} programs on the to-verify list.")

# --- record what you learned --------------------------------------------------------------------------------------
st.subheader("Record what you learned")
urgent = list(dict.fromkeys(coverage.to_verify["program_id"]))
order = urgent + sorted(known_ids - set(urgent), key=lambda pid: names[pid])
if st.session_state.get("record.program") not in known_ids:
    st.session_state["record.program"] = order[0]
st.session_state.setdefault("record.checked_on", _dt.date.today())
st.session_state.setdefault("record.by", workspace.advisor_name() or "")
left, right = st.columns(2)
with left:
    st.selectbox("Program", order, format_func=names.get, key="record.program",
                 help="Programs on the to-verify list come first, most urgent at the top.")
    _beside("record.program")
    st.selectbox("Fact", list(FACT_FIELDS), format_func=FACT_FIELDS.get, key="record.field")
    _beside("record.field")
    field = st.session_state["record.field"]
    st.caption(plain_markdown(f"Now: {current_value(programs, st.session_state['record.program'], field)}"))
    st.text_input("Value", key="record.value", max_chars=200, help="Allowed: " + allowed_text(field),
                  placeholder=allowed_text(field))
    _beside("record.value")
with right:
    st.selectbox("Source", SOURCE_TYPES, key="record.source_type")
    _beside("record.source_type")
    st.text_input("Source URL or note", key="record.source_note", max_chars=4000,
                  placeholder="e.g. https://… or 'email from the program coordinator'")
    _beside("record.source_note")
    st.date_input("Date checked", key="record.checked_on", max_value=_dt.date.today(),
                  min_value=_dt.date(1990, 1, 1))
    _beside("record.checked_on")
    st.text_input("Recorded by", key="record.by", max_chars=200)
    _beside("record.by")
st.button("Record this fact", type="primary", on_click=_record, key="record.submit")

with st.expander("Add a program that is missing from the data"):
    with st.form("new_program"):
        a, b = st.columns(2)
        new_id = a.text_input("Program id (lower-case, hyphens)", placeholder="im-example-hospital", max_chars=120)
        new_name = a.text_input("Program name", max_chars=200)
        institution = a.text_input("Institution / hospital", max_chars=200)
        specialty = a.selectbox("Specialty", SPECIALTIES)
        city = b.text_input("City", max_chars=80)
        county = b.selectbox("County", list(COUNTY_TO_REGION))
        kind = b.selectbox("Program type", [t.value for t in ProgramType],
                           format_func=lambda v: ProgramType(v).label)
        status = b.selectbox("Status", STATUSES)
        url = st.text_input("Program web page (URL)", max_chars=2000, placeholder="https://…")
        source_type = st.selectbox("How you know it exists", SOURCE_TYPES)
        note = st.text_input("Source note", max_chars=4000)
        by = st.text_input("Recorded by ", value=workspace.advisor_name() or "", max_chars=200)
        add = st.form_submit_button("Add program")
    if add:
        place = cache.resolve_city_cached(f"{city}, CA") if city.strip() else None
        row = new_program_row(program_id=new_id, name=new_name, institution=institution, specialty=specialty,
                              city=city, county=county, program_type=kind, status=status, source_url=url,
                              checked=_dt.date.today().strftime("%Y-%m"), lat=place.lat if place else None,
                              lon=place.lon if place else None, place_note="GeoNames city centroid" if place else "")
        target, error = cache.workspace_store(create=True)
        try:
            if error:
                raise StoreError(error)
            target.add_program(row, source_type=source_type, source_note=note or url, checked_on=_dt.date.today(),
                               recorded_by=by, known_ids=known_ids)
        except FactError as exc:
            where = exc.field.replace("_", " ")
            extra = " (the city was not found, so the program has no map point)" if where in ("lat", "lon") else ""
            st.error(plain_markdown(f"Not added — {where}: {exc.message}{extra}"))
        except StoreError as exc:
            st.error(plain_markdown(f"Not added: {exc}"))
        else:
            cache.after_write(f"Added {new_name} ({new_id}); record its facts above.")
            st.rerun()

# --- what is known ----------------------------------------------------------------------------------------------------
tabs = st.tabs(["To verify", "Coverage", "Oldest facts", "History", "Import / export", "Browse"])
with tabs[0]:
    st.caption("Work down this list: pick the program above (the most urgent is preselected), record what you "
               "learned, and the numbers at the top move.")
    st.dataframe(coverage.to_verify.drop(columns=["program_id"]), hide_index=True, width="stretch", height=360)
with tabs[1]:
    st.caption("Known = a source or an advisor states it; estimated = unknown, the model uses a labelled base rate; "
               "unknown = nothing stands in (the screen is not applied). The same numbers as data/README.md.")
    table = coverage.by_field.drop(columns=["field"]).rename(columns=str.capitalize)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Known_share": st.column_config.NumberColumn("Share known", format="percent")})
    st.write("Per specialty, known / estimated / unknown:")
    st.dataframe(specialty_grid(coverage), hide_index=True, width="stretch")
with tabs[2]:
    st.caption("The facts checked longest ago, bundled rows and advisor records together.")
    st.dataframe(coverage.oldest, hide_index=True, width="stretch")
with tabs[3]:
    if store is None:
        st.info("Nothing recorded yet.")
    else:
        try:
            history = history_table(store.fact_history(), facts, names)
        except StoreError as exc:
            st.error(plain_markdown(str(exc)))
            history = history_table([], [])
        st.dataframe(history, hide_index=True, width="stretch")
        live = history[history["State"] == "current"]
        if len(live):
            labels = {int(r["id"]): f"{r['Program']} · {r['Fact']} = {r['Value']} ({r['Recorded by']}, "
                                    f"{r['Recorded']})" for _, r in live.iterrows()}
            pick = st.selectbox("Retract a record (the earlier or bundled value comes back; the record stays in "
                                "the history)", list(labels), format_func=labels.get, index=None,
                                placeholder="Choose a record", key="retract.pick")
            who = st.text_input("Retracted by", value=workspace.advisor_name() or "", key="retract.by",
                                max_chars=200)
            if st.button("Retract", disabled=pick is None, key="retract.go"):
                try:
                    store.retract_fact(pick, by=who)
                except (FactError, NotFound, StoreError) as exc:
                    st.error(plain_markdown(f"Not retracted: {exc}"))
                else:
                    cache.after_write(f"Retracted: {labels[pick]}.")
                    st.rerun()
with tabs[4]:
    try:
        rows = store.export_fact_rows() if store is not None else []
    except StoreError as exc:                   # the page stays; the export says why it is empty
        st.error(plain_markdown(f"The recorded facts could not be read for export: {exc}"))
        rows = []
    c1, c2 = st.columns(2)
    # Written when clicked (a callable), not on every rerun of the page.
    c1.download_button("Export recorded facts (CSV)", lambda: facts_csv_text(rows).encode("utf-8"),
                       file_name="smartpick_facts.csv", mime="text/csv", disabled=not rows, on_click="ignore")
    c2.download_button("Export recorded facts (JSON)", lambda: facts_json_text(rows).encode("utf-8"),
                       file_name="smartpick_facts.json", mime="application/json", disabled=not rows,
                       on_click="ignore")
    upload = st.file_uploader("Import facts (CSV or JSON, as exported) — you review the changes before anything is "
                              "saved", type=["csv", "json"], key="import.file")
    if upload is not None:
        fmt = "json" if upload.name.lower().endswith(".json") else "csv"
        try:
            diff = diff_fact_import(read_fact_file(upload.getvalue(), fmt), facts, known_ids=known_ids)
        except FactError as exc:
            st.error(plain_markdown(f"The file cannot be imported: {exc.message}"))
        else:
            st.session_state[DIFF] = (upload.name, diff)
    review = st.session_state.get(DIFF)
    if upload is not None and review is not None:
        name, diff = review
        st.write(plain_markdown(f"{name}: {diff.summary()}."))
        for title, frame in import_tables(diff).items():
            if len(frame):
                st.write(f"**{title.capitalize()}** ({len(frame)})")
                st.dataframe(frame, hide_index=True, width="stretch")
        who = st.text_input("Imported by", value=workspace.advisor_name() or "", key="import.by", max_chars=200)
        if st.button(f"Apply {len(diff.to_apply)} new and changed facts", disabled=not diff.to_apply,
                     type="primary", key="import.apply"):
            target, error = cache.workspace_store(create=True)
            try:
                if error:
                    raise StoreError(error)
                count = target.apply_import(diff, who)
            except (FactError, StoreError) as exc:
                st.error(plain_markdown(f"Not imported: {exc}"))
            else:
                st.session_state.pop(DIFF, None)
                cache.after_write(f"Imported {count} facts from {name}.")
                st.rerun()
with tabs[5]:
    f1, f2 = st.columns([1, 2])
    scope = f1.selectbox("Specialty", ["All", *sorted(programs["specialty"].unique())], key="browse.specialty")
    search = f2.text_input("Search program", key="browse.search", max_chars=80)
    shown = filter_programs(browse_table(programs), {"Specialty": [] if scope == "All" else [scope]},
                            search=search, search_columns=("Program",))
    st.caption(f"{len(shown)} programs: bundled values with advisor records applied; 'Recorded by advisors' gives "
               "each recorded value's provenance.")
    st.dataframe(shown.drop(columns=["program_id"]), hide_index=True, width="stretch", height=420,
                 column_config={"Bundled source": st.column_config.LinkColumn("Bundled source")})
