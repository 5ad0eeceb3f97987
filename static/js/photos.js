// Progress photo compare: turns the side-by-side pair into one picture with a slider that
// moves the divide between the earlier (left) and the later (right) photo. Without this
// script the page shows the two photos side by side, which is complete on its own.
(function () {
  "use strict";

  function setUp(section) {
    var pair = section.querySelector("[data-compare-pair]");
    var stage = section.querySelector("[data-compare-stage]");
    var range = section.querySelector("[data-compare-range]");
    var after = section.querySelector("[data-compare-after]");
    var toggle = section.querySelector("[data-compare-toggle]");
    if (!pair || !stage || !range || !after || !toggle) return;

    function divide() {
      var value = Number(range.value);
      // Only CSSOM is used, which the strict style-src policy allows.
      after.style.clipPath = "inset(0 0 0 " + value + "%)";
      range.setAttribute("aria-valuetext", value + "% from the left");
    }

    function show(slider) {
      stage.hidden = !slider;
      pair.hidden = slider;
      toggle.textContent = slider ? "Show side by side" : "Show with a slider";
    }

    range.addEventListener("input", divide);
    toggle.addEventListener("click", function () {
      show(stage.hidden);
    });
    toggle.hidden = false;
    divide();
    show(true);
  }

  document.querySelectorAll("[data-compare]").forEach(setUp);
})();
