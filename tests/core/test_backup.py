"""Backup and restore: every figure identical after a restore into a new database; a
damaged, truncated or inconsistent file refused with nothing loaded; a database that
holds anything refused."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import polars as pl
import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit
from core.backup import MANIFEST, _models
from tests.core.restore_probe import figures
from tests.factories import make_return

PROBE = Path(__file__).with_name("restore_probe.py")
pytestmark = pytest.mark.django_db


@pytest.fixture
def held(provider_a, provider_b, area_a, area_b, assessor, commissioner_a):
    from tests.factories import make_period

    for half, scale in (("H1", 1), ("H2", 3)):
        period = make_period(2026, half)
        make_return(provider=provider_a, area=area_a, period=period,
                    cells=[{"ethnicity": "13", "sex": "F", "count": 2000 * scale},
                           {"ethnicity": "4", "crime_type": "DOMESTIC_ABUSE", "count": 20}],
                    measures=[{"ethnicity": "4", "measure": "SATISFIED", "answer": "YES",
                               "count": 12}])  # fmt: skip
        make_return(provider=provider_b, area=area_b, period=period,
                    cells=[{"ethnicity": "13", "count": 900}, {"ethnicity": "4", "count": 60},
                           {"ethnicity": "7", "interpreter_needed": True, "count": 20 * scale}])  # fmt: skip
    TOTPDevice.objects.create(user=assessor, name="Phone", confirmed=True)
    audit(by=assessor, verb="figures_view", target="National figures", summary="ünïcode ✓")
    return assessor


def _restore_elsewhere(tmp_path, email: str, files: list[Path]) -> dict:
    """Restore `files` in turn into a new database (PostgreSQL when the suite runs on it)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="reach.settings")
    env.setdefault("SECRET_KEY", "insecure-test-only-key")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg
        from django.db import connection

        name = f"{connection.settings_dict['NAME']}_restore"[:63]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "restored.sqlite3")
    out = subprocess.run(
        [sys.executable, str(PROBE), email, *map(str, files)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    try:
        assert out.returncode == 0, out.stderr[-3000:]
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if url.startswith("postgres"):  # the server is left as the test found it
            with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rewritten(source: Path, target: Path, change, tables=None) -> Path:
    """A copy of a backup whose members `change(name, data)` may alter, and whose manifest's
    tables `tables(table)` may, its checksums made to match: a file that is whole but not
    true."""
    with tarfile.open(source) as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}
    manifest = json.loads(members.pop(MANIFEST))
    for table in manifest["tables"]:
        if tables is not None:
            tables(table)
    with tarfile.open(target, "w") as out:
        for table in manifest["tables"]:
            for entry in table["files"]:
                data = change(entry["name"], members[entry["name"]])
                entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
                _put(out, entry["name"], data)
        _put(out, MANIFEST, json.dumps(manifest).encode())
    return target


def _put(archive, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def _orphan_cells(name: str, data: bytes) -> bytes:
    """The cube's cells pointing at a version that does not exist, in the last table."""
    if "/returns_measurecell/" not in name:
        return data
    frame = pl.read_parquet(io.BytesIO(data)).with_columns(
        pl.lit(987654, pl.Int64).alias("version_id")
    )
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


def _columns_reversed(name: str, data: bytes) -> bytes:
    """Every file's columns in the opposite order to the manifest's; the audit trail's
    without the address (a column that may be empty: see `_without_address`)."""
    frame = pl.read_parquet(io.BytesIO(data))
    if "/core_auditevent/" in name:
        frame = frame.drop("ip_address")
    out = io.BytesIO()
    frame.select(list(reversed(frame.columns))).write_parquet(out)
    return out.getvalue()


def _without_address(table: dict) -> None:
    if table["table"] == "core_auditevent":
        table["columns"] = [c for c in table["columns"] if c["name"] != "ip_address"]


def _orphan_members(name: str, data: bytes) -> bytes:
    """Memberships of a user who does not exist: a reference the database enforces."""
    if "/accounts_membership/" not in name:
        return data
    frame = pl.read_parquet(io.BytesIO(data)).with_columns(
        pl.lit(987654, pl.Int64).alias("user_id")
    )
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


@pytest.mark.slow
def test_national_figures_identical_after_backup_and_restore_into_a_new_database(held, tmp_path):
    before = figures(held.email)
    path = tmp_path / "reach.backup"
    call_command("backup", str(path), verbosity=0)
    data = path.read_bytes()
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(data[: len(data) // 2])
    corrupted = tmp_path / "corrupted.backup"
    # 64 bytes flipped inside the largest file of the archive (not in a block's padding,
    # which holds nothing to damage).
    with tarfile.open(path) as archive:
        largest = max(archive.getmembers(), key=lambda m: m.size)
    middle = largest.offset_data + largest.size // 2
    corrupted.write_bytes(
        data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 64]) + data[middle + 64 :]
    )
    inconsistent = _rewritten(path, tmp_path / "inconsistent.backup", _orphan_cells)
    unmatched = _rewritten(path, tmp_path / "unmatched.backup", _orphan_members)
    # Columns are matched by name, whatever their order in the files; one that may be
    # empty can be left out.
    reordered = _rewritten(path, tmp_path / "reordered.backup", _columns_reversed, _without_address)

    result = _restore_elsewhere(
        tmp_path, held.email, [truncated, corrupted, inconsistent, unmatched, reordered, path]
    )
    truncated_, corrupted_, inconsistent_, unmatched_, restored, again = result["attempts"]
    assert "damaged or incomplete" in truncated_["outcome"] and truncated_["rows"] == 0
    assert "damaged or incomplete" in corrupted_["outcome"] and corrupted_["rows"] == 0
    assert "backup is inconsistent" in inconsistent_["outcome"] and inconsistent_["rows"] == 0
    assert "could not be loaded, so nothing was restored" in unmatched_["outcome"]
    assert unmatched_["rows"] == 0
    assert restored["outcome"] == "restored" and restored["rows"] > 0
    assert "The database is not empty" in again["outcome"] and again["rows"] == restored["rows"]
    assert result["figures"] == before


def test_a_backup_holds_every_table_with_its_rows(held, tmp_path):
    path = tmp_path / "reach.backup"
    call_command("backup", str(path), verbosity=0)
    with tarfile.open(path) as archive:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        names = archive.getnames()
    assert names[-1] == MANIFEST  # written last: a file cut short has none
    tables = {t["table"]: t for t in manifest["tables"]}
    assert set(tables) == {m._meta.db_table for m in _models()}
    assert "django_session" not in tables
    for model in _models():
        assert tables[model._meta.db_table]["rows"] == model._base_manager.count(), model
    for wanted in ("returns_cubecell", "core_auditevent", "otp_totp_totpdevice", "accounts_user"):
        assert tables[wanted]["rows"] > 0, wanted
    assert ["core", "0003_audit_events_append_only"] in manifest["migrations"]


def test_restore_refuses_a_database_that_holds_anything(held, tmp_path):
    path = tmp_path / "reach.backup"
    call_command("backup", str(path), verbosity=0)
    before = {m._meta.db_table: m._base_manager.count() for m in _models()}
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(path), verbosity=0)
    assert before == {m._meta.db_table: m._base_manager.count() for m in _models()}


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"", "damaged or incomplete"), (b"not a tar at all" * 100, "damaged or incomplete")],
)
def test_restore_refuses_what_is_not_a_backup(tmp_path, content, said):
    path = tmp_path / "x.backup"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=said):
        call_command("restore", str(path), verbosity=0)


