// Formatting of values from the API for display; every function returns plain text.

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function fmtDuration(fromIso, toIso) {
  if (!fromIso || !toIso) return '—';
  const s = Math.max(0, Math.round((new Date(toIso) - new Date(fromIso)) / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u += 1; }
  return (u === 0 ? v : v.toFixed(1)) + ' ' + units[u];
}

export function fmtNum(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
}

export function fmtCost(cost) {
  if (!cost) return '—';
  return Number(cost.amount).toFixed(4) + ' ' + cost.currency;
}

export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : '';
}

export function truncate(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

export function lower(value) {
  return value ? String(value).toLowerCase() : '—';
}

export function shortId(id) {
  return String(id).slice(0, 8);
}

/** Seconds as the shortest readable text (0.4 s, 12 s, 3 min 5 s). */
export function fmtSeconds(v) {
  if (v === null || v === undefined) return '—';
  const n = Number(v);
  if (n < 10) return (Math.round(n * 10) / 10) + ' s';
  if (n < 60) return Math.round(n) + ' s';
  if (n < 3600) return Math.floor(n / 60) + ' min ' + Math.round(n % 60) + ' s';
  return Math.floor(n / 3600) + ' h ' + Math.floor((n % 3600) / 60) + ' min';
}

/** A bucket's start: the time of day for buckets under a day, the date for longer ones. */
export function fmtBucket(iso, stepSeconds) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (stepSeconds >= 86400) return date;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return stepSeconds >= 3600 * 6 ? `${date} ${time}` : time;
}
