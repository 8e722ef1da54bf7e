// The administration runs under a Content-Security-Policy that refuses inline event
// handlers. Third-party pages that still write one get the same behaviour from here.
document.addEventListener("DOMContentLoaded", () => {
  // django-import-export's export page: the "Select all" box of the fields to export
  // (its template says onchange="onSelectToggleChange(event)").
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", () => {
      document
        .querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
        .forEach((box) => {
          box.checked = toggle.checked;
        });
    });
  });
});
