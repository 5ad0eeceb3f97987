// Routines: small enhancements. Every page works without this file.
(function () {
  "use strict";

  // Schedule forms: show only the fields that belong to the chosen schedule.
  function syncSchedule(select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-schedule-for]").forEach(function (group) {
      group.hidden = group.getAttribute("data-schedule-for") !== select.value;
    });
  }

  function initSchedules(root) {
    root.querySelectorAll("[data-schedule-select]").forEach(syncSchedule);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-schedule-select]")) {
      syncSchedule(event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { initSchedules(document); });
  // After a swap, show the right schedule fields and put focus back where the user was
  // (outerHTML swaps replace the element that had focus).
  document.addEventListener("htmx:afterSettle", function () {
    initSchedules(document);
    var next = document.querySelector("[data-focus-after-swap]");
    if (next && document.activeElement !== next) next.focus();
  });
})();
