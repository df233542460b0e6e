// Bar charts drawn on <canvas>, each with a data table beside it for screen readers and copying.
import { h } from './dom.js';

const PALETTE = ['#3b6fd6', '#e07b24', '#2a9d6f', '#c4394f', '#8a5cc2', '#8c6d31', '#3aa6b9', '#777777'];

export function colour(i) {
  return PALETTE[i % PALETTE.length];
}

/**
 * A (stacked) bar chart. categories: x labels; series: [{name, values[]}] stacked per category.
 * Returns a <figure> with the canvas, a legend and the data as a table.
 */
export function barChart({ title, categories, series, unit = '', stacked = true }) {
  const canvas = h('canvas', { class: 'chart', role: 'img',
    'aria-label': `${title}: ${categories.length} bars; the table below has the figures` });
  const legend = h('ul', { class: 'legend-list' }, series.map((s, i) =>
    h('li', {}, h('span', { class: `swatch swatch-${i % PALETTE.length}`, 'aria-hidden': 'true' }), s.name)));
  const table = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: '' }), series.map((s) => h('th', { scope: 'col', text: s.name })))),
    h('tbody', {}, categories.map((c, ci) => h('tr', {}, h('th', { scope: 'row', text: c }),
      series.map((s) => h('td', { text: fmt(s.values[ci]) + (unit && s.values[ci] != null ? ` ${unit}` : '') }))))));
  const fig = h('figure', { class: 'chart-figure' }, h('figcaption', { text: title }), canvas, legend,
    h('details', {}, h('summary', { text: 'Figures' }), h('div', { class: 'table-wrap' }, table)));
  const draw = () => drawBars(canvas, categories, series, stacked);
  requestAnimationFrame(draw);
  new ResizeObserver(draw).observe(canvas);
  return fig;
}

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

function drawBars(canvas, categories, series, stacked) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const hgt = Math.max(1, Math.round(canvas.clientHeight * dpr));
  canvas.width = w;
  canvas.height = hgt;
  const g = canvas.getContext('2d');
  const css = getComputedStyle(canvas);
  const ink = css.getPropertyValue('--ink').trim() || '#222';
  g.clearRect(0, 0, w, hgt);
  const totals = categories.map((_, ci) => stacked
    ? series.reduce((s, x) => s + (x.values[ci] || 0), 0)
    : Math.max(0, ...series.map((x) => x.values[ci] || 0)));
  if (!categories.length || Math.max(0, ...totals) === 0) {
    g.fillStyle = css.getPropertyValue('--muted').trim() || '#666';
    g.font = `${13 * dpr}px system-ui, sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText('nothing in this range', w / 2, hgt / 2);
    return;
  }
  const max = Math.max(...totals);
  const font = 11 * dpr;
  g.font = `${font}px system-ui, sans-serif`;
  const left = 40 * dpr;
  const bottom = 22 * dpr;
  const top = 8 * dpr;
  const plotH = hgt - bottom - top;
  const plotW = w - left - 6 * dpr;
  // axis and scale
  g.fillStyle = ink;
  g.fillRect(left, top, dpr, plotH);
  g.fillRect(left, top + plotH, plotW, dpr);
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const f of [0, 0.5, 1]) {
    const v = max * f;
    g.fillText(Number.isInteger(v) ? String(v) : v.toPrecision(2), left - 4 * dpr, top + plotH * (1 - f));
  }
  const slot = plotW / categories.length;
  const groups = stacked ? 1 : series.length;
  const barW = Math.max(dpr, (slot * 0.7) / groups);
  g.textAlign = 'center';
  g.textBaseline = 'top';
  categories.forEach((c, ci) => {
    let y = top + plotH;
    series.forEach((s, si) => {
      const v = s.values[ci] || 0;
      const bh = (v / max) * plotH;
      g.fillStyle = colour(si);
      const x = left + slot * ci + slot * 0.15 + (stacked ? 0 : si * barW);
      if (stacked) { g.fillRect(x, y - bh, barW, bh); y -= bh; } else g.fillRect(x, top + plotH - bh, barW, bh);
    });
    g.fillStyle = ink;
    const every = Math.ceil(categories.length / Math.max(1, Math.floor(plotW / (60 * dpr))));
    if (ci % every === 0) g.fillText(fit(g, c, slot * every - 4 * dpr), left + slot * ci + slot / 2, top + plotH + 4 * dpr);
  });
}

/** The label, cut with an ellipsis to fit the width (the table has it whole). */
function fit(g, text, width) {
  if (g.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && g.measureText(t + '…').width > width) t = t.slice(0, -1);
  return t + '…';
}
