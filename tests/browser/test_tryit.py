"""The "Try it" panels in a real browser: every operation from the page against the in-page mock.

Expected replies come from the spec (documented examples, parameter examples) and from what the
panel itself returned earlier in the flow, never from copies of the page.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import ROOT, Build
from vinr_docs import spec as spec_module
from vinr_docs.tryit.generate import load_config

pytestmark = pytest.mark.browser

CUSTOMERS = "/api-reference/customers.html"
SPEC = spec_module.load(ROOT / "docs" / "openapi.yaml")
CONFIG = load_config()


def documented_error(operation: str, *, status: int, param: str | None = None) -> dict[str, Any]:
    """The spec's example body for `operation`'s error with this status (and param)."""
    for example in SPEC.operation(operation).error_examples:
        if example.status == status and (param is None or example.body["error"]["param"] == param):
            return example.body
    raise LookupError(f"{operation} documents no {status} error for {param}")


def example_of(operation: str, name: str) -> str:
    """The spec's documented example value of a parameter (what the panel starts with)."""
    route = next(r for r in CONFIG["routes"] if r["operationId"] == operation)
    example = next(f["example"] for f in route["panel"]["fields"] if f["name"] == name)
    assert example is not None, (operation, name)
    return str(example)


def open_panel(page: Page, operation: str) -> Locator:
    container = page.locator(f'.vinr-tryit[data-operation="{operation}"]')
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


@pytest.fixture
def customers(page: Page, site_url: str) -> Page:
    page.goto(f"{site_url}{CUSTOMERS}")
    return page


def test_create_retrieve_list_delete_then_reset(customers: Page) -> None:
    page = customers
    create = open_panel(page, "createCustomer")
    field(create, "email").fill("flow@example.com")
    field(create, "name").fill("Flow Tester")
    status, created = send(create)
    assert status == 200 and created["email"] == "flow@example.com", created
    new_id = created["id"]

    retrieve = open_panel(page, "retrieveCustomer")
    field(retrieve, "id").fill(new_id)
    assert send(retrieve) == (200, created)

    listing = open_panel(page, "listCustomers")
    field(listing, "email").fill("FLOW@example.com")  # the filter is case-insensitive
    status, found = send(listing)
    assert status == 200 and [c["id"] for c in found["data"]] == [new_id], found

    delete = open_panel(page, "deleteCustomer")
    field(delete, "id").fill(new_id)
    assert send(delete) == (200, {"id": new_id, "deleted": True})

    status, missing = send(retrieve)
    assert status == 404 and missing["error"]["code"] == "resource_missing", missing
    assert new_id in missing["error"]["message"]

    # Reset: the documented customer deleted, then back after a reset.
    documented_id = example_of("deleteCustomer", "id")
    field(delete, "id").fill(documented_id)
    assert send(delete)[0] == 200
    field(retrieve, "id").fill(documented_id)
    assert send(retrieve)[0] == 404
    retrieve.get_by_role("button", name="Reset data").click()
    expect(retrieve.locator(".vinr-tryit__status")).to_contain_text("reset")
    status, back = send(retrieve)
    assert status == 200 and back["id"] == documented_id
    # The created customer is gone too: state lasts for the page session only.
    field(retrieve, "id").fill(new_id)
    assert send(retrieve)[0] == 404


