// The title helper (templates/prereview/_title_helper.html): "Use this" copies the proposed title into the
// title field; the page's autosave keeps it. Without JavaScript the proposal is shown and can be typed in.
const helper = document.querySelector("[data-title-proposal]");
if (helper) {
  const button = helper.querySelector("[data-title-use]");
  const input = document.querySelector('[name="title"]');
  if (button && input) {
    button.hidden = false;
    button.addEventListener("click", () => {
      input.value = helper.dataset.titleProposal;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }
}

// The rule results follow the autosave (static/js/romantik.js sends "romantik:autosaved" on the section form after
// each save, its detail the save's answer): the answer carries the inside of each pre-review slot of the section
// (templates/prereview/_section_panel.html, _field_results.html: "data-prereview-slot"; prereview.slots), put here in
// place of the old, so a fixed design shows its new results at once without asking for the page again. A slot the
// answer does not name keeps what it has. Without JavaScript the results are those of the page as loaded, and of
// the page shown after "Save".
document.addEventListener("romantik:autosaved", (event) => {
  const slots = (event.detail || {}).prereview;
  if (!slots) return;
  document.querySelectorAll("[data-prereview-slot]").forEach((slot) => {
    const html = slots[slot.dataset.prereviewSlot];
    if (typeof html !== "string") return;
    const fresh = document.createElement("template");
    fresh.innerHTML = html; // the server's own template, escaped as on the page
    slot.replaceChildren(fresh.content);
  });
  document.dispatchEvent(new CustomEvent("prereview:refreshed"));
});
