// Rassegna search page. Plain ES module, no dependencies, no build step.
// It knows only the JSON API (/api/search, /api/articles/{id}, /api/stats). The page URL holds the
// whole search state, so a link reproduces a search and Back/Forward walk through searches.
//
// Safety: the server sends `Content-Security-Policy: default-src 'self'`, so there is no inline
// script or style anywhere. Every server string is inserted with textContent, except `snippet` and
// `body_html`, which the API promises are escaped text with <mark>; even those are re-built from
// their text and <mark> elements only (see appendMarkedHtml).

const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 250;     // debounce of search-as-you-type
const LOADING_DELAY_MS = 150;    // show the loading state only for slow answers
const DATE_RE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

// ---------------------------------------------------------------------------------------------
// Interface text, English and Italian
// ---------------------------------------------------------------------------------------------

const MESSAGES = {
  en: {
    tagline: 'News monitor',
    searchLabel: 'Search articles',
    searchPlaceholder: 'Search news, e.g. tiktok',
    searchButton: 'Search',
    clearSearch: 'Clear the search',
    slashHint: 'Press / to search',
    uiLanguage: 'Interface language',
    skipToResults: 'Skip to results',
    filters: 'Filters',
    language: 'Language',
    langAll: 'All',
    langIt: 'Italian',
    langEn: 'English',
    companies: 'Companies',
    clear: 'Clear',
    clearAll: 'Clear all',
    filterCompanies: 'Filter companies',
    filterCompaniesPlaceholder: 'Filter companies…',
    noCompanies: 'No companies in these results.',
    noCompanyMatch: 'No company matches “{text}”.',
    companyAny: 'Selected companies are combined with OR.',
    sortBy: 'Sort by',
    sortRelevance: 'Relevance',
    sortDate: 'Newest first',
    activeFilters: 'Active filters',
    removeFilter: 'Remove filter: {label}',
    dates: 'Dates',
    byYear: 'by year',
    byMonth: 'by month',
    byDay: 'by day',
    from: 'From',
    to: 'To',
    apply: 'Apply',
    rangeHelp: 'Year, month or day: YYYY, YYYY-MM or YYYY-MM-DD',
    badDate: '“{value}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.',
    badRange: 'The start date is after the end date.',
    undated: '{count} undated',
    histogramHelp: 'Click a bar to show only that period; Shift-click extends the range.',
    barLabel: '{period}: {count}',
    noDates: 'No dated articles in these results.',
    results: 'Results',
    pages: 'Pages',
    previous: 'Previous',
    next: 'Next',
    pageN: 'Page {n}',
    pastLastPage: 'There is no page {page}: the results end on page {last}.',
    goToPage: 'Go to page {n}',
    articlesCount: { one: '{n} article', other: '{n} articles' },
    aboutCount: 'about {n}',
    showing: 'Showing {first}–{last} of {total}',
    took: '{ms} ms',
    searching: 'Searching…',
    archiveCount: '{articles} in the archive',
    welcomeTitle: 'Search the news archive',
    welcomeText: 'Italian and English news, searchable in both languages at once. Words are matched in all their forms: amministrazione also finds dell’amministrazione.',
    welcomeStats: '{articles}, from {first} to {last}.',
    tryThese: 'Try:',
    browseAll: 'Browse the latest articles',
    tipsTitle: 'Query tips',
    tipPhrase: 'exact phrase',
    tipOr: 'either word',
    tipNot: 'without a word',
    tipTitle: 'in the title only',
    noResultsTitle: 'No articles match {query}.',
    noResultsFilteredTitle: 'No articles match {query} with these filters.',
    noResultsHintWords: 'All words must appear: try fewer words, or join alternatives with OR.',
    noResultsHintSpelling: 'Check the spelling; accents and plurals are matched anyway.',
    noResultsWithoutFilters: '{count} without filters.',
    removeAllFilters: 'Remove all filters',
    errorTitle: 'The search could not be completed.',
    articleErrorTitle: 'The article could not be opened.',
    networkError: 'The server could not be reached. Check that rassegna-server is running.',
    badResponse: 'The server sent an unexpected answer (HTTP {status}).',
    retry: 'Try again',
    close: 'Close',
    previousArticle: 'Previous article',
    nextArticle: 'Next article',
    positionOf: '{n} of {total}',
    openOriginal: 'Open the original article',
    highlights: { one: '{n} highlighted word', other: '{n} highlighted words' },
    nextHighlight: 'Next highlight',
    loadingArticle: 'Loading article…',
    filterByCompany: 'Filter by {name}',
    companyChip: 'Company: {name}',
    langChip: 'Language: {name}',
    periodChip: 'Period: {period}',
    fromChip: 'From {period}',
    toChip: 'Until {period}',
    rangeChip: '{from} – {to}',
    langNameIt: 'Italian',
    langNameEn: 'English',
    undatedArticle: 'undated',
    kbSearch: 'search',
    kbMove: 'move through results',
    kbOpen: 'open',
    kbClose: 'close',
    archiveLine: '{articles} · {it} Italian, {en} English · {first} – {last}',
    updated: 'updated {when}',
  },
  it: {
    tagline: 'Rassegna stampa',
    searchLabel: 'Cerca negli articoli',
    searchPlaceholder: 'Cerca notizie, es. tiktok',
    searchButton: 'Cerca',
    clearSearch: 'Cancella la ricerca',
    slashHint: 'Premi / per cercare',
    uiLanguage: 'Lingua dell’interfaccia',
    skipToResults: 'Vai ai risultati',
    filters: 'Filtri',
    language: 'Lingua',
    langAll: 'Tutte',
    langIt: 'Italiano',
    langEn: 'Inglese',
    companies: 'Aziende',
    clear: 'Azzera',
    clearAll: 'Azzera tutto',
    filterCompanies: 'Filtra le aziende',
    filterCompaniesPlaceholder: 'Filtra le aziende…',
    noCompanies: 'Nessuna azienda in questi risultati.',
    noCompanyMatch: 'Nessuna azienda corrisponde a «{text}».',
    companyAny: 'Le aziende scelte si combinano in OR.',
    sortBy: 'Ordina per',
    sortRelevance: 'Pertinenza',
    sortDate: 'Più recenti',
    activeFilters: 'Filtri attivi',
    removeFilter: 'Rimuovi il filtro: {label}',
    dates: 'Date',
    byYear: 'per anno',
    byMonth: 'per mese',
    byDay: 'per giorno',
    from: 'Dal',
    to: 'Al',
    apply: 'Applica',
    rangeHelp: 'Anno, mese o giorno: AAAA, AAAA-MM o AAAA-MM-GG',
    badDate: '«{value}» non è una data: usa AAAA, AAAA-MM o AAAA-MM-GG.',
    badRange: 'La data iniziale è successiva a quella finale.',
    undated: '{count} senza data',
    histogramHelp: 'Fai clic su una barra per vedere solo quel periodo; Maiusc+clic estende l’intervallo.',
    barLabel: '{period}: {count}',
    noDates: 'Nessun articolo datato in questi risultati.',
    results: 'Risultati',
    pages: 'Pagine',
    previous: 'Precedente',
    next: 'Successiva',
    pageN: 'Pagina {n}',
    pastLastPage: 'Non esiste la pagina {page}: i risultati finiscono a pagina {last}.',
    goToPage: 'Vai a pagina {n}',
    articlesCount: { one: '{n} articolo', other: '{n} articoli' },
    aboutCount: 'circa {n}',
    showing: 'Risultati {first}–{last} di {total}',
    took: '{ms} ms',
    searching: 'Ricerca in corso…',
    archiveCount: '{articles} nell’archivio',
    welcomeTitle: 'Cerca nell’archivio delle notizie',
    welcomeText: 'Notizie in italiano e in inglese, cercate in entrambe le lingue insieme. Le parole si trovano in tutte le forme: amministrazione trova anche dell’amministrazione.',
    welcomeStats: '{articles}, dal {first} al {last}.',
    tryThese: 'Prova:',
    browseAll: 'Sfoglia gli articoli più recenti',
    tipsTitle: 'Suggerimenti',
    tipPhrase: 'frase esatta',
    tipOr: 'l’una o l’altra parola',
    tipNot: 'senza una parola',
    tipTitle: 'solo nel titolo',
    noResultsTitle: 'Nessun articolo corrisponde a {query}.',
    noResultsFilteredTitle: 'Nessun articolo corrisponde a {query} con questi filtri.',
    noResultsHintWords: 'Servono tutte le parole: provane meno, oppure unisci le alternative con OR.',
    noResultsHintSpelling: 'Controlla l’ortografia; accenti e plurali sono già considerati.',
    noResultsWithoutFilters: '{count} senza filtri.',
    removeAllFilters: 'Rimuovi tutti i filtri',
    errorTitle: 'Non è stato possibile completare la ricerca.',
    articleErrorTitle: 'Non è stato possibile aprire l’articolo.',
    networkError: 'Il server non risponde. Verifica che rassegna-server sia in esecuzione.',
    badResponse: 'Il server ha dato una risposta inattesa (HTTP {status}).',
    retry: 'Riprova',
    close: 'Chiudi',
    previousArticle: 'Articolo precedente',
    nextArticle: 'Articolo successivo',
    positionOf: '{n} di {total}',
    openOriginal: 'Apri l’articolo originale',
    highlights: { one: '{n} parola evidenziata', other: '{n} parole evidenziate' },
    nextHighlight: 'Evidenziazione successiva',
    loadingArticle: 'Caricamento dell’articolo…',
    filterByCompany: 'Filtra per {name}',
    companyChip: 'Azienda: {name}',
    langChip: 'Lingua: {name}',
    periodChip: 'Periodo: {period}',
    fromChip: 'Dal {period}',
    toChip: 'Fino al {period}',
    rangeChip: '{from} – {to}',
    langNameIt: 'italiano',
    langNameEn: 'inglese',
    undatedArticle: 'senza data',
    kbSearch: 'cerca',
    kbMove: 'scorri i risultati',
    kbOpen: 'apri',
    kbClose: 'chiudi',
    archiveLine: '{articles} · {it} in italiano, {en} in inglese · {first} – {last}',
    updated: 'aggiornato il {when}',
  },
};