def test_backup_and_restore_say_what_is_wrong_with_the_path(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore", str(tmp_path / "missing.backup"), verbosity=0)
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", str(tmp_path), verbosity=0)
    with pytest.raises(CommandError, match="There is no folder"):
        call_command("backup", str(tmp_path / "nowhere" / "x.backup"), verbosity=0)


def test_a_backup_that_leaves_out_a_table_is_refused(held, tmp_path):
    from core.backup import BackupError, _check_database, _fields, _kind, _migrations, _models

    tables = [
        {
            "model": m._meta.label_lower,
            "columns": [{"name": f.column, "kind": _kind(f)} for f in _fields(m)],
        }
        for m in _models()
    ]
    manifest = {"migrations": _migrations(), "tables": tables}
    with pytest.raises(BackupError, match="The database is not empty"):
        _check_database(manifest)  # whole: refused here only because this one holds rows
    manifest["tables"] = [t for t in tables if t["model"] != "returns.returnversion"]
    with pytest.raises(BackupError, match="leaves out tables that every backup holds"):
        _check_database(manifest)


def _unchanged(path: Path, match: str) -> None:
    before = {m._meta.db_table: m._base_manager.count() for m in _models()}
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path), verbosity=0)
    assert before == {m._meta.db_table: m._base_manager.count() for m in _models()}


