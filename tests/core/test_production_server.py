"""The production server as it runs: gunicorn with reach/gunicorn.conf.py, its own
process, answering over a socket."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import process_env

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_serves_reach_and_names_no_server(db, tmp_path):
    port = _free_port()
    settings = dict(
        HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="1", ALLOWED_HOSTS="127.0.0.1"
    )
    with process_env(tmp_path, **settings) as env:
        log = _serve_and_fetch(env, port)
    # The access log names the page, not the query string or anything sent.
    assert '"GET /account/sign-in/" 200' in log


def _serve_and_fetch(env, port) -> str:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "reach/gunicorn.conf.py", "reach.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/account/sign-in/")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.2)
        assert response.status == 200
        assert b"Sign in" in response.read()
        assert response.headers.get("Server") is None
        assert response.headers.get("X-Frame-Options") == "DENY"
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0].decode()
    return log
