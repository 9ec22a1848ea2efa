// The session page: wires the timer, the cues, the mute toggle and the STOP shortcut to
// the markup through data- attributes. The server renders every panel; htmx swaps
// #step, and this module re-initialises whatever the new panel contains.

import { Cues } from "./cues.js";
import { PhaseTimer } from "./timer.js";
import { ScreenAwake } from "./wakelock.js";

const cues = new Cues();
const awake = new ScreenAwake();
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
let current = null; // { timer, root, snapshot }

// A read-only window onto the running timer, for people debugging and for browser tests.
window.__decompressTimer = {
  get phase() {
    return current ? current.root.dataset.phase || "ready" : null;
  },
  get displayedRemainingMs() {
    return current ? Number(current.root.dataset.remainingMs) : null;
  },
  get displayedAt() {
    return current ? current.snapshot.displayedAt : null;
  },
  get startedAt() {
    return current ? current.timer.startedAt : null;
  },
};

function mountTimer(root) {
  if (root.dataset.ready) return;
  root.dataset.ready = "1";
  const d = root.dataset;
  const phases = [
    { name: "lean_in", ms: Number(d.leanIn) * 1000, label: d.labelLeanIn, cue: d.cueLeanIn, tone: 523 },
    { name: "hold", ms: Number(d.hold) * 1000, label: d.labelHold, cue: d.cueHold, tone: 659 },
    { name: "release", ms: Number(d.release) * 1000, label: d.labelRelease, cue: d.cueRelease, tone: 440 },
  ];
  const face = root.querySelector("[data-timer-face]");
  const phaseText = root.querySelector("[data-timer-phase]");
  const remaining = root.querySelector("[data-timer-remaining]");
  const ring = root.querySelector("[data-timer-ring]");
  const live = root.querySelector("[data-timer-live]");
  const controls = root.querySelector("[data-timer-controls]");
  const startButton = root.querySelector("[data-timer-start]");
  const pauseButton = root.querySelector("[data-timer-pause]");
  const doneForm = root.closest("#step")?.querySelector("[data-timer-done]");
  const snapshot = { displayedAt: null };

  controls.hidden = false;

  const render = (state) => {
    const seconds = Math.ceil(state.remainingMs / 1000);
    remaining.textContent = String(seconds);
    let fraction = state.fraction;
    if (reducedMotion.matches && state.phaseMs) {
      // No smooth sweep: the ring moves once a second.
      fraction = Math.floor((state.phaseMs - state.remainingMs) / 1000) / (state.phaseMs / 1000);
    }
    ring.setAttribute("stroke-dashoffset", String(Math.min(100, Math.max(0, fraction * 100))));
    root.dataset.remainingMs = String(Math.round(state.remainingMs));
    snapshot.displayedAt = performance.now();
  };

  const timer = new PhaseTimer(phases, {
    onPhase(state) {
      const phase = phases[state.index];
      root.dataset.phase = phase.name;
      phaseText.textContent = phase.label;
      live.textContent = `${phase.label}: ${Math.round(phase.ms / 1000)} ${d.textSeconds}`;
      cues.phase(phase.cue, phase.tone);
    },
    onTick: render,
    onDone() {
      root.dataset.phase = "done";
      phaseText.textContent = d.labelDone;
      live.textContent = d.labelDone;
      cues.phase(d.cueDone, 784);
      // Hand over to the check-in: the same "Done" form a person without JavaScript uses.
      if (doneForm) doneForm.requestSubmit();
    },
  });
  current = { timer, root, snapshot };

  startButton.addEventListener("click", (event) => {
    // The lean starts at the tap, not after the audio set-up below (which can take tens of
    // milliseconds): the event's timeStamp is on the same clock as performance.now().
    const tappedAt = event.timeStamp;
    cues.unlock();
    awake.request();
    face.hidden = false;
    startButton.hidden = true;
    pauseButton.hidden = false;
    pauseButton.focus();
    timer.start(tappedAt);
  });

  pauseButton.addEventListener("click", () => {
    if (timer.paused) {
      pauseButton.textContent = d.textPause;
      timer.resume();
    } else {
      timer.pause();
      cues.silence();
      pauseButton.textContent = d.textResume;
      live.textContent = d.labelPaused;
      phaseText.textContent = d.labelPaused;
    }
  });
}

function stopTimer() {
  if (current) {
    current.timer.destroy();
    current = null;
  }
}

const ENDED = ["summary", "stopped", "abandoned"];

function initPanel() {
  const root = document.querySelector("[data-timer]");
  if (current && (!root || current.root !== root)) stopTimer();
  if (root) mountTimer(root);
  // Once the session has ended the screen may sleep again.
  if (ENDED.includes(document.getElementById("step")?.dataset.panel)) awake.release();
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
    stopTimer();
    cues.silence();
    cues.say(form.dataset.cue);
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

let loaded = false;

function init() {
  initMute();
  initStop();
  initPanel();
  // A panel swapped in after the first load takes the focus, so keyboard and screen-reader
  // users continue from its heading instead of from a button that no longer exists.
  const step = document.getElementById("step");
  if (step && !step.dataset.seen) {
    step.dataset.seen = "1";
    if (loaded) document.getElementById("step-title")?.focus();
  }
  loaded = true;
}

document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.target?.id === "step") stopTimer();
});

document.addEventListener("htmx:load", init);
document.addEventListener("htmx:afterSettle", init);

init();
