// One job: its state, then the karaoke player (stems) or the speech view (before/after), with the
// analysis figures and every file the results list.
import { API, JOB_ID, getJson, isApiFileLink } from './api.js';
import { $, h, clear, fmtDate } from './dom.js';
import { showProblems } from './upload.js';
import { mountPlayer } from './player.js';
import { jobCard, TERMINAL } from './progress.js';

const STEMS = [['vocals', 'Vocals'], ['drums', 'Drums'], ['bass', 'Bass'], ['other', 'Other']];
const INPUT_EXTENSION = { wav: 'wav', mp3: 'mp3', flac: 'flac', ogg: 'ogg', mp4: 'm4a' };

let current = null;

export function closeJob() {
  current?.destroy();
  current = null;
  clear($('#job-body'));
}

export async function openJob(id) {
  closeJob();
  const body = $('#job-body');
  const errors = $('#job-errors');
  showProblems(errors, []);
  if (!JOB_ID.test(id)) { $('#job-title').textContent = 'Job'; return; }
  let view = { destroy() {} };
  current = { destroy: () => view.destroy() };
  const me = current;
  try {
    const job = await getJson(`${API}/jobs/${id}`);
    if (current !== me) return;
    $('#job-title').textContent = job.input?.fileName || 'Job';
    body.append(h('p', { class: 'muted' }, `${job.pipeline} · `,
      h('span', { class: `badge status-${String(job.status).toLowerCase()}`, 'data-role': 'job-status', text: job.status }),
      ` · created ${fmtDate(job.createdAt)}`));
    if (!TERMINAL.includes(job.status)) {
      const card = jobCard(id, { fileName: job.input?.fileName, pipeline: job.pipeline, stages: Object.keys(job.stages || {}),
        onOpen: () => openJob(id) });
      body.append(card);
      view = { destroy: () => card.stop() };
      return;
    }
    const results = await getJson(`${API}/jobs/${id}/results`);
    if (current !== me) return;
    view = await mountResults(body, job, results);
  } catch (e) {
    if (current === me) showProblems(errors, [e]);
  }
}

async function mountResults(body, job, results) {
  const stages = results.stages || {};
  const files = (stage) => stages[stage]?.files || {};
  const failures = Object.entries(stages).filter(([, s]) => s.error);
  if (failures.length) {
    body.append(h('ul', { class: 'stage-failures' }, failures.map(([name, s]) =>
      h('li', { 'data-stage': name, 'data-code': String(s.error.code || '') },
        h('strong', { text: `${name}: ${s.error.code || 'FAILED'}` }), s.error.message ? ` — ${s.error.message}` : ''))));
  }
  const downloadList = [];
  for (const [stage, s] of Object.entries(stages)) {
    for (const [name, href] of Object.entries(s.files || {})) downloadList.push({ stage, name, href });
  }
  const analysis = stages.analysis?.result || null;
  let transcript = null;
  const tHref = files('transcription')['transcript.json'];
  if (isApiFileLink(tHref)) {
    try { transcript = await getJson(tHref); } catch { transcript = null; }
  }
  const stemTracks = STEMS.filter(([n]) => isApiFileLink(files('separation')[`${n}.wav`]) || isApiFileLink(files('separation')[`${n}.flac`]))
    .map(([n, label]) => ({ name: n, label, url: files('separation')[`${n}.wav`] || files('separation')[`${n}.flac`] }));
  const ext = INPUT_EXTENSION[job.input?.format] || 'wav';
  const original = { name: 'original', label: 'Before (original)', url: `${API}/jobs/${job.id}/files/input/source.${ext}` };
  const enhancedHref = files('enhancement')['enhanced.wav'];

  let mode;
  let tracks;
  if (stemTracks.length) {
    mode = 'karaoke';
    tracks = stemTracks;
  } else {
    mode = 'speech';
    tracks = [original];
    if (isApiFileLink(enhancedHref)) tracks.push({ name: 'enhanced', label: 'After (enhanced)', url: enhancedHref });
  }
  const section = h('section', { class: `result result-${mode}`, 'aria-label': mode === 'karaoke' ? 'Karaoke player' : 'Speech view' });
  body.append(section);
  const music = !['speech', 'enhancement', 'transcription'].includes(job.pipeline);
  return mountPlayer(section, { mode, tracks, analysis, transcript, beatGrid: music, downloads: downloadList,
    facts: facts(analysis, stages, music) });
}

function num(v, digits) {
  return Number.isFinite(v) ? v.toFixed(digits) : null;
}

/** The analysis figures a listener cares about, as [label, text]. */
function facts(a, stages, music) {
  const out = [];
  if (a && music) {
    const tempo = num(a.tempo_bpm, 1);
    out.push(['Tempo', tempo ? `${tempo} BPM${a.time_signature ? `, ${a.time_signature}` : ''}` : `none${a.reason ? ` (${a.reason})` : ''}`]);
    if (a.key) out.push(['Key', `${a.key} ${a.mode || ''}`.trim()]);
  }
  if (a) {
    const l = a.loudness || {};
    const lufs = num(l.integrated_lufs, 1);
    out.push(['Loudness', lufs ? `${lufs} LUFS, range ${num(l.loudness_range_lu, 1) ?? '?'} LU, true peak ${num(l.true_peak_dbtp, 1) ?? '?'} dBTP` : 'silent']);
    if (a.noise?.class) out.push(['Noise', `${a.noise.class}${Number.isFinite(a.noise.confidence) ? ` (${Math.round(a.noise.confidence * 100)} %)` : ''}`]);
  }
  const engines = Object.entries(stages).filter(([, s]) => s.engine).map(([n, s]) => `${n}: ${s.engine}${s.degraded ? ' (degraded)' : ''}`);
  if (engines.length) out.push(['Engines', engines.join(', ')]);
  return out;
}
