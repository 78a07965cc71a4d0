"""Open data of a live report: CSV with CSV on the Web metadata, XLSX and ODS in the
Analysis Function's layout, opened as a person's programs would open them."""

import csv
import io
import json
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.published import publish

pytestmark = pytest.mark.django_db


def get(client, name, *args):
    return client.get(reverse(name, args=args))


def test_each_table_is_a_csv_with_its_metadata(client, live_report):
    tables = live_report.tables
    assert {t["slug"] for t in tables} >= {"outcome", "pathway", "sex", "crime-type"}
    for table in tables:
        response = get(client, "publication:report-csv", live_report.slug, table["slug"])
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "describedby" in response["Link"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == table["headers"]
        assert len(rows) == len(table["rows"]) + 1


def test_the_csvw_metadata_validates_and_describes_every_csv(client, live_report, tmp_path):
    from csvw import TableGroup

    response = get(client, "publication:report-csvw", live_report.slug)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/csvm+json")
    metadata = json.loads(response.content)
    assert metadata["@context"][0] == "http://www.w3.org/ns/csvw"
    # Lay the files out as a reader who downloaded them would, and read them back strictly.
    for table in metadata["tables"]:
        name = table["url"].rsplit("/", 1)[1]
        slug = name.removesuffix(".csv")
        body = get(client, "publication:report-csv", live_report.slug, slug).content
        (tmp_path / name).write_bytes(body)  # as downloaded, byte order mark and all
        table["url"] = name
    (tmp_path / "csv-metadata.json").write_text(json.dumps(metadata))
    group = TableGroup.from_file(tmp_path / "csv-metadata.json")
    group.validate_schema()
    assert group.check_referential_integrity()
    for table in group.tables:
        assert table.check_primary_key()
    for table, snapshot in zip(group.tables, live_report.tables, strict=True):
        rows = list(table.iterdicts(strict=True))
        assert len(rows) == len(snapshot["rows"])
        for row, expected in zip(rows, snapshot["rows"], strict=True):
            values = list(row.values())
            for got, want in zip(values, expected, strict=True):
                # The symbols stand for no value: the metadata says so (`null`).
                assert got == (None if want in ("[c]", "[x]", "[z]") else want)


def test_the_spreadsheet_has_cover_contents_notes_and_one_table_a_sheet(client, live_report):
    response = get(client, "publication:report-xlsx", live_report.slug)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    n = len(live_report.tables)
    assert book.sheetnames == ["Cover_sheet", "Table_of_contents", "Notes"] + [
        f"Table_{i}" for i in range(1, n + 1)
    ]
    for sheet in book.worksheets:
        assert sheet["A1"].value, f"{sheet.title} has no title in A1"
        assert not sheet.merged_cells.ranges, f"{sheet.title} merges cells"
    contents = [r for r in book["Table_of_contents"].iter_rows(values_only=True)]
    assert ("Table_1", live_report.tables[0]["title"]) in contents
    notes = [r[1] for r in book["Notes"].iter_rows(min_row=4, values_only=True)]
    assert any(note and note.startswith("[c] means") for note in notes)
    first = list(book["Table_1"].iter_rows(values_only=True))
    assert first[0][0] == live_report.tables[0]["title"]
    header = list(first[3])
    assert header[: len(live_report.tables[0]["headers"])] == live_report.tables[0]["headers"]
    values = [v for row in first[4:] for v in row[1:] if v is not None]
    assert "[c]" in values and all(
        isinstance(v, int | float) or v in ("[c]", "[x]", "[z]") for v in values
    )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_opens_the_spreadsheet_with_the_same_figures(
    client, live_report, tmp_path, fmt
):
    body = get(client, f"publication:report-{fmt}", live_report.slug).content
    source = tmp_path / f"report.{fmt}"
    source.write_bytes(body)
    # The fourth sheet is the first table; LibreOffice writes each sheet to its own CSV.
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    table = live_report.tables[0]
    path = tmp_path / "report-Table_1.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == table["title"]
    body_rows = [r[: len(table["headers"])] for r in rows[4 : 4 + len(table["rows"])]]
    expected = [[str(v) for v in row] for row in table["rows"]]
    assert [[c.replace(",", "") for c in r] for r in body_rows] == expected


@pytest.mark.parametrize("name", ["report-csvw", "report-xlsx", "report-ods"])
def test_nothing_of_a_report_never_published_is_reachable(client, figures, area_a, period, name):
    draft = publish(area_a, period, status="draft")
    assert get(client, f"publication:{name}", draft.slug).status_code == 404
    assert get(client, "publication:report-csv", draft.slug, "outcome").status_code == 404
    assert get(client, f"publication:{name}", "no-such-report").status_code == 404


def test_a_withdrawn_report_is_gone(client, figures, area_a, period):
    gone = publish(area_a, period, status="withdrawn")
    assert get(client, "publication:report-xlsx", gone.slug).status_code == 410
    assert get(client, "publication:report-csv", gone.slug, "outcome").status_code == 410


def test_an_unknown_table_is_not_found(client, live_report):
    assert get(client, "publication:report-csv", live_report.slug, "nothing").status_code == 404


def test_no_count_of_one_to_nine_in_any_download(client, live_report):
    for table in live_report.tables:
        for row in table["rows"]:
            for value in row[1:]:
                assert not (isinstance(value, int) and 0 < value < 10), (table["slug"], row)


def test_the_report_page_links_every_download(client, live_report):
    html = get(client, "publication:report", live_report.slug).content.decode()
    for table in live_report.tables:
        assert reverse("publication:report-csv", args=[live_report.slug, table["slug"]]) in html
    for name in ("report-csvw", "report-xlsx", "report-ods"):
        assert reverse(f"publication:{name}", args=[live_report.slug]) in html
