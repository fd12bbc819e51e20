// The waiting-room screen, a wall display that nobody operates. Every N seconds it fetches itself and swaps
// in the parts that changed, rather than reloading (a timed <meta> refresh): the screen never blanks, a
// network blink does not leave the browser's error page up for good, and the called number is announced
// through its live region.
const screen = document.querySelector("[data-screen-refresh]");
if (screen) {
  const seconds = Number(screen.dataset.screenRefresh) || 10;
  const update = async () => {
    let fresh;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
      if ([403, 404, 410].includes(response.status)) {
        window.location.reload(); // the screen's link was revoked (or the page is gone): show why
        return;
      }
      if (!response.ok) return; // a passing server error: try again next time
      fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (e) {
      return; // offline for a moment: try again next time
    }
    if (!fresh.querySelector("[data-screen-refresh]")) {
      window.location.reload(); // signed out (the log-in page came back): show it
      return;
    }
    document.querySelectorAll("[data-screen-part]").forEach((part) => {
      const next = fresh.querySelector(`[data-screen-part="${part.dataset.screenPart}"]`);
      if (next && next.innerHTML !== part.innerHTML) part.innerHTML = next.innerHTML;
    });
  };
  setInterval(update, seconds * 1000);
}
