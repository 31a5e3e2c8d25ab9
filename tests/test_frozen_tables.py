"""Frozen program tables: what a score derives from a read-only table is built once and reused, and
never changes a number; a table that is not frozen is read afresh on every score, so an edit always counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import Profile, Step3, Visa, load_programs, score, tiers_by_step2
from smartpick_core.programs.frozen import column_number, column_text, derived, freeze, is_frozen
from smartpick_core.programs.kinds import selectivity_class
from smartpick_core.strategy.scenarios import compare_scenarios

BUNDLED = load_programs()
IM = BUNDLED[BUNDLED["specialty"] == "Internal Medicine"].reset_index(drop=True)
FROZEN_IM = freeze(IM.copy())


def test_a_frozen_table_builds_each_array_once_and_hands_it_out_read_only():
    calls = []
    first = derived(FROZEN_IM, ("test", 1), lambda: calls.append(1) or np.arange(3.0))
    second = derived(FROZEN_IM, ("test", 1), lambda: calls.append(1) or np.arange(3.0))
    assert first is second and calls == [1]
    with pytest.raises(ValueError):
        first[0] = 9.0                                           # what the next score reads cannot be changed
    assert selectivity_class(FROZEN_IM) is selectivity_class(FROZEN_IM)


def test_a_table_that_is_not_frozen_is_read_afresh_so_an_edit_counts():
    table = IM.copy()
    assert not is_frozen(table)
    profile = Profile(specialty="Internal Medicine", step2_ck=230, visa=Visa.J1, graduation_year=2024)
    before = score(profile, table).programs.set_index("program_id")["eligible"]
    first_id = table.loc[before.to_numpy().argmax(), "program_id"]      # an eligible program
    table.loc[table["program_id"] == first_id, "sponsors_j1"] = "no"     # the advisor learns it sponsors no J-1
    after = score(profile, table).programs.set_index("program_id")["eligible"]
    assert before[first_id] and not after[first_id]
    assert column_text(table, "sponsors_j1")[table["program_id"].eq(first_id).to_numpy()][0] == "no"


def test_the_column_readers_agree_with_pandas():
    assert np.array_equal(column_number(FROZEN_IM, "img_share"),
                          IM["img_share"].astype("Float64").to_numpy(dtype=float, na_value=np.nan), equal_nan=True)
    assert list(column_text(FROZEN_IM, "sponsors_j1")) == list(IM["sponsors_j1"].fillna(""))


profiles = st.builds(
    lambda s2, visa, step3, usce, socal, lors, year, langs: Profile(
        specialty="Internal Medicine", step2_ck=s2, visa=visa, step3=step3, usce_months=usce,
        socal_usce_months=min(usce, socal), us_lors=lors, graduation_year=year, languages=tuple(langs),
        usce_subregions=("Los Angeles",)),
    st.integers(196, 280), st.sampled_from(list(Visa)), st.sampled_from(list(Step3)), st.sampled_from([0.0, 3.0, 12.0]),
    st.sampled_from([0.0, 2.0, 6.0]), st.integers(0, 5), st.integers(2012, 2026),
    st.lists(st.sampled_from(["Spanish", "Tagalog", "Korean"]), unique=True, max_size=2))


@pytest.mark.slow   # over 5 s: `make test`, not `make test-fast`
@settings(max_examples=25)
@given(profiles)
def test_a_frozen_table_scores_exactly_as_a_fresh_copy(profile):
    fresh, frozen = score(profile, IM.copy()), score(profile, FROZEN_IM)
    pd.testing.assert_frame_equal(fresh.programs, frozen.programs)
    assert fresh.outlook == frozen.outlook
    pd.testing.assert_frame_equal(compare_scenarios(fresh, IM.copy(), n_national=40),
                                  compare_scenarios(frozen, FROZEN_IM, n_national=40))
    pd.testing.assert_frame_equal(tiers_by_step2(profile, IM.copy(), cycle_year=fresh.cycle_year),
                                  tiers_by_step2(profile, FROZEN_IM, cycle_year=fresh.cycle_year))
