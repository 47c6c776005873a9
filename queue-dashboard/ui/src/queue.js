import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get, post } from './api.js';
import { STATES, StateBadge, ago, fmtNum, fmtSeconds, link } from './util.js';

const PAGE = 25;

function when(t) {
  return t.dueAt || t.diedAt || t.finishedAt || t.startedAt || t.createdAt;
}

export function QueuePage({ name, state, queue, confirm, notify, onPause, version }) {
  const [page, setPage] = useState(null);
  const [offset, setOffset] = useState(0);
  const [search, setSearch] = useState({ by: 'task', text: '' });
  const [applied, setApplied] = useState({ by: 'task', text: '' });
  const [selected, setSelected] = useState(new Set());
  const [error, setError] = useState(null);
  const [reload, setReload] = useState(0);

  useEffect(() => { setOffset(0); setSelected(new Set()); }, [name, state, applied]);

  useEffect(() => {
    const q = new URLSearchParams({ state, offset: String(offset), limit: String(PAGE) });
    if (applied.text) q.set(applied.by === 'id' ? 'id' : 'task', applied.text);
    get(`/api/queues/${encodeURIComponent(name)}/tasks?${q}`)
      .then((p) => { setPage(p); setError(null); })
      .catch((e) => setError(e.message));
  }, [name, state, offset, applied, reload, version]);

  const dead = state === 'dead';
  const ids = [...selected];
  const filter = applied.text && applied.by === 'task' ? { task: applied.text } : null;

  async function dlq(action, body, what) {
    const ok = await confirm({
      title: `${action === 'replay' ? 'Replay' : 'Delete'} ${what}?`,
      text: action === 'replay'
        ? 'The tasks go back to pending with their retries reset; workers will run them again.'
        : 'The tasks are removed from the dead-letter queue for good.',
      action: action === 'replay' ? 'Replay' : 'Delete', danger: action === 'delete',
    });
    if (!ok) return;
    try {
      const r = await post(`/api/queues/${encodeURIComponent(name)}/dlq/${action}`, body);
      notify(`${action === 'replay' ? 'Replayed' : 'Deleted'} ${r.replayed ?? r.deleted} of`
        + ` ${r.matched} dead task(s) of ${name}`);
      setSelected(new Set());
      setReload((n) => n + 1);
    } catch (e) {
      notify(`Failed: ${e.message}`, true);
    }
  }

  function toggle(id) {
    const s = new Set(selected);
    if (s.has(id)) s.delete(id); else s.add(id);
    setSelected(s);
  }

  const counts = queue || {};
  return html`<section aria-labelledby="queue-title">
    <div class="head">
      <h1 id="queue-title">Queue ${name}</h1>
      ${queue && html`<span class=${`badge ${queue.paused ? 'paused' : 'running'}`}>
        ${queue.paused ? 'paused' : 'running'}</span>
        <span class="muted">lag ${fmtSeconds(queue.lagSeconds)}</span>
        <button type="button" onClick=${() => onPause(name, !queue.paused)}>
          ${queue.paused ? 'Resume queue' : 'Pause queue'}</button>`}
    </div>
    <nav class="tabs" aria-label="Task states">
      ${STATES.map((s) => html`<a href=${link(`/queues/${name}?state=${s}`)}
          aria-current=${s === state ? 'page' : undefined}>
        ${s}${counts[s] !== undefined ? html` <span class="count">${fmtNum(counts[s])}</span>` : ''}
      </a>`)}
    </nav>
    <form class="search" role="search" onSubmit=${(e) => { e.preventDefault(); setApplied({ ...search }); }}>
      <label for="search-by" class="sr">Search by</label>
      <select id="search-by" value=${search.by}
        onChange=${(e) => setSearch({ ...search, by: e.target.value })}>
        <option value="task">Task name</option><option value="id">Task id</option>
      </select>
      <label for="search-text" class="sr">Search text</label>
      <input id="search-text" type="search" value=${search.text}
        placeholder=${search.by === 'id' ? 'task id' : 'task name, e.g. email.send'}
        onInput=${(e) => setSearch({ ...search, text: e.target.value.trim() })} />
      <button type="submit">Search</button>
      ${applied.text && html`<button type="button"
        onClick=${() => { setSearch({ by: 'task', text: '' }); setApplied({ by: 'task', text: '' }); }}>
        Clear</button>`}
    </form>
    ${dead && html`<div class="toolbar" role="toolbar" aria-label="Dead-letter actions">
      <button type="button" class="primary" disabled=${!ids.length}
        onClick=${() => dlq('replay', { ids }, `${ids.length} selected task(s)`)}>
        Replay selected (${ids.length})</button>
      <button type="button" class="danger" disabled=${!ids.length}
        onClick=${() => dlq('delete', { ids }, `${ids.length} selected task(s)`)}>
        Delete selected (${ids.length})</button>
      <span class="sep"></span>
      <button type="button" disabled=${!page || !page.tasks.length}
        onClick=${() => dlq('replay', filter || { all: true },
          filter ? `every dead ${filter.task} task` : `every dead task of ${name}`)}>
        Replay ${filter ? 'all matching' : 'all'}</button>
      <button type="button" class="danger" disabled=${!page || !page.tasks.length}
        onClick=${() => dlq('delete', filter || { all: true },
          filter ? `every dead ${filter.task} task` : `every dead task of ${name}`)}>
        Delete ${filter ? 'all matching' : 'all'}</button>
    </div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${page && html`<div class="scroll"><table class="grid tasks">
      <thead><tr>
        ${dead && html`<th scope="col"><span class="sr">Select</span></th>`}
        <th scope="col">Task id</th><th scope="col">Name</th><th scope="col">State</th>
        <th scope="col" class="num">Retries</th><th scope="col">When</th>
        <th scope="col">Error</th></tr></thead>
      <tbody>
        ${page.tasks.length === 0 && html`<tr><td colspan="7" class="muted">No ${state} tasks
          ${applied.text ? 'match' : 'in this queue'}.</td></tr>`}
        ${page.tasks.map((t) => html`<tr>
          ${dead && html`<td><input type="checkbox" checked=${selected.has(t.id)}
            aria-label=${`Select task ${t.id}`} onChange=${() => toggle(t.id)} /></td>`}
          <td class="mono"><a href=${link(`/tasks/${t.id}`)}>${t.id}</a></td>
          <td>${t.taskName}</td><td><${StateBadge} state=${t.state} /></td>
          <td class="num">${t.retries}</td>
          <td title=${when(t) || ''}>${ago(when(t))}</td>
          <td class="err">${t.lastError ? `${t.lastError.type.split('.').pop()}: ${t.lastError.message}` : ''}</td>
        </tr>`)}
      </tbody>
    </table></div>
    <div class="pager">
      <button type="button" disabled=${offset === 0}
        onClick=${() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
      <span class="muted">${page.tasks.length ? `${offset + 1}–${offset + page.tasks.length}` : ''}</span>
      <button type="button" disabled=${!page.hasMore} onClick=${() => setOffset(offset + PAGE)}>Next</button>
    </div>`}
  </section>`;
}
