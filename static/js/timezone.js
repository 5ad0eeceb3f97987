// Fill a time-zone field from the browser's own zone (Intl), unless the person already
// chose one. Without JavaScript the field is a searchable list and the server accepts
// any IANA name whatever its case.
(function () {
  "use strict";
  function detect() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var zone = detect();
    if (!zone) return;
    document.querySelectorAll("[data-detect-timezone]").forEach(function (field) {
      if (field.dataset.userChosen === "true") return;
      if (!field.value || field.value === field.dataset.defaultZone) field.value = zone;
    });
  });
})();
