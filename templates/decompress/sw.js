{% autoescape off %}// Decompress's service worker (decompress/installable.py says what it may keep and why).
// It stores only the static assets and two pages without personal data; every other
// request goes to the network untouched, so health data is never kept on the device.
const CONFIG = {{ config }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CONFIG.cache);
      // Without cookies: the copies kept are the pages anyone would see.
      const requests = [...CONFIG.pages, ...CONFIG.assets].map(
        (url) => new Request(url, { credentials: "omit" }),
      );
      await cache.addAll(requests);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("decompress-") && name !== CONFIG.cache) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(url) {
  const cache = await caches.open(CONFIG.cache);
  // The pages vary on the cookie; the copy kept is the anonymous one whatever is asked.
  return cache.match(url, { ignoreVary: true, ignoreSearch: true });
}

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const path = new URL(request.url).pathname;
    if (CONFIG.pages.includes(path)) {
      const kept = await fromCache(path);
      if (kept) return kept;
    }
    return (await fromCache(CONFIG.offline)) || Response.error();
  }
}

async function staticAsset(request) {
  // Hashed names never change content: a kept copy is always right, and whatever static
  // file a page loads once is kept for the next time (a new deploy starts a new cache).
  const kept = await fromCache(request.url);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CONFIG.cache);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(staticAsset(request));
  }
});
{% endautoescape %}
