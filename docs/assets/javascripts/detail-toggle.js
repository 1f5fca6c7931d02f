/*
 * Standard / Advanced level of detail.
 *
 * The mode lives in one place: `data-detail` on <html> ("standard" | "advanced"). An inline script in
 * overrides/main.html sets it before first paint (from ?detail=, else localStorage "vinr.detail", else
 * "standard"); the stylesheet hides `.vinr-advanced` only under html[data-detail="standard"], so pages
 * without JavaScript, and printed pages, show everything.
 *
 * This file wires up the toggle (`.vinr-detail-toggle` with `button[data-detail-choice]`), remembers the
 * choice, keeps the reader's place when content above them appears or disappears, opens Advanced when a
 * link points into Advanced content, and hides Advanced-only entries of the table of contents.
 * `window.vinrDetail.get()` / `.set(mode)` is the same path the buttons take.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "vinr.detail";
  var MODES = ["standard", "advanced"];
  var ADVANCED = ".vinr-advanced";
  var TOC_ADVANCED = "vinr-toc-advanced";
  // Blocks that cannot hold the reader's place: Advanced ones come and go, the sticky toggle never moves.
  var SKIP_AS_ANCHOR = ADVANCED + ", .vinr-detail-toggle";
  var READING_LINE_OFFSET = 80; // px below the header
  var root = document.documentElement;

  function valid(mode) {
    return MODES.indexOf(mode) >= 0 ? mode : null;
  }

  function current() {
    return valid(root.dataset.detail) || "standard";
  }

  function fromUrl() {
    return valid(new URLSearchParams(location.search).get("detail"));
  }

  function remember(mode) {
    try {
      localStorage.setItem(STORAGE_KEY, mode);
    } catch (e) {
      // Storage can be disabled (privacy settings); the mode still applies to this page.
    }
  }

  // A shared ?detail= link keeps saying what the reader now sees, so reloading does not undo a switch.
  function syncUrl(mode) {
    var url = new URL(location.href);
    if (!url.searchParams.has("detail") || url.searchParams.get("detail") === mode) return;
    url.searchParams.set("detail", mode);
    history.replaceState(history.state, "", url.href);
  }

  function renderToggle(mode) {
    document.querySelectorAll(".vinr-detail-toggle [data-detail-choice]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.detailChoice === mode));
    });
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // The Standard block the reader is looking at: its on-screen position must not move when Advanced blocks
  // above it appear or disappear. A sliver of a block left just under the header is not what they read,
  // so the first block reaching below a reading line a little under the header wins.
  function readingAnchor() {
    var article = document.querySelector(".md-content__inner");
    if (!article) return null;
    var readingLine = headerBottom() + READING_LINE_OFFSET;
    var blocks = article.children;
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (block.matches(SKIP_AS_ANCHOR) || block.getClientRects().length === 0) continue;
      if (block.getBoundingClientRect().bottom > readingLine) return block;
    }
    return null;
  }

  function apply(mode, keepPlace) {
    var anchor = keepPlace ? readingAnchor() : null;
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    root.dataset.detail = mode;
    remember(mode);
    syncUrl(mode);
    renderToggle(mode);
    if (anchor) {
      var shift = anchor.getBoundingClientRect().top - before;
      if (shift !== 0) window.scrollBy(0, shift);
    }
  }

  function set(mode) {
    if (!valid(mode)) throw new Error("vinrDetail.set: expected \"standard\" or \"advanced\", got " + mode);
    apply(mode, true);
  }

  function advancedTarget(hash) {
    if (!hash || hash.length < 2) return null;
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (e) {
      return null;
    }
    var target = document.getElementById(id);
    return target && target.closest(ADVANCED) ? target : null;
  }

  // Open Advanced for a link into Advanced content. Returns the target only when it was hidden until now,
  // so the caller scrolls there (the browser could not: it was not rendered).
  function revealForHash(hash) {
    var target = advancedTarget(hash);
    if (!target || current() === "advanced") return null;
    apply("advanced", false);
    return target;
  }

  function markToc() {
    document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (link) {
      var item = link.closest(".md-nav__item");
      if (item) item.classList.toggle(TOC_ADVANCED, advancedTarget(link.hash) !== null);
    });
  }

  function setUpPage() {
    apply(fromUrl() || current(), false);
    markToc();
    var target = revealForHash(location.hash);
    if (target) target.scrollIntoView();
  }

  // Buttons: delegated once, so they keep working across instant navigation.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".vinr-detail-toggle [data-detail-choice]");
    if (button) set(button.dataset.detailChoice);
  });

  // In-page links into Advanced content: open Advanced before the browser (or Material) scrolls, so the
  // target is visible when it gets there. Capture phase runs ahead of Material's own handlers.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (link && link.origin === location.origin && link.pathname === location.pathname) {
      revealForHash(link.hash);
    }
  }, true);

  window.addEventListener("hashchange", function () {
    var target = revealForHash(location.hash);
    if (target) target.scrollIntoView();
  });

  window.vinrDetail = { get: current, set: set };

  if (typeof document$ !== "undefined") {
    // Material's observable: emits on first load and after every instant navigation.
    document$.subscribe(setUpPage);
  } else {
    setUpPage();
  }
})();
