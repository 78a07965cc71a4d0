"""Back up the whole database to one file, and restore it into an empty database.

The file is a tar archive (docs/backup.md):

- ``tables/<table>/<n>.parquet``: every row of every table, a chunk of up to CHUNK_ROWS
  rows a file, zstd-compressed Parquet with one typed column per database column. Parquet
  keeps a million cube cells small and fast to write and read, where a JSON dump
  (``dumpdata``) would take minutes;
- ``manifest.json``, written last: the format, when and from which database engine it
  was made, the migrations the database had, and for each table its model, columns,
  row count and the SHA-256 and size of each of its files.

Every table Django knows is included (accounts and their second-factor devices,
reference data, returns and their cubes, assurance records, the audit trail, the
library, the directory, queued tasks, ...), except sessions: everyone signs in again.

A restore reads the manifest and checks every file against its checksum, then, in one
transaction, checks the database against the backup (the same migrations, every table
and column of the backup known here by name, and empty) and loads every table: a
damaged, truncated or mismatched file leaves the database as it was. The check is made
inside the transaction, after a lock that every restore takes (on SQLite, the write
lock), so two restores at once cannot both find the database empty. Columns are matched
by name: a column the backup lacks is filled with its default where it has one or may
be empty, and refused where it is required. Values are written as the backup read them through the models'
own fields, so a backup of SQLite restores into PostgreSQL and back. On PostgreSQL the
id sequences are moved past the restored ids. The audit trail is append-only
(core/migrations/0003): a restore only ever inserts, so its triggers stay in force.
"""

import datetime
import decimal
import hashlib
import io
import json
import os
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.apps import apps
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "reach-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_ROWS = 200_000
# Made by `migrate` in every new database: a restore replaces their rows with the backup's.
SEEDED = ("contenttypes.contenttype", "auth.permission")
# Not backed up: signed-in sessions (everyone signs in again after a restore) and the
# counts of the public rate limit (they last a minute).
SKIPPED = ("sessions.session", "publication.ratecount")

Report = Callable[[str], None]


class BackupError(Exception):
    """A backup file or a database that a restore must refuse, with what to do."""


# Types -----------------------------------------------------------------------------------

_INTEGER = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}  # fmt: skip
_TEXT = {
    "CharField", "TextField", "SlugField", "EmailField", "URLField", "GenericIPAddressField",
    "IPAddressField", "FilePathField", "FileField", "ImageField",
}  # fmt: skip


def _kind(field) -> str:
    """How a field's values are kept in the archive."""
    internal = field.get_internal_type()
    if internal in ("ForeignKey", "OneToOneField"):
        return _kind(field.target_field)
    if internal in _INTEGER:
        return "integer"
    if internal in _TEXT:
        return "text"
    kinds = {
        "BooleanField": "boolean", "NullBooleanField": "boolean", "DateField": "date",
        "DateTimeField": "datetime", "TimeField": "time", "DurationField": "duration",
        "FloatField": "float", "DecimalField": "decimal", "UUIDField": "uuid",
        "BinaryField": "binary", "JSONField": "json",
    }  # fmt: skip
    if internal not in kinds:
        raise BackupError(f"{field.model._meta.label}.{field.name}: no way to back up {internal}.")
    return kinds[internal]


_DTYPES = {
    "integer": pl.Int64, "text": pl.String, "boolean": pl.Boolean, "date": pl.Date,
    "datetime": pl.Datetime("us", "UTC"), "time": pl.Time, "duration": pl.Duration("us"),
    "float": pl.Float64, "decimal": pl.String, "uuid": pl.String, "binary": pl.Binary,
    "json": pl.String,
}  # fmt: skip


def _to_archive(kind: str) -> Callable | None:
    """Python value from the model → the archive's column value (None: as it is)."""
    if kind in ("decimal", "uuid"):
        return lambda v: None if v is None else str(v)
    if kind == "binary":
        return lambda v: None if v is None else bytes(v)
    if kind == "json":
        return lambda v: None if v is None else json.dumps(v)
    if kind == "datetime":
        return lambda v: None if v is None else _aware(v)
    return None


