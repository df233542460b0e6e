// The gateway's /api/v1, and nothing else: every request goes through here.
// Errors arrive as RFC 9457 problem+json and are turned into ApiError with the problem's code.
// When the gateway asks for an API key (401), the page asks the user once and keeps the key in
// sessionStorage only; it travels as the X-Api-Key header.

const KEY_STORE = 'audiomesh.apiKey';
export const API = '/api/v1';

export class ApiError extends Error {
  constructor(status, code, detail, title) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.code = code || `HTTP_${status}`;
    this.detail = detail || title || '';
  }
}

export function apiKey() {
  try { return sessionStorage.getItem(KEY_STORE) || ''; } catch { return ''; }
}

function setApiKey(k) {
  try { if (k) sessionStorage.setItem(KEY_STORE, k); else sessionStorage.removeItem(KEY_STORE); } catch { /* storage off */ }
}

export function headers(extra = {}) {
  const k = apiKey();
  return k ? { ...extra, 'X-Api-Key': k } : extra;
}

let keyPrompt = null;

/** Asks for the API key with the page's dialog; resolves true when one was entered. */
export function askForKey(reason) {
  if (keyPrompt) return keyPrompt;
  const dialog = document.getElementById('key-dialog');
  const input = document.getElementById('key-input');
  keyPrompt = new Promise((resolve) => {
    const p = dialog.querySelector('p');
    if (reason) p.textContent = reason;
    input.value = '';
    const done = (ok) => {
      dialog.removeEventListener('close', onClose);
      document.getElementById('key-cancel').removeEventListener('click', onCancel);
      keyPrompt = null;
      resolve(ok);
    };
    const onClose = () => {
      const v = input.value.trim();
      if (dialog.returnValue === 'ok' && v) { setApiKey(v); done(true); } else done(false);
    };
    const onCancel = () => { dialog.returnValue = 'cancel'; dialog.close(); };
    dialog.addEventListener('close', onClose);
    document.getElementById('key-cancel').addEventListener('click', onCancel);
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
  return keyPrompt;
}

/** Reads a failed response as an ApiError (problem+json when the server sent one). */
export async function toError(res) {
  let body = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { body = await res.json(); } catch { body = null; }
  }
  if (body && typeof body === 'object') {
    return new ApiError(res.status, typeof body.code === 'string' ? body.code : null,
      typeof body.detail === 'string' ? body.detail : '', typeof body.title === 'string' ? body.title : '');
  }
  return new ApiError(res.status, null, res.statusText || 'request failed');
}

/**
 * fetch() against the gateway with the API key; a 401 asks for the key and retries once.
 * Returns the Response when it is ok; throws ApiError otherwise.
 */
export async function request(path, init = {}, retried = false) {
  if (!path.startsWith(API + '/') && !path.startsWith(API + '?')) throw new Error('not an API path: ' + path);
  let res;
  try {
    res = await fetch(path, { ...init, headers: headers(init.headers || {}) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', 'the gateway could not be reached');
  }
  if (res.status === 401 && !retried) {
    const err = await toError(res);
    const had = apiKey();
    const ok = await askForKey(had ? 'The API key was not accepted (' + err.code + '). Enter another one.'
      : 'This gateway asks for an API key. It is kept in this tab only (session storage).');
    if (ok) return request(path, init, true);
    throw err;
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export async function getJson(path, init) {
  const res = await request(path, init);
  return res.json();
}

export async function del(path) {
  await request(path, { method: 'DELETE' });
}

export async function postForm(path, form) {
  const res = await request(path, { method: 'POST', body: form });
  return res.json();
}

export async function getBytes(path, signal) {
  const res = await request(path, { signal });
  return res.arrayBuffer();
}

/** Only links to this API's own files are used as hrefs. */
export function isApiFileLink(href) {
  return typeof href === 'string' && /^\/api\/v1\/jobs\/[A-Za-z0-9-]+\/files\/[A-Za-z0-9._\/-]+$/.test(href)
    && !href.includes('..');
}

export const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Downloads through fetch (so the API key travels) and saves under the file's own name.
 * Without a key the link's own href works as well; this path is used when a key is set.
 */
export async function download(href, name) {
  const res = await request(href);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
