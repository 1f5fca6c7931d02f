"""The "Try it" panels in a real browser: every operation from its page against the in-page mock.

Pages, operations, fields and values are derived, never named: each scenario runs on every
reference page found by discovery where the spec gives it something to run (operations of the
declared behaviour kinds it needs, a field with a pattern, an idempotency key…), and each
parameter list must be non-empty. Expected replies come from the spec (documented examples,
parameter examples), the snippets' responses and what the panel itself returned earlier in the
flow, never from copies of the page.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import Build
from derived import (
    SNIPPETS,
    SPEC,
    behaviour,
    kind_of,
    of_kind,
    path_parameter,
    reference_pages_by_url,
    request_schema,
)
from vinr_docs.spec.model import Operation
from vinr_docs.tryit.generate import load_config

pytestmark = pytest.mark.browser

CONFIG = load_config()
PAGES = reference_pages_by_url()  # URL path → the operations the page documents
KEY_HEADER = CONFIG["auth"]["header"]
IDEMPOTENCY_HEADER = CONFIG["idempotency"]["header"]
NOT_MATCHING = ("not valid", "0", "x", "@")  # tried in turn against a field's pattern


def fields_of(operation: Operation) -> list[dict[str, Any]]:
    """The panel's fields for the operation, as the generated config lists them."""
    return next(r["panel"]["fields"] for r in CONFIG["routes"] if r["operationId"] == operation.id)


def fields_of_sdk(operation: Operation) -> dict[str, str]:
    """The operation's `x-vinr-sdk` (client method per language), as the panel writes it."""
    return next(r["panel"]["sdk"] for r in CONFIG["routes"] if r["operationId"] == operation.id)


def example_of(operation: Operation, name: str) -> str:
    """The spec's documented example value of a field (what the panel starts with)."""
    example = next(f["example"] for f in fields_of(operation) if f["name"] == name)
    assert example is not None, (operation.id, name)
    return str(example)


def documented_error(
    operation: Operation, status: int, param: str | None = None, message: str | None = None
) -> dict | None:
    """The spec's example body for the operation's error with this status (and param, message)."""
    for example in operation.error_examples:
        error = example.body["error"]
        if (
            example.status == status
            and param in (None, error["param"])
            and message in (None, error["message"])
        ):
            return example.body
    return None


def free_text(operation: Operation, where: tuple[str, ...] = ("body",)) -> dict[str, Any] | None:
    """The operation's first string field (in `where`) with no pattern, format or enum."""
    for spec in fields_of(operation):
        schema = request_schema(operation, spec["name"])
        plain = not {"pattern", "format", "enum"} & schema.keys()
        if spec["in"] in where and spec["type"] == "string" and not spec["array"] and plain:
            return spec
    return None


def cases(pick: Callable[[list[Operation]], Any], *, needs: str) -> list[Any]:  # pytest.param list
    """One case per discovered page for which `pick(its operations)` finds something; at least
    one page must (`needs` says what), so a scenario never silently runs on no page."""
    found = [
        pytest.param(url, picked, id=url.strip("/"))
        for url, operations in PAGES.items()
        if (picked := pick(operations))
    ]
    assert found, f"no reference page has {needs}; the spec or the pages lost it"
    return found


def lifecycle(operations: list[Operation]) -> dict[str, Operation] | None:
    """create, retrieve, a top-level list and delete of one resource, all on the page."""
    for create in of_kind(operations, "create"):
        resource = behaviour(create)["create"]
        chain = {"create": create}
        for kind in ("retrieve", "list", "delete"):
            found = [op for op in of_kind(operations, kind, resource) if "of" not in behaviour(op)]
            if not found:
                break
            chain[kind] = found[0]
        else:
            return chain
    return None


def patterned(operations: list[Operation]) -> tuple[Operation, str, str, dict] | None:
    """An operation with a body field whose pattern a value breaks, answered by a documented
    400 with its `x-vinr-invalid` message: (operation, field, a value off the pattern, the
    documented body)."""
    for operation in operations:
        for spec in fields_of(operation):
            schema = request_schema(operation, spec["name"])
            pattern = schema.get("pattern")
            message = (schema.get("x-vinr-invalid") or "").replace("{param}", spec["name"])
            expected = message and documented_error(operation, 400, spec["name"], message)
            if spec["in"] == "body" and pattern and expected:
                bad = next(v for v in NOT_MATCHING if not re.search(pattern, v))
                return operation, spec["name"], bad, expected
    return None


