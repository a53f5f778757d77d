"""Long tables printed with ReportLab: thousands of rows in bounded memory and about the time
ReportLab itself takes, for the documents whose length has no bound (the pair registry).

Every other document is a template printed by WeasyPrint (core/pdf.py). WeasyPrint lays a
whole document out in memory before writing a byte, and its line breaking is what a long table
costs: the 5,000-row registry took 1.3 GB and four to six times ReportLab's time
(bench/registry_pdf.py). Here the rows are an iterable, read in batches as the pages fill; each
row is a one-row table of fixed column widths, so a row is laid out once and never split, and
a page is written out as soon as it is full.

What a signed table needs is kept: the column header on every page (on the first one under
the title, on the others drawn by the page template), real text in DejaVu Sans, long words
hyphenated in Russian (pyphen, as WeasyPrint hyphenates) or else broken inside the column,
«страница N из M» on every page (M is a form drawn once the last page is known), and the
closing part — the signatures — kept on one page with the last rows.

Text is escaped before it reaches ReportLab's paragraph markup, so nothing a user typed can
become markup (an image, a link, a font).
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# Where DejaVu Sans is looked for: Debian's fonts-dejavu-core (the font WeasyPrint prints the
# other documents with), then the copy matplotlib carries (a dependency; found without
# importing it).
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)

# A4 landscape with the margins of the printed documents' stylesheet (@page landscape).
PAGE = landscape(A4)
TOP, RIGHT, BOTTOM, LEFT = 15 * mm, 12 * mm, 15 * mm, 15 * mm
MUTED_HEX = "#555555"
MUTED = colors.HexColor(MUTED_HEX)
HEADER_BACKGROUND = colors.HexColor("#eeeeee")
# How many rows are read ahead of the page being filled; the rest wait in the iterable.
ROWS_AHEAD = 50
# The last rows kept on one page with the closing part.
KEPT_WITH_CLOSING = 3
# The frames fill the page's margins exactly (ReportLab pads a frame by 6 pt by default).
NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
# The form that draws the number of pages, defined once the last page is written.
PAGES_FORM = "pages-total"


class FontNotFound(RuntimeError):
    """DejaVu Sans is neither installed nor carried by matplotlib."""


def _font_dirs() -> list[Path]:
    import importlib.util

    dirs = list(FONT_DIRS)
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            dirs.append(Path(location) / "mpl-data" / "fonts" / "ttf")
    return dirs


def _font_file(name: str) -> Path:
    for directory in _font_dirs():
        candidate = directory / f"{name}.ttf"
        if candidate.is_file():
            return candidate
    raise FontNotFound(f"{name}.ttf is in none of {', '.join(map(str, _font_dirs()))}")


@functools.cache
def register_fonts() -> None:
    """DejaVu Sans and its bold, once per process (ReportLab keeps them globally)."""
    pdfmetrics.registerFont(TTFont(FONT, str(_font_file(FONT))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_font_file(FONT_BOLD))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _style(name: str, **kwargs: Any) -> ParagraphStyle:
    return ParagraphStyle(name, **{"fontName": FONT, "fontSize": 10, "leading": 13.5, **kwargs})


# The stylesheet's styles (static/css/documents.css), as ReportLab takes them.
CELL = _style(
    "cell",
    fontSize=8,
    leading=10,
    hyphenationLang="ru_RU",
    embeddedHyphenation=1,
    uriWasteReduce=0.3,
    splitLongWords=1,
)
HEAD = ParagraphStyle("head", parent=CELL, fontName=FONT_BOLD)
TEXT = _style("text")
CENTERED = _style("centered", alignment=TA_CENTER)
ORGANIZATION = _style("organization", fontName=FONT_BOLD, alignment=TA_CENTER, spaceAfter=2 * mm)
TITLE = _style(
    "title", fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER, spaceBefore=4 * mm
)
SMALL_MUTED = _style("small", fontSize=8, leading=10, textColor=MUTED)
# A cell's own font (ReportLab's default would name Helvetica even where paragraphs fill it).
CELLS_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)
GRID = [
    CELLS_FONT,
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
]
ROW_STYLE = TableStyle(GRID)
# A block without lines or padding (the closing part, kept whole).
NO_CELL_PADDING = TableStyle(
    [CELLS_FONT]
    + [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
)
HEADER_STYLE = TableStyle([*GRID, ("BACKGROUND", (0, 0), (-1, -1), HEADER_BACKGROUND)])


def text(value: object) -> str:
    """Plain text as paragraph markup: escaped, its line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")


