// Upload: drag and drop or a file picker; one file is a job (POST /api/v1/jobs), several are a
// batch (POST /api/v1/batches). The size, count and type limits come from GET /api/v1/limits and
// are checked before anything is sent; the server still judges the content and its problem codes
// are shown as they come.
import { API, ApiError, getJson, postForm } from './api.js';
import { $, h, clear, fmtBytes } from './dom.js';
import { jobCard } from './progress.js';

// The options this page offers, and the pipelines whose stages read them.
const OPTION_STAGES = { language: 'transcription', num_speakers: 'transcription', lyrics: 'transcription' };

export class Uploader {
  constructor({ onOpen }) {
    this.onOpen = onOpen;
    this.limits = null;
    this.files = [];
    this.form = $('#upload-form');
    this.input = $('#file-input');
    this.zone = $('#drop-zone');
    this.errors = $('#upload-errors');
    this.pipeline = $('#pipeline');
    this.list = $('#progress-list');

    this.input.addEventListener('change', () => this.choose([...this.input.files]));
    for (const ev of ['dragenter', 'dragover']) {
      this.zone.addEventListener(ev, (e) => { e.preventDefault(); this.zone.classList.add('over'); });
    }
    for (const ev of ['dragleave', 'drop']) {
      this.zone.addEventListener(ev, () => this.zone.classList.remove('over'));
    }
    this.zone.addEventListener('drop', (e) => {
      e.preventDefault();
      this.choose([...(e.dataTransfer?.files || [])]);
    });
    this.pipeline.addEventListener('change', () => this.describePipeline());
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
  }

  async loadLimits() {
    try {
      this.limits = await getJson(`${API}/limits`);
    } catch (e) {
      $('#limits-text').textContent = 'The limits could not be read.';
      showProblems(this.errors, [e]);
      return;
    }
    const l = this.limits;
    const exts = (l.formats || []).map((f) => f.extension).filter(Boolean);
    $('#limits-text').textContent = `${exts.join(', ').toUpperCase()} · up to ${fmtBytes(l.maxUploadBytes)} and `
      + `${Math.round((l.maxDurationSeconds || 0) / 60)} min per file · batches of up to ${l.batch?.maxFiles} files, `
      + `${fmtBytes(l.batch?.maxBytes)} together`;
    this.input.accept = [...exts.map((e) => '.' + e), ...(l.formats || []).map((f) => f.contentType)].join(',');
    clear(this.pipeline);
    for (const p of l.pipelines || []) {
      this.pipeline.append(h('option', { value: p.name, text: p.name }));
    }
    if ((l.pipelines || []).some((p) => p.name === 'karaoke')) this.pipeline.value = 'karaoke';
    this.describePipeline();
  }

  pipelineInfo(name) {
    return (this.limits?.pipelines || []).find((p) => p.name === name);
  }

  describePipeline() {
    const p = this.pipelineInfo(this.pipeline.value);
    $('#pipeline-help').textContent = p ? `${p.description} (stages: ${p.stages.join(', ')})` : '';
    const stages = p ? p.stages : [];
    for (const [name, stage] of Object.entries(OPTION_STAGES)) {
      const input = this.form.elements[name];
      const used = stages.includes(stage);
      input.disabled = !used;
      input.closest('label').classList.toggle('unused', !used);
    }
  }

