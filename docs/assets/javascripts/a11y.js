/*
 * Accessibility fixes for markup that Material for MkDocs generates itself (so no template of ours can
 * carry the attribute). Checked by tests/quality (axe-core and Lighthouse):
 *
 * - the search dialog (`.md-search[role="dialog"]`) gets an accessible name, the one Material gives the
 *   search field (localised), so screen readers announce "Search, dialog" (axe: aria-dialog-name);
 * - the toolbars Material's script adds above code blocks (`nav.md-code__nav`, holding the copy button)
 *   are not navigation: a page with twenty unnamed <nav> landmarks is noise (axe: landmark-unique).
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

  function fix() {
    nameSearchDialog();
    unmarkCodeToolbars();
  }

  fix();
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
})();
