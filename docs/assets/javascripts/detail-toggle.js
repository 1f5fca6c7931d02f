/*
 * Standard / Advanced level of detail.
 *
 * The mode lives in one place: `data-detail` on <html> ("standard" | "advanced"). An inline script in
 * overrides/main.html sets it before first paint (from ?detail=, else the reader's saved choice, else
 * the default); the stylesheet hides `.vinr-advanced` only under html[data-detail="standard"], so pages
 * without JavaScript, and printed pages, show everything. Names (storage key, classes, modes) come from
 * the page's JSON config (#vinr-config, written from src/vinr_docs/reader.py).
 *
 * This file wires up the control in the header (radios `[data-detail-choice]` in `.vinr-detail-toggle`),
 * and:
 * - saves only the reader's own choice: a mode that comes from a link (?detail=, a #link into Advanced
 *   content, a search result) applies to that page view only;
 * - puts the chosen mode in the URL (`?detail=`, history.replaceState) so a copied link keeps it;
 * - announces what changed in a polite live region;
 * - keeps the reader's place when content above them appears or disappears;
 * - opens Advanced when a link points into Advanced content, or when the search terms a page was opened
 *   with (?h=) occur only in Advanced content;
 * - hides Advanced-only entries of the table of contents.
 * `window.vinrDetail.get()` / `.set(mode)` is the same path the control takes.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("vinr-config").textContent);
  var MODES = config.modes;
  var CLASSES = config.classes;
  var ADVANCED = "." + CLASSES.advanced;
  var TOGGLE = "." + CLASSES.toggle;
  var CHOICE = TOGGLE + " [data-detail-choice]";
  var TOC_ADVANCED = "vinr-toc-advanced";
  var READING_LINE_OFFSET = 80; // px below the header
  var root = document.documentElement;

  function valid(mode) {
    return MODES.indexOf(mode) >= 0 ? mode : null;
  }

  function current() {
    return valid(root.dataset.detail) || config.defaultMode;
  }

  function fromUrl() {
    return valid(new URLSearchParams(location.search).get(config.queryParameter));
  }

  function saved() {
    try {
      return valid(localStorage.getItem(config.storageKey));
    } catch (e) {
      return null; // storage can be disabled (privacy settings)
    }
  }

  function save(mode) {
    try {
      localStorage.setItem(config.storageKey, mode);
    } catch (e) {
      // The mode still applies to this page.
    }
  }

  // The reader's choice goes into the URL, so a copied or reloaded link shows what they see now.
  function putInUrl(mode) {
    var url = new URL(location.href);
    if (url.searchParams.get(config.queryParameter) === mode) return;
    url.searchParams.set(config.queryParameter, mode);
    history.replaceState(history.state, "", url.href);
  }

  function renderToggle(mode) {
    document.querySelectorAll(CHOICE).forEach(function (input) {
      input.checked = input.dataset.detailChoice === mode;
    });
  }

  function advancedBlocks() {
    return document.querySelectorAll(".md-content " + ADVANCED).length;
  }

  function announce(message) {
    var region = document.querySelector("." + CLASSES.announce);
    if (!region) return;
    // A changed text is what screen readers announce: clear first, so a repeated message is read too.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function describe(mode) {
    var count = advancedBlocks();
    var sections = count + (count === 1 ? " Advanced section" : " Advanced sections");
    return mode === "advanced" ? "Advanced detail: " + sections + " shown." : "Standard detail: " + sections + " hidden.";
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // Blocks of the article in reading order. An operation contributes the blocks of its text pane and,
  // where it is not sticky beside them (one column), its code pane as one block.
  function readingBlocks() {
    var article = document.querySelector(".md-content__inner");
    var blocks = [];
    if (!article) return blocks;
    Array.prototype.forEach.call(article.children, function (block) {
      if (!block.classList.contains(CLASSES.operation)) {
        blocks.push(block);
        return;
      }
      Array.prototype.forEach.call(block.children, function (pane) {
        if (pane.classList.contains(CLASSES.operationCode)) {
          if (getComputedStyle(pane).position !== "sticky") blocks.push(pane);
        } else {
          Array.prototype.push.apply(blocks, pane.children);
        }
      });
    });
    return blocks;
  }

  // The Standard block the reader is looking at: its on-screen position must not move when Advanced blocks
  // above it appear or disappear. A sliver of a block left just under the header is not what they read,
  // so the first block reaching below a reading line a little under the header wins.
  function readingAnchor() {
    var readingLine = headerBottom() + READING_LINE_OFFSET;
    var blocks = readingBlocks();
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (block.matches(ADVANCED) || block.getClientRects().length === 0) continue;
      if (block.getBoundingClientRect().bottom > readingLine) return block;
    }
    return null;
  }

  // options: keepPlace (scroll so the block being read stays put), byReader (save and put in the URL),
  // message (what to announce; the default describes the change when the mode changes).
  function apply(mode, options) {
    options = options || {};
    var changed = mode !== root.dataset.detail;
    var anchor = options.keepPlace ? readingAnchor() : null;
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    root.dataset.detail = mode;
    renderToggle(mode);
    if (options.byReader) {
      save(mode);
      putInUrl(mode);
    }
    if (anchor) {
      var shift = anchor.getBoundingClientRect().top - before;
      if (shift !== 0) window.scrollBy(0, shift);
    }
    if (options.message) announce(options.message);
    else if (changed && options.byReader) announce(describe(mode));
  }

  function set(mode) {
    if (!valid(mode)) throw new Error("vinrDetail.set: expected one of " + MODES.join(", ") + ", got " + mode);
    apply(mode, { keepPlace: true, byReader: true });
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

  // Open Advanced for a link into Advanced content (for this page view: not saved). Returns the target
  // only when it was hidden until now, so the caller scrolls there (the browser could not).
  function revealForHash(hash) {
    var target = advancedTarget(hash);
    if (!target || current() === "advanced") return null;
    apply("advanced", { message: "Advanced detail shown for the linked section." });
    return target;
  }

  function scrollBelowHeader(element) {
    var top = element.getBoundingClientRect().top + window.scrollY - headerBottom() - 8;
    window.scrollTo(0, Math.max(0, top));
  }

  // ---- Search landing: Material highlights ?h= terms only in visible text. -------------------------

  function searchTerms() {
    var query = new URLSearchParams(location.search).get("h") || "";
    return query.toLowerCase().split(/[\s\-]+/).filter(function (term) { return term.length > 1; });
  }

  // Elements of the article whose own text contains a term: [standard-visible ones, Advanced ones].
  function matches(terms) {
    var found = { visible: [], advanced: [] };
    var article = document.querySelector(".md-content article");
    if (!article || !terms.length) return found;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.textContent.toLowerCase();
      if (!terms.some(function (term) { return text.indexOf(term) >= 0; })) continue;
      var parent = node.parentElement;
      if (parent.closest(ADVANCED)) found.advanced.push(parent);
      else if (parent.offsetHeight) found.visible.push(parent);
    }
    return found;
  }

  // Opened from a search result whose terms are only in Advanced content: show it (for this page view).
  // Returns the first match to scroll to when no #target says where to go.
  function revealForSearch() {
    if (current() === "advanced") return null;
    var terms = searchTerms();
    var found = matches(terms);
    if (found.visible.length || !found.advanced.length) return null;
    var count = found.advanced.length;
    apply("advanced", {
      message: "Advanced detail shown: " + count + (count === 1 ? " match" : " matches") +
        " for \u201c" + terms.join(" ") + "\u201d " + (count === 1 ? "is" : "are") + " in Advanced content.",
    });
    return found.advanced[0];
  }

  function markToc() {
    document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (link) {
      var item = link.closest(".md-nav__item");
      if (item) item.classList.toggle(TOC_ADVANCED, advancedTarget(link.hash) !== null);
    });
  }

  // What the page holds, for the stylesheet; the <head> script set it for the first page.
  function markPage() {
    var flags = Object.keys(config.pageFlags).filter(function (flag) {
      return document.querySelector(".md-content ." + config.pageFlags[flag]);
    });
    root.dataset.vinrPage = flags.join(" ");
  }

  function setUpPage() {
    markPage();
    // A link's mode, else the reader's own choice (after instant navigation <html> still carries the
    // previous page's mode, which may have come from a link).
    apply(fromUrl() || saved() || config.defaultMode, {});
    markToc();
    var target = revealForHash(location.hash);
    var match = revealForSearch();
    if (target) scrollBelowHeader(target);
    else if (match && !location.hash) scrollBelowHeader(match);
  }

  // The control: delegated once, so it keeps working across instant navigation. `change` covers clicks,
  // Space and the arrow keys of the radio group.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches(CHOICE) && input.checked) set(input.dataset.detailChoice);
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
    if (target) scrollBelowHeader(target);
  });

  window.vinrDetail = { get: current, set: set };

  if (typeof document$ !== "undefined") {
    // Material's observable: emits on first load and after every instant navigation.
    document$.subscribe(setUpPage);
  } else {
    setUpPage();
  }
})();
