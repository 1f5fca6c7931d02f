/*
 * "Try it": the button in each operation's code pane, and the panel it loads on first use.
 *
 * The page carries a `<div class="vinr-tryit" data-operation="…">` with its "Try it" button per
 * operation (from src/vinr_docs/markdown); the stylesheet shows it only when the head script ran
 * (html[data-detail]), so without JavaScript, and in print, the static samples are all there is.
 * This script changes nothing at load (no layout work): it listens. Pointing at or focusing a
 * button starts fetching assets/tryit/tryit.js (the panel, the in-page mock and the config
 * generated from docs/openapi.yaml, ~20 KB gzip) as a classic script, so it works from file://
 * and under a Content-Security-Policy of 'self' scripts; the click mounts the panel. Later
 * clicks show or hide it.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundle = new URL("../tryit/tryit.js", script ? script.src : location.href).href;
  var loading = null;

  function load() {
    if (window.VinrTryIt) return Promise.resolve(window.VinrTryIt);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundle;
        tag.onload = function () { resolve(window.VinrTryIt); };
        tag.onerror = function () {
          loading = null;
          reject(new Error("Could not load " + bundle));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  var BUTTON = ".vinr-tryit[data-operation] > .vinr-tryit__toggle";

  function buttonOf(event) {
    return event.target.closest ? event.target.closest(BUTTON) : null;
  }

  function warm(event) {
    if (buttonOf(event)) load().catch(function () {});
  }

  function toggle(event) {
    var button = buttonOf(event);
    if (!button || button.getAttribute("aria-busy") === "true") return;
    var container = button.parentElement;
    var panel = container.querySelector(".vinr-tryit__panel");
    if (panel) {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
      return;
    }
    button.setAttribute("aria-busy", "true");
    load().then(function (tryIt) {
      panel = tryIt.mount(container);
      button.setAttribute("aria-controls", panel.id);
      button.setAttribute("aria-expanded", "true");
      showError(container, null);
    }).catch(function (reason) {
      showError(container, "Try it is unavailable: " + reason.message);
    }).then(function () {
      button.removeAttribute("aria-busy");
    });
  }

  function showError(container, message) {
    var error = container.querySelector(".vinr-tryit__error");
    if (!message) {
      if (error) error.remove();
      return;
    }
    if (!error) {
      error = document.createElement("p");
      error.className = "vinr-tryit__error";
      error.setAttribute("role", "alert");
      container.appendChild(error);
    }
    error.textContent = message;
  }

  // Delegated from the document, so there is nothing to set up per button at load (no work in
  // Material's start-up task) and buttons that instant navigation brings in work as they are.
  document.addEventListener("pointerover", warm);
  document.addEventListener("focusin", warm);
  document.addEventListener("click", toggle);
})();
