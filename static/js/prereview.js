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