def secured(operations: list[Operation]) -> Operation | None:
    """The first operation with a documented 401 (it needs the key)."""
    return next((op for op in operations if documented_error(op, 401)), None)


def idempotent(operations: list[Operation]) -> tuple[Operation, dict[str, Any]] | None:
    """An operation taking an idempotency key, and a free-text body field to change."""
    for operation in operations:
        names = {f["name"] for f in fields_of(operation)}
        if IDEMPOTENCY_HEADER in names and (text := free_text(operation)):
            return operation, text
    return None


def with_field(operations: list[Operation]) -> tuple[Operation, dict[str, Any]] | None:
    """The first operation with a string field to type into: free text in the body first,
    else any path, query or body string field."""
    for where in (("body",), ("path", "query", "body")):
        for operation in operations:
            spec = free_text(operation, where) or next(
                (
                    f
                    for f in fields_of(operation)
                    if f["in"] in where and f["type"] == "string" and not f["enum"]
                ),
                None,
            )
            if spec:
                return operation, spec
    return None


def retrieving(operations: list[Operation]) -> Operation | None:
    found = of_kind(operations, "retrieve")
    return found[0] if found else None


def first_two(operations: list[Operation]) -> tuple[Operation, Operation] | None:
    return (operations[0], operations[1]) if len(operations) > 1 else None


def first(operations: list[Operation]) -> Operation | None:
    return operations[0] if operations else None


def open_panel(page: Page, operation: Operation) -> Locator:
    container = page.locator(f'.vinr-tryit[data-operation="{operation.id}"]')
    toggle = container.get_by_role("button", name="Try it")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    panel = container.locator(".vinr-tryit__panel")
    expect(panel).to_be_visible()
    return panel


def field(panel: Locator, name: str) -> Locator:
    return panel.locator(f'[data-field="{name}"]')


def send(panel: Locator) -> tuple[int, Any]:
    status = panel.locator(".vinr-tryit__status")
    before = status.get_attribute("data-sent") or "0"
    panel.get_by_role("button", name="Send").click()
    expect(status).not_to_have_attribute("data-sent", before)
    return int(status.get_attribute("data-status") or 0), response_body(panel)


def response_body(panel: Locator) -> Any:
    return json.loads(panel.locator(".vinr-tryit__response pre").text_content() or "null")


def goto(page: Page, site_url: str, url: str) -> Page:
    page.goto(f"{site_url}{url}")
    return page


@pytest.mark.parametrize(
    ("url", "ops"), cases(lifecycle, needs="create, retrieve, list and delete of one resource")
)
def test_create_retrieve_list_delete_then_reset(
    page: Page, site_url: str, url: str, ops: dict[str, Operation]
) -> None:
    goto(page, site_url, url)
    create = open_panel(page, ops["create"])
    status, created = send(create)  # the documented values
    assert status == 200, created
    new_id = created["id"]

    retrieve = open_panel(page, ops["retrieve"])
    field(retrieve, path_parameter(ops["retrieve"])).fill(new_id)
    assert send(retrieve) == (200, created)

    # The list finds it, through each declared filter (in the other case when it ignores case).
    listing = open_panel(page, ops["list"])
    filters = behaviour(ops["list"]).get("filters") or {}
    for name, match in filters.items():
        value = str(created[name])
        field(listing, name).fill(value.upper() if match == "case_insensitive" else value)
    limit = CONFIG["plan"]["pagination"]["limit"] if "pagination" in CONFIG["plan"] else None
    if limit and field(listing, limit).count():
        maximum = request_schema(ops["list"], limit).get("maximum")
        if maximum:
            field(listing, limit).fill(str(maximum))
    status, found = send(listing)
    assert status == 200 and new_id in [item["id"] for item in found["data"]], found
    for item in found["data"]:
        for name in filters:
            assert str(item[name]).casefold() == str(created[name]).casefold(), (name, item)

    delete = open_panel(page, ops["delete"])
    id_field = path_parameter(ops["delete"])
    documented_id = example_of(ops["delete"], id_field)
    reply = json.loads((SNIPPETS / ops["delete"].sample_folder / "response.json").read_text())
    field(delete, id_field).fill(new_id)
    assert send(delete) == (200, {**reply, "id": new_id})

    status, missing = send(retrieve)
    expected = documented_error(ops["retrieve"], 404)
    assert expected is not None, f"{ops['retrieve'].id} documents no 404"
    assert status == 404 and missing["error"]["code"] == expected["error"]["code"], missing
    assert new_id in missing["error"]["message"]

    # Reset: the documented object deleted, then back after a reset.
    field(delete, id_field).fill(documented_id)
    assert send(delete)[0] == 200
    field(retrieve, path_parameter(ops["retrieve"])).fill(documented_id)
    assert send(retrieve)[0] == 404
    retrieve.get_by_role("button", name="Reset data").click()
    expect(retrieve.locator(".vinr-tryit__status")).to_contain_text("reset")
    status, back = send(retrieve)
    assert status == 200 and back["id"] == documented_id
    # The created object is gone too: state lasts for the page session only.
    field(retrieve, path_parameter(ops["retrieve"])).fill(new_id)
    assert send(retrieve)[0] == 404


