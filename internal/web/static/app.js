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

  // Pickers: a long select of people, units or objectives (grouped by unit
  // in <optgroup>s) gets the search box the page rendered hidden before it
  // (PickerSearch). Typing hides the options that match neither by their
  // text nor by their group's label (so a unit's name finds its people),
  // and groups left empty; accents and case do not matter. The chosen
  // option and an empty choice ("None") always stay. While a search is
  // typed the select opens as a list of the matches; Arrow Down moves there,
  // Enter takes the only match. A live region says how many match.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function pickers(root) {
    root.querySelectorAll("input[data-picker-for]:not([data-picker-ready])").forEach(function (input) {
      var select = document.getElementById(input.getAttribute("data-picker-for"));
      if (!select) return;
      input.setAttribute("data-picker-ready", "");
      var box = input.closest(".picker-search");
      if (box) box.hidden = false;
      var count = document.getElementById(input.getAttribute("aria-describedby"));
      var baseSize = select.size;
      function filter() {
        var q = fold(input.value);
        var shown = 0, rows = 0, last = null;
        Array.prototype.forEach.call(select.options, function (o) {
          var g = o.parentNode.tagName === "OPTGROUP" ? o.parentNode : null;
          var match = !!q && o.value !== "" &&
            (fold(o.textContent).indexOf(q) >= 0 || (g && fold(g.label).indexOf(q) >= 0));
          var keep = !q || match || o.value === "" || o.selected;
          o.hidden = !keep;
          if (match) { shown++; last = o; }
          if (keep) rows++;
        });
        select.querySelectorAll("optgroup").forEach(function (g) {
          var any = Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
          g.hidden = !any;
          if (any) rows++;
        });
        select.size = q ? Math.max(2, Math.min(8, rows)) : baseSize;
        if (count) {
          count.textContent = !q ? "" : shown === 0 ? input.getAttribute("data-none") :
            shown === 1 ? input.getAttribute("data-one") : input.getAttribute("data-many").replace("{n}", shown);
        }
        return shown === 1 ? last : null;
      }
      input.addEventListener("input", filter);
      // Enter in the search box never submits the form (the select may
      // not hold the person meant yet).
      input.addEventListener("keypress", function (e) {
        if (e.key === "Enter") e.preventDefault();
      });
      input.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown") {
          e.preventDefault();
          select.focus();
        } else if (e.key === "Enter") {
          // With one match, Enter picks it.
          e.preventDefault();
          var only = filter();
          if (only) {
            only.selected = true;
            select.dispatchEvent(new Event("change", { bubbles: true }));
            picked = true;
          }
        }
      });
      // Focus goes to the list once the Enter key is up, so that the key
      // does not reach the list (and submit the form) as well.
      var picked = false;
      input.addEventListener("keyup", function (e) {
        if (e.key === "Enter" && picked) {
          picked = false;
          select.focus();
        }
      });
    });
  }
  pickers(document);
  document.addEventListener("htmx:afterSettle", function (e) {
    pickers(e.detail && e.detail.elt ? e.detail.elt : document);
  });

  // The coach's rewrite suggestions: "Use this wording" puts the suggested
  // statement into the field it rewrites (the button names it in
  // data-apply-to), fires input so the live coach checks the new text, and
  // selects the first placeholder (X, [hvem], [whom]) for the person to
  // fill in. Without JS the buttons stay hidden and the text is shown.
  function suggestionButtons(root) {
    root.querySelectorAll("button[data-apply-to]").forEach(function (b) { b.hidden = false; });
  }
  suggestionButtons(document);
  document.addEventListener("htmx:afterSettle", function (e) {
    suggestionButtons(e.detail && e.detail.elt ? e.detail.elt : document);
  });
  document.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("button[data-apply-to]") : null;
    if (!btn) return;
    var input = document.getElementById(btn.getAttribute("data-apply-to"));
    if (!input) return;
    var text = btn.getAttribute("data-suggestion");
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
    var m = /\[[^\]]*\]|\bX\b/.exec(text);
    if (m && input.setSelectionRange) {
      var start = Array.from(text.slice(0, m.index)).length;
      input.setSelectionRange(start, start + Array.from(m[0]).length);
    }
  });

  // Mentions: in a textarea marked data-mention, typing "@" and a few
  // letters asks the server for people (GET /mentions?q=) and shows them
  // in the listbox named by data-mention-list; Arrow keys move, Enter or
  // Tab or a click writes "@[Name] " in place of what was typed. Without
  // this, the syntax in the field's hint works the same.
  function mentions(root) {
    root.querySelectorAll("textarea[data-mention]").forEach(function (ta) {
      if (ta.dataset.mentionReady) return;
      ta.dataset.mentionReady = "1";
      var list = document.getElementById(ta.getAttribute("data-mention-list"));
      if (!list) return;
      var active = -1, start = -1, seq = 0;
      function options() { return Array.prototype.slice.call(list.querySelectorAll("li[data-insert]")); }
      function close() {
        seq++; // an answer still on its way must not open the list again
        list.hidden = true;
        list.innerHTML = "";
        ta.removeAttribute("aria-activedescendant");
        active = -1;
        start = -1;
      }
      function mark(i) {
        var opts = options();
        if (!opts.length) return;
        active = (i + opts.length) % opts.length;
        opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
        ta.setAttribute("aria-activedescendant", opts[active].id);
      }
      function pick(li) {
        var insert = "@[" + li.getAttribute("data-insert") + "] ";
        var caret = ta.selectionStart;
        ta.value = ta.value.slice(0, start) + insert + ta.value.slice(caret);
        var at = start + insert.length;
        close();
        ta.focus();
        ta.setSelectionRange(at, at);
        ta.dispatchEvent(new Event("input", { bubbles: true }));
      }
      // query returns what is being typed after an "@" at the caret, or
      // null: "@" at the start or after a space, then no "]" or newline.
      function query() {
        var before = ta.value.slice(0, ta.selectionStart);
        var m = /(^|\s)@\[?([^\]\n@]{1,40})$/.exec(before);
        if (!m) return null;
        start = before.length - m[2].length - (before.charAt(before.length - m[2].length - 1) === "[" ? 2 : 1);
        return m[2];
      }
      ta.addEventListener("input", function () {
        var q = query();
        if (q === null || q.trim().length < 1) { close(); return; }
        var mine = ++seq;
        fetch("/mentions?q=" + encodeURIComponent(q.trim()), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) {
            if (mine !== seq) return;
            var doc = new DOMParser().parseFromString("<ul>" + html + "</ul>", "text/html");
            list.replaceChildren.apply(list, Array.prototype.slice.call(doc.body.firstChild.childNodes));
            list.hidden = false;
            mark(0);
          })
          .catch(close);
      });
      ta.addEventListener("keydown", function (e) {
        if (list.hidden) return;
        if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
        else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
        else if (e.key === "Escape") { e.preventDefault(); close(); }
        else if ((e.key === "Enter" || e.key === "Tab") && options()[active]) { e.preventDefault(); pick(options()[active]); }
      });
      list.addEventListener("mousedown", function (e) {
        var li = e.target.closest ? e.target.closest("li[data-insert]") : null;
        if (li) { e.preventDefault(); pick(li); }
      });
      ta.addEventListener("blur", function () { setTimeout(close, 150); });
    });
  }
  mentions(document);
  document.addEventListener("htmx:afterSettle", function (e) {
    mentions(e.detail && e.detail.elt ? e.detail.elt : document);
  });

  // The expand/collapse buttons only work with JS, so they start hidden.
  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
})();
