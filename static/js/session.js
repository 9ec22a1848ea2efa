// The session page: wires the lean's timer, the cues, the mute toggle, STOP and the live
// two-phone parts to the markup. The server renders every panel; htmx swaps #step, and this
// module re-initialises whatever the new panel contains. Its settings come once per page
// from the JSON in #session-config (sessions/panels.py, session_script_config): the lean
// phases of every lean step, keyed by the step #step[data-step] shows, the get-ready
// countdown, and the words to show and say.
//
// The other modules export factories, not state: each object made here owns what it
// remembers, and gets what it needs from the page passed in.

import { Cues } from "./cues.js";
import { leanTimer } from "./lean.js";
import { liveSession } from "./live.js";
import { stopControls } from "./stop.js";
import { ScreenAwake } from "./wakelock.js";

const cues = new Cues();
const awake = new ScreenAwake({ onUnavailable: showWakeLockNotice });
const config = JSON.parse(document.getElementById("session-config")?.textContent || "{}");
const lean = leanTimer({ config, cues, awake });
const stop = stopControls({ config, cues, lean });
const live = liveSession({ config, cues, awake, lean });

function showWakeLockNotice() {
  const notice = document.querySelector("[data-wake-lock-notice]");
  if (!notice || notice.dataset.shown) return; // said once
  notice.dataset.shown = "1";
  notice.hidden = false;
}

function initPanel() {
  const step = document.getElementById("step");
  const root = step?.querySelector("[data-timer]");
  const plan = step && config.leans?.[step.dataset.step];
  if (lean.root && lean.root !== root) lean.stop();
  if (root && plan) lean.mount(root, plan);
  // Once the session has ended the screen may sleep again.
  const ended = config.endedPanels?.includes(step?.dataset.panel);
  if (ended) {
    awake.release();
    const notice = document.querySelector("[data-wake-lock-notice]");
    if (notice) notice.hidden = true;
  } else if (step && !awake.supported) {
    showWakeLockNotice(); // no Screen Wake Lock here: say so before the first lean
  }
}

function initMute() {
  const button = document.querySelector("[data-mute]");
  if (!button || button.dataset.ready) return;
  button.dataset.ready = "1";
  button.setAttribute("aria-pressed", String(cues.muted));
  button.addEventListener("click", () => {
    cues.setMuted(!cues.muted);
    button.setAttribute("aria-pressed", String(cues.muted));
  });
}

function panelInit() {
  let loaded = false; // the first run is the page's own load; later ones follow a swap

  return () => {
    // With JavaScript the panel follows by itself: no "Refresh" needed.
    for (const link of document.querySelectorAll("[data-refresh]")) link.hidden = true;
    initMute();
    stop.init();
    initPanel();
    // A panel swapped in after the first load takes the focus, so keyboard and
    // screen-reader users continue from its heading instead of from a button that no
    // longer exists.
    const step = document.getElementById("step");
    live.closeInviteWhenDone(step);
    if (step && !step.dataset.seen) {
      step.dataset.seen = "1";
      if (!stop.releaseFirst() && loaded) document.getElementById("step-title")?.focus();
    }
    loaded = true;
  };
}

const init = panelInit();
document.addEventListener("htmx:load", init);
document.addEventListener("htmx:afterSettle", init);

init();
