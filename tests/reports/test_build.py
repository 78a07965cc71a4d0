"""The three files of the bi-annual return: what each holds, read back without LibreOffice."""

import io
import re
import zipfile

import pytest

from reports.pdf.document import build_pdf
from reports.workbook import build_ods, build_xlsx
from tests.reports.conftest import BLACK, CELLS, FORMULA, gathered, make_request, pdf_info, pdf_text

pytestmark = pytest.mark.django_db

SHEETS = [
    "Summary",
    "QS1",
    "QS2",
    "QS3",
    "Representation 19",
    "Representation 5",
    "Outcomes",
    "Pathways",
    "Engagement",
    "Workforce",
    "Outreach",
    "Awareness",
    "Challenges",
    "Actions",
    "Escalation",
]


@pytest.fixture
def content(area_a, period, commissioner_a, area_a_return, submitted):
    return gathered(
        make_request(area=area_a, period=period, user=commissioner_a, assessment=submitted)
    )


def _rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _row(sheet, first):
    return next(r for r in _rows(sheet) if r and r[0] == first)


def test_xlsx_has_every_section_and_the_cube_counts_as_numbers(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(build_xlsx(content)))
    assert book.sheetnames == SHEETS
    five = _row(book["Representation 5"], "Black")
    assert five[1] == "Population" and five[2] == BLACK and isinstance(five[2], int)
    assert _row(book["Representation 19"], "Black African")[2] == 12
    assert _row(book["Representation 19"], "White British")[2] == 800
    summary = dict(r[:2] for r in _rows(book["Summary"]) if r and r[0])
    assert summary["Referrals"] == sum(c["count"] for c in CELLS)
    assert summary["Referrals with a stated ethnic group"] == sum(c["count"] for c in CELLS) - 30
    assert summary["Area"] == "West Midlands"
    assert summary["Quality Standard 1 rating"].startswith("Partly met")
    assert summary["Marking"] == "Official – contains exact counts; not for publication"
    # A share is a number, not text.
    assert isinstance(five[3], float)


def test_xlsx_standard_sheets_quote_the_guidance_and_the_answers(content, submitted):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(build_xlsx(content)))
    qs1 = _rows(book["QS1"])
    statement = submitted.edition.standards.get(number=1).statement
    assert ["Statement", statement] == qs1[
        next(i for i, r in enumerate(qs1) if r[0] == "Statement")
    ][:2]
    answer = _row(book["QS1"], "2")
    assert answer[2] == "Our answer to prompt 2 of standard 1."
    assert answer[3] == "https://example.org/evidence"
    assert ["Rating", "Partly met – improvement needed"] == _row(book["QS1"], "Rating")[:2]


def test_xlsx_answer_starting_with_equals_stays_text(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(build_xlsx(content)))
    cell = next(
        c
        for row in book["QS3"].iter_rows()
        for c in row
        if isinstance(c.value, str) and "evil" in c.value
    )
    assert cell.value == "'" + FORMULA
    assert cell.data_type == "s"


def test_xlsx_flags_the_overdue_action(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(build_xlsx(content)))
    action = next(r for r in _rows(book["Actions"]) if "Translate the leaflet into Somali" in r)
    assert action[7] == "Yes"  # Overdue


def test_ods_has_every_section_numbers_and_safe_text(content):
    with zipfile.ZipFile(io.BytesIO(build_ods(content))) as ods:
        assert ods.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        xml = ods.read("content.xml").decode()
    names = re.findall(r'<table:table table:name="([^"]+)"', xml)
    assert names == SHEETS
    assert f'office:value-type="float" office:value="{BLACK}"' in xml
    assert "West Midlands" in xml
    assert "&apos;=HYPERLINK" in xml or "'=HYPERLINK" in xml
    assert "table:formula" not in xml


def test_pdf_holds_the_area_the_standards_and_the_marking(content):
    pdf = build_pdf(content, compress=False)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for words in (
        "Bi-annual return to the Ministry of",  # the title wraps before "Justice"
        "West Midlands",
        "Police and Crime Commissioner for West Midlands",
        "Quality Standard 1: Understanding needs",
        "Quality Standard 3: Raising awareness",
        "Official – contains exact counts; not for publication",
        "Our answer to prompt 2 of standard 1.",
        "Partly met – improvement needed",
        "Black African",
        "Translate the leaflet into Somali",
        "Explain the Black African gap.",
        "Page 1 of",
    ):
        assert words in text, words
    assert "DRAFT" not in text


def test_pdf_is_compressed_unless_asked(content):
    assert len(build_pdf(content)) < len(build_pdf(content, compress=False))


def test_pdf_is_tagged_with_its_language_and_title(content):
    pdf = build_pdf(content)
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == content.title
    assert b"/Lang (en)" in build_pdf(content, compress=False)


def test_unsubmitted_version_is_marked_draft(area_a, period, commissioner_a, area_a_return, draft):
    content = gathered(
        make_request(area=area_a, period=period, user=commissioner_a, assessment=draft)
    )
    assert content.is_draft
    assert "DRAFT – not submitted" in pdf_text(build_pdf(content, compress=False))
    from openpyxl import load_workbook

    summary = _rows(load_workbook(io.BytesIO(build_xlsx(content)))["Summary"])
    assert ["DRAFT – this self-assessment has not been submitted."] == [
        r[0] for r in summary if r[0] and str(r[0]).startswith("DRAFT")
    ]


def test_no_returns_and_no_assessment_still_builds(area_b, period, commissioner_b):
    content = gathered(make_request(area=area_b, period=period, user=commissioner_b))
    assert content.assessment is None and content.is_draft
    assert "No provider has submitted a return" in pdf_text(build_pdf(content, compress=False))
    assert build_xlsx(content)[:2] == b"PK"
    assert build_ods(content)[:2] == b"PK"


def test_text_that_looks_like_markup_is_printed_as_typed(area_a, period, commissioner_a, draft):
    from assurance import services
    from assurance.models import Prompt

    prompt = Prompt.objects.get(standard__edition=draft.edition, standard__number=1, number="2")
    services.assessment_answers_save(
        assessment=draft, answers={prompt.pk: ("<b>bold?</b> & Gŵyl", "")}, by=commissioner_a
    )
    content = gathered(
        make_request(area=area_a, period=period, user=commissioner_a, assessment=draft)
    )
    assert "<b>bold?</b> & G" in pdf_text(build_pdf(content, compress=False))


def test_the_return_opens_with_the_dashboards_key_findings(content):
    from openpyxl import load_workbook

    from monitoring.summary import key_findings

    sentences = key_findings(content.dashboard)
    assert content.key_findings == sentences and sentences
    book = load_workbook(io.BytesIO(build_xlsx(content)))
    cells = [r[0] for r in _rows(book["Summary"]) if r and r[0]]
    assert "Key findings" in cells and all(s in cells for s in sentences)
    text = " ".join(pdf_text(build_pdf(content, compress=False)).split())
    assert "Key findings" in text
    first = sentences[0]
    assert " ".join(first.split()[:6]) in text  # the PDF wraps long sentences
