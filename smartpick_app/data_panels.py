"""Whole sections of the Data page (the new-program form, the Import / export tab, the national list), drawn here
so the page stays short enough to read in one sitting. Widgets and store calls only: every value shown is built in
smartpick_core."""

from __future__ import annotations

import datetime as _dt
from typing import Collection

import streamlit as st

from smartpick_app import cache, state, workspace
from smartpick_core.facts import SOURCE_TYPES, FactError, diff_fact_import
from smartpick_core.facts.files import facts_csv_text, facts_json_text, read_fact_file
from smartpick_core.facts.national_import import (
    MAX_NATIONAL_CLI_BYTES, MAX_NATIONAL_PAGE_BYTES, NATIONAL_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_FILE,
    national_list_preview, national_list_summary, read_national_programs,
)
from smartpick_core.programs.table import COUNTY_TO_REGION, SPECIALTIES, STATUSES, ProgramDataError, ProgramType
from smartpick_core.store import StoreError
from smartpick_core.store.restore import restore_preview
from smartpick_core.text import loads_strict, plain_markdown
from smartpick_core.views.workspace_tables import add_program_error, fact_file_format, import_tables, new_program_row

DIFF = "data.import_diff"         # (file name, ImportDiff) under review


def add_program_form(known_ids: Collection[str]) -> None:
    """The form for a program missing from the data; on success the page reruns with it in every pick list."""
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
        told_by = st.text_input("Told by (optional)", max_chars=200, help="Who at the program said it.")
        st.caption(plain_markdown(f"Recorded as: {workspace.acting_account()}"))
        add = st.form_submit_button("Add program")
    if not add:
        return
    place = cache.resolve_city_cached(f"{city}, CA") if city.strip() else None
    row = new_program_row(program_id=new_id, name=new_name, institution=institution, specialty=specialty,
                          city=city, county=county, program_type=kind, status=status, source_url=url,
                          checked=_dt.date.today().strftime("%Y-%m"), lat=place.lat if place else None,
                          lon=place.lon if place else None, place_note="GeoNames city centroid" if place else "")
    target, error = cache.workspace_store(create=True)
    try:
        if target is None:
            raise StoreError(error)
        target.add_program(row, source_type=source_type, source_note=note or url, checked_on=_dt.date.today(),
                           by=workspace.acting_account(), told_by=told_by, known_ids=known_ids)
    except FactError as exc:
        st.error(plain_markdown(add_program_error(exc.field, exc.message)))
    except StoreError as exc:
        st.error(plain_markdown(f"Not added: {exc}"))
    else:
        cache.after_write(f"Added {new_name} ({new_id}); record its facts above.")
        st.rerun()


def import_export_tab(store, facts, known_ids: Collection[str]) -> None:
    """Export the recorded facts; import a file only after its diff is reviewed and Apply is pressed."""
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
        try:
            diff = diff_fact_import(read_fact_file(upload.getvalue(), fact_file_format(upload.name)), facts,
                                    known_ids=known_ids)
        except FactError as exc:
            st.error(plain_markdown(f"The file cannot be imported: {exc.message}"))
        else:
            st.session_state[DIFF] = (upload.name, diff)
    review = st.session_state.get(DIFF)
    if upload is None or review is None:
        return
    name, diff = review
    st.write(plain_markdown(f"{name}: {diff.summary()}."))
    for title, frame in import_tables(diff).items():
        if len(frame):
            st.write(f"**{title.capitalize()}** ({len(frame)})")
            st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(plain_markdown(f"Imported as: {workspace.acting_account()}"))
    if st.button(f"Apply {len(diff.to_apply)} new and changed facts", disabled=not diff.to_apply,
                 type="primary", key="import.apply"):
        target, error = cache.workspace_store(create=True)
        try:
            if target is None:
                raise StoreError(error)
            count = target.apply_import(diff, workspace.acting_account())
        except (FactError, StoreError) as exc:
            st.error(plain_markdown(f"Not imported: {exc}"))
        else:
            st.session_state.pop(DIFF, None)
            cache.after_write(f"Imported {count} facts from {name}.")
            st.rerun()


MAX_BACKUP_MB = 50     # the page's own upload limit for a backup to preview (the command line reads larger files)


def restore_preview_panel() -> None:
    """The command line's restore preview, on the page: what a backup would add, remove and change, in words.
    Applying stays on the command line (`restore FILE --apply`, with its safety backup): a restore replaces every
    advisor's students, so it is not a button any one advisor can press on a shared screen."""
    upload = st.file_uploader(f"Preview a backup (JSON, up to {MAX_BACKUP_MB} MB): what restoring it would change — "
                              "nothing is changed here", type=["json"], key="restore.file")
    if upload is None:
        return
    store, error = cache.workspace_store(create=True)
    if store is None:
        st.error(plain_markdown(f"The workspace cannot be read: {error}"))
        return
    if upload.size > MAX_BACKUP_MB * 1024 * 1024:
        st.error(f"The file is over {MAX_BACKUP_MB} MB: preview it with `python -m smartpick_core restore FILE`.")
        return
    try:
        data = loads_strict(upload.getvalue().decode("utf-8"), what="the backup")
        preview = restore_preview(store, data)
    except (StoreError, ValueError) as exc:       # UnicodeDecodeError and DuplicateKeyError are ValueErrors
        st.error(plain_markdown(f"This backup cannot be restored: {exc}"))
        return
    st.write(plain_markdown(f"After a restore the workspace would hold: {preview.summary()}."))
    st.code("\n".join(preview.lines()) or "No change.", language=None)
    st.caption("To restore it, run `python -m smartpick_core restore FILE --apply` on the server: it writes a safety "
               "backup of today's workspace first, and keeps the advisor accounts unless --include-accounts is given.")


