"""Shared fixtures: reference data loaded once, and the named actors of every access test.

The actors (healthchecks-style, their names carry the rules):
- `provider_a_user`: staff of a provider serving area A only;
- `commissioner_a`: the commissioner's office of area A;
- `commissioner_b`: the commissioner's office of area B (must see nothing of A);
- `assessor`: the Ministry of Justice grant team (sees everything);
- anonymous: the `client` fixture without signing in.
"""

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

from tests.factories import make_membership, make_period, make_provider, make_user

# Property-based tests explore the same examples on every run, so CI cannot fail by luck.
hypothesis_settings.register_profile("reach", derandomize=True, database=None)
hypothesis_settings.load_profile("reach")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrate, then load the real reference data and the Quality Standards once per test database."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        call_command("load_standards", verbosity=0)


@pytest.fixture(autouse=True)
def _public_api_not_limited(monkeypatch):
    """The public rate per address is lifted, so tests that make many requests (or that
    commit, outside a test's transaction) are never refused; tests that are about the
    limit set their own (tests/api/test_published.py, tests/publication/test_rate.py)."""
    from publication import limits

    monkeypatch.setattr(limits, "PUBLIC_RATE", "100000/min")


@pytest.fixture
def one_rate_window(monkeypatch):
    """The public rate's clock held at one moment, half a minute into its minute: a
    test's requests then fall in one window of the limit however slowly each is
    answered (the windows are fixed minutes of the clock, publication/limits.py)."""
    import types

    from django.utils import timezone

    from publication import limits

    moment = timezone.now().replace(second=30, microsecond=0)
    monkeypatch.setattr(limits, "timezone", types.SimpleNamespace(now=lambda: moment))
    return moment


@pytest.fixture(autouse=True)
def _force_login_gives_both_factors(monkeypatch):
    """`client.force_login(user)` signs in as fully as a person can: password and a
    verified second factor (a confirmed authenticator app). Tests of the second factor
    itself sign in through the pages (tests/accounts/)."""
    from django.test import Client

    from tests.factories import sign_in_both_factors

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend or "accounts.backends.EmailBackend")
        sign_in_both_factors(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings, tmp_path):
    """Background tasks run in the test's own thread; uploads wait in a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.INCOMING_DIR = tmp_path / "incoming"


@pytest.fixture
def period(db):
    """The latest complete six-month period: April to September 2026."""
    return make_period(2026, "H1")


@pytest.fixture
def area_a(db):
    from reference.models import Area

    return Area.objects.get(code="E23000014")  # West Midlands


@pytest.fixture
def area_b(db):
    from reference.models import Area

    return Area.objects.get(code="W15000003")  # South Wales


@pytest.fixture
def provider_a(area_a):
    return make_provider(name="Area A Victim Care", areas=[area_a])


@pytest.fixture
def provider_b(area_b):
    return make_provider(name="Area B Support", areas=[area_b])


@pytest.fixture
def provider_a_user(provider_a):
    user = make_user("provider.a@example.org")
    make_membership(user, "provider", provider=provider_a)
    return user


@pytest.fixture
def provider_b_user(provider_b):
    user = make_user("provider.b@example.org")
    make_membership(user, "provider", provider=provider_b)
    return user


@pytest.fixture
def commissioner_a(area_a):
    user = make_user("commissioner.a@example.org")
    make_membership(user, "commissioner", area=area_a)
    return user


@pytest.fixture
def commissioner_b(area_b):
    user = make_user("commissioner.b@example.org")
    make_membership(user, "commissioner", area=area_b)
    return user


@pytest.fixture
def assessor(db):
    user = make_user("assessor@example.gov.uk")
    make_membership(user, "assessor")
    return user


@pytest.fixture
def actors(provider_a_user, commissioner_a, commissioner_b, assessor):
    return {
        "anonymous": None,
        "provider_a": provider_a_user,
        "commissioner_a": commissioner_a,
        "commissioner_b": commissioner_b,
        "assessor": assessor,
    }
