"""Small real files of each kind the forms accept, and files that only pretend to be one,
for the tests of uploads (`core.uploads`)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)


def picture(image_format: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=image_format)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says it is `width` × `height` pixels, with hardly any data: what
    a decompression bomb looks like before it is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as written:
        for name, data in files.items():
            written.writestr(name, data)
    return buffer.getvalue()


def office_open_xml(folder: str) -> bytes:
    """A .docx («word/»), .xlsx («xl/») or .pptx («ppt/») as far as its structure goes."""
    return archive({"[Content_Types].xml": b"<Types/>", f"{folder}document.xml": b"<x/>"})


def open_document(mimetype: str) -> bytes:
    return archive({"mimetype": mimetype.encode(), "content.xml": b"<x/>"})


DOCX = office_open_xml("word/")
XLSX = office_open_xml("xl/")
ODT = open_document("application/vnd.oasis.opendocument.text")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
CSV = "Фамилия;Имя\nИванов;Иван\n".encode("cp1251")
