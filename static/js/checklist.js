// A screening page's "None of these" is exclusive: it cannot be chosen while an item is
// ticked. The server refuses both together as well; this only spares a round trip and
// says why the button is unavailable. Wired by data-checklist, data-item, data-none and
// data-none-hint; pages swapped in by htmx are wired when they load.

function wire(form) {
  if (form.dataset.wired) return;
  form.dataset.wired = "true";
  const none = form.querySelector("[data-none]");
  const hint = form.querySelector("[data-none-hint]");
  const items = [...form.querySelectorAll("[data-item]")];
  if (!none) return;
  const update = () => {
    const ticked = items.some((item) => item.checked);
    none.disabled = ticked;
    if (hint) {
      hint.hidden = !ticked;
      if (ticked) none.setAttribute("aria-describedby", hint.id);
      else none.removeAttribute("aria-describedby");
    }
  };
  form.addEventListener("change", update);
  update();
}

function wireWithin(root) {
  if (root.matches?.("[data-checklist]")) wire(root);
  root.querySelectorAll?.("[data-checklist]").forEach(wire);
}

wireWithin(document);
document.addEventListener("htmx:load", (event) => wireWithin(event.detail.elt));
