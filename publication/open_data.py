"""A published report's figures as open data: a CSV file for each table described by CSV
on the Web metadata (W3C, "Metadata Vocabulary for Tabular Data"), and one workbook as
XLSX and ODS laid out as the Analysis Function's "Releasing statistics in spreadsheets"
asks: a cover sheet, a table of contents, a notes sheet and one table on each sheet, with
the symbols [c], [x] and [z].

Everything here reads the report's snapshot of disclosure-controlled figures (never the
returns), and writes through the one CSV writer (core/exports.py) and the one XLSX and
ODS writer (core/spreadsheets/). The spreadsheets are not made with gptables: it writes
XLSX only, not ODS, so the one writer would have needed a second path for ODS; the rules
of the guidance that gptables applies (title in A1, one table a sheet, notes on a sheet
of their own, no merged cells or blank rows in a sheet of tables) are applied here.
"""

import re

from django.urls import reverse

import disclosure
from core import exports, spreadsheets
from core.spreadsheets import Heading, Pairs, Sheet, Text
from core.tables import Table
from disclosure import rules
from publication.figures import period_words

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
PUBLISHER = "Reach"


def tables(report) -> list[Table]:
    return disclosure.from_snapshot(report.tables)


def table_by_slug(report, slug: str) -> Table | None:
    return next((t for t in tables(report) if t.slug == slug), None)


def table_csv(table: Table) -> bytes:
    """One table as CSV: its header row and its rows, nothing else (the notes are in the
    metadata), so that a program reads it as the metadata describes."""
    return exports.csv_bytes(table.headers, table.safe_rows())


def title(report) -> str:
    return f"Transparency report figures: {report.area.name}, {period_words(report.period)}"


def _name(header: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", header.lower()).strip("_") or "column"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _datatype(table: Table, col: int) -> str:
    values = [row[col] for row in table.rows if col < len(row)]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers and any(v not in rules.SYMBOLS for v in values):
        return "string"
    if all(isinstance(v, int) for v in numbers):
        return "integer"
    return "decimal"


def csvw_metadata(report, site_url: str = "") -> dict:
    """The CSV on the Web metadata of the report's tables: a table group, each table with
    its title, notes, the datatype of each column and the symbols that stand for no value."""
    group = []
    for table in tables(report):
        url = reverse("publication:report-csv", args=[report.slug, table.slug])
        taken: set[str] = set()
        columns = []
        for col, header in enumerate(table.headers):
            datatype = _datatype(table, col)
            column = {"name": _name(header, taken), "titles": header, "datatype": datatype}
            if datatype != "string":
                column["null"] = list(rules.SYMBOLS)
            if col == 0:
                column["required"] = True
            columns.append(column)
        group.append(
            {
                "url": site_url.rstrip("/") + url if site_url else url,
                "dc:title": table.title,
                "dc:description": " ".join(table.notes),
                "notes": [{"dc:description": note} for note in table.notes],
                "tableSchema": {"columns": columns, "primaryKey": columns[0]["name"]},
            }
        )
    return {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "dc:title": title(report),
        "dc:publisher": PUBLISHER,
        "dc:issued": report.published_at.date().isoformat() if report.published_at else None,
        "dc:description": rules.ROUNDING_NOTE + " " + rules.SECONDARY_NOTE,
        "dialect": {"encoding": "utf-8", "header": True, "headerRowCount": 1},
        "tables": group,
    }


def sheet_name(index: int) -> str:
    return f"Table_{index}"


def workbook(report) -> list[Sheet]:
    """The sheets: cover, contents, notes, then each table on a sheet of its own."""
    all_tables = tables(report)
    notes: dict[str, int] = {}
    for table in all_tables:
        for note in table.notes:
            notes.setdefault(note, len(notes) + 1)
    published = report.published_at.date() if report.published_at else None
    cover = Sheet(
        "Cover_sheet",
        [
            Heading(title(report)),
            Text(
                "This spreadsheet holds the figures of the transparency report of "
                f"{report.area.name} for {period_words(report.period)}: referrals to "
                "victims' services by ethnic group, from the returns of the area's "
                "services that the commissioner accepted."
            ),
            Heading("Disclosure control"),
            Text(rules.ROUNDING_NOTE),
            Text(rules.SECONDARY_NOTE),
            Text(rules.RATE_NOTE),
            Heading("Symbols used in the tables"),
            Pairs([(symbol, words) for symbol, words in rules.SYMBOLS.items()]),
            Heading("About this release"),
            Pairs(
                [
                    ("Area", report.area.name),
                    ("Period", period_words(report.period)),
                    ("Published", published or "Not published"),
                    ("Revision", report.revision),
                    ("Number of tables", len(all_tables)),
                ]
            ),
        ],
        widths={0: 30, 1: 90},
        plain=True,
    )
    contents = Sheet(
        "Table_of_contents",
        [
            Heading("Table of contents"),
            Text(
                "This worksheet contains one table: each sheet of this workbook and what it holds."
            ),
            Table(
                title="",
                headers=["Sheet name", "Table title"],
                rows=[["Notes", "Notes used in the tables"]]
                + [[sheet_name(i), t.title] for i, t in enumerate(all_tables, start=1)],
            ),
        ],
        widths={0: 20, 1: 100},
        plain=True,
    )
    notes_sheet = Sheet(
        "Notes",
        [
            Heading("Notes"),
            Text("This worksheet contains one table of the notes the tables refer to."),
            Table(
                title="",
                headers=["Note number", "Note text"],
                rows=[[f"[note {n}]", text] for text, n in notes.items()],
            ),
        ],
        widths={0: 14, 1: 110},
        plain=True,
    )
    out = [cover, contents, notes_sheet]
    for i, table in enumerate(all_tables, start=1):
        refs = ", ".join(f"[note {notes[n]}]" for n in table.notes)
        out.append(
            Sheet(
                sheet_name(i),
                [
                    Heading(table.title),
                    Text(
                        "This worksheet contains one table." + (f" Notes: {refs}." if refs else "")
                    ),
                    Text(
                        f"Source: the accepted returns of the victims' services in {report.area.name}."
                    ),
                    Table(title="", headers=table.headers, rows=table.rows),
                ],
                widths={0: 24},
                plain=True,
            )
        )
    return out


def xlsx(report) -> bytes:
    return spreadsheets.to_xlsx(workbook(report), title=title(report), author=PUBLISHER)


def ods(report) -> bytes:
    return spreadsheets.to_ods(workbook(report), title=title(report), author=PUBLISHER)
