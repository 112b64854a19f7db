/* A translated record's form: its sections of translations (fieldset.translation, one per language,
   from cooperation/core/admin/translations.py) become tabs, with the language's name and how many of
   its fields are filled in. Without JavaScript they stay sections one under another. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const sections = [...document.querySelectorAll("fieldset.translation")];
  if (!sections.length) return;
  const filled = (section) =>
    [...section.querySelectorAll("input, textarea")].filter((input) => input.value.trim()).length;
  const total = (section) => section.querySelectorAll("input, textarea").length;

  const tabs = document.createElement("div");
  tabs.className = "language-tabs";
  tabs.setAttribute("role", "tablist");
  sections[0].before(tabs);

  function show(chosen) {
    sections.forEach((section, index) => {
      const selected = section === chosen;
      section.hidden = !selected;
      tabs.children[index].setAttribute("aria-selected", String(selected));
      tabs.children[index].tabIndex = selected ? 0 : -1;
    });
  }

  sections.forEach((section, index) => {
    const heading = section.querySelector("h2, legend");
    const tab = document.createElement("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.id = `language-tab-${index}`;
    section.setAttribute("role", "tabpanel");
    section.setAttribute("aria-labelledby", tab.id);
    // The language's name in its own direction, isolated from the count beside it.
    const name = document.createElement("bdi");
    name.textContent = heading ? heading.textContent.trim() : "";
    const count = document.createElement("span");
    const recount = () => (count.textContent = ` (${filled(section)}/${total(section)})`);
    recount();
    tab.append(name, count);
    section.addEventListener("input", recount);
    tab.addEventListener("click", () => show(section));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = sections[(index + step + sections.length) % sections.length];
      show(next);
      tabs.children[sections.indexOf(next)].focus();
    });
    tabs.append(tab);
  });
  // A section with an error opens first; else the first language.
  show(sections.find((section) => section.querySelector(".errorlist")) || sections[0]);
});
