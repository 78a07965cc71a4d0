"""Reading a page's HTML table and a download's CSV, to prove they hold the same cells."""

import csv
import io
from html.parser import HTMLParser


class _Cells(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.depth, self.rows, self.cell = table_id, 0, [], None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (self.depth or attrs.get("id") == self.table_id):
            self.depth += 1
        if not self.depth:
            return
        if "govuk-visually-hidden" in (attrs.get("class") or ""):
            self.hidden += 1
        elif self.hidden and tag == "span":
            self.hidden += 1
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "span" and self.hidden:
            self.hidden -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.depth -= 1

    def handle_data(self, data):
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def html_rows(html: str, table_id: str) -> list[list[str]]:
    """The text of each row of the table with this id (header row first)."""
    parser = _Cells(table_id)
    parser.feed(html)
    return [row for row in parser.rows if row]


def csv_rows(data: bytes) -> list[list[str]]:
    """A download's rows, header first, without its notes."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [row for row in rows if row and not row[0].startswith("Note: ")]


def same_cell(shown: str, held: str) -> bool:
    """A page cell and a download cell agree: the same text, or the same number as rounded
    for the page (thousands separators, fixed places), or [x] for a blank."""
    if shown == held or (shown == "[x]" and held == ""):
        return True
    try:
        number = float(shown.replace(",", ""))
        places = len(shown.split(".")[1]) if "." in shown else 0
        return abs(number - float(held)) <= 0.5 * 10**-places + 1e-9
    except ValueError:
        return False


def assert_same_table(html: str, table_id: str, download: bytes) -> int:
    """Every cell of the page's table equals the download's; returns the number of rows."""
    shown, held = html_rows(html, table_id), csv_rows(download)
    assert len(shown) == len(held) > 1, (len(shown), len(held))
    for r, (a, b) in enumerate(zip(shown, held, strict=True)):
        assert len(a) == len(b), (r, a, b)
        for c, (x, y) in enumerate(zip(a, b, strict=True)):
            assert same_cell(x, y), (r, c, x, y)
    return len(shown) - 1
