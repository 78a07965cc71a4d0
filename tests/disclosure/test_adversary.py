"""No small count can be worked out from all the tables published together."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure import Grid, control
from tests.disclosure.adversary import attack

ROWS = ["Asian", "Black", "Mixed", "White", "Other", "Not stated"]


def exact_cells(grids):
    """(slug, row label, column header) → exact count, as the published tables lay it out."""
    out = {}
    for g in grids:
        columns = [*g.columns, "Total"]
        for i, label in enumerate(g.rows):
            for j, n in enumerate(g.counts[i]):
                out[(g.slug, label, columns[j])] = n
            out[(g.slug, label, "Total")] = sum(g.counts[i])
        for j, column in enumerate(g.columns):
            out[(g.slug, "Total", column)] = sum(r[j] for r in g.counts)
        out[(g.slug, "Total", "Total")] = sum(map(sum, g.counts))
    return out


def assert_protected(grids):
    controlled = control(grids)
    tables = controlled.tables()
    populations = {g.slug: g.population for g in grids}
    includes = [(g.population, g.includes) for g in grids if g.includes]
    ranges = attack(tables, populations, exact_cells(grids), includes)
    for where, (low, high) in ranges.items():
        assert high - low >= 5 - 1e-6, f"{where} narrowed to [{low}, {high}]"
    # Every small count is confidential wherever it appears.
    for where, n in exact_cells(grids).items():
        if 0 < n < 10:
            assert where in ranges
    return controlled


def split(total_rows, columns, draw):
    return [[draw(st.integers(0, high)) for _ in range(columns)] for high in total_rows]


# Counts skewed small, as in a small area: many zeros and single figures, some large.
counts = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 40), st.integers(41, 400))


@st.composite
def grids(draw):
    # One population's row totals, split several ways: the tables share their margins.
    n_tables = draw(st.integers(1, 3))
    row_totals = [draw(counts) for _ in ROWS]
    out = []
    for t in range(n_tables):
        columns = draw(st.integers(1, 4))
        rows = []
        for total in row_totals:
            cuts = sorted(draw(st.integers(0, total)) for _ in range(columns - 1))
            edges = [0, *cuts, total]
            rows.append([edges[k + 1] - edges[k] for k in range(columns)])
        out.append(
            Grid(
                slug=f"t{t}",
                title=f"Table {t}",
                row_title="Ethnic group",
                column_title="Column",
                rows=ROWS,
                columns=[f"C{j}" for j in range(columns)],
                counts=rows,
                rates=draw(st.booleans()),
            )
        )
    return out


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_no_small_count_can_be_narrowed_below_five(generated):
    assert_protected(generated)


def test_a_small_count_beside_a_count_of_ten_is_protected_by_a_second_suppression():
    # 9 and 10 make 19: published as [c], 10, 20 a reader would know the 9 is 5 to 9.
    grid = Grid("t", "T", "Ethnic group", "C", ["Asian", "Black"], ["A", "B"], [[9, 10], [30, 40]])
    controlled = assert_protected([grid])
    assert controlled.secondary


def test_twelve_months_with_the_six_within_them():
    six = Grid("six", "Six", "Ethnic group", "C", ROWS[:2], ["A", "B"], [[3, 20], [15, 0]])
    year = Grid(
        "year", "Year", "Ethnic group", "Crime", ROWS[:2], ["X", "Y"], [[5, 21], [14, 12]],
        population="year", months=12, includes="referrals", sensitive=True,
    )  # fmt: skip
    assert_protected([six, year])
