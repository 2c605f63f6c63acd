"""File formats the hard cases come in, built from lines of text: a two-column PDF, a Word
file with the 文号 where red-header templates put it, a spreadsheet. Nothing here knows what a
case expects; ``tools/hard_fixtures.py`` and ``tools/hard_office.py`` say that."""

from __future__ import annotations


def two_column_pdf(head: list[tuple[float, str]], cols: list[list[str]], gutter: float) -> bytes:
    """An A4 page: centred heading lines, then two columns of 10.5-point paragraphs with a
    two-character first-line indent. reportlab's STSong-Light is a standard CID font (not
    embedded), so no font file is needed and pdfminer maps it to Unicode by its CMap."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    y = height - 80
    for size, text in head:
        canvas.setFont("STSong-Light", size)
        canvas.drawCentredString(width / 2, y, text)
        y -= size * 1.6
    size, margin = 10.5, 56.0
    col_width = (width - 2 * margin - gutter) / 2
    per = int(col_width // size)
    canvas.setFont("STSong-Light", size)
    for n, paragraphs in enumerate(cols):
        x, row = margin + n * (col_width + gutter), 0
        for text in paragraphs:
            pieces = [(2 * size, text[: per - 2])]
            pieces += [(0.0, text[i : i + per]) for i in range(per - 2, len(text), per)]
            for indent, piece in pieces:
                canvas.drawString(x + indent, y - 20 - row * size * 1.6, piece)
                row += 1
    canvas.save()
    return buf.getvalue()


def docx(lines: list[str], table: str = "", header: str = "", textbox: str = "") -> bytes:
    """A Word file with the lines as paragraphs; the number in a table cell above the title,
    in the page header or in a text box (as red-header templates set it)."""
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if table:
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text, cells[1].text = table, "签发人：张明"
    if textbox:
        run = document.add_paragraph()._p.add_r()
        run.append(
            parse_xml(
                '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'xmlns:v="urn:schemas-microsoft-com:vml"><v:shape style="width:200pt;height:30pt">'
                f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{textbox}</w:t></w:r></w:p>"
                "</w:txbxContent></v:textbox></v:shape></w:pict>"
            )
        )
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xlsx(rows: list[list]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
