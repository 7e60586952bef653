// The press review (rassegna stampa): the articles picked in the hit list, kept for the browser
// session, put in order here and sent to POST /api/review, which returns the printable document
// in a new tab.

import { $, el } from '../dom.js';
import { t } from '../i18n.js';

const STORAGE_KEY = 'rassegna.review';
const listeners = [];
let picks = load();

function load() {
  try {
    const v = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || '[]');
    return Array.isArray(v) ? v.filter((p) => p && typeof p.id === 'string') : [];
  } catch {
    return [];
  }
}

function save() {
  try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(picks)); } catch { /* not kept */ }
  for (const f of listeners) f();
  if ($('#review-dialog').open) renderList();
}

export const picked = () => picks;
export const onPicksChange = (f) => listeners.push(f);

export function togglePick(item, on) {
  picks = picks.filter((p) => p.id !== item.id);
  if (on) picks.push(item);
  save();
}

function move(i, delta) {
  const j = i + delta;
  if (j < 0 || j >= picks.length) return;
  [picks[i], picks[j]] = [picks[j], picks[i]];
  save();
  $(`#review-list li:nth-child(${j + 1}) button[data-move="${delta}"]`)?.focus();
}

function renderList() {
  const list = $('#review-list');
  list.replaceChildren();
  picks.forEach((p, i) => {
    list.append(el('li', { class: 'review-item', dataset: { id: p.id } },
      el('input', { type: 'hidden', name: 'id', value: p.id }),
      el('span', { class: 'review-item-title', text: p.title || p.id }),
      el('span', { class: 'review-item-meta', text: [p.source, (p.date || '').slice(0, 10)].filter(Boolean).join(' · ') }),
      el('span', { class: 'review-item-buttons' },
        el('button', { type: 'button', class: 'icon-button', text: '↑', dataset: { move: '-1' }, disabled: i === 0,
          'aria-label': t('moveUp'), onclick: () => move(i, -1) }),
        el('button', { type: 'button', class: 'icon-button', text: '↓', dataset: { move: '1' }, disabled: i === picks.length - 1,
          'aria-label': t('moveDown'), onclick: () => move(i, 1) }),
        el('button', { type: 'button', class: 'icon-button', text: '×', 'aria-label': t('removeFromReview'),
          onclick: () => togglePick(p, false) }))));
  });
  $('#review-make').disabled = picks.length === 0;
}

export function wireReview() {
  const dialog = $('#review-dialog');
  $('#review-open').addEventListener('click', () => {
    $('#review-ui').value = (document.documentElement.lang || 'en');
    renderList();
    dialog.showModal();
  });
  $('#review-close').addEventListener('click', () => dialog.close());
  $('#review-clear').addEventListener('click', () => { picks = []; save(); });
  $('#review-form').addEventListener('submit', () => {
    $('#review-ui').value = (document.documentElement.lang || 'en');
  });
}
