/*
 * "Try it": the button in each operation's code pane, and the panel's code on first use.
 *
 * The page ships only an empty `<div class="vinr-tryit" data-operation="…" hidden>` per operation
 * (from src/vinr_docs/markdown): without JavaScript it stays hidden and the static samples are all
 * there is. This script shows a "Try it" button in each; the first click loads
 * assets/tryit/tryit.js (the panel, the in-page mock and the config generated from
 * docs/openapi.yaml, ~20 KB gzip) as a classic script, so it works from file:// and under a
 * Content-Security-Policy of 'self' scripts, then mounts the panel. Later clicks show or hide it.
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

  function setUp(container) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button vinr-tryit__toggle";
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Try it";
    var error = document.createElement("p");
    error.className = "vinr-tryit__error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    container.prepend(button, error);
    container.hidden = false;

    // Start fetching as the reader heads for the button, so the click finds it loaded.
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
        error.hidden = true;
      }).catch(function (reason) {
        error.textContent = "Try it is unavailable: " + reason.message;
        error.hidden = false;
      }).then(function () {
        button.removeAttribute("aria-busy");
      });
    });
  }

  function setUpPage() {
    document.querySelectorAll(".vinr-tryit[hidden][data-operation]").forEach(setUp);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpPage); // Material: first load and every instant navigation
  } else {
    setUpPage();
  }
})();
