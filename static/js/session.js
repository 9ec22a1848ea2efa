// The session page: wires the timer, the cues, the mute toggle and the STOP shortcut to
// the markup. The server renders every panel; htmx swaps #step, and this module
// re-initialises whatever the new panel contains. Its settings come once per page from
// the JSON in #session-config (sessions/panels.py, session_script_config): the lean phases
// of every lean step, keyed by the step #step[data-step] shows, the get-ready countdown, and
// the words to show and say.

import { Cues } from "./cues.js";
import { PhaseTimer } from "./timer.js";
import { ScreenAwake } from "./wakelock.js";

const cues = new Cues();
const awake = new ScreenAwake({ onUnavailable: showWakeLockNotice });
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const config = JSON.parse(document.getElementById("session-config")?.textContent || "{}");
let current = null; // { timer, root }

// The tone of each phase; the words come from the config. The end of the release has a
// tone of its own (cues.end).
const TONES = { countdown: 880, lean_in: 523, hold: 659, release: 440 };
const COUNT_TONE_SECONDS = 0.1;

// The get-ready countdown before the lean-in: one phase a second, named "countdown", whose
// digits and voice say 3, 2, 1. It is no part of the lean's recorded time.
function countdownPhases() {
  const seconds = config.countdown?.seconds ?? 0;
  return Array.from({ length: seconds }, (_, i) => ({
    name: "countdown",
    label: config.countdown.label,
    seconds: 1,
    count: seconds - i,
    cue: String(seconds - i),
    ms: 1000,
    tone: TONES.countdown,
    toneSeconds: COUNT_TONE_SECONDS,
  }));
}

function showWakeLockNotice() {
  const notice = document.querySelector("[data-wake-lock-notice]");
  if (!notice || notice.dataset.shown) return; // said once
  notice.dataset.shown = "1";
  notice.hidden = false;
}

function mountTimer(root, plan) {
  if (root.dataset.ready) return;
  root.dataset.ready = "1";
  const countdown = countdownPhases();
  const phases = [
    ...countdown,
    ...plan.map((phase) => ({ ...phase, ms: phase.seconds * 1000, tone: TONES[phase.name] })),
  ];
  const leader = root.hasAttribute("data-timer-leader");
  const face = root.querySelector("[data-timer-face]");
  const phaseText = root.querySelector("[data-timer-phase]");
  const remaining = root.querySelector("[data-timer-remaining]");
  const ring = root.querySelector("[data-timer-ring]");
  const live = root.querySelector("[data-timer-live]");
  const controls = root.querySelector("[data-timer-controls]");
  const actionInput = root.querySelector("[data-timer-action]");
  const startButton = root.querySelector("[data-timer-start]");
  const pauseButton = root.querySelector("[data-timer-pause]");
  const waiting = root.querySelector("[data-timer-waiting]");
  const doneForm = root.closest("#step")?.querySelector("[data-timer-done]");

  if (controls) controls.hidden = false;
  // One way forward: the timer hands over to the check-in by itself, so "Done, released"
  // (the way without JavaScript) is not offered too.
  if (doneForm) doneForm.hidden = true;

  // The running phase, for the page's colours and pictures (#step[data-phase]) and for
  // assistive technology (the plan's item of that phase is the current step).
  const step = root.closest("#step");
  const markPhase = (name) => {
    if (step) step.dataset.phase = name;
    for (const item of root.querySelectorAll("[data-phase-item]")) {
      if (item.dataset.phaseItem === name) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    }
  };

  const render = (state) => {
    const seconds = phases[state.index]?.count ?? Math.ceil(state.remainingMs / 1000);
    remaining.textContent = String(seconds);
    let fraction = state.fraction;
    if (reducedMotion.matches && state.phaseMs) {
      // No smooth sweep: the ring moves once a second.
      fraction = Math.floor((state.phaseMs - state.remainingMs) / 1000) / (state.phaseMs / 1000);
    }
    ring.setAttribute("stroke-dashoffset", String(Math.min(100, Math.max(0, fraction * 100))));
  };

  const timer = new PhaseTimer(phases, {
    onPhase(state) {
      const phase = phases[state.index];
      markPhase(phase.name);
      phaseText.textContent = phase.label;
      live.textContent = phase.count
        ? `${phase.label}: ${phase.count}`
        : `${phase.label}: ${phase.seconds} ${config.seconds}`;
      cues.phase(phase.cue, phase.tone, phase.toneSeconds);
    },
    onTick: render,
    onDone() {
      markPhase("done");
      phaseText.textContent = config.done.label;
      live.textContent = config.done.label;
      cues.end(config.done.cue);
      // The leading phone hands over to the check-in: the same "Done" form a person
      // without JavaScript uses. The server's record says how long the lean ran.
      if (doneForm) doneForm.requestSubmit();
    },
  });

  // The face shows once the lean runs; the leader's buttons follow the state.
  const show = (state) => {
    face.hidden = false;
    if (waiting) waiting.hidden = true;
    if (startButton) startButton.hidden = true;
    if (pauseButton) {
      pauseButton.hidden = false;
      pauseButton.textContent = state === "paused" ? config.resume : config.pause;
    }
    if (state === "paused") {
      cues.silence();
      live.textContent = config.paused;
      phaseText.textContent = config.paused;
    } else {
      phaseText.textContent = phases[timer.state().index]?.label ?? config.done.label;
    }
  };

  // What the server recorded: the lean started, paused or resumed (on the other phone).
  // Both phones count from the server's record, the leading one too once its tap has been
  // recorded (it moves by that request's time), so the two agree whatever each one's delay.
  const follow = (state, elapsedMs) => {
    if (timer.finished || (state !== "running" && state !== "paused")) return;
    if (state === "running") awake.request();
    timer.sync(state, elapsedMs);
    show(state);
  };

  // The leader records each tap on the server (the form posts it with htmx; the answer
  // is this same panel, which `follow` reads).
  const record = (action) => {
    if (!actionInput) return;
    actionInput.value = action;
    actionInput.form.requestSubmit();
  };

  current = { timer, root, follow };

  startButton?.addEventListener("click", () => {
    // The lean starts at the tap, not after the audio set-up below (which can take tens of
    // milliseconds): read the clock first.
    const tappedAt = performance.now();
    cues.unlock();
    awake.request();
    timer.start(tappedAt);
    show("running");
    pauseButton.focus();
    record("start");
  });

  pauseButton?.addEventListener("click", () => {
    if (timer.paused) {
      timer.resume();
      show("running");
      record("resume");
    } else {
      timer.pause();
      show("paused");
      record("pause");
    }
  });

  follow(root.dataset.timerState, Number(root.dataset.timerMs) || 0);
}