def small(value: object) -> str:
    """Plain text as markup in the stylesheet's `small muted`."""
    return f'<font size="8" color="{MUTED_HEX}">{text(value)}</font>'


def paragraph(value: object, style: ParagraphStyle = TEXT) -> Paragraph:
    return Paragraph(text(value), style)


@dataclass(frozen=True)
class Column:
    title: str
    share: float  # of the table's width, in per cent


@dataclass(frozen=True)
class LongTable:
    """A long table document: what comes above the table, its columns and rows, the row that
    stands for no rows, and the closing part kept with the last rows."""

    title: str  # the PDF's title (its metadata)
    running_header: str  # top right of every page: the organization
    heading: Sequence[Flowable]
    columns: Sequence[Column]
    rows: Iterable[Sequence[str]]  # each cell plain text, lines apart by "\n"
    empty: str
    closing: Sequence[Flowable]


def _widths(columns: Sequence[Column]) -> list[float]:
    width = PAGE[0] - LEFT - RIGHT
    total = sum(column.share for column in columns)
    return [width * column.share / total for column in columns]


def grid(cells: list[list[Flowable]], widths: Sequence[float | str], commands: TableStyle) -> Table:
    """A table of the given cells and column widths drawn with `commands`. A row taller than
    a page (a long text of results) goes on over the next page rather than stopping the print."""
    table = Table(cells, colWidths=widths, splitInRow=1)
    table.setStyle(commands)
    return table


class _Cell(Paragraph):
    """A cell's paragraph, its lines broken once for a width. A table wraps each cell to
    measure its row and again to draw it, at the same width; breaking the lines (hyphenating
    in Russian) is most of a row's time, so the second wrap keeps the first one's lines. A
    split of the paragraph (a row going on over the next page) drops them and they are made
    anew, as ReportLab does."""

    _wrapped_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth == self._wrapped_for and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        # ReportLab lays nothing out in a width too narrow for a line: nothing to keep.
        self._wrapped_for = availWidth if getattr(self, "width", None) == availWidth else None
        return size


def _row_table(cells: Sequence[str], widths: list[float]) -> Table:
    return grid([[_Cell(text(cell), CELL) for cell in cells]], widths, ROW_STYLE)


def _header_table(columns: Sequence[Column], widths: list[float]) -> Table:
    return grid([[Paragraph(text(column.title), HEAD) for column in columns]], widths, HEADER_STYLE)


class _Flowables(list):  # type: ignore[type-arg]
    """The story, read lazily: a few rows ahead of the page being filled are flowables, the
    rest are still rows of the iterable. ReportLab takes the story as a list and consumes it
    from the front; `top_up` (called before each flowable is placed) appends the next rows
    and, after the last ones, the closing group."""

    def __init__(
        self,
        head: list[Flowable],
        rows: Iterator[Sequence[str]],
        make_row: Callable,
        close: Callable,
    ) -> None:
        super().__init__(head)
        self.rows = rows
        self.make_row = make_row
        self.close = close
        self.pending: deque[Table] = deque()
        self.finished = False

    def top_up(self) -> None:
        if self.finished or len(self) > ROWS_AHEAD:
            return
        for cells in self.rows:
            self.pending.append(self.make_row(cells))
            if len(self.pending) > KEPT_WITH_CLOSING:
                self.append(self.pending.popleft())
            if len(self) > 2 * ROWS_AHEAD:
                return
        self.finished = True
        self.append(self.close(list(self.pending)))
        self.pending.clear()


