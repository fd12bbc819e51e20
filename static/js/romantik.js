// Romantik's own behaviour. No inline scripts: pages stay within a strict CSP.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
