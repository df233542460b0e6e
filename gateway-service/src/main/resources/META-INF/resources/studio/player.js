// The player of a finished job: the karaoke mixer (stems with volume, mute and solo) or the speech
// A/B view (before and after enhancement), a waveform with the beat grid, the words highlighted
// as they are sung or spoken, the analysis figures and the downloads. Everything comes from
// /api/v1/jobs/{id}/results and the files it lists.
import { apiKey, download, isApiFileLink } from './api.js';
import { $$, append, h, clear, fmtTime } from './dom.js';
import { Mixer, peaks } from './mixer.js';

const STEM_ORDER = ['vocals', 'drums', 'bass', 'other'];

/** Words of a transcript.json in time order, each {word, start, end, speaker, segment}. */
export function flattenWords(transcript) {
  const words = [];
  (transcript?.segments || []).forEach((seg, si) => {
    (seg.words || []).forEach((w, wi) => {
      if (Number.isFinite(w.start) && Number.isFinite(w.end)) {
        words.push({ word: String(w.word ?? ''), start: w.start, end: w.end, speaker: seg.speaker, segment: si, key: `${si}:${wi}` });
      }
    });
  });
  words.sort((a, b) => a.start - b.start);
  return words;
}

/** Index of the word sounding at t (start <= t < end), or -1 between words. */
export function wordAt(words, t) {
  let lo = 0;
  let hi = words.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && t < words[found].end ? found : -1;
}

/**
 * Builds the player into container. spec: {mode: 'karaoke'|'speech', tracks: [{name, label, url}],
 * analysis, transcript, downloads: [{stage, name, href}], facts: [[label, value]]}.
 * Returns {destroy()}; exposes read-only state as window.audiomeshStudio.player.
 */
