"""Fuzzing the upload reader and checks, stage by stage and whole.

Each property runs a few dozen examples in the ordinary suite; `make fuzz` runs the same
properties with the "fuzz" profile (tests/returns/ingest/conftest.py): 100,000 examples
in all. The properties:

- no input makes a stage raise anything but its own refusal (`Refused`), and the whole
  pipeline never raises at all;
- every refusal is a clear problem: a code from the registry, a severity, and a message
  in words (never the reader's own error text alone);
- valid records keep their counts, however they are spelt (tests/returns/ingest/
  test_properties.py holds the exact-count property for messy exports);
- no value that looks like personal details survives into what is kept of a check.
"""

import datetime
import gzip
import io
import json
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from returns.ingest import reader, validate
from returns.ingest.columns import known_heading, match_heading, match_table
from returns.ingest.context import ROW
from returns.ingest.labels import bag, key, split
from returns.ingest.pipeline import ingest_json_rows, read_and_validate
from returns.ingest.report import kept_problems
from returns.ingest.rules import REGISTRY, Refused
from returns.standard import normalise_column
from tests.returns.ingest.conftest import GOOD_ROW, HEADER, fuzzed, period_h1_2026, rows, to_csv

PROPERTY = fuzzed()
PERIOD = period_h1_2026()

# Text a case system might put in a cell: printable, control characters, separators,
# quotes, byte order marks, right-to-left marks and other scripts.
cell_text = st.one_of(
    st.sampled_from(["", " ", "NK", "=1+1", '"', '""', "\r", "\n", "\t", ";", ",", "\ufeff"]),
    st.sampled_from(list(GOOD_ROW.values())),
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
# Values that look like a person's details, planted in files to see that none is kept.
PERSONAL = [
    "jane.doe@example.com", "SW1A 1AA", "M1 1AE", "07700 900123", "+44 7700 900123",
    "943 476 5919", "12 Acacia Avenue", "1980-03-04", "04/03/1980", "Jane Doe",
    "Mary-Ann O'Brien",
]  # fmt: skip


def _clean(result) -> None:
    """A result is accepted, or refused with problems a person can read."""
    for problem in result.problems:
        assert problem.code in REGISTRY, problem
        assert problem.severity in ("error", "query", "note")
        assert len(problem.message.split()) >= 3, problem  # words, not a bare code
        assert "Traceback" not in problem.message
    assert result.ok == (result.error_count == 0)
    assert (result.cube is not None) == result.ok
    if result.ok:
        assert result.cube.total == result.row_count
        assert int(result.cube.cells.get_column("count").sum() or 0) == result.cube.total


def _refusal_is_clear(refused: Refused) -> None:
    assert refused.problems
    for problem in refused.problems:
        assert problem.code in REGISTRY and problem.message


def _read(data: bytes, table):
    try:
        return reader.read(data, heading=lambda text: known_heading(text, table))
    except Refused as refused:
        _refusal_is_clear(refused)
        return None


@pytest.fixture(scope="module")
def table(lookups):
    return match_table(lookups.measures)


# The reader ------------------------------------------------------------------------------


@PROPERTY
@given(data=st.binary(max_size=3000))
def test_reader_reads_any_bytes_or_refuses_them_clearly(table, data):
    sheet = _read(data, table)
    if sheet is not None:
        assert len(sheet.headings) == sheet.frame.width - 1 <= reader.MAX_COLUMNS
        assert sheet.frame.get_column(ROW).is_sorted()


@PROPERTY
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"sep=;\n", b"Title\n\n"]),
    separator=st.sampled_from([",", ";", "\t", "|"]),
    lines=st.lists(st.lists(cell_text, max_size=16), max_size=12),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_reader_reads_csv_shaped_text_or_refuses_it_clearly(
    table, prefix, separator, lines, ending, encoding
):
    text = ending.join(separator.join(line) for line in [HEADER, *lines])
    data = prefix + text.encode(encoding, errors="replace")
    _read(data, table)


def _xlsx(cells: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in cells:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


xlsx_cell = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=12),
)


@PROPERTY
@given(lines=st.lists(st.lists(xlsx_cell, max_size=14), max_size=8), damage=st.integers(0, 50))
def test_reader_reads_workbooks_or_refuses_them_clearly(table, lines, damage):
    data = _xlsx([HEADER, *lines])
    if damage:  # a damaged archive: bytes cut off or overwritten
        cut = len(data) * damage // 51
        data = data[:cut] + data[cut + 7 :] if damage % 2 else data[:cut]
    _read(data, table)