  /** Checks names, sizes, count and total against the server's limits. */
  check(files) {
    const l = this.limits || {};
    const exts = (l.formats || []).map((f) => f.extension.toLowerCase());
    const types = (l.formats || []).map((f) => f.contentType);
    const problems = [];
    const ok = [];
    for (const f of files) {
      const ext = f.name.includes('.') ? f.name.slice(f.name.lastIndexOf('.') + 1).toLowerCase() : '';
      const typeOk = exts.includes(ext) || (ext === 'mp4' && exts.includes('m4a'))
        || (f.type && types.includes(f.type)) || exts.length === 0;
      if (f.size === 0) problems.push(local('EMPTY_FILE', f.name, 'the file is empty'));
      else if (l.maxUploadBytes && f.size > l.maxUploadBytes) {
        problems.push(local('FILE_TOO_LARGE', f.name, `${fmtBytes(f.size)} is over the limit of ${fmtBytes(l.maxUploadBytes)}`));
      } else if (!typeOk) {
        problems.push(local('UNSUPPORTED_FORMAT', f.name, `accepted: ${exts.join(', ')}`));
      } else ok.push(f);
    }
    if (ok.length > 1 && l.batch) {
      if (ok.length > l.batch.maxFiles) problems.push(local('TOO_MANY_FILES', null, `at most ${l.batch.maxFiles} files per batch`));
      const total = ok.reduce((s, f) => s + f.size, 0);
      if (total > l.batch.maxBytes) problems.push(local('FILE_TOO_LARGE', null, `${fmtBytes(total)} together is over the batch limit of ${fmtBytes(l.batch.maxBytes)}`));
    }
    return { ok, problems };
  }

  choose(files) {
    this.files = files;
    const list = clear($('#chosen-files'));
    for (const f of files) list.append(h('li', {}, h('span', { class: 'file-name', text: f.name }), ` · ${fmtBytes(f.size)}`));
    const { problems } = this.check(files);
    showProblems(this.errors, problems);
  }

  options() {
    const o = {};
    for (const name of Object.keys(OPTION_STAGES)) {
      const input = this.form.elements[name];
      const v = input.value.trim();
      if (!input.disabled && v) o[name] = v;
    }
    return o;
  }

  async submit() {
    if (!this.limits) await this.loadLimits();
    const files = this.files.length ? this.files : [...this.input.files];
    if (!files.length) { showProblems(this.errors, [local('MISSING_FILE', null, 'choose or drop a recording first')]); return; }
    const { ok, problems } = this.check(files);
    if (problems.length) { showProblems(this.errors, problems); return; }
    showProblems(this.errors, []);
    const pipeline = this.pipeline.value;
    const button = $('#upload-button');
    button.disabled = true;
    button.textContent = 'Uploading…';
    try {
      const form = new FormData();
      form.append('pipeline', pipeline);
      for (const [k, v] of Object.entries(this.options())) form.append(k, v);
      if (ok.length === 1) {
        form.append('file', ok[0], ok[0].name);
        const job = await postForm(`${API}/jobs`, form);
        this.track(job.id, ok[0].name, pipeline, Object.keys(job.stages || {}));
      } else {
        for (const f of ok) form.append('files', f, f.name);
        const batch = await postForm(`${API}/batches`, form);
        const refused = [];
        for (const entry of batch.files || []) {
          if (entry.jobId) this.track(entry.jobId, entry.fileName, pipeline);
          else refused.push(new ApiError(entry.httpStatus || 400, entry.code, `${entry.fileName}: ${entry.detail || ''}`));
        }
        showProblems(this.errors, refused);
      }
      this.input.value = '';
      this.files = [];
      clear($('#chosen-files'));
    } catch (e) {
      showProblems(this.errors, [e]);
    } finally {
      button.disabled = false;
      button.textContent = 'Upload';
    }
  }

  track(id, fileName, pipeline, stages) {
    const card = jobCard(id, {
      fileName, pipeline,
      stages: stages && stages.length ? stages : this.pipelineInfo(pipeline)?.stages,
      onOpen: this.onOpen,
    });
    this.list.prepend(card);
  }
}

function local(code, fileName, detail) {
  const e = new ApiError(0, code, fileName ? `${fileName}: ${detail}` : detail);
  e.local = true;
  return e;
}

/** Shows problems as "CODE: detail" lines; the code is its own element so it can be found. */
export function showProblems(box, errors) {
  clear(box);
  for (const e of errors) {
    const code = e instanceof ApiError ? e.code : 'ERROR';
    const detail = e instanceof ApiError ? e.detail : String(e.message || e);
    box.append(h('p', { class: 'problem', 'data-code': code },
      h('strong', { class: 'problem-code', text: code }),
      e.status ? ` (${e.status})` : '', detail ? `: ${detail}` : ''));
  }
}
