// Company trends: how often up to five companies are named per period within the search (GET
// /api/trends), drawn as an SVG line chart by this file (no library), and the profile of one of
// them (GET /api/companies/{name}): aliases, mentions, first and last date, and the companies
// most often named with it. Fetched only while the panel is open.

import { $, el } from '../dom.js';
import { t, fmtInt, formatPeriod } from '../i18n.js';
import { nav, toggleCompany } from '../state.js';

const MAX_SERIES = 5;
const DEFAULT_SERIES = 3;   // companies charted when none is selected: the top of the facet
const COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#a21caf', '#0e7490'];
const SVG = 'http://www.w3.org/2000/svg';
const trends = { key: null, ctrl: null, profileFor: null, data: null };

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c);
  return node;
}

function companiesOf(view) {
  const s = view.state;
  if (s.companies.length) return s.companies.slice(0, MAX_SERIES);
  const facet = view.result?.facets?.company || [];
  return facet.slice(0, DEFAULT_SERIES).map((b) => b.value);
}

async function getJson(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message || `HTTP ${res.status}`);
  return body;
}

export async function renderTrends(view) {
  const panel = $('#trends');
  if (!view.result || view.error || !view.state || !view.result.total) { panel.hidden = true; return; }
  panel.hidden = false;
  if (!panel.open) return;
  const companies = companiesOf(view);
  const s = view.state;
  const granularity = $('#trends-granularity').value;
  const key = JSON.stringify([s.q, s.lang, s.from, s.to, companies, granularity]);
  if (key === trends.key) return;
  trends.key = key;
  const chart = $('#trends-chart');
  if (!companies.length) {
    chart.replaceChildren(el('p', { class: 'muted', text: t('trendsNone') }));
    $('#trends-profile').replaceChildren();
    return;
  }
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const c of companies) p.append('company', c);
  if (s.lang) p.set('lang', s.lang);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  p.set('granularity', granularity);
  if (trends.ctrl) trends.ctrl.abort();
  const ctrl = new AbortController();
  trends.ctrl = ctrl;
  try {
    const data = await getJson(`/api/trends?${p}`, ctrl.signal);
    if (ctrl !== trends.ctrl) return;
    trends.data = data;
    drawChart(data);
    if (!trends.profileFor || !data.series.some((x) => x.name === trends.profileFor)) trends.profileFor = data.series[0]?.name;
    showProfile(trends.profileFor);
  } catch (e) {
    if (e.name === 'AbortError') return;
    chart.replaceChildren(el('p', { class: 'range-error', role: 'alert', text: e.message }));
  }
}

function label(period, granularity) {
  if (granularity === 'year') return period;
  if (granularity === 'month') return formatPeriod(period, 'short');
  return period.slice(5);  // MM-DD of a day or of a week's Monday
}

function drawChart(data) {
  const chart = $('#trends-chart');
  chart.replaceChildren();
  const periods = data.periods || [];
  $('#trends-note').textContent = periods.length ? t('trendsPeriods', { n: periods.length }) : '';
  if (!periods.length) {
    chart.append(el('p', { class: 'muted', text: t('trendsEmpty') }));
    return;
  }
  const W = 720, H = 240, L = 40, R = 12, T = 12, B = 28;
  const max = Math.max(1, ...data.series.flatMap((x) => x.counts));
  const x = (i) => L + (periods.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (periods.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'trends-svg', role: 'img', 'aria-labelledby': 'trends-svg-title' });
  root.append(svg('title', { id: 'trends-svg-title' }, t('trendsChartTitle', { names: data.series.map((s) => s.name).join(', ') })));
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  for (const v of ticks) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'trend-grid' }));
    root.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'trend-tick' }, fmtInt(v)));
  }
  const every = Math.max(1, Math.ceil(periods.length / 8));
  periods.forEach((p, i) => {
    if (i % every !== 0 && i !== periods.length - 1) return;
    // The first and last labels keep inside the chart.
    const anchor = periods.length > 1 && i === 0 ? 'start' : periods.length > 1 && i === periods.length - 1 ? 'end' : 'middle';
    root.append(svg('text', { x: x(i), y: H - 8, 'text-anchor': anchor, class: 'trend-tick' }, label(p, data.granularity)));
  });
  data.series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const points = s.counts.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const line = svg('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2.2, class: 'series', 'data-company': s.name });
    root.append(line);
    s.counts.forEach((v, i) => {
      const dot = svg('circle', { cx: x(i), cy: y(v), r: periods.length > 60 ? 1.5 : 3, fill: color, class: 'point' });
      dot.append(svg('title', {}, `${s.name} · ${periods[i]}: ${v}`));
      root.append(dot);
    });
  });
  chart.append(root);
  const legend = el('ul', { class: 'trends-legend' });
  data.series.forEach((s, k) => {
    legend.append(el('li', {},
      el('button', {
        type: 'button', class: 'legend-button', dataset: { company: s.name }, 'aria-pressed': String(s.name === trends.profileFor),
        onclick: () => showProfile(s.name),
      }, el('span', { class: 'swatch', dataset: { color: String(k) } }), `${s.name} (${fmtInt(s.total)})`)));
  });
  chart.append(legend);
}

async function showProfile(name) {
  trends.profileFor = name;
  for (const b of document.querySelectorAll('#trends-chart .legend-button')) b.setAttribute('aria-pressed', String(b.dataset.company === name));
  const box = $('#trends-profile');
  if (!name) { box.replaceChildren(); return; }
  try {
    const p = await getJson(`/api/companies/${encodeURIComponent(name)}`);
    if (trends.profileFor !== name) return;
    const list = el('ol', { class: 'co-mentions' });
    for (const c of p.co_mentions || []) {
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'link-button', text: c.company, title: t('filterByCompany', { name: c.company }),
        onclick: () => toggleCompany(c.company, !nav.state.companies.includes(c.company)),
      }), ` ${fmtInt(c.count)}`));
    }
    box.replaceChildren(
      el('h3', { class: 'profile-name', text: p.name }),
      el('p', { class: 'profile-facts', text: t('profileFacts', {
        n: p.mentions, first: p.first_date ? formatPeriod(p.first_date) : '–', last: p.last_date ? formatPeriod(p.last_date) : '–',
      }) }),
      p.aliases?.length ? el('p', { class: 'profile-aliases', text: `${t('aliases')}: ${p.aliases.join(', ')}` }) : null,
      el('h4', { text: t('coMentions') }),
      list.childElementCount ? list : el('p', { class: 'muted', text: t('noCoMentions') }));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'range-error', text: e.message }));
  }
}

export function wireTrends(getView) {
  $('#trends').addEventListener('toggle', () => renderTrends(getView()));
  $('#trends-granularity').addEventListener('change', () => renderTrends(getView()));
}