# Headings, labels and dates ----------------------------------------------------------------


@PROPERTY
@given(heading=st.text(max_size=40))
def test_any_heading_is_matched_refused_or_left_out(table, heading):
    field, how, note = match_heading(heading, table)
    assert how
    if how == "identifying":
        assert field is None and note
    if not normalise_column(heading):
        assert field is None


@PROPERTY
@given(text=st.text(max_size=40))
def test_label_matching_never_raises_and_ignores_case_and_spacing(lookups, text):
    key(text), bag(text), split(text)
    for codes in lookups.lists.values():
        assert codes.find(f"  {text.upper()} ") == codes.find(text.upper())


@PROPERTY
@given(day=st.dates(min_value=datetime.date(1000, 1, 1)), text=st.text(max_size=20))
def test_dates_read_in_every_accepted_form_and_nothing_else_raises(day, text):
    for written in (day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day} {day:%B %Y}"):
        assert validate.parse_date(written) == (day, "")
    value, why = validate.parse_date(text.strip())
    assert (value is None) == bool(why)


# The whole pipeline ------------------------------------------------------------------------


json_value = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), cell_text,
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.none(), max_size=2),
)  # fmt: skip
json_record = st.one_of(
    st.fixed_dictionaries({name: st.sampled_from([value, ""]) for name, value in GOOD_ROW.items()}),
    st.dictionaries(st.sampled_from([*HEADER, "Postcode", "Name", "x", ""]), json_value),
    json_value,
)


@pytest.mark.django_db
@PROPERTY
@given(records=st.one_of(st.lists(json_record, max_size=8), json_value))
def test_json_rows_are_checked_without_raising(lookups, records):
    _clean(ingest_json_rows(records, period=PERIOD, lookups=lookups))


@pytest.mark.django_db
@PROPERTY
@given(
    n=st.integers(min_value=1, max_value=30),
    changes=st.dictionaries(st.sampled_from(HEADER[2:]), cell_text, max_size=3),
)
def test_valid_records_keep_their_count_and_a_bad_value_is_a_row_problem(lookups, n, changes):
    records = rows(n, **changes)
    result = ingest_json_rows(records, period=PERIOD, lookups=lookups)
    _clean(result)
    if result.ok:
        assert result.cube.total == n
    else:
        located = [p for p in result.problems if p.severity == "error"]
        assert all(p.row is None or 1 <= p.row <= n for p in located)


def _kept_text(result) -> str:
    """Everything a check's result leaves in the database, as one text
    (returns.services.submission_settle keeps exactly these)."""
    kept = kept_problems(result)
    stored = [
        kept.summary, kept.detail_examples, result.query_record(), result.note_record(),
        result.context(), result.mapping_used,
    ]  # fmt: skip
    parts = [json.dumps(stored, default=str)]
    for blob in (kept.problem_list, kept.detail_csv):
        if blob:
            parts.append(gzip.decompress(blob).decode("utf-8-sig"))
    return "\n".join(parts)


@pytest.mark.django_db
@PROPERTY
@given(
    n=st.integers(min_value=1, max_value=8),
    personal=st.sampled_from(PERSONAL),
    column=st.sampled_from(HEADER),
    row=st.integers(min_value=0, max_value=7),
    xlsx=st.booleans(),
)
def test_no_personal_value_is_kept(lookups, n, personal, column, row, xlsx):
    if personal[0].isupper() and " " in personal and column in ("referral_id", "referral_date"):
        column = "ethnicity"  # a name is judged against a code column's words
    records = rows(n)
    records[row % n][column] = personal
    if xlsx:
        data = _xlsx([HEADER, *[[r[h] for h in HEADER] for r in records]])
    else:
        data = to_csv(records, header=HEADER)
    result = read_and_validate(data, file_name="f.csv", period=PERIOD, lookups=lookups)
    _clean(result)
    assert personal not in _kept_text(result)


def test_the_workbook_builder_makes_real_workbooks():
    data = _xlsx([HEADER, ["R-1"]])
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_every_fuzzed_property_is_counted_in_the_share():
    from tests.returns.ingest import conftest, test_plain_reader, test_properties

    found = [
        name
        for module in (test_properties, test_plain_reader, globals())
        for name, test in (module if isinstance(module, dict) else vars(module)).items()
        if name.startswith("test_") and hasattr(test, "hypothesis")
    ]
    assert len(found) == conftest.FUZZED_PROPERTIES, found