def test_invalid_phone_is_flagged_then_answered_with_the_documented_400(customers: Page) -> None:
    panel = open_panel(customers, "createCustomer")
    phone = field(panel, "phone")
    expected = documented_error("createCustomer", status=400, param="phone")
    phone.fill("415-555-2671")
    # Flagged as typed, with the API's own message, but still sendable.
    expect(phone).to_have_attribute("aria-invalid", "true")
    message_id = phone.get_attribute("data-message")
    expect(panel.locator(f"#{message_id}")).to_have_text(expected["error"]["message"])
    assert send(panel) == (400, expected)
    # The outcome is announced politely (a status live region), the body labelled.
    live = panel.get_by_role("status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("400 Bad Request")
    expect(panel.get_by_label("Response body")).to_contain_text(expected["error"]["message"])
    phone.fill("+14155552671")
    expect(phone).to_have_attribute("aria-invalid", "false")


def test_no_key_gives_401_and_the_code_says_why(customers: Page) -> None:
    panel = open_panel(customers, "retrieveCustomer")
    panel.locator('[data-field="X-Api-Key"]').fill("")
    assert send(panel) == (401, documented_error("retrieveCustomer", status=401))
    panel.get_by_role("tab", name="curl").click()
    expect(panel.locator("[role=tabpanel]")).not_to_contain_text("X-Api-Key")
    panel.get_by_role("tab", name="Python").click()
    expect(panel.locator("[role=tabpanel]")).to_contain_text("No API key")


def test_idempotent_retry_is_replayed(customers: Page) -> None:
    panel = open_panel(customers, "createCustomer")
    field(panel, "Idempotency-Key").fill("signup-42")
    status, first = send(panel)
    assert status == 200
    expect(panel.locator(".vinr-tryit__headers")).not_to_contain_text("Idempotent-Replayed")
    status, again = send(panel)
    assert (status, again) == (200, first)
    expect(panel.locator(".vinr-tryit__status")).to_contain_text("replayed")
    expect(panel.locator(".vinr-tryit__headers")).to_contain_text("Idempotent-Replayed")
    # Same key, different parameters: the documented 400.
    field(panel, "name").fill("Someone Else")
    status, reused = send(panel)
    assert status == 400 and reused["error"]["code"] == "idempotency_key_in_use", reused


def test_markup_in_values_renders_as_text(customers: Page) -> None:
    page = customers
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>'
    panel = open_panel(page, "createCustomer")
    field(panel, "name").fill(hostile)
    status, created = send(panel)
    assert status == 200 and created["name"] == hostile
    page.wait_for_timeout(200)  # an injected onerror would have fired by now
    assert dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert panel.locator("img, script").count() == 0
    expect(panel.locator(".vinr-tryit__response pre")).to_contain_text(json.dumps(hostile)[1:-1])
    expect(panel.locator("[role=tabpanel]")).to_contain_text("<img src=x onerror=")


def test_keyboard_only(customers: Page) -> None:
    page = customers
    toggle = page.locator('.vinr-tryit[data-operation="createCustomer"] .vinr-tryit__toggle')
    toggle.focus()
    page.keyboard.press("Enter")
    panel = page.locator('.vinr-tryit[data-operation="createCustomer"] .vinr-tryit__panel')
    expect(panel).to_be_visible()
    # Tab into the form: the key first, then each field in the spec's order.
    page.keyboard.press("Tab")
    expect(field(panel, "X-Api-Key")).to_be_focused()
    page.keyboard.press("Tab")
    expect(field(panel, "Idempotency-Key")).to_be_focused()
    page.keyboard.press("Tab")
    expect(field(panel, "email")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Enter")  # submits the form
    status = panel.locator(".vinr-tryit__status")
    expect(status).to_have_attribute("data-status", "200")
    assert response_body(panel)["email"] == "keys@example.com"
    # The language tabs: arrows move and select; the page's own tabs follow.
    panel.get_by_role("tab", selected=True).focus()
    start = panel.get_by_role("tab", selected=True).inner_text()
    page.keyboard.press("ArrowRight")
    chosen = panel.get_by_role("tab", selected=True)
    expect(chosen).to_be_focused()
    assert chosen.inner_text() != start
    label = chosen.inner_text()
    sample = page.locator(
        '.vinr-sample--primary[data-operation="createCustomer"] .tabbed-set'
    ).first
    checked = sample.locator(":scope > input:checked")
    expect(sample.locator(f'label[for="{checked.get_attribute("id")}"]')).to_have_text(label)
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_panel_follows_the_readers_language(customers: Page) -> None:
    page = customers
    panel = open_panel(page, "listCustomers")
    # A tab of another operation's sample: linked tabs switch every sample, and the panel.
    other = '.vinr-sample--primary[data-operation="createCustomer"] .tabbed-labels label'
    page.locator(other, has_text="Ruby").click()
    expect(panel.get_by_role("tab", selected=True)).to_have_text("Ruby")
    expect(panel.locator("[role=tabpanel]")).to_contain_text("Vinr::")
    panel.get_by_role("tab", name="JavaScript").click()
    expect(panel.locator("[role=tabpanel]")).to_contain_text("await vinr.")
    # Every sample on the page now shows JavaScript, and a reload remembers it.
    page.reload()
    first = page.locator(".vinr-sample--primary .tabbed-set").first
    checked = first.locator(":scope > input:checked")
    expect(first.locator(f'label[for="{checked.get_attribute("id")}"]')).to_have_text("JavaScript")
    panel = open_panel(page, "listCustomers")
    expect(panel.get_by_role("tab", selected=True)).to_have_text("JavaScript")


def test_code_updates_as_fields_change_and_copies(customers: Page) -> None:
    page = customers
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    panel = open_panel(page, "updateCustomer")
    panel.get_by_role("tab", name="Python").click()
    field(panel, "name").fill("Jenny R.")
    code = panel.locator("[role=tabpanel] code")
    expect(code).to_contain_text('name="Jenny R."')
    panel.get_by_role("button", name="Copy").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == code.text_content()


def test_real_looking_key_is_never_stored_or_sent_anywhere(customers: Page, site_url: str) -> None:
    page = customers
    secret = "sk_live_51HxQ2eKz9vT4pLm8Nq3Rw7Yb"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))
    history = page.evaluate("() => history.length")
    panel = open_panel(page, "createCustomer")
    field(panel, "X-Api-Key").fill(secret)
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


