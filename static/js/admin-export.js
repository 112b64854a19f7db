/* The export page's "Select all" box, bound here rather than in an onchange attribute, which the
   site's Content-Security-Policy does not run. onSelectToggleChange comes from django-import-export. */
document.addEventListener("change", function (event) {
  if (event.target.matches(".select-toggle") && typeof window.onSelectToggleChange === "function") {
    window.onSelectToggleChange(event);
  }
});
