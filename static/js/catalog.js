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

// "Add to compare" on a full basket: say why beside the button, in its live region,
// instead of loading the same page again with ?add= (what happens without this file).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-compare-full]");
    if (!link) return;
    var region = document.getElementById(link.getAttribute("data-compare-full"));
    if (!region) return;
    event.preventDefault();
    // Empty it first so the same sentence is announced again on a second press.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = region.getAttribute("data-message");
    }, 100);
  });
})();
