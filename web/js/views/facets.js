// The sidebar's filters: the language choice, the company facet, and the row of active filters
// above the results.

import { $, el, hashId } from '../dom.js';
import { LANGUAGES, t, fmtInt, langLabel, langName, formatPeriod } from '../i18n.js';
import { nav, navigate, refine, toggleCompany, clearAllFilters } from '../state.js';

// The language radios, one per article language after "All" (index.html holds the group).
export function buildLanguageChoice() {
  const group = $('#lang-filter');
  for (const code of LANGUAGES) {
    group.append(el('label', {}, el('input', { type: 'radio', name: 'lang', value: code }),
      el('span', { 'data-i18n': `langLabel.${code}`, text: langLabel(code) })));
  }
}

const fold = (s) => String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// The company facet. The API always lists the companies the search is filtered by (marked
// "selected", with their counts); they are shown checked at the top.
export function renderCompanies({ result }) {
  const list = $('#company-list');
  const note = $('#company-note');
  const facet = Array.isArray(result?.facets?.company) ? result.facets.company : [];
  const chosen = new Set(nav.state.companies);
  const items = facet.map((b) => ({ value: b.value, count: b.count, selected: b.selected === true || chosen.has(b.value) }));
  items.sort((a, b) => b.selected - a.selected);   // stable: each group keeps the API's order

  const filterText = $('#company-filter').value.trim();
  $('#company-filter-wrap').hidden = items.length <= 8 && !filterText;
  $('#company-clear').hidden = nav.state.companies.length === 0;

  const needle = fold(filterText);
  const shown = needle ? items.filter((i) => i.selected || fold(i.value).includes(needle)) : items;
  const listed = new Set(items.map((i) => i.value));

  const focusedValue = document.activeElement?.closest?.('#company-list') ? document.activeElement.value : null;
  list.replaceChildren();
  for (const item of shown) {
    const id = `company-${hashId(item.value)}`;
    const cb = el('input', {
      type: 'checkbox', id, value: item.value, checked: item.selected,
      onchange: (e) => (e.target.checked ? toggleCompany(item.value, true) : unselect(item.value, listed)),
    });
    list.append(el('li', { class: `facet-item${item.selected ? ' is-selected' : ''}` },
      cb,
      el('label', { for: id },
        el('span', { class: 'facet-name', text: item.value }),
        el('span', { class: 'facet-count', text: fmtInt(item.count) }))));
    if (focusedValue === item.value) cb.focus();
  }
  note.hidden = false;
  if (!result) note.hidden = true;
  else if (items.length === 0) note.textContent = t('noCompanies');
  else if (shown.length === 0) note.textContent = t('noCompanyMatch', { text: filterText });
  else if (nav.state.companies.length > 1) note.textContent = t('companyAny');
  else note.hidden = true;
}

// Unchecking a company. The URL may name it another way ("msft", "gruppo di Redmond"): the API
// lists it under its own name, so the URL's values that the facet does not list are its aliases.
function unselect(value, listed) {
  const companies = nav.state.companies;
  if (companies.includes(value)) toggleCompany(value, false);
  else refine({ companies: companies.filter((c) => listed.has(c)) });
}

// The active filters as removable chips (and "Clear all"), from the page's state.
export function renderActiveFilters() {
  const s = nav.state;
  const box = $('#active-filters');
  const chips = filterChips(s);
  box.hidden = chips.length === 0;
  box.replaceChildren();
  if (!chips.length) return;
  const list = el('ul', { class: 'chips' });
  for (const c of chips) {
    list.append(el('li', {},
      el('button', {
        type: 'button', class: `chip chip-removable chip-${c.kind}`, 'aria-label': t('removeFilter', { label: c.label }),
        onclick: () => { navigate(c.remove()); focusAfterChipRemoval(); },
      }, el('span', { text: c.label }), el('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }))));
  }
  box.append(list);
  if (chips.length > 1 || s.companies.length > 0) {
    box.append(el('button', {
      type: 'button', class: 'link-button', id: 'clear-all', text: t('clearAll'),
      onclick: () => { clearAllFilters(); $('#q').focus({ preventScroll: true }); },
    }));
  }
}

function filterChips(s) {
  const chips = [];
  for (const c of s.companies) {
    chips.push({ label: t('companyChip', { name: c }), kind: 'company', remove: () => ({ ...s, companies: s.companies.filter((x) => x !== c), page: 1 }) });
  }
  if (s.lang) chips.push({ label: t('langChip', { name: langName(s.lang) }), kind: 'lang', remove: () => ({ ...s, lang: '', page: 1 }) });
  if (s.from || s.to) {
    let label;
    if (s.from && s.from === s.to) label = t('periodChip', { period: formatPeriod(s.from, 'long') });
    else if (s.from && s.to) label = t('periodChip', { period: t('rangeChip', { from: formatPeriod(s.from), to: formatPeriod(s.to) }) });
    else if (s.from) label = t('fromChip', { period: formatPeriod(s.from) });
    else label = t('toChip', { period: formatPeriod(s.to) });
    chips.push({ label, kind: 'date', remove: () => ({ ...s, from: '', to: '', page: 1 }) });
  }
  return chips;
}

// The removed chip is gone: keep the keyboard user in the row (first chip left) or in the search box.
function focusAfterChipRemoval() {
  const next = document.querySelector('#active-filters .chip');
  (next || $('#q')).focus({ preventScroll: true });
}
