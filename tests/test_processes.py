"""A database made for processes of their own is dropped afterwards, however its use ends."""

import os

import pytest
from django.db import connection

from tests.processes import fresh_postgres

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a new database is made only on PostgreSQL"
)


def test_a_fresh_database_is_dropped_when_its_use_fails_and_still_holds_a_connection():
    import psycopg

    name = f"{connection.settings_dict['NAME']}_fresh_{os.getpid()}"
    held = []
    with pytest.raises(RuntimeError), fresh_postgres(connection.settings_dict, name) as url:
        held.append(psycopg.connect(url))
        assert held[0].execute("SELECT current_database()").fetchone() == (name,)
        tables = held[0].execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
        raise RuntimeError("what used the database failed")
    try:
        with pytest.raises(psycopg.OperationalError, match="does not exist"):
            psycopg.connect(url).close()
    finally:
        held[0].close()


def test_a_name_postgresql_would_cut_short_is_refused_before_anything_is_made():
    with pytest.raises(ValueError, match="longer than PostgreSQL's 63 bytes"):
        with fresh_postgres(connection.settings_dict, "reach_" + "x" * 58):
            pass
