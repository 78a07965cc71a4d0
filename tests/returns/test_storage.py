"""returns/storage.py: cells go in fast and come back exactly, on SQLite and PostgreSQL."""

import polars as pl
import pytest
from django.db import transaction
from django.db.models import Sum

from demo.generator import generate_records
from returns.cube import collapse, load_code_ids
from returns.models import CubeCell, MeasureCell, Return, ReturnVersion
from returns.periods import period_ensure
from returns.storage import write_cube
from tests.factories import make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(area_a):
    provider = make_provider(areas=[area_a])
    record = Return.objects.create(provider=provider, area=area_a, period=period_ensure(2025, "H1"))
    return ReturnVersion.objects.create(
        return_record=record, number=1, channel="upload", submitted_at="2025-10-20T10:00Z"
    )


@pytest.mark.parametrize("rows_a_statement", [None, 1, 7])
def test_round_trip_keeps_every_count(version, monkeypatch, rows_a_statement):
    if rows_a_statement:  # whole statements and a last, shorter one, whatever the size
        monkeypatch.setattr("returns.storage.SQLITE_ROWS", rows_a_statement)
    cube = collapse(generate_records(3_000, seed=5), load_code_ids())
    with transaction.atomic():
        write_cube(version.pk, cube)
    cells = CubeCell.objects.filter(version=version)
    assert cells.count() == cube.cells.height
    assert cells.aggregate(n=Sum("count"))["n"] == cube.total == 3_000
    assert cells.filter(interpreter_needed__isnull=True).aggregate(n=Sum("count"))["n"] == (
        cube.cells.filter(pl.col("interpreter_needed").is_null())["count"].sum() or None
    )
    stored = pl.DataFrame(
        list(cells.values("ethnicity_id", "sex_id", "outcome_id", "interpreter_needed", "count"))
    )
    expected = cube.cells.select(stored.columns)
    assert stored.sort(stored.columns, nulls_last=True).equals(
        expected.sort(expected.columns, nulls_last=True)
    )
    measures = MeasureCell.objects.filter(version=version)
    assert measures.count() == cube.measures.height
    for measure_id in cube.measures["measure_id"].unique():
        total = measures.filter(measure_id=measure_id).aggregate(n=Sum("count"))["n"]
        assert total == cube.measures.filter(pl.col("measure_id") == measure_id)["count"].sum()
        assert 0 < total <= cube.total  # answers of those asked only


def test_refuses_to_run_outside_a_transaction(version, monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    with pytest.raises(RuntimeError, match="transaction"):
        write_cube(version.pk, collapse(generate_records(5, seed=1), load_code_ids()))


def test_each_cell_table_finds_a_version_by_an_index_suited_to_its_database():
    """PostgreSQL: a block range index (cells are copied in a version at a time, so they
    lie together, and the index costs next to nothing to keep up); SQLite: a B-tree."""
    from django.db import connection

    from returns.models import LocalAuthorityCell

    wanted = "brin" if connection.vendor == "postgresql" else "idx"  # SQLite's one kind
    for model in (CubeCell, MeasureCell, LocalAuthorityCell):
        table = model._meta.db_table
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        kinds = [
            info["type"]
            for info in found.values()
            if info["columns"] == ["version_id"] and info["index"] and not info["primary_key"]
        ]
        assert kinds == [wanted], (table, kinds)


def test_cells_keep_unique_ids_without_the_cost_of_a_key_index():
    """PostgreSQL: no B-tree of the primary key to keep up while a version's cells are
    copied in (migration returns/0009), yet every cell has an id of its own from the
    identity column; SQLite: the key is the row id, and stays."""
    from django.db import connection

    from returns.models import LocalAuthorityCell

    for model in (CubeCell, MeasureCell, LocalAuthorityCell):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
        keys = [name for name, info in found.items() if info["primary_key"]]
        assert len(keys) == (0 if connection.vendor == "postgresql" else 1), (model, keys)


def test_copied_cells_each_get_an_id_of_their_own(version):
    from django.db.models import Count

    cube = collapse(generate_records(3_000, seed=4), load_code_ids())
    with transaction.atomic():
        write_cube(version.pk, cube)
        write_cube(version.pk, cube)
    ids = CubeCell.objects.filter(version=version)
    assert ids.count() == 2 * cube.cells.height
    assert not ids.values("id").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert ids.filter(id__isnull=True).count() == 0