export async function mountPlayer(container, spec) {
  const mixer = new Mixer();
  const words = flattenWords(spec.transcript);
  const grid = spec.beatGrid !== false;
  const beats = grid && Array.isArray(spec.analysis?.beats) ? spec.analysis.beats.filter(Number.isFinite) : [];
  const downbeats = grid && Array.isArray(spec.analysis?.downbeats) ? spec.analysis.downbeats.filter(Number.isFinite) : [];
  const root = h('div', { class: `player player-${spec.mode}`, 'data-ready': 'false', 'data-playing': 'false',
    'data-current-word': '-1' });
  const status = h('p', { class: 'muted', role: 'status', text: 'Loading audio…' });
  root.append(status);
  container.append(root);

  let state = { index: -1, time: 0 };
  let raf = 0;
  const debug = {
    get ready() { return root.dataset.ready === 'true'; },
    get playing() { return mixer.playing; },
    get duration() { return mixer.duration; },
    get tracks() { return [...mixer.tracks.keys()]; },
    get words() { return words.map((w) => ({ ...w })); },
    time: () => mixer.time(),
    contextTime: () => mixer.ctx.currentTime,
    contextState: () => mixer.ctx.state,
    gain: (name) => mixer.gain(name),
    highlight: () => ({ ...state, word: words[state.index]?.word ?? null,
      start: words[state.index]?.start ?? null, end: words[state.index]?.end ?? null }),
    get ab() { return root.dataset.ab || null; },
  };
  window.audiomeshStudio.player = debug;

  try {
    await mixer.load(spec.tracks);
  } catch (e) {
    status.textContent = `The audio could not be loaded: ${e.code || ''} ${e.detail || e.message || ''}`.trim();
    status.setAttribute('role', 'alert');
    return { destroy: () => mixer.close() };
  }
  status.remove();

  // --- transport ---
  const playBtn = h('button', { type: 'button', class: 'primary play', 'aria-label': 'Play', text: 'Play',
    'data-role': 'play' });
  const clock = h('span', { class: 'clock', 'aria-live': 'off', text: `0:00.0 / ${fmtTime(mixer.duration)}` });
  const seek = h('input', { type: 'range', min: 0, max: mixer.duration, step: 0.1, value: 0, class: 'seek',
    'aria-label': 'Position (seconds)' });
  const setPlayLabel = () => {
    playBtn.textContent = mixer.playing ? 'Pause' : 'Play';
    playBtn.setAttribute('aria-label', mixer.playing ? 'Pause' : 'Play');
    root.dataset.playing = String(mixer.playing);
  };
  playBtn.addEventListener('click', async () => {
    if (mixer.playing) mixer.pause(); else await mixer.play();
    setPlayLabel();
  });
  mixer.onEnded = setPlayLabel;
  let dragging = false;
  seek.addEventListener('input', () => { dragging = true; });
  seek.addEventListener('change', async () => { dragging = false; await mixer.seek(Number(seek.value)); });

  // --- waveform with the beat grid ---
  const canvas = h('canvas', { class: 'waveform', tabindex: 0, role: 'img',
    'aria-label': `Waveform, ${fmtTime(mixer.duration)} long${grid ? `, ${beats.length} beats, ${downbeats.length} downbeats marked` : ''}. `
      + 'Click to seek; arrow keys move 5 seconds.' });
  const buffers = [...mixer.tracks.values()].map((t) => t.buffer);
  let env = null;
  const draw = (t) => {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const hgt = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== w || canvas.height !== hgt) { canvas.width = w; canvas.height = hgt; env = null; }
    if (!env) env = peaks(spec.mode === 'speech' ? buffers.slice(0, 1) : buffers, w);
    const g = canvas.getContext('2d');
    const css = getComputedStyle(canvas);
    g.clearRect(0, 0, w, hgt);
    const x = (s) => (s / mixer.duration) * w;
    g.fillStyle = css.getPropertyValue('--beat').trim() || '#bbb';
    for (const b of beats) g.fillRect(Math.round(x(b)), 0, Math.max(1, dpr), hgt);
    g.fillStyle = css.getPropertyValue('--downbeat').trim() || '#555';
    for (const b of downbeats) g.fillRect(Math.round(x(b)) - dpr, 0, 3 * dpr, hgt);
    const peak = Math.max(1e-6, ...env.max, ...env.min.map((v) => -v));
    const mid = hgt / 2;
    g.fillStyle = css.getPropertyValue('--wave').trim() || '#36c';
    for (let i = 0; i < w; i++) {
      const top = mid - (env.max[i] / peak) * mid * 0.95;
      const bot = mid - (env.min[i] / peak) * mid * 0.95;
      g.fillRect(i, top, 1, Math.max(1, bot - top));
    }
    g.fillStyle = css.getPropertyValue('--playhead').trim() || '#d22';
    g.fillRect(Math.round(x(t)) - dpr, 0, 2 * dpr, hgt);
  };
  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    mixer.seek(((e.clientX - r.left) / r.width) * mixer.duration);
  });
  canvas.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      mixer.seek(mixer.time() + (e.key === 'ArrowRight' ? 5 : -5));
    }
  });

  append(root, [h('div', { class: 'transport' }, playBtn, clock, seek), canvas,
    grid ? h('p', { class: 'muted small legend' }, h('span', { class: 'key-wave' }, 'waveform'), ' · ',
      h('span', { class: 'key-beat' }, `beats (${beats.length})`), ' · ',
      h('span', { class: 'key-downbeat' }, `downbeats (${downbeats.length})`)) : null]);

  // --- mixer or A/B ---
  if (spec.mode === 'karaoke') root.append(stemControls(mixer, spec.tracks, root));
  else root.append(abSwitch(mixer, spec.tracks, root));

  // --- words ---
  const wordEls = [];
  if (words.length) {
    const box = h('div', { class: `words words-${spec.mode}`, 'aria-label': spec.mode === 'karaoke' ? 'Lyrics' : 'Transcript',
      role: 'region' });
    const speakers = [...new Set((spec.transcript.segments || []).map((s) => String(s.speaker ?? '')))];
    const indexOf = new Map(words.map((w, i) => [w.key, i]));
    (spec.transcript.segments || []).forEach((seg, si) => {
      const line = h('p', { class: 'line' });
      if (spec.mode === 'speech') {
        const sp = String(seg.speaker ?? 'Unknown Speaker');
        line.append(h('span', { class: `speaker speaker-${speakers.indexOf(sp) % 8}`, text: sp }),
          h('span', { class: 'time muted', text: ` ${fmtTime(seg.start)}–${fmtTime(seg.end)} ` }));
      }
      for (let wi = 0; wi < (seg.words || []).length; wi++) {
        const i = indexOf.get(`${si}:${wi}`);
        if (i === undefined) continue;
        const b = h('button', { type: 'button', class: 'word', text: words[i].word, 'data-index': i,
          'data-start': words[i].start, 'data-end': words[i].end,
          'aria-label': `${words[i].word} at ${fmtTime(words[i].start)}` });
        b.addEventListener('click', () => mixer.seek(words[i].start));
        wordEls[i] = b;
        line.append(b, ' ');
      }
      box.append(line);
    });
    root.append(h('h3', { text: spec.mode === 'karaoke' ? 'Lyrics' : 'Transcript' }), box);
  } else if (spec.transcript) {
    root.append(h('p', { class: 'muted', text: 'The transcript has no timed words.' }));
  }

  // --- figures and downloads ---
  if (spec.facts?.length) {
    root.append(h('h3', { text: 'Analysis' }), h('dl', { class: 'facts' },
      spec.facts.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v, 'data-fact': k.toLowerCase() })])));
  }
  root.append(downloads(spec.downloads || []));

  // --- the clock drives everything ---
  const tick = () => {
    const t = mixer.time();
    clock.textContent = `${fmtTime(t)} / ${fmtTime(mixer.duration)}`;
    if (!dragging) seek.value = String(t);
    const i = wordAt(words, t);
    if (i !== state.index) {
      wordEls[state.index]?.classList.remove('current');
      wordEls[state.index]?.removeAttribute('aria-current');
      wordEls[i]?.classList.add('current');
      wordEls[i]?.setAttribute('aria-current', 'true');
      if (i >= 0 && mixer.playing) wordEls[i]?.scrollIntoView({ block: 'nearest' });
      root.dataset.currentWord = String(i);
    }
    state = { index: i, time: t };
    draw(t);
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
  root.dataset.ready = 'true';

  return {
    destroy() {
      cancelAnimationFrame(raf);
      mixer.close();
      if (window.audiomeshStudio.player === debug) window.audiomeshStudio.player = null;
    },
  };
}

