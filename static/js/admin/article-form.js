// The article form (news/admin.py).
(function () {
  "use strict";

  // The date and time belong to "Schedule" and show only when it is chosen (without this
  // script they are always shown, and ignored for the other choices).
  function showTheTimeForSchedule(form) {
    var row = form.querySelector(".field-publish_at");
    var chosen = form.querySelector("input[name=publication]:checked");
    if (!row || !chosen) { return; }
    row.hidden = chosen.value !== "schedule" && !row.querySelector(".errorlist");
  }

  // The admin's search-as-you-type pickers name their parts after the field's label, for
  // screen readers (an empty picker would otherwise have no name).
  function labelOf(field) {
    var label = document.querySelector('label[for="' + field.id + '"]');
    if (!label) { return null; }
    if (!label.id) { label.id = field.id + "_label"; }
    return label;
  }

  function namePicker(select, container) {
    var label = labelOf(select);
    if (!label) { return; }
    var name = label.textContent.replace(/:\s*$/, "").trim();
    function apply() {
      container.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
        var rendered = box.querySelector(".select2-selection__rendered");
        var names = label.id + (rendered && rendered.id ? " " + rendered.id : "");
        if (box.getAttribute("aria-labelledby") !== names) {
          box.setAttribute("aria-labelledby", names);
        }
      });
      container.querySelectorAll(
        ".select2-selection__rendered[role=textbox], .select2-search__field"
      ).forEach(function (part) {
        if (part.getAttribute("aria-label") !== name) { part.setAttribute("aria-label", name); }
      });
    }
    apply();
    new MutationObserver(apply).observe(container, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-labelledby"]
    });
  }

  // The pickers are made by the admin's scripts once the page is ready, at a moment of
  // their own: each is named when it appears.
  function whenPicker(select) {
    function found() {
      var next = select.nextElementSibling;
      return next && next.classList.contains("select2") ? next : null;
    }
    if (found()) { namePicker(select, found()); return; }
    var observer = new MutationObserver(function () {
      if (found()) { observer.disconnect(); namePicker(select, found()); }
    });
    observer.observe(select.parentElement, { childList: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("article_form");
    if (!form) { return; }
    showTheTimeForSchedule(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "publication") { showTheTimeForSchedule(form); }
    });
    form.querySelectorAll("select.admin-autocomplete").forEach(whenPicker);
  });
})();
