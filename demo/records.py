"""Write demo referrals as record-level files in the data standard, for testing uploads.

One CSV a return: <out>/<period code>/<area slug>/<provider slug>.csv, with the data
standard's columns in order (returns/standard.py) and one column per outcome measure.
Late returns (not yet submitted in the demo database) get a file too, so an upload of
it can be tried.
"""

from pathlib import Path

import polars as pl

from demo.generator import canonical, generate_area_period, with_referral_ids
from demo.plan import DemoPlan


def to_file_values(records: pl.DataFrame) -> pl.DataFrame:
    """Canonical records → the values written in a file (interpreter as Y, N or blank)."""
    return records.with_columns(
        pl.when(pl.col("interpreter_needed"))
        .then(pl.lit("Y"))
        .when(pl.col("interpreter_needed").not_())
        .then(pl.lit("N"))
        .otherwise(pl.lit(None, pl.Utf8))
        .alias("interpreter_needed")
    )


def return_path(out: Path, period_code: str, area_slug: str, provider_slug: str) -> Path:
    return out / period_code / area_slug / f"{provider_slug}.csv"


def write_area_period(
    plan: DemoPlan, area, period_index: int, frame: pl.DataFrame, out: Path
) -> int:
    """Write one file per provider from an area-period frame; return the number written."""
    period = plan.periods[period_index]
    written = 0
    for position, spec in enumerate(plan.providers_in(area.code)):
        part = frame.filter(pl.col("provider") == position)
        records = canonical(with_referral_ids(part, f"R{period_index + 1}"))
        path = return_path(out, period.code, area.slug, spec.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        to_file_values(records).write_csv(path)
        written += 1
    return written


def write_records(plan: DemoPlan, out: Path) -> int:
    """Write every return of the plan as a CSV file; return the number of files."""
    written = 0
    for area in plan.areas:
        for index in range(len(plan.periods)):
            written += write_area_period(
                plan, area, index, generate_area_period(plan, area, index), out
            )
    return written