let uiLang = pickUiLanguage();

function pickUiLanguage() {
  try {
    const saved = localStorage.getItem('rassegna.ui');
    if (saved && MESSAGES[saved]) return saved;
  } catch { /* storage may be disabled */ }
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().slice(0, 2);
    if (MESSAGES[base]) return base;
  }
  return 'en';
}

// t('key', {vars}); plural entries take {n} and choose by Intl.PluralRules.
function t(key, vars = {}) {
  let msg = MESSAGES[uiLang][key] ?? MESSAGES.en[key] ?? key;
  if (typeof msg === 'object') {
    const form = new Intl.PluralRules(uiLang).select(Number(vars.n));
    msg = msg[form] ?? msg.other;
  }
  return msg.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in vars)) return m;
    return typeof vars[name] === 'number' ? fmtInt(vars[name]) : String(vars[name]);
  });
}

const numberFormat = () => new Intl.NumberFormat(uiLang);
const fmtInt = (n) => numberFormat().format(n);
const articlesText = (n) => t('articlesCount', { n: Number(n) || 0 });

function formatMs(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  const digits = ms < 10 ? 1 : 0;
  return new Intl.NumberFormat(uiLang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ms);
}

// "2020", "2020-09" or "2020-09-14" (any longer ISO string is cut to the day) for people.
function formatPeriod(value, style = 'short') {
  if (!value) return '';
  const v = String(value).slice(0, 10);
  const m = v.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/);
  if (!m) return v;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(+y, mo ? +mo - 1 : 0, d ? +d : 1));
  const opts = { timeZone: 'UTC', year: 'numeric' };
  if (mo) opts.month = style === 'long' ? 'long' : 'short';
  if (d) opts.day = 'numeric';
  if (!mo) return y;
  return new Intl.DateTimeFormat(uiLang, opts).format(date);
}

function formatDayShort(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(uiLang, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

function langName(code) {
  if (code === 'it') return t('langNameIt');
  if (code === 'en') return t('langNameEn');
  return code || '';
}

function applyStaticText() {
  document.documentElement.lang = uiLang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const b of document.querySelectorAll('[data-ui-lang]')) b.setAttribute('aria-pressed', String(b.dataset.uiLang === uiLang));
  const datePh = uiLang === 'it' ? 'AAAA-MM-GG' : 'YYYY-MM-DD';
  $('#date-from').placeholder = datePh;
  $('#date-to').placeholder = datePh;
  document.title = state.q ? `${state.q} · Rassegna` : 'Rassegna';
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers
// ---------------------------------------------------------------------------------------------

const $ = (sel) => document.querySelector(sel);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// Appends server HTML that may contain only text and <mark>. It is parsed in an inert <template>
// (nothing loads or runs there), then re-built from text nodes and <mark> elements alone, so even a
// server bug could not inject markup. Returns the number of <mark> elements added.
function appendMarkedHtml(parent, html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = String(html ?? '');
  let marks = 0;
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(document.createTextNode(node.data));
      } else if (node.nodeType === Node.ELEMENT_NODE && node.localName === 'mark') {
        const m = document.createElement('mark');
        m.textContent = node.textContent;
        to.append(m);
        marks++;
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        copy(node, to);   // unknown element: keep its text only
      }
    }
  };
  copy(tpl.content, parent);
  return marks;
}

// The words a snippet or body marked, to highlight the same words in a title.
function markedWords(html) {
  const words = new Set();
  for (const m of String(html ?? '').matchAll(/<mark>([^<]*)<\/mark>/g)) {
    const w = decodeEntities(m[1]).trim().toLowerCase();
    if (w) words.add(w);
  }
  return words;
}

function decodeEntities(s) {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (m, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e]);
}

