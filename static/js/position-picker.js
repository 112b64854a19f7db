/* A participant's position is chosen among the positions of the person chosen on the same row (or
   form): the admin's searchable select asks /admin/autocomplete/ with that person's id too, and
   PositionAdmin.get_search_results keeps that person's positions. Loaded after the admin's
   autocomplete.js, whose set-up it repeats with the person added. */
"use strict";
{
  const $ = django.jQuery;
  const POSITIONS = 'select.admin-autocomplete[name$="position"]';

  function bind(select) {
    if (select.name.includes("__prefix__")) return;
    const person = document.querySelector(`[name="${select.name.replace(/position$/, "person")}"]`);
    $(select).select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: select.dataset.appLabel,
          model_name: select.dataset.modelName,
          field_name: select.dataset.fieldName,
          person: person ? person.value : "",
        }),
      },
    });
  }

  $(function () {
    document.querySelectorAll(POSITIONS).forEach(bind);
  });
  document.addEventListener("formset:added", (event) => {
    event.target.querySelectorAll(POSITIONS).forEach(bind);
  });
}
