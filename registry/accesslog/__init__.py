"""The access log of special-category data and whole bases of people (152-ФЗ): its one
writer `record_access` and the page of curator and director."""

from __future__ import annotations

from registry.accesslog.services import record_access

__all__ = ["record_access"]
