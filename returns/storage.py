"""Write a cube's counts to the database, fast.

A national upload collapses to hundreds of thousands of cells (docs/architecture.md, "Scale"), so
cells are not saved through the ORM one object at a time:

- on PostgreSQL the cube goes in by COPY, the whole frame written once as CSV text;
- on SQLite (the embedded default) by a prepared INSERT of SQLITE_ROWS rows at a time;
- elsewhere by one `executemany` of plain tuples.

`write_frame` is that writer for any frame of rows; the margins kept beside the cells
(monitoring/margins.py) go in through it too. Both run on the caller's connection inside the caller's transaction and never commit,
so `returns.services.return_submit` (the one door) stores a version all-or-nothing.
"""

import io

import polars as pl
from django.db import connection

from returns.cube import CELL_COLUMNS, LOCAL_AUTHORITY_CELL_COLUMNS, MEASURE_CELL_COLUMNS, Cube
from returns.models import CubeCell, LocalAuthorityCell, MeasureCell


def _columns(model, names) -> list[str]:
    """`names`, checked to be database columns of `model`."""
    opts = model._meta
    by_column = {f.column for f in opts.concrete_fields}
    missing = [name for name in names if name not in by_column]
    if missing:  # the frame and the model have drifted apart: fail loudly, not silently
        raise RuntimeError(f"{opts.db_table} has no columns {missing}")
    return list(names)


def write_frame(model, frame: pl.DataFrame) -> None:
    """Append the rows of `frame`, whose columns are named as `model`'s database
    columns, to its table: the bulk writer of the cells and of the margins kept beside
    them. Must be called inside a transaction, which it does not commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("Bulk rows must be written inside the caller's transaction.atomic().")
    if frame.height == 0:
        return
    columns = _columns(model, frame.columns)
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        _copy(table, columns, frame)
    elif connection.vendor == "sqlite":
        _sqlite_insert(table, columns, frame)
    else:
        _executemany(table, columns, frame)


def write_cube(version_id: int, cube: Cube) -> None:
    """Store the cube's cells and measure cells under `version_id`.

    Must be called inside a transaction (it does not commit); the version row must
    already exist in that transaction.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("write_cube must run inside the caller's transaction.atomic().")
    for model, frame, names in (
        (CubeCell, cube.cells, CELL_COLUMNS),
        (MeasureCell, cube.measures, MEASURE_CELL_COLUMNS),
        (LocalAuthorityCell, cube.local_authorities, LOCAL_AUTHORITY_CELL_COLUMNS),
    ):
        version = model._meta.get_field("version").column
        write_frame(
            model,
            frame.select(pl.lit(version_id, pl.Int64).alias(version), *(pl.col(n) for n in names)),
        )


def _copy(table: str, columns: list[str], frame: pl.DataFrame) -> None:
    """PostgreSQL COPY … FROM STDIN in CSV: one round trip for the whole frame.

    Booleans are written as true/false and nulls as empty unquoted fields, which COPY's
    CSV format reads as NULL.
    """
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, null_value="")
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN WITH (FORMAT csv)"
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write(buffer.getbuffer())


SQLITE_ROWS = 500  # rows a statement: SQLite allows 32,766 parameters in one


def _sqlite_insert(table: str, columns: list[str], frame: pl.DataFrame) -> None:
    """SQLite: many rows a statement, their values flattened by polars.

    Binding a few hundred rows to one prepared INSERT, and stepping it once, costs far
    less than stepping one statement per row; the values come out of polars a column at a
    time into one flat list (nulls as None, booleans as 0 and 1), never a tuple a row.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    width = len(columns)
    values: list = [None] * (frame.height * width)
    for position, name in enumerate(frame.columns):  # row-major: one slice a column
        column = frame.get_column(name)
        if column.dtype == pl.Boolean:
            column = column.cast(pl.Int64)
        values[position::width] = column.to_list()
    one = "(" + ", ".join(["?"] * width) + ")"
    step = SQLITE_ROWS * width
    whole = len(values) // step * step
    cursor = connection.connection.cursor()
    try:
        if whole:
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES " + ", ".join([one] * SQLITE_ROWS)
            cursor.executemany(sql, (values[i : i + step] for i in range(0, whole, step)))
        if rest := len(values) - whole:
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES " + ", ".join(
                [one] * (rest // width)
            )
            cursor.execute(sql, values[whole:])
    finally:
        cursor.close()


def _executemany(table: str, columns: list[str], frame: pl.DataFrame) -> None:
    """One prepared INSERT executed for every row, through the DB-API driver directly.

    Django's cursor wrapper would rewrite the parameters of each of the half-million
    rows; the driver's own `executemany` takes the tuples as they are.
    """
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marker = "?" if connection.vendor == "sqlite" else "%s"  # the driver's own paramstyle
    placeholders = ", ".join([marker] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, frame.iter_rows())
    finally:
        cursor.close()


# A checked return waiting to be confirmed is kept as its counts, as bytes, with its
# submission (returns.models.Submission.pending_cube).


def _ipc(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    return buffer.getvalue()


def cube_to_bytes(cube: Cube) -> bytes:
    """The collapsed counts (never records) as bytes: a header, then cells, measures and
    local-authority cells."""
    cells, measures = _ipc(cube.cells), _ipc(cube.measures)
    places = _ipc(cube.local_authorities)
    header = f"{cube.total} {cube.stated_ethnicity} {len(cells)} {len(measures)}\n".encode()
    return header + cells + measures + places


def cube_from_bytes(data: bytes) -> Cube:
    """The counts kept by ``cube_to_bytes``; counts kept before local authorities were
    counted (a header of three numbers) read with none."""
    header, _, rest = data.partition(b"\n")
    total, stated, cells_length, *more = (int(v) for v in header.split())
    end = cells_length + more[0] if more else len(rest)
    cube = Cube(
        cells=pl.read_ipc(io.BytesIO(rest[:cells_length])),
        measures=pl.read_ipc(io.BytesIO(rest[cells_length:end])),
        total=total,
        stated_ethnicity=stated,
    )
    if more:
        cube.local_authorities = pl.read_ipc(io.BytesIO(rest[end:]))
    return cube