def _aware(value: datetime.datetime) -> datetime.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def _from_archive(kind: str) -> Callable | None:
    """The archive's value → the Python value the model's field prepares for the database."""
    if kind == "decimal":
        return lambda v: None if v is None else decimal.Decimal(v)
    if kind == "uuid":
        return lambda v: None if v is None else uuid.UUID(v)
    if kind == "json":
        return lambda v: None if v is None else json.loads(v)
    return None


# Backup ----------------------------------------------------------------------------------


def _models() -> list:
    """Every model with a table of its own, in a stable order."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.label_lower in SKIPPED:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.db_table)


def _fields(model) -> list:
    return list(model._meta.local_concrete_fields)


def _migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _chunks(model, fields) -> Iterator[pl.DataFrame]:
    names = [f.attname for f in fields]
    kinds = [_kind(f) for f in fields]
    converters = [_to_archive(k) for k in kinds]
    schema = {f.column: _DTYPES[k] for f, k in zip(fields, kinds, strict=True)}
    rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=10_000)
    batch: list[tuple] = []
    special = [(i, c) for i, c in enumerate(converters) if c is not None]

    def frame() -> pl.DataFrame:
        if special:
            columns = list(zip(*batch, strict=True)) if batch else [[] for _ in fields]
            columns = [list(c) for c in columns]
            for i, convert in special:
                columns[i] = [convert(v) for v in columns[i]]
            return pl.DataFrame(dict(zip(schema, columns, strict=True)), schema=schema)
        return pl.DataFrame(batch, schema=schema, orient="row")

    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK_ROWS:
            yield frame()
            batch = []
    if batch:
        yield frame()


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> dict:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))
    return {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def backup(path: Path, report: Report | None = None) -> dict:
    """Write the database to `path` (a new file, replaced only once complete)."""
    report = report or (lambda message: None)
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    tables = []
    # Readable by its owner only: it holds accounts, second-factor secrets and the audit trail.
    outermost = not connection.in_atomic_block  # else the caller's transaction is the snapshot
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with (
        transaction.atomic(),
        os.fdopen(descriptor, "wb") as file,
        tarfile.open(fileobj=file, mode="w") as archive,
    ):
        if outermost and connection.vendor == "postgresql":  # one snapshot of every table
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in _models():
            opts = model._meta
            fields = _fields(model)
            files, rows = [], 0
            for n, frame in enumerate(_chunks(model, fields)):
                buffer = io.BytesIO()
                frame.write_parquet(buffer, compression="zstd")
                files.append(
                    _add(archive, f"tables/{opts.db_table}/{n:05d}.parquet", buffer.getvalue())
                )
                rows += frame.height
            tables.append(
                {
                    "model": opts.label_lower,
                    "table": opts.db_table,
                    "columns": [{"name": f.column, "kind": _kind(f)} for f in fields],
                    "rows": rows,
                    "files": files,
                }
            )
            if rows:
                report(f"{opts.db_table}: {rows:,} rows")
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "made_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": _migrations(),
            "tables": tables,
        }
        _add(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
    partial.replace(path)
    rows = sum(t["rows"] for t in tables)
    return {"tables": len(tables), "rows": rows, "seconds": time.perf_counter() - started}


# Restore ---------------------------------------------------------------------------------

_DAMAGED = (
    "The backup file is damaged or incomplete ({}). Nothing was restored. Use another copy "
    "of the backup, or make a new one."
)


@dataclass
class _Archive:
    archive: tarfile.TarFile
    manifest: dict

    def read(self, entry: dict) -> bytes:
        member = self.archive.extractfile(entry["name"])
        data = member.read() if member is not None else b""
        if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise BackupError(_DAMAGED.format(f"{entry['name']} does not match its checksum"))
        return data


def _open(path: Path) -> _Archive:
    """The archive, its manifest read and every file checked against its checksum."""
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        archive = tarfile.open(path, "r:")
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(_DAMAGED.format(f"it cannot be read as a backup: {error}")) from None
    try:
        return _checked(archive)
    except BaseException:
        archive.close()
        raise


def _checked(archive: tarfile.TarFile) -> _Archive:
    try:
        names = set(archive.getnames())
        if MANIFEST not in names:
            raise BackupError(_DAMAGED.format("it has no manifest: it may have been cut short"))
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(_DAMAGED.format(f"it cannot be read as a backup: {error}")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive.name} is not a Reach backup of a kind this version reads (format "
            f"{manifest.get('format')!r}, version {manifest.get('version')!r})."
        )
    opened = _Archive(archive, manifest)
    try:
        for table in manifest["tables"]:
            for entry in table["files"]:
                if entry["name"] not in names:
                    raise BackupError(_DAMAGED.format(f"{entry['name']} is missing"))
                opened.read(entry)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(_DAMAGED.format(str(error))) from None
    return opened


def _check_database(manifest: dict) -> dict:
    """The models of the backup's tables; refuses a database that does not match or is
    not empty."""
    ours, theirs = _migrations(), manifest["migrations"]
    if ours != theirs:
        missing = [f"{a}.{n}" for a, n in theirs if [a, n] not in ours]
        extra = [f"{a}.{n}" for a, n in ours if [a, n] not in theirs]
        said = "; ".join(
            part
            for part in (
                f"the backup has migrations this database lacks: {', '.join(missing[:5])}"
                if missing
                else "",
                f"this database has migrations the backup lacks: {', '.join(extra[:5])}"
                if extra
                else "",
            )
            if part
        )
        raise BackupError(
            f"The backup was made at another version of Reach's database ({said}). Restore "
            "it with the version of Reach that made it, into a database migrated to the "
            "same point."
        )
    models = {m._meta.label_lower: m for m in _models()}
    unknown = [t["model"] for t in manifest["tables"] if t["model"] not in models]
    if unknown:
        raise BackupError(f"The backup holds tables this Reach does not have: {unknown[:5]}.")
    listed = {t["model"] for t in manifest["tables"]}
    left_out = [m._meta.db_table for label, m in models.items() if label not in listed]
    if left_out:
        raise BackupError(
            "The backup leaves out tables that every backup holds: "
            + ", ".join(left_out[:5]) + (" and more" if len(left_out) > 5 else "")
            + ". It may have been edited or made by something else. Nothing was changed."
        )  # fmt: skip
    for table in manifest["tables"]:
        _check_columns(models[table["model"]], table["columns"])
    held = [
        f"{m._meta.db_table} ({m._base_manager.count():,} rows)"
        for label, m in models.items()
        if label not in SEEDED and m._base_manager.exists()
    ]
    if held:
        raise BackupError(
            "The database is not empty: " + ", ".join(held[:5]) + (" and more" if len(held) > 5 else "")
            + ". Restore only into a new, empty database: create one, run "
            "`manage.py migrate`, then restore into it. Nothing was changed."
        )  # fmt: skip
    return models


def _required(field) -> bool:
    """Must a backup hold this column? Yes, unless it may be empty or has a default."""
    return not field.null and not field.has_default()


def _check_columns(model, columns: list[dict]) -> None:
    """Refuse a table of the backup whose columns, by name, do not fit this database's."""
    table = model._meta.db_table
    by_column = {f.column: f for f in _fields(model)}
    for column in columns:
        field = by_column.get(column["name"])
        if field is None:
            raise BackupError(
                f"The backup's table {table} has a column {column['name']!r} that this "
                "database's table lacks. Restore it with the version of Reach that made it. "
                "Nothing was changed."
            )
        if column["kind"] != _kind(field):
            raise BackupError(
                f"The backup's column {table}.{column['name']} holds {column['kind']} values, "
                f"where this database keeps {_kind(field)} values. Restore it with the version "
                "of Reach that made it. Nothing was changed."
            )
    held = {c["name"] for c in columns}
    lacking = [c for c, f in by_column.items() if c not in held and _required(f)]
    if lacking:
        raise BackupError(
            f"The backup's table {table} lacks the column {lacking[0]!r}, which this database "
            "requires. It may have been edited or made by something else. Nothing was changed."
        )