def relation(operations: list[Operation]) -> dict[str, Any] | None:
    """attach, the nested list of what it attaches to, and detach of one resource, all on the
    page; with the field holding the parent's id."""
    for attach in of_kind(operations, "attach"):
        declared = behaviour(attach)
        resource, parent = declared["attach"], declared["to"]
        lists = [op for op in of_kind(operations, "list", resource) if behaviour(op).get("of")]
        detaches = of_kind(operations, "detach", resource)
        references = CONFIG["plan"]["resources"][resource]["references"]
        field_name = next((f for f, target in references.items() if target == parent), None)
        if lists and detaches and field_name:
            return {
                "attach": attach,
                "list": lists[0],
                "detach": detaches[0],
                "field": field_name,
                "id_from": declared.get("id_from"),
            }
    return None


@pytest.mark.parametrize(("url", "ops"), cases(relation, needs="attach, nested list and detach"))
def test_attach_list_detach_then_refused(
    page: Page, site_url: str, url: str, ops: dict[str, Any]
) -> None:
    goto(page, site_url, url)
    attach = open_panel(page, ops["attach"])
    parent_id = example_of(ops["attach"], path_parameter(ops["attach"]))
    status, attached = send(attach)  # the documented values: a free object, an existing parent
    assert status == 200 and attached[ops["field"]] == parent_id, attached
    if ops["id_from"]:
        assert attached["id"] == example_of(ops["attach"], ops["id_from"])

    listing = open_panel(page, ops["list"])
    field(listing, path_parameter(ops["list"])).fill(parent_id)
    status, found = send(listing)
    assert status == 200 and attached["id"] in [item["id"] for item in found["data"]], found

    detach = open_panel(page, ops["detach"])
    field(detach, path_parameter(ops["detach"])).fill(attached["id"])
    status, detached = send(detach)
    assert status == 200 and detached[ops["field"]] is None, detached
    status, found = send(listing)
    assert status == 200 and attached["id"] not in [item["id"] for item in found["data"]], found

    # Detached twice: refused with one of the operation's documented errors.
    status, refused = send(detach)
    documented = {(e.status, e.code) for e in ops["detach"].error_examples}
    assert (status, refused["error"]["code"]) in documented, refused


