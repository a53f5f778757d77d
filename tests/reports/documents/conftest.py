"""Fixtures of the printed documents' tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from weasyprint.urls import URLFetcherResponse

from core.pdf import StaticFilesFetcher


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every URL WeasyPrint asks the fetcher for, served or refused."""
    urls: list[str] = []
    fetch: Callable[..., URLFetcherResponse] = StaticFilesFetcher.fetch

    def recording_fetch(
        self: StaticFilesFetcher, url: str, headers: dict[str, str] | None = None
    ) -> URLFetcherResponse:
        urls.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesFetcher, "fetch", recording_fetch)
    yield urls