def audit_tab(programs) -> None:
    """The data audit (the same table as `make data-audit`): facts known by level and age, the checks, and the
    programs possibly missing from the data."""
    from smartpick_core.programs.audit import audit_summary, data_audit, possibly_missing_table

    audit = data_audit(programs)
    st.caption("Each known fact by who states it (the program's own page, an institution-wide policy, another "
               "program of the same sponsor, a third party, an advisor) and by the year of its source text. "
               "A statement from before 2020 reads '— verify' everywhere it is shown.")
    st.dataframe(audit.facts, hide_index=True, width="stretch")
    st.markdown("\n".join(f"- {line}" for line in audit_summary(audit)))
    for title, frame in (("Kinds kept apart from their sponsor's, with the reason", audit.kind_exceptions),
                         ("Rows resting only on the 2018-19 list", audit.old_list_rows)):
        if len(frame):
            st.caption(title)
            st.dataframe(frame, hide_index=True, width="stretch")
    st.caption("Possibly missing — verify: named in the data review, searched for by name, no source found.")
    st.dataframe(possibly_missing_table(), hide_index=True, width="stretch")


NATIONAL_SEEN = "data.national_seen"      # the upload last read (file id), so Remove is not undone by the next rerun
NATIONAL_ERROR = "data.national_error"    # the last upload's refusal, in words


def _remove_national_list() -> None:
    st.session_state.pop(state.NATIONAL_PROGRAMS_KEY, None)
    st.session_state.pop(NATIONAL_ERROR, None)


def national_programs_panel() -> None:
    """Programs elsewhere (national list): the advisor's own list, checked like the bundled table; the accepted
    rows wait in the session (state.NATIONAL_PROGRAMS_KEY) for the plan to name them."""
    limit_mb = MAX_NATIONAL_PAGE_BYTES / (1024 * 1024)
    st.caption(plain_markdown(
        f"Upload your own list of programs outside Southern California (CSV, up to {limit_mb:g} MB; the command "
        f"line's --national-programs reads up to {MAX_NATIONAL_CLI_BYTES // (1024 * 1024)} MB). Columns: "
        f"{', '.join(REQUIRED_COLUMNS)} (required), then "
        f"{', '.join(c for c in NATIONAL_COLUMNS if c not in REQUIRED_COLUMNS)} (optional, empty = unknown). "
        "The plan names these programs; without a list it uses the built-in pool of programs like them."))
    st.download_button("Download the template (CSV)", TEMPLATE_FILE.read_bytes, file_name=TEMPLATE_FILE.name,
                       mime="text/csv", on_click="ignore", key="national.template")
    upload = st.file_uploader(f"Programs elsewhere: your national list (CSV, up to {limit_mb:g} MB)", type=["csv"],
                              key="national.file")
    if upload is not None and st.session_state.get(NATIONAL_SEEN) != upload.file_id:
        st.session_state[NATIONAL_SEEN] = upload.file_id
        try:
            if upload.size > MAX_NATIONAL_PAGE_BYTES:
                raise ProgramDataError(f"{upload.name}: the national program list is larger than {limit_mb:g} MB; "
                                       "refused (split it, or use the command line's --national-programs)")
            frame = read_national_programs(upload.getvalue(), shown=upload.name, max_bytes=MAX_NATIONAL_PAGE_BYTES)
        except ProgramDataError as exc:
            st.session_state[NATIONAL_ERROR] = str(exc)
        else:
            st.session_state[state.NATIONAL_PROGRAMS_KEY] = frame
            st.session_state.pop(NATIONAL_ERROR, None)
    error = st.session_state.get(NATIONAL_ERROR)
    if error:
        st.error(plain_markdown(f"Not accepted: {error}"), icon=":material/error:")
    accepted = st.session_state.get(state.NATIONAL_PROGRAMS_KEY)
    if accepted is None:
        st.info("No national list: the plan uses the built-in pool of programs elsewhere.")
        return
    st.success(plain_markdown(f"Accepted: {national_list_summary(accepted)} The plan names these programs."))
    st.dataframe(national_list_preview(accepted), hide_index=True, width="stretch", height=240)
    st.button("Remove this list", on_click=_remove_national_list, key="national.remove",
              help="Go back to the built-in pool of programs elsewhere.")
