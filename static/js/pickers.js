// Searchable pickers and cascades (romantik/widgets.py). No inline scripts: everything comes from the
// selects' data attributes. Without JavaScript the plain <select> is the picker, so a form always works.
//
//   data-picker="local"   every option is in the page: Tom Select searches them as you type.
//   data-picker="remote"  a long list: Tom Select asks data-picker-url (?q=…&page=…, 50 rows a page).
//   data-depends-on="x"   a cascade: when field x changes, the options are reloaded from data-picker-url
//                         with data-depends-param=<x's value> (the regencies of the province chosen).
//
// Tom Select (npm, through staticfiles) is loaded only on pages that have a picker: the URLs of its script
// and stylesheet are on this script's own tag (data-tom-select-js, data-tom-select-css).
(() => {
  const me = document.currentScript;
  const selects = Array.from(document.querySelectorAll("select[data-picker]"));
  if (!selects.length) return;

  const MAX_PAGES = 20; // a cascade's options: at most 20 pages of 50

  function fieldNamed(form, name) {
    return form ? form.querySelector(`[name="${CSS.escape(name)}"]`) : null;
  }

  async function fetchRows(url) {
    const rows = [];
    let next = url;
    for (let page = 0; next && page < MAX_PAGES; page += 1) {
      const response = await fetch(next, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) break;
      const body = await response.json();
      rows.push(...body.results);
      next = body.next;
    }
    return rows;
  }

  function replaceOptions(select, rows) {
    const chosen = new Set(Array.from(select.selectedOptions).map((o) => o.value));
    const empty = select.querySelector('option[value=""]');
    select.replaceChildren(...(empty ? [empty] : []));
    for (const row of rows) {
      const option = new Option(row.text, row.value, false, chosen.has(row.value));
      if (row.parent !== undefined) option.dataset.parent = row.parent;
      select.append(option);
    }
    const ts = select.tomselect;
    if (ts) {
      ts.clear(true);
      ts.clearOptions();
      ts.sync();
    }
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setupCascade(select) {
    const parent = fieldNamed(select.form, select.dataset.dependsOn);
    if (!parent || !select.dataset.pickerUrl) return;
    const param = select.dataset.dependsParam || "parent";
    let asked = 0;
    parent.addEventListener("change", async () => {
      const url = new URL(select.dataset.pickerUrl, window.location.href);
      if (parent.value) url.searchParams.set(param, parent.value);
      else url.searchParams.delete(param);
      asked += 1;
      const mine = asked;
      select.setAttribute("aria-busy", "true");
      try {
        const rows = await fetchRows(url.toString());
        if (mine === asked) replaceOptions(select, rows); // a later change wins
      } finally {
        if (mine === asked) select.removeAttribute("aria-busy");
      }
    });
  }

  function setupPicker(select) {
    const noResults = select.dataset.pickerNoResults || "";
    const typeMore = select.dataset.pickerType || "";
    const settings = {
      maxOptions: null,
      closeAfterSelect: !select.multiple,
      allowEmptyOption: !select.multiple && !!select.querySelector('option[value=""]'),
      plugins: select.multiple ? ["remove_button"] : [],
      render: {
        no_results: (data, escape) => `<div class="no-results">${escape(noResults)}</div>`,
      },
    };
    if (select.dataset.picker === "remote" && select.dataset.pickerUrl) {
      const base = select.dataset.pickerUrl;
      Object.assign(settings, {
        valueField: "value",
        labelField: "text",
        searchField: ["text"],
        maxOptions: 200,
        plugins: [...settings.plugins, "virtual_scroll"],
        shouldLoad: (query) => query.trim().length >= 2,
        firstUrl: (query) => {
          const url = new URL(base, window.location.href);
          url.searchParams.set("q", query);
          return url.toString();
        },
        load(query, callback) {
          fetch(this.getUrl(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then((response) => (response.ok ? response.json() : { results: [], next: null }))
            .then((body) => {
              if (body.next) this.setNextUrl(query, body.next);
              callback(body.results);
            })
            .catch(() => callback());
        },
      });
      settings.render.not_loading = (data, escape) => `<div class="no-results">${escape(typeMore)}</div>`;
    }
    const ts = new window.TomSelect(select, settings);
    // Tom Select points the field's <label> at its own input; the hidden <select> keeps its name too.
    const label = ts.control_input.id && document.querySelector(`label[for="${CSS.escape(ts.control_input.id)}"]`);
    if (label && label.id) select.setAttribute("aria-labelledby", label.id);
    // The <select> changed by something else (a restored draft, a test driving the select): show it.
    select.addEventListener("change", () => {
      const values = Array.from(select.selectedOptions).map((o) => o.value).filter((v) => v !== "");
      const items = ts.items.filter((v) => v !== "");
      if (values.join("\n") !== items.join("\n")) ts.sync();
    });
  }

  function loadTomSelect(done) {
    if (window.TomSelect) {
      done();
      return;
    }
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = me.dataset.tomSelectCss;
    document.head.append(css);
    const js = document.createElement("script");
    js.src = me.dataset.tomSelectJs;
    js.addEventListener("load", done);
    document.head.append(js);
  }

  selects.forEach(setupCascade);
  loadTomSelect(() => {
    selects.forEach((select) => {
      try {
        setupPicker(select);
      } catch (error) {
        console.error(error); // the plain <select> still works
      }
    });
    document.documentElement.dataset.pickersReady = "1";
  });
})();
