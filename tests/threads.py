"""For tests of writers at once: threads acting against the database together, each on a
connection of its own, as two requests or two runs would."""

import threading

import pytest
from django.db import connection


def postgresql_only() -> None:
    """Skip the test on SQLite: its test database is in memory, where a second writer is
    refused at once ("table is locked") rather than queued as the file database does."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is in memory: writers fail rather than queue")


def at_once(work, threads: int = 2, timeout: float = 60) -> list[Exception]:
    """Run `work` in `threads` threads started together, each closing its own connection
    when it ends; wait up to `timeout` seconds for each. What they raised, to be asserted
    in the test's own thread."""
    failed: list[Exception] = []

    def run():
        try:
            work()
        except Exception as error:
            failed.append(error)
        finally:
            connection.close()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=timeout)
    return failed
