"""The upload pipeline: bytes in, an IngestResult out. Used by the web upload, the
background task and the API, so a return is judged the same way whichever way it comes.

Stages (each reported to `progress` as (percent, stage)): reading, checking columns,
checking values, collapsing. Nothing is stored here: a valid file is collapsed at once into
the count cube (DESIGN.md "counts, not people") and the caller stores the cube with
`store_result` (or returns.services.return_version_store) only when the result is ok and
every query is explained. The file itself is never kept: only its SHA-256, size and row
count travel on, for the audit record.
"""

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl
from django.conf import settings

from returns.ingest import reader, validate
from returns.ingest.codes import Lookups, load_lookups
from returns.ingest.columns import mapping_for_display, match_columns
from returns.ingest.context import FileCheck, QueryCheck
from returns.ingest.problems import Problem, Severity, concat, empty_frame, frame_of, to_problems
from returns.ingest.rules import REGISTRY, Refused, Stage, run_stage
from returns.ingest.rules.file import FILE_UNREADABLE, file_too_large

logger = logging.getLogger(__name__)

EXAMPLES_SHOWN = 10  # problems of each kind shown on the page; the CSV has them all
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ProblemGroup:
    """All problems of one kind: the rule's message, how many, and the first few."""

    code: str
    severity: str
    message: str
    count: int
    examples: list[Problem]


@dataclass
class IngestResult:
    problem_frame: pl.DataFrame
    file_sha256: str
    file_bytes: int
    file_name: str = ""
    row_count: int = 0
    records: pl.DataFrame | None = None  # the canonical record frame, when valid
    cube: object | None = None  # returns.cube.Cube, when valid
    column_mapping: list[dict[str, str]] = field(default_factory=list)
    kind: str = ""  # csv, xlsx or json
    encoding: str = ""
    separator: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def ok(self) -> bool:
        """No errors (queries may remain: they need an explanation, not a new file)."""
        return self.error_count == 0

    @cached_property
    def error_count(self) -> int:
        return self.problem_frame.filter(pl.col("severity") == Severity.ERROR).height

    @cached_property
    def problems(self) -> list[Problem]:
        return to_problems(self.problem_frame)

    @cached_property
    def queries(self) -> list[str]:
        """Codes of the queries the submitter must explain before the return is stored."""
        found = self.problem_frame.filter(pl.col("severity") == Severity.QUERY)
        return list(dict.fromkeys(found.get_column("code").to_list()))

    @property
    def needs_explanation(self) -> bool:
        return bool(self.queries)

    @cached_property
    def summary(self) -> dict[str, ProblemGroup]:
        """Problems grouped by kind, errors first, each with its total and first examples."""
        groups = {}
        counts = dict(self.problem_frame.get_column("code").value_counts().iter_rows())
        order = list(REGISTRY)
        ordered = sorted(
            counts, key=lambda c: (REGISTRY[c].severity != Severity.ERROR, order.index(c))
        )
        for code in ordered:
            rule = REGISTRY[code]
            examples = self.problem_frame.filter(pl.col("code") == code).head(EXAMPLES_SHOWN)
            groups[code] = ProblemGroup(
                code, str(rule.severity), rule.message, counts[code], to_problems(examples)
            )
        return groups

    def query_record(self) -> list[dict[str, str]]:
        """The queries as kept with the version: code, message and the value found."""
        found = self.problem_frame.filter(pl.col("severity") == Severity.QUERY)
        return [
            {"code": p["code"], "message": p["message"], "value": p["value"]}
            for p in found.iter_rows(named=True)
        ]


def read_and_validate(
    data: bytes,
    *,
    file_name: str,
    period,
    previous_total: int | None = None,
    progress: Progress | None = None,
    lookups: Lookups | None = None,
) -> IngestResult:
    """Read an uploaded CSV or XLSX file, check it against the standard and, if it has no
    errors, collapse it into the cube. Never raises for anything in the file."""
    report = progress or _silent
    result = _from_bytes(data, file_name, period, previous_total, report, lookups)
    report(100, "done")
    return result


def _from_bytes(data, file_name, period, previous_total, report, lookups) -> IngestResult:
    started = time.perf_counter()
    result = IngestResult(
        problem_frame=empty_frame(),
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_bytes=len(data),
        file_name=file_name,
    )
    report(0, "reading")
    check = FileCheck(data, file_name, getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024**2))
    result.problem_frame = run_stage(Stage.FILE, check)
    if result.problem_frame.height:
        return result
    try:
        sheet = reader.read(data)
    except Refused as refused:
        result.problem_frame = frame_of(refused.problems)
        return result
    except Exception:  # a parser failing on bytes it did not expect: the file's fault
        logger.warning("Upload %r could not be read", file_name, exc_info=True)
        result.problem_frame = frame_of([FILE_UNREADABLE.problem(value=file_name)])
        return result
    result.timings["reading"] = time.perf_counter() - started
    return _check(result, sheet, period, previous_total, report, lookups)


