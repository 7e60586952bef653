// The search cycle: one request per new search (the previous one aborted), a loading state for
// slow answers, and what is shown, which every view renders from.

import { $ } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { hasFilters, nav, searchKey } from './state.js';
import { renderCompanies } from './views/facets.js';
import { renderHistogram } from './views/histogram.js';
import { renderHits, renderSkeleton, renderStatus } from './views/hits.js';
import { renderMessage } from './views/message.js';
import { renderPager } from './views/pager.js';
import { renderPartial } from './views/partial.js';
import { renderPress } from './views/press.js';
import { renderTrends } from './views/trends.js';

const LOADING_DELAY_MS = 150;    // show the loading state only for slow answers

// What is shown: the answer and the state it belongs to, or the error of the last attempt.
export const shown = {
  key: null,      // searchKey of what is shown (or being fetched); null forces a new search
  result: null,   // the last successful answer
  state: null,    // the page state that answer (or error) belongs to
  error: null,    // ApiError of the last attempt, if it failed
  stats: null,    // /api/stats, for the welcome page and the footer
};
const pending = { ctrl: null, loadingTimer: 0 };

export const needsSearch = () => searchKey(nav.state) !== shown.key;

// Runs the search of the page's state; resolves once it is shown (or replaced by a newer one).
export async function runSearch() {
  const s = { ...nav.state, companies: [...nav.state.companies] };
  shown.key = searchKey(s);
  if (pending.ctrl) pending.ctrl.abort();
  const ctrl = new AbortController();
  pending.ctrl = ctrl;
  setLoading(true);
  try {
    const r = await api.search(s, ctrl.signal);
    if (ctrl !== pending.ctrl) return false;
    Object.assign(shown, { result: r, state: s, error: null });
    if (r.total === 0 && hasFilters(s) && s.q) {
      // Hint for an empty answer: how many matches the words have without filters.
      api.search({ ...s, page: 1 }, ctrl.signal, { filters: false })
        .then((u) => {
          r.unfiltered = { total: u.total, exact: u.total_exact !== false };
          if (shown.result === r) renderMessage(shown, { onRetry: retry });
        })
        .catch(() => {});
    }
  } catch (e) {
    if (e.name === 'AbortError' || ctrl !== pending.ctrl) return false;
    Object.assign(shown, { error: e, state: s });
  }
  pending.ctrl = null;
  setLoading(false);
  render();
  return true;
}

// The failed search again (the retry button).
export function retry() {
  shown.key = null;
  nav.onChange();
}

function setLoading(on) {
  clearTimeout(pending.loadingTimer);
  const main = $('#main');
  if (on) {
    document.body.classList.add('is-fetching');
    main.setAttribute('aria-busy', 'true');
    pending.loadingTimer = setTimeout(() => {
      main.classList.add('is-loading');
      if (!shown.result) renderSkeleton();
      $('#status').textContent = t('searching');
    }, LOADING_DELAY_MS);
  } else {
    document.body.classList.remove('is-fetching');
    main.removeAttribute('aria-busy');
    main.classList.remove('is-loading');
  }
}

// Every view of the answer (not the controls, which follow the page state: main.js).
export function render() {
  renderStatus(shown);
  renderCompanies(shown);
  renderHistogram(shown);
  renderHits(shown);
  renderMessage(shown, { onRetry: retry });
  renderPartial(shown);
  renderPager(shown);
  renderPress(shown);
  renderTrends(shown);
}

export async function loadStats() {
  try {
    shown.stats = await api.stats();
  } catch {
    shown.stats = null;
  }
}
