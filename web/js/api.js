// The JSON API client: /api/search, /api/articles/{id}(/related), /api/stats (docs/api.md).
// Failures become ApiError with the server's own message, or a sentence for people.

import { t } from './i18n.js';
import { PAGE_SIZE, searchParams } from './state.js';

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function getJson(path, signal) {
  let res;
  try {
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(t('networkError'), 0);
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) {
    const msg = body && body.error && body.error.message ? body.error.message : t('badResponse', { status: res.status });
    throw new ApiError(msg, res.status);
  }
  if (!body || typeof body !== 'object') throw new ApiError(t('badResponse', { status: res.status }), res.status);
  return body;
}

// One page of hits with both facets. filters: false asks the same words without the filters.
export function search(s, signal, { filters = true } = {}) {
  const p = searchParams(s, { filters });
  p.set('size', String(PAGE_SIZE));
  p.set('facets', '1');   // also makes `total` exact
  return getJson(`/api/search?${p}`, signal);
}

// The whole article; with q, also title_html and body_html with the query's words marked.
export function article(id, q, signal) {
  const query = q ? `?${new URLSearchParams({ q })}` : '';
  return getJson(`/api/articles/${encodeURIComponent(id)}${query}`, signal);
}

// The articles most like article `id` (not its own near-duplicates), one per story.
export function related(id, signal, { limit = 5 } = {}) {
  return getJson(`/api/articles/${encodeURIComponent(id)}/related?limit=${limit}`, signal);
}

export function stats() {
  return getJson('/api/stats');
}
