// Charts as plain SVG built with the DOM, no library: the dashboard needs bars, lines and
// sparklines over a few dozen points, which is less code than wiring a charting library through
// the CSP (no inline styles) and the jar. Every mark carries its value in data-value and a
// <title>, so a reader (or a test) can read back what was drawn.

const SVG = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 160;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null) return;
    if (k === 'test') el.setAttribute('data-test', v);
    else el.setAttribute(k, String(v));
  });
  children.flat(Infinity).forEach((c) => { if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c))); });
  return el;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function axis(max, fmt, x0, x1) {
  const y = (v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  return [0, max / 2, max].map((v) => s('g', { class: 'tick' },
    s('line', { x1: x0, x2: x1, y1: y(v), y2: y(v) }),
    s('text', { x: x0 - 4, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v))));
}

function timeLabels(buckets, fmtBucket, xOf) {
  if (!buckets.length) return [];
  const picks = [0, Math.floor(buckets.length / 2), buckets.length - 1];
  return [...new Set(picks)].map((i) => s('text', { class: 'time', x: xOf(i), y: H - 4, 'text-anchor': 'middle' }, fmtBucket(buckets[i])));
}

function frame(title, test, legend, ...marks) {
  const fig = document.createElement('figure');
  fig.className = 'chart';
  fig.setAttribute('data-test', test);
  const cap = document.createElement('figcaption');
  cap.append(document.createTextNode(title));
  if (legend.length) {
    const keys = document.createElement('span');
    keys.className = 'legend';
    legend.forEach((l) => {
      const k = document.createElement('span');
      k.className = 'key ' + l.cls;
      k.append(document.createTextNode(l.name));
      keys.append(k);
    });
    cap.append(keys);
  }
  fig.append(cap, s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': title }, marks));
  return fig;
}

/**
 * Stacked bars: one group per bucket, one bar per series (zeros drawn as nothing but still
 * present, so that each series has exactly one bar per bucket).
 */
export function barChart({ title, test, buckets, series, fmt, fmtBucket }) {
  const totals = buckets.map((_, i) => series.reduce((sum, x) => sum + (Number(x.values[i]) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const x0 = PAD.left;
  const x1 = W - PAD.right;
  const slot = (x1 - x0) / Math.max(1, buckets.length);
  const plotH = H - PAD.top - PAD.bottom;
  const bars = [];
  buckets.forEach((bucket, i) => {
    let base = 0;
    series.forEach((x) => {
      const v = Number(x.values[i]) || 0;
      const hgt = plotH * (v / max);
      bars.push(s('rect', {
        class: 'bar ' + x.cls,
        'data-series': x.name,
        'data-bucket': bucket,
        'data-value': v,
        x: x0 + i * slot + slot * 0.1,
        width: slot * 0.8,
        y: PAD.top + plotH * (1 - base / max) - hgt,
        height: hgt,
      }, s('title', {}, `${fmtBucket(bucket)} · ${x.name}: ${fmt(v)}`)));
      base += v;
    });
  });
  return frame(title, test, series.length > 1 ? series : [], axis(max, fmt, x0, x1),
    timeLabels(buckets, fmtBucket, (i) => x0 + i * slot + slot / 2), bars);
}

/** Lines with a dot per known value; a null value (nothing to measure) breaks the line. */
export function lineChart({ title, test, buckets, series, fmt, fmtBucket }) {
  const all = series.flatMap((x) => x.values.filter((v) => v !== null && v !== undefined).map(Number));
  const max = niceMax(Math.max(0, ...all));
  const x0 = PAD.left;
  const x1 = W - PAD.right;
  const step = (x1 - x0) / Math.max(1, buckets.length - 1);
  const plotH = H - PAD.top - PAD.bottom;
  const xOf = (i) => x0 + i * step;
  const yOf = (v) => PAD.top + plotH * (1 - v / max);
  const marks = [];
  series.forEach((x) => {
    let run = [];
    const flush = () => {
      if (run.length > 1) marks.push(s('polyline', { class: 'line ' + x.cls, points: run.join(' ') }));
      run = [];
    };
    buckets.forEach((bucket, i) => {
      const v = x.values[i];
      if (v === null || v === undefined) { flush(); return; }
      run.push(`${xOf(i)},${yOf(Number(v))}`);
      marks.push(s('circle', {
        class: 'point ' + x.cls, 'data-series': x.name, 'data-bucket': bucket, 'data-value': v, cx: xOf(i), cy: yOf(Number(v)), r: 3,
      }, s('title', {}, `${fmtBucket(bucket)} · ${x.name}: ${fmt(Number(v))}`)));
    });
    flush();
  });
  return frame(title, test, series.length > 1 ? series : [], axis(max, fmt, x0, x1),
    timeLabels(buckets, fmtBucket, xOf), marks);
}

/** A small line without axes for a pipeline card; its points carry their values too. */
export function sparkline(values, { test, label }) {
  const w = 120;
  const hgt = 28;
  const max = Math.max(1, ...values.map((v) => Number(v) || 0));
  const step = w / Math.max(1, values.length - 1);
  const pts = values.map((v, i) => `${i * step},${hgt - 2 - (hgt - 4) * ((Number(v) || 0) / max)}`);
  return s('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'sparkline', test, role: 'img', 'aria-label': label, 'data-values': values.join(',') },
    s('title', {}, label),
    s('polyline', { class: 'line', points: pts.join(' ') }));
}
