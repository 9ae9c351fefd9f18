"""Reading a python-pptx slide's words, as the deck tests check them."""

from __future__ import annotations

from typing import Any


def slide_texts(slide: Any) -> list[str]:
    """Each text frame's text and each table cell's text on ``slide``, in shape order."""
    out: list[str] = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out
