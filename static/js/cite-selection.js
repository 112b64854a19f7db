/* On a source's page: select a passage of its text, then "Quote the selected passage": it fills the
   quote of a new citation row (adding one if none is empty) and opens that row's record search, so
   the passage is cited for the record chosen next. The button's words come from the text field's
   data-cite-label (translated by the page). */
"use strict";
{
  function emptyQuote() {
    const quotes = [...document.querySelectorAll('textarea[name^="citations-"][name$="-quote"]')]
      .filter((quote) => !quote.name.includes("__prefix__"));
    return quotes.find((quote) => !quote.value.trim());
  }

  function quoteSelection(text) {
    const passage = text.value.substring(text.selectionStart, text.selectionEnd).trim();
    if (!passage) return;
    let quote = emptyQuote();
    if (!quote) {
      const add = document.querySelector("#citations-group .add-row a");
      if (add) add.click();
      quote = emptyQuote();
    }
    if (!quote) return;
    quote.value = passage;
    const row = quote.closest("tr");
    const search = row && row.querySelector(".select2-selection");
    if (search) {
      search.scrollIntoView({ block: "center" });
      django.jQuery(row.querySelector("select.admin-autocomplete")).select2("open");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const text = document.querySelector("textarea#id_text[data-cite-label]");
    if (!text) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button cite-selection";
    button.textContent = text.dataset.citeLabel;
    button.addEventListener("click", () => quoteSelection(text));
    text.insertAdjacentElement("afterend", button);
  });
}
