// The lean on the page: draws the clock of timer.js (PhaseTimer) on the panel's timer
// face, says each phase's cue, and gives the leading phone its Start and Pause buttons.
// PhaseTimer only keeps time; everything here is about the page and the server's record.
// One lean runs at a time: the object leanTimer() returns owns it.

import { PhaseTimer } from "./timer.js";

// Each phase's tone and words come from the config (the server's LeanPhase). The end of
// the release has a tone of its own (cues.end).
const COUNT_TONE_SECONDS = 0.1;

// The get-ready countdown before the lean-in: one phase a second, named "countdown", whose
// digits and voice say 3, 2, 1. It is no part of the lean's recorded time.
function countdownPhases(config) {
  const seconds = config.countdown?.seconds ?? 0;
  return Array.from({ length: seconds }, (_, i) => ({
    name: "countdown",
    label: config.countdown.label,
    seconds: 1,
    count: seconds - i,
    cue: String(seconds - i),
    ms: 1000,
    tone: config.countdown.tone,
    toneSeconds: COUNT_TONE_SECONDS,
  }));
}

function mount(root, plan, { config, cues, awake, reducedMotion }) {
  // The timer's states and taps as the server spells them (sessions.lean_timer).
  const STATES = config.timerStates;
  const ACTIONS = config.timerActions;
  const countdown = countdownPhases(config);
  const phases = [
    ...countdown,
    ...plan.map((phase) => ({ ...phase, ms: phase.seconds * 1000 })),
  ];
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
      pauseButton.textContent = state === STATES.paused ? config.resume : config.pause;
    }
    if (state === STATES.paused) {
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
    if (timer.finished || (state !== STATES.running && state !== STATES.paused)) return;
    if (state === STATES.running) awake.request();
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

  startButton?.addEventListener("click", () => {
    // The lean starts at the tap, not after the audio set-up below (which can take tens of
    // milliseconds): read the clock first.
    const tappedAt = performance.now();
    cues.unlock();
    awake.request();
    timer.start(tappedAt);
    show(STATES.running);
    pauseButton.focus();
    record(ACTIONS.start);
  });

  pauseButton?.addEventListener("click", () => {
    if (timer.paused) {
      timer.resume();
      show(STATES.running);
      record(ACTIONS.resume);
    } else {
      timer.pause();
      show(STATES.paused);
      record(ACTIONS.pause);
    }
  });

  return { timer, root, follow };
}

/**
 * The page's lean: at most one mounted at a time.
 * @param {{config: object, cues: object, awake: object}} page
 */
export function leanTimer({ config, cues, awake }) {
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  let current = null; // { timer, root, follow } of the lean on the page

  const stop = () => {
    if (current) {
      current.timer.destroy();
      current = null;
    }
  };

  return {
    /** The timer element of the lean on the page, if one is mounted. */
    get root() {
      return current?.root ?? null;
    },

    mount(root, plan) {
      if (root.dataset.ready) return;
      root.dataset.ready = "1";
      current = mount(root, plan, { config, cues, awake, reducedMotion });
      current.follow(root.dataset.timerState, Number(root.dataset.timerMs) || 0);
    },

    /** Count on from the server's record of the lean already on the page. */
    follow(state, elapsedMs) {
      current?.follow(state, elapsedMs);
    },

    stop,
  };
}
