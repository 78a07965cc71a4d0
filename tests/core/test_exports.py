"""Exports are safe against formula injection, and numbers stay numbers."""

import csv
import datetime
import io

import openpyxl
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.exports import csv_bytes, frame_csv_bytes, safe_cell, xlsx_bytes


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+44 7700", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tsneaky", "\rsneaky", "=HYPERLINK(x)"],
)
def test_text_that_would_run_as_a_formula_is_prefixed(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-3, -2.5, 0, 17, "-3", "-12.5", "+1", "1e5", "-.5"])
def test_numbers_including_negative_ones_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", ["Black Caribbean", "R-1", "a=b", "", "25-34", "'quoted"])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


def test_none_dates_and_booleans_pass_through():
    day = datetime.date(2026, 5, 14)
    assert safe_cell(None) is None
    assert safe_cell(day) == day
    assert safe_cell(True) is True


def test_csv_cells_are_safe_and_utf8_with_bom():
    data = csv_bytes(["=Heading", "n"], [["=2+3", -4], ["Café", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["'=Heading", "n"], ["'=2+3", "-4"], ["Café", ""]]


def test_xlsx_never_writes_a_formula_and_keeps_numbers_numeric():
    data = xlsx_bytes({"Sheet": (["id", "n"], [["=2+3", -4], ["@x", 2.5]])})
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Sheet"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'=2+3"
    assert sheet["B2"].value == -4
    assert sheet["A3"].value == "'@x"
    assert sheet["B3"].value == 2.5


@given(st.lists(st.text(max_size=12), max_size=30))
def test_the_vectorised_csv_writer_agrees_with_safe_cell(values):
    frame = pl.DataFrame(
        {"value": values, "n": list(range(len(values)))}, schema={"value": pl.String, "n": pl.Int64}
    )
    data = frame_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["value", "n"]
    assert [r[0] for r in rows[1:]] == [safe_cell(v) for v in values]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(values))]
