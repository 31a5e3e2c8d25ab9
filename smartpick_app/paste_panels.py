"""The Data page's "Paste a roster" and "Paste an eligibility page" panels, and the workspace's school aliases.

Widgets and store calls only; what a paste proposes, how a value differs from the one known now and the count
table are built in smartpick_core.facts.from_text. Pasted text is data, never markup: it reaches the screen only
through st.text, st.dataframe or plain_markdown, never unsafe_allow_html. Nothing is recorded until the advisor
presses Record, and a value that contradicts the one known now is recorded only after its own confirm box.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from smartpick_app import cache, workspace
from smartpick_core.facts import FactError, FactRecord
from smartpick_core.facts.from_text import (
    IMG_SHARE_USED, PLACED_BY_RULE_NOTE, ROSTER_TABLE_COLUMNS, FromText, Item, difference, eligibility_proposals,
    fact_label, other_institutions_for, roster_proposals, roster_table, share_caption, source_note, wrong_page_warning,
)
from smartpick_core.facts.paste import MAX_PASTE_CHARS, PasteError
from smartpick_core.facts.roster import ALIAS_CLASSES, CATEGORIES
from smartpick_core.store import NotFound, StoreError
from smartpick_core.text import plain_markdown, plural

COUNT_TABLE_COLUMNS = dict(zip(ROSTER_TABLE_COLUMNS, (     # every column on screen at 1280 px
    st.column_config.TextColumn(width=170), st.column_config.NumberColumn(width=60),
    st.column_config.TextColumn(width=380), st.column_config.TextColumn(width=230))))
MAX_CLASSIFY_ROWS = 20          # unrecognised names offered for one-click classification at a time
ALIAS_ERROR = "paste.alias_error"
SOURCE_TYPE = {"roster": "resident roster count", "page": "program website"}


def _digest(*parts: str) -> str:
    """Widget keys follow the paste: a new paste or program starts its review afresh."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:10]


@st.cache_data(show_spinner=False, max_entries=16, ttl=cache.CACHE_TTL_S)
def _read_page(text: str) -> FromText:
    """Cached by the pasted text: a 100,000-character page takes about 2 s to read, and every click reruns."""
    return eligibility_proposals(text)


@st.cache_data(show_spinner=False, max_entries=16, ttl=cache.CACHE_TTL_S)
def _read_roster(text: str, aliases: tuple[tuple[str, str], ...]) -> FromText:
    """Cached by the text and the workspace's aliases (a new classification is a new key, and clears the cache)."""
    return roster_proposals(text, dict(aliases))


def _read_or_report(read: Callable[..., FromText], *args) -> FromText | None:
    """The paste read, or None after the reason it cannot be read (too long, not text) is shown."""
    try:
        return read(*args)
    except PasteError as exc:
        st.error(plain_markdown(str(exc)))
        return None


def _aliases(store) -> dict[str, str]:
    if store is None:
        return {}
    from smartpick_core.store.aliases import current_aliases
    try:
        return current_aliases(store)
    except StoreError as exc:
        st.error(plain_markdown(f"The workspace's school classifications cannot be read: {exc}"))
        return {}


def _inputs(kind: str, order: Sequence[str], names: Mapping[str, str]) -> tuple[str, str, str]:
    """(program id, source URL, pasted text) of one panel."""
    words = "roster (current residents) page" if kind == "roster" else "eligibility or FAQ page"
    program = st.selectbox("Program", order, format_func=names.__getitem__, key=f"paste.{kind}.program")
    url = st.text_input("Address of the page you copied (recorded with each fact)", key=f"paste.{kind}.url",
                        max_chars=2000, placeholder="https://…")
    text = st.text_area(f"Paste the {words}'s text (up to {MAX_PASTE_CHARS:,} characters; read as plain text, "
                        "never as a web page)", key=f"paste.{kind}.text", height=180)
    return program, url, text


def _other_institution_warning(text: str, program: str, programs: pd.DataFrame, roster=None) -> None:
    warning = wrong_page_warning(other_institutions_for(text, program, programs, roster))
    if warning:
        st.warning(plain_markdown(warning), icon=":material/warning:")