@pytest.mark.parametrize(
    ("url", "case"), cases(patterned, needs="a body field with a pattern and a documented 400")
)
def test_invalid_field_is_flagged_then_answered_with_the_documented_400(
    page: Page, site_url: str, url: str, case: tuple[Operation, str, str, dict]
) -> None:
    operation, name, bad, expected = case
    panel = open_panel(goto(page, site_url, url), operation)
    value = field(panel, name)
    value.fill(bad)
    # Flagged as typed, with the API's own message, but still sendable.
    expect(value).to_have_attribute("aria-invalid", "true")
    message_id = value.get_attribute("data-message")
    expect(panel.locator(f"#{message_id}")).to_have_text(expected["error"]["message"])
    assert send(panel) == (400, expected)
    # The outcome is announced politely (a status live region), the body labelled.
    live = panel.get_by_role("status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("400 Bad Request")
    expect(panel.get_by_label("Response body")).to_contain_text(expected["error"]["message"])
    value.fill(example_of(operation, name))
    expect(value).to_have_attribute("aria-invalid", "false")


@pytest.mark.parametrize(("url", "operation"), cases(secured, needs="an operation with a 401"))
def test_no_key_gives_401_and_the_code_says_why(
    page: Page, site_url: str, url: str, operation: Operation
) -> None:
    panel = open_panel(goto(page, site_url, url), operation)
    field(panel, KEY_HEADER).fill("")
    assert send(panel) == (401, documented_error(operation, 401))
    panel.get_by_role("tab", name="curl").click()
    expect(panel.locator("[role=tabpanel]")).not_to_contain_text(KEY_HEADER)
    panel.get_by_role("tab", name="Python").click()
    expect(panel.locator("[role=tabpanel]")).to_contain_text("No API key")


@pytest.mark.parametrize(
    ("url", "case"), cases(idempotent, needs="an operation taking an idempotency key")
)
def test_idempotent_retry_is_replayed(
    page: Page, site_url: str, url: str, case: tuple[Operation, dict[str, Any]]
) -> None:
    operation, text = case
    panel = open_panel(goto(page, site_url, url), operation)
    field(panel, IDEMPOTENCY_HEADER).fill("signup-42")
    status, first_reply = send(panel)
    assert status == 200, first_reply
    replayed = CONFIG["idempotency"]["replayedHeader"]
    expect(panel.locator(".vinr-tryit__headers")).not_to_contain_text(replayed)
    status, again = send(panel)
    assert (status, again) == (200, first_reply)
    expect(panel.locator(".vinr-tryit__status")).to_contain_text("replayed")
    expect(panel.locator(".vinr-tryit__headers")).to_contain_text(replayed)
    # Same key, different parameters: one of the operation's documented 400s, naming the key.
    field(panel, text["name"]).fill(f"{text['example'] or ''} again")
    status, reused = send(panel)
    documented = {e.code for e in operation.error_examples if e.status == 400}
    assert status == 400 and reused["error"]["code"] in documented, reused
    assert "signup-42" in reused["error"]["message"], reused


@pytest.mark.parametrize(("url", "case"), cases(with_field, needs="a string field"))
def test_markup_in_values_renders_as_text(
    page: Page, site_url: str, url: str, case: tuple[Operation, dict[str, Any]]
) -> None:
    operation, text = case
    goto(page, site_url, url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>'
    panel = open_panel(page, operation)
    field(panel, text["name"]).fill(hostile)
    status, reply = send(panel)
    page.wait_for_timeout(200)  # an injected onerror would have fired by now
    assert dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert panel.locator("img, script").count() == 0
    if hostile in json.dumps(reply, ensure_ascii=False).replace('\\"', '"'):  # echoed back
        shown = panel.locator(".vinr-tryit__response pre")
        expect(shown).to_contain_text(json.dumps(hostile)[1:-1])
    expect(panel.locator("[role=tabpanel]")).to_contain_text("<img src=x onerror=")


@pytest.mark.parametrize(("url", "case"), cases(with_field, needs="a string field"))
def test_keyboard_only(
    page: Page, site_url: str, url: str, case: tuple[Operation, dict[str, Any]]
) -> None:
    operation, typed = case
    goto(page, site_url, url)
    container = page.locator(f'.vinr-tryit[data-operation="{operation.id}"]')
    container.locator(".vinr-tryit__toggle").focus()
    page.keyboard.press("Enter")
    panel = container.locator(".vinr-tryit__panel")
    expect(panel).to_be_visible()
    # Tab into the form: the key first, then each field in the spec's order up to `typed`.
    page.keyboard.press("Tab")
    expect(field(panel, KEY_HEADER)).to_be_focused()
    for spec in fields_of(operation):
        page.keyboard.press("Tab")
        expect(field(panel, spec["name"])).to_be_focused()
        if spec["name"] == typed["name"]:
            break
    value = example_of(operation, typed["name"])
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")  # submits the form
    status = panel.locator(".vinr-tryit__status")
    expect(status).to_have_attribute("data-status", "200")
    assert value in json.dumps(response_body(panel))
    # The language tabs: arrows move and select; the page's own tabs follow.
    panel.get_by_role("tab", selected=True).focus()
    start = panel.get_by_role("tab", selected=True).inner_text()
    page.keyboard.press("ArrowRight")
    chosen = panel.get_by_role("tab", selected=True)
    expect(chosen).to_be_focused()
    assert chosen.inner_text() != start
    label = chosen.inner_text()
    sample = page.locator(
        f'.vinr-sample--primary[data-operation="{operation.id}"] .tabbed-set'
    ).first
    checked = sample.locator(":scope > input:checked")
    expect(sample.locator(f'label[for="{checked.get_attribute("id")}"]')).to_have_text(label)
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize(("url", "ops"), cases(first_two, needs="two operations"))
def test_panel_follows_the_readers_language(
    page: Page, site_url: str, url: str, ops: tuple[Operation, Operation]
) -> None:
    operation, other_operation = ops
    goto(page, site_url, url)
    panel = open_panel(page, operation)
    # A tab of another operation's sample: linked tabs switch every sample, and the panel.
    other = f'.vinr-sample--primary[data-operation="{other_operation.id}"] .tabbed-labels label'
    page.locator(other, has_text="Ruby").click()
    expect(panel.get_by_role("tab", selected=True)).to_have_text("Ruby")
    expect(panel.locator("[role=tabpanel]")).to_contain_text("Vinr::")
    panel.get_by_role("tab", name="JavaScript").click()
    expect(panel.locator("[role=tabpanel]")).to_contain_text("await vinr.")
    # Every sample on the page now shows JavaScript, and a reload remembers it.
    page.reload()
    first_set = page.locator(".vinr-sample--primary .tabbed-set").first
    checked = first_set.locator(":scope > input:checked")
    expect(first_set.locator(f'label[for="{checked.get_attribute("id")}"]')).to_have_text(
        "JavaScript"
    )
    panel = open_panel(page, operation)
    expect(panel.get_by_role("tab", selected=True)).to_have_text("JavaScript")


@pytest.mark.parametrize(("url", "case"), cases(with_field, needs="a string field"))
def test_code_updates_as_fields_change_and_copies(
    page: Page, site_url: str, url: str, case: tuple[Operation, dict[str, Any]]
) -> None:
    operation, text = case
    goto(page, site_url, url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    panel = open_panel(page, operation)
    panel.get_by_role("tab", name="Python").click()
    value = f"{text['example'] or ''}R."
    field(panel, text["name"]).fill(value)
    code = panel.locator("[role=tabpanel] code")
    written = f'"{value}"' if text["in"] == "path" else f'{text["argument"]}="{value}"'
    expect(code).to_contain_text(written)
    panel.get_by_role("button", name="Copy").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == code.text_content()


@pytest.mark.parametrize(("url", "operation"), cases(secured, needs="an operation with a 401"))
def test_real_looking_key_is_never_stored_or_sent_anywhere(
    page: Page, site_url: str, url: str, operation: Operation
) -> None:
    goto(page, site_url, url)
    secret = "sk_live_51HxQ2eKz9vT4pLm8Nq3Rw7Yb"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))
    history = page.evaluate("() => history.length")
    panel = open_panel(page, operation)
    field(panel, KEY_HEADER).fill(secret)
    status, body = send(panel)
    assert status == 401  # the mock accepts only its test key
    assert secret not in (panel.locator("[role=tabpanel]").text_content() or "")
    stored = page.evaluate(
        """async () => ({
        local: JSON.stringify({...localStorage}),
        session: JSON.stringify({...sessionStorage}),
        cookies: document.cookie,
        url: location.href,
        databases: JSON.stringify(await indexedDB.databases()),
        caches: JSON.stringify(await caches.keys()),
        history: history.length,
      })"""
    )
    assert not any(secret in str(value) for value in stored.values()), stored
    assert stored["history"] == history  # no navigation (a submitted form would add one)
    # Nothing but the panel's own script was fetched, from the site itself.
    assert requests and all(r.startswith(f"GET {site_url}/") for r in requests), requests
    assert any(r.endswith("/assets/tryit/tryit.js") for r in requests), requests


@pytest.mark.parametrize(("url", "operation"), cases(first, needs="an operation"))
def test_touch_targets_on_a_phone(browser, site_url: str, url: str, operation: Operation) -> None:  # type: ignore[no-untyped-def]
    """On a touch screen every control of an open panel is at least 44 px tall."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    panel = open_panel(goto(page, site_url, url), operation)
    send(panel)
    container = page.locator(f'.vinr-tryit[data-operation="{operation.id}"]')
    heights = container.evaluate(
        """(root) => [...root.querySelectorAll(
              'button, input[type=text], select, .vinr-tryit__choice')]
            .filter((e) => e.offsetParent)
            .map((e) => [e.textContent.trim() || e.dataset.field || e.className,
                         e.getBoundingClientRect().height])"""
    )
    context.close()
    assert len(heights) > 5
    small = [(name, round(height)) for name, height in heights if height < 44]
    assert small == [], small


def test_hidden_without_javascript(browser, site_url: str, references: list[str]) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    shown = 0
    for path in references:
        page.goto(f"{site_url}{path}")
        placeholders = page.locator(".vinr-tryit")
        shown += placeholders.count()
        for index in range(placeholders.count()):
            expect(placeholders.nth(index)).to_be_hidden()
        expect(page.locator(".vinr-sample--primary").first).to_be_visible()
    assert shown == len(SPEC.operations)  # one panel per operation, across the reference pages
    context.close()


def test_discovery_finds_the_built_reference_pages(references: list[str]) -> None:
    """The pages the scenarios above are parametrized by (from the Markdown sources) are the
    pages of the built site that hold operations."""
    assert sorted(PAGES) == references


@pytest.mark.parametrize(("url", "operation"), cases(first, needs="an operation"))
def test_left_out_of_print(page: Page, site_url: str, url: str, operation: Operation) -> None:
    panel = open_panel(goto(page, site_url, url), operation)
    page.emulate_media(media="print")
    expect(panel).to_be_hidden()
    expect(page.locator(".vinr-tryit__toggle").first).to_be_hidden()


def bundle_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if r.url.endswith("/tryit/tryit.js") else None)
    return seen


@pytest.mark.parametrize("how", ["hover", "focus"])
@pytest.mark.parametrize(("url", "operation"), cases(first, needs="an operation"))
def test_pointing_at_or_focusing_a_button_starts_loading_the_panel(
    page: Page, site_url: str, url: str, operation: Operation, how: str
) -> None:
    goto(page, site_url, url)
    seen = bundle_requests(page)
    page.wait_for_load_state("networkidle")
    assert seen == []  # nothing is fetched at load
    toggle = page.locator(f'.vinr-tryit[data-operation="{operation.id}"] .vinr-tryit__toggle')
    getattr(toggle, how)()
    page.wait_for_function("() => window.VinrTryIt !== undefined")
    assert len(seen) == 1
    assert page.locator(".vinr-tryit__panel").count() == 0  # loaded, not opened


@pytest.mark.parametrize(("url", "operation"), cases(first, needs="an operation"))
def test_clicks_while_loading_open_one_panel(
    page: Page, site_url: str, url: str, operation: Operation
) -> None:
    goto(page, site_url, url)
    seen = bundle_requests(page)
    container = page.locator(f'.vinr-tryit[data-operation="{operation.id}"]')
    # Two clicks dispatched in one go: the second lands while the panel is still loading.
    toggle = container.locator(".vinr-tryit__toggle")
    toggle.evaluate("button => { button.click(); button.click(); }")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(container.locator(".vinr-tryit__panel")).to_have_count(1)
    assert len(seen) == 1


def test_every_operation_has_a_working_panel(
    page: Page, site_url: str, references: list[str]
) -> None:
    """Each operation of the spec, sent with its documented values on its page, answers 2xx."""
    served = []
    for path in references:
        page.goto(f"{site_url}{path}")
        ids = page.locator(".vinr-tryit[data-operation]").evaluate_all(
            "els => els.map(el => el.dataset.operation)"
        )
        for operation in ids:
            panel = open_panel(page, SPEC.operation(operation))
            status, body = send(panel)
            assert status == 200, (path, operation, body)
            panel.get_by_role("button", name="Reset data").click()  # e.g. undo the delete
            page.locator(f'.vinr-tryit[data-operation="{operation}"] .vinr-tryit__toggle').click()
            expect(panel).to_be_hidden()
            served.append(operation)
    assert sorted(served) == sorted(op.id for op in SPEC.operations)


@pytest.mark.parametrize(("url", "operation"), cases(retrieving, needs="a retrieve operation"))
def test_works_from_file_url(page: Page, built_site: Build, url: str, operation: Operation) -> None:
    page.goto((built_site.site_dir / url.lstrip("/")).as_uri())
    panel = open_panel(page, operation)
    status, body = send(panel)
    assert status == 200 and body["id"] == example_of(operation, path_parameter(operation))


# ---- Content-Security-Policy ---------------------------------------------------------------


def _csp_for(html: str) -> str:
    """A strict policy for this page: scripts from the site only, plus the page's own inline
    scripts by hash (no 'unsafe-inline', no 'unsafe-eval'); forms may not submit anywhere."""
    inline = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S
    )
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
        "form-action 'none'; base-uri 'none'; object-src 'none'"
    )


@pytest.fixture
def csp_site(built_site: Build) -> Iterator[str]:
    site = built_site.site_dir

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            path = self.translate_path(self.path.split("?")[0])
            if path.endswith(".html"):
                html = Path(path).read_text(encoding="utf-8")
                self.send_header("Content-Security-Policy", _csp_for(html))
            super().end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(("url", "operation"), cases(first, needs="an operation"))
def test_works_under_a_csp_without_unsafe_inline_or_eval(
    page: Page, csp_site: str, url: str, operation: Operation
) -> None:
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => window.__violations.push("
        "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    response = page.goto(f"{csp_site}{url}")
    assert response is not None and "unsafe-eval" not in response.headers["content-security-policy"]
    assert (
        "'unsafe-inline'" not in response.headers["content-security-policy"].split("style-src")[0]
    )
    panel = open_panel(page, operation)
    status, reply = send(panel)  # the documented values
    assert status == 200, reply
    panel.get_by_role("tab", name="Ruby").click()
    ruby_call = fields_of_sdk(operation)["ruby"]
    expect(panel.locator("[role=tabpanel]")).to_contain_text(f"Vinr::{ruby_call}")
    assert page.evaluate("() => window.__violations") == []


def test_the_policy_check_can_fail(page: Page, csp_site: str, references: list[str]) -> None:
    """The same listener reports an inline script the policy does not allow."""
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => window.__violations.push("
        "e.violatedDirective));"
    )
    page.goto(f"{csp_site}{references[0]}")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("() => window.x") is None


@pytest.mark.parametrize(("url", "ops"), cases(lambda ops: ops, needs="an operation"))
def test_reset_says_so_in_words_of_its_own_page(
    page: Page, site_url: str, url: str, ops: list[Operation]
) -> None:
    """Reset data on each page's first panel: the status says the data was reset and names no
    resource (from the spec's `x-vinr-resources`) the page does not document."""
    goto(page, site_url, url)
    panel = open_panel(page, ops[0])
    panel.get_by_role("button", name="Reset data").click()
    status = panel.locator(".vinr-tryit__status")
    expect(status).to_contain_text("reset")
    shown = {kind[1] for op in ops if (kind := kind_of(op))}
    words = re.findall(r"[a-z]+", (status.text_content() or "").lower().replace("_", " "))
    for name in set(SPEC.raw["x-vinr-resources"]) - shown:
        spoken = name.replace("_", " ").split()
        for start in range(len(words) - len(spoken) + 1):
            said = words[start : start + len(spoken)]
            assert not all(w.startswith(s) for w, s in zip(said, spoken, strict=True)), (
                f"{url}: the reset message names {name!r}, which this page does not document"
            )
