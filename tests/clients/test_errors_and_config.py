"""Failures raise the same error classes as the Python client, carrying the API's error body;
the key and base URL come from the environment unless given explicitly.

The calls are the spec's first retrieve operation's (and its list's), its 404 body the error:
derived in tests/clients/calls.py, no operation named here."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

import vinr

from .calls import CASES, RETRIEVE, documented_error
from .harness import CALL_LINE, JS, KEY, RUBY, Language, Recorder

NOT_FOUND = documented_error(RETRIEVE.operation, 404)
MESSAGE = NOT_FOUND["error"]["message"]
CLASS = RETRIEVE.sdk["ruby"].split(".")[0]  # Ruby's resource class of the retrieve call

# Catch the error and print its fields as JSON, in each language.
SHOW_ERROR = {
    "js": f"""try {{
  {RETRIEVE.code(JS)};
}} catch (err) {{
  console.log(JSON.stringify({{ class: err.constructor.name, base: err instanceof VinrError,
    status: err.status, type: err.type, code: err.code, param: err.param,
    message: err.message, body: err.body }}));
}}
""",
    "ruby": f"""begin
  {RETRIEVE.code(RUBY)}
rescue Vinr::VinrError => e
  puts JSON.generate(class: e.class.name.delete_prefix('Vinr::'), base: true,
                     status: e.http_status, type: e.type, code: e.code, param: e.param,
                     message: e.user_message, body: e.json_body)
end
""",
}


def python_error(url: str, monkeypatch: pytest.MonkeyPatch) -> vinr.VinrError:
    monkeypatch.setattr(vinr, "api_base", url)
    monkeypatch.setattr(vinr, "api_key", KEY)
    with pytest.raises(vinr.VinrError) as info:
        RETRIEVE.python()
    return info.value


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 418])
def test_error_class_and_fields_mirror_python(
    status: int,
    language: Language,
    server: Recorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.reply = lambda exchange: (status, NOT_FOUND)
    expected = python_error(server.url, monkeypatch)
    run = language.run_code(
        tmp_path, SHOW_ERROR[language.name], {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url}
    )
    assert run.returncode == 0, run.explain()
    shown = json.loads(run.stdout)
    assert shown == {
        "class": type(expected).__name__,
        "base": True,
        "status": status,
        **NOT_FOUND["error"],
        "body": NOT_FOUND,
    }
    assert run.records == [
        {
            "operation": language.label(RETRIEVE.label),
            "line": CALL_LINE + 1,
            "raised": NOT_FOUND,
            "error": {
                "class": type(expected).__name__,
                "status": status,
                "message": MESSAGE,
            },
        }
    ]


def test_uncaught_error_fails_the_script_and_is_recorded(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (404, NOT_FOUND)
    run = language.run_code(
        tmp_path,
        f"{RETRIEVE.code(language)}\n",
        {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url},
    )
    assert run.returncode != 0
    assert "InvalidRequestError" in run.stderr
    assert MESSAGE in run.stderr
    assert [(r["line"], r["raised"]) for r in run.records] == [(CALL_LINE, NOT_FOUND)]


def error_of(language: Language, tmp_path: Path, env: dict[str, str]) -> dict[str, object]:
    run = language.run_code(tmp_path, SHOW_ERROR[language.name], env)
    assert run.returncode == 0, run.explain()
    return json.loads(run.stdout)


def test_reply_that_is_not_json_raises_api_error(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (502, b"<html>Bad gateway</html>")
    shown = error_of(language, tmp_path, {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url})
    assert (shown["class"], shown["status"], shown["body"]) == ("APIError", 502, None)
    assert "Invalid JSON from the API (HTTP 502)" in str(shown["message"])


def test_unreachable_api_raises_connection_error(language: Language, tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    shown = error_of(language, tmp_path, {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": dead})
    assert shown["class"] == "APIConnectionError"
    assert str(shown["message"]).startswith("Could not reach the VINR API")


def test_missing_key_raises_authentication_error_before_sending(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    shown = error_of(language, tmp_path, {"VINR_API_BASE": server.url})
    assert (shown["class"], shown["status"]) == ("AuthenticationError", None)
    assert "VINR_SECRET_KEY" in str(shown["message"])
    assert server.exchanges == []


# Print the configured base URL, then make one call (with explicit settings where given).
CONFIG = {
    ("js", "default"): "console.log(vinr.apiBase);\n",
    ("ruby", "default"): "puts Vinr.api_base\n",
    ("js", "explicit"): "const own = new Vinr({ secretKey: 'sk_own', apiBase: 'URL' });\n"
    "console.log(own.apiBase);\n" + RETRIEVE.code(JS).replace("vinr.", "own.", 1) + ";\n",
    ("ruby", "explicit"): "Vinr.api_key = 'sk_own'\nVinr.api_base = 'URL'\nputs Vinr.api_base\n"
    + RETRIEVE.code(RUBY)
    + "\n",
}


def test_base_url_defaults_to_production(language: Language, tmp_path: Path) -> None:
    run = language.run_code(tmp_path, CONFIG[language.name, "default"], {})
    assert run.returncode == 0, run.explain()
    assert run.stdout.strip() == "https://api.vinr.com"


def test_base_url_and_key_come_from_the_environment(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, RETRIEVE.reply)
    code = f"{RETRIEVE.code(language)}\n"
    run = language.run_code(
        tmp_path, code, {"VINR_SECRET_KEY": "sk_from_env", "VINR_API_BASE": server.url + "/"}
    )
    assert run.returncode == 0, run.explain()
    assert [(e.path, e.headers["x-api-key"]) for e in server.exchanges] == [
        (RETRIEVE.path, "sk_from_env")
    ]


def test_explicit_settings_win_over_the_environment(
    language: Language, server: Recorder, tmp_path: Path
) -> None:
    server.reply = lambda exchange: (200, RETRIEVE.reply)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    code = CONFIG[language.name, "explicit"].replace("URL", server.url)
    run = language.run_code(tmp_path, code, {"VINR_SECRET_KEY": "sk_env", "VINR_API_BASE": dead})
    assert run.returncode == 0, run.explain()
    assert run.stdout.splitlines()[0] == server.url
    assert [e.headers["x-api-key"] for e in server.exchanges] == ["sk_own"]


def test_ruby_objects_read_like_the_samples(server: Recorder, tmp_path: Path) -> None:
    """Method and hash access, nested objects, pages that iterate, and the exact JSON back: the
    retrieve call's documented object (with a null and a nested object added), and a page of
    the list of the same class."""
    listing = next(
        (c for c in CASES if c.sdk["ruby"] == f"{CLASS}.list" and not c.args and not c.params),
        None,
    ) or next(c for c in CASES if c.sdk["ruby"] == f"{CLASS}.list" and not c.args)
    field = next(k for k, v in RETRIEVE.reply.items() if isinstance(v, str) and k != "id")
    obj = {**RETRIEVE.reply, "absent": None, "nested": {"id": "n_1", "inner": {"last4": "4242"}}}
    other = {**obj, "id": obj["id"] + "x"}
    page = {"object": "list", "data": [obj, other], "has_more": True}
    server.reply = lambda exchange: (200, page if exchange.path == listing.path else obj)
    code = f"""c = {RETRIEVE.code(RUBY)}
