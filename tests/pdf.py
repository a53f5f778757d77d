"""Reading the text of a PDF the way a person would search it."""

from __future__ import annotations

import re
import subprocess


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as `pdftotext -layout` reads it, on one line: whitespace runs become
    one space, and a word wrapped at its hyphen («горно-|технологический») is joined again."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 - poppler-utils, a test dependency
        input=pdf,
        capture_output=True,
        check=True,
    )
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(result.stdout.decode().split()))


def pdf_pages_text(pdf: bytes) -> list[str]:
    """Each page's text as `pdf_text` reads it (pdftotext ends a page with a form feed)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 - poppler-utils, a test dependency
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = result.stdout.decode().split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # what follows the last page's form feed
    return [re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(page.split())) for page in pages]


# The fonts of a long table printed by ReportLab (core/longtables.py): DejaVu Sans from its
# files, under the names the files give (WeasyPrint names the same fonts «DejaVu-Sans»).
LONG_TABLE_FONTS = {"DejaVuSans", "DejaVuSans-Bold"}

A4_PORTRAIT = (595.3, 841.9)
A4_LANDSCAPE = (841.9, 595.3)


def pdf_page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in points to a tenth (compare with `A4_PORTRAIT`)."""
    result = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", "-"],  # noqa: S607 - poppler-utils
        input=pdf,
        capture_output=True,
        check=True,
    )
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", result.stdout.decode(), re.M)
    return [(round(float(width), 1), round(float(height), 1)) for width, height in sizes]


def pdf_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts the PDF uses, without their subset prefix («DejaVu-Sans-Bold»)."""
    result = subprocess.run(
        ["pdffonts", "-"],  # noqa: S607 - poppler-utils
        input=pdf,
        capture_output=True,
        check=True,
    )
    lines = result.stdout.decode().splitlines()[2:]  # after the header and its underline
    return {line.split()[0].split("+", 1)[-1] for line in lines if line.strip()}
