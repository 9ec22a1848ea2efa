// The live session across two phones: #step's poll, the answers that arrive after the page
// has moved on, a new version of the lean already shown, the sharing strip and the
// invitation's QR code, the log-in ending under an open page, and the joined phone's Join
// tap. liveSession() sets the listeners up once per page and owns what they remember.

/**
 * @param {{config: object, cues: object, awake: object,
 *          lean: {root: Element|null, follow: Function, stop: Function}}} page
 * @returns {{closeInviteWhenDone: (step: HTMLElement|null) => void}}
 */
export function liveSession({ config, cues, awake, lean }) {
  // The QR code has done its job once a phone has joined with it, or the session ended.
  let lastSharing = document.getElementById("step")?.dataset.sharing;
  const closeInviteWhenDone = (step) => {
    if (!step) return;
    const joinedNow = step.dataset.sharing === "joined" && lastSharing !== "joined";
    lastSharing = step.dataset.sharing;
    const slot = document.getElementById("invite");
    if (!slot?.firstElementChild) return;
    if (joinedNow || config.endedPanels?.includes(step.dataset.panel)) slot.replaceChildren();
  };

  // The sharing strip of a lean kept on the page (a phone joined, or sharing stopped, while
  // the lean runs): only the strip changes, so the timer and its cues carry on undisturbed.
  const followSharing = (step, incoming) => {
    const shown = step.querySelector(":scope > .sharing");
    const next = incoming.querySelector(":scope > .sharing");
    if (next) {
      const strip = document.importNode(next, true);
      if (shown) shown.replaceWith(strip);
      else step.querySelector(":scope > .step-progress")?.after(strip);
      window.htmx?.process(strip);
    } else {
      shown?.remove();
      document.getElementById("invite")?.replaceChildren(); // sharing stopped: no QR code
    }
    if (incoming.dataset.sharing) step.dataset.sharing = incoming.dataset.sharing;
    else delete step.dataset.sharing;
    closeInviteWhenDone(step);
  };

  // Both phones ask for news (#step's poll) with the version of the panel they show.
  document.addEventListener("htmx:configRequest", (event) => {
    const step = document.getElementById("step");
    if (event.detail.elt === step && event.detail.verb === "get" && step?.dataset.version) {
      event.detail.parameters.v = step.dataset.version;
    }
  });

  // An answer for an element another answer has already replaced (a poll asked before STOP,
  // answered after it) is dropped: the page already shows something newer, and the old
  // element's out-of-band swaps would look for their places in the detached panel. htmx
  // announces that answer on the detached element, where no event reaches the document, so
  // each requesting element gets its own listener.
  const guarded = new WeakSet();
  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    if (!elt || guarded.has(elt)) return;
    guarded.add(elt);
    elt.addEventListener("htmx:beforeSwap", (swap) => {
      if (!elt.isConnected) swap.detail.shouldSwap = false;
    });
  });

  // A new version of the lean already shown (started or paused on the other phone, or this
  // phone's own timer tap answered): keep the page, take the version and follow the timer.
  // Any other panel replaces this one.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const step = document.getElementById("step");
    if (!step || event.detail.target !== step || !event.detail.shouldSwap) return;
    const text = event.detail.serverResponse || "";
    const incoming = new DOMParser().parseFromString(text, "text/html").getElementById("step");
    const status = event.detail.xhr?.status;
    const timer = incoming?.querySelector("[data-timer]");
    if (timer && lean.root && status === 200 && incoming.dataset.panelKey === step.dataset.panelKey) {
      event.detail.shouldSwap = false;
      step.dataset.version = incoming.dataset.version;
      lean.follow(timer.dataset.timerState, Number(timer.dataset.timerMs) || 0);
      followSharing(step, incoming);
      return;
    }
    lean.stop();
  });

  // The log-in ended with this page open (logged out in another tab, say): the poll says so
  // (sessions.live_views.state) and the page stays, the lean and STOP with it; it shows how
  // to log in again, once.
  document.body.addEventListener("login-ended", () => {
    const notice = document.querySelector("[data-login-ended]");
    if (notice) notice.hidden = false;
  });

  // The receiver's phone: the Join tap is the gesture that lets it speak and keep its
  // screen on; the session then comes into this same page.
  document.addEventListener("submit", (event) => {
    if (event.target instanceof HTMLFormElement && event.target.matches("[data-join-form]")) {
      cues.unlock();
      awake.request();
    }
  });

  // The invitation's QR code closes without leaving the session page.
  document.addEventListener("click", (event) => {
    const close = event.target instanceof Element && event.target.closest("[data-invite-close]");
    const slot = close && close.closest("#invite");
    if (!slot) return;
    event.preventDefault();
    slot.replaceChildren();
    document.getElementById("step-title")?.focus();
  });

  return { closeInviteWhenDone };
}
