// Catalog enhancements. Everything works without this file.
(function () {
  "use strict";
  // The filter panel is a <details>: collapsed on phones so results come first,
  // opened on wide screens where it sits beside the results.
  var wide = window.matchMedia("(min-width: 60rem)");
  function sync() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (el) {
      if (wide.matches) el.open = true;
    });
  }
  sync();
  wide.addEventListener("change", sync);
})();
