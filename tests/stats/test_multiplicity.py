"""stats.multiplicity against statsmodels multipletests(method="fdr_bh")."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from stats import benjamini_hochberg, bh_adjusted

SETTINGS = settings(max_examples=300, deadline=None, database=None)

# p-values with many exact ties, exact 0s and 1s, and tiny values.
p_values = st.one_of(
    st.sampled_from([0.0, 1.0, 0.05, 0.01, 0.025, 1e-300, 0.5]),
    st.floats(0, 1),
    st.floats(0, 0.1),
)
vectors = st.lists(p_values, min_size=1, max_size=60)
levels = st.one_of(st.sampled_from([0.05, 0.1, 0.01]), st.floats(0.001, 0.5))


def _reference(ps, q):
    reject, adjusted, _, _ = multipletests(np.array(ps, dtype=float), alpha=q, method="fdr_bh")
    return [bool(r) for r in reject], [float(a) for a in adjusted]


@SETTINGS
@given(vectors, levels)
def test_matches_statsmodels(ps, q):
    reject, adjusted = _reference(ps, q)
    assert benjamini_hochberg(ps, q) == reject
    assert bh_adjusted(ps) == pytest.approx(adjusted, rel=1e-12, abs=0)


@SETTINGS
@given(st.lists(st.one_of(st.none(), p_values), min_size=1, max_size=40), levels)
def test_none_entries_are_left_out_of_the_family(ps, q):
    present = [p for p in ps if p is not None]
    flags = benjamini_hochberg(ps, q)
    adjusted = bh_adjusted(ps)
    assert len(flags) == len(adjusted) == len(ps)
    for p, flag, adj in zip(ps, flags, adjusted, strict=True):
        if p is None:
            assert flag is False and adj is None
    if present:
        reject, expected = _reference(present, q)
        assert [f for p, f in zip(ps, flags, strict=True) if p is not None] == reject
        assert [a for a in adjusted if a is not None] == pytest.approx(expected, rel=1e-12, abs=0)


@SETTINGS
@given(vectors, levels)
def test_rejection_is_adjusted_p_at_most_q(ps, q):
    for flag, adj in zip(benjamini_hochberg(ps, q), bh_adjusted(ps), strict=True):
        if not math.isclose(adj, q, rel_tol=1e-12):
            assert flag == (adj <= q)


@pytest.mark.parametrize(
    ("ps", "q", "expected"),
    [
        ([0.04], 0.05, [True]),
        ([0.06], 0.05, [False]),
        ([0.0], 0.05, [True]),
        ([1.0], 0.05, [False]),
        ([0.01, 0.04, 0.03, 0.005], 0.05, [True, True, True, True]),
        ([0.01, 0.02, 0.03, 0.5], 0.05, [True, True, True, False]),
        ([0.03, 0.03, 0.03], 0.05, [True, True, True]),
        ([0.04, 0.04, 0.9], 0.05, [False, False, False]),
        ([], 0.05, []),
        ([None, None], 0.05, [False, False]),
    ],
)
def test_worked_examples(ps, q, expected):
    assert benjamini_hochberg(ps, q) == expected


def test_adjusted_worked_example():
    # m = 4: 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04
    assert bh_adjusted([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert bh_adjusted([None, 0.2, None]) == [None, 0.2, None]
    assert bh_adjusted([]) == []


@pytest.mark.parametrize("bad", [[-0.1], [1.5], [math.nan], ["0.1"]])
def test_rejects_bad_p_values(bad):
    with pytest.raises(ValueError, match="p-value"):
        benjamini_hochberg(bad)
    with pytest.raises(ValueError, match="p-value"):
        bh_adjusted(bad)


@pytest.mark.parametrize("q", [0.0, 1.0, -0.05, math.nan])
def test_rejects_bad_q(q):
    with pytest.raises(ValueError, match="q must"):
        benjamini_hochberg([0.01], q)
