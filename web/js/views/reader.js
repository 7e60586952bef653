// The article reader: a modal dialog with the whole article, the query's words marked (by the
// server: title_html, body_html), Previous/Next through the hits of the page, and "Next
// highlight". The URL's `doc` says which article is open.

import { $, el, isEditable, setMarkedText, safeHttpUrl, setLang } from '../dom.js';
import { t, fmtInt } from '../i18n.js';
import * as api from '../api.js';
import { PAGE_SIZE, nav, navigate, searchKey } from '../state.js';
import { fillMeta, fillCompanyChips, fillTitle, hitLinks } from './hits.js';
import { fillRelated } from './stories.js';

const reader = { loaded: '', ctrl: null };   // what is shown (or loading): doc id + query

// `view`: what search.js shows; its hits are the ones Previous/Next walk through.
export function syncReader(view) {
  const dlg = $('#reader');
  const { doc, q } = nav.state;
  if (!doc) {
    if (dlg.open) dlg.close();
    reader.loaded = '';
    return;
  }
  if (!dlg.open) {
    dlg.showModal();
    document.body.classList.add('reader-open');
    $('#reader-title').focus({ preventScroll: true });   // read first; arrows scroll, Esc closes
  }
  updateReaderNav(view);
  const key = `${doc}\u0000${q}`;
  if (reader.loaded === key) return;
  reader.loaded = key;
  load(doc, q);
}

function hitIds(view) {
  const { result, error, state } = view;
  if (!result || error || !state || searchKey(state) !== searchKey(nav.state)) return [];
  return (result.hits || []).map((h) => h.id);
}

export function updateReaderNav(view) {
  const ids = hitIds(view);
  const i = ids.indexOf(nav.state.doc);
  const visible = i >= 0;
  $('#reader-prev').hidden = $('#reader-next').hidden = !visible;
  $('#reader-position').textContent = visible
    ? t('positionOf', { n: fmtInt((nav.state.page - 1) * PAGE_SIZE + i + 1), total: fmtInt(view.result.total) }) : '';
  $('#reader-prev').disabled = i <= 0;
  $('#reader-next').disabled = i < 0 || i >= ids.length - 1;
}

export function readerStep(view, delta) {
  const ids = hitIds(view);
  const i = ids.indexOf(nav.state.doc);
  if (i < 0 || !ids[i + delta]) return;
  navigate({ ...nav.state, doc: ids[i + delta] }, { replace: true });
}

async function load(id, q) {
  if (reader.ctrl) reader.ctrl.abort();
  const ctrl = new AbortController();
  reader.ctrl = ctrl;
  const body = $('#reader-body');
  body.classList.add('is-loading');
  body.setAttribute('aria-busy', 'true');
  $('#reader-meta').replaceChildren();
  $('#reader-title').textContent = t('loadingArticle');
  $('#reader-companies').replaceChildren();
  $('#reader-text').replaceChildren();
  $('#reader-highlights').hidden = true;
  $('#reader-original').hidden = true;
  $('#reader-related').hidden = true;
  try {
    const a = await api.article(id, q, ctrl.signal);
    if (ctrl !== reader.ctrl) return;
    renderArticle(a);
    fillRelated($('#reader-related'), id, ctrl.signal);
  } catch (e) {
    if (e.name === 'AbortError' || ctrl !== reader.ctrl) return;
    $('#reader-title').textContent = t('articleErrorTitle');
    $('#reader-text').replaceChildren(el('p', { class: 'message message-error error-text', role: 'alert', text: e.message }));
  } finally {
    if (ctrl === reader.ctrl) {
      body.classList.remove('is-loading');
      body.removeAttribute('aria-busy');
    }
  }
}

function renderArticle(a) {
  fillMeta($('#reader-meta'), a, 'long');
  fillTitle($('#reader-title'), a);
  const text = $('#reader-text');
  const marks = setMarkedText(text, a.body_html, a.body);
  setLang(text, a.lang);
  // A company chip filters the search: the reader closes without going Back.
  fillCompanyChips($('#reader-companies'), a.companies, { beforeToggle: () => { nav.docPushed = false; } });

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

export function closeReader() {
  const dlg = $('#reader');
  if (dlg.open) dlg.close();
}

// The dialog closed (Esc, the close button, the backdrop): the URL forgets the article.
function onClosed() {
  document.body.classList.remove('reader-open');
  reader.loaded = '';
  if (reader.ctrl) { reader.ctrl.abort(); reader.ctrl = null; }
  const id = nav.state.doc;
  if (!id) return;
  if (nav.docPushed) {
    nav.docPushed = false;
    history.back();   // popstate brings back the search without the article
  } else {
    navigate({ ...nav.state, doc: '' }, { replace: true });
  }
  // Focus the hit last read (the dialog itself restores the one that opened it).
  const link = hitLinks().find((l) => l.dataset.id === id);
  if (link) link.focus();
}

export function openArticle(id) {
  nav.typingEntry = false;
  nav.docPushed = true;
  navigate({ ...nav.state, doc: id });
}

// `getView` returns what search.js shows now.
export function wireReader(getView) {
  const dlg = $('#reader');
  dlg.addEventListener('close', onClosed);
  $('#reader-close').addEventListener('click', closeReader);
  $('#reader-prev').addEventListener('click', () => readerStep(getView(), -1));
  $('#reader-next').addEventListener('click', () => readerStep(getView(), 1));
  dlg.addEventListener('click', (e) => { if (e.target === dlg) closeReader(); });   // backdrop
  dlg.addEventListener('keydown', (e) => {
    if (isEditable(e.target)) return;
    if (e.key === 'ArrowLeft' && !e.altKey) { readerStep(getView(), -1); e.preventDefault(); }
    else if (e.key === 'ArrowRight' && !e.altKey) { readerStep(getView(), 1); e.preventDefault(); }
  });
}
