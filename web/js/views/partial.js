// The notice over a partial answer: some parts of an archive split over several machines
// (remote parts, docs/operations.md) did not answer, so hits, totals and counts miss their
// articles. The API says so with `partial` and names them in `failed_parts`.

import { $ } from '../dom.js';
import { t } from '../i18n.js';

export function renderPartial(view) {
  const { result, error } = view;
  const box = $('#partial-notice');
  const parts = !error && result && result.partial ? (result.failed_parts || []) : null;
  box.hidden = !parts;
  if (!parts) {
    box.replaceChildren();
    return;
  }
  box.textContent = t('partialAnswer', { n: parts.length, parts: parts.join(', ') });
}
