"""What is kept of a checked file's problems, and for how long (docs/returns.md, "What is kept").

- For good: each problem's row, column and kind (`summary`, `problem_list`). Never a value.
- While the provider fixes the file (DETAIL_HOURS, then removed by the sweep): the values
  found and the messages that quote them (`detail_examples`, `detail_csv`), and the
  headings and labels the provider may map. Even then, a value that looks personal
  (returns/ingest/personal.py) is replaced by WITHHELD, and its message by the rule's own.

A heading that looks personal (a file whose first row is a record, not headings) is
withheld everywhere: the column is then named by its position.
"""

import gzip
from dataclasses import dataclass

import polars as pl

from returns.ingest.personal import WITHHELD, looks_personal, matches_pattern
from returns.ingest.rules import REGISTRY

EXAMPLES_SHOWN = 10  # problems of each kind shown on the page; the CSV has them all
TO_MAP_SHOWN = 50  # labels of each column offered on the mapping page
_MAPPABLE = ("unknown_code", "ambiguous_value")


@dataclass
class KeptProblems:
    summary: list[dict]
    problem_list: bytes | None
    detail_examples: dict | None
    detail_csv: bytes | None


def _gzip_csv(frame: pl.DataFrame) -> bytes:
    from core.exports import frame_csv_bytes

    return gzip.compress(frame_csv_bytes(frame))


def safe_heading(heading: str | None) -> str:
    """A heading as it may be kept: withheld if it looks like a record's value."""
    heading = heading or ""
    return "[withheld heading]" if matches_pattern(heading) else heading


def _redacted(result) -> pl.DataFrame:
    """The problem frame with every personal-looking value (and the message quoting it)
    replaced, and personal-looking headings withheld."""
    frame = result.problem_frame
    if not frame.height:
        return frame
    fields = result.column_fields
    vocabularies = result.vocabularies
    withheld = {}
    counted = frame.group_by("column", "value").agg(pl.len().alias("rows"))
    for column, value, rows in counted.iter_rows():
        field = fields.get(column)
        vocabulary = vocabularies.get(field) if field else None
        withheld[(column, value)] = looks_personal(value or "", vocabulary=vocabulary, rows=rows)
    pairs = frame.select(pl.struct("column", "value").alias("key")).to_series().to_list()
    hide = pl.Series([withheld[(p["column"], p["value"])] for p in pairs], dtype=pl.Boolean)
    generic = frame.get_column("code").replace_strict(
        {code: rule.message for code, rule in REGISTRY.items()}, default="", return_dtype=pl.String
    )
    headings = {c: safe_heading(c) for c in frame.get_column("column").unique().to_list()}
    hidden_heading = frame.get_column("column").replace_strict(
        {c: c != h for c, h in headings.items()}, default=False, return_dtype=pl.Boolean
    )
    hide = hide | hidden_heading
    return frame.with_columns(
        value=pl.when(hide).then(pl.lit(WITHHELD)).otherwise(pl.col("value")),
        message=pl.when(hide).then(generic).otherwise(pl.col("message")),
        column=pl.col("column").replace_strict(headings, default=pl.col("column")),
    )


def kept_problems(result) -> KeptProblems:
    frame = result.problem_frame
    if not frame.height:
        return KeptProblems([], None, None, None)
    redacted = _redacted(result)
    order = list(REGISTRY)
    counts = dict(frame.get_column("code").value_counts().iter_rows())
    severities = ("error", "query", "note")
    codes = sorted(
        counts, key=lambda c: (severities.index(str(REGISTRY[c].severity)), order.index(c))
    )
    summary, examples = [], {}
    for code in codes:
        rule = REGISTRY[code]
        first = redacted.filter(pl.col("code") == code).head(EXAMPLES_SHOWN)
        summary.append(
            {
                "code": code,
                "severity": str(rule.severity),
                "message": rule.message,
                "count": counts[code],
                "examples": [
                    {"row": r["row"], "column": r["column"]} for r in first.iter_rows(named=True)
                ],
            }
        )
        examples[code] = [
            {k: r[k] for k in ("row", "column", "value", "message", "allowed")}
            for r in first.iter_rows(named=True)
        ]
    kinds = redacted.select(
        pl.col("row").alias("Row"),
        pl.col("column").alias("Column"),
        pl.col("code")
        .replace_strict(
            {c: r.message for c, r in REGISTRY.items()}, default="", return_dtype=pl.String
        )
        .alias("Problem"),
        pl.col("severity").alias("Severity"),
        pl.col("code").alias("Code"),
    )
    detail = redacted.select(
        pl.col("row").alias("Row"),
        pl.col("column").alias("Column"),
        pl.col("value").alias("Value found"),
        pl.col("message").alias("Problem"),
        pl.col("allowed").alias("What is allowed"),
        pl.col("severity").alias("Severity"),
        pl.col("code").alias("Code"),
    )
    return KeptProblems(
        summary=summary,
        problem_list=_gzip_csv(kinds),
        detail_examples={"examples": examples, "to_map": to_map(result, redacted)},
        detail_csv=_gzip_csv(detail),
    )


def to_map(result, redacted: pl.DataFrame) -> dict:
    """What the provider could map: headings left out or missing, and labels not read."""
    labels = []
    found = redacted.filter(pl.col("code").is_in(_MAPPABLE) & (pl.col("value") != WITHHELD))
    if found.height:
        grouped = (
            found.group_by("column", "value", "code")
            .agg(pl.len().alias("count"), pl.col("row").min().alias("first_row"))
            .sort("column", "first_row")
        )
        per_column: dict[str, int] = {}
        for r in grouped.iter_rows(named=True):
            per_column[r["column"]] = per_column.get(r["column"], 0) + 1
            if per_column[r["column"]] > TO_MAP_SHOWN:
                continue
            labels.append(
                {
                    "column": r["column"],
                    "field": result.column_fields.get(r["column"], ""),
                    "value": r["value"],
                    "count": r["count"],
                    "ambiguous": r["code"] == "ambiguous_value",
                    "options": result.ambiguous_options.get(
                        (result.column_fields.get(r["column"], ""), r["value"]), []
                    ),
                }
            )
    headings = [
        {"heading": safe_heading(m["heading"]), "position": i}
        for i, m in enumerate(result.column_mapping)
        if not m["column"]
        and m["how"] in ("unknown", "unnamed")
        and m["heading"]
        and safe_heading(m["heading"]) == m["heading"]
    ]
    missing = [
        r["column"]
        for r in redacted.filter(pl.col("code") == "missing_column").iter_rows(named=True)
    ]
    return {"labels": labels, "headings": headings, "missing": missing}
