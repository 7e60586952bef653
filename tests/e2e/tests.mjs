// The browser tests run by run.mjs. Each test gets a fresh browser context and page.
// Data: the bundled corpus (`tiktok`: 10 articles) and tests/e2e/fixtures/e2e-articles.jsonl:
//   `zanzibarite`: 13 English articles from "E2E Wire", dated 2021-03 (5), 2021-04 (4), 2021-06 (4);
//   companies Apple 6 (Mar 3, Apr 1, Jun 2), Microsoft 4 (Mar 1, Apr 2, Jun 1), Oracle 3 (Mar 1, Apr 1, Jun 1).
//   `xsscanary`: one article whose title, body and source hold <script> and <img onerror> as text,
//   and whose url is a javascript: URL.

import assert from 'node:assert/strict';

// --- helpers ---------------------------------------------------------------------------------

// Waits until no search is in flight (the page sets body.is-fetching while one is).
async function settle(page) {
  await page.waitForFunction(() => !document.body.classList.contains('is-fetching'));
}

async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('#status').textContent !== '' ||
    !document.querySelector('#message').hidden);
  await settle(page);
}

const status = (page) => page.locator('#status').textContent();

function hits(page) {
  return page.$$eval('#hits .hit', (items) => items.map((li) => ({
    id: li.querySelector('.hit-title').dataset.id,
    title: li.querySelector('.hit-title').textContent,
    date: li.querySelector('time')?.getAttribute('datetime') || '',
    companies: [...li.querySelectorAll('.hit-companies .chip')].map((c) => c.textContent),
    marks: [...li.querySelectorAll('.hit-snippet mark')].map((m) => m.textContent),
    titleMarks: [...li.querySelectorAll('.hit-title mark')].map((m) => m.textContent),
  })));
}

function companyFacet(page) {
  return page.$$eval('#company-list .facet-item', (items) => Object.fromEntries(items.map((li) => [
    li.querySelector('.facet-name').textContent,
    { count: li.querySelector('.facet-count').textContent, checked: li.querySelector('input').checked },
  ])));
}

// The company facet's names in the order shown.
function companyOrder(page) {
  return page.$$eval('#company-list .facet-name', (names) => names.map((n) => n.textContent));
}

function histogram(page) {
  return page.$$eval('#histogram .bar', (bars) => Object.fromEntries(bars.map((b) => [
    b.dataset.value, { count: Number(b.dataset.count), pressed: b.getAttribute('aria-pressed') === 'true' },
  ])));
}

const params = (page) => new URL(page.url()).searchParams;

function chips(page) {
  return page.$$eval('#active-filters .chip', (cs) => cs.map((c) => c.textContent.replace('×', '').trim()));
}

async function companyCheckbox(page, name) {
  return page.locator('#company-list .facet-item', { has: page.locator('.facet-name', { hasText: new RegExp(`^${name}$`) }) })
    .locator('input[type=checkbox]');
}

