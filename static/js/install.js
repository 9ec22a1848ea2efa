// Registers the service worker (decompress/installable.py): the back-care page stays
// readable offline and the others say plainly that a connection is needed.
const script = document.querySelector("script[data-service-worker]");
if ("serviceWorker" in navigator && script) {
  navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(() => {
    // No worker (private mode, a blocked scope): the site works as before, online.
  });
}
