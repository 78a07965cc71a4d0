"""Exports as other systems write them, for the tests of "files from real case systems".

Each builder makes a file the way a kind of system writes it, without knowledge of Reach:
its own headings, its own labels, its own layout. Each returns (bytes, file name, the
number of referrals by Reach ethnicity code), the counts the file itself holds, so a test
can check Reach reads exactly those counts.
"""

import codecs
import csv
import datetime
import io
import random
from collections import Counter

import xlsxwriter

PERIOD_START = datetime.date(2026, 4, 1)

# (label as the system writes it, Reach code)
CMS_ETHNICITY = [
    ("Asian or Asian British - Indian", "3"),
    ("Asian or Asian British - Pakistani", "4"),
    ("Asian or Asian British - Bangladeshi", "1"),
    ("Asian or Asian British - Any other Asian background", "5"),
    ("Black or Black British - Caribbean", "7"),
    ("Black or Black British - African", "6"),
    ("Black or Black British - Any other Black background", "8"),
    ("Mixed - White & Black Caribbean", "11"),
    ("Mixed - White & Asian", "9"),
    ("Mixed - Any other mixed background", "12"),
    ("White - British", "13"),
    ("White - Irish", "14"),
    ("Any other White background", "17"),
    ("Chinese", "2"),
    ("Arab", "18"),
    ("Any other ethnic group", "19"),
    ("Not stated", "NK"),
    ("", "NK"),  # blank: not known
    ("Declined to answer", "PNS"),
]
LEGACY_ETHNICITY = [
    ("White: English/Welsh/Scottish/Northern Irish/British", "13"),
    ("White: Any other White background", "17"),
    ("White: Gypsy or Irish Traveller", "15"),
    ("Asian/Asian British: Pakistani", "4"),
    ("Asian/Asian British: Indian", "3"),
    ("Black/African/Caribbean/Black British: Caribbean", "7"),
    ("Black/African/Caribbean/Black British: Any other Black/African/Caribbean background", "8"),
    ("Mixed/multiple ethnic groups: White and Black African", "10"),
    ("Other ethnic group: Arab", "18"),
    ("Prefer not to say", "PNS"),
]
POLICE_ETHNICITY = [
    ("W1", "13"), ("W2", "14"), ("W9", "17"), ("A1", "3"), ("A2", "4"), ("A3", "1"),
    ("A9", "5"), ("B1", "7"), ("B2", "6"), ("B9", "8"), ("M1", "11"), ("M2", "10"),
    ("M3", "9"), ("M9", "12"), ("O1", "2"), ("O9", "19"), ("NS", "NK"),
]  # fmt: skip
HAND_KEPT_ETHNICITY = [
    ("white british", "13"),
    ("White  British ", "13"),
    ("Black  African", "6"),
    ("black caribbean", "7"),
    ("Carribean", "7"),
    ("indian", "3"),
    ("Pakistani", "4"),
    ("Bangladeshi", "1"),
    ("Gypsy/Traveller", "15"),
    ("Other White", "17"),
    ("Mixed race", "MIXED"),
    ("prefer not to say", "PNS"),
    ("", "NK"),
]
CENSUS_2021_ETHNICITY = [
    ("Asian, Asian British or Asian Welsh: Bangladeshi", "1"),
    ("Asian, Asian British or Asian Welsh: Other Asian", "5"),
    ("Black, Black British, Black Welsh, Caribbean or African: African", "6"),
    ("Black, Black British, Black Welsh, Caribbean or African: Other Black", "8"),
    ("Mixed or Multiple ethnic groups: White and Black Caribbean", "11"),
    ("White: English, Welsh, Scottish, Northern Irish or British", "13"),
    ("White: Roma", "16"),
    ("White: Other White", "17"),
    ("Other ethnic group: Arab", "18"),
    ("Other ethnic group: Any other ethnic group", "19"),
]


def _pick(rng, choices, n):
    return [rng.choice(choices) for _ in range(n)]


def _day(rng) -> datetime.date:
    return PERIOD_START + datetime.timedelta(days=rng.randint(0, 182))


def _counts(picked) -> Counter:
    return Counter(code for _, code in picked)


def _csv(rows, *, separator=",", encoding="utf-8", bom=False, prefix="") -> bytes:
    buffer = io.StringIO()
    buffer.write(prefix)
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 + data) if bom else data


def cms_csv(n=240, seed=1):
    """A case-management system's CSV: Windows-1252, its own headings and everyday words,
    a keyworker column Reach does not read, dates day/month/year."""
    rng = random.Random(seed)
    picked = _pick(rng, CMS_ETHNICITY, n)
    header = ["Client Ref", "Date Referred", "Ethnicity", "Gender", "Age", "Disability",
              "Sexual Orientation", "Crime Type", "Referral Source", "Case Status", "Keyworker"]  # fmt: skip
    rows = [header]
    for i, (label, _) in enumerate(picked):
        rows.append([
            f"CL-{10000 + i}", _day(rng).strftime("%d/%m/%Y"), label,
            rng.choice(["Female", "Male", "Woman", "Unknown"]), str(rng.randint(16, 80)),
            rng.choice(["Yes", "No", "Prefer not to say"]),
            rng.choice(["Heterosexual", "Gay", "Bisexual", "Not asked"]),
            rng.choice(["Domestic Violence", "Stalking", "Rape", "Race hate crime", "Fraud"]),
            rng.choice(["Police", "Self referral", "GP / Health", "School", "Community organisation"]),
            rng.choice(["Disengaged", "Unable to contact", "Information only", "Ongoing", "Completed"]),
            rng.choice(["Team North", "Team South"]),
        ])  # fmt: skip
    return _csv(rows, encoding="cp1252"), "cms-export.csv", _counts(picked)


