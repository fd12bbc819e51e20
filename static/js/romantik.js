// Romantik's own behaviour. No inline scripts: pages stay within a strict CSP.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});

// --- Conditional questions -------------------------------------------------
// A field with data-show-if="other=v1|v2" is shown only while the field named
// `other` has one of those values. The server applies the same rule on save.
function currentValue(form, name) {
  const inputs = form.querySelectorAll(`[name="${name}"]`);
  for (const input of inputs) {
    if (input.type === "radio" || input.type === "checkbox") {
      if (input.checked) return input.value;
    } else {
      return input.value;
    }
  }
  return "";
}

function applyConditions(form) {
  form.querySelectorAll("[data-show-if]").forEach((input) => {
    const [other, values] = input.dataset.showIf.split("=");
    const wrapper = input.closest("[data-field]");
    if (!wrapper) return;
    wrapper.hidden = !values.split("|").includes(currentValue(form, other));
  });
}

// --- Drafts that are never lost --------------------------------------------
// Every change is copied to localStorage at once; every 30 s a dirty form is
// saved on the server. If the session has expired (401), the copy in the
// browser stays and is put back into the form when the page is opened again.
function formSnapshot(form) {
  const data = {};
  for (const [key, value] of new FormData(form).entries()) {
    if (key === "csrfmiddlewaretoken") continue;
    (data[key] ||= []).push(value);
  }
  return data;
}

function restoreSnapshot(form, data) {
  const names = new Set(Object.keys(data));
  form.querySelectorAll("input[name], select[name], textarea[name]").forEach((el) => {
    if (el.name === "csrfmiddlewaretoken" || el.type === "hidden" || el.type === "file") return;
    const values = data[el.name] || [];
    if (el.type === "radio" || el.type === "checkbox") {
      if (names.has(el.name) || el.type === "checkbox") el.checked = values.includes(el.value);
    } else if (el.multiple) {
      Array.from(el.options).forEach((o) => { o.selected = values.includes(o.value); });
    } else if (names.has(el.name)) {
      el.value = values[0];
    }
  });
}

function setupDraftForm(form) {
  const key = form.dataset.storageKey;
  const url = form.dataset.autosaveUrl;
  const status = form.querySelector("[data-autosave-status]");
  const say = (text) => { if (status && text) status.textContent = text; };
  let dirty = false;

  // The copy in this browser names the server version it was typed over (`base`).
  // If the server still has that version, the input never reached it: put it back.
  // If the server has a newer one, the input was saved (or kept with its errors): drop the copy.
  try {
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept && url && kept.base === form.dataset.savedAt) {
      restoreSnapshot(form, kept.data);
      dirty = true;
      const note = document.createElement("div");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.dataset.testid = "restored-note";
      note.textContent = form.dataset.restoredText;
      form.prepend(note);
    } else if (kept) {
      localStorage.removeItem(key);
    }
  } catch (e) { /* storage unavailable: the server copy is all we have */ }

  const keep = () => {
    dirty = true;
    try {
      localStorage.setItem(key, JSON.stringify({ base: form.dataset.savedAt, data: formSnapshot(form) }));
    } catch (e) { /* storage full */ }
  };
  form.addEventListener("input", keep);
  form.addEventListener("change", () => { keep(); applyConditions(form); });
  form.addEventListener("submit", () => { dirty = false; });

  const save = async () => {
    if (!dirty || !url) return;
    try {
      const response = await fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      const result = await response.json().catch(() => ({}));
      say(result.message || form.dataset.unsavedText);
      if (response.ok) {
        dirty = false;
        localStorage.removeItem(key);
        form.dataset.savedAt = result.saved_at;
        form.dispatchEvent(new CustomEvent("romantik:autosaved", { bubbles: true, detail: result }));
        form.querySelectorAll("[data-field]").forEach((wrapper) => {
          wrapper.classList.toggle("has-autosave-error", Boolean((result.errors || {})[wrapper.dataset.field]));
        });
      }
    } catch (e) {
      say(form.dataset.offlineText);
    }
  };
  setInterval(save, Number(form.dataset.autosaveSeconds || 30) * 1000);
  // Leaving the page with unsaved changes: one last save on the way out.
  window.addEventListener("pagehide", () => {
    if (dirty && url && navigator.sendBeacon) navigator.sendBeacon(url, new FormData(form));
  });
}

document.querySelectorAll("form.section-form").forEach((form) => {
  applyConditions(form);
  setupDraftForm(form);
});

// Confirmation for destructive buttons: <button data-confirm="…">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
