"""The small demo data set, built once per test module through `manage.py load_demo`.

Built inside a transaction that is rolled back after the module, so other tests start
from an empty database as usual.
"""

import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """(manifest dict, manifest path) of the small demo data set, seed 2026."""
    path = tmp_path_factory.mktemp("demo") / "manifest.json"
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("load_demo", "--size", "small", "--manifest", str(path), verbosity=0)
        yield json.loads(path.read_text()), path
        transaction.set_rollback(True)
