// Progress of a job: the SSE stream (/api/v1/jobs/{id}/events) drives one bar per stage.
// The stream is read with fetch() so the API key header can travel; when it drops the watcher
// polls GET /api/v1/jobs/{id} and reconnects with a growing pause.
import { API, ApiError, JOB_ID, getJson, request } from './api.js';
import { h, clear } from './dom.js';

export const TERMINAL = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];

/** Parses a text/event-stream body into {event, data} objects. */
export async function* readEvents(res) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let event = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.search(/\r\n|\n|\r/)) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + (buf[nl] === '\r' && buf[nl + 1] === '\n' ? 2 : 1));
      if (line === '') {
        if (data.length) yield { event, data: data.join('\n') };
        event = 'message';
        data = [];
      } else if (line.startsWith(':')) {
        // comment / keep-alive
      } else {
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') event = val;
        else if (field === 'data') data.push(val);
      }
    }
  }
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/**
 * Follows one job until it ends. onJob(doc) gets every status document (snapshot or poll),
 * onStage(event) every stage event, onEnd(doc) the final status document once; onTransport(kind)
 * says 'sse', 'polling' or 'ended'. Returns {stop()}.
 */
export function watchJob(id, { onJob, onStage, onEnd, onTransport, onError }) {
  if (!JOB_ID.test(id)) throw new Error('bad job id');
  const ctl = new AbortController();
  const signal = ctl.signal;
  let ended = false;

  const finish = async () => {
    if (ended) return;
    ended = true;
    try {
      const doc = await getJson(`${API}/jobs/${id}`, { signal });
      onJob(doc);
      onEnd(doc);
    } catch (e) {
      if (e.name !== 'AbortError') onError?.(e);
    }
    onTransport?.('ended');
  };

  const poll = async () => {
    const doc = await getJson(`${API}/jobs/${id}`, { signal });
    onJob(doc);
    if (TERMINAL.includes(doc.status)) await finish();
  };

  (async () => {
    let drops = 0;
    while (!ended && !signal.aborted) {
      try {
        const res = await request(`${API}/jobs/${id}/events`, { signal, headers: { Accept: 'text/event-stream' } });
        onTransport?.('sse');
        for await (const ev of readEvents(res)) {
          drops = 0;
          let body;
          try { body = JSON.parse(ev.data); } catch { continue; }
          if (ev.event === 'snapshot') {
            onJob(body);
            if (TERMINAL.includes(body.status)) { await finish(); break; }
          } else if (ev.event === 'stage') {
            onStage(body);
          } else if (ev.event === 'job') {
            await finish();
            break;
          }
        }
      } catch (e) {
        if (e.name === 'AbortError' || signal.aborted) return;
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
          onError?.(e);
          ended = true;
          onTransport?.('ended');
          return;
        }
      }
      if (ended || signal.aborted) return;
      // The stream dropped before the job ended: poll until it is time to reconnect.
      drops++;
      onTransport?.('polling');
      const pause = Math.min(1000 * 2 ** (drops - 1), 15000);
      const until = Date.now() + pause;
      do {
        try { await poll(); } catch (e) { if (e.name === 'AbortError') return; }
        if (ended) return;
        await sleep(Math.min(2000, Math.max(0, until - Date.now())) || 250, signal);
      } while (Date.now() < until && !signal.aborted);
    }
  })();

  return { stop: () => ctl.abort() };
}

/** Text and state of one stage row from its status, progress and error. */
export function stageView(st, jobEnded) {
  const status = st.status || 'PENDING';
  const code = st.error && typeof st.error.code === 'string' ? st.error.code : null;
  const pct = Math.round(Math.max(0, Math.min(1, Number(st.progress) || 0)) * 100);
  switch (status) {
    case 'QUEUED': return { state: 'queued', text: 'queued', value: 0 };
    case 'RUNNING': return { state: 'running', text: `running ${pct} %`, value: pct };
    case 'COMPLETED': return { state: 'done', text: st.degraded ? 'done (degraded)' : 'done', value: 100 };
    case 'FAILED':
      if (code === 'ENGINE_UNAVAILABLE') return { state: 'unavailable', text: 'unavailable', value: 0, code };
      return { state: 'failed', text: `failed ${code || ''}`.trim(), value: pct, code };
    default:
      return jobEnded ? { state: 'skipped', text: 'not run', value: 0 } : { state: 'pending', text: 'waiting', value: 0 };
  }
}