class _Document(BaseDocTemplate):
    def __init__(self, output: BytesIO, table: LongTable) -> None:
        super().__init__(
            output,
            pagesize=PAGE,
            leftMargin=LEFT,
            rightMargin=RIGHT,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=table.title,
            lang=settings.LANGUAGE_CODE,
        )
        self.table = table
        self.widths = _widths(table.columns)
        self.header = _header_table(table.columns, self.widths)
        _, self.header_height = self.header.wrap(self.width, self.height)
        first = Frame(LEFT, BOTTOM, self.width, self.height, id="first", **NO_PADDING)
        later = Frame(
            LEFT, BOTTOM, self.width, self.height - self.header_height, id="later", **NO_PADDING
        )
        self.addPageTemplates(
            [
                PageTemplate("first", [first], onPage=self._decorate),
                PageTemplate("later", [later], onPage=self._decorate_later),
            ]
        )

    def _decorate(self, canvas: Canvas, _doc: object) -> None:
        """The organization on top and «страница N из M» at the foot of every page."""
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        top = PAGE[1] - TOP + 3 * mm
        canvas.drawRightString(PAGE[0] - RIGHT, top, self.table.running_header)
        # «страница N из » now, the number of pages (and what the words have after it) from a
        # form drawn at the end; room is left for four digits.
        words = _("page %(page)s of %(pages)s") % {"page": canvas.getPageNumber(), "pages": "\0"}
        before, _zero, after = words.partition("\0")
        canvas.pages_suffix = after  # type: ignore[attr-defined]
        x = PAGE[0] - RIGHT - pdfmetrics.stringWidth(before + "0000" + after, FONT, 8)
        y = BOTTOM - 6 * mm
        canvas.drawString(x, y, before)
        canvas.translate(x + pdfmetrics.stringWidth(before, FONT, 8), y)
        canvas.doForm(PAGES_FORM)
        canvas.restoreState()

    def _decorate_later(self, canvas: Canvas, doc: object) -> None:
        self._decorate(canvas, doc)
        self.header.drawOn(canvas, LEFT, BOTTOM + self.height - self.header_height)

    def filterFlowables(self, flowables: list[Flowable]) -> None:  # noqa: N802 - ReportLab's name
        if isinstance(flowables, _Flowables):
            flowables.top_up()


class _TotalPagesCanvas(Canvas):
    """Draws the number of pages into its form once the last page is written. Its pages
    start in DejaVu Sans (ReportLab's default would name Helvetica, a font not embedded)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "initialFontName": FONT, "initialFontSize": 8})

    def save(self) -> None:
        if self._code:  # a page begun and not shown yet
            self.showPage()
        total = self.getPageNumber() - 1
        self.beginForm(PAGES_FORM)
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawString(0, 0, f"{total}{getattr(self, 'pages_suffix', '')}")
        self.endForm()
        super().save()


def long_table_pdf(table: LongTable, *, on_row: Callable[[int], None] | None = None) -> bytes:
    """The document's PDF bytes; `on_row(n)` is told as the n-th row is made ready to be
    laid out (rows are read at most `2 * ROWS_AHEAD` ahead of the page being filled)."""
    register_fonts()
    output = BytesIO()
    document = _Document(output, table)
    widths = document.widths
    made = 0

    def row(cells: Sequence[str]) -> Table:
        nonlocal made
        made += 1
        if on_row is not None:
            on_row(made)
        return _row_table(cells, widths)

    def close(last: list[Table]) -> Flowable:
        if not last:
            empty = grid([[Paragraph(text(table.empty), CELL)]], [sum(widths)], ROW_STYLE)
            last = [empty]
        # The closing part is one block, never split, and never alone: it stays with the last
        # three rows when they fit on a page with it, else at least with the last row (the
        # page break asks for room for both). KeepTogethers do not nest in ReportLab.
        closing = Table([[list(table.closing)]], colWidths=[sum(widths)])
        closing.setStyle(NO_CELL_PADDING)
        room = sum(f.wrap(sum(widths), document.height)[1] for f in (last[-1], closing))
        return KeepTogether([*last[:-1], CondPageBreak(room), last[-1], closing])

    # The first page's header is a flowable of its own, kept with the first row.
    header = _header_table(table.columns, widths)
    header.keepWithNext = 1
    head = [*table.heading, NextPageTemplate("later"), header]
    story = _Flowables(head, iter(table.rows), row, close)
    story.top_up()
    document.build(story, canvasmaker=_TotalPagesCanvas)
    return output.getvalue()
