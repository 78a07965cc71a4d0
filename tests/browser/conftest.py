"""Browser tests: a real Reach server with the small demo data set, driven by Chromium.

The server runs `manage.py runserver` on a fresh database of its own, set up through the
same commands as `make run`, so these tests see what a person would see. The database
follows the rest of the suite: with DATABASE_URL on PostgreSQL, a new database on that
server, dropped when the session ends, however it ends; otherwise a new SQLite file.
Pages are checked with axe-core: no serious or critical accessibility violations.
Screenshots go to test-artifacts/screenshots/.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

from tests.processes import fresh_postgres

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "reach-demo-2026"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    """The environment of the test server and of every command run against its database:
    a fresh database set up as `make run` sets one up, on the suite's database server."""
    work = tmp_path_factory.mktemp("browser-server")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        SECRET_KEY="insecure-browser-test-key",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="reach.settings",
        _WORK=str(work),
    )
    with _fresh_database(work) as database:
        env.update(database)
        manage = [sys.executable, str(ROOT / "manage.py")]
        # The same set-up as `make run`: the standards before the demo, whose cycle needs them.
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_reference"],
            ["load_standards"],
            ["load_demo", "--size", "small", "--seed", "7"],
        ):
            done = subprocess.run(
                manage + command, env=env, cwd=ROOT, capture_output=True, text=True
            )
            if done.returncode:
                raise RuntimeError(f"manage.py {command[0]} failed:\n{done.stderr[-3000:]}")
        yield env


@contextlib.contextmanager
def _fresh_database(work: Path):
    """The server's database settings: with DATABASE_URL on PostgreSQL, a database of its
    own on that server (named after the suite's database and this process, so two runs
    or workers never share one), dropped at the end; otherwise a new SQLite file."""
    url = os.environ.get("DATABASE_URL")
    server = dj_database_url.parse(url) if url else {}
    if "postgresql" not in server.get("ENGINE", ""):
        yield {"SQLITE_PATH": str(work / "reach.sqlite3")}
        return
    with fresh_postgres(server, f"{server['NAME']}_browser_{os.getpid()}") as database_url:
        yield {"DATABASE_URL": database_url}


def server_shell(server_env, code: str) -> str:
    """What `manage.py shell -c code` prints, run by the server's own Django against the
    server's database."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=server_env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def server_answer(server_env, code: str) -> str:
    """The last line `code` prints, run as `server_shell` runs it."""
    return server_shell(server_env, code).strip().splitlines()[-1]


@pytest.fixture(scope="session")
def provider_email(server_env) -> str:
    """A demo provider's sign-in in West Midlands, read from the server's database."""
    code = (
        "from accounts.models import Membership;"
        "m = Membership.objects.filter(role='provider', provider__areas__slug='west-midlands')"
        ".order_by('provider__name').select_related('user').first(); print(m.user.username)"
    )
    return server_answer(server_env, code)


@pytest.fixture(scope="session")
def server(server_env):
    env, work = server_env, Path(server_env["_WORK"])
    port = _free_port()
    log = open(work / "server.log", "w")  # noqa: SIM115 - closed at teardown
    # As `make run` serves: Django's server and a task worker beside it (scripts/serve.py).
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        raise RuntimeError((work / "server.log").read_text())
    yield base
    process.terminate()
    process.wait(timeout=60)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread for the whole session;
    # `make test` runs these tests in a process of their own, and they reach the database
    # only through the server they start.

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


# The demo accounts' authenticator secret (demo/users.py), and the last code step each
# account has used: an authenticator code is accepted once, so a second sign-in within
# the same 30 seconds uses the next step's code (accepted one step early) or waits.
DEMO_TOTP_KEY = b"Reach demo 2026 TOTP"
_last_step: dict[str, int] = {}


def server_log(server_env) -> str:
    """What the test server has printed: its console email backend writes emails there."""
    return (Path(server_env["_WORK"]) / "server.log").read_text()


def demo_code(email: str, key: bytes = DEMO_TOTP_KEY) -> str:
    """The demo authenticator's code for the earliest 30-second step this account has not
    used yet (RFC 6238, as django-otp checks it)."""
    from django_otp.oath import hotp

    now = int(time.time() // 30)
    step = max(now, _last_step.get(email, -1) + 1)
    if step > now + 1:  # both usable steps are spent: wait for the next one
        time.sleep(max(0.0, (step - 1) * 30 - time.time()) + 0.5)
    _last_step[email] = step
    return f"{hotp(key, step, digits=6):06d}"


# Each account's session cookies after its first sign-in in this run. Signing in again
# reuses them while the server still honours the session: an authenticator code is good
# once per 30 seconds, so signing in afresh each time would mostly wait for the clock.
_sessions: dict[str, list] = {}


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as `email` in this page's browser context, with the password and a code."""
    key = email
    cookies = _sessions.get(key)
    if cookies and password == DEMO_PASSWORD:
        page.context.clear_cookies()
        page.context.add_cookies(cookies)
        page.goto("/account/")
        if "/account/sign-in/" not in page.url and "/account/two-factor/" not in page.url:
            page.goto("/")
            return
        _sessions.pop(key, None)
        page.context.clear_cookies()
    _sign_in_afresh(page, email, password)
    if password == DEMO_PASSWORD:
        _sessions[key] = page.context.cookies()


def _sign_in_afresh(page, email: str, password: str) -> None:
    page.goto("/account/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button:has-text('Continue')")
    page.wait_for_load_state()
    assert "/account/two-factor/" in page.url, f"password refused for {email}"
    page.fill("#id_code", demo_code(email))
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    assert "/account/" not in page.url, f"sign-in failed for {email}"


def check_accessibility(page) -> None:
    """Run axe-core on the page: no serious or critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: accessibility violations:\n" + "\n".join(bad)


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