def ingest_json_rows(
    rows: list[dict],
    *,
    period,
    previous_total: int | None = None,
    progress: Progress | None = None,
    lookups: Lookups | None = None,
) -> IngestResult:
    """The same checks for records sent to the API as JSON (one object per referral,
    keyed by column name). Problem row N is the Nth record, counting from 1."""
    report = progress or _silent
    result = _from_rows(rows, period, previous_total, report, lookups)
    report(100, "done")
    return result


def _from_rows(rows, period, previous_total, report, lookups) -> IngestResult:
    payload = json.dumps(rows, default=str).encode()
    result = IngestResult(
        problem_frame=empty_frame(),
        file_sha256=hashlib.sha256(payload).hexdigest(),
        file_bytes=len(payload),
    )
    report(0, "reading")
    limit = getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024**2)
    result.problem_frame = file_too_large.run(FileCheck(payload, "records", limit))
    if result.problem_frame.height:
        return result
    if not isinstance(rows, list):
        result.problem_frame = frame_of(
            [FILE_UNREADABLE.problem(message="Send the records as a list of objects.")]
        )
        return result
    try:
        sheet = reader.from_rows(rows)
    except Refused as refused:
        result.problem_frame = frame_of(refused.problems)
        return result
    return _check(result, sheet, period, previous_total, report, lookups)


def _check(result, sheet, period, previous_total, report, lookups) -> IngestResult:
    result.kind, result.encoding, result.separator = sheet.kind, sheet.encoding, sheet.separator
    lap = time.perf_counter()
    report(20, "checking columns")
    lookups = lookups or load_lookups(on=period.start)
    columns = match_columns(sheet.headings, lookups.measures)
    result.column_mapping = mapping_for_display(columns)
    found = [run_stage(Stage.COLUMNS, columns)]
    result.problem_frame = concat(found)
    if result.problem_frame.height:
        return result

    report(35, "checking values")
    values = validate.value_check(sheet.frame, columns, lookups, period)
    result.row_count = values.frame.height
    found.append(run_stage(Stage.VALUES, values))
    if any(f.height for f in found):
        result.problem_frame = _ordered(concat(found))
        return result
    result.records = validate.records(values, lookups)
    found.append(
        run_stage(
            Stage.QUERIES,
            QueryCheck(
                records=result.records,
                headings=values.headings,
                previous_total=previous_total,
                not_stated=lookups.not_stated,
                high_level_ethnicity=lookups.high_level_ethnicity,
                labels={name: codes.labels for name, codes in lookups.lists.items()},
            ),
        )
    )
    result.problem_frame = _ordered(concat(found))
    result.timings["checking"] = time.perf_counter() - lap

    lap = time.perf_counter()
    report(80, "collapsing")
    from returns.cube import collapse, load_code_ids

    result.cube = collapse(result.records, load_code_ids())
    result.timings["collapsing"] = time.perf_counter() - lap
    return result


def _ordered(problems: pl.DataFrame) -> pl.DataFrame:
    """Whole-file problems first, then by row, as an officer works down the sheet."""
    return problems.sort("row", nulls_last=False, maintain_order=True)


def _silent(percent: int, stage: str) -> None:
    return None


def store_result(
    result: IngestResult,
    *,
    provider,
    area,
    period,
    channel: str,
    submitted_by=None,
    explanation: str = "",
):
    """Store an accepted result as the return's new version; refuse anything else.

    All-or-nothing (DESIGN.md, the assurance cycle step 2): a result with errors is never
    stored, and one with queries only with the submitter's explanation.
    """
    from returns.services import return_version_store

    if not result.ok or result.cube is None:
        raise ValueError("This return has errors: fix them and upload it again.")
    if result.queries and not explanation.strip():
        raise ValueError("This return has queries: explain them before submitting.")
    return return_version_store(
        provider=provider,
        area=area,
        period=period,
        cube=result.cube,
        channel=channel,
        submitted_by=submitted_by,
        file_name=result.file_name,
        file_sha256=result.file_sha256,
        file_bytes=result.file_bytes,
        row_count=result.row_count,
        queries=result.query_record(),
        explanation=explanation.strip() if result.queries else "",
    )


def problems_csv(result: IngestResult) -> bytes:
    """Every problem, for the officer to work through in Excel (formula-injection safe)."""
    from core.exports import frame_csv_bytes

    columns = {
        "row": "Row",
        "column": "Column",
        "value": "Value found",
        "message": "Problem",
        "allowed": "What is allowed",
        "severity": "Severity",
        "code": "Code",
    }
    frame = result.problem_frame.select(pl.col(k).alias(v) for k, v in columns.items())
    return frame_csv_bytes(frame)
