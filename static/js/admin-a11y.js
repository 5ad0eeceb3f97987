// Staff admin: name select2's autocomplete widgets after their field labels. select2 4.0
// (shipped with Django) labels a single select by its current value and leaves the inline
// search box of a multiple select unnamed, and puts the choices in a list it does not mark up
// as one; fix those after select2 has drawn its widgets.
(function () {
  "use strict";
  function labelFor(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label && !label.id) label.id = select.id + "-label";
    return label;
  }
  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = labelFor(select);
      var box = select.nextElementSibling;
      if (!label || !box || !box.classList.contains("select2")) return;
      box.querySelectorAll(
        ".select2-selection, .select2-search__field, .select2-selection__rendered[role=textbox]"
      ).forEach(function (el) {
        el.setAttribute("aria-labelledby", label.id);
      });
      box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "list");
        list.querySelectorAll(":scope > *").forEach(function (item) {
          item.setAttribute("role", "listitem");
        });
      });
    });
  }
  // select2 draws (and redraws) its widgets whenever it likes: follow its DOM changes.
  document.addEventListener("DOMContentLoaded", function () {
    nameWidgets();
    new MutationObserver(nameWidgets).observe(document.body, { childList: true, subtree: true });
  });
})();
