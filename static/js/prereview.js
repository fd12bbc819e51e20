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
// each save): the page is asked again and its pre-review slots (templates/prereview/_section_panel.html,
// _field_results.html: "data-prereview-slot") replace these, so a fixed design shows its new results at once.
// Without JavaScript the results are those of the page as loaded, and of the page shown after "Save".
let refreshing = null;
document.addEventListener("romantik:autosaved", () => {
  if (refreshing || !document.querySelector("[data-prereview-slot]")) return;
  refreshing = fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
    .then((response) => (response.ok ? response.text() : null))
    .then((html) => {
      if (!html) return;
      const fresh = new DOMParser().parseFromString(html, "text/html");
      document.querySelectorAll("[data-prereview-slot]").forEach((slot) => {
        const next = fresh.querySelector(`[data-prereview-slot="${CSS.escape(slot.dataset.prereviewSlot)}"]`);
        if (next) slot.replaceChildren(...next.childNodes);
      });
      document.dispatchEvent(new CustomEvent("prereview:refreshed"));
    })
    .catch(() => { /* offline: the results stay as they were until the next save */ })
    .finally(() => { refreshing = null; });
});
