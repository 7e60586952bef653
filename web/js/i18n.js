// Interface language, message lookup, and numbers and dates formatted for people.
// One file of messages per interface language (i18n/en.js, i18n/it.js); the articles' own
// languages are LANGUAGES, the values the API's `lang` parameter takes.

import en from './i18n/en.js';
import it from './i18n/it.js';

// The languages of the articles, in the order the page lists them.
export const LANGUAGES = Object.freeze(['it', 'en']);

const MESSAGES = { en, it };
const STORAGE_KEY = 'rassegna.ui';

export const isUiLanguage = (lang) => Object.hasOwn(MESSAGES, lang);

// The interface language now; changed only by setUiLanguage().
const ui = { lang: pickUiLanguage() };

function pickUiLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && isUiLanguage(saved)) return saved;
  } catch { /* storage may be disabled */ }
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const base = String(l).toLowerCase().slice(0, 2);
    if (isUiLanguage(base)) return base;
  }
  return 'en';
}

// Switches the interface language and remembers it; false when there is no such language.
export function setUiLanguage(lang) {
  if (!isUiLanguage(lang)) return false;
  ui.lang = lang;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* not persisted */ }
  return true;
}

// t('key', {vars}); plural entries take {n} and choose by Intl.PluralRules.
export function t(key, vars = {}) {
  let msg = MESSAGES[ui.lang][key] ?? MESSAGES.en[key] ?? key;
  if (typeof msg === 'object') {
    const form = new Intl.PluralRules(ui.lang).select(Number(vars.n));
    msg = msg[form] ?? msg.other;
  }
  return msg.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in vars)) return m;
    return typeof vars[name] === 'number' ? fmtInt(vars[name]) : String(vars[name]);
  });
}

export const fmtInt = (n) => new Intl.NumberFormat(ui.lang).format(n);
export const articlesText = (n) => t('articlesCount', { n: Number(n) || 0 });

// "Italian" inside a sentence; langLabel() for the start of a line ("Italiano").
export const langName = (code) => (LANGUAGES.includes(code) ? t(`langName.${code}`) : code || '');
export const langLabel = (code) => (LANGUAGES.includes(code) ? t(`langLabel.${code}`) : code || '');

export function formatMs(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  const digits = ms < 10 ? 1 : 0;
  return new Intl.NumberFormat(ui.lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ms);
}

// "2020", "2020-09" or "2020-09-14" (any longer ISO string is cut to the day) for people.
export function formatPeriod(value, style = 'short') {
  if (!value) return '';
  const v = String(value).slice(0, 10);
  const m = v.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/);
  if (!m) return v;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const opts = { timeZone: 'UTC', year: 'numeric', month: style === 'long' ? 'long' : 'short' };
  if (d) opts.day = 'numeric';
  return new Intl.DateTimeFormat(ui.lang, opts).format(new Date(Date.UTC(+y, +mo - 1, d ? +d : 1)));
}

// "Mar 14" for a YYYY-MM-DD day.
export function formatDayShort(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(ui.lang, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

// "Mar" for a YYYY-MM month.
export function formatMonthShort(value) {
  return new Intl.DateTimeFormat(ui.lang, { timeZone: 'UTC', month: 'short' }).format(new Date(Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, 1)));
}

export function formatDateTime(date) {
  return new Intl.DateTimeFormat(ui.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

// The text of the static page (index.html's data-i18n* attributes) in the interface language.
export function applyStaticText(root = document) {
  root.documentElement.lang = ui.lang;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  for (const b of root.querySelectorAll('[data-ui-lang]')) b.setAttribute('aria-pressed', String(b.dataset.uiLang === ui.lang));
}
