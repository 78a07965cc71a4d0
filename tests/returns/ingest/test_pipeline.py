"""The pipeline end to end: real-world exports accepted, refusals stored nowhere."""

import codecs
import csv
import datetime
import gzip
import io

import pytest
import xlsxwriter

from returns.ingest import pipeline
from returns.ingest.pipeline import ingest_json_rows, read_and_validate
from returns.ingest.report import kept_problems
from returns.models import ReturnVersion, Submission
from tests.returns.doors import send, settle
from tests.returns.ingest.conftest import rows, to_csv

# A case-system export: its own headings, labels and aliases instead of codes, UK dates,
# an exact age instead of a band, yes/no words.
MESSY_HEADER = [
    "Case Ref", "Date of referral", "Ethnic Group", "Gender", "Age", "Disability Status",
    "Sexuality", "Offence Type", "Referral Source", "Case Status", "Interpreter Required?",
    "Satisfied with the service",
]  # fmt: skip
MESSY_ROWS = [
    ["C1", "14/05/2026", "Black British - Caribbean", "Female", "34", "Disabled",
     "Straight or heterosexual", "Domestic abuse", "Police referral", "Support completed", "No", "Yes"],
    ["C2", "02/06/2026", "W1", "Male", "19", "Not disabled", "Prefer not to say",
     "Hate crime: race", "Self-referral", "Still open", "Yes", ""],
    ["C3", "30/09/2026", "Asian/Asian British: Pakistani", "female", "Not known", "Not known",
     "Bisexual", "Robbery", "Health", "Declined support", "", "No"],
    ["C4", "01/04/2026", "Prefer not to say", "F", "67", "Declined", "NK", "Burglary",
     "MARAC", "Dropped out of support", "N", "Partly"],
    ["C5", "01/08/2026", "White – Irish", "M", "45", "NK", "STRAIGHT", "Fraud and cyber crime",
     "Police referral", "Referred on", "Y", "No"],
]  # fmt: skip
MESSY_ETHNICITY = ["7", "13", "4", "PNS", "14"]


def messy_csv(separator=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerows([MESSY_HEADER, *MESSY_ROWS])
    return buffer.getvalue().encode(encoding)


def messy_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, MESSY_HEADER)
    for r, row in enumerate(MESSY_ROWS, 1):
        for c, value in enumerate(row):
            if c == 1:  # a real Excel date cell
                sheet.write_datetime(r, c, datetime.datetime.strptime(value, "%d/%m/%Y"), dates)
            elif c == 4 and value.isdigit():  # ages as numbers
                sheet.write_number(r, c, int(value))
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