def report_xlsx(n=180, seed=2):
    """An Excel report: a title and a date range above the headings, dates as Excel dates,
    2011 labels, age bands written "18 - 24", a total row below the referrals."""
    rng = random.Random(seed)
    picked = _pick(rng, LEGACY_ETHNICITY, n)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Referrals")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "Victim Services – Referrals report")
    sheet.write(1, 0, "Period: 01/04/2026 to 30/09/2026")
    header = ["Case ID", "Referral Received", "Ethnic Origin", "Sex", "Age Band", "Disabled?",
              "Offence", "How Referred", "Closure Reason"]  # fmt: skip
    sheet.write_row(3, 0, header)
    for r, (label, _) in enumerate(picked, 4):
        day = _day(rng)
        sheet.write(r, 0, f"C{r:05d}")
        sheet.write_datetime(r, 1, datetime.datetime(day.year, day.month, day.day), dates)
        sheet.write_row(r, 2, [
            label, rng.choice(["F", "M"]), rng.choice(["18 - 24", "25 to 34", "35-44", "75 and over"]),
            rng.choice(["Y", "N"]), rng.choice(["Domestic abuse", "Harassment", "Robbery", "Burglary"]),
            rng.choice(["Police referral", "Self-referral", "Housing", "Social services"]),
            rng.choice(["Support completed", "Withdrawn", "Referred on", "Declined"]),
        ])  # fmt: skip
    sheet.write(4 + n + 1, 0, f"Total referrals: {n}")
    book.close()
    return buffer.getvalue(), "referrals-report.xlsx", _counts(picked)


def police_csv(n=200, seed=3):
    """A police-style export: 16+1 self-defined ethnicity codes, the officer's IC code in a
    column Reach does not read, ISO dates, no disability or sexual orientation columns."""
    rng = random.Random(seed)
    picked = _pick(rng, POLICE_ETHNICITY, n)
    header = ["Referral Number", "Date", "SDE", "ODE", "Gender", "Age", "Offence Category",
              "Outcome"]  # fmt: skip
    rows = [header]
    for i, (code, _) in enumerate(picked):
        rows.append([
            f"VR{2026000 + i}", _day(rng).isoformat(), code, rng.choice(["IC1", "IC3", "IC4"]),
            rng.choice(["F", "M"]), str(rng.randint(18, 70)),
            rng.choice(["Violence against the person", "Robbery", "Theft", "Criminal damage"]),
            rng.choice(["No contact", "Information only", "Open", "Declined"]),
        ])  # fmt: skip
    return _csv(rows), "police-referrals.csv", _counts(picked)


def hand_kept_csv(n=60, seed=4):
    """A spreadsheet kept by hand: "sep=;" and semicolons, a byte order mark, few columns
    (age, disability, orientation and pathway not kept), labels typed as people type."""
    rng = random.Random(seed)
    picked = _pick(rng, HAND_KEPT_ETHNICITY, n)
    rows = [["Ref", "Date of referral", "Ethnic group", "Sex", "Crime", "Outcome"]]
    for i, (label, _) in enumerate(picked):
        rows.append([
            str(i + 1), _day(rng).strftime("%d/%m/%Y"), label, rng.choice(["female", "male", "F"]),
            rng.choice(["domestic abuse", "DV", "honour based violence", "Forced marriage"]),
            rng.choice(["ongoing", "closed - needs met", "no contact", "disengaged"]),
        ])  # fmt: skip
    return (
        _csv(rows, separator=";", bom=True, prefix="sep=;\r\n"),
        "our referrals.csv",
        _counts(picked),
    )


def census_2021_xlsx(n=120, seed=5):
    """An export in the 2021 Census wording, headings in capitals with underscores."""
    rng = random.Random(seed)
    picked = _pick(rng, CENSUS_2021_ETHNICITY, n)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["CASE_NUMBER", "REFERRAL_DATE", "ETHNIC_GROUP", "SEX", "AGE_GROUP",
                           "CRIME_TYPE", "REFERRAL_ROUTE", "CASE_OUTCOME"])  # fmt: skip
    for r, (label, _) in enumerate(picked, 1):
        sheet.write_row(r, 0, [
            f"N{r}", _day(rng).isoformat(), label, rng.choice(["Female", "Male"]),
            rng.choice(["25-34", "45-54", "65+" if False else "55-64"]),
            rng.choice(["Domestic abuse", "Sexual assault", "Modern slavery"]),
            rng.choice(["Police", "MARAC", "Family member"]),
            rng.choice(["Ongoing", "Completed", "Unable to contact"]),
        ])  # fmt: skip
    book.close()
    return buffer.getvalue(), "EXPORT_2026H1.xlsx", _counts(picked)


EXPORTS = {
    "case-management CSV": cms_csv,
    "Excel report with a title and a total": report_xlsx,
    "police-style 16+1 export": police_csv,
    "hand-kept spreadsheet": hand_kept_csv,
    "2021 Census wording": census_2021_xlsx,
}


def hate_crime_csv(n=30, seed=6):
    """An export that writes "Hate crime" without its strand: asked, never guessed."""
    rng = random.Random(seed)
    rows = [["Case Ref", "Date of referral", "Ethnicity", "Offence", "Case status"]]
    for i in range(n):
        rows.append([f"H{i}", _day(rng).isoformat(), "White British",
                     rng.choice(["Hate crime", "Domestic abuse"]), "Ongoing"])  # fmt: skip
    return _csv(rows), "hate.csv", Counter({"13": n})