def _insert(model, columns: list[dict], frame: pl.DataFrame, name: str) -> None:
    opts = model._meta
    kinds = {c["name"]: c["kind"] for c in columns}
    absent = [c for c in kinds if c not in frame.columns]
    if absent:
        raise BackupError(_DAMAGED.format(f"{name} lacks the column {absent[0]!r}"))
    fields = _fields(model)
    values = []
    for field in fields:  # by name: the order of the file's columns does not matter
        kind = kinds.get(field.column)
        if kind is None:  # not in the backup, and not required (_check_columns)
            default = None if field.null and not field.has_default() else field.get_default()
            values.append([field.get_db_prep_save(default, connection)] * frame.height)
            continue
        column = frame.get_column(field.column).to_list()
        back = _from_archive(kind)
        if back is not None:
            column = [back(v) for v in column]
        if kind not in ("integer", "text", "boolean", "float", "binary"):
            column = [field.get_db_prep_save(v, connection) for v in column]
        values.append(column)
    rows = list(zip(*values, strict=True))
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        sql = f"COPY {quote(opts.db_table)} ({names}) FROM STDIN"
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marker = "?" if connection.vendor == "sqlite" else "%s"
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({names}) VALUES ({', '.join([marker] * len(fields))})"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def _check_unconstrained(models: list) -> None:
    """References the database does not enforce (the cube's cells name their version
    without a constraint, for speed) must still point at a row, or nothing is restored."""
    quote = connection.ops.quote_name
    for model in models:
        for field in _fields(model):
            if not field.is_relation or field.db_constraint:
                continue
            target = field.related_model._meta
            sql = (
                f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} AS t "
                f"LEFT JOIN {quote(target.db_table)} AS r "
                f"ON t.{quote(field.column)} = r.{quote(field.target_field.column)} "
                f"WHERE t.{quote(field.column)} IS NOT NULL "
                f"AND r.{quote(field.target_field.column)} IS NULL"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql)
                orphans = cursor.fetchone()[0]
            if orphans:
                raise BackupError(
                    f"The backup is inconsistent: {orphans:,} rows of {model._meta.db_table} "
                    f"refer to rows of {target.db_table} it does not hold. Nothing was "
                    "restored. Use another copy of the backup, or make a new one."
                )


