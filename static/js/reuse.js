// Reuse of variables as the agency types (templates/catalogue/_variable_reuse.html): 400 ms after the last
// keystroke in the panel's search field, the offers for what is typed (catalogue:variable_reuse, at least three
// characters) replace the panel's, and the address keeps the search (?cari=) so "Back" and "Salin" return to it.
// No JavaScript: the field's form is a plain GET search of the same page.
{
  const panel = document.querySelector("[data-reuse-url]");
  const input = panel && panel.querySelector("input[name=cari]");
  if (panel && input) {
    const results = panel.querySelector("[data-reuse-results]");
    let shown = input.value.trim();
    let timer = null;
    let controller = null;
    const update = async () => {
      const wanted = input.value.trim();
      if (wanted === shown || (wanted.length > 0 && wanted.length < 3)) return;
      shown = wanted;
      if (controller) controller.abort();
      controller = new AbortController();
      panel.setAttribute("aria-busy", "true");
      try {
        const params = new URLSearchParams({ cari: wanted });
        const response = await fetch(`${panel.dataset.reuseUrl}?${params}`, {
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return;
        results.innerHTML = await response.text();
        const address = new URL(window.location.href);
        address.searchParams.delete("salin");
        if (wanted) address.searchParams.set("cari", wanted);
        else address.searchParams.delete("cari");
        window.history.replaceState(null, "", address);
      } catch (error) {
        if (error.name !== "AbortError") shown = null; // try again on the next keystroke
      } finally {
        panel.removeAttribute("aria-busy");
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
  }
}
