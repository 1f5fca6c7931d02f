"""JSON comparison, diffs, malformed documents, and curl parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import SNIPPETS

from vinr_docs.compare import DocumentError, json_diff, load_json, parse_curl, shape_of


def test_equal_values_have_no_diff_whatever_the_key_order() -> None:
    assert json_diff({"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}, "x", "y") == ""


def test_diff_shows_only_the_changed_line_in_the_documented_order() -> None:
    diff = json_diff({"id": "c", "name": "Jenny", "created": 1},
                     {"created": 1, "name": "Jen", "id": "c"}, "documented", "received")
    changed = [line for line in diff.splitlines() if line[:1] in "+-"]
    assert changed == ["--- documented", "+++ received", '-  "name": "Jenny",',
                       '+  "name": "Jen",']


def test_malformed_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "response.json"
    path.write_text('{\n  "id": "cust_1",\n  "email": \n}\n')
    with pytest.raises(DocumentError, match=r"^snippets/x/response.json:4:1: malformed JSON"):
        load_json(path, "snippets/x/response.json")


def test_curl_samples_parse_into_requests() -> None:
    create = parse_curl((SNIPPETS / "customers/create-idempotent/curl.sh").read_text())
    assert create.method == "POST"
    assert create.path == "/v1/customers"
    assert create.params == {"email": ["jenny@example.com"], "name": ["Jenny Rosen"]}
    assert create.idempotency_key == "5f1c2a9e-signup-jenny"
    listing = parse_curl((SNIPPETS / "customers/list/curl.sh").read_text())
    assert (listing.method, listing.params) == ("GET", {"email": ["jenny@example.com"],
                                                        "limit": ["10"]})
    assert parse_curl((SNIPPETS / "customers/delete/curl.sh").read_text()).method == "DELETE"


def test_recorded_exchange_has_the_same_shape_as_its_curl() -> None:
    exchange = {"method": "GET", "url": "https://api.vinr.com/v1/customers?limit=2"
                "&starting_after=cust_8aZ2", "headers": {"X-Api-Key": "k"},
                "query": {"limit": ["2"], "starting_after": ["cust_8aZ2"]}, "form": {}}
    curl = parse_curl((SNIPPETS / "customers/list-paginated/curl.sh").read_text())
    assert shape_of(exchange) == curl


def test_a_curl_without_url_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="no URL"):
        parse_curl('curl -H "X-Api-Key: $VINR_SECRET_KEY"')