def restore(path: Path, report: Report | None = None) -> dict:
    """Load the backup at `path` into this (empty, migrated) database, all or nothing."""
    report = report or (lambda message: None)
    started = time.perf_counter()
    opened = _open(path)
    try:
        return _load(opened, report, started)
    except DatabaseError as error:  # rolled back: nothing of the backup is left
        first = (
            str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
        )
        raise BackupError(
            f"The backup could not be loaded, so nothing was restored: the database said "
            f"{first!r}. Use another copy of the backup, or make a new one."
        ) from None
    finally:
        opened.archive.close()


# Taken by every restore on PostgreSQL, until its transaction ends: one restore at a time.
_RESTORE_LOCK = 0x5245_4143  # "REAC"


def _lock_for_restore() -> None:
    """Make this transaction the only restore: on PostgreSQL a lock every restore takes;
    on SQLite the database's write lock, which every transaction takes as it begins
    (`transaction_mode` IMMEDIATE, reach/settings.py). Then remove the rows `migrate`
    made, which the emptiness check leaves aside."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_RESTORE_LOCK])
    for label in SEEDED:  # as `migrate` made them here; the backup's ids are the ones used
        apps.get_model(label)._base_manager.all().delete()


def _load(opened: _Archive, report: Report, started: float) -> dict:
    manifest = opened.manifest
    rows = 0
    with transaction.atomic():
        _lock_for_restore()
        models = _check_database(manifest)
        connection.ensure_connection()
        for table in manifest["tables"]:
            model = models[table["model"]]
            for entry in table["files"]:
                frame = pl.read_parquet(io.BytesIO(opened.read(entry)))
                _insert(model, table["columns"], frame, entry["name"])
                rows += frame.height
            if table["rows"]:
                report(f"{table['table']}: {table['rows']:,} rows")
        if connection.vendor == "postgresql":
            statements = connection.ops.sequence_reset_sql(no_style(), list(models.values()))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        connection.check_constraints()
        _check_unconstrained(list(models.values()))
    return {"rows": rows, "seconds": time.perf_counter() - started}
