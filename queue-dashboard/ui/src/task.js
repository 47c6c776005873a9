import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get, post } from './api.js';
import { StateBadge, ago, fmtTime, link } from './util.js';

const FINAL = ['succeeded', 'dead', 'revoked', 'expired'];

export function TaskPage({ id, confirm, notify, showResults }) {
  const [task, setTask] = useState(null);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    get(`/api/tasks/${encodeURIComponent(id)}`)
      .then((t) => { setTask(t); setError(null); })
      .catch((e) => setError(e.message));
  }, [id, tick]);

  // a task still on its way is read again every second, so a replay is seen to finish
  useEffect(() => {
    if (!task || FINAL.includes(task.state)) return undefined;
    const t = setTimeout(() => setTick((n) => n + 1), 1000);
    return () => clearTimeout(t);
  }, [task]);

  async function act(action) {
    const ok = await confirm({
      title: `${action === 'replay' ? 'Replay' : 'Delete'} task ${id}?`,
      text: action === 'replay' ? 'It goes back to pending with its retries reset.'
        : 'It is removed from the dead-letter queue for good.',
      action: action === 'replay' ? 'Replay' : 'Delete', danger: action === 'delete',
    });
    if (!ok) return;
    try {
      const r = await post(`/api/queues/${encodeURIComponent(task.queue)}/dlq/${action}`, { ids: [id] });
      const n = r.replayed ?? r.deleted;
      notify(n ? `${action === 'replay' ? 'Replayed' : 'Deleted'} task ${id}`
        : `Task ${id} was no longer in the dead-letter queue`, !n);
      setTick((x) => x + 1);
    } catch (e) {
      notify(`Failed: ${e.message}`, true);
    }
  }

  if (error) return html`<section><h1>Task ${id}</h1><p class="error" role="alert">${error}</p></section>`;
  if (!task) return html`<section><h1>Task ${id}</h1><p class="muted">Loading…</p></section>`;
  const rows = [
    ['Queue', html`<a href=${link(`/queues/${task.queue}?state=${task.state === 'reserved' ? 'active' : task.state}`)}>${task.queue}</a>`],
    ['Task name', task.taskName],
    ['State', html`<span data-testid="task-state"><${StateBadge} state=${task.state} /></span>`],
    ['Retries', task.retries], ['Crash recoveries', task.crashRecoveries],
    ['Worker', task.workerId || '—'],
    ['Created', task.createdAt], ['Started', task.startedAt], ['Due', task.dueAt],
    ['Died', task.diedAt], ['Finished', task.finishedAt],
  ];
  return html`<section aria-labelledby="task-title">
    <div class="head">
      <h1 id="task-title">Task <span class="mono">${task.id}</span></h1>
      ${task.state === 'dead' && html`
        <button type="button" class="primary" onClick=${() => act('replay')}>Replay</button>
        <button type="button" class="danger" onClick=${() => act('delete')}>Delete</button>`}
    </div>
    <dl class="card facts">
      ${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${typeof v === 'string' && /\dT\d/.test(v)
        ? html`<time datetime=${v} title=${v}>${fmtTime(v)} <span class="muted">(${ago(v)})</span></time>`
        : v ?? '—'}</dd></div>`)}
    </dl>
    ${task.lastError && html`<h2>Last error</h2><div class="card">
      <p><strong>${task.lastError.type}</strong>: ${task.lastError.message}</p>
      ${task.lastError.stack && html`<details><summary>Stack trace</summary>
        <pre tabindex="0">${task.lastError.stack}</pre></details>`}</div>`}
    <h2>Result</h2>
    <div class="card">${task.result !== null && task.result !== undefined
      ? html`<pre tabindex="0">${typeof task.result === 'string' ? task.result : JSON.stringify(task.result, null, 2)}</pre>
        ${task.resultTruncated && html`<p class="muted">Cut at the dashboard's result limit.</p>`}`
      : html`<p class="muted">${task.resultHidden ? (showResults ? 'Hidden.'
        : 'Hidden: start the dashboard with --show-results to see results.') : 'None.'}</p>`}</div>
    <h2>Attempts</h2>
    ${task.attempts.length === 0 ? html`<p class="muted">No attempt recorded.</p>` : html`
    <div class="scroll"><table class="grid">
      <thead><tr><th scope="col" class="num">#</th><th scope="col">Outcome</th><th scope="col">Worker</th>
        <th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Error</th></tr></thead>
      <tbody>${task.attempts.map((a) => html`<tr>
        <td class="num">${a.number || 'note'}</td><td>${a.outcome}</td>
        <td class="mono">${a.workerId || '—'}</td><td>${fmtTime(a.startedAt)}</td>
        <td>${fmtTime(a.finishedAt)}</td>
        <td class="err">${a.error ? `${a.error.type}: ${a.error.message}` : ''}</td></tr>`)}
      </tbody></table></div>`}
  </section>`;
}
