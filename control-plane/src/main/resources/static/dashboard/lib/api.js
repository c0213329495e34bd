// The REST API client (/api/v1): bearer token from this tab's sessionStorage, problem+json
// details turned into ApiError messages.

export const TOKEN_KEY = 'sluice.token';

let onUnauthorized = () => {};

/** What to do when the server stops accepting the token (the router signs out). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (response.status === 401 && path !== '/api/v1/me') {
    onUnauthorized('Your token was not accepted any more; sign in again.');
    throw new ApiError(401, 'not signed in');
  }
  if (!response.ok) {
    const detail = json && (json.detail || json.title) ? (json.detail || json.title) : response.status + ' ' + response.statusText;
    throw new ApiError(response.status, detail);
  }
  return json;
}

export function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => { if (v !== undefined && v !== null && v !== '') q.set(k, v); });
  const s = q.toString();
  return s ? '?' + s : '';
}

export function list(value) {
  if (Array.isArray(value)) return value;
  if (value && Array.isArray(value.items)) return value.items;
  if (value && Array.isArray(value.deployments)) return value.deployments;
  if (value && Array.isArray(value.environments)) return value.environments;
  return [];
}

/** Downloads {@code path} with the tab's token and hands it to the browser as {@code fileName}. */
export async function download(path, fileName) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, {
    headers: { Accept: 'text/csv, application/problem+json', Authorization: 'Bearer ' + token },
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) {
    let detail = response.status + ' ' + response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not problem+json */ }
    throw new ApiError(response.status, detail);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
