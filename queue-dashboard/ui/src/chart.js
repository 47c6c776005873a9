import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const PALETTE = ['#2f6fde', '#e4572e', '#17a398', '#f3a712', '#8e44ad', '#607d8b', '#d81b60'];

/**
 * A time-series line chart (uPlot). data: [times (s), ...one array per series];
 * series: names of the series.
 */
/** A colour of the current theme (a canvas cannot use CSS variables). */
function themed(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function Chart({ title, data, series, unit, theme }) {
  const box = useRef(null);
  const plot = useRef(null);
  const key = `${series.join('|')}/${theme}`;

  useEffect(() => {
    const width = () => Math.max(280, box.current.clientWidth);
    const muted = themed('--muted');
    const grid = themed('--grid');
    const opts = {
      width: width(),
      height: 220,
      legend: { live: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid } },
        { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid },
          values: (u, vals) => vals.map((v) => `${+v.toFixed(2)}${unit}`), size: 60 },
      ],
      series: [{}, ...series.map((s, i) => ({
        label: s, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: false },
      }))],
    };
    plot.current = new uPlot(opts, data, box.current);
    const resize = () => plot.current.setSize({ width: width(), height: 220 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current.destroy();
      plot.current = null;
    };
  }, [key]);

  useEffect(() => {
    if (plot.current) plot.current.setData(data);
  }, [data]);

  return html`<figure class="card chart">
    <figcaption>${title}</figcaption>
    <div ref=${box} role="img" aria-label=${`${title}: ${series.join(', ')}`}></div>
  </figure>`;
}
