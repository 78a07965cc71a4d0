"""No file holds a worker for long: row limits per kind of file, and a time limit per check
(returns/ingest/rules/file.py)."""

import io
import re
import zipfile

import pytest

from returns.ingest import pipeline
from returns.ingest.pipeline import read_and_validate
from returns.ingest.rules import file as file_rules
from returns.ingest.rules.file import MAX_XLSX_ROWS, rows_problem
from tests.returns.ingest.conftest import HEADER, rows, to_csv
from tests.returns.ingest.test_reader import xlsx

pytestmark = pytest.mark.django_db
BLANK_ROWS = 800_000


def near_blank_workbook(records: list[dict], blank_rows: int) -> bytes:
    """A workbook with a few records, then `blank_rows` empty rows that keep a format (as
    Excel leaves after a column is formatted to the bottom of the sheet)."""
    header = list(records[0])

    def bold(sheet, book):
        sheet.write_blank(len(records) + 1, 0, None, book.add_format({"bold": True}))

    data = xlsx([header] + [[r[h] for h in header] for r in records], write=bold)
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet_xml = source.read("xl/worksheets/sheet1.xml").decode()
    style = re.search(r'<c r="A\d+" s="(\d+)"/>', sheet_xml)[1]
    start = len(records) + 3
    blank = "".join(
        f'<row r="{n}"><c r="A{n}" s="{style}"/></row>' for n in range(start, start + blank_rows)
    )
    sheet_xml = sheet_xml.replace("</sheetData>", blank + "</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = sheet_xml.encode() if info.filename.endswith("sheet1.xml") else None
            target.writestr(info.filename, body or source.read(info.filename))
    return out.getvalue()


@pytest.mark.slow
def test_a_workbook_of_800000_near_blank_rows_is_refused_at_the_row_limit(period, lookups):
    data = near_blank_workbook(rows(20), BLANK_ROWS)
    result = read_and_validate(data, file_name="export.xlsx", period=period, lookups=lookups)
    assert [p.code for p in result.problems] == ["file_too_many_rows"]
    problem = result.problems[0]
    assert f"runs past row {MAX_XLSX_ROWS:,}" in problem.message and "CSV UTF-8" in problem.message
    # Reading stopped at the first row past the limit, not at the end of the sheet.
    assert problem.value == f"{MAX_XLSX_ROWS + 1:,} rows"


def test_a_workbook_within_the_row_limit_is_read_whole(period, lookups):
    result = read_and_validate(
        near_blank_workbook(rows(20), 5000), file_name="export.xlsx", period=period, lookups=lookups
    )
    assert result.ok and result.row_count == 20


def test_a_csv_file_past_its_row_limit_is_refused(period, lookups, monkeypatch):
    monkeypatch.setattr(file_rules, "MAX_ROWS", 10)
    result = read_and_validate(to_csv(rows(11)), file_name="r.csv", period=period, lookups=lookups)
    assert [p.code for p in result.problems] == ["file_too_many_rows"]
    assert "The file has 11 rows; Reach reads up to 10" in result.problems[0].message
    assert read_and_validate(to_csv(rows(10)), file_name="r.csv", period=period, lookups=lookups).ok


def test_each_kind_of_file_has_its_own_row_limit():
    assert rows_problem(MAX_XLSX_ROWS, "xlsx") is None
    assert rows_problem(MAX_XLSX_ROWS + 1, "xlsx") is not None
    assert rows_problem(MAX_XLSX_ROWS + 1, "csv") is None
    assert rows_problem(file_rules.MAX_ROWS + 1, "csv") is not None


def test_a_check_past_its_time_limit_is_refused_in_words(period, lookups, monkeypatch):
    monkeypatch.setattr(file_rules, "CHECK_SECONDS", 90)
    monkeypatch.setattr(pipeline, "check_time_limit", lambda: file_rules.check_time_limit(1e-9))
    result = read_and_validate(to_csv(rows(3)), file_name="r.csv", period=period, lookups=lookups)
    assert [p.code for p in result.problems] == ["check_too_long"]
    assert "stopped checking the file after 1e-09 seconds" in result.problems[0].message
    with file_rules.check_time_limit():
        file_rules.refuse_if_too_long()  # 90 seconds: not yet
    assert HEADER  # the standard's headings, used by rows()
