"""A real HTTP server for the API inside a test, on the test's own database connection.

Requests are served one at a time in a thread that borrows the test's connection, so the
server sees the test's data and everything it writes is rolled back with the test, on
SQLite and PostgreSQL alike (a transactional live server would empty the reference data
loaded once per database). The test thread only waits while a request is served, so the
connection is never used by two threads at once.
"""

import contextlib
import threading

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.test.testcases import QuietWSGIRequestHandler


class _Server(threading.Thread):
    def __init__(self, connection):
        super().__init__(daemon=True)
        self.connection = connection
        self.ready = threading.Event()
        self.httpd = WSGIServer(("127.0.0.1", 0), QuietWSGIRequestHandler, ipv6=False)
        self.httpd.set_app(WSGIHandler())
        self.port = self.httpd.server_address[1]

    def run(self):
        connections[DEFAULT_DB_ALIAS] = self.connection
        self.ready.set()
        self.httpd.serve_forever(poll_interval=0.05)


@contextlib.contextmanager
def api_server():
    """Serve the project on 127.0.0.1 (a free port); yields the base address."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.inc_thread_sharing()
    # As the test client does: a request must not close the connection the test holds.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    server = _Server(connection)
    server.start()
    server.ready.wait()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.join()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        connection.dec_thread_sharing()
