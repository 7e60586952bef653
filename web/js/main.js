// Rassegna search page: plain ES modules, no dependencies, no build step. It knows only the JSON
// API (docs/api.md). The page URL holds the whole search state (state.js).
//
// Safety: the server sends `Content-Security-Policy: default-src 'self'`, so there is no inline
// script or style anywhere. Every server string is inserted as text, except the API's marked
// HTML (snippet, title_html, body_html), re-built from its text and <mark> elements (dom.js).
//
// Modules: state.js (state <-> URL), api.js, i18n.js (+ i18n/<lang>.js), search.js (the search
// cycle), views/ (controls, facets, histogram, hits, message, pager, reader), and this file,
// which wires the events and starts the page.

import { $, isEditable } from './dom.js';
import { applyStaticText, setUiLanguage, t, fmtInt, articlesText, formatPeriod, formatDateTime, langName, LANGUAGES } from './i18n.js';
import { EMPTY_STATE, nav, navigate, refine, reloadFromUrl, isEmptySearch } from './state.js';
import { shown, needsSearch, runSearch, render, retry, loadStats } from './search.js';
import { syncControls, syncTitle, wireControls } from './views/controls.js';
import { buildLanguageChoice, renderActiveFilters, renderCompanies } from './views/facets.js';
import { renderHistogram, wireHistogram } from './views/histogram.js';
import { hitLinks } from './views/hits.js';
import { renderMessage } from './views/message.js';
import { openArticle, syncReader, updateReaderNav, wireReader } from './views/reader.js';
import { wirePress } from './views/press.js';
import { wireReview } from './views/review.js';
import { wireTrends } from './views/trends.js';

const TYPING_DELAY_MS = 250;     // debounce of search-as-you-type
const typing = { timer: 0 };

// Brings the page in line with nav.state (after navigate(), popstate, retry).
function update() {
  syncControls();
  renderActiveFilters();
  // Re-render results only for a new search: rebuilding the list would lose the keyboard focus.
  if (needsSearch()) runSearch().then((done) => { if (done) syncReader(shown); });
  syncReader(shown);
}

// --- the search box ----------------------------------------------------------------------------

function commitQuery({ fromEnter = false } = {}) {
  clearTimeout(typing.timer);
  const q = $('#q').value.trim();
  if (q === nav.state.q) {
    if (fromEnter) {
      nav.typingEntry = false;
      if (shown.error) retry();
    }
    return;
  }
  const replace = nav.typingEntry;
  nav.typingEntry = !fromEnter;
  navigate({ ...nav.state, q, page: 1, doc: '' }, { replace });
}

function clearQuery() {
  const q = $('#q');
  q.value = '';
  $('#q-clear').hidden = true;
  q.focus();
  commitQuery({ fromEnter: true });
}

function wireSearchBox() {
  const q = $('#q');
  q.addEventListener('input', (e) => {
    $('#q-clear').hidden = q.value === '';
    if (e.isComposing) return;
    clearTimeout(typing.timer);
    typing.timer = setTimeout(() => commitQuery(), TYPING_DELAY_MS);
  });
  q.addEventListener('blur', () => { nav.typingEntry = false; });
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
  $('#q-clear').addEventListener('click', clearQuery);
}

// --- keyboard: / for the search box, arrows through the hits ------------------------------------

function moveHit(delta) {
  const links = hitLinks();
  if (!links.length) return false;
  const i = links.indexOf(document.activeElement?.closest?.('.hit')?.querySelector('.hit-title'));
  let next = i < 0 ? (delta > 0 ? 0 : links.length - 1) : i + delta;
  if (next < 0) { $('#q').focus(); return true; }
  next = Math.min(next, links.length - 1);
  links[next].focus();
  links[next].closest('.hit').scrollIntoView({ block: 'nearest' });
  return true;
}

function onGlobalKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if ($('#reader').open) return;
  const active = document.activeElement;
  if (e.key === '/' && !isEditable(active)) {
    e.preventDefault();
    $('#q').focus();
    $('#q').select();
    return;
  }
  const inHits = active?.closest?.('#hits');
  if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && (inHits || active === document.body || active === $('#results'))) {
    if (moveHit(e.key === 'ArrowDown' ? 1 : -1)) e.preventDefault();
  }
}

