// The hit list and the status line above it, and the parts a hit shares with the reader: the
// meta line (source, date, language) and the company chips.
// `view` is what is shown: { result, state, error } (search.js).

import { $, el, appendMarkedHtml, setMarkedText, setLang } from '../dom.js';
import { t, fmtInt, articlesText, formatMs, formatPeriod, langName } from '../i18n.js';
import { PAGE_SIZE, isEmptySearch, nav, pageUrl, toggleCompany } from '../state.js';
import { similarBlock, totalText } from './stories.js';

// Source, date and language of an article or hit, into `meta` (emptied first).
export function fillMeta(meta, a, dateStyle) {
  meta.replaceChildren();
  if (a.source) meta.append(el('span', { class: 'hit-source', text: a.source }));
  meta.append(a.date
    ? el('time', { datetime: String(a.date).slice(0, 10), text: formatPeriod(a.date, dateStyle) })
    : el('span', { class: 'muted', text: t('undatedArticle') }));
  if (a.lang) meta.append(el('span', { class: 'lang-badge', lang: a.lang, title: langName(a.lang), text: a.lang.toUpperCase() }));
  return meta;
}

// The article's companies as toggle buttons that filter by them, into `list` (emptied first).
export function fillCompanyChips(list, companies, { beforeToggle } = {}) {
  list.replaceChildren();
  const selected = new Set(nav.state.companies);
  for (const c of companies || []) {
    const on = selected.has(c);
    list.append(el('li', {}, el('button', {
      type: 'button', class: `chip chip-company${on ? ' is-on' : ''}`, text: c,
      title: t('filterByCompany', { name: c }), 'aria-pressed': String(on),
      onclick: () => {
        if (beforeToggle) beforeToggle();
        toggleCompany(c, !nav.state.companies.includes(c));
      },
    })));
  }
  return list;
}

// The title of a hit or article: the server's title_html (its matched words in <mark>), else the text.
export function fillTitle(node, a) {
  setMarkedText(node, a.title_html, a.title || a.id);
  if (!node.textContent) node.textContent = a.id;
  setLang(node, a.lang);
}

export function hitLinks() {
  return [...document.querySelectorAll('#hits .hit-title')];
}

export function renderSkeleton() {
  const list = $('#hits');
  list.replaceChildren();
  for (let i = 0; i < 3; i++) {
    list.append(el('li', { class: 'hit skeleton', 'aria-hidden': 'true' },
      el('span', { class: 'sk sk-title' }), el('span', { class: 'sk sk-meta' }),
      el('span', { class: 'sk sk-line' }), el('span', { class: 'sk sk-line short' })));
  }
}

export function renderStatus({ result, state: s, error }) {
  const status = $('#status');
  status.replaceChildren();
  if (error || !result) return;
  if (isEmptySearch(s)) {
    status.append(el('strong', { text: t('archiveCount', { articles: articlesText(result.total_articles ?? result.total) }) }));
    return;
  }
  const about = (text) => (result.total_exact === false ? t('aboutCount', { n: text }) : text);
  const count = result.hits?.length || 0;
  if (result.total === 0 || count === 0) {
    status.append(el('strong', { text: totalText(result) }));
  } else if (result.total <= PAGE_SIZE && s.page === 1) {
    status.append(el('strong', { class: 'total', text: about(totalText(result)) }));
  } else {
    const first = (s.page - 1) * PAGE_SIZE + 1;
    status.append(el('strong', {
      class: 'total', text: t('showing', { first: fmtInt(first), last: fmtInt(first + count - 1), total: about(fmtInt(result.total)) }),
    }));
  }
  status.append(el('span', { class: 'took', text: ` · ${t('took', { ms: formatMs(result.took_ms) })}` }));
}

export function renderHits({ result, state: s, error }) {
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
  if (!result || error || isEmptySearch(s)) return;
  (result.hits || []).forEach((h, i) => {
    const title = el('a', { class: 'hit-title', href: pageUrl({ ...s, doc: h.id }), dataset: { id: h.id } });
    fillTitle(title, h);
    const snippet = el('p', { class: 'hit-snippet', lang: h.lang || null });
    appendMarkedHtml(snippet, h.snippet);
    const companies = fillCompanyChips(el('ul', { class: 'chips hit-companies' }), h.companies);
    list.append(el('li', { class: 'hit', dataset: { index: String(i) } },
      el('h3', { class: 'hit-heading' }, title),
      fillMeta(el('p', { class: 'hit-meta' }), h, 'short'),
      snippet,
      companies.childElementCount ? companies : null,
      similarBlock(h)));
  });
}
