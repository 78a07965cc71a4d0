"""monitoring/cache.py `kept`: what is worked out from the reference data alone is kept in
the process until the reference data changes, and never from inside a transaction."""

import pytest

from monitoring import cache


def test_what_is_kept_is_worked_out_again_once_the_reference_data_changes(
    django_db_setup, django_db_blocker
):
    from reference.models import Sex

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with django_db_blocker.unblock():  # committed, as a worker's checks are
        sex = Sex.objects.order_by("pk").first()
        label = sex.label
        try:
            assert cache.kept("a test", 1, compute) == 1
            assert cache.kept("a test", 1, compute) == 1  # kept
            assert cache.kept("a test", 2, compute) == 2  # other parts: worked out
            sex.label = f"{label} (changed)"
            sex.save()  # committed at once: the reference data's generation rises
            assert cache.kept("a test", 1, compute) == 3
        finally:
            sex.label = label
            sex.save()


@pytest.mark.django_db
def test_nothing_is_kept_inside_a_transaction():
    """A test runs in a transaction: what it works out is never kept, since the
    transaction may change the reference data and roll back."""
    calls = []
    for _ in range(2):
        cache.kept("a test", 1, lambda: calls.append(1))
    assert len(calls) == 2


def test_one_uploads_mapping_never_reaches_the_lookups_of_the_next(
    django_db_setup, django_db_blocker
):
    """The lookups are kept and shared; a provider's value rule changes its own copy of
    the list it names, never the kept lists (checked outside a transaction, where they
    are kept)."""
    from returns.ingest.codes import load_lookups
    from returns.ingest.mapping import Mapping, value_key

    mapping = Mapping(values={"ethnicity": {value_key("Martian"): "7"}})
    with django_db_blocker.unblock():
        before = load_lookups()
        mapped = load_lookups(mapping=mapping)
        after = load_lookups()
    assert mapped.lists["ethnicity"].match("Martian") == "7"
    assert before.lists["ethnicity"].match("Martian") is None
    assert after.lists["ethnicity"].match("Martian") is None
    assert after.lists["ethnicity"].mapped == {}
    assert mapped.lists["sex"] is after.lists["sex"]  # what no rule names is shared
