// Small progressive enhancements. The site works without this file.
(function () {
  "use strict";
  // Phones, signed in: fold the main navigation behind its "Menu" button (base.html).
  var toggle = document.querySelector(".nav-toggle");
  var list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && list) {
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", String(open));
      list.classList.toggle("is-folded", !open);
    };
    var fit = function () {
      toggle.hidden = !narrow.matches;
      setOpen(!narrow.matches);
    };
    fit();
    narrow.addEventListener("change", fit);
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // After an htmx swap that replaced the focused element, move focus somewhere sensible.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    var focusTarget = target.querySelector("[data-focus-after-swap]");
    if (focusTarget) focusTarget.focus();
  });
})();