page = Vinr::{CLASS}.list(limit: 2)
puts JSON.generate([c.id, c[:{field}], c['{field}'], c.absent, c.nested.inner.last4,
                    c.dig(:nested, :id), c.respond_to?(:{field}),
                    c.class.name, page.map(&:id), page.has_more, page.data.size])
puts c.to_json
puts page.to_json
puts JSON.generate(c.to_h) == c.to_json
begin
  c.no_such_field
rescue NoMethodError
  puts 'NoMethodError'
end
"""
    run = RUBY.run_code(tmp_path, code, {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url})
    assert run.returncode == 0, run.explain()
    values, obj_json, page_json, same, missing = run.stdout.splitlines()
    assert json.loads(values) == [
        obj["id"],
        obj[field],
        obj[field],
        None,
        "4242",
        "n_1",
        True,
        f"Vinr::{CLASS}",
        [obj["id"], other["id"]],
        True,
        2,
    ]
    compact = {"separators": (",", ":")}
    assert obj_json == json.dumps(obj, **compact)
    assert page_json == json.dumps(page, **compact)
    assert (same, missing) == ("true", "NoMethodError")


def test_ruby_rejects_an_unknown_request_option(server: Recorder, tmp_path: Path) -> None:
    idempotent = next(c for c in CASES if c.idempotency_key is not None)
    code = idempotent.code(RUBY).replace("idempotency_key:", "idempotencyKey:") + "\n"
    run = RUBY.run_code(tmp_path, code, {"VINR_SECRET_KEY": KEY, "VINR_API_BASE": server.url})
    assert run.returncode != 0
    assert "unknown request option(s): idempotencyKey" in run.stderr
    assert server.exchanges == []