/** Volume, mute and solo per stem; the effective gain is 0 when muted or another stem is soloed. */
function stemControls(mixer, tracks, root) {
  const s = {};
  for (const t of tracks) s[t.name] = { volume: 1, mute: false, solo: false };
  let karaoke = null;
  const apply = () => {
    karaoke?.setAttribute('aria-pressed', String(!!s.vocals?.mute));
    const anySolo = Object.values(s).some((x) => x.solo);
    for (const [name, x] of Object.entries(s)) {
      const g = x.mute || (anySolo && !x.solo) ? 0 : x.volume;
      mixer.setGain(name, g);
      root.querySelector(`[data-stem="${name}"]`)?.setAttribute('data-gain', String(g));
    }
  };
  const rows = tracks.map((t) => {
    const vol = h('input', { type: 'range', min: 0, max: 1, step: 0.01, value: 1,
      'aria-label': `${t.label} volume` });
    vol.addEventListener('input', () => { s[t.name].volume = Number(vol.value); apply(); });
    const mute = h('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', text: 'Mute',
      'aria-label': `Mute ${t.label}`, 'data-role': 'mute' });
    mute.addEventListener('click', () => {
      s[t.name].mute = !s[t.name].mute;
      mute.setAttribute('aria-pressed', String(s[t.name].mute));
      apply();
    });
    const solo = h('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', text: 'Solo',
      'aria-label': `Solo ${t.label}`, 'data-role': 'solo' });
    solo.addEventListener('click', () => {
      s[t.name].solo = !s[t.name].solo;
      solo.setAttribute('aria-pressed', String(s[t.name].solo));
      apply();
    });
    return h('div', { class: 'stem', 'data-stem': t.name, 'data-gain': '1' },
      h('span', { class: 'stem-name', text: t.label }), vol, mute, solo);
  });
  karaoke = h('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', text: 'Karaoke (vocals off)',
    'data-role': 'karaoke' });
  karaoke.addEventListener('click', () => $$('[data-stem="vocals"] [data-role="mute"]', root)[0]?.click());
  apply();
  return h('div', { class: 'mixer', role: 'group', 'aria-label': 'Stems' }, rows,
    tracks.some((t) => t.name === 'vocals') ? h('div', { class: 'actions' }, karaoke) : null);
}

/** A/B: before (original) and after (enhanced) play together; the switch picks the one heard. */
function abSwitch(mixer, tracks, root) {
  if (tracks.length < 2) {
    root.dataset.ab = tracks[0]?.name || '';
    return h('p', { class: 'muted', text: `Only the ${tracks[0]?.label || 'original'} recording is available.` });
  }
  const [a, b] = tracks;
  const group = h('fieldset', { class: 'ab' }, h('legend', { text: 'Listen to' }));
  const pick = (name) => {
    for (const t of tracks) mixer.setGain(t.name, t.name === name ? 1 : 0);
    root.dataset.ab = name;
  };
  for (const t of [a, b]) {
    const id = `ab-${t.name}`;
    const input = h('input', { type: 'radio', name: 'ab', id, value: t.name, 'data-role': `ab-${t.name}` });
    input.checked = t === b;
    input.addEventListener('change', () => pick(t.name));
    group.append(h('label', { for: id }, input, ` ${t.label}`));
  }
  pick(b.name);
  return group;
}

function downloads(list) {
  const section = h('section', { class: 'downloads' }, h('h3', { text: 'Downloads' }));
  if (!list.length) { section.append(h('p', { class: 'muted', text: 'No files.' })); return section; }
  const byStage = new Map();
  for (const d of list) {
    if (!isApiFileLink(d.href)) continue;
    if (!byStage.has(d.stage)) byStage.set(d.stage, []);
    byStage.get(d.stage).push(d);
  }
  for (const [stage, items] of byStage) {
    section.append(h('h4', { text: stage }), h('ul', { class: 'links' }, items.map((d) => {
      const a = h('a', { href: d.href, download: d.name, text: d.name });
      a.addEventListener('click', (e) => {
        if (!apiKey()) return; // a plain link works when no key is needed
        e.preventDefault();
        download(d.href, d.name).catch(() => {});
      });
      return h('li', {}, a);
    })));
  }
  return section;
}

export function clearPlayer(container) {
  clear(container);
}
