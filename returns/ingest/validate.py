"""Turn the file's text into canonical values, column by column, without a loop over rows.

A column of a million cells holds a few dozen distinct values (a referral date a few
hundred), so each distinct value is looked up once in Python and the results are joined
back vectorised: a column read as categories (returns/ingest/reader.py) by its category
numbers, indexing a small table, any other with `replace_strict`. What did not convert is
kept per distinct value with a message saying why; the value rules
(returns/ingest/rules/) turn those into row-numbered problems for the failing rows only.
"""

import datetime
import re
from collections.abc import Callable

import polars as pl

from reference.models import normalise_label
from returns import dimensions
from returns.ingest.codes import YES_NO, CodeList, Lookups
from returns.ingest.context import AGE, ROW, ColumnCheck, Conversion, ValueCheck
from returns.ingest.labels import Ambiguous, key

DIMENSIONS = dimensions.COLUMNS  # the data standard's dimension columns (returns/dimensions.py)
RECORD_FIELDS = (
    "referral_id",
    "referral_date",
    *DIMENSIONS,
    dimensions.LOCAL_AUTHORITY,
    "interpreter_needed",
)
# Cells that may not be blank: a referral without its ID or date cannot be counted once, or
# in its period. A blank characteristic is "not known" (a blank ethnicity counts against
# recording coverage and raises its query).
_NOT_BLANK = {"referral_id", "referral_date"}
BLANK_CODE = "NK"
MAX_HINTS = 100  # distinct bad values per column that get a "did you mean"
MAX_AGE = 120

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?")
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_NAMED = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})")  # 14 May 2026, 14-May-2026
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip
_MONTHS = {name: n for n, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
_AGE = re.compile(r"\d{1,3}(?:\.0+)?")
_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}-[A-Za-z]{3}")

DATE_ALLOWED = "a date in the period, as YYYY-MM-DD, DD/MM/YYYY, 14 May 2026 or an Excel date"


def parse_date(text: str) -> tuple[datetime.date | None, str]:
    """A referral date from the forms the standard accepts, or (None, what is wrong)."""
    try:
        if m := _ISO.fullmatch(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3])), ""
        if m := _UK.fullmatch(text):
            return datetime.date(int(m[3]), int(m[2]), int(m[1])), ""
        if (m := _NAMED.fullmatch(text)) and m[2].lower() in _MONTHS:
            return datetime.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1])), ""
        if _SERIAL.fullmatch(text) and 1 <= float(text) <= 2958465:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(float(text))), ""
    except ValueError:
        return None, (
            f"'{text}' is not a real date (Reach reads dates as year-month-day or "
            "day/month/year). Check the day and month."
        )
    return None, (
        f"'{text}' is not a date Reach can read. Write it as YYYY-MM-DD "
        "(for example 2026-05-14) or DD/MM/YYYY."
    )


def value_check(
    raw: pl.DataFrame, columns: ColumnCheck, lookups: Lookups, period, mapping=None
) -> ValueCheck:
    """The value stage's context: the used columns renamed to their fields, blank rows dropped."""
    used = [m for m in columns.matches if m.field]
    frame = raw.select(ROW, *[pl.col(f"c{m.position}").alias(m.field) for m in used])
    if used:
        blank_row = pl.all_horizontal([pl.col(m.field).is_null() for m in used])
        if frame.select(blank_row.any()).item():  # filtering copies every column: only if need be
            frame = frame.filter(~blank_row)
    if "referral_id" in frame.columns:  # " R-1 " is R-1: every ID rule reads it stripped
        frame = frame.with_columns(pl.col("referral_id").str.strip_chars())
    conversions = {m.field: convert(frame, m.field, lookups, period, mapping) for m in used}
    return ValueCheck(
        frame=frame,
        headings={m.field: m.heading for m in used},
        conversions=conversions,
        period_start=period.start,
        period_end=period.end,
    )


