// The guest-book kiosk on the desk's tablet. The form goes back to empty when nobody has touched it for a
// while (the body's data-kiosk-idle seconds), so a visitor who walked away leaves nothing for the next one;
// the ticket shows a print button (window.print needs a script, which the Content-Security-Policy allows
// only from a file). Without JavaScript the ticket still clears itself through its meta refresh.
const body = document.body;
const home = body.dataset.kioskHome;
const idleSeconds = Number(body.dataset.kioskIdle) || 0;
if (home && idleSeconds > 0) {
  let timer;
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(() => window.location.replace(home), idleSeconds * 1000);
  };
  ["keydown", "input", "pointerdown", "touchstart", "focusin"].forEach((name) =>
    document.addEventListener(name, restart, { passive: true }),
  );
  restart();
}
document.querySelectorAll("[data-kiosk-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
