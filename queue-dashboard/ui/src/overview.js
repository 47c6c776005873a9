import { html } from 'htm/preact';
import { useMemo } from 'preact/hooks';
import { Chart } from './chart.js';
import { fmtNum, fmtSeconds, link } from './util.js';

function series(samples, field) {
  const names = [...new Set(samples.flatMap((s) => s.queues.map((q) => q.queue)))].sort();
  const times = samples.map((s) => new Date(s.at).getTime() / 1000);
  const cols = names.map((n) => samples.map((s) => {
    const q = s.queues.find((x) => x.queue === n);
    return q && q[field] !== null && q[field] !== undefined ? q[field] : null;
  }));
  return { names, data: [times, ...cols] };
}

export function Overview({ queues, samples, onPause, theme }) {
  const throughput = useMemo(() => series(samples, 'processedPerSecond'), [samples]);
  const latency = useMemo(() => series(samples, 'lagSeconds'), [samples]);
  const totals = queues.reduce((t, q) => {
    ['pending', 'active', 'scheduled', 'retry', 'dead'].forEach((k) => { t[k] = (t[k] || 0) + q[k]; });
    return t;
  }, {});
  return html`<section aria-labelledby="overview-title">
    <h1 id="overview-title">Overview</h1>
    <div class="tiles">
      ${['pending', 'active', 'scheduled', 'retry', 'dead'].map((k) => html`
        <div class=${`tile s-${k}`}><span class="n">${fmtNum(totals[k] || 0)}</span>
          <span class="l">${k}</span></div>`)}
    </div>
    <div class="charts">
      <${Chart} theme=${theme} title="Throughput (tasks acked per second)" unit="/s" series=${throughput.names}
        data=${throughput.data} />
      <${Chart} theme=${theme} title="Latency (age of the oldest pending task)" unit="s" series=${latency.names}
        data=${latency.data} />
    </div>
    <h2>Queues</h2>
    <div class="scroll"><table class="grid">
      <thead><tr><th scope="col">Queue</th><th scope="col" class="num">Pending</th>
        <th scope="col" class="num">Active</th><th scope="col" class="num">Scheduled</th>
        <th scope="col" class="num">Retry</th><th scope="col" class="num">Dead</th>
        <th scope="col" class="num">Lag</th><th scope="col" class="num">Throughput</th>
        <th scope="col">Status</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
      <tbody>
        ${queues.map((q) => html`<tr>
          <th scope="row"><a href=${link(`/queues/${q.queue}`)}>${q.queue}</a></th>
          <td class="num">${fmtNum(q.pending)}</td><td class="num">${fmtNum(q.active)}</td>
          <td class="num">${fmtNum(q.scheduled)}</td><td class="num">${fmtNum(q.retry)}</td>
          <td class="num">${q.dead > 0
            ? html`<a href=${link(`/queues/${q.queue}?state=dead`)}>${fmtNum(q.dead)}</a>` : '0'}</td>
          <td class="num">${fmtSeconds(q.lagSeconds)}</td>
          <td class="num">${q.processedPerSecond === null ? '—' : `${fmtNum(q.processedPerSecond)}/s`}</td>
          <td>${q.paused ? html`<span class="badge paused">paused</span>`
            : html`<span class="badge running">running</span>`}</td>
          <td><button type="button" class="small" onClick=${() => onPause(q.queue, !q.paused)}
            aria-label=${`${q.paused ? 'Resume' : 'Pause'} queue ${q.queue}`}>
            ${q.paused ? 'Resume' : 'Pause'}</button></td>
        </tr>`)}
      </tbody>
    </table></div>
  </section>`;
}
