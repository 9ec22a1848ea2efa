// The session page: wires the timer, the cues, the mute toggle and the STOP shortcut to
// the markup. The server renders every panel; htmx swaps #step, and this module
// re-initialises whatever the new panel contains. Its settings come once per page from
// the JSON in #session-config (sessions/panels.py, session_script_config): the lean phases
// of every lean step, keyed by the step #step[data-step] shows, and the words to show and say.

import { Cues } from "./cues.js";
import { PhaseTimer } from "./timer.js";
import { ScreenAwake } from "./wakelock.js";

const cues = new Cues();
const awake = new ScreenAwake();
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const config = JSON.parse(document.getElementById("session-config")?.textContent || "{}");
let current = null; // { timer, root }

// The tone of each phase; the words come from the config.
const TONES = { lean_in: 523, hold: 659, release: 440, done: 784 };

function mountTimer(root, plan) {
  if (root.dataset.ready) return;
  root.dataset.ready = "1";
  const phases = plan.map((phase) => ({
    ...phase,
    ms: phase.seconds * 1000,
    tone: TONES[phase.name],
  }));
  const face = root.querySelector("[data-timer-face]");
  const phaseText = root.querySelector("[data-timer-phase]");
  const remaining = root.querySelector("[data-timer-remaining]");
  const ring = root.querySelector("[data-timer-ring]");
  const live = root.querySelector("[data-timer-live]");
  const controls = root.querySelector("[data-timer-controls]");
  const startButton = root.querySelector("[data-timer-start]");
  const pauseButton = root.querySelector("[data-timer-pause]");
  const doneForm = root.closest("#step")?.querySelector("[data-timer-done]");

  controls.hidden = false;

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
    const seconds = Math.ceil(state.remainingMs / 1000);
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
      live.textContent = `${phase.label}: ${phase.seconds} ${config.seconds}`;
      cues.phase(phase.cue, phase.tone);
    },
    onTick: render,
    onDone() {
      markPhase("done");
      phaseText.textContent = config.done.label;
      live.textContent = config.done.label;
      cues.phase(config.done.cue, TONES.done);
      // Hand over to the check-in: the same "Done" form a person without JavaScript uses.
      if (doneForm) doneForm.requestSubmit();
    },
  });
  current = { timer, root };

  startButton.addEventListener("click", () => {
    // The lean starts at the tap, not after the audio set-up below (which can take tens of
    // milliseconds): read the clock first.
    const tappedAt = performance.now();
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
      pauseButton.textContent = config.pause;
      phaseText.textContent = phases[timer.state().index]?.label ?? "";
      timer.resume();
    } else {
      timer.pause();
      cues.silence();
      pauseButton.textContent = config.resume;
      live.textContent = config.paused;
      phaseText.textContent = config.paused;
    }
  });
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
  if (config.endedPanels?.includes(step?.dataset.panel)) awake.release();
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

let loaded = false;
let stopTapped = false;

function init() {
  initMute();
  initStop();
  initPanel();
  // A panel swapped in after the first load takes the focus, so keyboard and screen-reader
  // users continue from its heading instead of from a button that no longer exists.
  const step = document.getElementById("step");
  if (step && !step.dataset.seen) {
    step.dataset.seen = "1";
    if (!initReleaseFirst() && loaded) document.getElementById("step-title")?.focus();
  }
  loaded = true;
}

document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.target?.id === "step") stopTimer();
});

document.addEventListener("htmx:load", init);
document.addEventListener("htmx:afterSettle", init);

init();