/**
 * A card with the job's state and one progress bar per stage, kept current by watchJob.
 * opts: {fileName, pipeline, stages (names in order), onOpen(id)}.
 */
export function jobCard(id, opts) {
  const model = { status: 'QUEUED', stages: {} };
  for (const s of opts.stages || []) model.stages[s] = { status: 'PENDING' };
  const title = h('h4', { class: 'file-name', text: opts.fileName || 'upload' });
  const badge = h('span', { class: 'badge', 'data-role': 'job-status', text: model.status });
  const transport = h('span', { class: 'muted small', 'data-role': 'transport' });
  const rows = h('div', { class: 'stages' });
  const openBtn = h('button', { type: 'button', class: 'primary', text: 'Open', disabled: true,
    'aria-label': `Open results of ${opts.fileName || 'upload'}` });
  const card = h('article', { class: 'card job-card', 'data-job-id': id, 'data-status': model.status },
    h('header', { class: 'job-head' }, title, badge),
    h('p', { class: 'muted small' }, `${opts.pipeline || ''} · job ${id} · `, transport),
    rows, h('div', { class: 'actions' }, openBtn));
  openBtn.addEventListener('click', () => opts.onOpen?.(id));

  const render = () => {
    const ended = TERMINAL.includes(model.status);
    card.dataset.status = model.status;
    badge.textContent = model.status;
    badge.className = `badge status-${model.status.toLowerCase()}`;
    openBtn.disabled = !ended || model.status === 'CANCELLED';
    clear(rows);
    for (const [name, st] of Object.entries(model.stages)) {
      const v = stageView(st, ended);
      const labelId = `st-${id}-${name}`;
      rows.append(h('div', { class: `stage stage-${v.state}`, 'data-stage': name, 'data-state': v.state,
        'data-code': v.code || null },
      h('span', { class: 'stage-name', id: labelId, text: name }),
      h('progress', { max: 100, value: v.value, 'aria-labelledby': labelId }),
      h('span', { class: 'stage-text', text: v.text })));
    }
  };
  render();

  const watcher = watchJob(id, {
    onJob(doc) {
      if (typeof doc.status === 'string') model.status = doc.status;
      for (const [name, st] of Object.entries(doc.stages || {})) model.stages[name] = { ...st };
      render();
    },
    onStage(ev) {
      if (typeof ev.stage !== 'string') return;
      const st = model.stages[ev.stage] || (model.stages[ev.stage] = {});
      if (ev.type === 'STARTED') { st.status = 'RUNNING'; st.progress = 0; }
      else if (ev.type === 'PROGRESS') { st.status = 'RUNNING'; st.progress = ev.progress; }
      else if (ev.type === 'COMPLETED') { st.status = 'COMPLETED'; st.progress = 1; }
      else if (ev.type === 'FAILED') { st.status = 'FAILED'; st.error = ev.error; }
      if (ev.engine) st.engine = ev.engine;
      if (model.status === 'QUEUED') model.status = 'RUNNING';
      render();
    },
    onEnd(doc) {
      opts.onEnd?.(id, doc);
    },
    onTransport(kind) {
      transport.textContent = kind === 'sse' ? 'live' : kind === 'polling' ? 'reconnecting (polling)' : 'ended';
      card.dataset.transport = kind;
      if (kind === 'polling') card.dataset.drops = String(Number(card.dataset.drops || 0) + 1);
    },
    onError(e) {
      transport.textContent = `${e.code}: ${e.detail}`;
    },
  });
  card.stop = watcher.stop;
  return card;
}
