"""File rules: size, type and zip-bomb limits, each failing and passing."""

import io
import time
import zipfile

import pytest

from returns.ingest import reader
from returns.ingest.context import FileCheck
from returns.ingest.rules import Refused
from returns.ingest.rules.file import archive_unsafe, detect_kind, file_too_large, file_type_refused
from tests.returns.ingest.conftest import codes_of, rows, to_csv
from tests.returns.ingest.test_reader import xlsx


def check(data: bytes, name: str = "return.csv", limit: int = 10_000) -> FileCheck:
    return FileCheck(data, name, limit)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_file_too_large():
    found = file_too_large.run(check(b"x" * 10_001, limit=10_000))
    assert codes_of(found) == ["file_too_large"]
    assert "Reach accepts files up to" in found.item(0, "message")
    assert file_too_large.run(check(b"x" * 10_000, limit=10_000)).is_empty()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003"),
        (b"%PDF-1.7 ...", "PDF"),
        (zipped({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"macro"}), "macros"),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "OpenDocument"),
        (zipped({"notes.txt": b"hello"}), "zip archive"),
        (b"id,sex\x00\x01\x02", "not a text file"),
    ],
)
def test_file_type_refused(data, kind):
    found = file_type_refused.run(check(data, "return.xlsx"))
    assert codes_of(found) == ["file_type_refused"]
    assert kind in found.item(0, "message")


def test_file_type_csv_and_xlsx_pass():
    assert file_type_refused.run(check(to_csv(rows(1)))).is_empty()
    assert file_type_refused.run(check(xlsx([["id"], ["R-1"]]), "r.xlsx")).is_empty()
    assert detect_kind(xlsx([["id"]])) == "xlsx"


def test_zip_bomb_refused_quickly_before_anything_is_decompressed():
    bomb = zipped(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * 50_000_000}
    )
    assert len(bomb) < 200_000
    started = time.perf_counter()
    found = archive_unsafe.run(check(bomb, "bomb.xlsx", limit=10**9))
    assert time.perf_counter() - started < 0.5
    assert codes_of(found) == ["archive_unsafe"]
    assert "expands" in found.item(0, "message")


def test_archive_total_size_limit(settings):
    settings.MAX_XLSX_UNCOMPRESSED_BYTES = 1000
    found = archive_unsafe.run(check(xlsx([["id"], ["R-1"]]), "r.xlsx"))
    assert "the limit is" in found.item(0, "message")


def test_archive_with_too_many_members():
    many = zipped({"xl/workbook.xml": b"<w/>"} | {f"xl/m{i}.xml": b"<x/>" for i in range(1001)})
    assert "parts" in archive_unsafe.run(check(many, "r.xlsx")).item(0, "message")


def test_ordinary_workbook_passes_the_archive_check():
    workbook = xlsx([["referral_id", "sex"]] + [[f"R-{i}", "F"] for i in range(2000)])
    assert archive_unsafe.run(check(workbook, "r.xlsx")).is_empty()


def test_file_unreadable_is_raised_by_the_reader():
    with pytest.raises(Refused) as refused:
        reader.read(zipped({"xl/workbook.xml": b"not really a workbook"}))
    assert refused.value.problems[0].code == "file_unreadable"


def test_row_too_many_values_is_raised_by_the_reader():
    with pytest.raises(Refused) as refused:
        reader.read(b"a,b\n1,2\n3,4,5\n")
    assert [p.row for p in refused.value.problems] == [3]
    assert refused.value.problems[0].code == "row_too_many_values"
