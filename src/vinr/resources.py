"""API resources: one class per resource, one classmethod per operation."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote

from vinr import _http
from vinr.objects import ListObject, VinrObject, convert


class APIResource(VinrObject):
    """Base class. ``OPERATIONS`` names the classmethods that call the API."""

    PATH: ClassVar[str] = ""
    OPERATIONS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def _url(cls, id: str | None = None) -> str:
        return cls.PATH if id is None else f"{cls.PATH}/{quote(str(id), safe='')}"

    @classmethod
    def _call(
        cls,
        method: str,
        path: str,
        params: dict[str, Any],
        idempotency_key: str | None = None,
    ) -> Any:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key is not None else {}
        return convert(_http.request(method, path, params, headers=headers), cls)


class Customer(APIResource):
    """A buyer shared across payments, subscriptions, invoices and loyalty."""

    PATH = "/v1/customers"
    OPERATIONS = ("create", "retrieve", "modify", "delete", "list")

    @classmethod
    def create(cls, *, idempotency_key: str | None = None, **params: Any) -> Customer:
        """``POST /v1/customers``: ``email`` (required), ``name``, ``phone``."""
        return cls._call("POST", cls._url(), params, idempotency_key)

    @classmethod
    def retrieve(cls, id: str, **params: Any) -> Customer:
        """``GET /v1/customers/{id}``; ``expand=["default_payment_method"]`` embeds the object."""
        return cls._call("GET", cls._url(id), params)

    @classmethod
    def modify(
        cls,
        id: str,
        *,
        idempotency_key: str | None = None,
        **params: Any,
    ) -> Customer:
        """``POST /v1/customers/{id}``: only the fields you pass change."""
        return cls._call("POST", cls._url(id), params, idempotency_key)

    @classmethod
    def delete(cls, id: str) -> Customer:
        """``DELETE /v1/customers/{id}``; returns ``{"id": …, "deleted": true}``."""
        return cls._call("DELETE", cls._url(id), {})

    @classmethod
    def list(cls, **params: Any) -> ListObject:
        """``GET /v1/customers``: ``email``, ``limit``, ``starting_after``, ``ending_before``."""
        return cls._call("GET", cls._url(), params)