// --- links the page handles itself (a plain click; modified clicks open new tabs) ---------------

const plainClick = (e) => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

function wireLinks() {
  $('#home-link').addEventListener('click', (e) => {
    if (!plainClick(e)) return;
    e.preventDefault();
    nav.typingEntry = false;
    nav.docPushed = false;
    navigate({ ...EMPTY_STATE });
    $('#q').focus();
  });
  $('#hits').addEventListener('click', (e) => {
    const link = e.target.closest('a.hit-title');
    if (!link || !plainClick(e)) return;
    e.preventDefault();
    openArticle(link.dataset.id);
  });
  $('#pager').addEventListener('click', (e) => {
    const link = e.target.closest('a[data-page]');
    if (!link || !plainClick(e)) return;
    e.preventDefault();
    navigate({ ...nav.state, page: +link.dataset.page, doc: '' });
    $('#main').scrollIntoView({ block: 'start' });
    $('#results').focus({ preventScroll: true });
  });
  $('#message').addEventListener('click', (e) => {
    const link = e.target.closest('a[data-q], a[data-browse], a[data-page]');
    if (!link || !plainClick(e)) return;
    e.preventDefault();
    if (link.dataset.page) navigate({ ...nav.state, page: +link.dataset.page, doc: '' });
    else navigate(link.dataset.browse ? { ...EMPTY_STATE, sort: 'date' } : { ...EMPTY_STATE, q: link.dataset.q });
  });
}

// --- company filter box ----------------------------------------------------------------------

function wireCompanyFilter() {
  const box = $('#company-filter');
  box.addEventListener('input', () => renderCompanies(shown));
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const first = $('#company-list input[type=checkbox]:not(:checked)');
    if (first) { first.click(); box.value = ''; renderCompanies(shown); }
  });
  $('#company-clear').addEventListener('click', () => refine({ companies: [] }));
}

// --- interface language and the footer -------------------------------------------------------

function switchUiLanguage(lang) {
  if (!setUiLanguage(lang)) return;
  applyStaticText();
  syncTitle();
  renderActiveFilters();
  render();
  renderStats();
  if ($('#reader').open) updateReaderNav(shown);
}

function renderStats() {
  const p = $('#archive-stats');
  const stats = shown.stats;
  p.textContent = '';
  if (!stats || typeof stats.articles !== 'number') return;
  const by = stats.by_lang || {};
  const langs = LANGUAGES.map((code) => t('langCount', { n: fmtInt(by[code] || 0), name: langName(code) })).join(', ');
  p.textContent = t('archiveLine', {
    articles: articlesText(stats.articles), langs, first: formatPeriod(stats.first_date), last: formatPeriod(stats.last_date),
  });
  const when = stats.last_update ? new Date(stats.last_update) : null;
  if (when && !isNaN(when)) p.textContent += ` · ${t('updated', { when: formatDateTime(when) })}`;
}

// --- start -----------------------------------------------------------------------------------

function start() {
  buildLanguageChoice();
  applyStaticText();
  wireSearchBox();
  wireLinks();
  wireControls();
  wireCompanyFilter();
  wireHistogram(() => renderHistogram(shown));
  wireReader(() => shown);
  wirePress();
  wireReview();
  wireTrends(() => shown);
  for (const b of document.querySelectorAll('[data-ui-lang]')) {
    b.addEventListener('click', () => switchUiLanguage(b.dataset.uiLang));
  }
  document.addEventListener('keydown', onGlobalKey);
  window.addEventListener('popstate', () => {
    reloadFromUrl();
    clearTimeout(typing.timer);
    $('#q').value = nav.state.q;
    update();
  });
  nav.onChange = update;

  $('#q').value = nav.state.q;
  update();
  loadStats().then(() => {
    renderStats();
    if (shown.result && shown.state && isEmptySearch(shown.state)) renderMessage(shown, { onRetry: retry });
  });
  if (!nav.state.doc && !matchMedia('(max-width: 700px)').matches) $('#q').focus({ preventScroll: true });
}

start();
