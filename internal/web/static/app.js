// okr progressive enhancement. Every page works without this file; it only
// adds comfort: keyboard shortcuts, focus after in-place updates,
// auto-submitting filter forms and character counters. No inline scripts
// anywhere (strict CSP).
(function () {
  "use strict";

  // Filter forms marked data-autosubmit submit when a select changes, so
  // that choosing a period or unit needs no extra click. The submit button
  // stays for keyboard and no-JS users.
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!(el instanceof HTMLSelectElement)) return;
    var form = el.form;
    if (form && form.hasAttribute("data-autosubmit")) {
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    }
  });

  // Ctrl/Cmd+Enter in a check-in form saves it.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
    var form = e.target && e.target.closest ? e.target.closest("form[data-ctrl-enter]") : null;
    if (form) {
      e.preventDefault();
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    }
  });

  // After htmx swaps in new content, move focus to the element that says
  // what happened (a saved notice or the first field error), so screen
  // reader and keyboard users learn the result.
  document.addEventListener("htmx:afterSettle", function (e) {
    var root = e.detail && e.detail.elt ? e.detail.elt : document;
    var target = root.querySelector("[data-focus-after-swap]") ||
      root.querySelector("[aria-invalid='true']");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  });

  // "Expand all" / "Collapse all" buttons for <details> trees.
  document.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("[data-details-toggle]") : null;
    if (!btn) return;
    var scope = document.getElementById(btn.getAttribute("aria-controls"));
    if (!scope) return;
    var open = btn.getAttribute("data-details-toggle") === "open";
    scope.querySelectorAll("details").forEach(function (d) { d.open = open; });
  });

  // Text inputs with data-maxchars get a counter under them ("12 / 200",
  // nothing while empty) instead of a maxlength that would cut silently.
  // Over the limit the counter turns red and a polite live region says so
  // once (the server refuses the text too, with a message that names the
  // limit, so this is only comfort).
  function charCount(root) {
    root.querySelectorAll("input[data-maxchars]:not([data-maxchars-ready])").forEach(function (input) {
      input.setAttribute("data-maxchars-ready", "");
      var max = parseInt(input.getAttribute("data-maxchars"), 10);
      var counter = document.createElement("span");
      counter.className = "char-count";
      counter.id = input.id + "-count";
      var live = document.createElement("span");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", counter);
      counter.insertAdjacentElement("afterend", live);
      var describedBy = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
      var wasOver = false;
      function update() {
        // The server counts characters (code points) of the trimmed text.
        var n = Array.from(input.value.trim()).length;
        var over = n > max;
        counter.textContent = n > 0 ? n + " / " + max : "";
        counter.classList.toggle("char-count-over", over);
        if (over !== wasOver) live.textContent = over ? input.getAttribute("data-maxchars-over") : "";
        wasOver = over;
      }
      input.addEventListener("input", update);
      update();
    });
  }
  charCount(document);
  document.addEventListener("htmx:afterSettle", function (e) {
    charCount(e.detail && e.detail.elt ? e.detail.elt : document);
  });

  // The menu button of the main navigation (shown on narrow screens only):
  // it folds the list away and opens it; Escape closes it again and gives
  // focus back to the button.
  document.querySelectorAll("[data-nav-toggle]").forEach(function (btn) {
    var nav = btn.closest("nav");
    function set(open) { btn.setAttribute("aria-expanded", open ? "true" : "false"); }
    btn.addEventListener("click", function () {
      set(btn.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || btn.getAttribute("aria-expanded") !== "true") return;
      set(false);
      btn.focus();
    });
  });

  // A table wider than the screen scrolls inside its .table-wrap; the frame
  // then takes keyboard focus, so that arrow keys can scroll it too.
  function scrollFrames(root) {
    root.querySelectorAll(".table-wrap").forEach(function (w) {
      if (w.scrollWidth > w.clientWidth) w.setAttribute("tabindex", "0");
      else w.removeAttribute("tabindex");
    });
  }
  scrollFrames(document);
  window.addEventListener("resize", function () { scrollFrames(document); });
  document.addEventListener("htmx:afterSettle", function (e) {
    scrollFrames(e.detail && e.detail.elt ? e.detail.elt : document);
  });

  // The expand/collapse buttons only work with JS, so they start hidden.
  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
})();
