"""The validation rules, one module per family, and the registry listing them all.

Importing this package registers every rule in `REGISTRY` (code -> Rule), ordered by
stage (file, columns, values, queries), the order they run and are reported in.
`python -c "from returns.ingest.rules import REGISTRY; print(*REGISTRY)"` lists them;
returns/ingest/dictionary.py `rules_table()` gives them to the data dictionary page.
"""

from returns.ingest.rules import (
    ages,
    columns,
    dates,
    explanations,
    file,
    queries,
    referrals,
    values,
)
from returns.ingest.rules.base import REGISTRY, Refused, Rule, Stage, run_stage

FAMILIES = (file, columns, values, dates, ages, referrals, queries, explanations)

_by_stage = sorted(REGISTRY.values(), key=lambda r: list(Stage).index(r.stage))  # stable
REGISTRY.clear()
REGISTRY.update((r.code, r) for r in _by_stage)

__all__ = ["REGISTRY", "FAMILIES", "Refused", "Rule", "Stage", "run_stage"]
