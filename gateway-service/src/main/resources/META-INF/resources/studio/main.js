// The studio: one page over /api/v1. Routes: #/upload, #/jobs, #/job/{id}, #/dashboard.
import { $, $$, notify } from './dom.js';
import { JOB_ID } from './api.js';
import { Uploader } from './upload.js';
import { JobList } from './jobs.js';
import { Dashboard } from './dashboard.js';
import { openJob, closeJob } from './job.js';

// Read-only state for tests and the curious; the page never reads it back.
const cspViolations = [];
window.audiomeshStudio = { cspViolations, player: null, route: null };
document.addEventListener('securitypolicyviolation', (e) => {
  cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});

const openJobRoute = (id) => { location.hash = `#/job/${encodeURIComponent(id)}`; };
const uploader = new Uploader({ onOpen: openJobRoute });
const jobs = new JobList({ onOpen: openJobRoute });
let dashboard = null;

function show(name) {
  for (const v of $$('.view')) v.hidden = v.id !== `view-${name}`;
  for (const a of $$('[data-route]')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  window.audiomeshStudio.route = name;
  document.body.dataset.route = name;
}

function route() {
  const hash = location.hash || '#/upload';
  const m = /^#\/job\/([^/]+)$/.exec(hash);
  if (m && JOB_ID.test(decodeURIComponent(m[1]))) {
    show('job');
    openJob(decodeURIComponent(m[1]));
    return;
  }
  closeJob();
  if (hash === '#/jobs') { show('jobs'); jobs.load(); }
  else if (hash === '#/dashboard') {
    show('dashboard');
    dashboard = dashboard || new Dashboard();
    dashboard.load();
  } else show('upload');
}

window.addEventListener('hashchange', () => { notify(''); route(); $('#main').focus({ preventScroll: true }); });
uploader.loadLimits();
route();
