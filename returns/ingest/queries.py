"""The queries of a valid return, from its counts: one function every channel calls.

An upload, the API, the web form and the confirmation step (returns.services.return_submit)
all run the query rules (returns/ingest/rules/queries.py) through `cube_queries`, so a
threshold or its words are never written twice.
"""

import polars as pl

from returns.cube import CELL_DIMENSIONS, CodeIds, Cube, load_code_ids
from returns.ingest.context import QueryCheck
from returns.ingest.problems import Severity
from returns.ingest.rules import Stage, run_stage

ETHNICITY_NOT_STATED = frozenset({"PNS", "NK"})


def query_check(
    cube: Cube,
    *,
    recorded,
    headings: dict[str, str],
    previous_total: int | None,
    replaced_total: int | None,
    codes: CodeIds | None = None,
    area=None,
) -> QueryCheck:
    """What the query rules read: the cube's referrals by each dimension, by code, and,
    given the return's `area`, its referrals from local authorities outside that area."""
    from reference import models as ref

    codes = codes or load_code_ids()
    counts: dict[str, dict[str, int]] = {}
    cells = cube.cells
    for name, (attr, column) in CELL_DIMENSIONS.items():
        by_id = {v: k for k, v in getattr(codes, attr).items()}
        if cells.height:
            grouped = cells.group_by(column).agg(pl.col("count").sum())
            counts[name] = {by_id[i]: int(n) for i, n in grouped.iter_rows()}
        else:
            counts[name] = {}
    high = frozenset(
        ref.EthnicGroup.objects.filter(level=ref.EthnicGroup.Level.HIGH_LEVEL).values_list(
            "code", flat=True
        )
    )
    if recorded is None:  # not said: every dimension holding something other than "not recorded"
        recorded = [n for n, by in counts.items() if set(by) - {"NR"}]
    return QueryCheck(
        total=cube.total,
        stated=cube.stated_ethnicity,
        counts=counts,
        recorded=frozenset(recorded) | {"ethnicity"},
        headings=headings,
        previous_total=previous_total,
        replaced_total=replaced_total,
        not_stated=frozenset(ref.ReferenceCode.NOT_STATED_CODES),
        high_level_ethnicity=high,
        labels=_Labels(),
        area_name=area.name if area is not None else "",
        outside_area=_outside(cube, area) if area is not None else {},
    )


def _outside(cube: Cube, area) -> dict[str, int]:
    """Local authority name → referrals, for the authorities of the cube outside `area`."""
    from reference.models import LocalAuthority

    places = cube.local_authorities
    if not places.height:
        return {}
    by_id = places.group_by("local_authority_id").agg(pl.col("count").sum())
    counts = dict(by_id.iter_rows())
    outside = LocalAuthority.objects.filter(pk__in=list(counts)).exclude(area=area)
    return {la.name: int(counts[la.pk]) for la in outside.order_by("name")}


class _Labels(dict):
    """Code labels by dimension, read only if a rule's message needs them."""

    def __missing__(self, name: str) -> dict[str, str]:
        from returns.ingest.codes import CODE_COLUMNS

        model = CODE_COLUMNS[name]
        self[name] = dict(model.objects.values_list("code", "label"))
        return self[name]


def query_frame(cube: Cube, **context) -> pl.DataFrame:
    return run_stage(Stage.QUERIES, query_check(cube, **context))


def query_records(frame: pl.DataFrame) -> list[dict[str, str]]:
    """The queries as kept with a submission and its version: code, message and value."""
    found = frame.filter(pl.col("severity") == Severity.QUERY)
    return [
        {"code": p["code"], "message": p["message"], "value": p["value"]}
        for p in found.iter_rows(named=True)
    ]


def cube_queries(cube: Cube, **context) -> list[dict[str, str]]:
    return query_records(query_frame(cube, **context))
