/* "Copy page as Markdown" (overrides/partials/vinr-copy-markdown.html). The page's Markdown copy
   is loaded on the first click as a script (<page>.md.js calls vinrMarkdownCopy(path, text)), so
   it works from file:// as well as from a server, and costs nothing until it is used. */
(function () {
  var loaded = {};
  var waiting = {};

  window.vinrMarkdownCopy = function (path, text) {
    var name = path.split("/").pop();
    loaded[name] = text;
    (waiting[name] || []).forEach(function (done) { done(text); });
    delete waiting[name];
  };

  function load(name) {
    return new Promise(function (resolve, reject) {
      if (name in loaded) return resolve(loaded[name]);
      (waiting[name] = waiting[name] || []).push(resolve);
      var script = document.createElement("script");
      script.src = name + ".js";
      script.onerror = function () { reject(new Error("cannot load " + script.src)); };
      document.head.appendChild(script);
    });
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { copyWithSelection(text); });
    }
    return Promise.resolve().then(function () { copyWithSelection(text); });
  }

  function announce(button, message) {
    var status = button.parentNode.querySelector(".vinr-copy-markdown__status");
    if (status) status.textContent = message;
    button.setAttribute("title", message);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-vinr-markdown]");
    if (!button || button.tagName !== "BUTTON") return;
    announce(button, "Copying…");
    load(button.getAttribute("data-vinr-markdown"))
      .then(write)
      .then(function () { announce(button, "Page copied as Markdown"); })
      .catch(function () { announce(button, "Copy failed: open the Markdown link instead"); });
  });
})();