MESSY_FILES = {
    "utf-8 with BOM, commas": codecs.BOM_UTF8 + messy_csv(),
    "Windows-1252, semicolons": messy_csv(";", "cp1252"),
    "Windows-1252, tabs": messy_csv("\t", "cp1252"),
    "XLSX with date cells": messy_xlsx(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", MESSY_FILES)
def test_messy_but_valid_exports_are_accepted(period, lookups, name):
    result = read_and_validate(MESSY_FILES[name], file_name=name, period=period, lookups=lookups)
    assert result.ok and result.error_count == 0
    assert result.queries == ["ethnicity_coverage_low"]  # 1 of 5 preferred not to say
    records = result.records
    assert records.get_column("ethnicity").to_list() == MESSY_ETHNICITY
    assert records.get_column("age_band").to_list() == ["25-34", "18-24", "NK", "65-74", "45-54"]
    assert records.get_column("referral_date").to_list()[0] == datetime.date(2026, 5, 14)
    assert records.get_column("interpreter_needed").to_list() == [False, True, None, False, True]
    assert records.get_column("satisfied").to_list() == ["YES", "NOT_ASKED", "NO", "PARTLY", "NO"]
    assert result.cube.total == 5 and result.cube.stated_ethnicity == 4
    assert result.row_count == 5
    shown = {m["heading"]: m["column"] for m in result.column_mapping}
    assert shown["Ethnic Group"] == "ethnicity" and shown["Age"] == "age_band (from exact age)"


@pytest.mark.django_db
def test_result_carries_the_file_audit_but_not_the_file(period, lookups):
    data = to_csv(rows(3))
    result = read_and_validate(data, file_name="r.csv", period=period, lookups=lookups)
    assert result.ok and result.kind == "csv" and result.encoding == "UTF-8"
    assert result.file_bytes == len(data) and len(result.file_sha256) == 64
    assert not hasattr(result, "data")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["accepted", "refused"])
def test_a_large_file_has_its_own_digest_whether_accepted_or_refused(period, lookups, kind):
    """A file past a megabyte is hashed on a second core: its digest is still exactly the
    file's, for a file that is checked through and for one refused as it is read."""
    import hashlib

    data = to_csv(rows(30_000))
    if kind == "refused":
        data = data.replace(b"\n", b'\n"unclosed,', 1)
    assert len(data) > pipeline._Digest.THREAD_FROM
    result = read_and_validate(data, file_name="r.csv", period=period, lookups=lookups)
    assert result.ok is (kind == "accepted")
    assert result.file_sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.django_db
def test_progress_is_reported_at_each_stage(period, lookups):
    seen = []
    read_and_validate(
        to_csv(rows(2)), file_name="r.csv", period=period, lookups=lookups,
        progress=lambda percent, stage: seen.append((percent, stage)),
    )  # fmt: skip
    assert [s for _, s in seen] == [
        "Reading the file",
        "Checking the columns",
        "Checking every value",
        "Counting",
        "Looking for figures to query",
        "Checked",
    ]
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)


@pytest.mark.django_db
def test_identifying_column_refuses_the_whole_file_and_nothing_is_stored(
    lookups, provider_a, area_a
):
    from returns.periods import period_ensure

    period = period_ensure(2026, "H1")
    data = to_csv([dict(r, Postcode="B1 1AA") for r in rows(3)])
    result = read_and_validate(data, file_name="r.csv", period=period, lookups=lookups)
    assert not result.ok and result.cube is None and result.records is None
    assert [p.message for p in result.problems] == [
        "Remove the column 'Postcode': Reach does not accept postcodes. Returns hold counts, not people."
    ]
    saved = settle(result, provider=provider_a, area=area_a, period=period)
    assert saved.status == Submission.Status.REJECTED and saved.pending_cube is None
    assert ReturnVersion.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_cell_blocks_the_whole_file(period, lookups):
    records = rows(50)
    records[49]["sex"] = "X"
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period, lookups=lookups)
    assert not result.ok and result.cube is None
    assert [(p.row, p.column, p.value) for p in result.problems] == [(51, "sex", "X")]


@pytest.mark.django_db
def test_summary_groups_problems_with_totals_and_the_first_ten(period, lookups):
    records = rows(25, ethnicity="Martian")
    records[3]["referral_date"] = "2020-01-01"
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period, lookups=lookups)
    assert list(result.summary) == ["unknown_code", "date_outside_period"]
    group = result.summary["unknown_code"]
    assert group.count == 25 and len(group.examples) == 10 and group.severity == "error"
    assert [p.row for p in group.examples] == list(range(2, 12))
    assert result.error_count == 26


@pytest.mark.django_db
def test_problems_csv_lists_every_problem_safely(period, lookups):
    records = rows(12, ethnicity='=HYPERLINK("x")')
    result = read_and_validate(to_csv(records), file_name="r.csv", period=period, lookups=lookups)
    kept = kept_problems(result)
    text = gzip.decompress(kept.detail_csv).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == [
        "Row",
        "Column",
        "Value found",
        "Problem",
        "What is allowed",
        "Severity",
        "Code",
    ]
    assert len(lines) == 13
    assert lines[1][:3] == ["2", "ethnicity", '\'=HYPERLINK("x")']
    assert lines[1][3].startswith("'") and lines[1][6] == "unknown_code"


@pytest.mark.django_db
def test_file_too_large(period, lookups, settings):
    settings.MAX_UPLOAD_BYTES = 100
    result = read_and_validate(to_csv(rows(5)), file_name="r.csv", period=period, lookups=lookups)
    assert [p.code for p in result.problems] == ["file_too_large"]