function stopTimer() {
  if (current) {
    current.timer.destroy();
    current = null;
  }
}

function initPanel() {
  const step = document.getElementById("step");
  const root = step?.querySelector("[data-timer]");
  const plan = step && config.leans?.[step.dataset.step];
  if (current && (!root || current.root !== root)) stopTimer();
  if (root && plan) mountTimer(root, plan);
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

function isTyping(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

function initStop() {
  const form = document.querySelector("[data-stop-form]");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  const hint = form.querySelector("[data-stop-hint]");
  if (hint) hint.dataset.ready = "1";
  form.addEventListener("submit", () => {
    stopTapped = true;
    stopTimer();
    cues.silence();
    cues.say(config.stopCue);
    cues.vibrate([200, 100, 200]);
  });
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const isStopKey =
      event.key === "Escape" || (event.key.toLowerCase() === "s" && !isTyping(event.target));
    const current = document.querySelector("[data-stop-form]");
    if (!isStopKey || !current) return; // no STOP bar once the session has ended
    event.preventDefault();
    current.requestSubmit();
  });
}

// Release first: after STOP (or a stop rule) the release instruction shows alone, with
// the focus, for the release time; then the reason question and the aftercare appear.
function initReleaseFirst() {
  const release = document.querySelector("[data-release-now]");
  const after = document.querySelector("[data-after-release]");
  if (!release || !after || release.dataset.ready) return false;
  release.dataset.ready = "1";
  if (!stopTapped) {
    // Stopped by a rule, not by a tap on STOP: the voice says it here.
    cues.say(config.stopCue);
    cues.vibrate([200, 100, 200]);
  }
  stopTapped = false;
  after.hidden = true;
  release.focus();
  setTimeout(() => {
    after.hidden = false;
    document.getElementById("step-title")?.focus();
  }, config.releaseMs ?? 3000);
  return true;
}

// The QR code has done its job once a phone has joined with it, or the session ended.
let lastSharing = document.getElementById("step")?.dataset.sharing;
function closeInviteWhenDone(step) {
  if (!step) return;
  const joinedNow = step.dataset.sharing === "joined" && lastSharing !== "joined";
  lastSharing = step.dataset.sharing;
  const slot = document.getElementById("invite");
  if (!slot?.firstElementChild) return;
  if (joinedNow || config.endedPanels?.includes(step.dataset.panel)) slot.replaceChildren();
}

// The sharing strip of a lean kept on the page (a phone joined, or sharing stopped, while
// the lean runs): only the strip changes, so the timer and its cues carry on undisturbed.
function followSharing(step, incoming) {
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
}

let loaded = false;
let stopTapped = false;

function init() {
  // With JavaScript the panel follows by itself: no "Refresh" needed.
  for (const link of document.querySelectorAll("[data-refresh]")) link.hidden = true;
  initMute();
  initStop();
  initPanel();
  // A panel swapped in after the first load takes the focus, so keyboard and screen-reader
  // users continue from its heading instead of from a button that no longer exists.
  const step = document.getElementById("step");
  closeInviteWhenDone(step);
  if (step && !step.dataset.seen) {
    step.dataset.seen = "1";
    if (!initReleaseFirst() && loaded) document.getElementById("step-title")?.focus();
  }
  loaded = true;
}

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
  if (timer && current && status === 200 && incoming.dataset.panelKey === step.dataset.panelKey) {
    event.detail.shouldSwap = false;
    step.dataset.version = incoming.dataset.version;
    current.follow(timer.dataset.timerState, Number(timer.dataset.timerMs) || 0);
    followSharing(step, incoming);
    return;
  }
  stopTimer();
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

document.addEventListener("htmx:load", init);
document.addEventListener("htmx:afterSettle", init);

init();
