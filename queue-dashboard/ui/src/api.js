// The dashboard's JSON API: GETs, POSTs carrying the session's CSRF token, the bearer token
// when the server asks for one, and the live-counter stream (read with fetch, so it carries
// the same credentials as every other request).

const TOKEN_KEY = 'taskq.token';
let csrf = null;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function answer(res) {
  const text = await res.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { error: text };
  }
  if (!res.ok) throw new ApiError(res.status, body.error || `HTTP ${res.status}`);
  return body;
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  csrf = null;
}

export async function session() {
  const s = await answer(await fetch('/api/session', { headers: headers() }));
  csrf = s.csrfToken;
  return s;
}

export async function get(path) {
  return answer(await fetch(path, { headers: headers() }));
}

export async function post(path, body = {}) {
  if (!csrf) await session();
  return answer(await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', 'X-Taskq-Csrf': csrf }),
    body: JSON.stringify(body),
  }));
}

/** Calls onSample with every stats event until the returned function is called. */
export function live(onSample, onState) {
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch('/api/events', { headers: headers(), signal: controller.signal });
        if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6)).join('\n');
            if (data) onSample(JSON.parse(data));
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      onState(false);
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
  run();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}
