// Phase cues: a short tone (Web Audio), a vibration, and the spoken cue (speechSynthesis).
// Mobile browsers only allow sound and speech after a user gesture, so unlock() runs
// inside the "Start" tap. Muting silences tone and voice and is remembered on the device.

const MUTE_KEY = "decompress:muted";

function readMuted() {
  try {
    return window.localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false; // storage blocked (private mode): default to sound on
  }
}

export class Cues {
  constructor() {
    this.muted = readMuted();
    this.audio = null;
  }

  setMuted(muted) {
    this.muted = muted;
    try {
      window.localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
    } catch {
      // not remembered, but still applies to this page
    }
    if (muted) this.silence();
  }

  /** Call inside a user gesture (the Start tap). */
  unlock() {
    const AudioContextClass = window.AudioContext || window.webkitAudioContext;
    if (!this.audio && AudioContextClass) {
      try {
        this.audio = new AudioContextClass();
      } catch {
        this.audio = null;
      }
    }
    if (this.audio && this.audio.state === "suspended") {
      this.audio.resume().catch(() => {});
    }
  }

  tone(frequency = 660, seconds = 0.18, delay = 0) {
    if (this.muted || !this.audio) return;
    try {
      const now = this.audio.currentTime + delay;
      const oscillator = this.audio.createOscillator();
      const gain = this.audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.exponentialRampToValueAtTime(0.25, now + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + seconds);
      oscillator.connect(gain).connect(this.audio.destination);
      oscillator.start(now);
      oscillator.stop(now + seconds + 0.02);
    } catch {
      // no audio output: the text and the voice still carry the cue
    }
  }

  vibrate(pattern = 120) {
    if (typeof navigator.vibrate === "function" && navigator.userActivation?.hasBeenActive !== false) {
      try {
        navigator.vibrate(pattern);
      } catch {
        // unsupported
      }
    }
  }

  say(text) {
    if (this.muted || !text || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      utterance.rate = 0.95;
      window.speechSynthesis.speak(utterance);
    } catch {
      // speech unavailable
    }
  }

  silence() {
    if ("speechSynthesis" in window) {
      try {
        window.speechSynthesis.cancel();
      } catch {
        // nothing to cancel
      }
    }
  }

  /** One phase change (or one count of the countdown): tone, vibration, voice. */
  phase(cueText, frequency, toneSeconds) {
    this.tone(frequency, toneSeconds);
    this.vibrate();
    this.say(cueText);
  }

  /** The end of the release: a tone of its own (two rising notes), a longer buzz, voice. */
  end(cueText) {
    this.tone(784, 0.16);
    this.tone(1047, 0.32, 0.18);
    this.vibrate([120, 80, 240]);
    this.say(cueText);
  }
}
