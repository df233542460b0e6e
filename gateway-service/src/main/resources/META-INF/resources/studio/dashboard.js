// Daily figures: GET /api/v1/reports/daily/{date} for past days (today from /reports/summary,
// since a day's report is built after it ends), the range's summary for failures and real-time
// factors, and the export links.
import { API, ApiError, apiKey, download, getJson } from './api.js';
import { $, h, clear } from './dom.js';
import { showProblems } from './upload.js';
import { barChart } from './charts.js';

const DAY = 86400000;
const iso = (d) => d.toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class Dashboard {
  constructor() {
    const today = new Date();
    $('#dash-to').value = iso(today);
    $('#dash-from').value = iso(new Date(today.getTime() - 6 * DAY));
    $('#dash-form').addEventListener('submit', (e) => { e.preventDefault(); this.load(); });
  }

  async day(date, today) {
    if (date < today) {
      try {
        return await getJson(`${API}/reports/daily/${date}`);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'REPORT_NOT_READY') throw e;
      }
    }
    return getJson(`${API}/reports/summary?from=${date}&to=${date}`);
  }

  async load() {
    const errors = $('#dash-errors');
    const body = clear($('#dash-body'));
    const from = $('#dash-from').value;
    const to = $('#dash-to').value;
    if (!DATE.test(from) || !DATE.test(to)) { showProblems(errors, [new ApiError(0, 'INVALID_DATE', 'pick both dates')]); return; }
    const days = [];
    for (let t = Date.parse(from); t <= Date.parse(to) && days.length < 92; t += DAY) days.push(iso(new Date(t)));
    if (!days.length) { showProblems(errors, [new ApiError(0, 'INVALID_RANGE', '"from" is after "to"')]); return; }
    showProblems(errors, []);
    body.append(h('p', { class: 'muted', role: 'status', text: 'Loading reports…' }));
    try {
      const today = iso(new Date());
      const [range, ...daily] = await Promise.all([
        getJson(`${API}/reports/summary?from=${from}&to=${to}`),
        ...days.map((d) => this.day(d, today))]);
      clear(body);
      this.render(body, days, daily, range, from, to);
    } catch (e) {
      clear(body);
      showProblems(errors, [e]);
    }
  }

  render(body, days, daily, range, from, to) {
    const jobs = range.jobs || {};
    body.append(h('p', { class: 'totals', 'data-role': 'totals' }, `${jobs.total ?? 0} jobs ended`,
      Object.entries(jobs.byStatus || {}).map(([s, n]) => ` · ${s} ${n}`)));

    const pipelines = [...new Set(daily.flatMap((r) => Object.keys(r.jobs?.byPipeline || {})))].sort();
    const perDay = pipelines.map((p) => ({ name: p, values: daily.map((r) =>
      Object.values(r.jobs?.byPipeline?.[p] || {}).reduce((s, n) => s + (Number(n) || 0), 0)) }));
    const charts = h('div', { class: 'charts' });
    charts.append(barChart({ title: 'Jobs per pipeline and day', categories: days.map((d) => d.slice(5)), series: perDay }));

    const codes = range.failures?.byCode || [];
    charts.append(barChart({ title: 'Failures by code (jobs)', categories: codes.map((c) => String(c.code)),
      series: [{ name: 'jobs', values: codes.map((c) => Number(c.jobs) || 0) },
        { name: 'stage failures', values: codes.map((c) => Number(c.stageFailures) || 0) }], stacked: false }));

    const rtf = (range.processingSeconds || []).filter((p) => p.realTimeFactor);
    charts.append(barChart({ title: 'Real-time factor per stage (stage seconds per audio second)',
      categories: rtf.map((p) => `${p.stage}/${p.engine}`),
      series: [{ name: 'mean', values: rtf.map((p) => p.realTimeFactor.mean) },
        { name: 'p90', values: rtf.map((p) => p.realTimeFactor.p90) }], stacked: false }));
    body.append(charts);

    const exports = h('ul', { class: 'links' });
    for (const fmt of ['csv', 'json']) {
      const href = `${API}/exports/jobs?from=${from}&to=${to}&format=${fmt}`;
      const name = `audiomesh-jobs-${from}-${to}.${fmt}`;
      const a = h('a', { href, download: name, 'data-format': fmt, text: `Export jobs as ${fmt.toUpperCase()}` });
      a.addEventListener('click', (e) => {
        if (!apiKey()) return;
        e.preventDefault();
        download(href, name).catch((err) => showProblems($('#dash-errors'), [err]));
      });
      exports.append(h('li', {}, a));
    }
    body.append(h('h3', { text: 'Exports' }), exports);
  }
}
