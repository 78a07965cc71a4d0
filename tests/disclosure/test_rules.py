"""The 10-5 rule, rates and snapshots, as properties over many tables."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure import Grid, control, from_snapshot, round_count, rules, snapshot
from disclosure.suppression import is_small

ROWS = ["Asian", "Black", "Mixed", "White", "Other", "Not stated"]
counts = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 30), st.integers(31, 5000))


@st.composite
def grid(draw, rates=True):
    columns = draw(st.integers(1, 4))
    return Grid(
        slug="t",
        title="T",
        row_title="Ethnic group",
        column_title="C",
        rows=ROWS,
        columns=[f"C{j}" for j in range(columns)],
        counts=[[draw(counts) for _ in range(columns)] for _ in ROWS],
        rates=rates,
    )


def no_audit(controlled, keys):
    return {k: (0, 100) for k in keys}


@pytest.mark.parametrize(
    "n, expected", [(0, 0), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (1002, 1000)]
)
def test_rounding_to_the_nearest_five(n, expected):
    assert round_count(n) == expected


@settings(max_examples=150, deadline=None)
@given(grid())
def test_every_published_count_is_zero_or_a_multiple_of_five_of_at_least_ten(g):
    controlled = control([g], audit=no_audit)
    table = controlled.tables()[0]
    values = controlled.values
    for row in table.rows:
        for cell in row[1:]:
            assert cell == rules.CONFIDENTIAL or cell == 0 or (cell % 5 == 0 and cell >= 10)
    # Every count of 1 to 9 is confidential; no exact count of 1 to 9 is printed.
    for key, n in values.items():
        if is_small(n):
            assert controlled.published(key) == rules.CONFIDENTIAL
        elif key not in controlled.suppressed:
            assert abs(controlled.published(key) - n) <= 2


@settings(max_examples=40, deadline=None)
@given(grid())
def test_no_rate_over_a_confidential_count_or_a_base_under_ten(g):
    controlled = control([g])
    rate_table = controlled.tables()[1]
    pairs = g.rate_pairs()
    cells = [cell for row in rate_table.rows for cell in row[1:]]
    assert len(cells) == len(pairs)
    for (numerator, base), cell in zip(pairs, cells, strict=True):
        n, d = controlled.values[numerator], controlled.values[base]
        if isinstance(cell, str):
            assert cell in rules.SYMBOLS
            continue
        assert d >= rules.MIN_BASE
        assert numerator not in controlled.suppressed and base not in controlled.suppressed
        assert cell == round(100 * n / d, rules.RATE_PLACES)
    for (numerator, base), cell in zip(pairs, cells, strict=True):
        d = controlled.values[base]
        if numerator in controlled.suppressed or base in controlled.suppressed:
            assert cell == rules.CONFIDENTIAL  # never [z] or [x]: they would tell a withheld 0
        elif d == 0:
            assert cell == rules.NOT_APPLICABLE
        elif d < rules.MIN_BASE:
            assert cell == rules.NOT_AVAILABLE


def test_true_zeros_are_published_as_zero():
    g = Grid("t", "T", "Ethnic group", "C", ["Asian", "Black"], ["A", "B"], [[0, 40], [25, 0]])
    table = control([g]).tables()[0]
    assert table.rows == [["Asian", 0, 40, 40], ["Black", 25, 0, 25], ["Total", 25, 40, 65]]


def test_a_zero_beside_a_small_count_is_confidential_too():
    g = Grid("t", "T", "Ethnic group", "C", ["Asian", "Black"], ["A", "B"], [[0, 4], [25, 30]])
    controlled = control([g])
    assert controlled.tables()[0].rows[0][:3] == ["Asian", "[c]", "[c]"]
    assert controlled.published("t|1|0") == 25  # a zero elsewhere in the table would stay 0


def test_every_table_explains_its_symbols_and_rounding():
    g = Grid("t", "T", "Ethnic group", "C", ["Asian"], ["A"], [[4]], rates=True)
    for table in control([g]).tables():
        assert any("[c] means" in note for note in table.notes)
        assert any("rounded" in note or "Percentages" in note for note in table.notes)


def test_a_sensitive_breakdown_needs_twelve_months_and_five_plus_one_groups():
    with pytest.raises(ValueError, match="12 months"):
        Grid("t", "T", "Ethnic group", "C", ["Asian"], ["A"], [[40]], sensitive=True)
    with pytest.raises(ValueError, match="5 high-level"):
        Grid(
            "t", "T", "Ethnic group", "C", [str(i) for i in range(19)], ["A"], [[40]] * 19,
            sensitive=True, months=12,
        )  # fmt: skip


def test_tables_of_the_same_people_must_agree_about_their_totals():
    a = Grid("a", "A", "Ethnic group", "C", ["Asian"], ["A"], [[40]])
    b = Grid("b", "B", "Ethnic group", "C", ["Asian"], ["A"], [[41]])
    with pytest.raises(ValueError, match="same people"):
        control([a, b])


def test_bad_counts_are_refused_with_words():
    with pytest.raises(ValueError, match="whole number"):
        Grid("t", "T", "Ethnic group", "C", ["Asian"], ["A"], [[-1]])
    with pytest.raises(ValueError, match="one count for each"):
        Grid("t", "T", "Ethnic group", "C", ["Asian"], ["A", "B"], [[1]])


@settings(max_examples=15, deadline=None)
@given(grid())
def test_a_snapshot_is_json_and_gives_the_same_tables_back(g):
    tables = control([g]).tables()
    data = json.loads(json.dumps(snapshot(tables)))
    assert from_snapshot(data) == tables


def test_a_snapshot_refuses_what_json_cannot_hold():
    from core.tables import Table

    with pytest.raises(ValueError, match="numbers and text"):
        snapshot([Table(title="T", headers=["A"], rows=[[object()]])])
