// Sign-up: fill the time-zone field from the browser's own zone (Intl) while it is empty.
// Without JavaScript the field is a searchable list (a <datalist>) and the server accepts
// any IANA name whatever its case (accounts.forms.TimeZoneField).
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) return;
  var known = {};
  document.querySelectorAll("#timezone-list option").forEach(function (option) {
    known[option.value] = true;
  });
  document.querySelectorAll("input[data-detect-timezone]").forEach(function (field) {
    // A value is the person's own choice (or the form coming back with an error): keep it.
    // A zone the server would refuse (some browsers say "Etc/Unknown") is left out.
    if (!field.value && known[zone]) field.value = zone;
  });
})();
