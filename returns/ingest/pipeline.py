"""The upload pipeline: bytes in, an IngestResult out. Used by the background check of an
upload or API file and by the API's JSON rows, so a return is judged the same way
whichever way it comes.

Stages (each reported to `progress` as (percent, stage)): reading, checking columns,
checking values, collapsing, queries. Nothing is stored here: a valid file is collapsed
at once into the count cube (docs/adr/0001-counts-not-people.md) and waits, as counts,
for the provider to confirm it (returns.services.submission_settle, then
returns.services.return_submit, the one door). The file itself is never kept: only its
SHA-256, size and row count travel on, for the audit record.
"""

import contextvars
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from returns.ingest import reader, validate
from returns.ingest.codes import Lookups, load_lookups
from returns.ingest.columns import (
    coded_heading,
    known_heading,
    mapping_for_display,
    match_columns,
    match_table,
)
from returns.ingest.context import AGE, FileCheck
from returns.ingest.labels import Ambiguous
from returns.ingest.problems import Problem, Severity, concat, empty_frame, frame_of, to_problems
from returns.ingest.queries import query_check
from returns.ingest.rules import REGISTRY, Refused, Stage, run_stage
from returns.ingest.rules.columns import MAPPING_APPLIED, SAMPLE_SIZE
from returns.ingest.rules.file import (
    FILE_UNREADABLE,
    check_time_limit,
    file_too_large,
    refuse_if_too_long,
    upload_limit,
)

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
    recorded: list[str] = field(default_factory=list)  # dimensions the file holds
    headings: dict[str, str] = field(default_factory=dict)  # field -> heading in the file
    column_fields: dict[str, str] = field(default_factory=dict)  # heading -> field
    vocabularies: dict[str, frozenset] = field(default_factory=dict)  # field -> label words
    ambiguous_options: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    mapping_used: list[dict[str, str]] = field(default_factory=list)

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
        """Codes of the queries the submitter must explain before the return is sent."""
        found = self.problem_frame.filter(pl.col("severity") == Severity.QUERY)
        return list(dict.fromkeys(found.get_column("code").to_list()))

    @cached_property
    def summary(self) -> dict[str, ProblemGroup]:
        """Problems grouped by kind, errors first, each with its total and first examples."""
        groups = {}
        counts = dict(self.problem_frame.get_column("code").value_counts().iter_rows())
        order = list(REGISTRY)
        severities = (Severity.ERROR, Severity.QUERY, Severity.NOTE)
        ordered = sorted(
            counts, key=lambda c: (severities.index(REGISTRY[c].severity), order.index(c))
        )
        for code in ordered:
            rule = REGISTRY[code]
            examples = self.problem_frame.filter(pl.col("code") == code).head(EXAMPLES_SHOWN)
            groups[code] = ProblemGroup(
                code, str(rule.severity), rule.message, counts[code], to_problems(examples)
            )
        return groups

    def _records(self, severity: Severity) -> list[dict[str, str]]:
        found = self.problem_frame.filter(pl.col("severity") == severity)
        return [
            {"code": p["code"], "message": p["message"], "value": p["value"]}
            for p in found.iter_rows(named=True)
        ]

    def query_record(self) -> list[dict[str, str]]:
        """The queries as kept with the version: code, message and the value found."""
        return self._records(Severity.QUERY)

    def note_record(self) -> list[dict[str, str]]:
        """What the check says without asking anything: columns left out, not recorded, ..."""
        from returns.ingest.report import safe_heading

        notes = []
        for p in self.problem_frame.filter(pl.col("severity") == Severity.NOTE).iter_rows(
            named=True
        ):
            safe = safe_heading(p["column"]) == (p["column"] or "")
            message = p["message"] if safe else REGISTRY[p["code"]].message
            notes.append({"code": p["code"], "message": message})
        return notes

    def context(self) -> dict:
        """What the query rules need to run again at confirmation (returns.services.return_submit)."""
        return {"recorded": self.recorded, "headings": self.headings}


def read_and_validate(
    data: bytes,
    *,
    file_name: str,
    period,
    previous_total: int | None = None,
    replaced_total: int | None = None,
    progress: Progress | None = None,
    lookups: Lookups | None = None,
    mapping=None,
) -> IngestResult:
    """Read an uploaded CSV or XLSX file, check it against the standard and, if it has no
    errors, collapse it into the cube. Never raises for anything in the file."""
    report = progress or _silent

    def report_in_time(percent: int, stage: str) -> None:
        refuse_if_too_long()
        report(percent, stage)

    digest = _Digest(data)
    context = _Context(
        period, previous_total, replaced_total, report_in_time, lookups, mapping, digest
    )
    with check_time_limit():
        try:
            result = _from_bytes(data, file_name, context)
        except Refused as refused:  # a limit reached after reading (rules/file.py)
            result = IngestResult(
                problem_frame=frame_of(refused.problems),
                file_sha256="",
                file_bytes=len(data),
                file_name=file_name,
            )
    result.file_sha256 = digest.hexdigest()
    report(100, "Checked")
    return result


