"""The compiled reader of plain CSV files (returns/ingest/native/csvscan.c).

It must give exactly the frame polars gives for the same bytes, or step aside (None) and
let polars read the file: the properties below compare the two on generated files, and
`make fuzz` runs them on many more. Its input is untrusted, so it is also fed bytes of
every kind, in one thread and in several.
"""

import uuid

import polars as pl
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from returns.ingest import reader
from tests.returns.ingest.conftest import fuzzed

PROPERTY = fuzzed()
SEPARATORS = [",", ";", "\t", "|"]

# Cells as exports hold them, and the bytes that send a file to polars: quotation marks,
# carriage returns inside a line, NUL.
CELL = st.one_of(
    st.sampled_from(["", " ", "13", "NK", "R-1", "2026-05-14", "White British", "é", "😀", "a b"]),
    st.sampled_from(['"', '"x"', "\r", "\x00", ",", ";", "\t", "|"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=8),
)


def _polars(utf8: bytes, heading_at: int, separator: str, names, categories):
    try:
        return pl.read_csv(
            utf8[heading_at:], raise_if_empty=False, has_header=True, new_columns=names,
            separator=separator, infer_schema=False, schema_overrides=categories,
        )  # fmt: skip
    except pl.exceptions.PolarsError:
        return None


def _categories(names, coded) -> dict:
    namespace = uuid.uuid4().hex
    return {
        name: pl.Categorical(pl.Categories(name, namespace=namespace))
        for name, flag in zip(names, coded, strict=True)
        if flag
    }


def _same(ours: pl.DataFrame, theirs: pl.DataFrame) -> None:
    """The same cells, the same types, and each coded column's categories exactly the
    texts it holds (the value checks rely on that)."""
    assert ours.columns == theirs.columns
    assert [type(t) for t in ours.dtypes] == [type(t) for t in theirs.dtypes]
    assert ours.select(pl.all().cast(pl.String)).equals(theirs.select(pl.all().cast(pl.String)))
    for name, dtype in ours.schema.items():
        if isinstance(dtype, pl.Categorical):
            texts = dtype.categories.to_series().to_list()
            assert len(texts) == len(set(texts))
            assert set(texts) == set(ours.get_column(name).drop_nulls().cast(pl.String))


@st.composite
def plain_files(draw):
    width = draw(st.integers(1, 6))
    separator = draw(st.sampled_from(SEPARATORS))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    lines = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 1), min_size=0, max_size=12))
    text = separator.join(f"h{i}" for i in range(width)) + ending
    text += ending.join(separator.join(cells) for cells in lines)
    if lines and draw(st.booleans()):
        text += ending
    coded = draw(st.lists(st.booleans(), min_size=width, max_size=width))
    return text.encode("utf-8"), separator, width, coded


@PROPERTY
@given(file=plain_files(), threads=st.integers(1, 4))
def test_the_compiled_reader_reads_as_polars_does_or_steps_aside(file, threads):
    data, separator, width, coded = file
    names = [f"c{i}" for i in range(width)]
    ours = reader.read_plain(data, 0, separator, names, _categories(names, coded), threads)
    event("left to polars" if ours is None else "read by the compiled reader")
    if ours is None:
        return
    theirs = _polars(data, 0, separator, names, _categories(names, coded))
    assert theirs is not None, "polars refused a file the compiled reader read"
    _same(ours, theirs)


@PROPERTY
@given(data=st.binary(max_size=300), width=st.integers(1, 8), threads=st.integers(1, 4))
def test_any_bytes_are_read_or_left_to_polars_never_a_crash(data, width, threads):
    from returns.ingest import _csvscan

    body = b"h\n" + data
    coded = bytes(i % 2 for i in range(width))
    scanned = _csvscan.scan(body, 2, ",", coded, threads)
    if scanned is not None:
        rows, columns = scanned
        assert len(columns) == width
        assert rows == body.count(b"\n") - 1 + (not body.endswith(b"\n"))


def test_the_compiled_reader_is_built():
    """make install builds it; without it every file would quietly take polars' slower way."""
    assert reader._csvscan is not None


@pytest.mark.parametrize(
    "records",
    [
        'R1,"13",F\n',  # quoted
        "R1,13\r,F\n",  # a carriage return inside a line
        "R1,13,F,extra\n",  # longer than the headings
        "R1,13,F\x00\n",
    ],
)
def test_files_only_polars_reads_right_are_left_to_it(records):
    data = ("id,ethnicity,sex\n" + records).encode()
    names = ["c0", "c1", "c2"]
    assert reader.read_plain(data, 0, ",", names, _categories(names, [0, 1, 1])) is None


