"""Figures computed from the current versions, kept for every process and machine.

Dashboards and the national view are functions of the versions that count and of the
reference data, and those change only when a return does (docs/architecture.md,
"Figures cache"). So what they compute is kept in Django's database cache (the
`figures` cache, a table made by monitoring's migrations), under a key made of:

- the figures' generation, a counter raised after every change of a current version
  (`figures_changed`, called by returns/services/versions.py wherever
  `Return.current_version` moves) and after reference data is loaded;
- the ids of the current versions the reader may see, and what else the figures are
  read for (area, periods, filters), so that two people share figures only where they
  see exactly the same returns.

Nothing is trusted to expire: a change of version makes every earlier key unreachable.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE = "figures"
GENERATION = "figures:generation"
T = TypeVar("T")


def _cache():
    return caches[CACHE]


def generation() -> int:
    value = _cache().get(GENERATION)
    if value is None:
        _cache().add(GENERATION, 1, timeout=None)
        value = _cache().get(GENERATION, 1)
    return value


def _raise_generation() -> None:
    cache = _cache()
    try:
        cache.incr(GENERATION)
    except ValueError:  # not there yet (or culled): any new value is a new generation
        cache.set(GENERATION, generation() + 1, timeout=None)


def figures_changed() -> None:
    """Every figure computed before now is out of date: called when a current version
    changes, once the change is committed (so no reader caches the state before it)."""
    transaction.on_commit(_raise_generation)


def cached(kind: str, parts, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before for the same `kind`, `parts` and generation.

    `parts` must hold everything the result depends on besides the current versions'
    contents: the version ids the reader sees, the areas, periods and filters.
    """
    text = json.dumps([kind, generation(), parts], sort_keys=True, default=str)
    key = f"figures:{kind.replace(' ', '-')}:{hashlib.sha256(text.encode()).hexdigest()}"
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
