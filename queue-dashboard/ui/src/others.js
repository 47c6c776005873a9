import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from './api.js';
import { ago, fmtTime } from './util.js';

function useData(path, version) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(path).then((d) => { setData(d); setError(null); }).catch((e) => setError(e.message));
  }, [path, version]);
  return [data, error];
}

export function WorkersPage({ version }) {
  const [data, error] = useData('/api/workers', version);
  return html`<section aria-labelledby="workers-title"><h1 id="workers-title">Workers</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${data && (data.workers.length === 0 ? html`<p class="muted">No worker is registered.</p>` : html`
    <div class="scroll"><table class="grid">
      <thead><tr><th scope="col">Worker</th><th scope="col">Alive</th><th scope="col">Queues</th>
        <th scope="col" class="num">Active / slots</th><th scope="col">Started</th>
        <th scope="col">Last heartbeat</th></tr></thead>
      <tbody>${data.workers.map((w) => html`<tr>
        <td class="mono">${w.id}</td>
        <td>${w.alive ? html`<span class="badge running">alive</span>` : html`<span class="badge paused">stale</span>`}</td>
        <td>${w.queues.join(', ')}</td><td class="num">${w.active} / ${w.concurrency}</td>
        <td>${fmtTime(w.startedAt)}</td><td>${ago(w.lastHeartbeatAt)}</td></tr>`)}</tbody>
    </table></div>`)}
  </section>`;
}

export function SchedulesPage({ version }) {
  const [data, error] = useData('/api/schedules', version);
  return html`<section aria-labelledby="schedules-title"><h1 id="schedules-title">Beat schedules</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${data && html`<p>Leader: <span class="mono">${data.leaderId || 'none (no beat is running)'}</span></p>
    ${data.schedules.length === 0 ? html`<p class="muted">No beat entry has fired yet.</p>` : html`
    <div class="scroll"><table class="grid">
      <thead><tr><th scope="col">Entry</th><th scope="col">Schedule</th><th scope="col">Last fire</th>
        <th scope="col">Next fire</th><th scope="col">Last task</th></tr></thead>
      <tbody>${data.schedules.map((s) => html`<tr>
        <td>${s.entry}</td><td class="mono">${s.schedule || '—'}</td>
        <td>${fmtTime(s.firedAt)}</td><td>${fmtTime(s.nextOccurrenceAt)} <span class="muted">${ago(s.nextOccurrenceAt)}</span></td>
        <td class="mono">${s.lastTaskId ? html`<a href=${`#/tasks/${s.lastTaskId}`}>${s.lastTaskId}</a>` : '—'}</td>
      </tr>`)}</tbody></table></div>`}`}
  </section>`;
}

export function DlqPage({ queues }) {
  const withDead = queues.filter((q) => q.dead > 0);
  return html`<section aria-labelledby="dlq-title"><h1 id="dlq-title">Dead-letter queues</h1>
    ${withDead.length === 0 ? html`<p class="muted">No dead task in any queue.</p>` : html`
    <ul class="cards">${withDead.map((q) => html`<li class="card">
      <a href=${`#/queues/${q.queue}?state=dead`}><strong>${q.queue}</strong></a>
      <span class="badge s-dead">${q.dead} dead</span></li>`)}</ul>`}
  </section>`;
}
