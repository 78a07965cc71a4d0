"""returns/dimensions.py: one table of the cube's dimensions, and every list agrees with it."""

import ast
from pathlib import Path

import pytest

from demo import generator
from monitoring import margins
from reference import models as ref
from returns import dimensions, standard
from returns.cube import CELL_COLUMNS, CELL_DIMENSIONS, MEASURE_CELL_COLUMNS
from returns.ingest import codes, validate
from returns.ingest.rules import queries
from returns.models import CubeCell, MeasureCell

ROOT = Path(__file__).resolve().parents[2]


def test_every_dimension_names_a_reference_model_and_a_standard_column():
    columns = {c.name: c for c in standard.COLUMNS}
    for d in dimensions.DIMENSIONS:
        assert issubclass(d.code_model(), ref.ReferenceCode)
        assert columns[d.column].code_list == d.model
        assert columns[d.column].required == (d is dimensions.ETHNICITY)


def test_the_cell_tables_have_exactly_the_dimension_columns():
    cube_fields = {
        f.name for f in CubeCell._meta.concrete_fields if f.related_model is not None
    } - {"version"}
    assert cube_fields == {d.field for d in dimensions.DIMENSIONS}
    for d in dimensions.DIMENSIONS:
        assert CubeCell._meta.get_field(d.field).related_model is d.code_model()
    measure_fields = {
        f.name for f in MeasureCell._meta.concrete_fields if f.related_model is not None
    } - {"version", "measure", "answer"}
    assert measure_fields == {d.field for d in dimensions.MEASURED}


def test_the_derived_lists_follow_the_table():
    assert tuple(CELL_DIMENSIONS) == dimensions.COLUMNS
    assert CELL_COLUMNS[: len(dimensions.DIMENSIONS)] == tuple(
        d.cube_column for d in dimensions.DIMENSIONS
    )
    assert MEASURE_CELL_COLUMNS[:4] == tuple(d.cube_column for d in dimensions.MEASURED)
    assert validate.DIMENSIONS == dimensions.COLUMNS
    assert set(codes.CODE_COLUMNS) == set(dimensions.OPTIONAL_COLUMNS)
    assert standard.NOT_RECORDED_IF_MISSING == dimensions.OPTIONAL_COLUMNS
    assert queries._CHECKED_FOR_NOT_KNOWN == dimensions.OPTIONAL_COLUMNS
    assert generator.DIMENSIONS == dimensions.COLUMNS
    assert margins.BREAKDOWNS == {d.name: d.cube_column for d in dimensions.BREAKDOWNS}


@pytest.mark.parametrize("folder", ["returns", "monitoring", "reports", "demo", "api"])
def test_no_positional_dimension_indexes(folder):
    """No `ETH, SEX, … = range(n)`: dimensions are named, never numbered."""
    for path in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Tuple)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", "") == "range"
            ):
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno} numbers names")
