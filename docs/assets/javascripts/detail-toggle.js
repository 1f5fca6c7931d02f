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
    if (!count) return (mode === "advanced" ? "Advanced" : "Standard") + " detail: this page has no Advanced content.";
    var sections = count + (count === 1 ? " Advanced section" : " Advanced sections");
    return mode === "advanced" ? "Advanced detail: " + sections + " shown." : "Standard detail: " + sections + " hidden.";
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // What the reader is looking at: the innermost block crossing a line just under the header (or the
  // first one below it), outside a code pane that sticks beside its text. When the switch is about to
  // hide it (Advanced content, going to Standard), the first block after it that stays takes its place.
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, pre, tr, blockquote, .tabbed-set, .admonition, " + ADVANCED;

  // A block showing less than this under the line is scrolled past: the reader is on the next one
  // (anchoring on a 2 px sliver let an Advanced note added inside it push what is read down).
  var SLIVER = 8;

  function readingAnchor(next) {
    var article = document.querySelector(".md-content__inner");
    if (!article) return null;
    var line = headerBottom() + 4;
    var blocks = Array.prototype.filter.call(article.querySelectorAll(BLOCKS), function (node) {
      if (node.getClientRects().length === 0) return false;
      var pane = node.closest("." + CLASSES.operationCode);
      if (pane && getComputedStyle(pane).position === "sticky") return false;
      return node.getBoundingClientRect().bottom > line + SLIVER;
    });
    // Blocks crossing the line are nested in one another: the last one is the innermost.
    var index = -1;
    blocks.forEach(function (node, i) {
      if (node.getBoundingClientRect().top <= line) index = i;
    });
    if (index < 0) index = 0;
    var target = blocks[index];
    if (!target) return null;
    var top = target.getBoundingClientRect().top;
    if (next !== "standard" || !target.closest(ADVANCED)) return { element: target, top: top };
    for (var i = index + 1; i < blocks.length; i++) {
      if (!blocks[i].closest(ADVANCED)) return { element: blocks[i], top: Math.max(line, top) };
    }
    return null;
  }

  // options: keepPlace (scroll so the block being read stays put), byReader (save and put in the URL),
  // message (what to announce; the default describes the change when the mode changes).
  function apply(mode, options) {
    options = options || {};
    var changed = mode !== root.dataset.detail;
    var anchor = options.keepPlace ? readingAnchor(mode) : null;
    root.dataset.detail = mode;
    renderToggle(mode);
    if (options.byReader) {
      save(mode);
      putInUrl(mode);
    }
    if (anchor) {
      var shift = anchor.element.getBoundingClientRect().top - anchor.top;
      if (shift !== 0) window.scrollTo({ top: window.scrollY + shift, behavior: "instant" });
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
    watchPanes();
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

  // A sticky code pane taller than the window (Try it open, a long response chosen) sticks by its
  // end instead of its top: it scrolls with the page until its last line is on screen, so every
  // part of it can be read by scrolling the page (the pane never scrolls on its own).
  var PANE_GAP = 16;
  var panes = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { fitPane(entry.target); });
  }) : null;

  function fitPane(pane) {
    var room = window.innerHeight - pane.offsetHeight - PANE_GAP;
    var top = headerBottom() + PANE_GAP / 2;
    if (room < top) pane.style.setProperty("--vinr-pane-top", room + "px");
    else pane.style.removeProperty("--vinr-pane-top");
  }

  function watchPanes() {
    if (!panes) return;
    panes.disconnect();
    document.querySelectorAll("." + CLASSES.operationCode).forEach(function (pane) { panes.observe(pane); });
  }

  window.addEventListener("resize", function () {
    document.querySelectorAll("." + CLASSES.operationCode).forEach(fitPane);
  });

  window.vinrDetail = { get: current, set: set };

  if (typeof document$ !== "undefined") {
    // Material's observable: emits on first load and after every instant navigation.
    document$.subscribe(setUpPage);
  } else {
    setUpPage();
  }
})();