def test_blank_lines_short_rows_and_crlf_read_as_polars_reads_them():
    data = b"id,ethnicity,sex\r\nR1,13,F\r\n\r\nR2,,M\r\nR3\r\nR4,7,F"
    names = ["c0", "c1", "c2"]
    ours = reader.read_plain(data, 0, ",", names, _categories(names, [0, 1, 1]))
    assert ours.rows() == [
        ("R1", "13", "F"), (None, None, None), ("R2", None, "M"), ("R3", None, None),
        ("R4", "7", "F"),
    ]  # fmt: skip
    _same(ours, _polars(data, 0, ",", names, _categories(names, [0, 1, 1])))


def test_a_title_above_the_headings_is_not_read():
    data = b"Referrals report, April\nid,sex\nR1,F\n"
    heading_at = data.index(b"id")
    names = ["c0", "c1"]
    ours = reader.read_plain(data, heading_at, ",", names, _categories(names, [0, 1]))
    assert ours.rows() == [("R1", "F")]


def test_a_large_file_read_in_pieces_is_the_file_read_whole():
    """Over a megabyte the file is cut at line ends and read on several threads; a code
    first seen in a later piece is numbered after the earlier pieces' codes."""
    lines = [
        f"R-{i},{i % 7 if i % 11 else ''},{'FM'[i % 2] if i < 40_000 else 'X'}"
        for i in range(80_000)
    ]
    data = ("id,ethnicity,sex\n" + "\n".join(lines) + "\n").encode()
    names = ["c0", "c1", "c2"]
    whole = reader.read_plain(data, 0, ",", names, _categories(names, [0, 1, 1]), threads=1)
    pieces = reader.read_plain(data, 0, ",", names, _categories(names, [0, 1, 1]), threads=4)
    assert whole.height == pieces.height == 80_000
    assert whole.select(pl.all().cast(pl.String)).equals(pieces.select(pl.all().cast(pl.String)))
    assert pieces.get_column("c2").dtype.categories.to_series().to_list() == ["F", "M", "X"]
    _same(pieces, _polars(data, 0, ",", names, _categories(names, [0, 1, 1])))


@pytest.mark.django_db
def test_an_upload_read_either_way_checks_the_same(monkeypatch):
    """The whole check of a file, with the compiled reader and without it."""
    from returns.ingest.pipeline import read_and_validate
    from tests.returns.ingest.conftest import GOOD_ROW, period_h1_2026, rows, to_csv

    data = to_csv(rows(50) + [dict(GOOD_ROW, referral_id="", ethnicity="Martian")])
    period = period_h1_2026()
    assert b'"' not in data
    fast = read_and_validate(data, file_name="a.csv", period=period)
    monkeypatch.setattr(reader, "_csvscan", None)
    slow = read_and_validate(data, file_name="a.csv", period=period)
    assert fast.problem_frame.equals(slow.problem_frame)
    assert fast.error_count > 0


def test_a_file_past_the_row_limit_is_refused_before_it_is_read():
    from returns.ingest.rules import Refused
    from returns.ingest.rules.file import MAX_ROWS

    data = b"id,sex\n" + b"R,F\n" * (MAX_ROWS + 1)
    with pytest.raises(Refused) as refused:
        reader.read(data, coded=lambda heading: heading == "sex")
    assert [p.code for p in refused.value.problems] == ["file_too_many_rows"]
    assert f"{MAX_ROWS + 1:,} rows" in refused.value.problems[0].value


@pytest.mark.parametrize("separator", ["\x00", "\n", "\r", '"', "é"])
def test_a_separator_that_cannot_end_a_value_is_left_to_polars(separator):
    from returns.ingest import _csvscan

    assert _csvscan.scan(b"a,b\nR1,F\n", 4, separator, b"\x00\x01", 2) is None


def test_a_coded_column_of_many_like_values_is_still_read_by_the_compiled_reader():
    """Values alike but for their last characters (R-0000001, R-0000002, ...) must spread
    over the table: were they to collide, the file would be left to polars' slower way."""
    data = b"id,sex\n" + b"\n".join(b"R-%07d,F" % i for i in range(200_000))
    names = ["c0", "c1"]
    frame = reader.read_plain(data, 0, ",", names, _categories(names, [1, 1]), threads=2)
    assert frame is not None
    assert frame.get_column("c0").n_unique() == 200_000
