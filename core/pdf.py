"""Printed documents: a Django template rendered to HTML, and WeasyPrint to PDF bytes.

`render_pdf` is the one place HTML becomes PDF. Its URL fetcher reads only the site's own
static files, so nothing a user typed can make a print fetch a web address or a local file.
Each document of `reports.documents` gathers its data and hands it to `render_pdf`.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# The base URL of every document. The .invalid domain never resolves (RFC 2606); the fetcher
# maps this origin's static path to the static files and refuses the rest of it.
DOCUMENT_BASE_URL = "https://nastavnik.invalid/"


class ResourceRefused(ValueError):
    """A document asked for something other than one of our static files."""


class MissingDocumentResource(FatalURLFetchingError):
    """A document asked for one of our static files that is not there. WeasyPrint lets this
    kind of error stop the rendering (it logs and skips any other)."""


class DocumentResourceError(RuntimeError):
    """A document's own stylesheet, font or image could not be read: it is not printed,
    rather than printed without it."""


class StaticFilesFetcher(URLFetcher):
    """Serves `/static/…` (on the document's base URL) and `static:…` from the static files.

    A name is looked up with the static finders (the source files, in development) and then in
    the static files storage the settings use, so the hashed names `{% static %}` gives under
    the production storage (`documents.3f2a….css`, after `collectstatic`) are found too.

    Everything else — http(s) elsewhere, file:, data:, paths with `..` — is refused; WeasyPrint
    then leaves that image or stylesheet out. A static path that names no file stops the print
    (`MissingDocumentResource`).
    """

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            raise ResourceRefused(url)
        content = read_static_file(path)
        if content is None:
            raise MissingDocumentResource(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, headers={"Content-Type": content_type})


def read_static_file(path: str) -> bytes | None:
    """The bytes of the static file `path` (a relative path `static_path` has checked), from
    the finders or else the static files storage; None if neither has it."""
    found = finders.find(path)
    if isinstance(found, str):
        with open(found, "rb") as source:
            return source.read()
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as stored:
            content: bytes = stored.read()
            return content
    return None


def static_path(url: str) -> str | None:
    """The static file's relative path the URL names, or None if it names anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    base = urlsplit(DOCUMENT_BASE_URL)
    if parts.scheme == "static" and not parts.netloc:
        relative = parts.path.lstrip("/")
    elif (parts.scheme, parts.netloc) in {("", ""), (base.scheme, base.netloc)}:
        if not parts.path.startswith(prefix):
            return None
        relative = parts.path.removeprefix(prefix)
    else:
        return None
    relative = unquote(relative)
    segments = relative.split("/")
    # The finders refuse paths outside their roots too; this refuses them before asking.
    if (
        not relative
        or "\\" in relative
        or "\0" in relative
        or any(segment in {"", ".", ".."} for segment in segments)
    ):
        return None
    return relative


def render_pdf(
    template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """Renders a template of `templates/reports/documents/` and prints it to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def html_to_pdf(html: str) -> bytes:
    """Prints HTML to PDF bytes; `DocumentResourceError` if one of its static files is missing."""
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesFetcher())
    try:
        pdf: bytes = document.write_pdf()
    except MissingDocumentResource as missing:
        raise DocumentResourceError(f"A document's static file is missing: {missing}") from missing
    return pdf


def initials_and_surname(full_name: str) -> str:
    """«Васильев Андрей Сергеевич» → «А. С. Васильев», as a signature line has it."""
    surname, *names = full_name.split()[:3] or [""]
    return " ".join([*(f"{name[0]}." for name in names), surname])


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A printed document, shown in the browser (its own name when saved)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
