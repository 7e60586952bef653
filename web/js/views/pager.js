// The pager under the hits: Previous, the first, last and nearby page numbers, Next. It offers
// only pages the API serves: paging stops at `max_offset` hits ((page - 1) * size <= max_offset,
// sent with every search answer and documented in /api/openapi.json), and says so when the
// results go on past it.

import { $, el } from '../dom.js';
import { t, fmtInt } from '../i18n.js';
import { PAGE_SIZE, isEmptySearch, pageUrl } from '../state.js';

// The deepest page the API serves for this answer (Infinity when it does not say).
export function lastServedPage(result) {
  const size = result.size || PAGE_SIZE;
  return Number.isFinite(result.max_offset) ? Math.floor(result.max_offset / size) + 1 : Infinity;
}

// The last page worth offering: where the results end, or where the API stops paging.
export function lastPage(result) {
  return Math.min(Math.max(1, Math.ceil(result.total / (result.size || PAGE_SIZE))), lastServedPage(result));
}

export function renderPager({ result, state: s, error }) {
  const nav = $('#pager');
  nav.replaceChildren();
  if (!result || error || isEmptySearch(s) || !result.total) { nav.hidden = true; return; }
  const pages = lastPage(result);
  if (pages <= 1 && s.page <= 1) { nav.hidden = true; return; }
  nav.hidden = false;
  const link = (page, content, { label, current = false, cls = '' } = {}) => {
    if (page < 1 || page > Math.max(pages, s.page) || current) {
      return el('span', { class: `page ${cls}${current ? ' is-current' : ' is-disabled'}`, 'aria-current': current ? 'page' : null, 'aria-disabled': current ? null : 'true' }, content);
    }
    return el('a', { class: `page ${cls}`, href: pageUrl({ ...s, page, doc: '' }), 'aria-label': label, dataset: { page: String(page) } }, content);
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
  const reachable = lastServedPage(result) * (result.size || PAGE_SIZE);   // hits on the pages served
  if (result.total > reachable) {
    nav.append(el('p', { class: 'pager-note', id: 'pager-note', text: t('pagerLimit', { max: fmtInt(reachable) }) }));
  }
}
