// The public pages' own behaviour (romantik/views.py public pages). No inline script: the CSP forbids it.

// --- The home page's office table, filtered as one types ----------------------------------------------
// Without JavaScript the same form asks the server (?kantor=…), which filters the same way: the office's
// code starts with the text, or its name contains it.
function officeFilter(input) {
  const table = document.getElementById(input.dataset.officeFilter);
  if (!table) return;
  const rows = Array.from(table.tBodies[0].rows);
  const empty = document.querySelector(`[data-office-empty="${table.id}"]`);
  const count = document.getElementById(input.getAttribute("aria-describedby"));
  const template = count ? count.dataset.countTemplate : "";
  let timer = null;

  function apply() {
    const text = input.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const match = !text || row.dataset.code.startsWith(text) || row.dataset.name.includes(text);
      row.hidden = !match;
      if (match) shown += 1;
    }
    if (empty) empty.classList.toggle("d-none", shown > 0);
    if (count && template) {
      count.textContent = template.replace("{shown}", shown).replace("{total}", rows.length);
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 80); // the live region speaks once per pause, not per key
  });
}

document.querySelectorAll("[data-office-filter]").forEach(officeFilter);