def records(check: ValueCheck, lookups: Lookups, enums: dict | None = None) -> pl.DataFrame:
    """The canonical record frame (returns/cube.py), once the value stage found no errors.

    `enums` (returns.cube.record_enums): code columns come out as those polars Enums,
    already in the cube's code order, so collapsing them casts nothing.
    """
    conversions = check.conversions
    enums = enums or {}

    def coded(name: str, conversion) -> pl.Expr:
        if name not in enums or conversion.kind not in ("code", "age", "measure"):
            return conversion.expr
        blank = "NOT_ASKED" if conversion.kind == "measure" else BLANK_CODE
        return mapped(conversion, blank, enums[name])

    exprs = []
    for name in RECORD_FIELDS:
        if name in conversions:
            exprs.append(coded(name, conversions[name]).alias(name))
        elif name == "age_band" and AGE in conversions:
            exprs.append(coded(name, conversions[AGE]).alias(name))
        elif name == "interpreter_needed":
            exprs.append(pl.lit(None, pl.Boolean).alias(name))
        else:  # a column the file does not have: "not recorded" (returns/cube.py)
            exprs.append(pl.lit(None, pl.String).alias(name))
    for name in lookups.measures:
        if name in conversions and name in enums:
            exprs.append(coded(name, conversions[name]).alias(name))
            continue
        expr = conversions[name].expr if name in conversions else pl.lit("NOT_ASKED")
        exprs.append(expr.cast(pl.String).alias(name))
    return check.frame.select(exprs)


def convert(frame: pl.DataFrame, field: str, lookups: Lookups, period, mapping=None) -> Conversion:
    if field == "referral_id":
        return _convert_id(frame)
    if field == "referral_date":
        return _convert_dates(frame, period)
    if field == "interpreter_needed":
        return _by_value(frame, field, "flag", _flag, pl.Boolean, None, "Y, N or blank")
    if field == AGE:
        return _by_value(frame, field, "age", _age(lookups), pl.String, BLANK_CODE, _AGE_ALLOWED)
    if field in lookups.measures:
        allowed = lookups.answers.allowed() + "; blank if not asked"
        return _by_value(
            frame, field, "measure", _code(lookups.answers), pl.String, "NOT_ASKED", allowed
        )
    codes = lookups.lists[field]
    allowed = {"ethnicity": _ETHNICITY_ALLOWED, dimensions.LOCAL_AUTHORITY: _PLACE_ALLOWED}.get(
        field
    ) or codes.allowed()
    parse = _code(codes, field, mapping)
    # A blank local authority is not recorded (null), never a code of the list.
    blank = None if field == dimensions.LOCAL_AUTHORITY else BLANK_CODE
    return _by_value(frame, field, "code", parse, pl.String, blank, allowed)


_ETHNICITY_ALLOWED = (
    "a Census 2021 ethnic group code or label (for example 7, or Black, Black British, "
    "Black Welsh, Caribbean or African: Caribbean), a 2011 18+1 label, a police 16+1 code "
    "(W1 to O9, NS), Prefer not to say or Not known (or blank): see the data dictionary"
)
_PLACE_ALLOWED = (
    "the ONS code of a local authority (for example E08000025) or its name in English or "
    "Welsh (for example Birmingham, or Caerdydd), or blank if not known"
)
_AGE_ALLOWED = "an age in whole years (0 to 120), or Not known"


def _convert_id(frame: pl.DataFrame) -> Conversion:
    """The IDs (stripped by `value_check`): a blank one is an error."""
    ids = pl.col("referral_id")
    blank = ids.is_null() | (ids == "")
    has_blank = frame.select(blank.any()).item()
    return Conversion(
        field="referral_id",
        kind="id",
        expr=ids,
        required=True,
        allowed="the provider's own pseudonymous reference, unique in the file",
        blank_mask=blank if has_blank else None,
        blank_hint="Give every referral its ID from your case system.",
    )


