"""Figures computed from the current versions, kept for every process and machine.

Dashboards and the national view are functions of the versions that count and of the
reference data, and those change only when a return or the reference data does
(docs/architecture.md, "Figures cache"). So what they compute is kept in Django's
database cache (the `figures` cache, a table made by monitoring's migrations), under a
key made of:

- the figures' generation, a counter raised after every change of a current version
  (`figures_changed`, called by returns/services/versions.py wherever
  `Return.current_version` moves), after reference data is loaded, and after any row of
  the reference data is saved or deleted however it is done (the admin, the shell: the
  signals connected by `watch_reference`, from monitoring/apps.py);
- the ids of the current versions the reader may see, and what else the figures are
  read for (area, periods, filters), so that two people share figures only where they
  see exactly the same returns.

Nothing is trusted to expire: a new generation makes every earlier key unreachable. A
generation that is lost (culled from a full cache) starts again from the clock, past
every earlier one. The sweep deletes the rows of earlier generations and those past
their time (`figures_prune`).

What is worked out from the reference data alone (an upload's lookups: every accepted
spelling of every code) is kept in each process instead, by `kept`, under the reference
data's own generation, which only a change of reference data raises.
"""

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

CACHE = "figures"
GENERATION = "figures:generation"
REFERENCE_GENERATION = "reference:generation"
KEPT_ENTRIES = 8  # results `kept` in a process at once
T = TypeVar("T")


def _cache():
    return caches[CACHE]


def generation(key: str = GENERATION) -> int:
    value = _cache().get(key)
    if value is None:
        # New, or culled: microseconds since 1970 are past every generation used before.
        _cache().add(key, time.time_ns() // 1000, timeout=None)
        value = _cache().get(key, 1)
    return value


def _raise_generation(key: str = GENERATION) -> None:
    cache = _cache()
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or culled): any new value is a new generation
        cache.set(key, generation(key) + 1, timeout=None)


def _raise_reference_generation() -> None:
    """The reference data changed: so did every figure worked out from it."""
    _raise_generation(REFERENCE_GENERATION)
    _raise_generation()


def figures_changed() -> None:
    """Every figure computed before now is out of date: called when a current version or
    the reference data changes, once the change is committed (so no reader caches the
    state before it)."""
    transaction.on_commit(_raise_generation)


_quiet = threading.local()


def reference_changed() -> None:
    """The reference data changed: every figure computed before now is out of date, and
    so is everything `kept` (raised once the change is committed)."""
    transaction.on_commit(_raise_reference_generation)


@contextmanager
def reference_loading() -> Iterator[None]:
    """Reference data loaded row by row raises the generations once, at the end."""
    _quiet.active = True
    try:
        yield
    finally:
        _quiet.active = False
        reference_changed()


def _reference_changed(sender, **kwargs) -> None:
    if not getattr(_quiet, "active", False):
        reference_changed()


def watch_reference() -> None:
    """Raise the generation whenever any row of the reference data (groups, areas, local
    authorities, populations, rates, code lists) is saved or deleted."""
    for model in apps.get_app_config("reference").get_models():
        for signal in (post_save, post_delete):
            signal.connect(_reference_changed, sender=model, dispatch_uid=f"figures:{model}")


def figures_prune(*, now=None) -> int:
    """Delete the kept figures of earlier generations and those past their time: the
    number of rows deleted."""
    cache = _cache()
    db = router.db_for_write(cache.cache_model_class)
    link = connections[db]
    table = link.ops.quote_name(settings.CACHES[CACHE]["LOCATION"])
    key, expires = link.ops.quote_name("cache_key"), link.ops.quote_name("expires")
    now = link.ops.adapt_datetimefield_value((now or timezone.now()).replace(microsecond=0))
    with transaction.atomic(using=db), link.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {key} NOT IN (%s, %s) "
            f"AND ({key} NOT LIKE %s OR {expires} < %s)",
            [
                cache.make_key(GENERATION),
                cache.make_key(REFERENCE_GENERATION),
                cache.make_key(f"figures:g{generation()}:") + "%",
                now,
            ],
        )
        return cursor.rowcount


def cached(kind: str, parts, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before for the same `kind`, `parts` and generation.

    `parts` must hold everything the result depends on besides the current versions'
    contents: the version ids the reader sees, the areas, periods and filters.
    """
    current = generation()
    text = json.dumps([kind, current, parts], sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = f"figures:g{current}:{kind.replace(' ', '-')}:{digest}"
    cache = _cache()
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value)
    except Exception:  # a cache that cannot be written never stops a page
        logger.warning("Figures not cached: %s", kind, exc_info=True)
    return value


def versions_seen(user, periods, area=None) -> list[int]:
    """The ids of the current versions `user` may see for these periods (and area)."""
    from returns.models import Return

    visible = Return.objects.visible_to(user).filter(
        period__in=periods, current_version__isnull=False
    )
    if area is not None:
        visible = visible.filter(area=area)
    return sorted(visible.values_list("current_version_id", flat=True))


def areas_seen(user) -> list[int]:
    from reference.models import Area

    return sorted(Area.objects.visible_to(user).values_list("pk", flat=True))


_kept: dict[tuple, object] = {}
_kept_lock = threading.Lock()


def kept(kind: str, parts, compute: Callable[[], T]) -> T:
    """`compute()`, a function of the reference data alone (and of `parts`), kept in this
    process while the reference data's generation stays the same.

    Inside a transaction it is worked out afresh: the transaction may change the
    reference data and roll back, and what was kept would then be wrong. What is
    returned is shared: a caller that changes it must copy it first.
    """
    if transaction.get_connection().in_atomic_block:
        return compute()
    key = (kind, generation(REFERENCE_GENERATION), parts)
    with _kept_lock:
        found = _kept.get(key)
    if found is not None:
        return found
    value = compute()
    with _kept_lock:
        while len(_kept) >= KEPT_ENTRIES:
            _kept.pop(next(iter(_kept)))
        _kept[key] = value
    return value
