// Small progressive enhancements. The site works without this file.
(function () {
  "use strict";
  // After an htmx swap that replaced the focused element, move focus somewhere sensible.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    var focusTarget = target.querySelector("[data-focus-after-swap]");
    if (focusTarget) focusTarget.focus();
  });
})();