def test_a_backup_with_a_column_this_database_lacks_is_refused_saying_which(held, tmp_path):
    path = tmp_path / "reach.backup"
    call_command("backup", str(path), verbosity=0)

    def extra(table):
        if table["table"] == "returns_cubecell":
            table["columns"].append({"name": "colour", "kind": "text"})

    odd = _rewritten(path, tmp_path / "odd.backup", lambda n, d: d, extra)
    _unchanged(odd, "table returns_cubecell has a column 'colour' that this database")


def test_a_backup_without_a_required_column_is_refused_saying_which(held, tmp_path):
    path = tmp_path / "reach.backup"
    call_command("backup", str(path), verbosity=0)

    def without_count(table):
        if table["table"] == "returns_cubecell":
            table["columns"] = [c for c in table["columns"] if c["name"] != "count"]

    short = _rewritten(path, tmp_path / "short.backup", lambda n, d: d, without_count)
    _unchanged(short, "table returns_cubecell lacks the column 'count', which this database")


def test_a_backup_whose_column_holds_another_kind_is_refused(held, tmp_path):
    path = tmp_path / "reach.backup"
    call_command("backup", str(path), verbosity=0)

    def as_text(table):
        if table["table"] == "returns_cubecell":
            for column in table["columns"]:
                if column["name"] == "count":
                    column["kind"] = "text"

    odd = _rewritten(path, tmp_path / "odd.backup", lambda n, d: d, as_text)
    _unchanged(odd, "returns_cubecell.count holds text values, where this database keeps integer")


def test_two_restores_at_once_cannot_both_find_the_database_empty(tmp_path, monkeypatch):
    """Two restores into one new database: the second waits for the first, then finds the
    database not empty. (Each restore runs on a connection of its own, as two commands
    would; the database is narrowed to one table that the suite leaves empty.)"""
    import threading

    from django.db import connection
    from django.utils import timezone

    from core import backup
    from core.models import WorkerHeartbeat

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is in memory: one connection, so one restore")
    monkeypatch.setattr(backup, "_models", lambda: [WorkerHeartbeat])
    monkeypatch.setattr(backup, "SEEDED", ())
    path = tmp_path / "one.backup"

    def committed(work) -> None:  # outside this test's transaction, which nothing else sees
        thread = threading.Thread(target=lambda: (work(), connection.close()))
        thread.start()
        thread.join(60)

    def one_row_backed_up() -> None:
        WorkerHeartbeat.objects.create(worker="w:1:1", host="w", pid=1, seen_at=timezone.now())
        backup.backup(path)
        WorkerHeartbeat.objects.all().delete()

    committed(one_row_backed_up)
    assert path.exists()

    loading, finish = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def first_report(message):  # called inside the first restore's transaction
        loading.set()
        finish.wait(60)

    def run(name, report=None):
        try:
            backup.restore(path, report)
            outcomes[name] = "restored"
        except backup.BackupError as error:
            outcomes[name] = str(error)
        finally:
            connection.close()

    def waiting_for_a_lock() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0] > 0

    first = threading.Thread(target=run, args=("first", first_report))
    second = threading.Thread(target=run, args=("second",))
    try:
        first.start()
        assert loading.wait(60)
        second.start()
        for _ in range(600):  # until the second restore waits for the first
            if waiting_for_a_lock() or not second.is_alive():
                break
            threading.Event().wait(0.05)
        finish.set()
        first.join(60)
        second.join(60)
    finally:
        finish.set()
        committed(lambda: WorkerHeartbeat.objects.all().delete())
    assert outcomes["first"] == "restored"
    assert "The database is not empty: core_workerheartbeat (1 rows)" in outcomes["second"]