// Appends `text` to `parent` as text nodes, wrapping whole-word occurrences of `words` in <mark>.
function appendHighlightedText(parent, text, words) {
  text = String(text ?? '');
  if (!words || words.size === 0) { parent.append(text); return; }
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    parent.append(el('mark', { text: m[0] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

function safeHttpUrl(url) {
  try {
    const u = new URL(String(url), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function isEditable(node) {
  if (!node || node === document.body) return false;
  if (node.isContentEditable) return true;
  const tag = node.localName;
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(node.type);
  return false;
}

// ---------------------------------------------------------------------------------------------
// State <-> URL
// ---------------------------------------------------------------------------------------------

const EMPTY_STATE = Object.freeze({ q: '', companies: [], lang: '', from: '', to: '', sort: 'relevance', page: 1, doc: '' });

function stateFromUrl(search = location.search) {
  const p = new URLSearchParams(search);
  const page = parseInt(p.get('page') || '1', 10);
  const lang = p.get('lang') || '';
  return {
    q: (p.get('q') || '').trim(),
    companies: [...new Set(p.getAll('company').map((c) => c.trim()).filter(Boolean))],
    lang: lang === 'it' || lang === 'en' ? lang : '',
    from: (p.get('from') || '').trim(),
    to: (p.get('to') || '').trim(),
    sort: p.get('sort') === 'date' ? 'date' : 'relevance',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    doc: p.get('doc') || '',
  };
}

function urlFromState(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const c of s.companies) p.append('company', c);
  if (s.lang) p.set('lang', s.lang);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.doc) p.set('doc', s.doc);
  const qs = p.toString();
  return qs ? `?${qs}` : location.pathname;
}

// The part of the state that decides the search request (not the open article).
function searchKey(s) {
  return JSON.stringify([s.q, s.companies, s.lang, s.from, s.to, s.sort, s.page]);
}

const hasFilters = (s) => s.companies.length > 0 || !!s.lang || !!s.from || !!s.to;
// Nothing asked yet: the welcome page ("newest first" with no words browses the archive instead).
const isEmptySearch = (s) => !s.q && !hasFilters(s) && s.sort === 'relevance';

let state = stateFromUrl();
let typingEntry = false;   // the current history entry was made by typing; later keystrokes replace it
let docPushed = false;     // the open article added a history entry, so closing it goes Back

function navigate(next, { replace = false } = {}) {
  state = { ...next };
  const url = urlFromState(state);
  const current = location.search || location.pathname;
  if (url !== current) history[replace ? 'replaceState' : 'pushState'](null, '', url);
  update();
}

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

async function api(path, signal) {
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

function searchUrl(s, { facets = true, size = PAGE_SIZE, filters = true } = {}) {
  const p = new URLSearchParams();
  p.set('q', s.q);
  if (filters) {
    for (const c of s.companies) p.append('company', c);
    if (s.lang) p.set('lang', s.lang);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
  }
  p.set('sort', s.sort);
  p.set('page', String(s.page));
  p.set('size', String(size));
  if (facets) p.set('facets', '1');
  return `/api/search?${p}`;
}

// ---------------------------------------------------------------------------------------------
// Search cycle
// ---------------------------------------------------------------------------------------------

let lastKey = null;        // searchKey of what is shown (or being fetched)
let result = null;         // last successful answer
let resultState = null;    // the state that answer belongs to
let searchError = null;    // ApiError of the last attempt, if it failed
let inFlight = null;       // AbortController of the running search
let loadingTimer = 0;
let stats = null;

function update() {
  syncControls();
  // Re-render results only for a new search: rebuilding the list would lose the keyboard focus.
  renderActiveFilters();
  if (searchKey(state) !== lastKey) runSearch();
  syncReader();
}

async function runSearch() {
  const s = { ...state, companies: [...state.companies] };
  lastKey = searchKey(s);
  if (inFlight) inFlight.abort();
  const ctrl = new AbortController();
  inFlight = ctrl;
  setLoading(true);
  try {
    const r = await api(searchUrl(s), ctrl.signal);
    if (ctrl !== inFlight) return;
    result = r;
    resultState = s;
    searchError = null;
    if (r.total === 0 && hasFilters(s) && s.q) {
      // Hint for an empty answer: how many matches the words have without filters.
      api(searchUrl({ ...s, page: 1 }, { filters: false }), ctrl.signal)   // facets=1 makes the total exact
        .then((u) => {
          r.unfiltered = { total: u.total, exact: u.total_exact !== false };
          if (result === r) renderMessage();
        })
        .catch(() => {});
    }
  } catch (e) {
    if (e.name === 'AbortError' || ctrl !== inFlight) return;
    searchError = e;
    resultState = s;
  }
  inFlight = null;
  setLoading(false);
  render();
  syncReader();
}

function setLoading(on) {
  clearTimeout(loadingTimer);
  const main = $('#main');
  if (on) {
    document.body.classList.add('is-fetching');
    main.setAttribute('aria-busy', 'true');
    loadingTimer = setTimeout(() => {
      main.classList.add('is-loading');
      if (!result) renderSkeleton();
      $('#status').textContent = t('searching');
    }, LOADING_DELAY_MS);
  } else {
    document.body.classList.remove('is-fetching');
    main.removeAttribute('aria-busy');
    main.classList.remove('is-loading');
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function syncControls() {
  const q = $('#q');
  // Never rewrite the box under the user's fingers; popstate sets it explicitly.
  if (document.activeElement !== q && q.value.trim() !== state.q) q.value = state.q;
  $('#q-clear').hidden = q.value === '';
  for (const r of document.querySelectorAll('input[name="lang"]')) r.checked = r.value === state.lang;
  $('#sort').value = state.sort;
  const from = $('#date-from');
  const to = $('#date-to');
  if (document.activeElement !== from) from.value = state.from;
  if (document.activeElement !== to) to.value = state.to;
  $('#range-error').hidden = true;
  from.removeAttribute('aria-invalid');
  to.removeAttribute('aria-invalid');
  document.title = state.q ? `${state.q} · Rassegna` : 'Rassegna';
  const n = state.companies.length + (state.lang ? 1 : 0) + (state.from || state.to ? 1 : 0);
  const badge = $('#filters-count');
  badge.hidden = n === 0;
  badge.textContent = String(n);
}

function render() {
  renderStatus();
  renderCompanies();
  renderHistogram();
  renderHits();
  renderMessage();
  renderPager();
}

function renderSkeleton() {
  const list = $('#hits');
  list.replaceChildren();
  for (let i = 0; i < 3; i++) {
    list.append(el('li', { class: 'hit skeleton', 'aria-hidden': 'true' },
      el('span', { class: 'sk sk-title' }), el('span', { class: 'sk sk-meta' }),
      el('span', { class: 'sk sk-line' }), el('span', { class: 'sk sk-line short' })));
  }
}

function renderStatus() {
  const status = $('#status');
  status.replaceChildren();
  if (searchError) return;
  if (!result) return;
  const s = resultState;
  const totalText = result.total_exact === false ? t('aboutCount', { n: fmtInt(result.total) }) : fmtInt(result.total);
  if (isEmptySearch(s)) {
    status.append(el('strong', { text: t('archiveCount', { articles: articlesText(result.total) }) }));
    return;
  }
  if (result.total === 0) {
    status.append(el('strong', { text: articlesText(0) }));
  } else if (!result.hits || result.hits.length === 0) {
    status.append(el('strong', { text: articlesText(result.total) }));
  } else {
    const first = (s.page - 1) * PAGE_SIZE + 1;
    const last = first + (result.hits?.length || 0) - 1;
    if (result.total <= PAGE_SIZE && s.page === 1) {
      status.append(el('strong', { class: 'total', text: result.total_exact === false ? t('aboutCount', { n: articlesText(result.total) }) : articlesText(result.total) }));
    } else {
      status.append(el('strong', { class: 'total', text: t('showing', { first: fmtInt(first), last: fmtInt(Math.max(first, last)), total: totalText }) }));
    }
  }
  status.append(el('span', { class: 'took', text: ` · ${t('took', { ms: formatMs(result.took_ms) })}` }));
}

function filterChips(s) {
  const chips = [];
  for (const c of s.companies) {
    chips.push({ label: t('companyChip', { name: c }), kind: 'company', remove: () => ({ ...s, companies: s.companies.filter((x) => x !== c), page: 1 }) });
  }
  if (s.lang) chips.push({ label: t('langChip', { name: langName(s.lang) }), kind: 'lang', remove: () => ({ ...s, lang: '', page: 1 }) });
  if (s.from || s.to) {
    let label;
    if (s.from && s.from === s.to) label = t('periodChip', { period: formatPeriod(s.from, 'long') });
    else if (s.from && s.to) label = t('periodChip', { period: t('rangeChip', { from: formatPeriod(s.from), to: formatPeriod(s.to) }) });
    else if (s.from) label = t('fromChip', { period: formatPeriod(s.from) });
    else label = t('toChip', { period: formatPeriod(s.to) });
    chips.push({ label, kind: 'date', remove: () => ({ ...s, from: '', to: '', page: 1 }) });
  }
  return chips;
}

function renderActiveFilters() {
  const box = $('#active-filters');
  const chips = filterChips(state);
  box.hidden = chips.length === 0;
  box.replaceChildren();
  if (!chips.length) return;
  const list = el('ul', { class: 'chips' });
  for (const c of chips) {
    list.append(el('li', {},
      el('button', {
        type: 'button', class: `chip chip-removable chip-${c.kind}`, 'aria-label': t('removeFilter', { label: c.label }),
        onclick: () => { navigate(c.remove()); focusAfterChipRemoval(); },
      }, el('span', { text: c.label }), el('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }))));
  }
  box.append(list);
  if (chips.length > 1 || state.companies.length > 0) {
    box.append(el('button', { type: 'button', class: 'link-button', id: 'clear-all', text: t('clearAll'), onclick: () => { clearAllFilters(); $('#q').focus({ preventScroll: true }); } }));
  }
}

// The removed chip is gone: keep the keyboard user in the row (first chip left) or in the search box.
function focusAfterChipRemoval() {
  const next = document.querySelector('#active-filters .chip');
  (next || $('#q')).focus({ preventScroll: true });
}

function clearAllFilters() {
  navigate({ ...state, companies: [], lang: '', from: '', to: '', page: 1 });
}

// --- companies facet -------------------------------------------------------------------------

const fold = (s) => String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function renderCompanies() {
  const list = $('#company-list');
  const note = $('#company-note');
  const facet = (result && result.facets && Array.isArray(result.facets.company)) ? result.facets.company : [];
  const selected = new Set(state.companies);
  const items = facet.map((b) => ({ value: b.value, count: b.count }));
  // Selected companies stay visible even when the facet does not list them.
  const listed = new Set(items.map((i) => i.value));
  for (const c of state.companies) if (!listed.has(c)) items.unshift({ value: c, count: null });
  items.sort((a, b) => (selected.has(b.value) - selected.has(a.value)));

  const filterText = $('#company-filter').value.trim();
  $('#company-filter-wrap').hidden = items.length <= 8 && !filterText;
  $('#company-clear').hidden = state.companies.length === 0;

  const needle = fold(filterText);
  const shown = needle ? items.filter((i) => fold(i.value).includes(needle) || selected.has(i.value)) : items;

  const focusedValue = document.activeElement && document.activeElement.closest && document.activeElement.closest('#company-list')
    ? document.activeElement.value : null;
  list.replaceChildren();
  for (const item of shown) {
    const id = `company-${hashId(item.value)}`;
    const cb = el('input', {
      type: 'checkbox', id, value: item.value, checked: selected.has(item.value),
      onchange: (e) => toggleCompany(item.value, e.target.checked),
    });
    const row = el('li', { class: `facet-item${selected.has(item.value) ? ' is-selected' : ''}` },
      cb,
      el('label', { for: id },
        el('span', { class: 'facet-name', text: item.value }),
        el('span', { class: 'facet-count', text: item.count === null ? '–' : fmtInt(item.count) })));
    list.append(row);
    if (focusedValue === item.value) cb.focus();
  }
  note.hidden = false;
  if (!result) note.hidden = true;
  else if (items.length === 0) note.textContent = t('noCompanies');
  else if (shown.length === 0) note.textContent = t('noCompanyMatch', { text: filterText });
  else if (state.companies.length > 1) note.textContent = t('companyAny');
  else note.hidden = true;
}

function hashId(s) {
  let h = 2166136261;
  for (const ch of String(s)) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  return (h >>> 0).toString(36);
}

function toggleCompany(value, on) {
  const set = new Set(state.companies);
  if (on) set.add(value); else set.delete(value);
  navigate({ ...state, companies: [...set], page: 1, doc: '' });
}

// --- date histogram ----------------------------------------------------------------------------

// Does bucket value `v` (YYYY, YYYY-MM or YYYY-MM-DD) fall inside [from, to] (any precision)?
function inRange(v, from, to) {
  if (!from && !to) return false;
  const lo = v;                                 // first day of the bucket, as a prefix
  const hi = v + '\uffff';                      // last day of the bucket
  if (from && hi < from) return false;
  if (to && lo > to + '\uffff') return false;
  return true;
}

function renderHistogram() {
  const hist = $('#histogram');
  const axis = $('#histogram-axis');
  const note = $('#histogram-note');
  const gran = $('#granularity');
  const date = result && result.facets && result.facets.date;
  const buckets = date && Array.isArray(date.buckets) ? date.buckets : [];
  const focusedBar = hist.contains(document.activeElement) ? document.activeElement.dataset.value : null;
  hist.replaceChildren();
  axis.replaceChildren();
  $('#histogram-tip').hidden = true;
  gran.textContent = date && date.granularity ? t({ year: 'byYear', month: 'byMonth', day: 'byDay' }[date.granularity] || 'byMonth') : '';
  hist.classList.toggle('dense', buckets.length > 90);
  hist.classList.toggle('has-range', !!(state.from || state.to));

  const notes = [];
  if (date && date.undated > 0) notes.push(t('undated', { count: fmtInt(date.undated) }));
  if (buckets.length === 0) {
    if (result) notes.unshift(t('noDates'));
    hist.classList.add('empty');
  } else {
    hist.classList.remove('empty');
    notes.push(t('histogramHelp'));
  }
  note.textContent = notes.join(' · ');
  if (!buckets.length) return;

  const max = Math.max(1, ...buckets.map((b) => b.count));
  let tabStop = -1;
  const bars = buckets.map((b, i) => {
    const selected = inRange(b.value, state.from, state.to);
    const label = t('barLabel', { period: formatPeriod(b.value, 'long'), count: articlesText(b.count) });
    const bar = el('button', {
      type: 'button', class: `bar${selected ? ' is-selected' : ''}${b.count === 0 ? ' is-zero' : ''}`,
      'aria-label': label, 'aria-pressed': String(selected), tabindex: '-1',
      'aria-disabled': b.count === 0 ? 'true' : null,
      dataset: { value: b.value, count: String(b.count), index: String(i) },
    }, el('span', { class: 'bar-fill' }));
    bar.firstChild.style.height = b.count ? `${Math.max(3, (b.count / max) * 100)}%` : '0';
    if (selected && tabStop < 0 && b.count > 0) tabStop = i;
    return bar;
  });
  const refocus = focusedBar ? buckets.findIndex((b) => b.value === focusedBar) : -1;
  if (refocus >= 0) tabStop = refocus;
  if (tabStop < 0) tabStop = buckets.findIndex((b) => b.count > 0);
  if (tabStop >= 0) bars[tabStop].tabIndex = 0;
  hist.append(...bars);
  if (refocus >= 0) bars[refocus].focus({ preventScroll: true });

  // Axis labels. Wide bars: every bucket ("Mar 2021"). Medium: two lines, every bucket's month (or
  // day) and below it the year (or month) where it changes. Narrow: period boundaries only.
  // Labels that would touch their neighbour on the same line are dropped.
  const g = date.granularity;
  const width = hist.clientWidth || 600;
  const center = (i) => (bars[i].offsetWidth ? bars[i].offsetLeft + bars[i].offsetWidth / 2 : ((i + 0.5) / buckets.length) * width);
  const pitch = buckets.length > 1 ? center(1) - center(0) : width;
  const lastRight = { minor: -Infinity, major: -Infinity };
  const addTick = (i, text, line) => {
    const half = text.length * 3.6 + 5;   // about half the label's width at 12px, plus a gap
    const x = center(i);
    if (x - half < lastRight[line]) return;
    lastRight[line] = x + half;
    const pos = (x / width) * 100;
    const edge = pos < 4 ? ' tick-start' : pos > 96 ? ' tick-end' : '';
    const tick = el('span', { class: `tick tick-${line}${edge}`, text });
    tick.style.left = `${pos}%`;
    axis.append(tick);
  };
  const monthShort = (v) => new Intl.DateTimeFormat(uiLang, { timeZone: 'UTC', month: 'short' }).format(new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, 1)));
  let twoLines = false;
  if (g === 'year' || (g === 'month' && pitch >= 76)) {
    buckets.forEach((b, i) => addTick(i, g === 'year' ? b.value : formatPeriod(b.value), 'minor'));
  } else if (g === 'day' && pitch >= 76) {
    buckets.forEach((b, i) => addTick(i, formatDayShort(b.value), 'minor'));
  } else if (pitch >= 26) {
    twoLines = true;
    buckets.forEach((b, i) => {
      const v = b.value;
      addTick(i, g === 'month' ? monthShort(v) : String(+v.slice(8, 10)), 'minor');
      if (i === 0 || v.endsWith('-01')) addTick(i, g === 'month' ? v.slice(0, 4) : formatPeriod(v.slice(0, 7)), 'major');
    });
  } else {
    const boundary = (v) => v.endsWith('-01');
    const first = buckets.findIndex((b) => boundary(b.value));
    if (first < 0 || center(first) - center(0) > 80) {
      addTick(0, formatPeriod(g === 'month' ? buckets[0].value : buckets[0].value.slice(0, 7)), 'minor');
    }
    buckets.forEach((b, i) => {
      if (boundary(b.value)) addTick(i, g === 'month' ? b.value.slice(0, 4) : formatPeriod(b.value.slice(0, 7)), 'minor');
    });
  }
  axis.classList.toggle('two-lines', twoLines);
}

function showHistogramTip(bar) {
  const tip = $('#histogram-tip');
  if (!bar || !bar.dataset.value) { tip.hidden = true; return; }
  tip.textContent = t('barLabel', { period: formatPeriod(bar.dataset.value, 'long'), count: articlesText(+bar.dataset.count) });
  tip.hidden = false;
  const wrap = $('#histogram').getBoundingClientRect();
  const r = bar.getBoundingClientRect();
  const center = r.left + r.width / 2 - wrap.left;
  const half = tip.offsetWidth / 2;
  tip.style.left = `${Math.min(Math.max(center, half), wrap.width - half)}px`;
}

function onBarActivate(bar, extend) {
  if (!bar || bar.getAttribute('aria-disabled') === 'true') return;
  const v = bar.dataset.value;
  let from = v;
  let to = v;
  if (extend && (state.from || state.to)) {
    const lo = [state.from || state.to, v].sort()[0];
    const hi = [state.to || state.from, v].sort()[1];
    from = lo.length <= v.length ? lo : lo.slice(0, v.length);
    to = hi.length <= v.length ? hi : hi.slice(0, v.length);
  } else if (state.from === v && state.to === v) {
    from = ''; to = '';   // a second click on the selected bar clears the period
  }
  bar.focus();   // kept on the same period when the histogram is re-drawn
  navigate({ ...state, from, to, page: 1, doc: '' });
}

// --- hits ----------------------------------------------------------------------------------

function renderHits() {
  const list = $('#hits');
  const hadFocus = list.contains(document.activeElement);
  const focusedId = hadFocus ? document.activeElement.closest('.hit')?.querySelector('.hit-title')?.dataset.id : null;
  list.replaceChildren();
  if (hadFocus) {
    // Keep the keyboard user in the results: the same article if still listed, else the list.
    queueMicrotask(() => {
      const same = hitLinks().find((a) => a.dataset.id === focusedId);
      (same || $('#results')).focus({ preventScroll: true });
    });
  }
  if (!result || searchError || isEmptySearch(resultState)) return;
  const s = resultState;
  const selected = new Set(s.companies);
  (result.hits || []).forEach((h, i) => {
    const words = markedWords(h.snippet);
    const titleLink = el('a', {
      class: 'hit-title', href: urlFromState({ ...s, doc: h.id }), dataset: { id: h.id }, lang: h.lang || null,
    });
    appendHighlightedText(titleLink, h.title || h.id, words);
    const meta = el('p', { class: 'hit-meta' });
    if (h.source) meta.append(el('span', { class: 'hit-source', text: h.source }));
    meta.append(h.date
      ? el('time', { datetime: String(h.date).slice(0, 10), text: formatPeriod(h.date, 'short') })
      : el('span', { class: 'muted', text: t('undatedArticle') }));
    if (h.lang) meta.append(el('span', { class: 'lang-badge', lang: h.lang, title: langName(h.lang), text: h.lang.toUpperCase() }));

    const snippet = el('p', { class: 'hit-snippet', lang: h.lang || null });
    appendMarkedHtml(snippet, h.snippet);

    const companies = el('ul', { class: 'chips hit-companies' });
    for (const c of h.companies || []) {
      companies.append(el('li', {}, el('button', {
        type: 'button', class: `chip chip-company${selected.has(c) ? ' is-on' : ''}`, text: c,
        title: t('filterByCompany', { name: c }), 'aria-pressed': String(selected.has(c)),
        onclick: () => toggleCompany(c, !state.companies.includes(c)),
      })));
    }
    list.append(el('li', { class: 'hit', dataset: { index: String(i) } },
      el('h3', { class: 'hit-heading' }, titleLink),
      meta,
      snippet,
      companies.childElementCount ? companies : null));
  });
}

function renderMessage() {
  const box = $('#message');
  box.replaceChildren();
  box.hidden = true;
  box.removeAttribute('role');
  if (searchError) {
    box.hidden = false;
    box.className = 'message message-error';
    box.setAttribute('role', 'alert');
    box.append(
      el('h3', { text: t('errorTitle') }),
      el('p', { class: 'error-text', text: searchError.message }),
      el('button', { type: 'button', class: 'button', text: t('retry'), onclick: () => { lastKey = null; update(); } }));
    return;
  }
  if (!result) return;
  const s = resultState;
  if (isEmptySearch(s)) {
    box.hidden = false;
    box.className = 'message message-welcome';
    box.append(el('h3', { text: t('welcomeTitle') }), el('p', { text: t('welcomeText') }));
    if (stats && stats.articles) {
      box.append(el('p', { class: 'welcome-stats', text: t('welcomeStats', { articles: articlesText(stats.articles), first: formatPeriod(stats.first_date, 'long'), last: formatPeriod(stats.last_date, 'long') }) }));
    }
    const tries = el('p', { class: 'try' }, el('span', { text: t('tryThese') }));
    for (const w of ['tiktok', 'amministrazione', 'microsoft', 'apple']) {
      tries.append(' ', el('a', { class: 'chip chip-suggest', href: urlFromState({ ...EMPTY_STATE, q: w }), dataset: { q: w }, text: w }));
    }
    box.append(tries);
    box.append(el('p', {}, el('a', { class: 'browse-link', href: urlFromState({ ...EMPTY_STATE, sort: 'date' }), dataset: { browse: '1' }, text: `${t('browseAll')} →` })));
    const tips = el('dl', { class: 'tips' });
    for (const [code, key] of [['"exact phrase"', 'tipPhrase'], ['tiktok OR twitch', 'tipOr'], ['apple -iphone', 'tipNot'], ['title:oracle', 'tipTitle']]) {
      tips.append(el('div', {}, el('dt', {}, el('code', { text: code })), el('dd', { text: t(key) })));
    }
    box.append(el('h4', { text: t('tipsTitle') }), tips);
    return;
  }
  if (result.total > 0 && (!result.hits || result.hits.length === 0) && s.page > 1) {
    const last = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    box.hidden = false;
    box.className = 'message message-empty';
    box.append(el('h3', { text: t('pastLastPage', { page: s.page, last }) }),
      el('p', {}, el('a', { class: 'button small', href: urlFromState({ ...s, page: last, doc: '' }), dataset: { page: String(last) }, text: t('goToPage', { n: last }) })));
    return;
  }
  if (result.total === 0) {
    box.hidden = false;
    box.className = 'message message-empty';
    const q = s.q ? `“${s.q}”` : '';
    box.append(el('h3', { text: t(hasFilters(s) ? 'noResultsFilteredTitle' : 'noResultsTitle', { query: q }).replace(/\s+\./, '.') }));
    const hints = el('ul', { class: 'hints' });
    if (hasFilters(s)) {
      const li = el('li', {});
      const u = result.unfiltered;
      if (u && u.total > 0) {
        const count = u.exact ? articlesText(u.total) : t('aboutCount', { n: articlesText(u.total) });
        li.append(t('noResultsWithoutFilters', { count }), ' ');
      }
      li.append(el('button', { type: 'button', class: 'button small', text: t('removeAllFilters'), onclick: clearAllFilters }));
      hints.append(li);
    }
    if (s.q) {
      hints.append(el('li', { text: t('noResultsHintWords') }), el('li', { text: t('noResultsHintSpelling') }));
    }
    box.append(hints);
  }
}

function renderPager() {
  const nav = $('#pager');
  nav.replaceChildren();
  if (!result || searchError || isEmptySearch(resultState) || !result.total) { nav.hidden = true; return; }
  const s = resultState;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (pages <= 1 && s.page <= 1) { nav.hidden = true; return; }
  nav.hidden = false;
  const link = (page, content, { label, current = false, cls = '' } = {}) => {
    if (page < 1 || page > Math.max(pages, s.page) || current) {
      return el('span', { class: `page ${cls}${current ? ' is-current' : ' is-disabled'}`, 'aria-current': current ? 'page' : null, 'aria-disabled': current ? null : 'true' }, content);
    }
    return el('a', { class: `page ${cls}`, href: urlFromState({ ...s, page, doc: '' }), 'aria-label': label, dataset: { page: String(page) } }, content);
  };
  const list = el('ul', {});
  list.append(el('li', {}, link(s.page - 1, `‹ ${t('previous')}`, { cls: 'page-prev' })));
  const shown = new Set([1, pages, s.page - 1, s.page, s.page + 1]);
  if (s.page <= 3) [2, 3, 4].forEach((n) => shown.add(n));
  if (s.page >= pages - 2) [pages - 1, pages - 2, pages - 3].forEach((n) => shown.add(n));
  let prev = 0;
  for (const n of [...shown].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b)) {
    if (n - prev > 1) list.append(el('li', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
    list.append(el('li', { class: 'page-number' }, link(n, fmtInt(n), { label: t('pageN', { n }), current: n === s.page })));
    prev = n;
  }
  list.append(el('li', {}, link(s.page + 1, `${t('next')} ›`, { cls: 'page-next' })));
  nav.append(list);
}

// --- footer stats ----------------------------------------------------------------------------

function renderStats() {
  const p = $('#archive-stats');
  p.textContent = '';
  if (!stats || typeof stats.articles !== 'number') return;
  const by = stats.by_lang || {};
  p.textContent = t('archiveLine', {
    articles: articlesText(stats.articles), it: fmtInt(by.it || 0), en: fmtInt(by.en || 0),
    first: formatPeriod(stats.first_date), last: formatPeriod(stats.last_date),
  });
  const when = stats.last_update ? new Date(stats.last_update) : null;
  if (when && !isNaN(when)) {
    p.textContent += ` · ${t('updated', { when: new Intl.DateTimeFormat(uiLang, { dateStyle: 'medium', timeStyle: 'short' }).format(when) })}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Article reader
// ---------------------------------------------------------------------------------------------

let readerDoc = '';          // id shown (or loading) in the reader
let readerCtrl = null;

function syncReader() {
  const dlg = $('#reader');
  if (!state.doc) {
    if (dlg.open) dlg.close();
    readerDoc = '';
    return;
  }
  if (!dlg.open) {
    dlg.showModal();
    document.body.classList.add('reader-open');
    $('#reader-title').focus({ preventScroll: true });   // read first; arrows scroll, Esc closes
  }
  updateReaderNav();
  if (readerDoc === state.doc + '\u0000' + state.q) return;
  readerDoc = state.doc + '\u0000' + state.q;
  loadArticle(state.doc, state.q);
}

function currentHitIds() {
  if (!result || searchError || !resultState || searchKey(resultState) !== searchKey(state)) return [];
  return (result.hits || []).map((h) => h.id);
}

function updateReaderNav() {
  const ids = currentHitIds();
  const i = ids.indexOf(state.doc);
  const prev = $('#reader-prev');
  const next = $('#reader-next');
  const pos = $('#reader-position');
  const visible = i >= 0;
  prev.hidden = next.hidden = !visible;
  pos.textContent = visible ? t('positionOf', { n: fmtInt((state.page - 1) * PAGE_SIZE + i + 1), total: fmtInt(result.total) }) : '';
  prev.disabled = i <= 0;
  next.disabled = i < 0 || i >= ids.length - 1;
}

function readerStep(delta) {
  const ids = currentHitIds();
  const i = ids.indexOf(state.doc);
  if (i < 0 || !ids[i + delta]) return;
  navigate({ ...state, doc: ids[i + delta] }, { replace: true });
}

async function loadArticle(id, q) {
  if (readerCtrl) readerCtrl.abort();
  const ctrl = new AbortController();
  readerCtrl = ctrl;
  const body = $('#reader-body');
  body.classList.add('is-loading');
  body.setAttribute('aria-busy', 'true');
  $('#reader-meta').replaceChildren();
  $('#reader-title').textContent = t('loadingArticle');
  $('#reader-companies').replaceChildren();
  $('#reader-text').replaceChildren();
  $('#reader-highlights').hidden = true;
  $('#reader-original').hidden = true;
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  try {
    const a = await api(`/api/articles/${encodeURIComponent(id)}${q ? `?${p}` : ''}`, ctrl.signal);
    if (ctrl !== readerCtrl) return;
    renderArticle(a);
  } catch (e) {
    if (e.name === 'AbortError' || ctrl !== readerCtrl) return;
    $('#reader-title').textContent = t('articleErrorTitle');
    $('#reader-text').replaceChildren(el('p', { class: 'message message-error error-text', role: 'alert', text: e.message }));
  } finally {
    if (ctrl === readerCtrl) {
      body.classList.remove('is-loading');
      body.removeAttribute('aria-busy');
    }
  }
}

function renderArticle(a) {
  const meta = $('#reader-meta');
  meta.replaceChildren();
  if (a.source) meta.append(el('span', { class: 'hit-source', text: a.source }));
  meta.append(a.date
    ? el('time', { datetime: String(a.date).slice(0, 10), text: formatPeriod(a.date, 'long') })
    : el('span', { text: t('undatedArticle') }));
  if (a.lang) meta.append(el('span', { class: 'lang-badge', lang: a.lang, title: langName(a.lang), text: a.lang.toUpperCase() }));

  const text = $('#reader-text');
  text.replaceChildren();
  let marks = 0;
  if (typeof a.body_html === 'string') marks = appendMarkedHtml(text, a.body_html);
  else text.textContent = a.body || '';
  if (a.lang) text.lang = a.lang; else text.removeAttribute('lang');

  const title = $('#reader-title');
  title.replaceChildren();
  appendHighlightedText(title, a.title || a.id, markedWords(a.body_html));
  if (a.lang) title.lang = a.lang; else title.removeAttribute('lang');

  const chips = $('#reader-companies');
  chips.replaceChildren();
  const selected = new Set(state.companies);
  for (const c of a.companies || []) {
    chips.append(el('li', {}, el('button', {
      type: 'button', class: `chip chip-company${selected.has(c) ? ' is-on' : ''}`, text: c,
      title: t('filterByCompany', { name: c }), 'aria-pressed': String(selected.has(c)),
      onclick: () => { docPushed = false; toggleCompany(c, !state.companies.includes(c)); },
    })));
  }

  const hl = $('#reader-highlights');
  hl.replaceChildren();
  hl.hidden = marks === 0;
  if (marks) {
    let at = -1;
    hl.append(el('span', { text: t('highlights', { n: marks }) }), ' ',
      el('button', {
        type: 'button', class: 'link-button', text: `${t('nextHighlight')} ↓`, onclick: () => {
          const all = text.querySelectorAll('mark');
          if (!all.length) return;
          all.forEach((m) => m.classList.remove('is-current'));
          at = (at + 1) % all.length;
          all[at].classList.add('is-current');
          all[at].scrollIntoView({ block: 'center', behavior: 'smooth' });
        },
      }));
  }

  const orig = $('#reader-original');
  orig.replaceChildren();
  const href = safeHttpUrl(a.url);
  orig.hidden = !href;
  if (href) {
    let host = '';
    try { host = new URL(href).host; } catch { /* shown without host */ }
    orig.append(el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, `${t('openOriginal')} ↗`),
      host ? el('span', { class: 'muted', text: ` ${host}` }) : null);
  }
  $('#reader .reader-body').scrollTop = 0;
  $('#reader').scrollTop = 0;
}

function closeReader() {
  const dlg = $('#reader');
  if (dlg.open) dlg.close();
}

function onReaderClosed() {
  document.body.classList.remove('reader-open');
  readerDoc = '';
  if (readerCtrl) { readerCtrl.abort(); readerCtrl = null; }
  if (!state.doc) return;
  const id = state.doc;
  if (docPushed) {
    docPushed = false;
    history.back();   // popstate brings back the search without the article
  } else {
    navigate({ ...state, doc: '' }, { replace: true });
  }
  refocusHit(id);
}

// After the reader closes, focus the hit last read (the dialog itself restores the one that opened it).
function refocusHit(id) {
  const link = hitLinks().find((a) => a.dataset.id === id);
  if (link) link.focus();
}

function openArticle(id) {
  typingEntry = false;
  docPushed = true;
  navigate({ ...state, doc: id });
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

let typingTimer = 0;

function commitQuery({ fromEnter = false } = {}) {
  clearTimeout(typingTimer);
  const q = $('#q').value.trim();
  if (q === state.q) {
    if (fromEnter) {
      typingEntry = false;
      if (searchError) { lastKey = null; update(); }
    }
    return;
  }
  const replace = typingEntry;
  typingEntry = !fromEnter;
  navigate({ ...state, q, page: 1, doc: '' }, { replace });
}

function clearQuery() {
  const q = $('#q');
  q.value = '';
  $('#q-clear').hidden = true;
  q.focus();
  commitQuery({ fromEnter: true });
}

function hitLinks() {
  return [...document.querySelectorAll('#hits .hit-title')];
}

function moveHit(delta) {
  const links = hitLinks();
  if (!links.length) return false;
  const i = links.indexOf(document.activeElement.closest && document.activeElement.closest('.hit')?.querySelector('.hit-title'));
  let next = i < 0 ? (delta > 0 ? 0 : links.length - 1) : i + delta;
  if (next < 0) { $('#q').focus(); return true; }
  next = Math.min(next, links.length - 1);
  links[next].focus();
  links[next].closest('.hit').scrollIntoView({ block: 'nearest' });
  return true;
}

function wireEvents() {
  const q = $('#q');
  q.addEventListener('input', (e) => {
    if (e.isComposing) return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => commitQuery(), TYPING_DELAY_MS);
  });
  q.addEventListener('blur', () => { typingEntry = false; });
  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    commitQuery({ fromEnter: true });
  });
  q.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && !e.altKey) {
      if (moveHit(1)) e.preventDefault();
    } else if (e.key === 'Escape' && q.value) {
      e.preventDefault();
      clearQuery();
    }
  });
  q.addEventListener('input', () => { $('#q-clear').hidden = q.value === ''; });
  $('#q-clear').addEventListener('click', clearQuery);

  $('#home-link').addEventListener('click', (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    typingEntry = false;
    docPushed = false;
    navigate({ ...EMPTY_STATE });
    $('#q').focus();
  });

  for (const b of document.querySelectorAll('[data-ui-lang]')) {
    b.addEventListener('click', () => setUiLanguage(b.dataset.uiLang));
  }

  $('#lang-filter').addEventListener('change', (e) => {
    if (e.target.name === 'lang') navigate({ ...state, lang: e.target.value, page: 1, doc: '' });
  });
  $('#sort').addEventListener('change', (e) => navigate({ ...state, sort: e.target.value, page: 1, doc: '' }));

  $('#company-filter').addEventListener('input', renderCompanies);
  $('#company-filter').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const first = $('#company-list input[type=checkbox]:not(:checked)');
      if (first) { first.click(); $('#company-filter').value = ''; renderCompanies(); }
    }
  });
  $('#company-clear').addEventListener('click', () => navigate({ ...state, companies: [], page: 1, doc: '' }));

  $('#range-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const from = $('#date-from');
    const to = $('#date-to');
    const err = $('#range-error');
    for (const input of [from, to]) {
      const v = input.value.trim();
      if (v && !DATE_RE.test(v)) {
        err.textContent = t('badDate', { value: v });
        err.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
    }
    const f = from.value.trim();
    const tt = to.value.trim();
    if (f && tt && f.slice(0, Math.min(f.length, tt.length)) > tt.slice(0, Math.min(f.length, tt.length))) {
      err.textContent = t('badRange');
      err.hidden = false;
      from.setAttribute('aria-invalid', 'true');
      return;
    }
    err.hidden = true;
    navigate({ ...state, from: f, to: tt, page: 1, doc: '' });
  });

  const hist = $('#histogram');
  hist.addEventListener('click', (e) => onBarActivate(e.target.closest('.bar'), e.shiftKey));
  hist.addEventListener('mouseover', (e) => showHistogramTip(e.target.closest('.bar')));
  hist.addEventListener('mouseleave', () => showHistogramTip(null));
  hist.addEventListener('focusin', (e) => showHistogramTip(e.target.closest('.bar')));
  hist.addEventListener('focusout', () => showHistogramTip(null));
  hist.addEventListener('keydown', (e) => {
    const bars = [...hist.querySelectorAll('.bar:not(.is-zero)')];
    const i = bars.indexOf(document.activeElement);
    let next = -1;
    if (e.key === 'ArrowRight') next = Math.min(bars.length - 1, i + 1);
    else if (e.key === 'ArrowLeft') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = bars.length - 1;
    if (next < 0 || !bars[next]) return;
    e.preventDefault();
    for (const b of hist.querySelectorAll('.bar')) b.tabIndex = -1;
    bars[next].tabIndex = 0;
    bars[next].focus();
  });

  $('#hits').addEventListener('click', (e) => {
    const link = e.target.closest('a.hit-title');
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    openArticle(link.dataset.id);
  });

  $('#pager').addEventListener('click', (e) => {
    const link = e.target.closest('a[data-page]');
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate({ ...state, page: +link.dataset.page, doc: '' });
    $('#main').scrollIntoView({ block: 'start' });
    $('#results').focus({ preventScroll: true });
  });

  $('#message').addEventListener('click', (e) => {
    const link = e.target.closest('a[data-q], a[data-browse], a[data-page]');
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey) return;
    e.preventDefault();
    if (link.dataset.page) { navigate({ ...state, page: +link.dataset.page, doc: '' }); return; }
    navigate(link.dataset.browse ? { ...EMPTY_STATE, sort: 'date' } : { ...EMPTY_STATE, q: link.dataset.q });
  });

  $('#filters-toggle').addEventListener('click', () => {
    const btn = $('#filters-toggle');
    const open = btn.getAttribute('aria-expanded') !== 'true';
    btn.setAttribute('aria-expanded', String(open));
    $('#sidebar').classList.toggle('is-open', open);
  });

  const dlg = $('#reader');
  dlg.addEventListener('close', onReaderClosed);
  $('#reader-close').addEventListener('click', closeReader);
  $('#reader-prev').addEventListener('click', () => readerStep(-1));
  $('#reader-next').addEventListener('click', () => readerStep(1));
  dlg.addEventListener('click', (e) => { if (e.target === dlg) closeReader(); });   // backdrop
  dlg.addEventListener('keydown', (e) => {
    if (isEditable(e.target)) return;
    if (e.key === 'ArrowLeft' && !e.altKey) { readerStep(-1); e.preventDefault(); }
    else if (e.key === 'ArrowRight' && !e.altKey) { readerStep(1); e.preventDefault(); }
  });

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if ($('#reader').open) return;
    if (e.key === '/' && !isEditable(document.activeElement)) {
      e.preventDefault();
      const input = $('#q');
      input.focus();
      input.select();
      return;
    }
    const inHits = document.activeElement && document.activeElement.closest && document.activeElement.closest('#hits');
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && (inHits || document.activeElement === document.body || document.activeElement === $('#results'))) {
      if (moveHit(e.key === 'ArrowDown' ? 1 : -1)) e.preventDefault();
    }
  });

  window.addEventListener('popstate', () => {
    state = stateFromUrl();
    typingEntry = false;
    docPushed = false;
    clearTimeout(typingTimer);
    $('#q').value = state.q;
    update();
  });

  // Re-place axis labels when the width changes (phone rotation, window resize).
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(renderHistogram, 150);
  });
}

function setUiLanguage(lang) {
  if (!MESSAGES[lang]) return;
  uiLang = lang;
  try { localStorage.setItem('rassegna.ui', lang); } catch { /* not persisted */ }
  applyStaticText();
  renderActiveFilters();
  render();
  renderStats();
  if ($('#reader').open) updateReaderNav();
}

async function loadStats() {
  try {
    stats = await api('/api/stats');
  } catch {
    stats = null;
  }
  renderStats();
  if (result && resultState && isEmptySearch(resultState)) renderMessage();
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

applyStaticText();
wireEvents();
$('#q').value = state.q;
update();
loadStats();
if (!state.doc && !matchMedia('(max-width: 700px)').matches) $('#q').focus({ preventScroll: true });
