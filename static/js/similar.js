// Duplicate detection as the agency types (templates/catalogue/_similar_live.html): the fields named in the
// box's data-similar-watch ("title=judul,sector=sektor"; "name=variabel+" adds to the stored variables) are
// sent, with the stored submission (data-similar-base), to catalogue:similar 400 ms after the last keystroke,
// and the list it renders replaces the box's. No JavaScript: the box shows the stored submission's list.
const box = document.querySelector("[data-similar-url]");
if (box) {
  const results = box.querySelector("[data-similar-results]");
  const inputs = (box.dataset.similarWatch || "")
    .split(",")
    .map((pair) => pair.split("="))
    .filter((pair) => pair.length === 2)
    .map(([field, param]) => [document.querySelector(`[name="${field}"]`), param])
    .filter(([input]) => input);
  const query = () => {
    const params = new URLSearchParams(box.dataset.similarBase || "");
    for (const [input, param] of inputs) {
      const adds = param.endsWith("+");
      const name = adds ? param.slice(0, -1) : param;
      const value = input.value.trim();
      if (!adds) params.delete(name);
      if (value) params.append(name, value);
    }
    return params.toString();
  };
  let shown = box.dataset.similarBase || "";
  let timer = null;
  let controller = null;
  const update = async () => {
    const wanted = query();
    if (wanted === shown) return;
    shown = wanted;
    if (controller) controller.abort();
    controller = new AbortController();
    box.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${box.dataset.similarUrl}?${wanted}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) {
        shown = null; // try again on the next change
        return;
      }
      const data = await response.json();
      results.innerHTML = data.html;
      box.dataset.similarCount = String(data.count);
    } catch (e) {
      // Aborted by a newer keystroke, or offline for a moment: the next change tries again.
    } finally {
      box.removeAttribute("aria-busy");
    }
  };
  for (const [input] of inputs) {
    input.addEventListener(input.tagName === "SELECT" ? "change" : "input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
  }
  // A page shown again with what was typed (a form with errors): its list, not the stored one.
  if (inputs.some(([input]) => input.value.trim())) update();
}
