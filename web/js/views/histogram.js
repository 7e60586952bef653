// The date histogram: one bar per period of the date facet, a click filters to that period
// (Shift-click extends the range), arrows move between bars; an axis of period labels below.

import { $, el } from '../dom.js';
import { t, fmtInt, articlesText, formatPeriod, formatDayShort, formatMonthShort } from '../i18n.js';
import { nav, refine } from '../state.js';

const GRANULARITY_KEYS = { year: 'byYear', month: 'byMonth', day: 'byDay' };

// Does bucket value `v` (YYYY, YYYY-MM or YYYY-MM-DD) fall inside [from, to] (any precision)?
function inRange(v, from, to) {
  if (!from && !to) return false;
  const lo = v;                                 // first day of the bucket, as a prefix
  const hi = v + '\uffff';                      // last day of the bucket
  if (from && hi < from) return false;
  if (to && lo > to + '\uffff') return false;
  return true;
}

export function renderHistogram({ result }) {
  const hist = $('#histogram');
  const axis = $('#histogram-axis');
  const date = result?.facets?.date;
  const buckets = Array.isArray(date?.buckets) ? date.buckets : [];
  const focusedBar = hist.contains(document.activeElement) ? document.activeElement.dataset.value : null;
  const { from, to } = nav.state;
  hist.replaceChildren();
  axis.replaceChildren();
  $('#histogram-tip').hidden = true;
  $('#granularity').textContent = date?.granularity ? t(GRANULARITY_KEYS[date.granularity] || 'byMonth') : '';
  hist.classList.toggle('dense', buckets.length > 90);
  hist.classList.toggle('has-range', !!(from || to));
  hist.classList.toggle('empty', buckets.length === 0);

  const notes = [];
  if (date && date.undated > 0) notes.push(t('undated', { count: fmtInt(date.undated) }));
  if (buckets.length === 0 && result) notes.unshift(t('noDates'));
  if (buckets.length > 0) notes.push(t('histogramHelp'));
  $('#histogram-note').textContent = notes.join(' · ');
  if (!buckets.length) return;

  const max = Math.max(1, ...buckets.map((b) => b.count));
  let tabStop = -1;
  const bars = buckets.map((b, i) => {
    const selected = inRange(b.value, from, to);
    const bar = el('button', {
      type: 'button', class: `bar${selected ? ' is-selected' : ''}${b.count === 0 ? ' is-zero' : ''}`,
      'aria-label': barLabel(b.value, b.count), 'aria-pressed': String(selected), tabindex: '-1',
      'aria-disabled': b.count === 0 ? 'true' : null,
      dataset: { value: b.value, count: String(b.count), index: String(i) },
    }, el('span', { class: 'bar-fill' }));
    bar.firstChild.style.height = b.count ? `${Math.max(3, (b.count / max) * 100)}%` : '0';
    if (selected && tabStop < 0 && b.count > 0) tabStop = i;
    return bar;
  });
  const refocus = focusedBar ? buckets.findIndex((b) => b.value === focusedBar) : -1;
  if (refocus >= 0) tabStop = refocus;
  if (tabStop < 0) tabStop = buckets.findIndex((b) => b.count > 0);
  if (tabStop >= 0) bars[tabStop].tabIndex = 0;
  hist.append(...bars);
  if (refocus >= 0) bars[refocus].focus({ preventScroll: true });
  renderAxis(axis, hist, bars, buckets, date.granularity);
}

const barLabel = (value, count) => t('barLabel', { period: formatPeriod(value, 'long'), count: articlesText(count) });