class _Digest:
    """The file's SHA-256. For a large file it is worked out on a second core once the
    file has been parsed (`start`), while it is checked: the parse itself keeps both cores
    busy (hashlib lets go of the interpreter lock while it hashes a large buffer)."""

    THREAD_FROM = 1 << 20  # bytes: a smaller file is hashed when asked

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._value = ""
        self._thread = None

    def start(self) -> None:
        if self._thread is None and not self._value and len(self._data) >= self.THREAD_FROM:
            self._thread = threading.Thread(target=self._hash, daemon=True)
            self._thread.start()

    def _hash(self) -> None:
        self._value = hashlib.sha256(self._data).hexdigest()

    def hexdigest(self) -> str:
        if self._thread is not None:
            self._thread.join()
        elif not self._value:
            self._hash()
        return self._value


@dataclass
class _Context:
    period: object
    previous_total: int | None
    replaced_total: int | None
    report: Progress
    lookups: Lookups | None
    mapping: object | None
    digest: _Digest | None = None  # the upload's, started once the file is parsed


def _from_bytes(data, file_name, context: _Context) -> IngestResult:
    started = time.perf_counter()
    result = IngestResult(
        problem_frame=empty_frame(),
        file_sha256="",  # read_and_validate fills it in
        file_bytes=len(data),
        file_name=file_name,
    )
    context.report(0, "Reading the file")
    check = FileCheck(data, file_name, upload_limit())
    result.problem_frame = run_stage(Stage.FILE, check)
    if result.problem_frame.height:
        return result
    lookups = context.lookups or load_lookups(on=context.period.start, mapping=context.mapping)
    context.lookups = lookups
    table = match_table(lookups.measures)
    try:
        sheet = reader.read(
            data,
            heading=lambda text: known_heading(text, table),
            coded=lambda text: coded_heading(text, table, context.mapping),
        )
    except Refused as refused:
        result.problem_frame = frame_of(refused.problems)
        return result
    except Exception:  # a parser failing on bytes it did not expect: the file's fault
        logger.warning("An upload could not be read", exc_info=True)
        result.problem_frame = frame_of([FILE_UNREADABLE.problem(value=file_name)])
        return result
    result.timings["reading"] = time.perf_counter() - started
    if context.digest is not None:
        context.digest.start()
    return _check(result, sheet, context)


def ingest_json_rows(
    rows: list[dict],
    *,
    period,
    previous_total: int | None = None,
    replaced_total: int | None = None,
    progress: Progress | None = None,
    lookups: Lookups | None = None,
    mapping=None,
) -> IngestResult:
    """The same checks for records sent to the API as JSON (one object per referral,
    keyed by column name). Problem row N is the Nth record, counting from 1."""
    report = progress or _silent
    context = _Context(period, previous_total, replaced_total, report, lookups, mapping)
    result = _from_rows(rows, context)
    report(100, "Checked")
    return result


def _from_rows(rows, context: _Context) -> IngestResult:
    payload = json.dumps(rows, default=str).encode()
    result = IngestResult(
        problem_frame=empty_frame(),
        file_sha256=hashlib.sha256(payload).hexdigest(),
        file_bytes=len(payload),
    )
    context.report(0, "Reading the records")
    result.problem_frame = file_too_large.run(FileCheck(payload, "records", upload_limit()))
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
    return _check(result, sheet, context)


def _samples(sheet, positions: list[int]) -> dict[int, list[str]]:
    """The first values of columns Reach does not read, to see whether they look personal."""
    out = {}
    for position in positions:
        values = sheet.frame.get_column(f"c{position}").drop_nulls().head(SAMPLE_SIZE)
        out[position] = [v for v in values.to_list() if v and v.strip()]
    return out


