// Several decoded tracks played in sync with the Web Audio API: one AudioBufferSourceNode per
// track, each through its own GainNode into the destination. Play, pause and seek restart the
// sources at one common start time, so the tracks never drift apart.
import { getBytes } from './api.js';

export class Mixer {
  constructor() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    this.ctx = new Ctx();
    this.tracks = new Map(); // name -> {buffer, gain, source}
    this.offset = 0; // s into the tracks when paused, or where the current run started
    this.startedAt = 0; // ctx.currentTime when the current run started
    this.playing = false;
    this.duration = 0;
    this.onEnded = null;
  }

  /** Fetches and decodes every track; tracks: [{name, url}]. */
  async load(tracks, signal) {
    const decoded = await Promise.all(tracks.map(async (t) => {
      const bytes = await getBytes(t.url, signal);
      const buffer = await this.ctx.decodeAudioData(bytes);
      return [t.name, buffer];
    }));
    for (const [name, buffer] of decoded) {
      const gain = this.ctx.createGain();
      gain.connect(this.ctx.destination);
      this.tracks.set(name, { buffer, gain, source: null });
      this.duration = Math.max(this.duration, buffer.duration);
    }
  }

  buffer(name) {
    return this.tracks.get(name)?.buffer;
  }

  /** Seconds into the tracks now. */
  time() {
    if (!this.playing) return this.offset;
    return Math.min(this.duration, this.offset + (this.ctx.currentTime - this.startedAt));
  }

  async play() {
    if (this.playing) return;
    if (this.ctx.state !== 'running') await this.ctx.resume();
    if (this.offset >= this.duration - 0.01) this.offset = 0;
    const when = this.ctx.currentTime + 0.05; // every source starts on the same sample
    for (const t of this.tracks.values()) {
      const src = this.ctx.createBufferSource();
      src.buffer = t.buffer;
      src.connect(t.gain);
      src.start(when, Math.min(this.offset, t.buffer.duration));
      t.source = src;
    }
    this.startedAt = when;
    this.playing = true;
    this.endTimer = setInterval(() => {
      if (this.playing && this.time() >= this.duration) { this.stopSources(); this.offset = this.duration; this.onEnded?.(); }
    }, 100);
  }

  pause() {
    if (!this.playing) return;
    this.offset = this.time();
    this.stopSources();
  }

  stopSources() {
    for (const t of this.tracks.values()) {
      if (t.source) {
        try { t.source.stop(); } catch { /* not started */ }
        t.source.disconnect();
        t.source = null;
      }
    }
    this.playing = false;
    clearInterval(this.endTimer);
  }

  async seek(seconds) {
    const was = this.playing;
    if (was) this.stopSources();
    this.offset = Math.max(0, Math.min(this.duration, seconds));
    if (was) await this.play();
  }

  setGain(name, value) {
    const t = this.tracks.get(name);
    if (t) t.gain.gain.value = value;
  }

  /** What the track's gain node reads now. */
  gain(name) {
    const t = this.tracks.get(name);
    return t ? t.gain.gain.value : null;
  }

  close() {
    this.stopSources();
    this.ctx.close();
  }
}

/** Peak envelope (min, max per column) of the tracks summed, channel-averaged. */
export function peaks(buffers, columns) {
  const len = Math.max(...buffers.map((b) => b.length));
  const min = new Float32Array(columns);
  const max = new Float32Array(columns);
  const per = len / columns;
  const chans = buffers.map((b) => [...Array(b.numberOfChannels).keys()].map((c) => b.getChannelData(c)));
  for (let col = 0; col < columns; col++) {
    const from = Math.floor(col * per);
    const to = Math.min(len, Math.floor((col + 1) * per));
    let lo = 0;
    let hi = 0;
    // at most ~64 samples per column are read: enough for a picture, cheap for long files
    const step = Math.max(1, Math.floor((to - from) / 64));
    for (let i = from; i < to; i += step) {
      let v = 0;
      for (const ch of chans) {
        let s = 0;
        for (const d of ch) s += i < d.length ? d[i] : 0;
        v += s / ch.length;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[col] = lo;
    max[col] = hi;
  }
  return { min, max };
}