def _review(kind: str, key: str, program: str, items: Sequence[Item], recorded: Mapping[tuple[str, str], FactRecord],
            programs: pd.DataFrame) -> list[tuple[Item, str]]:
    """Accept / edit / drop each proposal; returns the (item, value) pairs to record now (a contradiction only
    when its confirm box is ticked)."""
    row = programs.loc[programs["program_id"] == program]
    chosen: list[tuple[Item, str]] = []
    for item in items:
        box = st.container(border=True)
        box.markdown(plain_markdown(f"{item.label}: {item.value}"))
        box.caption(plain_markdown(f"Quoted: “{item.sentence}” — rule {item.rule}"))
        if item.field is None or item.record_value is None:
            box.caption(plain_markdown(f"Not recordable: {item.why_not}."))
            continue
        left, right = box.columns([1, 2])
        keep = left.radio(f"{item.label}: accept or drop", ["Accept", "Drop"], horizontal=True,
                          key=f"paste.{kind}.{key}.{item.fact}.keep")
        value = right.text_input(f"{item.label}: value to record (edit if the page says otherwise)",
                                 value=item.record_value, max_chars=200, key=f"paste.{kind}.{key}.{item.fact}.value")
        bundled = row[item.field].iloc[0] if len(row) and item.field in row else None
        bundled_source = str(row["source_url"].iloc[0]) if len(row) and "source_url" in row else "bundled data"
        change = difference(item.field, value, item.sentence, recorded.get((program, item.field)),
                            None if pd.isna(bundled) else bundled, bundled_source)
        confirmed = True
        if change is not None:
            box.warning(plain_markdown(" | ".join(change.lines())), icon=":material/compare_arrows:")
            confirmed = box.checkbox("Replace the value known now with this one", value=False,
                                     key=f"paste.{kind}.{key}.{item.fact}.confirm")
        if keep == "Accept" and confirmed and value.strip():
            chosen.append((item, value.strip()))
    return chosen


def _record(kind: str, program: str, url: str, chosen: list[tuple[Item, str]], known_ids) -> None:
    """Record button: every accepted value with its provenance (URL, quote, rule, counts), then a rerun."""
    if not url.strip():
        st.error("Give the address of the page you copied: it is recorded with each fact.")
        return
    target, error = cache.workspace_store(create=True)
    done, problems = [], []
    for item, value in chosen:
        try:
            if target is None:
                raise StoreError(error)
            target.record_fact(program, item.field or "", value, source_type=SOURCE_TYPE[kind],
                               source_note=source_note(url, item), checked_on=_dt.date.today(),
                               by=workspace.acting_account(), known_ids=known_ids)
        except FactError as exc:
            problems.append(f"{item.label}: {exc.message}")
        except StoreError as exc:
            problems.append(f"{item.label}: not saved ({exc})")
        else:
            done.append(f"{item.label} = {value}")
    if problems:
        st.error(plain_markdown("Not recorded — " + "; ".join(problems)))
    if done:
        cache.after_write(f"Recorded from the pasted page: {', '.join(done)}.")
        if not problems:
            st.rerun()


def _classify(label: str, classification: str) -> None:
    """One-click classification of an unrecognised school name (a workspace alias, in the history)."""
    from smartpick_core.store.aliases import record_alias
    target, error = cache.workspace_store(create=True)
    try:
        if target is None:
            raise StoreError(error)
        record_alias(target, label, classification, by=workspace.acting_account())
    except (FactError, StoreError) as exc:
        st.session_state[ALIAS_ERROR] = f"Not classified: {exc}"
    else:
        st.session_state.pop(ALIAS_ERROR, None)
        cache.after_write(f"Classified “{label}” as {ALIAS_CLASSES[classification]} for this workspace.")


