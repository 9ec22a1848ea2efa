// Keep the screen on while a lean is timed: the phone lies on the floor, nobody touches it.
// The browser drops the lock whenever the tab is hidden, so it is asked for again when the
// tab comes back. Where the Screen Wake Lock API is missing (iOS home-screen web apps,
// older browsers) or the lock is refused (battery saver), onUnavailable is called, so the
// page can ask the partners to keep the screen on themselves; no hidden-video workaround.

export class ScreenAwake {
  /** @param {{onUnavailable?: () => void}} hooks */
  constructor({ onUnavailable } = {}) {
    this.sentinel = null;
    this.wanted = false;
    this.onUnavailable = onUnavailable || (() => {});
    document.addEventListener("visibilitychange", () => {
      if (this.wanted && document.visibilityState === "visible") this.acquire();
    });
  }

  get supported() {
    return "wakeLock" in navigator;
  }

  /** Call inside a user gesture. */
  request() {
    this.wanted = true;
    this.acquire();
  }

  release() {
    this.wanted = false;
    if (this.sentinel) {
      this.sentinel.release().catch(() => {});
      this.sentinel = null;
    }
  }

  acquire() {
    if (!this.supported) {
      this.onUnavailable();
      return;
    }
    if (this.sentinel && !this.sentinel.released) return;
    navigator.wakeLock
      .request("screen")
      .then((sentinel) => {
        this.sentinel = sentinel;
      })
      .catch(() => {
        // Refused (battery saver, unsupported): the timer still works, the screen may dim.
        this.sentinel = null;
        if (this.wanted) this.onUnavailable();
      });
  }
}