def test_touch_targets_on_a_phone(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """On a touch screen every control of an open panel is at least 44 px tall."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{site_url}{CUSTOMERS}")
    panel = open_panel(page, "retrieveCustomer")
    send(panel)
    container = page.locator('.vinr-tryit[data-operation="retrieveCustomer"]')
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


def test_left_out_of_print(customers: Page) -> None:
    panel = open_panel(customers, "createCustomer")
    customers.emulate_media(media="print")
    expect(panel).to_be_hidden()
    expect(customers.locator(".vinr-tryit__toggle").first).to_be_hidden()


def bundle_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if r.url.endswith("/tryit/tryit.js") else None)
    return seen


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_pointing_at_or_focusing_a_button_starts_loading_the_panel(
    customers: Page, how: str
) -> None:
    page = customers
    seen = bundle_requests(page)
    page.wait_for_load_state("networkidle")
    assert seen == []  # nothing is fetched at load
    toggle = page.locator('.vinr-tryit[data-operation="listCustomers"] .vinr-tryit__toggle')
    getattr(toggle, how)()
    page.wait_for_function("() => window.VinrTryIt !== undefined")
    assert len(seen) == 1
    assert page.locator(".vinr-tryit__panel").count() == 0  # loaded, not opened


def test_clicks_while_loading_open_one_panel(customers: Page) -> None:
    page = customers
    seen = bundle_requests(page)
    container = page.locator('.vinr-tryit[data-operation="createCustomer"]')
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
            panel = open_panel(page, operation)
            status, body = send(panel)
            assert status == 200, (path, operation, body)
            panel.get_by_role("button", name="Reset data").click()  # e.g. undo the delete
            page.locator(f'.vinr-tryit[data-operation="{operation}"] .vinr-tryit__toggle').click()
            expect(panel).to_be_hidden()
            served.append(operation)
    assert sorted(served) == sorted(op.id for op in SPEC.operations)


def test_works_from_file_url(page: Page, built_site: Build) -> None:
    page.goto((built_site.site_dir / "api-reference" / "customers.html").as_uri())
    panel = open_panel(page, "retrieveCustomer")
    status, body = send(panel)
    assert status == 200 and body["id"] == example_of("retrieveCustomer", "id")


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


def test_works_under_a_csp_without_unsafe_inline_or_eval(page: Page, csp_site: str) -> None:
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => window.__violations.push("
        "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    response = page.goto(f"{csp_site}{CUSTOMERS}")
    assert response is not None and "unsafe-eval" not in response.headers["content-security-policy"]
    assert (
        "'unsafe-inline'" not in response.headers["content-security-policy"].split("style-src")[0]
    )
    panel = open_panel(page, "createCustomer")
    field(panel, "email").fill("csp@example.com")
    status, created = send(panel)
    assert status == 200 and created["email"] == "csp@example.com"
    panel.get_by_role("tab", name="Ruby").click()
    expect(panel.locator("[role=tabpanel]")).to_contain_text("Vinr::Customer.create")
    assert page.evaluate("() => window.__violations") == []


def test_the_policy_check_can_fail(page: Page, csp_site: str) -> None:
    """The same listener reports an inline script the policy does not allow."""
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', (e) => window.__violations.push("
        "e.violatedDirective));"
    )
    page.goto(f"{csp_site}{CUSTOMERS}")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("() => window.x") is None