// Axis labels. Wide bars: every bucket ("Mar 2021"). Medium: two lines, every bucket's month (or
// day) and below it the year (or month) where it changes. Narrow: period boundaries only.
// Labels that would touch their neighbour on the same line are dropped.
function renderAxis(axis, hist, bars, buckets, g) {
  const width = hist.clientWidth || 600;
  const center = (i) => (bars[i].offsetWidth ? bars[i].offsetLeft + bars[i].offsetWidth / 2 : ((i + 0.5) / buckets.length) * width);
  const pitch = buckets.length > 1 ? center(1) - center(0) : width;
  const lastRight = { minor: -Infinity, major: -Infinity };
  const addTick = (i, text, line) => {
    const half = text.length * 3.6 + 5;   // about half the label's width at 12px, plus a gap
    const x = center(i);
    if (x - half < lastRight[line]) return;
    lastRight[line] = x + half;
    const pos = (x / width) * 100;
    const edge = pos < 4 ? ' tick-start' : pos > 96 ? ' tick-end' : '';
    const tick = el('span', { class: `tick tick-${line}${edge}`, text });
    tick.style.left = `${pos}%`;
    axis.append(tick);
  };
  let twoLines = false;
  if (g === 'year' || (g === 'month' && pitch >= 76)) {
    buckets.forEach((b, i) => addTick(i, g === 'year' ? b.value : formatPeriod(b.value), 'minor'));
  } else if (g === 'day' && pitch >= 76) {
    buckets.forEach((b, i) => addTick(i, formatDayShort(b.value), 'minor'));
  } else if (pitch >= 26) {
    twoLines = true;
    buckets.forEach((b, i) => {
      const v = b.value;
      addTick(i, g === 'month' ? formatMonthShort(v) : String(+v.slice(8, 10)), 'minor');
      if (i === 0 || v.endsWith('-01')) addTick(i, g === 'month' ? v.slice(0, 4) : formatPeriod(v.slice(0, 7)), 'major');
    });
  } else {
    const boundary = (v) => v.endsWith('-01');
    const first = buckets.findIndex((b) => boundary(b.value));
    if (first < 0 || center(first) - center(0) > 80) {
      addTick(0, formatPeriod(g === 'month' ? buckets[0].value : buckets[0].value.slice(0, 7)), 'minor');
    }
    buckets.forEach((b, i) => {
      if (boundary(b.value)) addTick(i, g === 'month' ? b.value.slice(0, 4) : formatPeriod(b.value.slice(0, 7)), 'minor');
    });
  }
  axis.classList.toggle('two-lines', twoLines);
}

function showTip(bar) {
  const tip = $('#histogram-tip');
  if (!bar || !bar.dataset.value) { tip.hidden = true; return; }
  tip.textContent = barLabel(bar.dataset.value, +bar.dataset.count);
  tip.hidden = false;
  const wrap = $('#histogram').getBoundingClientRect();
  const r = bar.getBoundingClientRect();
  const center = r.left + r.width / 2 - wrap.left;
  const half = tip.offsetWidth / 2;
  tip.style.left = `${Math.min(Math.max(center, half), wrap.width - half)}px`;
}

// A click on a bar filters to its period; Shift extends the current range; a second click clears it.
function activate(bar, extend) {
  if (!bar || bar.getAttribute('aria-disabled') === 'true') return;
  const v = bar.dataset.value;
  const s = nav.state;
  let from = v;
  let to = v;
  if (extend && (s.from || s.to)) {
    const lo = [s.from || s.to, v].sort()[0];
    const hi = [s.to || s.from, v].sort()[1];
    from = lo.length <= v.length ? lo : lo.slice(0, v.length);
    to = hi.length <= v.length ? hi : hi.slice(0, v.length);
  } else if (s.from === v && s.to === v) {
    from = ''; to = '';
  }
  bar.focus();   // kept on the same period when the histogram is re-drawn
  refine({ from, to });
}

// Mouse, focus and arrow keys on the bars (one listener each on the histogram).
export function wireHistogram(redraw) {
  const hist = $('#histogram');
  hist.addEventListener('click', (e) => activate(e.target.closest('.bar'), e.shiftKey));
  hist.addEventListener('mouseover', (e) => showTip(e.target.closest('.bar')));
  hist.addEventListener('mouseleave', () => showTip(null));
  hist.addEventListener('focusin', (e) => showTip(e.target.closest('.bar')));
  hist.addEventListener('focusout', () => showTip(null));
  hist.addEventListener('keydown', (e) => {
    const bars = [...hist.querySelectorAll('.bar:not(.is-zero)')];
    const i = bars.indexOf(document.activeElement);
    let next = -1;
    if (e.key === 'ArrowRight') next = Math.min(bars.length - 1, i + 1);
    else if (e.key === 'ArrowLeft') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = bars.length - 1;
    if (next < 0 || !bars[next]) return;
    e.preventDefault();
    for (const b of hist.querySelectorAll('.bar')) b.tabIndex = -1;
    bars[next].tabIndex = 0;
    bars[next].focus();
  });
  // Re-place axis labels when the width changes (phone rotation, window resize).
  let timer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(redraw, 150);
  });
}