def _classification_row(name: str, key: str, classes: Mapping[str, str], shown: str | None = None) -> None:
    """One school name (or `shown`, naming it) and a button per class; the buttons wrap rather than cut a label
    (presentation mode's larger type at 1280 px)."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.text(shown or name, width="content")
    for code, label in classes.items():
        row.button(label, key=f"{key}.{code}", on_click=_classify, args=(name, code), width="content")


def _classify_unrecognised(result: FromText, key: str) -> None:
    names = result.roster.unrecognised() if result.roster else []
    error = st.session_state.get(ALIAS_ERROR)
    if error:
        st.error(plain_markdown(error))
    if not names:
        return
    st.markdown(f"**Not recognised ({len(names)})** — one click classifies a name for the whole workspace "
                "(shown in the history below, retractable); until then it stays out of the share.")
    for i, name in enumerate(names[:MAX_CLASSIFY_ROWS]):
        _classification_row(name, f"alias.{key}.{i}", ALIAS_CLASSES)
    if len(names) > MAX_CLASSIFY_ROWS:
        st.caption(f"{len(names) - MAX_CLASSIFY_ROWS} more: classify these first, then the rest appear.")


def _check_placed_by_rule(result: FromText, key: str) -> None:
    """The schools a rule placed, not a list: counted, and one click away from another class."""
    placed = result.roster.placed_by_rule() if result.roster else {}
    if not placed:
        return
    with st.expander(f"Placed by a rule, not a list ({len(placed)}): check these", expanded=False):
        st.caption(PLACED_BY_RULE_NOTE)
        for i, (name, category) in enumerate(list(placed.items())[:MAX_CLASSIFY_ROWS]):
            _classification_row(name, f"alias.placed.{key}.{i}",
                                {code: label for code, label in ALIAS_CLASSES.items() if code != category},
                                shown=f"{name} — counted as {CATEGORIES[category]}")
        if len(placed) > MAX_CLASSIFY_ROWS:
            st.caption(f"{len(placed) - MAX_CLASSIFY_ROWS} more: check these first, then the rest appear.")


def roster_panel(store, programs: pd.DataFrame, facts: Sequence[FactRecord], order: Sequence[str],
                 names: Mapping[str, str], known_ids) -> None:
    """Paste a roster: the count table with the schools that decided each count, one-click classification of
    the names not recognised, the IMG share to accept / edit / drop, and Record."""
    program, url, text = _inputs("roster", order, names)
    st.caption(IMG_SHARE_USED)
    if not text.strip():
        return
    result = _read_or_report(_read_roster, text, tuple(sorted(_aliases(store).items())))
    if result is None:
        return
    _other_institution_warning(text, program, programs, result.roster)
    for warning in result.warnings:
        st.info(plain_markdown(warning))
    if result.roster is not None:
        st.dataframe(pd.DataFrame(roster_table(result.roster)), hide_index=True, width="stretch",
                     column_config=COUNT_TABLE_COLUMNS)
        caption = share_caption(result.roster)
        if caption:
            st.caption(plain_markdown(caption))
    key = _digest(program, text)
    _classify_unrecognised(result, key)
    _check_placed_by_rule(result, key)
    chosen = _review("roster", key, program, result.items, {(f.program_id, f.field): f for f in facts}, programs)
    _record_button("roster", program, url, chosen, known_ids)


def _record_button(kind: str, program: str, url: str, chosen: list[tuple[Item, str]], known_ids) -> None:
    """Who and what source the records will name, and the one click that records the accepted facts."""
    st.caption(plain_markdown(f"Recorded as: {workspace.acting_account()}, source: {SOURCE_TYPE[kind]}, "
                              f"checked {_dt.date.today():%Y-%m-%d}"))
    if st.button(f"Record {plural(len(chosen), 'accepted fact')}", disabled=not chosen, type="primary",
                 key=f"paste.{kind}.record"):
        _record(kind, program, url, chosen, known_ids)


def eligibility_panel(programs: pd.DataFrame, facts: Sequence[FactRecord], order: Sequence[str],
                      names: Mapping[str, str], known_ids) -> None:
    """Paste an eligibility page: each proposed fact with its quoted sentence and rule, accept / edit / drop,
    the difference from a value known now (confirm to replace it), and Record."""
    program, url, text = _inputs("page", order, names)
    if not text.strip():
        return
    result = _read_or_report(_read_page, text)
    if result is None:
        return
    _other_institution_warning(text, program, programs)
    for warning in result.warnings:
        st.warning(plain_markdown(warning))
    if not result.items:
        st.info("No fact is stated clearly enough to propose: read the page and record by hand.")
    recorded = {(f.program_id, f.field): f for f in facts}
    chosen = _review("page", _digest(program, text), program, result.items, recorded, programs)
    if result.not_stated:
        st.caption(plain_markdown("Not stated clearly (nothing proposed): "
                                  + ", ".join(fact_label(f) for f in result.not_stated)))
    _record_button("page", program, url, chosen, known_ids)


def alias_history_panel(store) -> None:
    """The workspace's school classifications, who made each and when, and a retract button."""
    if store is None:
        st.info("No school has been classified in this workspace yet.")
        return
    from smartpick_core.store.aliases import alias_history, retract_alias
    try:
        history = alias_history(store)
    except StoreError as exc:
        st.error(plain_markdown(str(exc)))
        return
    if not history:
        st.info("No school has been classified in this workspace yet.")
        return
    st.dataframe(pd.DataFrame([{
        "School name": r.label, "Classified as": r.class_label, "By": r.recorded_by,
        "When (UTC)": f"{r.recorded_at:%Y-%m-%d %H:%M}",
        "Retracted": f"{r.retracted_at:%Y-%m-%d %H:%M} by {r.retracted_by}" if r.retracted_at else "",
    } for r in history]), hide_index=True, width="stretch")
    live = {r.id: f"{r.label} → {r.class_label} ({r.recorded_by}, {r.recorded_at:%Y-%m-%d})"
            for r in history if r.retracted_at is None}
    if not live:
        return
    pick = st.selectbox("Retract a classification (it stays in the history; an earlier one for the name comes "
                        "back)", list(live), format_func=live.__getitem__, index=None,
                        placeholder="Choose a classification", key="alias.retract.pick")
    if st.button("Retract classification", disabled=pick is None, key="alias.retract.go") and pick is not None:
        try:
            retract_alias(store, pick, by=workspace.acting_account())
        except (NotFound, StoreError, FactError) as exc:
            st.error(plain_markdown(f"Not retracted: {exc}"))
        else:
            cache.after_write(f"Retracted the classification {live[pick]}.")
            st.rerun()
