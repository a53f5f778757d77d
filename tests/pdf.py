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
