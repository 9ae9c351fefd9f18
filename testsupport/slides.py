"""Reading a python-pptx slide's words, as the deck tests check them."""

from __future__ import annotations

from collections.abc import Iterator
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


def slide_runs(slide: Any) -> Iterator[Any]:
    """Each text run on ``slide`` (its text, its hyperlink), in text frames and table cells, in order."""
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
        for frame in frames:
            for para in frame.paragraphs:
                yield from para.runs
