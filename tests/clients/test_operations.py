"""Every operation of the JS and Ruby clients sends what the Python reference client sends, and
returns (and records) exactly the JSON the API replied with."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import vinr

from .harness import CALL_LINE, FORM, KEY, Exchange, Language, Recorder

CUSTOMER = {
    "id": "cust_8aZ2",
    "email": "jenny@example.com",
    "name": "Jenny Rosen",
    "phone": "+14155552671",
    "default_payment_method": "pm_9bR3",
    "created": 1716300000,
}
EXPANDED = {
    **CUSTOMER,
    "default_payment_method": {
        "id": "pm_9bR3",
        "type": "card",
        "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030},
    },
}
DELETED = {"id": "cust_8aZ2", "deleted": True}
PAGE = {"object": "list", "data": [CUSTOMER], "has_more": False}


@dataclass(frozen=True)
class Case:
    """One call written in each language, and the request all three clients must send."""

    id: str
    operation: str
    js: str
    ruby: str
    python: Callable[[], Any]
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    form: list[tuple[str, str]] = field(default_factory=list)
    idempotency_key: str | None = None
    reply: dict[str, Any] = field(default_factory=lambda: CUSTOMER)

    def code(self, language: Language) -> str:
        return self.js if language.name == "js" else self.ruby


JENNY = [("email", "jenny@example.com"), ("name", "Jenny Rosen"), ("phone", "+14155552671")]
CASES = [
    Case(
        "create",
        "customers.create",
        "await vinr.customers.create({ email: 'jenny@example.com', name: 'Jenny Rosen', "
        "phone: '+14155552671' })",
        "Vinr::Customer.create(email: 'jenny@example.com', name: 'Jenny Rosen', "
        "phone: '+14155552671')",
        lambda: vinr.Customer.create(
            email="jenny@example.com", name="Jenny Rosen", phone="+14155552671"
        ),
        "POST",
        "/v1/customers",
        form=JENNY,
    ),
    Case(
        "create-idempotent",
        "customers.create",
        "await vinr.customers.create({ email: 'jenny@example.com' }, { idempotencyKey: 'key-1' })",
        "Vinr::Customer.create({ email: 'jenny@example.com' }, idempotency_key: 'key-1')",
        lambda: vinr.Customer.create(email="jenny@example.com", idempotency_key="key-1"),
        "POST",
        "/v1/customers",
        form=[("email", "jenny@example.com")],
        idempotency_key="key-1",
    ),
    Case(
        "create-nested",
        "customers.create",
        "await vinr.customers.create({ email: 'a@example.com', metadata: { plan: 'pro', "
        "seats: 3 }, tags: ['vip', 'beta'], marketing: true, name: null })",
        "Vinr::Customer.create(email: 'a@example.com', metadata: { plan: 'pro', seats: 3 }, "
        "tags: %w[vip beta], marketing: true, name: nil)",
        lambda: vinr.Customer.create(
            email="a@example.com",
            metadata={"plan": "pro", "seats": 3},
            tags=["vip", "beta"],
            marketing=True,
            name=None,
        ),
        "POST",
        "/v1/customers",
        form=[
            ("email", "a@example.com"),
            ("metadata[plan]", "pro"),
            ("metadata[seats]", "3"),
            ("tags[]", "vip"),
            ("tags[]", "beta"),
            ("marketing", "true"),
            ("name", ""),
        ],
    ),
    Case(
        "retrieve",
        "customers.retrieve",
        "await vinr.customers.retrieve('cust_8aZ2')",
        "Vinr::Customer.retrieve('cust_8aZ2')",
        lambda: vinr.Customer.retrieve("cust_8aZ2"),
        "GET",
        "/v1/customers/cust_8aZ2",
    ),
    Case(
        "retrieve-expanded",
        "customers.retrieve",
        "await vinr.customers.retrieve('cust_8aZ2', { expand: ['default_payment_method'] })",
        "Vinr::Customer.retrieve('cust_8aZ2', expand: ['default_payment_method'])",
        lambda: vinr.Customer.retrieve("cust_8aZ2", expand=["default_payment_method"]),
        "GET",
        "/v1/customers/cust_8aZ2",
        query=[("expand[]", "default_payment_method")],
        reply=EXPANDED,
    ),
    Case(
        "retrieve-escaped-id",
        "customers.retrieve",
        "await vinr.customers.retrieve('cust 1/x')",
        "Vinr::Customer.retrieve('cust 1/x')",
        lambda: vinr.Customer.retrieve("cust 1/x"),
        "GET",
        "/v1/customers/cust%201%2Fx",
    ),
    Case(
        "update",
        "customers.update",
        "await vinr.customers.update('cust_8aZ2', { email: 'jenny.rosen@example.com' }, "
        "{ idempotencyKey: 'key-2' })",
        "Vinr::Customer.update('cust_8aZ2', { email: 'jenny.rosen@example.com' }, "
        "idempotency_key: 'key-2')",
        lambda: vinr.Customer.modify(
            "cust_8aZ2", email="jenny.rosen@example.com", idempotency_key="key-2"
        ),
        "POST",
        "/v1/customers/cust_8aZ2",
        form=[("email", "jenny.rosen@example.com")],
        idempotency_key="key-2",
    ),
    Case(
        "delete",
        "customers.delete",
        "await vinr.customers.delete('cust_8aZ2')",
        "Vinr::Customer.delete('cust_8aZ2')",
        lambda: vinr.Customer.delete("cust_8aZ2"),
        "DELETE",
        "/v1/customers/cust_8aZ2",
        reply=DELETED,
    ),
    Case(
        "list",
        "customers.list",
        "await vinr.customers.list({ email: 'jenny@example.com', limit: 10 })",
        "Vinr::Customer.list(email: 'jenny@example.com', limit: 10)",
        lambda: vinr.Customer.list(email="jenny@example.com", limit=10),
        "GET",
        "/v1/customers",
        query=[("email", "jenny@example.com"), ("limit", "10")],
        reply=PAGE,
    ),
]


def assert_sent(exchanges: list[Exchange], case: Case, key: str = KEY) -> None:
    assert len(exchanges) == 1, exchanges
    sent = exchanges[0]
    assert (sent.method, sent.path) == (case.method, case.path)
    assert sent.query == case.query
    assert sent.form == case.form
    assert sent.headers.get("x-api-key") == key
    assert sent.headers.get("idempotency-key") == case.idempotency_key
    assert sent.content_type == (FORM if case.form else None)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_python_reference_client_sends_the_expected_request(
    case: Case, server: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pins the expectations below to what the Python client really does."""
    monkeypatch.setattr(vinr, "api_base", server.url)
    monkeypatch.setattr(vinr, "api_key", KEY)
    server.reply = lambda exchange: (200, case.reply)
    assert json.loads(json.dumps(case.python())) == case.reply
    assert_sent(server.exchanges, case)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_client_sends_like_python_and_records_what_it_returned(
    case: Case, language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, case.reply)
    env = {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    run = language.run_code(tmp_path, f"{case.code(language)}\n", env)
    assert run.returncode == 0, run.explain()
    assert_sent(server.exchanges, case)
    assert run.records == [
        {"operation": language.label(case.operation), "line": CALL_LINE, "returned": case.reply}
    ]


def test_recorder_reports_every_call_with_its_own_line(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, DELETED if exchange.method == "DELETE" else CUSTOMER)
    calls = {
        "js": "const c = await vinr.customers.retrieve('cust_8aZ2');\n\n"
        "async function remove(id) {\n  return vinr.customers.delete(id);\n}\n"
        "await remove(c.id);\n",
        "ruby": "c = Vinr::Customer.retrieve('cust_8aZ2')\n\n"
        "def remove(id)\n  Vinr::Customer.delete(id)\nend\nremove(c.id)\n",
    }
    run = language.run_code(
        tmp_path, calls[language.name], {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    )
    assert run.returncode == 0, run.explain()
    assert run.records == [
        {"operation": language.label("customers.retrieve"), "line": 3, "returned": CUSTOMER},
        {
            "operation": language.label("customers.delete"),
            "line": 6,
            "returned": DELETED,
        },  # innermost frame
    ]
    assert run.stdout == ""  # the recorder never prints


def test_no_recorder_output_without_the_env_var(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, CUSTOMER)
    run = language.run_code(
        tmp_path,
        f"{CASES[3].code(language)}\n",
        {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url, "VINR_RESULT_FD": ""},
    )
    assert run.returncode == 0, run.explain()
    assert run.records == []
    assert len(server.exchanges) == 1


def test_recorder_appends_to_vinr_result_path(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    """The runners' variant: a file path instead of an inherited descriptor."""
    server.reply = lambda exchange: (200, CUSTOMER)
    results = tmp_path / "results.jsonl"
    run = language.run_code(
        tmp_path,
        f"{CASES[3].code(language)}\n",
        {
            "VINR_SECRET_KEY": KEY,
            "VINR_API_BASE": server.url,
            "VINR_RESULT_FD": "",
            "VINR_RESULT_PATH": str(results),
        },
    )
    assert run.returncode == 0, run.explain()
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert records == [
        {"operation": language.label("customers.retrieve"), "line": CALL_LINE, "returned": CUSTOMER}
    ]
