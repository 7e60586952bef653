// Wire-story collapse and related coverage in the page: a hit standing for near-duplicates shows
// "N similar", which expands into the list of those copies (each opens in the reader); the
// reader lists the related coverage of the open article (GET /api/articles/{id}/related).

import { el } from '../dom.js';
import { t, fmtInt, articlesText, formatPeriod } from '../i18n.js';
import * as api from '../api.js';
import { nav, pageUrl } from '../state.js';
import { openArticle } from './reader.js';

const MAX_SIMILAR_SHOWN = 10;

// The count of the status line: stories when the server collapsed near-duplicates.
export function totalText(result, total = result.total) {
  if (result.counts?.total !== 'stories' || result.total_articles === result.total) return articlesText(total);
  return t('storiesCount', { n: Number(total) || 0, articles: fmtInt(result.total_articles) });
}

// A plain click opens the article in the reader; a modified one (new tab) follows the link.
function openInReader(e) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  openArticle(e.currentTarget.dataset.id);
}

function articleLink(a) {
  return el('li', { class: 'story-item' },
    el('a', {
      class: 'story-link', href: pageUrl({ ...nav.state, doc: a.id }), dataset: { id: a.id }, text: a.title || a.id,
      lang: a.lang || null, onclick: openInReader,
    }),
    el('span', { class: 'muted', text: ` ${[a.source, a.date ? formatPeriod(a.date, 'short') : ''].filter(Boolean).join(' · ')}` }));
}

// "N similar" under a hit, or null when it stands for no other article.
export function similarBlock(hit) {
  const dup = hit.duplicates;
  if (!dup || !dup.count) return null;
  const list = el('ul', { class: 'story-list' });
  const details = el('details', { class: 'hit-similar' },
    el('summary', { text: t('similarCount', { n: dup.count }) }), list);
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = '1';
    const ids = (dup.ids || []).slice(0, MAX_SIMILAR_SHOWN);
    const found = await Promise.all(ids.map((id) => api.article(id).catch(() => ({ id }))));
    list.replaceChildren(...found.map(articleLink));
    if (dup.count > found.length) list.append(el('li', { class: 'muted', text: t('similarMore', { n: dup.count - found.length }) }));
  });
  return details;
}

// The related coverage of article `id`, into `section` (emptied first; hidden when none).
export async function fillRelated(section, id, signal) {
  section.replaceChildren();
  section.hidden = true;
  let r;
  try {
    r = await api.related(id, signal);
  } catch {
    return;   // the article itself is shown; its related list is a bonus
  }
  if (!r.hits?.length) return;
  section.append(el('h3', { class: 'reader-related-title', text: t('relatedTitle') }),
    el('ul', { class: 'story-list', id: 'reader-related-list' }, ...r.hits.map((h) => {
      const item = articleLink(h);
      if (h.duplicates?.count) item.append(el('span', { class: 'muted', text: ` · ${t('similarCount', { n: h.duplicates.count })}` }));
      return item;
    })));
  section.hidden = false;
}