def _check(result, sheet, context: _Context) -> IngestResult:
    result.kind, result.encoding, result.separator = sheet.kind, sheet.encoding, sheet.separator
    lap = time.perf_counter()
    context.report(20, "Checking the columns")
    lookups = context.lookups or load_lookups(on=context.period.start, mapping=context.mapping)
    mapping = context.mapping
    columns = match_columns(
        sheet.headings,
        lookups.measures,
        mapping=mapping,
        header_row=sheet.header_row,
        footer_rows=sheet.footer_rows,
    )
    left_out = [m.position for m in columns.matches if m.field is None]
    columns.samples.update(_samples(sheet, left_out))
    result.column_mapping = mapping_for_display(columns)
    used = [m for m in columns.matches if m.field]
    result.column_fields = {m.heading: ("age_band" if m.field == AGE else m.field) for m in used}
    result.headings = {("age_band" if m.field == AGE else m.field): m.heading for m in used}
    result.recorded = sorted(
        {("age_band" if m.field == AGE else m.field) for m in used} & set(validate.DIMENSIONS)
    )
    result.vocabularies = {name: codes.vocabulary for name, codes in lookups.lists.items()}
    found = [run_stage(Stage.COLUMNS, columns)]
    result.problem_frame = concat(found)
    # A missing column still lets the values of the others be checked, so the provider
    # sees (and can map) every unknown label at once; any other column error stops here.
    blocking = result.problem_frame.filter(
        (pl.col("severity") == Severity.ERROR) & (pl.col("code") != "missing_column")
    )
    if blocking.height:
        return _done(result, mapping)

    context.report(35, "Checking every value")
    values = validate.value_check(sheet.frame, columns, lookups, context.period, mapping)
    result.row_count = values.frame.height
    # The value rules run on a second core while the records are counted; should they
    # find an error, the counts are thrown away. Where a column holds a value that did
    # not convert (most likely an error) the rules are waited for first.
    rules = _RULES.submit(contextvars.copy_context().run, run_stage, Stage.VALUES, values)
    codes, failed = None, None
    if not _converted_badly(values):
        try:
            codes = _count(result, values, lookups, context, lap)
        except ValueError as error:  # the rules will say what is wrong in the file
            failed = error
    found.append(rules.result())
    for name, conversion in values.conversions.items():
        codes_of = lookups.lists.get(name)
        for raw in conversion.ambiguous:
            meaning = codes_of.find(raw) if codes_of else None
            if isinstance(meaning, Ambiguous):
                result.ambiguous_options[(name, raw)] = [
                    {"code": c, "label": codes_of.labels.get(c, c)} for c in meaning.codes
                ]
    if any(_errors(f) for f in found):
        result.records = result.cube = None
        result.timings.pop("collapsing", None)
        result.problem_frame = _ordered(concat(found))
        return _done(result, mapping)
    if failed is not None:
        raise failed
    if codes is None:
        codes = _count(result, values, lookups, context, lap)
    context.report(95, "Looking for figures to query")
    found.append(
        run_stage(
            Stage.QUERIES,
            query_check(
                result.cube,
                recorded=result.recorded,
                headings=result.headings,
                previous_total=context.previous_total,
                replaced_total=context.replaced_total,
                codes=codes,
            ),
        )
    )
    result.problem_frame = _ordered(concat(found))
    return _done(result, mapping)


_RULES = ThreadPoolExecutor(max_workers=1, thread_name_prefix="value-rules")


def _converted_badly(values) -> bool:
    """Whether a column holds a value that did not convert: an error, or a question."""
    return any(c.bad or c.ambiguous or c.out_of_period for c in values.conversions.values())


def _count(result: IngestResult, values, lookups: Lookups, context: _Context, lap: float):
    """The canonical records and their cube, onto `result`; the code ids used."""
    from returns.cube import collapse, load_code_ids, record_enums

    codes = load_code_ids()
    result.records = validate.records(values, lookups, record_enums(codes))
    result.timings["checking"] = time.perf_counter() - lap
    started = time.perf_counter()
    context.report(80, "Counting")
    result.cube = collapse(result.records, codes)
    result.timings["collapsing"] = time.perf_counter() - started
    return codes


def _errors(frame: pl.DataFrame) -> bool:
    return frame.filter(pl.col("severity") == Severity.ERROR).height > 0


def _done(result: IngestResult, mapping) -> IngestResult:
    if mapping is not None and mapping.used:
        result.mapping_used = list(mapping.used)
        n = len(mapping.used)
        note = MAPPING_APPLIED.problem(
            message=f"Your saved mapping was used for {n} heading{'s' if n > 1 else ''} or "
            f"label{'s' if n > 1 else ''} of this file. You can see and change it on your "
            "mapping page."
        )
        result.problem_frame = concat([result.problem_frame, frame_of([note])])
    return result


def _ordered(problems: pl.DataFrame) -> pl.DataFrame:
    """Whole-file problems first, then by row, as an officer works down the sheet."""
    return problems.sort("row", nulls_last=False, maintain_order=True)


def _silent(percent: int, stage: str) -> None:
    return None
