// The message in place of hits: the welcome page, no results (with hints), a page past the
// end, and errors (with the server's own message and a retry button).

import { $, el } from '../dom.js';
import { t, articlesText, formatPeriod } from '../i18n.js';
import { EMPTY_STATE, hasFilters, isEmptySearch, pageUrl, clearAllFilters } from '../state.js';
import { lastPage } from './pager.js';

const SUGGESTIONS = ['tiktok', 'amministrazione', 'microsoft', 'apple'];
const TIPS = [['"exact phrase"', 'tipPhrase'], ['tiktok OR twitch', 'tipOr'], ['apple -iphone', 'tipNot'], ['title:oracle', 'tipTitle']];

// `view`: { result, state, error, stats }; `onRetry` runs the failed search again.
export function renderMessage(view, { onRetry }) {
  const { result, state: s, error } = view;
  const box = $('#message');
  box.replaceChildren();
  box.hidden = true;
  box.removeAttribute('role');
  const show = (kind) => {
    box.hidden = false;
    box.className = `message message-${kind}`;
  };
  if (error) {
    show('error');
    box.setAttribute('role', 'alert');
    box.append(
      el('h3', { text: t('errorTitle') }),
      el('p', { class: 'error-text', text: error.message }),
      el('button', { type: 'button', class: 'button', text: t('retry'), onclick: onRetry }));
    return;
  }
  if (!result) return;
  if (isEmptySearch(s)) {
    show('welcome');
    welcome(box, view.stats);
    return;
  }
  if (result.total > 0 && !result.hits?.length && s.page > 1) {
    const last = lastPage(result);
    show('empty');
    box.append(el('h3', { text: t('pastLastPage', { page: s.page, last }) }),
      el('p', {}, el('a', { class: 'button small', href: pageUrl({ ...s, page: last, doc: '' }), dataset: { page: String(last) }, text: t('goToPage', { n: last }) })));
    return;
  }
  if (result.total === 0) {
    show('empty');
    noResults(box, s, result.unfiltered);
  }
}

function welcome(box, stats) {
  box.append(el('h3', { text: t('welcomeTitle') }), el('p', { text: t('welcomeText') }));
  if (stats && stats.articles) {
    box.append(el('p', {
      class: 'welcome-stats',
      text: t('welcomeStats', { articles: articlesText(stats.articles), first: formatPeriod(stats.first_date, 'long'), last: formatPeriod(stats.last_date, 'long') }),
    }));
  }
  const tries = el('p', { class: 'try' }, el('span', { text: t('tryThese') }));
  for (const w of SUGGESTIONS) {
    tries.append(' ', el('a', { class: 'chip chip-suggest', href: pageUrl({ ...EMPTY_STATE, q: w }), dataset: { q: w }, text: w }));
  }
  box.append(tries);
  box.append(el('p', {}, el('a', { class: 'browse-link', href: pageUrl({ ...EMPTY_STATE, sort: 'date' }), dataset: { browse: '1' }, text: `${t('browseAll')} →` })));
  const tips = el('dl', { class: 'tips' });
  for (const [code, key] of TIPS) {
    tips.append(el('div', {}, el('dt', {}, el('code', { text: code })), el('dd', { text: t(key) })));
  }
  box.append(el('h4', { text: t('tipsTitle') }), tips);
}

// `unfiltered`: { total, exact } of the same words without filters, once known (search.js).
function noResults(box, s, unfiltered) {
  const q = s.q ? `“${s.q}”` : '';
  box.append(el('h3', { text: t(hasFilters(s) ? 'noResultsFilteredTitle' : 'noResultsTitle', { query: q }).replace(/\s+\./, '.') }));
  const hints = el('ul', { class: 'hints' });
  if (hasFilters(s)) {
    const li = el('li', {});
    if (unfiltered && unfiltered.total > 0) {
      const count = unfiltered.exact ? articlesText(unfiltered.total) : t('aboutCount', { n: articlesText(unfiltered.total) });
      li.append(t('noResultsWithoutFilters', { count }), ' ');
    }
    li.append(el('button', { type: 'button', class: 'button small', text: t('removeAllFilters'), onclick: clearAllFilters }));
    hints.append(li);
  }
  if (s.q) hints.append(el('li', { text: t('noResultsHintWords') }), el('li', { text: t('noResultsHintSpelling') }));
  box.append(hints);
}
