// The press-office tools above the hits: follow the search as an Atom feed, export every match
// (CSV, JSONL), pick articles for the press review (checkboxes, kept for the browser session),
// and the "did you mean" line for searches with few hits. The review itself: review.js.

import { $, el } from '../dom.js';
import { t } from '../i18n.js';
import { isEmptySearch, nav, navigate, pageUrl } from '../state.js';
import { picked, togglePick, onPicksChange } from './review.js';

// The search's own parameters (no paging, no sort): what a feed follows.
function searchOnly(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const c of s.companies) p.append('company', c);
  if (s.lang) p.set('lang', s.lang);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  return p;
}

function withQuery(path, p) {
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

function feedTitle(s) {
  const parts = [s.q, ...s.companies, s.lang, s.from || s.to ? `${s.from || '…'}–${s.to || '…'}` : ''].filter(Boolean);
  return parts.length ? `Rassegna: ${parts.join(' · ')}` : 'Rassegna';
}

export function renderPress(view) {
  const { result, state: s, error } = view;
  const tools = $('#press-tools');
  tools.hidden = !result || !!error || !s;
  renderSuggestion(view);
  if (tools.hidden) return;
  const feed = withQuery('/api/search.atom', searchOnly(s));
  $('#feed-link').href = feed;
  $('#feed-link').title = t('followSearchHelp');
  const alternate = $('#feed-alternate');
  alternate.href = feed;
  alternate.title = feedTitle(s);
  const exportParams = searchOnly(s);
  if (s.sort === 'date') exportParams.set('sort', 'date');
  $('#export-csv').href = withQuery('/api/search.csv', exportParams);
  $('#export-jsonl').href = withQuery('/api/search.jsonl', exportParams);
  $('#export-csv').title = t('exportHelp', { n: result.total });
  $('#export-jsonl').title = t('exportHelp', { n: result.total });
  addCheckboxes(result, s);
  renderPickCount();
}

function addCheckboxes(result, s) {
  if (isEmptySearch(s)) return;
  const hits = result.hits || [];
  for (const li of document.querySelectorAll('#hits .hit')) {
    const h = hits[Number(li.dataset.index)];
    if (!h || li.querySelector('.hit-pick')) continue;
    const box = el('input', {
      type: 'checkbox', class: 'hit-pick-box', dataset: { id: h.id },
      'aria-label': t('pickForReview', { title: h.title || h.id }),
    });
    box.checked = picked().some((p) => p.id === h.id);
    box.addEventListener('change', () => togglePick({ id: h.id, title: h.title, source: h.source, date: h.date }, box.checked));
    li.prepend(el('label', { class: 'hit-pick', title: t('pickHelp') }, box));
    li.classList.add('has-pick');
  }
}

function renderPickCount() {
  const n = picked().length;
  $('#review-count').textContent = String(n);
  $('#review-open').disabled = n === 0;
  for (const box of document.querySelectorAll('#hits .hit-pick-box')) {
    box.checked = picked().some((p) => p.id === box.dataset.id);
  }
}

function renderSuggestion({ result, state: s, error }) {
  const p = $('#suggestion');
  p.replaceChildren();
  p.hidden = true;
  if (error || !result || !s || !result.suggestion) return;
  const next = { ...s, q: result.suggestion, page: 1, doc: '' };
  p.append(
    `${t('didYouMean')} `,
    el('a', {
      href: pageUrl(next), class: 'suggestion-link', text: result.suggestion,
      onclick: (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        $('#q').value = result.suggestion;
        navigate({ ...nav.state, q: result.suggestion, page: 1, doc: '' });
      },
    }),
    typeof result.suggestion_total === 'number' ? ` (${t('articlesCount', { n: result.suggestion_total })})` : '',
    '?');
  p.hidden = false;
}

export function wirePress() {
  onPicksChange(renderPickCount);
}