async function axeCheck(page, axeSource, what) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      rules: { region: { enabled: false } },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join('\n      ')}`);
  });
  assert.deepEqual(violations, [], `accessibility violations on ${what}:\n    ${violations.join('\n    ')}`);
}

// --- tests -----------------------------------------------------------------------------------

export const tests = [
  {
    name: 'empty state: welcome, archive stats, example searches',
    async run({ page }) {
      await open(page, '/');
      const msg = page.locator('#message');
      await msg.getByText('Search the news archive').waitFor();
      assert.match(await msg.textContent(), /600 articles, from/);
      assert.match(await page.locator('#archive-stats').textContent(), /600 articles/);
      assert.equal((await hits(page)).length, 0);
      assert.ok(await page.locator('#pager').isHidden());
      // Facets of the whole archive are there to start from.
      assert.ok(Object.keys(await companyFacet(page)).length > 5);
      assert.ok(Object.keys(await histogram(page)).length > 5);
      await msg.getByRole('link', { name: 'tiktok' }).click();
      await page.waitForURL(/\?q=tiktok$/);
      await settle(page);
      assert.equal((await hits(page)).length, 10);
    },
  },

  {
    name: 'search as you type and on Enter: hits, count and time, highlighted snippets',
    async run({ page }) {
      await open(page, '/');
      const entries = await page.evaluate(() => history.length);
      await page.locator('#q').pressSequentially('tiktok', { delay: 30 });   // no Enter: debounced
      await page.waitForURL(/\?q=tiktok$/);
      await settle(page);
      // A search over 1 s (a sanitizer build on a loaded machine) shows "1,056 ms".
      assert.match(await status(page), /^10 articles · [\d.,]+ ms$/);
      const list = await hits(page);
      assert.equal(list.length, 10);
      for (const h of list) {
        assert.ok(h.title.length > 0);
        assert.ok(h.marks.some((m) => /tiktok/i.test(m)), `snippet of ${h.id} has no <mark>ed tiktok: ${h.marks}`);
      }
      // the first hit shows its companies as chips, the TikTok/Microsoft/Oracle story included
      assert.ok(list.some((h) => h.companies.includes('Microsoft') && h.companies.includes('Oracle')));
      // meta line: date, source, language
      const meta = await page.locator('#hits .hit').nth(1).locator('.hit-meta').textContent();
      assert.match(meta, /IT|EN/);
      // one history entry for the whole typed word
      assert.equal(await page.evaluate(() => history.length), entries + 1);

      await page.locator('#q').fill('zanzibarite');
      await page.locator('#q').press('Enter');
      await page.waitForURL(/\?q=zanzibarite$/);
      await settle(page);
      assert.match(await status(page), /^Showing 1–10 of 13 · [\d.,]+ ms$/);
      assert.equal(await page.title(), 'zanzibarite · Rassegna');
    },
  },

  {
    name: 'near-duplicates: one hit per story, "N similar" expands to the copies; the reader lists related coverage',
    async run({ page }) {
      // tests/e2e/fixtures: e2e-quokkanite-wire and two republished copies (other headline and source,
      // a paragraph cut or a sign-off added): one story.
      await open(page, '/?q=quokkanite');
      const list = await hits(page);
      assert.equal(list.length, 1, `one hit for the story: ${list.map((h) => h.id)}`);
      assert.match(await status(page), /1 story \(3 articles\)/);
      const similar = page.locator('#hits .hit-similar');
      assert.equal(await similar.locator('summary').textContent(), '2 similar');
      assert.ok(!(await similar.getAttribute('open') !== null), 'collapsed until asked');
      await similar.locator('summary').click();
      await similar.locator('.story-link').nth(1).waitFor();
      const copies = await similar.locator('.story-link').evaluateAll((ls) => ls.map((l) => l.dataset.id));
      const story = ['e2e-quokkanite-wire', 'e2e-quokkanite-copy1', 'e2e-quokkanite-copy2'];
      assert.deepEqual([...copies, list[0].id].sort(), story.sort());
      assert.ok((await similar.locator('.story-link').first().textContent()).length > 10, 'copies listed by title');

      // The reader: related coverage, without the article's own copies; a click opens one.
      await page.locator('#hits .hit-title').first().click();
      await page.locator('#reader').waitFor({ state: 'visible' });
      await page.locator('#reader-related-list .story-link').first().waitFor();
      const related = await page.locator('#reader-related-list .story-link').evaluateAll((ls) => ls.map((l) => l.dataset.id));
      assert.ok(related.length >= 3, `related: ${related}`);
      assert.ok(related.every((id) => !story.includes(id)), `its own copies are not related coverage: ${related}`);
      await page.locator('#reader-related-list .story-link').first().click();
      await page.waitForFunction((id) => new URL(location.href).searchParams.get('doc') === id, related[0]);
    },
  },

  {
    name: 'opening a hit shows the whole article with the query words highlighted',
    async run({ page }) {
      await open(page, '/?q=tiktok');
      const first = (await hits(page))[0];
      await page.locator('#hits .hit-title').first().click();
      const reader = page.locator('#reader');
      await reader.waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.querySelector('#reader-body').classList.contains('is-loading'));
      assert.equal(params(page).get('doc'), first.id);
      assert.equal(await page.locator('#reader-title').textContent(), first.title);
      const marks = await page.locator('#reader-text mark').allTextContents();
      assert.ok(marks.length >= 1, 'the article body has <mark>ed words');
      assert.ok(marks.every((m) => /tiktok/i.test(m)), `marked: ${marks}`);
      assert.ok((await page.locator('#reader-text').textContent()).length > first.title.length);
      assert.match(await page.locator('#reader-highlights').textContent(), /highlighted word/);
      // next article from the reader
      await page.locator('#reader-next').click();
      await page.waitForFunction((id) => new URL(location.href).searchParams.get('doc') !== id, first.id);
      assert.equal(params(page).get('doc'), (await hits(page))[1].id);
      // Esc closes it, the URL forgets the article, focus returns to the list
      await page.keyboard.press('Escape');
      await reader.waitFor({ state: 'hidden' });
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('doc'));
      assert.equal(params(page).get('q'), 'tiktok');
    },
  },

  {
    name: 'titles carry the marks the server put in: inflected and accent-free query words included',
    async run({ page }) {
      // "perche" finds "Perché" in a title whose article body never says it, so the snippet does
      // not mark it: the page has no word to copy from the snippet, the mark comes from title_html.
      await open(page, '/?q=perche+enasarco');
      let list = await hits(page);
      const perche = list[0];
      assert.deepEqual(perche.titleMarks, ['Perché', 'Enasarco']);
      assert.ok(!perche.marks.some((m) => m.toLowerCase() === 'perché'), `the snippet marks ${perche.marks}`);
      // Another inflection: the query says "investimenti", the title "investimento" (the snippet neither).
      await open(page, '/?q=investimenti+crif');
      list = await hits(page);
      assert.ok(list[0].titleMarks.includes('investimento'), JSON.stringify(list[0]));
      assert.ok(!list[0].marks.includes('investimento'), JSON.stringify(list[0]));
      // The reader's title is marked by the server too.
      await open(page, `/?q=perche+enasarco&doc=${encodeURIComponent(perche.id)}`);
      await page.locator('#reader').waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.querySelector('#reader-body').classList.contains('is-loading'));
      assert.deepEqual(await page.locator('#reader-title mark').allTextContents(), ['Perché', 'Enasarco']);
      assert.equal(await page.locator('#reader-title').textContent(), perche.title);
    },
  },

  {
    name: 'company facet: click changes counts and hits; multi-select, filter box, clear-all',
    async run({ page }) {
      await open(page, '/?q=zanzibarite');
      assert.deepEqual(await companyFacet(page), {
        Apple: { count: '6', checked: false }, Microsoft: { count: '4', checked: false }, Oracle: { count: '3', checked: false },
      });
      let bars = await histogram(page);
      assert.equal(bars['2021-03'].count, 5);

      await (await companyCheckbox(page, 'Apple')).check();
      await settle(page);
      assert.deepEqual(params(page).getAll('company'), ['Apple']);
      assert.match(await status(page), /^6 articles/);
      let list = await hits(page);
      assert.equal(list.length, 6);
      assert.ok(list.every((h) => h.companies.includes('Apple')));
      // the date counts follow the company filter; the company facet still offers the alternatives
      bars = await histogram(page);
      assert.deepEqual([bars['2021-03'].count, bars['2021-04'].count, bars['2021-06'].count], [3, 1, 2]);
      const facet = await companyFacet(page);
      assert.equal(facet.Apple.checked, true);
      assert.equal(facet.Microsoft.count, '4');
      assert.deepEqual(await chips(page), ['Company: Apple']);

      // a second company widens the set (OR)
      await (await companyCheckbox(page, 'Microsoft')).check();
      await settle(page);
      assert.deepEqual(params(page).getAll('company'), ['Apple', 'Microsoft']);
      assert.match(await status(page), /^10 articles/);
      list = await hits(page);
      assert.ok(list.every((h) => h.companies.includes('Apple') || h.companies.includes('Microsoft')));

      // removing one chip, then clear-all
      await page.getByRole('button', { name: 'Remove filter: Company: Apple' }).click();
      await settle(page);
      assert.deepEqual(params(page).getAll('company'), ['Microsoft']);
      assert.match(await status(page), /^4 articles/);
      await (await companyCheckbox(page, 'Oracle')).check();
      await settle(page);
      await page.locator('#company-clear').click();
      await settle(page);
      assert.equal(params(page).getAll('company').length, 0);
      assert.match(await status(page), /^Showing 1–10 of 13/);

      // a company chip inside a hit filters too
      await page.locator('#hits .hit-companies .chip', { hasText: 'Oracle' }).first().click();
      await settle(page);
      assert.deepEqual(params(page).getAll('company'), ['Oracle']);
      assert.match(await status(page), /^3 articles/);
    },
  },

  {
    name: 'company facet filter box narrows a long list',
    async run({ page }) {
      await open(page, '/?q=tiktok');
      const box = page.locator('#company-filter');
      await box.waitFor({ state: 'visible' });
      const before = Object.keys(await companyFacet(page));
      assert.ok(before.length >= 9, `tiktok lists ${before.length} companies`);
      await box.fill('ora');
      assert.deepEqual(Object.keys(await companyFacet(page)), ['Oracle']);
      await box.fill('zzzz');
      assert.match(await page.locator('#company-note').textContent(), /No company matches/);
      await box.fill('');
      assert.equal(Object.keys(await companyFacet(page)).length, before.length);
      // Enter in the box selects the first match
      await box.fill('micro');
      await box.press('Enter');
      await settle(page);
      assert.deepEqual(params(page).getAll('company'), ['Microsoft']);
    },
  },

  {
    name: 'a selected company outside the top 20 stays in the facet, checked, on top, with its count',
    async run({ page, base }) {
      // Oracle is not among the 20 companies with most articles in the archive (13 articles)...
      const top = await (await fetch(`${base}/api/search?facets=1&size=1`)).json();
      assert.equal(top.facets.company.length, 20);
      assert.ok(!top.facets.company.some((b) => b.value === 'Oracle'));
      // ...and a search filtered by it counts companies over the whole archive (a facet ignores
      // its own filter): the API keeps Oracle in the list, and the page shows it first, checked.
      await open(page, '/?company=Oracle');
      assert.match(await status(page), /^Showing 1–10 of 13 /);
      const facet = await companyFacet(page);
      assert.deepEqual(facet.Oracle, { count: '13', checked: true });
      assert.equal((await companyOrder(page))[0], 'Oracle');
      assert.equal(Object.keys(facet).length, 21);
      assert.equal(Object.values(facet).filter((c) => c.checked).length, 1);
      // A second company, also rare: both on top, in count order, each with its count.
      await (await companyCheckbox(page, 'Apple')).check();
      await settle(page);
      assert.deepEqual((await companyOrder(page)).slice(0, 2), ['Apple', 'Oracle']);
      // Unchecking it from the list removes the filter (and Oracle from the list: click, not uncheck).
      await (await companyCheckbox(page, 'Oracle')).click();
      await settle(page);
      assert.deepEqual(params(page).getAll('company'), ['Apple']);

      // Named by its ticker in the URL: listed under its own name, checked; unchecking drops the ticker.
      await open(page, '/?company=ORCL');
      assert.deepEqual((await companyFacet(page)).Oracle, { count: '13', checked: true });
      assert.equal((await companyFacet(page)).ORCL, undefined);
      await (await companyCheckbox(page, 'Oracle')).click();
      await settle(page);
      assert.equal(params(page).getAll('company').length, 0);
    },
  },

  {
    name: 'date histogram: bars follow the granularity; a click filters to that month; from/to range',
    async run({ page }) {
      await open(page, '/?q=zanzibarite');
      assert.match(await page.locator('#granularity').textContent(), /by month/);
      const bars = await histogram(page);
      assert.deepEqual(Object.keys(bars), ['2021-03', '2021-04', '2021-05', '2021-06']);
      assert.deepEqual(Object.values(bars).map((b) => b.count), [5, 4, 0, 4]);

      await page.locator('#histogram .bar[data-value="2021-04"]').click();
      await settle(page);
      assert.equal(params(page).get('from'), '2021-04');
      assert.equal(params(page).get('to'), '2021-04');
      assert.match(await status(page), /^4 articles/);
      const list = await hits(page);
      assert.equal(list.length, 4);
      assert.ok(list.every((h) => h.date.startsWith('2021-04')), list.map((h) => h.date).join(' '));
      assert.deepEqual(await chips(page), ['Period: April 2021']);
      // the histogram keeps every period (it ignores the date filter) and marks the chosen one
      const after = await histogram(page);
      assert.equal(after['2021-03'].count, 5);
      assert.equal(after['2021-04'].pressed, true);
      assert.equal(after['2021-03'].pressed, false);
      // the company counts follow the dates
      assert.deepEqual(Object.fromEntries(Object.entries(await companyFacet(page)).map(([k, v]) => [k, v.count])),
        { Apple: '1', Microsoft: '2', Oracle: '1' });
      assert.equal(await page.locator('#date-from').inputValue(), '2021-04');

      // Shift-click extends the period
      await page.locator('#histogram .bar[data-value="2021-06"]').click({ modifiers: ['Shift'] });
      await settle(page);
      assert.equal(params(page).get('from'), '2021-04');
      assert.equal(params(page).get('to'), '2021-06');
      assert.match(await status(page), /^8 articles/);

      // the range control, with a day precision
      await page.locator('#date-from').fill('2021-03-10');
      await page.locator('#date-to').fill('2021-04-05');
      await page.locator('#range-form button[type=submit]').click();
      await settle(page);
      assert.equal(params(page).get('from'), '2021-03-10');
      assert.equal(params(page).get('to'), '2021-04-05');
      assert.match(await status(page), /^4 articles/);   // 03-15, 03-21, 03-28, 04-03

      // a bad date is refused in the page with a message, and nothing changes
      await page.locator('#date-to').fill('2021-13');
      await page.locator('#date-to').press('Enter');
      await page.locator('#range-error').waitFor({ state: 'visible' });
      assert.match(await page.locator('#range-error').textContent(), /2021-13/);
      assert.equal(params(page).get('to'), '2021-04-05');

      // removing the date chip clears both ends
      await page.getByRole('button', { name: /Remove filter: Period/ }).click();
      await settle(page);
      assert.equal(params(page).get('from'), null);
      assert.match(await status(page), /of 13/);
    },
  },

  {
    name: 'language filter and sort by date',
    async run({ page }) {
      await open(page, '/?q=tiktok');
      await page.locator('#lang-filter label', { hasText: 'English' }).click();
      await settle(page);
      assert.equal(params(page).get('lang'), 'en');
      assert.deepEqual(await chips(page), ['Language: English']);
      const en = await page.$$eval('#hits .lang-badge', (b) => b.map((x) => x.textContent));
      assert.ok(en.every((l) => l === 'EN'));
      await page.locator('#lang-filter label', { hasText: 'Italian' }).click();
      await settle(page);
      const it = await page.$$eval('#hits .lang-badge', (b) => b.map((x) => x.textContent));
      assert.ok(it.length > 0 && it.every((l) => l === 'IT'));

      await page.locator('#sort').selectOption('date');
      await settle(page);
      assert.equal(params(page).get('sort'), 'date');
      const dates = (await hits(page)).map((h) => h.date).filter(Boolean);
      assert.ok(dates.length > 2);
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    },
  },

  {
    name: 'paging: next, numbered pages, Back',
    async run({ page }) {
      await open(page, '/?q=zanzibarite');
      const page1 = (await hits(page)).map((h) => h.id);
      assert.equal(page1.length, 10);
      const pager = page.locator('#pager');
      assert.ok(await pager.isVisible());
      assert.equal(await pager.locator('[aria-current=page]').textContent(), '1');
      await pager.getByRole('link', { name: /Next/ }).click();
      await settle(page);
      assert.equal(params(page).get('page'), '2');
      assert.match(await status(page), /^Showing 11–13 of 13/);
      const page2 = (await hits(page)).map((h) => h.id);
      assert.equal(page2.length, 3);
      assert.ok(page2.every((id) => !page1.includes(id)));
      assert.equal(await pager.locator('[aria-current=page]').textContent(), '2');
      await page.goBack();
      await settle(page);
      assert.deepEqual((await hits(page)).map((h) => h.id), page1);
      await pager.getByRole('link', { name: 'Page 2' }).click();
      await settle(page);
      assert.deepEqual((await hits(page)).map((h) => h.id), page2);
      // a new filter goes back to page 1
      await (await companyCheckbox(page, 'Apple')).check();
      await settle(page);
      assert.equal(params(page).get('page'), null);
      // a link past the end says so and offers the last page
      await open(page, '/?q=zanzibarite&page=9');
      assert.match(await page.locator('#message').textContent(), /There is no page 9: the results end on page 2/);
      await page.locator('#message').getByRole('link', { name: 'Go to page 2' }).click();
      await settle(page);
      assert.equal((await hits(page)).length, 3);
    },
  },

  {
    name: 'the pager stops where the API stops paging, and says why',
    async run({ page, base }) {
      // The API's limit, as every search answer states it (and /api/openapi.json documents it).
      const real = await (await fetch(`${base}/api/search?q=tiktok&size=10`)).json();
      assert.equal(typeof real.max_offset, 'number');
      const openapi = await (await fetch(`${base}/api/openapi.json`)).json();
      assert.ok(openapi.components.schemas.SearchResult.properties.max_offset);
      const lastServed = Math.floor(real.max_offset / 10) + 1;
      // The corpus is small: pretend this search matched many more articles than paging reaches.
      await page.route('**/api/search**', async (route) => {
        const response = await route.fetch();
        const json = await response.json();
        json.total = 123456;
        await route.fulfill({ response, json });
      });
      await open(page, '/?q=tiktok');
      const pager = page.locator('#pager');
      const numbers = await pager.locator('.page-number').allTextContents();
      assert.equal(numbers.at(-1), lastServed.toLocaleString('en-US'), `pages offered: ${numbers}`);
      assert.match(await pager.locator('.pager-note').textContent(), /Paging stops at 10,010 results: narrow the search/);
      // The last page offered is one the API serves (no 400), and it offers no Next.
      const href = await pager.getByRole('link', { name: `Page ${lastServed.toLocaleString('en-US')}` }).getAttribute('href');
      const last = new URLSearchParams(href.slice(href.indexOf('?')));
      assert.equal(last.get('page'), String(lastServed));
      const served = await fetch(`${base}/api/search?${last}&size=10`);
      assert.equal(served.status, 200);
      assert.equal((await fetch(`${base}/api/search?q=tiktok&size=10&page=${lastServed + 1}`)).status, 400);
      await open(page, `/?q=tiktok&page=${lastServed}`);
      assert.equal(await pager.locator('[aria-current=page]').textContent(), lastServed.toLocaleString('en-US'));
      assert.equal(await pager.locator('.page-next').evaluate((n) => n.localName), 'span', 'Next is not a link');
      // A result that fits in the pages has no note.
      await page.unroute('**/api/search**');
      await open(page, '/?q=zanzibarite');
      assert.equal(await page.locator('.pager-note').count(), 0);
    },
  },

  {
    name: 'URL round-trip: a link reproduces the search; Back and Forward work',
    async run({ page, context }) {
      const url = '/?q=zanzibarite&company=Microsoft&lang=en&from=2021-03&to=2021-04&sort=date';
      await open(page, url);
      assert.equal(await page.locator('#q').inputValue(), 'zanzibarite');
      assert.equal((await companyFacet(page)).Microsoft.checked, true);
      assert.equal(await page.locator('#lang-filter input[value=en]').isChecked(), true);
      assert.equal(await page.locator('#sort').inputValue(), 'date');
      assert.equal(await page.locator('#date-from').inputValue(), '2021-03');
      assert.equal(await page.locator('#date-to').inputValue(), '2021-04');
      assert.deepEqual(await chips(page), ['Company: Microsoft', 'Language: English', 'Period: Mar 2021 – Apr 2021']);
      assert.deepEqual((await hits(page)).map((h) => h.date), ['2021-04-19', '2021-04-03', '2021-03-15']);

      // state made by clicks survives a copy of the URL into another tab
      await open(page, '/?q=zanzibarite');
      await (await companyCheckbox(page, 'Oracle')).check();
      await settle(page);
      await page.locator('#sort').selectOption('date');
      await settle(page);
      const made = page.url();
      const ids = (await hits(page)).map((h) => h.id);
      const other = await context.newPage();
      await open(other, made);
      assert.deepEqual((await hits(other)).map((h) => h.id), ids);
      await other.close();

      // Back and Forward walk through the searches
      await open(page, '/?q=zanzibarite');
      await (await companyCheckbox(page, 'Apple')).check();
      await settle(page);
      await page.locator('#histogram .bar[data-value="2021-03"]').click();
      await settle(page);
      assert.match(await status(page), /^3 articles/);
      await page.goBack();
      await settle(page);
      assert.match(await status(page), /^6 articles/);
      assert.equal(params(page).get('from'), null);
      await page.goBack();
      await settle(page);
      assert.match(await status(page), /of 13/);
      assert.equal((await companyFacet(page)).Apple.checked, false);
      await page.goForward();
      await settle(page);
      assert.match(await status(page), /^6 articles/);
      assert.equal((await companyFacet(page)).Apple.checked, true);

      // typing a new query: one history entry; Back restores the previous words
      await open(page, '/?q=tiktok');
      await page.locator('#q').fill('');
      await page.locator('#q').pressSequentially('apple', { delay: 20 });
      await page.waitForURL(/q=apple/);
      await settle(page);
      await page.goBack();
      await settle(page);
      assert.equal(params(page).get('q'), 'tiktok');
      assert.equal(await page.locator('#q').inputValue(), 'tiktok');
      assert.equal((await hits(page)).length, 10);

      // an open article is in the URL too: reload keeps it, Back closes it
      await page.locator('#hits .hit-title').nth(2).click();
      await page.locator('#reader').waitFor({ state: 'visible' });
      const doc = params(page).get('doc');
      assert.ok(doc);
      await page.reload();
      await page.locator('#reader').waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.querySelector('#reader-body').classList.contains('is-loading'));
      assert.equal(params(page).get('doc'), doc);
      assert.ok((await page.locator('#reader-title').textContent()).length > 0);
      await page.goBack();
      await page.locator('#reader').waitFor({ state: 'hidden' });
      assert.equal(params(page).get('doc'), null);
    },
  },

  {
    name: 'keyboard: / focuses the search box, arrows move through hits, Enter opens one',
    async run({ page }) {
      await open(page, '/?q=tiktok');
      await page.locator('#q').blur();
      await page.locator('.footer').click();
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
      assert.equal(await page.locator('#q').inputValue(), 'tiktok', 'the slash is not typed into the box');
      const ids = (await hits(page)).map((h) => h.id);
      const focused = () => page.evaluate(() => document.activeElement.dataset?.id || document.activeElement.id);
      await page.keyboard.press('ArrowDown');
      assert.equal(await focused(), ids[0]);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focused(), ids[2]);
      await page.keyboard.press('ArrowUp');
      assert.equal(await focused(), ids[1]);
      await page.keyboard.press('Enter');
      await page.locator('#reader').waitFor({ state: 'visible' });
      assert.equal(params(page).get('doc'), ids[1]);
      await page.keyboard.press('ArrowRight');   // next article inside the reader
      await page.waitForFunction((id) => new URL(location.href).searchParams.get('doc') === id, ids[2]);
      await page.keyboard.press('Escape');
      await page.locator('#reader').waitFor({ state: 'hidden' });
      await page.waitForFunction((id) => document.activeElement.dataset?.id === id, ids[2]);   // the hit last read
      // ArrowUp from the first hit goes back to the search box
      await page.keyboard.press('/');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'q');
      // Tab order reaches the facets and the histogram bars work with arrows and Enter
      await page.locator('#histogram .bar[tabindex="0"]').focus();
      await page.keyboard.press('End');
      const last = await page.evaluate(() => document.activeElement.dataset.value);
      await page.keyboard.press('Enter');
      await settle(page);
      assert.equal(params(page).get('from'), last);
    },
  },

  {
    name: 'an article with <script> and <img onerror> in its title and body is shown as text; nothing runs',
    async run({ page }) {
      await open(page, '/?q=xsscanary');
      const hit = page.locator('#hits .hit').first();
      const title = await hit.locator('.hit-title').textContent();
      assert.ok(title.includes('<script>window.__xss=1</script>'), title);
      assert.ok(title.includes('<img src=x onerror="window.__xss=2">'), title);
      assert.ok((await hit.locator('.hit-snippet').textContent()).includes('<script>window.__xss=1</script>'));
      assert.ok((await hit.locator('.hit-meta').textContent()).includes('<b>Wire</b>'), 'the source is text too');
      await hit.locator('.hit-title').click();
      await page.locator('#reader').waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.querySelector('#reader-body').classList.contains('is-loading'));
      const readerTitle = await page.locator('#reader-title').textContent();
      assert.ok(readerTitle.includes('<script>window.__xss=1</script>'), readerTitle);
      const body = await page.locator('#reader-text').textContent();
      assert.ok(body.includes('<script>window.__xss=1</script>'), body);
      assert.ok(body.includes('<img src=x onerror="window.__xss=2">'), body);
      assert.ok(await page.locator('#reader-text').getByText('<img src=x onerror="window.__xss=2"> must both be shown literally').isVisible());
      await page.waitForTimeout(300);   // give an injected image time to fail and fire onerror
      assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
      assert.equal(await page.locator('main script, main img, #reader script, #reader img, main b, #reader b').count(), 0);
      // a javascript: URL is never offered as a link
      assert.ok(await page.locator('#reader-original').isHidden());
      assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
    },
  },

  {
    name: 'no results, server error and network error states',
    async run({ page, base }) {
      await open(page, '/?q=qqxyzzyplugh');
      const msg = page.locator('#message');
      assert.match(await msg.textContent(), /No articles match “qqxyzzyplugh”/);
      assert.match(await msg.textContent(), /try fewer words/);
      assert.match(await status(page), /^0 articles/);

      // filtered to nothing: a hint with the unfiltered count and a button to drop the filters
      await open(page, '/?q=zanzibarite&from=1990&to=1990');
      await msg.getByText('13 articles without filters').waitFor();
      await msg.getByRole('button', { name: 'Remove all filters' }).click();
      await settle(page);
      assert.match(await status(page), /of 13/);

      // the server's own error message is shown, not a blank page
      const api = await fetch(`${base}/api/search?q=${encodeURIComponent('tiktok "unclosed')}`);
      assert.ok(api.status >= 400 && api.status < 500, `HTTP ${api.status}`);
      const serverMessage = (await api.json()).error.message;
      await open(page, `/?q=${encodeURIComponent('tiktok "unclosed')}`);
      assert.ok(await msg.isVisible());
      assert.equal(await msg.getAttribute('role'), 'alert');
      assert.match(await msg.locator('h3').textContent(), /could not be completed/);
      assert.equal(await msg.locator('.error-text').textContent(), serverMessage);
      // fixing the query recovers
      await page.locator('#q').fill('tiktok');
      await page.locator('#q').press('Enter');
      await settle(page);
      assert.equal((await hits(page)).length, 10);

      // an unknown article: its message, in the reader
      await page.goto('/?q=tiktok&doc=no-such-article-e2e');
      await page.locator('#reader').waitFor({ state: 'visible' });
      await page.locator('#reader-text .error-text').waitFor();
      assert.match(await page.locator('#reader-title').textContent(), /could not be opened/);
      assert.ok((await page.locator('#reader-text .error-text').textContent()).length > 0);

      // the network fails
      await page.route('**/api/search**', (route) => route.abort('connectionrefused'));
      await page.goto('/?q=apple');
      await msg.getByText('The server could not be reached').waitFor();
      await page.unroute('**/api/search**');
      await msg.getByRole('button', { name: 'Try again' }).click();
      await settle(page);
      assert.ok((await hits(page)).length > 0);
    },
  },

  {
    name: 'loading state while a slow search runs',
    async run({ page }) {
      await open(page, '/?q=tiktok');
      await page.route('**/api/search**', async (route) => {
        await new Promise((r) => setTimeout(r, 900));
        await route.continue();
      });
      await page.locator('#q').fill('apple');
      await page.locator('#q').press('Enter');
      await page.locator('#main.is-loading').waitFor();
      assert.equal(await page.locator('#main').getAttribute('aria-busy'), 'true');
      assert.equal(await status(page), 'Searching…');
      await settle(page);
      assert.ok(await page.locator('#main.is-loading').count() === 0);
      assert.match(await status(page), /of 90 · [\d.,]+ ms$/);   // 91 articles, 90 stories (an iPad factbox and its re-issue)
    },
  },

  {
    name: 'interface in Italian from the browser language, switchable to English',
    locale: 'it-IT',
    async run({ page }) {
      await open(page, '/?q=tiktok');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'it');
      assert.match(await status(page), /^10 articoli/);
      assert.equal(await page.locator('.search-submit').textContent(), 'Cerca');
      assert.equal(await page.locator('#company-heading').textContent(), 'Aziende');
      assert.equal(await page.locator('[data-ui-lang=it]').getAttribute('aria-pressed'), 'true');
      await page.locator('[data-ui-lang=en]').click();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.match(await status(page), /^10 articles/);
      assert.equal(await page.locator('#company-heading').textContent(), 'Companies');
      await page.reload();
      await settle(page);
      assert.match(await status(page), /^10 articles/, 'the choice is remembered');
      await page.locator('[data-ui-lang=it]').click();
      await page.locator('#hits .hit-title').first().click();
      await page.locator('#reader').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#reader-close').getAttribute('aria-label'), 'Chiudi');
    },
  },

  {
    name: 'phone width (375 px): no sideways scrolling, filters behind a toggle, reader full screen',
    viewport: { width: 375, height: 812 },
    async run({ page }) {
      await open(page, '/?q=tiktok');
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(await overflow() <= 0, `page is ${await overflow()} px wider than the screen`);
      assert.ok(await page.locator('#sidebar').isHidden());
      await page.locator('#filters-toggle').click();
      assert.ok(await page.locator('#sidebar').isVisible());
      await (await companyCheckbox(page, 'Oracle')).check();
      await settle(page);
      assert.equal(await page.locator('#filters-count').textContent(), '1');
      assert.ok(await overflow() <= 0);
      await page.locator('#hits .hit-title').first().click();
      await page.locator('#reader').waitFor({ state: 'visible' });
      const box = await page.locator('#reader').boundingBox();
      assert.ok(box.width >= 370, `reader is ${box.width} px wide`);
    },
  },

  {
    name: 'accessibility (axe-core, WCAG 2.1 AA): welcome, results with filters, reader, phone',
    async run({ page, axeSource }) {
      await open(page, '/');
      await axeCheck(page, axeSource, 'the welcome page');
      await open(page, '/?q=zanzibarite&company=Apple&from=2021-03&to=2021-04');
      await axeCheck(page, axeSource, 'results with filters');
      await open(page, '/?q=qqxyzzyplugh&lang=en');
      await axeCheck(page, axeSource, 'no results');
      await open(page, '/?q=tiktok');
      await page.locator('#hits .hit-title').first().click();
      await page.waitForFunction(() => !document.querySelector('#reader-body').classList.contains('is-loading'));
      await axeCheck(page, axeSource, 'the article reader');
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 375, height: 812 });
      await page.locator('#filters-toggle').click();
      await axeCheck(page, axeSource, 'phone width with filters open');
    },
  },

  {
    name: 'a new user: search tiktok, narrow by a company and a month, open an article',
    async run({ page }) {
      await page.goto('/');
      await page.getByRole('searchbox', { name: 'Search articles' }).fill('tiktok');
      await page.keyboard.press('Enter');
      await settle(page);
      await page.getByRole('checkbox', { name: /^TikTok/ }).check();
      await settle(page);
      assert.match(await status(page), /^10 articles/);
      await page.getByRole('button', { name: /^May 2020: 3 articles/ }).click();
      await settle(page);
      assert.match(await status(page), /^3 articles/);
      assert.deepEqual(await chips(page), ['Company: TikTok', 'Period: May 2020']);
      await page.locator('#hits .hit-title').first().click();
      await page.getByRole('dialog').waitFor();
      await page.waitForFunction(() => !document.querySelector('#reader-body').classList.contains('is-loading'));
      assert.ok(await page.locator('#reader-text mark').count() > 0);
      assert.match(page.url(), /\?q=tiktok&company=TikTok&from=2020-05&to=2020-05&doc=/);
    },
  },

  // --- press-office tools (views/press.js, review.js, trends.js) ------------------------------

  {
    name: 'follow this search: the feed link and <link rel=alternate> carry the search; the feed has its articles',
    async run({ page }) {
      await open(page, '/?q=zanzibarite&company=Apple&sort=date&page=1');
      const link = page.getByRole('link', { name: 'Follow this search (Atom)' });
      const href = await link.getAttribute('href');
      assert.equal(href, '/api/search.atom?q=zanzibarite&company=Apple');
      assert.equal(await page.locator('link[rel=alternate][type="application/atom+xml"]').getAttribute('href'), href);
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /^application\/atom\+xml/);
      const xml = await res.text();
      const ids = [...xml.matchAll(/<entry[^>]*>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1]);
      assert.equal(ids.length, 6, 'Apple is named in 6 zanzibarite articles');
      const updated = [...xml.matchAll(/<entry[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => m[1]);
      assert.deepEqual(updated, [...updated].sort().reverse(), 'newest first');
      // the export links follow the same search, with its order
      assert.equal(await page.locator('#export-csv').getAttribute('href'), '/api/search.csv?q=zanzibarite&company=Apple&sort=date');
      const csv = await (await page.request.get('/api/search.csv?q=zanzibarite&company=Apple&sort=date')).text();
      assert.equal(csv.trim().split('\r\n').length, 7, 'a header and 6 rows');
    },
  },

  {
    name: 'company trends: an SVG line per company, counts per month, and the co-mention profile',
    async run({ page }) {
      await open(page, '/?q=zanzibarite&company=Apple&company=Microsoft');
      await page.locator('#trends summary').click();
      await page.locator('#trends-chart polyline').nth(1).waitFor();
      const lines = await page.$$eval('#trends-chart polyline', (ps) => ps.map((p) => ({
        company: p.dataset.company, points: p.getAttribute('points').trim().split(/\s+/).length })));
      assert.deepEqual(lines, [{ company: 'Apple', points: 4 }, { company: 'Microsoft', points: 4 }]);  // 2021-03 .. 2021-06
      const tips = await page.$$eval('#trends-chart circle title', (ts) => ts.map((t) => t.textContent));
      for (const tip of ['Apple · 2021-03: 3', 'Apple · 2021-04: 1', 'Apple · 2021-05: 0', 'Apple · 2021-06: 2',
        'Microsoft · 2021-03: 1', 'Microsoft · 2021-04: 2', 'Microsoft · 2021-06: 1']) {
        assert.ok(tips.includes(tip), `no point "${tip}" in ${tips}`);
      }
      assert.deepEqual(await page.$$eval('#trends-chart .legend-button', (bs) => bs.map((b) => b.textContent)), ['Apple (6)', 'Microsoft (4)']);
      // the profile of the first company, then of the one clicked in the legend
      await page.locator('#trends-profile h3', { hasText: 'Apple' }).waitFor();
      await page.getByRole('button', { name: 'Microsoft (4)' }).click();
      await page.locator('#trends-profile h3', { hasText: 'Microsoft' }).waitFor();
      const profile = await (await page.request.get('/api/companies/Microsoft')).json();
      assert.match(await page.locator('#trends-profile .profile-facts').textContent(), new RegExp(`^${profile.mentions} articles`));
      const shown = await page.$$eval('#trends-profile .co-mentions li', (lis) => lis.map((li) => li.textContent.trim()));
      assert.deepEqual(shown, profile.co_mentions.map((c) => `${c.company} ${c.count}`));
      // a week granularity redraws
      await page.locator('#trends-granularity').selectOption('week');
      await page.waitForFunction(() => document.querySelector('#trends-chart polyline')?.getAttribute('points').trim().split(/\s+/).length > 4);
    },
  },

  {
    name: 'press review: pick articles, reorder them, get the printable review in a new tab',
    async run({ page, context }) {
      await open(page, '/?q=zanzibarite&sort=date');
      const list = await hits(page);
      await page.getByRole('checkbox', { name: `Add to the press review: ${list[0].title}` }).check();
      await page.getByRole('checkbox', { name: `Add to the press review: ${list[2].title}` }).check();
      assert.equal(await page.locator('#review-count').textContent(), '2');
      // picks survive a new search and a reload (session storage)
      await open(page, '/?q=tiktok');
      await page.reload();
      await settle(page);
      assert.equal(await page.locator('#review-count').textContent(), '2');
      await page.getByRole('button', { name: /Press review/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Press review' });
      await dialog.waitFor();
      assert.deepEqual(await dialog.locator('.review-item-title').allTextContents(), [list[0].title, list[2].title]);
      await dialog.getByRole('button', { name: 'Move down' }).first().click();
      assert.deepEqual(await dialog.locator('.review-item-title').allTextContents(), [list[2].title, list[0].title]);
      await dialog.getByLabel('Title').fill('Zanzibarite weekly');
      await dialog.getByLabel('Contents by').selectOption('none');
      const [review] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('button', { name: 'Make the review' }).click()]);
      await review.waitForLoadState();
      assert.equal(await review.locator('h1').textContent(), 'Zanzibarite weekly');
      assert.equal(await review.locator('.kicker').textContent(), 'Press review');
      assert.deepEqual(await review.locator('article.item h2').allTextContents(), [list[2].title, list[0].title]);
      assert.deepEqual(await review.locator('.toc a').allTextContents(), [list[2].title, list[0].title]);
      // its stylesheet loaded (the cover is a page of its own in print)
      assert.equal(await review.locator('.kicker').evaluate((n) => getComputedStyle(n).textTransform), 'uppercase');
      await review.close();
    },
  },

  {
    name: 'did you mean: a misspelt word gets a suggestion that searches again (English and Italian)',
    async run({ page }) {
      await open(page, '/?q=zanzibrite');
      const line = page.locator('#suggestion');
      await line.waitFor();
      assert.equal((await line.textContent()).replace(/\s+/g, ' '), 'Did you mean zanzibarite (13 articles)?');
      await line.getByRole('link', { name: 'zanzibarite' }).click();
      await page.waitForURL(/\?q=zanzibarite$/);
      await settle(page);
      assert.match(await status(page), /^Showing 1–10 of 13/);
      assert.ok(await line.isHidden());
      await page.getByRole('button', { name: 'IT' }).click();
      await open(page, '/?q=amministrazone');
      assert.match(await line.textContent(), /^Forse cercavi amministrazione/);
    },
  },

  {
    name: 'partial answer: a notice names the remote part that did not answer, and goes when it answers again',
    remote: true,  // run.mjs serves corpus/ and fixtures/ as two xapian-tcpsrv parts (remote.parts)
    async run({ page, remote, axeSource }) {
      const [corpus, fixtures] = remote.parts;
      const notice = page.locator('#partial-notice');
      const url = `${remote.base}/?q=${encodeURIComponent('tiktok OR zanzibarite')}`;
      const shownTotal = async () => {
        const text = await status(page);
        // "Showing 1–10 of 23 · 111 ms", or "10 articles · 193 ms" when one page holds them all
        const m = text.match(/of ([\d,]+)/) || text.match(/^([\d,]+) /);
        assert.ok(m, `a count in the status line: ${text}`);
        return Number(m[1].replace(/,/g, ''));
      };
      await open(page, url);
      const whole = await shownTotal();
      assert.ok(await notice.isHidden(), 'no notice while every part answers');
      assert.ok((await hits(page)).some((h) => /zanzibarite/i.test(h.title)), 'hits from the fixtures part');

      await fixtures.stop();
      await open(page, `${url}&sort=date`);
      await notice.waitFor();
      const text = await notice.textContent();
      assert.match(text, /did not answer/);
      assert.ok(text.includes(fixtures.name), `the notice names the failed part ${fixtures.name}: ${text}`);
      assert.ok(!text.includes(corpus.name), 'the part that answered is not named');
      const partial = await shownTotal();
      assert.ok(partial > 0 && partial < whole, `a partial answer counts fewer articles (${partial} of ${whole})`);
      assert.ok(!(await hits(page)).some((h) => /zanzibarite/i.test(h.title)), 'no hit from the part that is down');
      await axeCheck(page, axeSource, 'a partial answer');
      await page.locator('button[data-ui-lang="it"]').click();
      await page.waitForFunction(() => /non ha risposto/.test(document.querySelector('#partial-notice').textContent));
      assert.ok((await notice.textContent()).includes(fixtures.name));
      await page.locator('button[data-ui-lang="en"]').click();

      await fixtures.start();
      // The server tries a failed part again every 2 s: wait for a whole answer from the API.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await (await fetch(`${remote.base}/api/search?q=${encodeURIComponent('tiktok OR zanzibarite')}`)).json();
        if (!r.partial) break;
        assert.ok(Date.now() < deadline, 'the restarted part never answered again');
        await new Promise((r2) => setTimeout(r2, 200));
      }
      await open(page, url);
      assert.ok(await notice.isHidden(), 'the notice goes when every part answers again');
      assert.equal(await shownTotal(), whole);
    },
  },
];
