/*
 * "Try it": wires the button in each operation's code pane, and loads the panel on first use.
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

  var wired = new WeakSet();

  function setUp(button) {
    if (wired.has(button)) return;
    wired.add(button);
    var container = button.parentElement;
    var warm = function () { load().catch(function () {}); };
    button.addEventListener("pointerenter", warm, { once: true });
    button.addEventListener("focus", warm, { once: true });

    button.addEventListener("click", function () {
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

  function setUpPage() {
    document.querySelectorAll(".vinr-tryit[data-operation] > .vinr-tryit__toggle").forEach(setUp);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpPage); // Material: first load and every instant navigation
  } else {
    setUpPage();
  }
})();
