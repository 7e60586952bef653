// The controls that show the page state (not the answer): the search box, the language choice,
// the sort order, the date range form with its validation, the filter count and the tab title.

import { $ } from '../dom.js';
import { t } from '../i18n.js';
import { filterCount, nav, refine } from '../state.js';

const DATE_RE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

export function syncControls() {
  const s = nav.state;
  const q = $('#q');
  // Never rewrite the box under the user's fingers; popstate sets it explicitly.
  if (document.activeElement !== q && q.value.trim() !== s.q) q.value = s.q;
  $('#q-clear').hidden = q.value === '';
  for (const r of document.querySelectorAll('input[name="lang"]')) r.checked = r.value === s.lang;
  $('#sort').value = s.sort;
  const from = $('#date-from');
  const to = $('#date-to');
  if (document.activeElement !== from) from.value = s.from;
  if (document.activeElement !== to) to.value = s.to;
  $('#range-error').hidden = true;
  from.removeAttribute('aria-invalid');
  to.removeAttribute('aria-invalid');
  syncTitle();
  const n = filterCount(s);
  const badge = $('#filters-count');
  badge.hidden = n === 0;
  badge.textContent = String(n);
}

export function syncTitle() {
  document.title = nav.state.q ? `${nav.state.q} · Rassegna` : 'Rassegna';
}

// The from/to form: each end must be YYYY, YYYY-MM or YYYY-MM-DD, and from not after to.
function submitRange() {
  const from = $('#date-from');
  const to = $('#date-to');
  const err = $('#range-error');
  const refuse = (input, message) => {
    err.textContent = message;
    err.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  };
  for (const input of [from, to]) {
    const v = input.value.trim();
    if (v && !DATE_RE.test(v)) {
      refuse(input, t('badDate', { value: v }));
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
  }
  const f = from.value.trim();
  const tt = to.value.trim();
  const common = Math.min(f.length, tt.length);
  if (f && tt && f.slice(0, common) > tt.slice(0, common)) {
    refuse(from, t('badRange'));
    return;
  }
  err.hidden = true;
  refine({ from: f, to: tt });
}

export function wireControls() {
  $('#lang-filter').addEventListener('change', (e) => {
    if (e.target.name === 'lang') refine({ lang: e.target.value });
  });
  $('#sort').addEventListener('change', (e) => refine({ sort: e.target.value }));
  $('#range-form').addEventListener('submit', (e) => {
    e.preventDefault();
    submitRange();
  });
  $('#filters-toggle').addEventListener('click', () => {
    const btn = $('#filters-toggle');
    const open = btn.getAttribute('aria-expanded') !== 'true';
    btn.setAttribute('aria-expanded', String(open));
    $('#sidebar').classList.toggle('is-open', open);
  });
}
