"""The reader: encodings, separators, row numbers and safe XLSX reading."""

import codecs
import datetime
import io

import pytest
import xlsxwriter

from returns.ingest import reader
from returns.ingest.context import ROW
from returns.ingest.rules import Refused


def cells(sheet) -> list[dict]:
    """Rows as {heading: value} with their row number, for readable assertions."""
    names = {f"c{i}": h for i, h in enumerate(sheet.headings)} | {ROW: "row"}
    return [{names[k]: v for k, v in row.items()} for row in sheet.frame.iter_rows(named=True)]


def xlsx(rows, *, start_row=0, write=None) -> bytes:
    """A workbook whose first sheet holds `rows`; `write(sheet, workbook)` adds cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Return")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(start_row + r, c, value)
    if write:
        write(sheet, book)
    book.close()
    return buffer.getvalue()


def test_utf8_csv():
    sheet = reader.read("id,ethnicity\nR-1,Roma – White\n".encode())
    assert sheet.kind == "csv" and sheet.encoding == "UTF-8" and sheet.separator == ","
    assert cells(sheet) == [{"row": 2, "id": "R-1", "ethnicity": "Roma – White"}]


def test_bom_is_not_part_of_the_first_heading():
    sheet = reader.read(codecs.BOM_UTF8 + b"referral_id,sex\nR-1,F\n")
    assert sheet.headings == ["referral_id", "sex"]


def test_windows_1252_is_detected_and_decoded():
    sheet = reader.read("id;ethnicity\nR-1;Roma – White\nR-2;Café\n".encode("cp1252"))
    assert sheet.encoding == "Windows-1252"
    assert [r["ethnicity"] for r in cells(sheet)] == ["Roma – White", "Café"]


def test_utf16_with_bom_as_excel_unicode_text_writes_it():
    sheet = reader.read("id\tsex\r\nR-1\tF\r\n".encode("utf-16"))
    assert sheet.encoding == "UTF-16" and sheet.separator == "\t"
    assert cells(sheet) == [{"row": 2, "id": "R-1", "sex": "F"}]


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_separator_is_sniffed_from_the_heading_line(separator):
    text = (
        separator.join(["id", "date", "sex"])
        + "\nR-1"
        + separator
        + "2026-05-14"
        + separator
        + "F\n"
    )
    sheet = reader.read(text.encode())
    assert sheet.separator == separator
    assert cells(sheet) == [{"row": 2, "id": "R-1", "date": "2026-05-14", "sex": "F"}]


def test_quoted_values_keep_separators_and_newlines():
    sheet = reader.read(
        b'id,ethnicity\r\nR-1,"Black, Black British, Black Welsh, Caribbean or African: Caribbean"\r\n'
    )
    assert cells(sheet)[0]["ethnicity"].startswith("Black, Black British")


def test_everything_is_read_as_text():
    sheet = reader.read(b"id,age\n007,34\n")
    assert cells(sheet) == [{"row": 2, "id": "007", "age": "34"}]


def test_blank_lines_keep_the_row_numbers_the_officer_sees():
    sheet = reader.read(b"id,sex\nR-1,F\n\nR-2,M\n")
    rows = [r for r in cells(sheet) if r["id"]]
    assert [(r["row"], r["id"]) for r in rows] == [(2, "R-1"), (4, "R-2")]


def test_trailing_separators_and_empty_columns_are_ignored():
    sheet = reader.read(b"id,sex,,\nR-1,F,,\nR-2,M,,,\n")
    assert sheet.headings == ["id", "sex"]
    assert [r["id"] for r in cells(sheet)] == ["R-1", "R-2"]


def test_a_row_longer_than_the_headings_is_located():
    with pytest.raises(Refused) as refused:
        reader.read(b"id,sex\nR-1,F\nR-2,M,Postcode AB1 2CD\n")
    (problem,) = refused.value.problems
    assert problem.code == "row_too_many_values" and problem.row == 3
    assert "Postcode AB1 2CD" in problem.value


def test_an_unclosed_quote_is_unreadable():
    with pytest.raises(Refused) as refused:
        reader.read(b'id,sex\nR-1,"F\nR-2,M,extra"x\n')
    assert refused.value.problems[0].code in {"file_unreadable", "row_too_many_values"}


def test_a_blank_first_line_is_skipped():
    sheet = reader.read(b"\nid,sex\nR-1,F\n")
    assert sheet.headings == ["id", "sex"] and sheet.header_row == 2
    assert sheet.frame.get_column("__row").to_list() == [3]


@pytest.mark.parametrize("data", [b"", b"   \n\n", b",,\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(Refused) as refused:
        reader.read(data)
    assert refused.value.problems[0].code == "file_unreadable"


def test_xlsx_rows_keep_sheet_numbers_and_dates_become_iso():
    def write(sheet, book):
        dates = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_datetime(3, 1, datetime.datetime(2026, 5, 14), dates)
        sheet.write_datetime(5, 1, datetime.datetime(2026, 6, 2, 9, 30), dates)

    data = xlsx(
        [["Referral ID", "Referral date", "Age"], ["R-1", None, 34], [], ["R-2", None, 41.0]],
        start_row=2,
        write=write,
    )
    sheet = reader.read(data)
    assert sheet.kind == "xlsx"
    assert sheet.headings == ["Referral ID", "Referral date", "Age"]
    assert cells(sheet) == [
        {"row": 4, "Referral ID": "R-1", "Referral date": "2026-05-14", "Age": "34"},
        {"row": 6, "Referral ID": "R-2", "Referral date": "2026-06-02 09:30:00", "Age": "41"},
    ]


def test_xlsx_formulas_are_never_evaluated_the_saved_value_is_read():
    # The formula would give "13"; the value saved with it is "7". Reach reads "7": it
    # never evaluates a formula (openpyxl data_only=True), it reads what Excel saved.
    def write(sheet, book):
        sheet.write_formula(1, 1, '="13"', None, "7")
        sheet.write_formula(2, 1, '=WEBSERVICE("http://example.invalid")', None, "")

    data = xlsx([["id", "ethnicity"], ["R-1"], ["R-2"]], write=write)
    assert [r["ethnicity"] for r in cells(reader.read(data))] == ["7", None]


def test_xlsx_reads_the_first_sheet_only():
    def write(sheet, book):
        other = book.add_worksheet("Codes")
        other.write(0, 0, "Postcode")

    sheet = reader.read(xlsx([["id", "sex"], ["R-1", "F"]], write=write))
    assert sheet.headings == ["id", "sex"]


def test_json_records_become_a_sheet_numbered_from_one():
    sheet = reader.from_rows([{"id": "R-1", "age": 34, "interpreter": True}, {"id": "R-2"}])
    assert sheet.kind == "json"
    assert cells(sheet) == [
        {"row": 1, "id": "R-1", "age": "34", "interpreter": "TRUE"},
        {"row": 2, "id": "R-2", "age": None, "interpreter": None},
    ]


def test_json_records_must_be_objects():
    with pytest.raises(Refused) as refused:
        reader.from_rows([{"id": "R-1"}, ["R-2"]])
    assert refused.value.problems[0].row == 2


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("  ", None),
        (3.0, "3"),
        (2.5, "2.5"),
        (True, "TRUE"),
        (datetime.date(2026, 5, 14), "2026-05-14"),
        (datetime.datetime(2026, 5, 14, 0, 0), "2026-05-14"),
    ],
)
def test_cell_text(value, text):
    assert reader.cell_text(value) == text
