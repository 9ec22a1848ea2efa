// STOP: the bar's button, the Esc and S keys, and the release that comes first after a
// stop. The object stopControls() returns remembers whether this phone's STOP was tapped,
// so the voice says the stop cue once, whichever way the session stopped.

function isTyping(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/**
 * @param {{config: object, cues: object, lean: {stop: () => void}}} page
 */
export function stopControls({ config, cues, lean }) {
  let stopTapped = false; // this phone's STOP, until the release panel has shown

  const warn = () => {
    cues.say(config.stopCue);
    cues.vibrate([200, 100, 200]);
  };

  return {
    init() {
      const form = document.querySelector("[data-stop-form]");
      if (!form || form.dataset.ready) return;
      form.dataset.ready = "1";
      const hint = form.querySelector("[data-stop-hint]");
      if (hint) hint.dataset.ready = "1";
      form.addEventListener("submit", () => {
        stopTapped = true;
        lean.stop();
        cues.silence();
        warn();
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
    },

    // Release first: after STOP (or a stop rule) the release instruction shows alone, with
    // the focus, for the release time; then the reason question and the aftercare appear.
    // False when the panel has no release to show.
    releaseFirst() {
      const release = document.querySelector("[data-release-now]");
      const after = document.querySelector("[data-after-release]");
      if (!release || !after || release.dataset.ready) return false;
      release.dataset.ready = "1";
      if (!stopTapped) warn(); // stopped by a rule, not by a tap on STOP: say it here
      stopTapped = false;
      after.hidden = true;
      release.focus();
      setTimeout(() => {
        after.hidden = false;
        document.getElementById("step-title")?.focus();
      }, config.releaseMs ?? 3000);
      return true;
    },
  };
}