@pytest.mark.django_db
def test_a_parser_crash_is_a_file_that_could_not_be_read(period, lookups, monkeypatch):
    def crash(data, heading=None):
        raise IndexError("parser bug")

    monkeypatch.setattr(pipeline.reader, "read", crash)
    result = read_and_validate(b"id\n1\n", file_name="r.csv", period=period, lookups=lookups)
    assert [p.code for p in result.problems] == ["file_unreadable"]


@pytest.mark.django_db
def test_json_rows_use_the_same_rules_numbered_by_record(period, lookups):
    records = rows(3)
    records[2]["sex"] = "X"
    result = ingest_json_rows(records, period=period, lookups=lookups)
    assert [(p.row, p.code) for p in result.problems] == [(3, "unknown_code")]
    result = ingest_json_rows(rows(3, interpreter_needed=True), period=period, lookups=lookups)
    assert result.ok and result.cube.total == 3 and result.kind == "json"


@pytest.mark.django_db
def test_json_rows_must_be_a_list_of_objects(period, lookups):
    assert not ingest_json_rows({"a": 1}, period=period, lookups=lookups).ok
    assert not ingest_json_rows([1, 2], period=period, lookups=lookups).ok


@pytest.mark.django_db
def test_queries_let_the_return_through_once_explained(lookups, provider_a, area_a):
    from returns.periods import period_ensure

    period = period_ensure(2026, "H1")
    records = rows(10)
    for record in records[:3]:
        record["ethnicity"] = "Not known"
    data = to_csv(records)
    result = read_and_validate(data, file_name="r.csv", period=period, previous_total=100)
    assert result.ok and result.queries == ["ethnicity_coverage_low", "total_changed"]
    assert result.queries
    from returns.services import SubmissionRefused

    with pytest.raises(SubmissionRefused, match="Explain each query"):
        send(result, provider=provider_a, area=area_a, period=period, previous_total=100)
    version = send(
        result, provider=provider_a, area=area_a, period=period, previous_total=100,
        explanation="A new police referral route started in June.",
    )  # fmt: skip
    version.refresh_from_db()
    assert [q["code"] for q in version.queries] == ["ethnicity_coverage_low", "total_changed"]
    assert version.explanation == "A new police referral route started in June."
    assert (version.file_name, version.file_bytes, version.row_count) == ("r.csv", len(data), 10)
    assert version.total_referrals == 10 and version.stated_ethnicity == 7
    assert version.cells.count() > 0


@pytest.mark.django_db
def test_progress_ends_at_done_for_a_refused_file_too(period, lookups):
    seen = []
    read_and_validate(b"Postcode\nB1 1AA\n", file_name="r.csv", period=period, lookups=lookups,
                      progress=lambda percent, stage: seen.append((percent, stage)))  # fmt: skip
    assert seen[0] == (0, "Reading the file") and seen[-1] == (100, "Checked")


@pytest.mark.django_db
def test_a_report_footer_under_coded_columns_is_left_out_whole(period, lookups):
    """A footer's words under a coded heading ("Total" under Ethnic Group) are neither
    checked as a value nor counted: the column is read as categories, and the footer's
    categories go with its rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    records = [[f"{row[0]}-{n}", *row[1:]] for n in range(3) for row in MESSY_ROWS]
    writer.writerows([MESSY_HEADER, *records])
    writer.writerow(["", "", "Total referrals", "15"] + [""] * (len(MESSY_HEADER) - 4))
    writer.writerow(["", "Run on 01/10/2026"] + [""] * (len(MESSY_HEADER) - 2))
    result = read_and_validate(
        buffer.getvalue().encode(), file_name="r.csv", period=period, lookups=lookups
    )
    assert result.ok, [(p.code, p.value) for p in result.problems if p.severity == "error"]
    assert result.records.get_column("ethnicity").to_list() == MESSY_ETHNICITY * 3
    assert "footer_rows_left_out" in {p.code for p in result.problems}
