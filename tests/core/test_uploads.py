"""An upload is what its name says, by its content: real files of each kind pass; pages,
SVG pictures, polyglots and decompression bombs under an accepted name do not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from core.uploads import check_upload
from tests import files

EVERY_KIND = (
    uploads.PDF,
    uploads.JPEG,
    uploads.PNG,
    uploads.DOCX,
    uploads.XLSX,
    uploads.PPTX,
    uploads.ODT,
    uploads.ODS,
    uploads.ODP,
    uploads.DOC,
    uploads.XLS,
    uploads.PPT,
    uploads.RTF,
    uploads.TXT,
    uploads.CSV,
    uploads.ZIP,
)


def refusal(name: str, data: bytes, kinds: Any = EVERY_KIND, **options: Any) -> str | None:
    """The code of the refusal of the file, or None when it is accepted."""
    try:
        check_upload(SimpleUploadedFile(name, data), kinds, **options)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("протокол.pdf", files.PDF),
        ("фото.jpg", files.picture("JPEG")),
        ("фото.JPEG", files.picture("JPEG")),
        ("скан.png", files.picture("PNG")),
        ("отчёт.docx", files.DOCX),
        ("таблица.xlsx", files.XLSX),
        ("слайды.pptx", files.office_open_xml("ppt/")),
        ("отчёт.odt", files.ODT),
        ("таблица.ods", files.open_document("application/vnd.oasis.opendocument.spreadsheet")),
        ("отчёт.doc", files.OLE),
        ("таблица.xls", files.OLE),
        ("письмо.rtf", b"{\\rtf1\\ansi text}"),
        ("заметка.txt", "Протокол заседания\r\n".encode()),
        ("список.csv", files.CSV),
        ("фотоотчёт.zip", files.archive({"1.jpg": files.picture("JPEG")})),
    ],
)
def test_a_file_of_an_accepted_kind_is_accepted(name: str, data: bytes) -> None:
    assert refusal(name, data) is None


def test_the_accepted_file_is_read_from_its_start() -> None:
    upload = SimpleUploadedFile("скан.png", files.picture("PNG"))

    assert check_upload(upload, uploads.SCANS).read() == files.picture("PNG")


@pytest.mark.parametrize("name", ["рисунок.svg", "страница.html", "программа.exe", "без_имени"])
def test_a_kind_not_accepted_is_refused_by_its_name(name: str) -> None:
    assert refusal(name, files.SVG) == "file_type"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("протокол.pdf", files.HTML),
        ("скан.png", files.SVG),
        ("фото.jpg", files.SVG),
        ("заметка.txt", files.HTML),
        ("список.csv", b"\xef\xbb\xbf  <svg onload=alert(1)>"),
        ("заметка.txt", "текст в UTF-16".encode("utf-16")),
        ("заметка.txt", files.PDF),
        # A page behind the marker of another kind.
        ("протокол.pdf", b"%PDF-1.4\n" + files.HTML),
        ("письмо.rtf", files.HTML),
        ("отчёт.doc", b"MZ\x90\x00" + b"\x00" * 60),
        # Pictures of another kind than their name says.
        ("фото.jpg", files.picture("PNG")),
        ("скан.png", files.picture("JPEG")),
        ("фото.jpg", files.picture("GIF")),
        # A valid picture with a page or an archive after its end.
        ("скан.png", files.picture("PNG") + files.HTML),
        ("скан.png", files.picture("PNG") + files.DOCX),
        # Archives that are not the office file their name says.
        ("отчёт.docx", files.archive({"index.html": files.HTML})),
        ("таблица.xlsx", files.DOCX),
        ("отчёт.odt", files.archive({"mimetype": b"text/html"})),
        ("отчёт.docx", b"PK\x03\x04" + files.HTML),
        ("фотоотчёт.zip", b"PK\x03\x04" + files.HTML),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(name: str, data: bytes) -> None:
    assert refusal(name, data) == "file_content"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("фото.jpg", b"\xff\xd8\xff\xe0" + files.HTML),
        ("скан.png", b"\x89PNG\r\n\x1a\n" + files.HTML + b"\x00\x00\x00\x00IEND\xaeB`\x82"),
    ],
)
def test_a_picture_pillow_cannot_read_is_refused(name: str, data: bytes) -> None:
    assert refusal(name, data) == "image_broken"


def test_a_picture_of_too_many_pixels_is_refused(settings: Any) -> None:
    settings.MAX_UPLOAD_PIXELS = 100

    assert refusal("фото.jpg", files.picture("JPEG", (10, 10))) is None
    assert refusal("фото.jpg", files.picture("JPEG", (11, 10))) == "image_too_large"
    assert refusal("скан.png", files.picture("PNG", (11, 10))) == "image_too_large"


@pytest.mark.parametrize("side", [10_000, 100_000])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(side: int) -> None:
    """100 and 10,000 megapixels in a few bytes: over our limit, and over Pillow's own."""
    assert refusal("скан.png", files.png_claiming(side, side)) == "image_too_large"


def test_a_file_over_the_limit_is_refused(settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = len(files.PDF) - 1

    assert refusal("протокол.pdf", files.PDF) == "file_too_large"
    assert refusal("протокол.pdf", files.PDF, limit=len(files.PDF)) is None


def test_a_form_may_say_its_own_refusals() -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(
            SimpleUploadedFile("скан.png", files.HTML),
            uploads.SCANS,
            wrong_content="Не скан: %(type)s из %(types)s",
        )

    assert refused.value.messages == ["Не скан: PNG из PDF, JPEG, PNG"]


def test_the_accept_attribute_lists_the_extensions() -> None:
    assert uploads.accept_attribute(uploads.SCANS) == ".pdf,.jpg,.jpeg,.png"
