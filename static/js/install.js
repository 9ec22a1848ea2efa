// Registers the service worker (decompress/installable.py): the back-care page stays
// readable offline and the others say plainly that a connection is needed. After the
// page has loaded, so installing it never competes with the page itself.
const script = document.querySelector("script[data-service-worker]");
if ("serviceWorker" in navigator && script) {
  const register = () =>
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(() => {
      // No worker (private mode, a blocked scope): the site works as before, online.
    });
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
