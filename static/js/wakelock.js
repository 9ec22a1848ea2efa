// Keep the screen on while a lean is timed: the phone lies on the floor, nobody touches it.
// The browser drops the lock whenever the tab is hidden, so it is asked for again when the
// tab comes back.

export class ScreenAwake {
  constructor() {
    this.sentinel = null;
    this.wanted = false;
    document.addEventListener("visibilitychange", () => {
      if (this.wanted && document.visibilityState === "visible") this.acquire();
    });
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
    if (!("wakeLock" in navigator) || (this.sentinel && !this.sentinel.released)) return;
    navigator.wakeLock
      .request("screen")
      .then((sentinel) => {
        this.sentinel = sentinel;
      })
      .catch(() => {
        // Refused (battery saver, unsupported): the timer still works, the screen may dim.
        this.sentinel = null;
      });
  }
}
