"""Uploaded files checked by their content, not only by their name: the one check of every
form that takes a file (evidence, decision scans, contest diplomas, honour-board photos,
imports).

A file is accepted when its extension is one of the kinds the form takes and its first bytes
(and for some kinds its structure) are of that kind, so that an HTML page or an SVG picture
renamed to .pdf or .png is refused. SVG is no kind at all: a picture that may hold scripts.
Pictures are opened with Pillow and refused over `MAX_UPLOAD_PIXELS`.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

# Enough for every signature, and for the start of a text file to show it is one.
HEAD_BYTES = 4096
# A PDF ends with «%%EOF» within its last 1,024 bytes (what PDF readers look for).
PDF_TAIL_BYTES = 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # an archive, an empty one
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the IEND chunk every PNG ends with
JPEG_SIGNATURE = b"\xff\xd8\xff"
# Files that are not text whatever their name says.
BINARY_SIGNATURES = (
    *ZIP_SIGNATURES,
    OLE_SIGNATURE,
    b"%PDF",
    PNG_SIGNATURE,
    JPEG_SIGNATURE,
    b"GIF8",
    b"{\\rtf",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
    b"MZ",  # a Windows program
    b"\x7fELF",
)
# The starts by which browsers take a file for HTML or XML (the WHATWG MIME sniffing
# standard), lower-cased: a text file that begins so is a page, not text.
MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<?xml",
    b"<!--",
    b"<div",
    b"<a ",
    b"<img",
    b"<style",
    b"<table",
)
CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Matcher = Callable[[IO[bytes], bytes], bool]


@dataclass(frozen=True)
class FileKind:
    """A type of file: its name for the user, its extensions and what its content is. A
    picture (`image_format`, Pillow's name of it) is also opened with Pillow."""

    name: str
    extensions: tuple[str, ...]
    matches: Matcher
    image_format: str | None = None


def _starts_with(*signatures: bytes) -> Matcher:
    return lambda file, head: head.startswith(signatures)


def _is_pdf(file: IO[bytes], head: bytes) -> bool:
    if not head.startswith(b"%PDF-"):
        return False
    # A page with «%PDF-» in front of it is not a PDF either: a PDF has its end marker.
    size = file.seek(0, 2)
    file.seek(max(0, size - PDF_TAIL_BYTES))
    return b"%%EOF" in file.read()


def _is_png(file: IO[bytes], head: bytes) -> bool:
    if not head.startswith(PNG_SIGNATURE):
        return False
    # Nothing after the picture's end (an archive or a page appended to it).
    size = file.seek(0, 2)
    file.seek(max(0, size - len(PNG_END)))
    return file.read() == PNG_END


def _zip_names(file: IO[bytes], head: bytes) -> list[str] | None:
    """The names in the archive, or None if it is not one that can be read."""
    if not head.startswith(ZIP_SIGNATURES):
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _is_zip(file: IO[bytes], head: bytes) -> bool:
    return _zip_names(file, head) is not None


def _office_open_xml(folder: str) -> Matcher:
    """A .docx, .xlsx or .pptx: an archive with its content types and its main folder."""

    def matches(file: IO[bytes], head: bytes) -> bool:
        names = _zip_names(file, head) or []
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return matches


def _open_document(mimetype: str) -> Matcher:
    """An .odt, .ods or .odp: an archive whose «mimetype» entry names its type."""

    def matches(file: IO[bytes], head: bytes) -> bool:
        if not head.startswith(ZIP_SIGNATURES):
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return False
                return archive.read(info).strip() == mimetype.encode()
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False

    return matches


def is_plain_text(head: bytes) -> bool:
    """Whether the start of a file is plain text: no binary signature, no control
    characters (UTF-16 has NULs), no HTML or XML."""
    if head.startswith(BINARY_SIGNATURES) or CONTROL_CHARACTERS.search(head):
        return False
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return not start.startswith(MARKUP_STARTS)


def _is_text(file: IO[bytes], head: bytes) -> bool:
    return is_plain_text(head)


PDF = FileKind("PDF", (".pdf",), _is_pdf)
JPEG = FileKind("JPEG", (".jpg", ".jpeg"), _starts_with(JPEG_SIGNATURE), image_format="JPEG")
PNG = FileKind("PNG", (".png",), _is_png, image_format="PNG")
DOCX = FileKind("DOCX", (".docx",), _office_open_xml("word/"))
XLSX = FileKind("XLSX", (".xlsx",), _office_open_xml("xl/"))
PPTX = FileKind("PPTX", (".pptx",), _office_open_xml("ppt/"))
ODT = FileKind("ODT", (".odt",), _open_document("application/vnd.oasis.opendocument.text"))
ODS = FileKind("ODS", (".ods",), _open_document("application/vnd.oasis.opendocument.spreadsheet"))
ODP = FileKind("ODP", (".odp",), _open_document("application/vnd.oasis.opendocument.presentation"))
DOC = FileKind("DOC", (".doc",), _starts_with(OLE_SIGNATURE))
XLS = FileKind("XLS", (".xls",), _starts_with(OLE_SIGNATURE))
PPT = FileKind("PPT", (".ppt",), _starts_with(OLE_SIGNATURE))
RTF = FileKind("RTF", (".rtf",), _starts_with(b"{\\rtf"))
TXT = FileKind("TXT", (".txt",), _is_text)
CSV = FileKind("CSV", (".csv",), _is_text)
ZIP = FileKind("ZIP", (".zip",), _is_zip)

PICTURES = (JPEG, PNG)
SCANS = (PDF, JPEG, PNG)


def accept_attribute(kinds: Iterable[FileKind]) -> str:
    """The file input's `accept`: the kinds' extensions, so the browser offers only them."""
    return ",".join(extension for kind in kinds for extension in kind.extensions)


def check_upload(
    upload: UploadedFile,
    kinds: Iterable[FileKind],
    *,
    limit: int | None = None,
    wrong_type: Any = None,
    wrong_content: Any = None,
) -> UploadedFile:
    """The upload if it is at most `limit` bytes (MAX_UPLOAD_BYTES by default) and one of
    `kinds` by its extension and its content; else a ValidationError with the code
    `file_too_large`, `file_type`, `file_content`, `image_too_large` or `image_broken`.

    `wrong_type` and `wrong_content` are a form's own messages for the two commonest
    refusals; they may use %(types)s (the kinds' names) and %(type)s (the name's kind)."""
    kinds = tuple(kinds)
    limit = settings.MAX_UPLOAD_BYTES if limit is None else limit
    types = ", ".join(kind.name for kind in kinds)
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files larger than %(limit)s are not accepted."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    extension = PurePath(upload.name or "").suffix.lower()
    kind = next((kind for kind in kinds if extension in kind.extensions), None)
    if kind is None:
        raise ValidationError(
            wrong_type or _("Files of this type are not accepted; accepted are %(types)s."),
            code="file_type",
            params={"types": types},
        )
    file = cast(IO[bytes], upload)
    try:
        file.seek(0)
        head = file.read(HEAD_BYTES)
        matches = kind.matches(file, head)
    finally:
        file.seek(0)
    if not matches:
        raise ValidationError(
            wrong_content or _("The file is not %(type)s, whatever its name says."),
            code="file_content",
            params={"types": types, "type": kind.name},
        )
    if kind.image_format is not None:
        try:
            _check_picture(file, kind.image_format)
        finally:
            file.seek(0)
    return upload


def _check_picture(file: IO[bytes], image_format: str) -> None:
    """Pillow reads the picture as its kind; one of too many pixels is refused before it is
    decoded."""
    limit = settings.MAX_UPLOAD_PIXELS
    too_large = ValidationError(
        _("The picture is too large: pictures of at most %(limit)s megapixels are accepted."),
        code="image_too_large",
        params={"limit": f"{limit / 1_000_000:g}"},
    )
    file.seek(0)
    try:
        # Pillow's own decompression-bomb warning is for larger pictures than ours.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file, formats=[image_format]) as image:
                width, height = image.size
                if width * height > limit:
                    raise too_large
                image.verify()
            if image_format == "JPEG":
                # verify() checks little of a JPEG: decoding it at an eighth of its size
                # does, at little cost.
                file.seek(0)
                with Image.open(file, formats=[image_format]) as image:
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise too_large from None  # more pixels than Pillow opens at all
    except Exception:  # noqa: BLE001 - Pillow fails on a broken picture in many ways
        raise ValidationError(
            _("The picture cannot be read: the file is damaged."), code="image_broken"
        ) from None
