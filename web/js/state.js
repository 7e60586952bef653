// The page's state and its URL. The URL holds the whole search (and the open article), so a link
// reproduces it and Back/Forward walk through searches. searchParams() is the one place a search
// becomes query parameters: the page's own URL and the /api/search request are both built from it.

import { LANGUAGES } from './i18n.js';

export const PAGE_SIZE = 10;

export const EMPTY_STATE = Object.freeze({ q: '', companies: [], lang: '', from: '', to: '', sort: 'relevance', page: 1, doc: '' });

// The search as query parameters, defaults left out. filters: false drops company, lang and dates.
export function searchParams(s, { filters = true } = {}) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (filters) {
    for (const c of s.companies) p.append('company', c);
    if (s.lang) p.set('lang', s.lang);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
  }
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  return p;
}

export function stateFromUrl(search = location.search) {
  const p = new URLSearchParams(search);
  const page = parseInt(p.get('page') || '1', 10);
  const lang = p.get('lang') || '';
  return {
    q: (p.get('q') || '').trim(),
    companies: [...new Set(p.getAll('company').map((c) => c.trim()).filter(Boolean))],
    lang: LANGUAGES.includes(lang) ? lang : '',
    from: (p.get('from') || '').trim(),
    to: (p.get('to') || '').trim(),
    sort: p.get('sort') === 'date' ? 'date' : 'relevance',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    doc: p.get('doc') || '',
  };
}

// The page's URL for a state (relative: "?q=..." or the bare path).
export function pageUrl(s) {
  const p = searchParams(s);
  if (s.doc) p.set('doc', s.doc);
  const qs = p.toString();
  return qs ? `?${qs}` : location.pathname;
}

// The part of the state that decides the search request (not the open article).
export function searchKey(s) {
  return JSON.stringify([s.q, s.companies, s.lang, s.from, s.to, s.sort, s.page]);
}

export const hasFilters = (s) => s.companies.length > 0 || !!s.lang || !!s.from || !!s.to;
// Nothing asked yet: the welcome page ("newest first" with no words browses the archive instead).
export const isEmptySearch = (s) => !s.q && !hasFilters(s) && s.sort === 'relevance';
export const filterCount = (s) => s.companies.length + (s.lang ? 1 : 0) + (s.from || s.to ? 1 : 0);

// What is on screen now, and how the current history entry came to be.
export const nav = {
  state: stateFromUrl(),
  typingEntry: false,   // the entry was made by typing: later keystrokes replace it
  docPushed: false,     // the open article added an entry, so closing it goes Back
  onChange: () => {},   // set by main.js: brings the page in line with `state`
};

export function navigate(next, { replace = false } = {}) {
  nav.state = { ...next, companies: [...next.companies] };
  const url = pageUrl(nav.state);
  const current = location.search || location.pathname;
  if (url !== current) history[replace ? 'replaceState' : 'pushState'](null, '', url);
  nav.onChange();
}

// A new search from the current one: back to page 1, no article open.
export function refine(changes) {
  navigate({ ...nav.state, ...changes, page: 1, doc: '' });
}

export function toggleCompany(value, on) {
  const set = new Set(nav.state.companies);
  if (on) set.add(value); else set.delete(value);
  refine({ companies: [...set] });
}

export function clearAllFilters() {
  refine({ companies: [], lang: '', from: '', to: '' });
}

// Called on popstate: the URL changed under us (Back, Forward).
export function reloadFromUrl() {
  nav.state = stateFromUrl();
  nav.typingEntry = false;
  nav.docPushed = false;
}
