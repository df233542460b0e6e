// Recent jobs from GET /api/v1/jobs, newest first: open or delete each.
import { API, JOB_ID, del, getJson } from './api.js';
import { $, h, clear, fmtDate, notify } from './dom.js';
import { showProblems } from './upload.js';

const SIZE = 20;

export class JobList {
  constructor({ onOpen }) {
    this.onOpen = onOpen;
    this.page = 0;
    this.total = 0;
    $('#jobs-refresh').addEventListener('click', () => this.load());
    $('#jobs-prev').addEventListener('click', () => { if (this.page > 0) { this.page--; this.load(); } });
    $('#jobs-next').addEventListener('click', () => { if ((this.page + 1) * SIZE < this.total) { this.page++; this.load(); } });
  }

  async load() {
    const errors = $('#jobs-errors');
    const body = $('#jobs-table tbody');
    try {
      const list = await getJson(`${API}/jobs?page=${this.page}&size=${SIZE}`);
      showProblems(errors, []);
      this.total = Number(list.total) || 0;
      clear(body);
      for (const job of list.items || []) {
        if (!JOB_ID.test(job.id)) continue;
        const name = job.fileName || 'upload';
        const open = h('button', { type: 'button', text: 'Open', 'aria-label': `Open ${name}` });
        open.addEventListener('click', () => this.onOpen(job.id));
        const remove = h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete ${name}` });
        remove.addEventListener('click', () => this.remove(job.id, name));
        body.append(h('tr', { 'data-job-id': job.id, 'data-status': job.status },
          h('td', { class: 'file-name', text: name }),
          h('td', { text: job.pipeline }),
          h('td', {}, h('span', { class: `badge status-${String(job.status).toLowerCase()}`, text: job.status })),
          h('td', { text: fmtDate(job.createdAt) }),
          h('td', { class: 'row-actions' }, open, remove)));
      }
      if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 5, class: 'muted', text: 'No jobs yet.' })));
      const pages = Math.max(1, Math.ceil(this.total / SIZE));
      $('#jobs-page').textContent = `page ${this.page + 1} of ${pages} · ${this.total} jobs`;
      $('#jobs-prev').disabled = this.page === 0;
      $('#jobs-next').disabled = (this.page + 1) * SIZE >= this.total;
    } catch (e) {
      showProblems(errors, [e]);
    }
  }

  async remove(id, name) {
    if (!window.confirm(`Delete the job of "${name}" and its files?`)) return;
    try {
      await del(`${API}/jobs/${id}`);
      notify(`Deleted ${name}.`);
      await this.load();
    } catch (e) {
      showProblems($('#jobs-errors'), [e]);
    }
  }
}