def _convert_dates(frame: pl.DataFrame, period) -> Conversion:
    conversion = _by_value(frame, "referral_date", "date", parse_date, pl.Date, None, DATE_ALLOWED)
    start, end = period.start, period.end
    for raw, day in conversion.values.items():
        if not start <= day <= end:
            how = " (read as an Excel date number)" if _SERIAL.fullmatch(raw.strip()) else ""
            conversion.out_of_period[raw] = (
                f"The referral date {_day(day)}{how} is outside this return's period, "
                f"{_day(start)} to {_day(end)}. Check the date, or send the referral "
                "in the return for the period it falls in."
            )
    conversion.allowed = f"a date from {start:%Y-%m-%d} to {end:%Y-%m-%d}"
    return conversion


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _by_value(
    frame: pl.DataFrame,
    field: str,
    kind: str,
    parse: Callable[[str], tuple[object, str]],
    dtype: pl.DataType,
    blank_value,
    allowed: str,
) -> Conversion:
    """Convert a column through its distinct values; `parse(text)` gives (value, why not)."""
    column = frame.get_column(field)
    physical = _categories_present(column)
    raws = list(physical) if physical is not None else column.unique().to_list()
    mapping, bad, ambiguous, blanks = {}, {}, {}, []
    for raw in raws:
        if raw is None:
            continue
        text = raw.strip()
        if not text:
            blanks.append(raw)
            continue
        value, why = parse(text)
        if isinstance(why, AmbiguousWhy):
            ambiguous[raw] = str(why)
        elif why:
            bad[raw] = why
        else:
            mapping[raw] = value
    has_blank = bool(blanks) or column.null_count() > 0
    conversion = Conversion(
        field=field,
        kind=kind,
        expr=pl.lit(None),
        required=field in _NOT_BLANK,
        allowed=allowed,
        blank_mask=(pl.col(field).is_null() | pl.col(field).is_in(blanks)) if has_blank else None,
        blank_hint=_blank_hint(field),
        bad=bad,
        ambiguous=ambiguous,
        values=mapping,
        physical=physical,
    )
    conversion.expr = mapped(conversion, blank_value, dtype)
    return conversion


def _categories_present(column: pl.Series) -> dict[str, int] | None:
    """A column read as categories: each text in it, with its category number (a sheet's
    categories are exactly the texts its column holds: returns/ingest/reader.py). None
    for a column of text."""
    if not isinstance(column.dtype, pl.Categorical):
        return None
    return {text: number for number, text in enumerate(column.dtype.categories.to_series())}


def mapped(conversion: Conversion, default, dtype: pl.DataType) -> pl.Expr:
    """Each cell's canonical value (`conversion.values`; anything else, blanks included,
    `default`) as `dtype`: by category number where the column was read as categories."""
    field = conversion.field
    if conversion.physical is None:
        return pl.col(field).replace_strict(conversion.values, default=default, return_dtype=dtype)
    table = [default] * (max(conversion.physical.values(), default=-1) + 1)
    for raw, number in conversion.physical.items():
        table[number] = conversion.values.get(raw, default)
    found = pl.lit(pl.Series(table, dtype=dtype)).gather(pl.col(field).to_physical())
    if default is None or conversion.blank_mask is None:  # no blank cell to fill
        return found
    return found.fill_null(pl.lit(default, dtype))


def _blank_hint(field: str) -> str:
    if field == "referral_date":
        return "Write the date the referral was received."
    return "Give every referral its ID from your case system."


class AmbiguousWhy(str):
    """The message for a label that could mean more than one code."""


def _code(codes: CodeList, field: str = "", mapping=None):
    hinted = 0

    def parse(text: str) -> tuple[str | None, str]:
        nonlocal hinted
        found = codes.find(text)
        if isinstance(found, str):
            if mapping is not None and key(text) in codes.mapped:
                mapping.note_used("value", field, text)
            return found, ""
        if isinstance(found, Ambiguous):
            return None, AmbiguousWhy(
                f"'{text}' could mean any of: {codes.label_of(found.codes)}. Reach does not "
                "guess: say which it means on your mapping page, once, and Reach will read "
                "it that way in your next files."
            )
        why = f"'{text}' is not in the {codes.title} list."
        if field == "age_band" and _DATE_LIKE.fullmatch(text):
            why += " Excel may have turned the band into a date: format the column as Text."
        hinted += 1
        suggestions = codes.suggest(text) if hinted <= MAX_HINTS else []
        if suggestions:
            why += " Did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
        return None, why + (
            " Use a code or label from the data dictionary, or say what it means on your "
            "mapping page."
        )

    return parse


def _flag(text: str) -> tuple[bool | None, str]:
    key = normalise_label(text)
    if key in YES_NO:
        return YES_NO[key], ""
    return None, f"'{text}' is not Y or N. Write Y or N, or leave it blank if not known."


def _age(lookups: Lookups):
    ages = lookups.lists["age_band"]

    def parse(text: str) -> tuple[str | None, str]:
        if _AGE.fullmatch(text):
            age = int(float(text))
            band = lookups.band_for(age) if age <= MAX_AGE else None
            if band is None:
                return None, f"{text} is not a plausible age. Check it, or write Not known."
            return band, ""
        code = ages.match(text)  # "Not known", "NK" or an age band are fine too
        if code is not None:
            return code, ""
        return None, f"'{text}' is not an age. Write the age in whole years, or Not known."

    return parse
