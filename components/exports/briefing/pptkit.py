"""Slide-drawing helpers around python-pptx: a 16:9 deck with titled slides, text boxes of
styled runs, tables, pictures and a footer carrying sources, the data's two dates and the view's link.
They draw what they are given; what a slide says comes from the view models."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from components.data import i18n
from components.data.i18n import _
from components.render import fonts
from components.render.images import png_size

SLIDE_W_IN = 13.333  # 16:9
_SLIDE_W = 12192000  # SLIDE_W_IN in EMU
_SLIDE_H = 6858000  # 7.5 in
EMU_IN = 914400
MARGIN_IN = 0.45
CONTENT_TOP_IN = 1.15
FOOTER_TOP_IN = 6.72
INK = (0x22, 0x22, 0x22)
MUTED = (0x55, 0x55, 0x55)
ACCENT = (0x00, 0x72, 0xB2)
PALE = (0xEE, 0xF4, 0xFA)
PICTURE_PX = (1500, 640)  # layout pixels of the timeline image (aspect of the picture area)
MAP_PX = (1280, 800)  # the map: narrower, with the values table beside it
PICTURE_SCALE = 1.5
# The language of the deck's text, as Office tags it (spelling, font choice, the file's language).
LANGUAGE_TAGS: dict[str, str] = {"en": "en-GB", "zh": "zh-CN", "ru": "ru-RU"}


def plain(text: object) -> str:
    """Data as plain single-line text: no control characters (python-pptx escapes XML itself)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


