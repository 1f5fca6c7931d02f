/*
 * Accessibility fixes for markup that Material for MkDocs generates itself (so no template of ours can
 * carry the attribute). Checked by tests/quality (axe-core and Lighthouse):
 *
 * - the search dialog (`.md-search[role="dialog"]`) gets an accessible name, the one Material gives the
 *   search field (localised), so screen readers announce "Search, dialog" (axe: aria-dialog-name);
 * - the toolbars Material's script adds above code blocks (`nav.md-code__nav`, holding the copy button)
 *   are not navigation: a page with twenty unnamed <nav> landmarks is noise (axe: landmark-unique);
 * - content tabs are a radio group per block: the labels row becomes the group (named "Language" when
 *   its tabs are the sample languages of the page config) owning the radios, and the visible labels are
 *   hidden from assistive technology so each tab is announced once, by its radio;
 * - clicking a tab label selects the tab without writing `#__tabbed_…` into the URL: Material turns
 *   each label into a link for copying, and its click handler replaces the URL with it;
 * - table cells carry their column name (`data-label`) for the stacked phone layout.
 *
 * Material adds this markup from its own script, on first load and after every instant navigation,
 * so the fixes re-run whenever nodes are added.
 */
(function () {
  "use strict";

  function nameSearchDialog() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
      var field = dialog.querySelector("input[aria-label]");
      dialog.setAttribute("aria-label", field ? field.getAttribute("aria-label") : "Search");
    });
  }

  function unmarkCodeToolbars() {
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (toolbar) {
      toolbar.setAttribute("role", "none");
    });
  }

  var config = JSON.parse(document.getElementById("vinr-config").textContent);

  function labelText(label) {
    return label.textContent.trim();
  }

  function groupTabs() {
    document.querySelectorAll(".tabbed-set > .tabbed-labels:not([role])").forEach(function (labels) {
      var set = labels.parentElement;
      var inputs = Array.prototype.filter.call(set.children, function (el) { return el.matches("input"); });
      var names = Array.prototype.map.call(labels.children, labelText);
      if (!inputs.length || inputs.some(function (input) { return !input.id; })) return;
      inputs.forEach(function (input, i) {
        if (names[i]) input.setAttribute("aria-label", names[i]);
      });
      Array.prototype.forEach.call(labels.children, function (label) { label.setAttribute("aria-hidden", "true"); });
      var languages = names.every(function (name) { return config.languages.indexOf(name) >= 0; });
      var responses = names.every(function (name) { return /^\d{3}\b/.test(name); });
      labels.setAttribute("role", "radiogroup");
      labels.setAttribute("aria-label", languages ? "Language" : responses ? "Response" : "Examples");
      labels.setAttribute("aria-owns", inputs.map(function (input) { return input.id; }).join(" "));
    });
  }

  // Capture phase: ahead of Material's handler on the label's link. Ctrl/Cmd-click still opens the link.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".tabbed-labels > label > a[href^='#__tabbed_']");
    if (!link || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    event.stopPropagation();
    link.parentElement.click();
  }, true);

  // The skip link moves keyboard focus to the content, not only the view (Material's instant
  // navigation handles the click itself, which leaves the Tab order at the top of the page).
  document.addEventListener("click", function (event) {
    var skip = event.target.closest && event.target.closest("a.md-skip");
    var target = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    // Again once Material's own handling of the link (history, scrolling) is done.
    window.setTimeout(function () {
      if (document.activeElement !== target) target.focus({ preventScroll: true });
    }, 50);
  }, true);

  // Phones show tables as stacked lists (vinr.css): each cell names its column.
  function labelTableCells() {
    document.querySelectorAll(".md-typeset table:has(> thead th)").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }

  // Field and parameter links: a list is one Tab stop (its first link, from the template); the arrow
  // keys move between its links (nested child attributes included), and the Tab stop follows.
  var LISTS = "ul.vinr-params-summary, ul.vinr-fields";
  document.addEventListener("keydown", function (event) {
    var link = event.target;
    if (!link.matches || !link.matches(".vinr-anchor") || ["ArrowDown", "ArrowUp", "Home", "End"].indexOf(event.key) < 0) return;
    var list = link.closest(LISTS);
    while (list && list.parentElement.closest(LISTS)) list = list.parentElement.closest(LISTS);
    if (!list) return;
    var links = Array.prototype.filter.call(list.querySelectorAll(".vinr-anchor"), function (a) {
      return a.getClientRects().length > 0;
    });
    var index = links.indexOf(link);
    var next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: links.length - 1 }[event.key];
    if (next < 0 || next >= links.length) return;
    event.preventDefault();
    list.querySelectorAll(".vinr-anchor").forEach(function (a) { a.tabIndex = -1; });
    links[next].tabIndex = 0;
    links[next].focus();
  });

  // Every search result carries the query (?h=), the page-level one too: the page highlights the
  // terms and opens Advanced content when they are only there (detail-toggle.js).
  function keepQuery() {
    var input = document.querySelector(".md-search__input");
    var query = input ? input.value.trim() : "";
    if (!query) return;
    document.querySelectorAll(".md-search-result__link").forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.searchParams.get("h")) return;
      url.searchParams.set("h", query);
      link.href = url.href;
    });
  }

  // `mkdocs serve` puts a banner above a sample that failed verification, naming the failing
  // language: that sample block shows that language's tab (only that block: the reader's language
  // choice for the page stays as it was).
  function selectFailingTabs() {
    var banners = document.querySelectorAll(".vinr-verification-failed[data-vinr-tab]:not([data-vinr-shown])");
    Array.prototype.slice.call(banners).reverse().forEach(function (banner) {
      banner.setAttribute("data-vinr-shown", "");
      var sample = banner.nextElementSibling;
      while (sample && !sample.matches(".vinr-sample")) sample = sample.nextElementSibling;
      var set = sample && sample.querySelector(".tabbed-set");
      if (!set) return;
      Array.prototype.forEach.call(set.querySelectorAll(":scope > .tabbed-labels > label"), function (label) {
        if (label.textContent.trim() === banner.dataset.vinrTab) document.getElementById(label.htmlFor).checked = true;
      });
    });
  }

  function fix() {
    selectFailingTabs();
    keepQuery();
    nameSearchDialog();
    unmarkCodeToolbars();
    groupTabs();
    labelTableCells();
  }

  // Material adds nodes in many small batches while a page loads: fix once per frame, not per batch.
  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      fix();
    });
  }

  fix();
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
})();
