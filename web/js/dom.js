// Small DOM helpers. Server strings go in as text (el's `text`, appended strings), except the
// API's marked HTML (snippet, title_html, body_html), which appendMarkedHtml re-builds from its
// text and <mark> elements alone.

export const $ = (sel) => document.querySelector(sel);

// el('a', {class, text, dataset, onclick, attr: value, ...}, ...children)
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// Appends server HTML that may contain only text and <mark>. It is parsed in an inert <template>
// (nothing loads or runs there), then re-built from text nodes and <mark> elements alone, so even a
// server bug could not inject markup. Returns the number of <mark> elements added.
export function appendMarkedHtml(parent, html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = String(html ?? '');
  let marks = 0;
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(document.createTextNode(node.data));
      } else if (node.nodeType === Node.ELEMENT_NODE && node.localName === 'mark') {
        const m = document.createElement('mark');
        m.textContent = node.textContent;
        to.append(m);
        marks++;
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        copy(node, to);   // unknown element: keep its text only
      }
    }
  };
  copy(tpl.content, parent);
  return marks;
}

// Fills `parent` with the marked HTML when the server sent it, else with the plain text.
export function setMarkedText(parent, html, text) {
  parent.replaceChildren();
  if (typeof html === 'string' && html) return appendMarkedHtml(parent, html);
  parent.textContent = String(text ?? '');
  return 0;
}

export function safeHttpUrl(url) {
  try {
    const u = new URL(String(url), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function isEditable(node) {
  if (!node || node === document.body) return false;
  if (node.isContentEditable) return true;
  const tag = node.localName;
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(node.type);
  return false;
}

// A short stable id for a string (element ids for company names).
export function hashId(s) {
  let h = 2166136261;
  for (const ch of String(s)) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  return (h >>> 0).toString(36);
}

// Sets or clears the lang attribute of an element holding article text.
export function setLang(node, lang) {
  if (lang) node.lang = lang; else node.removeAttribute('lang');
}
