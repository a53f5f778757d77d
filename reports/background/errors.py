from __future__ import annotations

from django.utils.functional import Promise


class DocumentError(Exception):
    """A document that cannot be made as it was asked for; `message` is for its user."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)