class Deck:
    """Slide helpers around a python-pptx presentation."""

    def __init__(self, url: str, dates: str, filters: str, total: int, lang: str = i18n.DEFAULT_LANG) -> None:
        self.lang = lang if lang in LANGUAGE_TAGS else i18n.DEFAULT_LANG
        self.total = total  # slides in the deck, for the "n / total" in each footer
        self.prs = Presentation()
        self.prs.slide_width = _SLIDE_W
        self.prs.slide_height = _SLIDE_H
        self.url = url
        self.dates = dates  # the data's two dates in one line (labels.dates_line)
        self.filters = filters

    @staticmethod
    def emu(inches: float) -> int:
        return int(round(inches * EMU_IN))

    def slide(self, title: str, *, layout: int = 5) -> Any:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[layout])
        t = slide.shapes.title
        t.left, t.top = self.emu(MARGIN_IN), self.emu(0.3)
        t.width, t.height = self.emu(SLIDE_W_IN - 2 * MARGIN_IN), self.emu(0.8)
        t.text_frame.text = plain(title)
        t.text_frame.word_wrap = True
        para = t.text_frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(30)
            run.font.bold = True
            run.font.color.rgb = self.rgb(INK)
            self.localise(run)
        if layout != 0:
            self.rect(slide, MARGIN_IN, 1.05, 1.2, 0.05, ACCENT)
        return slide

    def run(self, para: Any, text: str, *, size: int, bold: bool = False, color: tuple[int, int, int] = INK) -> Any:
        """A run of plain text in ``para``, left-aligned."""
        para.alignment = PP_ALIGN.LEFT
        r = para.add_run()
        r.text = plain(text)
        r.font.size = Pt(size)
        r.font.bold = bold
        r.font.color.rgb = self.rgb(color)
        self.localise(r)
        return r

    def localise(self, run: Any) -> Any:
        """Tag ``run`` with the deck's language; in Chinese also give it the East Asian font
        (``a:ea``), so that PowerPoint and LibreOffice draw the characters with a Chinese face.
        English is left as python-pptx writes it; Russian keeps the Latin font (it has Cyrillic)."""
        if self.lang == i18n.DEFAULT_LANG:
            return run
        rpr = run._r.get_or_add_rPr()
        rpr.set("lang", LANGUAGE_TAGS[self.lang])
        if fonts.needs_cjk(self.lang):
            rpr.set("altLang", LANGUAGE_TAGS[i18n.DEFAULT_LANG])
            ea = rpr.find(qn("a:ea"))
            if ea is None:
                ea = rpr.makeelement(qn("a:ea"), {})
                rpr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
            ea.set("typeface", fonts.EA_TYPEFACE)
            ea.set("charset", fonts.EA_CHARSET)
        return run

    @staticmethod
    def rgb(color: tuple[int, int, int]) -> Any:
        return RGBColor(*color)

    def rect(self, slide: Any, left: float, top: float, width: float, height: float, fill: tuple[int, int, int]) -> Any:
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, self.emu(left), self.emu(top), self.emu(width), self.emu(height)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.rgb(fill)
        shape.line.fill.background()
        shape.shadow.inherit = False
        return shape

    def text(
        self,
        slide: Any,
        left: float,
        top: float,
        width: float,
        height: float,
        paragraphs: Sequence[Sequence[tuple[str, dict[str, Any]]]],
        *,
        anchor_bottom: bool = False,
    ) -> Any:
        """A text box; each paragraph is a list of (text, style) runs. Style keys: size, bold,
        color, link, italic, space_after, bullet."""

        box = slide.shapes.add_textbox(self.emu(left), self.emu(top), self.emu(width), self.emu(height))
        tf = box.text_frame
        tf.word_wrap = True
        tf.margin_left = tf.margin_right = self.emu(0.05)
        tf.margin_top = tf.margin_bottom = self.emu(0.03)
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
        for i, runs in enumerate(paragraphs):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            for text, style in runs:
                run = para.add_run()
                run.text = plain(text)
                run.font.size = Pt(style.get("size", 14))
                run.font.bold = bool(style.get("bold", False))
                run.font.italic = bool(style.get("italic", False))
                run.font.color.rgb = self.rgb(style.get("color", INK))
                if style.get("link"):
                    run.hyperlink.address = str(style["link"])
                self.localise(run)
                if "space_after" in style:
                    para.space_after = Pt(style["space_after"])
        return box

    def footer(self, slide: Any, number: int, sources_line: str) -> None:
        small = {"size": 9, "color": MUTED}
        self.rect(slide, MARGIN_IN, FOOTER_TOP_IN - 0.04, SLIDE_W_IN - 2 * MARGIN_IN, 0.01, (0xBB, 0xBB, 0xBB))
        self.text(
            slide,
            MARGIN_IN,
            FOOTER_TOP_IN,
            SLIDE_W_IN - 2 * MARGIN_IN - 0.6,
            0.72,
            [
                [(_("Sources: {sources}").format(sources=sources_line), small)],
                [
                    (_("{dates} · Showing: {view} · Reopen this view: ").format(
                        dates=self.dates, view=self.filters), small),
                    (self.url, {**small, "color": ACCENT, "link": self.url}),
                ],
            ],
        )
        self.text(slide, SLIDE_W_IN - MARGIN_IN - 0.6, FOOTER_TOP_IN, 0.6, 0.3, [[(f"{number} / {self.total}", small)]])

    def table(
        self,
        slide: Any,
        left: float,
        top: float,
        widths: Sequence[float],
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        size: int = 12,
        row_height: float = 0.4,
    ) -> Any:
        """A table; a cell is text, a list of texts (one paragraph each) or (text, link)."""

        frame = slide.shapes.add_table(
            len(rows) + 1,
            len(widths),
            self.emu(left),
            self.emu(top),
            self.emu(sum(widths)),
            self.emu(min(row_height, 0.42) + row_height * len(rows)),
        )
        table = frame.table
        for i, w in enumerate(widths):
            table.columns[i].width = self.emu(w)
        for r in range(len(rows) + 1):
            table.rows[r].height = self.emu(min(row_height, 0.42) if r == 0 else row_height)
        for c, head in enumerate(header):
            self._cell(table.cell(0, c), [head], Pt(size), bold=True)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                self._cell(table.cell(r, c), value, Pt(size))
        return frame

    def _cell(self, cell: Any, value: Any, size: Any, *, bold: bool = False) -> None:
        cell.margin_left = cell.margin_right = self.emu(0.06)
        cell.margin_top = cell.margin_bottom = self.emu(0.03)
        tf = cell.text_frame
        tf.word_wrap = True
        link = None
        if isinstance(value, tuple):
            value, link = value
        texts = value if isinstance(value, list) else [value]
        for i, text in enumerate(texts):
            para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            run = para.add_run()
            run.text = plain(text)
            run.font.size = size
            run.font.bold = bold
            if link:
                run.hyperlink.address = str(link)
            self.localise(run)

    def picture(self, slide: Any, png: bytes, top: float, max_w: float, max_h: float, left: float | None = None) -> Any:
        w, h = png_size(png)
        width = min(max_w, max_h * w / h)
        height = width * h / w
        left = (SLIDE_W_IN - width) / 2 if left is None else left
        return slide.shapes.add_picture(
            io.BytesIO(png), self.emu(left), self.emu(top), self.emu(width), self.emu(height)
        )

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()
