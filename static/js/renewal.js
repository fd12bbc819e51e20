// The review page of a renewal (templates/review/detail.html, submissions/renewal.py): the sections unchanged since
// the previous recommendation are collapsed (<details data-testid="section-unchanged">, opened by their summary
// without any script). Following a link to one of them (the renewal panel's "tidak berubah" list, or an address
// ending in #section-<key>) opens it, so the link never lands on a closed section. No inline scripts (CSP).
(function () {
  function openSection(hash) {
    if (!hash || hash.indexOf("#section-") !== 0) return;
    const section = document.getElementById(hash.slice(1));
    const details = section && section.querySelector(":scope > details[data-testid=section-unchanged]");
    if (details) details.open = true;
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#section-"]');
    if (link) openSection(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", () => openSection(window.location.hash));
  openSection(window.location.hash);
})();
