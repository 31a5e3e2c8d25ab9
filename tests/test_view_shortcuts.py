"""The views' faster paths give what the plain pandas forms gave (no timing here): the Step 2 CK chart's table,
the map's draw order and city labels."""

from __future__ import annotations

import numpy as np
import pytest
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core.model.tiers import TIER_ORDER
from smartpick_core.views.figures import _tiers_wide
from smartpick_core.views.maps import _draw_order, city_labels

TIERS = [t.value for t in TIER_ORDER]


def _pivot(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.pivot_table(index="step2_ck", columns="tier", values="programs", aggfunc="sum").reindex(
        columns=TIERS, fill_value=0).fillna(0)


@settings(max_examples=60, deadline=None)
@given(scores=st.lists(st.integers(180, 280), min_size=1, max_size=12, unique=True),
       counts=st.lists(st.integers(0, 60), min_size=12 * len(TIERS), max_size=12 * len(TIERS)),
       drop=st.integers(-1, 40), seed=st.integers(0, 1000))
def test_the_step2_table_is_the_pivot(scores, counts, drop, seed):
    rows = [{"step2_ck": s, "tier": t, "programs": counts[i * len(TIERS) + j]}
            for i, s in enumerate(scores) for j, t in enumerate(TIERS)]
    frame = pd.DataFrame(rows).sample(frac=1, random_state=seed).reset_index(drop=True)
    if 0 <= drop < len(frame):           # an incomplete grid takes the pivot itself
        frame = frame.drop(index=drop)
    pd.testing.assert_frame_equal(_tiers_wide(frame), _pivot(frame), check_names=False)
    assert _tiers_wide(frame).to_numpy().tolist() == _pivot(frame).to_numpy().tolist()


def _programs(data) -> pd.DataFrame:
    n = len(data)
    return pd.DataFrame({
        "program_id": pd.array([f"p{i % 7}-{d[0]}" for i, d in enumerate(data)], dtype="str"),
        "tier": pd.array([TIERS[d[1]] for d in data], dtype="str"),
        "city": pd.array([["Irvine", "Los Angeles", "Riverside", None][d[2]] for d in data], dtype="str"),
        "lat": np.array([33.5 + d[3] / 100 for d in data]), "lon": np.array([-117.9 + d[4] / 100 for d in data]),
    }, index=pd.RangeIndex(n) * 3)


ROWS = st.lists(st.tuples(st.integers(0, 50), st.integers(0, len(TIERS) - 1), st.integers(0, 3),
                          st.integers(0, 90), st.integers(0, 90)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(data=ROWS)
def test_the_draw_order_is_the_sort_by_tier_then_id(data):
    programs = _programs(data)
    rank = programs["tier"].map({t: -i for i, t in enumerate(TIERS)})
    expected = programs.assign(_rank=rank).sort_values(["_rank", "program_id"], kind="stable").drop(columns="_rank")
    pd.testing.assert_frame_equal(_draw_order(programs), expected)


@settings(max_examples=60, deadline=None)
@given(data=ROWS)
def test_city_labels_are_the_grouped_means(data):
    programs = _programs(data)
    labels = city_labels(programs)
    known = programs.dropna(subset=["city"])
    assert list(labels["text"]) == sorted(set(known["city"]))
    for _, row in labels.iterrows():
        mine = known[known["city"] == row["text"]]
        # Rounded to 4 decimals (~10 m): a mean summed in another order may round the other way at a tie.
        assert row["lat"] == pytest.approx(mine["lat"].mean(), abs=1.01e-4)
        assert row["lon"] == pytest.approx(mine["lon"].mean(), abs=1.01e-4)
        assert row["priority"] == int((mine["tier"] == "Realistic").sum()) * 100 + len(mine)
