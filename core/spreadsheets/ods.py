"""A workbook of blocks as ODS (odfpy): typed cells (float, date, string), wrapped text,
rows of optimal height, printed A4 landscape one page wide."""

import datetime
import io

from core.spreadsheets import SPANNING, Sheet, cell_value, column_widths, grid, span_lines


def to_ods(sheets: list[Sheet], *, title: str = "", author: str = "") -> bytes:
    from odf import dc, meta
    from odf.namespaces import LOEXTNS
    from odf.number import DateStyle, Day, Month, Number, NumberStyle, TextContent, TextStyle, Year
    from odf.number import Text as NumberText
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import (
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableColumnProperties,
        TableProperties,
        TableRowProperties,
        TextProperties,
    )
    from odf.table import CoveredTableCell, TableColumn, TableRow
    from odf.table import Table as OdsTable

    document = OpenDocumentSpreadsheet()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if author:
        document.meta.addElement(meta.InitialCreator(text=author))

    # Printed: A4 landscape, scaled to one page wide (LibreOffice's "fit to width").
    layout = PageLayout(name="a4-landscape")
    page = PageLayoutProperties(printorientation="landscape", pagewidth="29.7cm", pageheight="21cm")
    page.setAttrNS(LOEXTNS, "scale-to-X", "1")
    page.setAttrNS(LOEXTNS, "scale-to-Y", "0")
    layout.addElement(page)
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Default", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    sheet_style = Style(name="sheet", family="table", masterpagename=master)
    sheet_style.addElement(TableProperties(display="true"))
    document.automaticstyles.addElement(sheet_style)
    # Rows take the height their wrapped text needs when the file is opened.
    row_style = Style(name="row", family="table-row")
    row_style.addElement(TableRowProperties(useoptimalrowheight="true"))
    document.automaticstyles.addElement(row_style)

    def cell_style(
        name,
        *,
        bold=False,
        italic=False,
        size=None,
        colour=None,
        fill=None,
        wrap=True,
        indent=False,
    ):
        style = Style(name=name, family="table-cell")
        cell_props = {"verticalalign": "top"}
        if wrap:
            cell_props["wrapoption"] = "wrap"
        if fill:
            cell_props["backgroundcolor"] = fill
            cell_props["borderbottom"] = "0.5pt solid #0b0c0c"
        style.addElement(TableCellProperties(**cell_props))
        text = {"fontname": "Arial", "fontfamily": "Arial"}
        if bold:
            text["fontweight"] = "bold"
        if italic:
            text["fontstyle"] = "italic"
        if size:
            text["fontsize"] = f"{size}pt"
        if colour:
            text["color"] = colour
        style.addElement(TextProperties(**text))
        paragraph = {"textalign": "start"}
        if indent:  # text beside a right-aligned number would run into it
            paragraph["marginleft"] = "0.15cm"
        style.addElement(ParagraphProperties(**paragraph))
        document.automaticstyles.addElement(style)
        return style

    long_date = DateStyle(name="long-date")
    for part in (
        Day(),
        NumberText(text=" "),
        Month(textual="true", style="long"),
        NumberText(text=" "),
        Year(style="long"),
    ):
        long_date.addElement(part)
    document.automaticstyles.addElement(long_date)
    date_style = Style(name="date", family="table-cell", datastylename=long_date)
    date_style.addElement(TableCellProperties(verticalalign="top"))
    date_style.addElement(ParagraphProperties(textalign="start"))
    document.automaticstyles.addElement(date_style)

    def number_style(places: int) -> Style:
        data = NumberStyle(name=f"n{places}")
        data.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
        document.automaticstyles.addElement(data)
        style = Style(name=f"number{places}", family="table-cell", datastylename=data)
        style.addElement(TableCellProperties(verticalalign="top"))
        document.automaticstyles.addElement(style)
        return style

    styles = {
        **{f"number{n}": number_style(n) for n in (0, 1, 2)},
        "date": date_style,
        "title": cell_style("title", bold=True, size=16, wrap=False),
        "heading": cell_style("heading", bold=True, size=12, colour="#1d70b8", wrap=False),
        "strong": cell_style("strong", bold=True),
        "text": cell_style("text"),
        "note": cell_style("note", italic=True),
        "header": cell_style("header", bold=True, fill="#f3f2f1"),
        "label": cell_style("label", bold=True),
        "wrap": cell_style("wrap"),
        "cell": cell_style("cell", indent=True),
        # On a plain sheet a line of text runs on over the empty cells beside it.
        "text-line": cell_style("text-line", wrap=False),
        "strong-line": cell_style("strong-line", bold=True, wrap=False),
        "note-line": cell_style("note-line", italic=True, wrap=False),
    }
    text_data = TextStyle(name="text-data")
    text_data.addElement(TextContent())
    document.automaticstyles.addElement(text_data)
    as_text = Style(name="as-text", family="table-cell", datastylename=text_data)
    document.automaticstyles.addElement(as_text)
    column_styles: dict[int, Style] = {}
    fixed_rows: dict[int, Style] = {}

    def fixed_row(lines: int) -> Style:
        """LibreOffice leaves merged cells out of the optimal height: set it for them."""
        if lines not in fixed_rows:
            style = Style(name=f"row{lines}", family="table-row")
            style.addElement(TableRowProperties(rowheight=f"{0.46 * lines + 0.05:.2f}cm"))
            document.automaticstyles.addElement(style)
            fixed_rows[lines] = style
        return fixed_rows[lines]

    def column_style(width: int) -> Style:
        if width not in column_styles:
            style = Style(name=f"col{width}", family="table-column")
            # About 0.2 cm a character at 10 point Arial.
            style.addElement(TableColumnProperties(columnwidth=f"{width * 0.2:.2f}cm"))
            document.automaticstyles.addElement(style)
            column_styles[width] = style
        return column_styles[width]

    for sheet_spec in sheets:
        table = OdsTable(name=sheet_spec.safe_name, stylename=sheet_style)
        widths = column_widths(sheet_spec)
        for width in widths:
            column = TableColumn(stylename=column_style(width))
            if sheet_spec.text_columns:
                column.setAttribute("defaultcellstylename", as_text)
            table.addElement(column)
        first_heading = True
        for kind, values, places in grid(sheet_spec):
            if kind == "heading" and first_heading:
                kind, first_heading = "title", False
            if kind in SPANNING and len(widths) > 1 and not sheet_spec.plain:
                value = str(cell_value(values[0]))
                row = TableRow(stylename=fixed_row(span_lines(value, widths)))
                cell = _ods_cell(value, styles[kind])
                cell.setAttribute("numbercolumnsspanned", str(len(widths)))
                row.addElement(cell)
                for _ in widths[1:]:
                    row.addElement(CoveredTableCell())
                table.addElement(row)
                continue
            row = TableRow(stylename=row_style)
            for c, value in enumerate(values):
                value = cell_value(value)
                style = {"pair": "label" if c == 0 else "wrap", "row": "cell"}.get(kind, kind)
                if kind in SPANNING and sheet_spec.plain:
                    style = f"{kind}-line"
                if isinstance(value, datetime.date):
                    style = "date"
                elif kind == "row" and isinstance(value, int | float):
                    style = f"number{places[c]}"
                row.addElement(_ods_cell(value, styles[style]))
            table.addElement(row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _ods_cell(value, style):
    from odf.table import TableCell
    from odf.text import P

    if value == "" or value is None:
        return TableCell()
    if isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value, stylename=style)
        cell.addElement(P(text=f"{value:,}"))
    elif isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=style)
        cell.addElement(P(text=f"{value.day} {value:%B %Y}"))
    else:
        cell = TableCell(valuetype="string", stylename=style)
        for line in str(value).split("\n"):
            cell.addElement(P(text=line))
    return cell
