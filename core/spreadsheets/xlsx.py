"""A workbook of blocks as XLSX (xlsxwriter): every string written as a string, never a
formula; row heights set, because LibreOffice does not fit them on opening an XLSX."""

import datetime
import io

from core.spreadsheets import (
    SPANNING,
    Sheet,
    cell_value,
    column_widths,
    grid,
    row_lines,
    span_lines,
)


def to_xlsx(sheets: list[Sheet], *, title: str = "", author: str = "") -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Never turn text into formulas or links, whatever it starts with.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties({"title": title, "author": author, "comments": "Created by Reach"})
    base = {"valign": "top", "font_name": "Arial", "font_size": 10}
    formats = {
        "heading": workbook.add_format(
            {**base, "bold": True, "font_size": 12, "font_color": "#1d70b8"}
        ),
        "title": workbook.add_format({**base, "bold": True, "font_size": 16}),
        "strong": workbook.add_format({**base, "bold": True, "text_wrap": True}),
        "text": workbook.add_format({**base, "text_wrap": True}),
        "note": workbook.add_format({**base, "italic": True, "text_wrap": True}),
        "header": workbook.add_format(
            {**base, "bold": True, "text_wrap": True, "bg_color": "#f3f2f1", "bottom": 1}
        ),
        "label": workbook.add_format({**base, "bold": True, "text_wrap": True}),
        "wrap": workbook.add_format({**base, "text_wrap": True}),
        # Text beside a right-aligned number would run into it without the indent.
        "cell": workbook.add_format({**base, "text_wrap": True, "indent": 1}),
        **{
            f"number{n}": workbook.add_format(
                {**base, "num_format": "#,##0" + ("." + "0" * n if n else "")}
            )
            for n in (0, 1, 2)
        },
        # In label–value rows a number sits at the left, under the text values.
        "pair-number": workbook.add_format({**base, "num_format": "#,##0.##", "align": "left"}),
        "date": workbook.add_format({**base, "num_format": "d mmmm yyyy", "align": "left"}),
        "as-text": workbook.add_format({**base, "num_format": "@"}),
        # On a plain sheet a line of text runs on over the empty cells beside it.
        "text-line": workbook.add_format(base),
        "strong-line": workbook.add_format({**base, "bold": True}),
        "note-line": workbook.add_format({**base, "italic": True}),
    }
    for sheet_spec in sheets:
        sheet = workbook.add_worksheet(sheet_spec.safe_name)
        widths = column_widths(sheet_spec)
        column_format = formats["as-text"] if sheet_spec.text_columns else None
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width, column_format)
        first_heading = True
        for r, (kind, values, places) in enumerate(grid(sheet_spec)):
            if kind == "heading" and first_heading:
                kind, first_heading = "title", False
                sheet.set_row(r, 22)
            if kind in SPANNING and len(widths) > 1 and not sheet_spec.plain:
                value = str(cell_value(values[0]))
                sheet.set_row(r, 13 * span_lines(value, widths) + 2)
                sheet.merge_range(r, 0, r, len(widths) - 1, value, formats[kind])
                continue
            if kind in SPANNING and sheet_spec.plain:
                kind = f"{kind}-line"
            lines = row_lines(values, widths, kind)
            if lines > 1:
                sheet.set_row(r, 13 * lines + 2)
            for c, value in enumerate(values):
                _xlsx_write(
                    sheet, r, c, cell_value(value), kind, formats, places[c] if places else 2
                )
        # Printed: A4 landscape, as wide as one page and as long as it needs.
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


def _xlsx_write(sheet, r, c, value, kind, formats, places) -> None:
    if value == "" or value is None:
        return
    if isinstance(value, int | float):
        style = "pair-number" if kind == "pair" else f"number{places}"
        sheet.write_number(r, c, value, formats[style])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(
            r, c, datetime.datetime.combine(value, datetime.time()), formats["date"]
        )
    else:
        style = {"pair": "label" if c == 0 else "wrap", "row": "cell"}.get(kind, kind)
        sheet.write_string(r, c, str(value), formats[style])
