import csv
import io
import zipfile

import pytest

from core.tables import Table, render, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-cmd", "'-cmd"),
        ("-12.5", "-12.5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Black Caribbean", "Black Caribbean"),
        (-3, -3),
        (0.25, 0.25),
        (None, ""),
        (True, "Yes"),
    ],
)
def test_safe_cell_defuses_formulas_and_keeps_numbers(value, expected):
    assert safe_cell(value) == expected


def _table():
    return Table(
        title="Representation",
        headers=["Group", "Count", "Share"],
        rows=[["=1+2", 12, 0.5], ["Roma", 0, None]],
        notes=["Counts are exact."],
    )


def test_csv_download_is_safe_and_has_a_bom():
    data = render(_table(), "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Group", "Count", "Share"]
    assert rows[1][0] == "'=1+2"


def test_xlsx_download_holds_text_not_formulas():
    data = render(_table(), "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet


def test_ods_download_is_a_spreadsheet():
    data = render(_table(), "ods")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = z.read("content.xml").decode()
        assert "&apos;=1+2" in content or "'=1+2" in content


def test_unknown_format_is_refused_clearly():
    with pytest.raises(ValueError, match="use csv, xlsx or ods"):
        render(_table(), "pdf")
