"""Reading what the app lets people download (spreadsheets)."""

from __future__ import annotations


def sheet_text(data: bytes) -> str:
    """Every cell of every sheet of an XLSX file, as one text."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )
