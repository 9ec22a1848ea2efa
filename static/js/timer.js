// The lean's phase timer: the get-ready countdown (3, 2, 1), then lean-in → hold → release.
//
// Remaining time is always computed from the clock reading at start (performance.now()),
// never by counting ticks: timers in a hidden or throttled tab fire late, and a count
// would drift. Phase boundaries are fixed offsets from the start, shifted only by pauses.

export class PhaseTimer {
  /**
   * @param {{name: string, ms: number}[]} phases
   * @param {{now?: () => number, onPhase?: (phase: object) => void,
   *          onTick?: (state: object) => void, onDone?: () => void}} hooks
   */
  constructor(phases, { now = () => performance.now(), onPhase, onTick, onDone } = {}) {
    this.phases = phases;
    this.now = now;
    this.onPhase = onPhase || (() => {});
    this.onTick = onTick || (() => {});
    this.onDone = onDone || (() => {});
    this.startedAt = null;
    this.pausedAt = null;
    this.pausedTotal = 0;
    this.phaseIndex = -1;
    this.finished = false;
    this.frame = null;
    this.timeout = null;
    this.total = phases.reduce((sum, p) => sum + p.ms, 0);
    // Coming back to a hidden tab: redraw from the clock at once, not at the next tick.
    this.onVisibility = () => this.update();
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  get running() {
    return this.startedAt !== null && this.pausedAt === null && !this.finished;
  }

  get paused() {
    return this.pausedAt !== null;
  }

  elapsed() {
    if (this.startedAt === null) return 0;
    const at = this.pausedAt === null ? this.now() : this.pausedAt;
    return Math.max(0, at - this.startedAt - this.pausedTotal);
  }

  /** Where the timer is at this instant, computed from the clock. */
  state() {
    const elapsed = this.elapsed();
    let boundary = 0;
    for (let i = 0; i < this.phases.length; i += 1) {
      const phase = this.phases[i];
      if (elapsed < boundary + phase.ms) {
        const intoPhase = elapsed - boundary;
        return {
          index: i,
          name: phase.name,
          phaseMs: phase.ms,
          remainingMs: phase.ms - intoPhase,
          fraction: intoPhase / phase.ms,
          elapsed,
          done: false,
        };
      }
      boundary += phase.ms;
    }
    return { index: this.phases.length, name: "done", phaseMs: 0, remainingMs: 0, fraction: 1, elapsed, done: true };
  }

  /** @param {number} [at] when the person tapped Start (performance.now() in the tap), if known */
  start(at) {
    if (this.startedAt !== null) return;
    const now = this.now();
    this.startedAt = typeof at === "number" && at > 0 && at <= now ? at : now;
    this.update();
  }

  /**
   * Count on from what the server recorded: the timer has run `elapsedMs` (pauses left
   * out) and is running or paused now. A relative figure, so this phone's own clock setting
   * does not matter. Phases already announced are not announced again.
   * @param {"running"|"paused"} state
   * @param {number} elapsedMs
   */
  sync(state, elapsedMs) {
    if (this.finished) return;
    const now = this.now();
    this.startedAt = now - Math.max(0, elapsedMs);
    this.pausedTotal = 0;
    this.pausedAt = state === "paused" ? now : null;
    if (this.pausedAt === null) {
      this.update();
    } else {
      this.clear();
      const current = this.state();
      if (current.index !== this.phaseIndex && !current.done) {
        this.phaseIndex = current.index;
        this.onPhase(current);
      }
      this.onTick(current);
    }
  }

  pause() {
    if (!this.running) return;
    this.pausedAt = this.now();
    this.clear();
    this.onTick(this.state());
  }

  resume() {
    if (this.pausedAt === null) return;
    this.pausedTotal += this.now() - this.pausedAt;
    this.pausedAt = null;
    this.update();
  }

  destroy() {
    this.clear();
    this.finished = true;
    document.removeEventListener("visibilitychange", this.onVisibility);
  }

  clear() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.timeout !== null) clearTimeout(this.timeout);
    this.frame = null;
    this.timeout = null;
  }

  update() {
    if (!this.running) return;
    const state = this.state();
    if (state.index !== this.phaseIndex) {
      this.phaseIndex = state.index;
      if (!state.done) this.onPhase(state);
    }
    this.onTick(state);
    if (state.done) {
      this.destroy();
      this.onDone();
      return;
    }
    this.schedule();
  }

  schedule() {
    this.clear();
    if (!this.running) return;
    if (document.visibilityState !== "hidden") {
      // Visible: redraw every frame (and at once when the tab comes back).
      this.frame = requestAnimationFrame(() => this.update());
    }
    // Always also wake at the next phase boundary: animation frames stop in a hidden tab,
    // and the cues and the check-in must still come on time (or as soon as allowed).
    const state = this.state();
    this.timeout = setTimeout(() => this.update(), Math.max(0, state.remainingMs) + 5);
  }
}
