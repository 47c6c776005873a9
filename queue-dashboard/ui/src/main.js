import { html } from 'htm/preact';
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, get, live, post, session, setToken } from './api.js';
import { Confirm } from './confirm.js';
import { Overview } from './overview.js';
import { QueuePage } from './queue.js';
import { TaskPage } from './task.js';
import { DlqPage, SchedulesPage, WorkersPage } from './others.js';
import './style.css';

const KEEP = 180;

function parseRoute() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || '') };
}

function useRoute() {
  const [route, setRoute] = useState(parseRoute());
  useEffect(() => {
    const on = () => { setRoute(parseRoute()); window.scrollTo(0, 0); };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

function useTheme() {
  const [theme, setTheme] = useState(localStorage.getItem('taskq.theme') || 'auto');
  // set while rendering, so the charts (whose effects run first) read the new colours
  document.documentElement.dataset.theme = theme;
  useEffect(() => localStorage.setItem('taskq.theme', theme), [theme]);
  return [theme, setTheme];
}

function Login({ onLogin, message }) {
  const [token, setValue] = useState('');
  return html`<main id="main" class="login"><form class="card" onSubmit=${(e) => {
    e.preventDefault(); onLogin(token);
  }}>
    <h1>taskq dashboard</h1>
    <p>${message}</p>
    <label for="token">Access token</label>
    <input id="token" type="password" autocomplete="current-password" value=${token}
      onInput=${(e) => setValue(e.target.value)} required />
    <button type="submit" class="primary">Sign in</button>
  </form></main>`;
}

function App() {
  const route = useRoute();
  const [theme, setTheme] = useTheme();
  const [me, setMe] = useState(null);
  const [needLogin, setNeedLogin] = useState(null);
  const [queues, setQueues] = useState([]);
  const [samples, setSamples] = useState([]);
  const [connected, setConnected] = useState(false);
  const [toast, setToast] = useState(null);
  const [ask, setAsk] = useState(null);
  const [version, setVersion] = useState(0);

  const start = useCallback(() => {
    session().then((s) => { setMe(s); setNeedLogin(null); }).catch((e) => {
      if (e instanceof ApiError && e.status === 401) setNeedLogin('This dashboard needs a token.');
      else setNeedLogin(`Cannot reach the dashboard: ${e.message}`);
    });
  }, []);
  useEffect(start, []);

  useEffect(() => {
    if (!me) return undefined;
    get('/api/queues').then((r) => setQueues(r.queues)).catch(() => {});
    get('/api/history').then((h) => setSamples(h.samples.filter((s) => !s.error))).catch(() => {});
    return live((s) => {
      if (s.error) return;
      setQueues(s.queues);
      setSamples((old) => [...old.slice(-(KEEP - 1)), s]);
      setVersion((v) => v + 1);
    }, setConnected);
  }, [me]);

  const notify = useCallback((text, bad = false) => {
    setToast({ text, bad });
    setTimeout(() => setToast((t) => (t && t.text === text ? null : t)), 6000);
  }, []);

  const confirm = useCallback((q) => new Promise((resolve) => setAsk({ ...q, resolve })), []);

  const onPause = useCallback(async (queue, pause) => {
    try {
      await post(`/api/queues/${encodeURIComponent(queue)}/${pause ? 'pause' : 'resume'}`);
      notify(`${pause ? 'Paused' : 'Resumed'} queue ${queue}`);
      const r = await get('/api/queues');
      setQueues(r.queues);
    } catch (e) {
      notify(`Failed: ${e.message}`, true);
    }
  }, []);

  useEffect(() => {
    const onKey = (e) => {
      if (e.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName)) {
        const s = document.getElementById('search-text');
        if (s) { e.preventDefault(); s.focus(); }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (needLogin) {
    return html`<${Login} message=${needLogin} onLogin=${(t) => { setToken(t); start(); }} />`;
  }
  if (!me) return html`<main id="main"><p class="muted">Loading…</p></main>`;

  const [first, second] = route.parts;
  let page;
  if (first === 'queues' && second) {
    page = html`<${QueuePage} name=${second} state=${route.params.get('state') || 'pending'}
      queue=${queues.find((q) => q.queue === second)} confirm=${confirm} notify=${notify}
      onPause=${onPause} version=${version} />`;
  } else if (first === 'tasks' && second) {
    page = html`<${TaskPage} id=${second} confirm=${confirm} notify=${notify}
      showResults=${me.showResults} />`;
  } else if (first === 'workers') {
    page = html`<${WorkersPage} version=${version} />`;
  } else if (first === 'schedules') {
    page = html`<${SchedulesPage} version=${version} />`;
  } else if (first === 'dlq') {
    page = html`<${DlqPage} queues=${queues} />`;
  } else {
    page = html`<${Overview} queues=${queues} samples=${samples} onPause=${onPause}
      theme=${theme} />`;
  }
  const nav = [['/', 'Overview'], ['/dlq', 'Dead letters'], ['/workers', 'Workers'],
    ['/schedules', 'Schedules']];
  const here = `/${first || ''}`;
  return html`
    <header class="top">
      <a class="brand" href="#/">taskq</a>
      <nav aria-label="Main"><ul>
        ${nav.map(([p, label]) => html`<li><a href=${`#${p}`}
          aria-current=${here === p ? 'page' : undefined}>${label}</a></li>`)}
      </ul></nav>
      <span class=${`live ${connected ? 'on' : 'off'}`} title="live counters">
        ${connected ? 'live' : 'offline'}</span>
      <label class="theme"><span class="sr">Theme</span>
        <select value=${theme} onChange=${(e) => setTheme(e.target.value)} aria-label="Theme">
          <option value="auto">Auto</option><option value="light">Light</option>
          <option value="dark">Dark</option></select></label>
      <span class="muted user">${me.user}</span>
    </header>
    <main id="main" tabindex="-1">${page}</main>
    <div class="toast-box" role="status" aria-live="polite">
      ${toast && html`<div class=${`toast ${toast.bad ? 'bad' : ''}`}>${toast.text}</div>`}</div>
    <${Confirm} ask=${ask} onDone=${(ok) => { if (ask) ask.resolve(ok); setAsk(null); }} />`;
}

render(html`<${App} />`, document.getElementById('app'));
