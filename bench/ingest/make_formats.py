#!/usr/bin/env python3
"""Writes the same N articles of a JSON Lines corpus in every input format rassegna-index reads,
so that indexing rates can be compared format against format in one run:
  articles.jsonl, feed.rss (RSS 2.0, content:encoded), feed.atom, articles.csv, articles.tsv,
  pages/*.html (one page each, with menus, cookie banner, related links and footer around the
  article), crawl.warc.gz (each page as a response, with its request record, a gzip member each).
Usage: make_formats.py CORPUS.jsonl[.gz] OUT_DIR N"""
import csv, gzip, html, json, os, sys
from email.utils import format_datetime
from datetime import datetime


def read(path, n):
    opener = gzip.open if path.endswith('.gz') else open
    out = []
    with opener(path, 'rt', encoding='utf-8') as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def paragraphs(body):
    return ''.join('<p>%s</p>' % html.escape(p) for p in body.split('\n') if p.strip())


def rfc822(date):
    try:
        d = datetime.fromisoformat(date.replace('Z', '+00:00'))
    except ValueError:
        return None
    if d.tzinfo is None:
        return d.strftime('%a, %d %b %Y %H:%M:%S') + ' GMT'
    return format_datetime(d)


PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {source}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{source}">
<meta property="og:url" content="{url}"><meta property="article:published_time" content="{date}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": {jtitle}}}</script>
<script>var tracking = {{"page": "article"}};</script></head>
<body><div class="cookie-banner"><p>We use cookies to improve your experience. By continuing you accept them.</p><button>OK</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/economy">Economy</a></li><li><a href="/world">World</a></li><li><a href="/markets">Markets</a></li></ul></nav></header>
<main><article><h1>{title}</h1><div class="byline">Staff</div><div class="article-body">{body}</div></article>
<section class="related"><h3>Related</h3><ul><li><a href="/1">Markets close higher after central bank decision</a></li><li><a href="/2">Oil prices rise on supply worries in the Middle East</a></li></ul></section></main>
<footer><p>All rights reserved.</p><a href="/contact">Contact</a></footer></body></html>
"""


def main():
    src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    arts = read(src, n)
    os.makedirs(os.path.join(out, 'pages'), exist_ok=True)
    with open(os.path.join(out, 'articles.jsonl'), 'w', encoding='utf-8') as f:
        for a in arts:
            f.write(json.dumps(a, ensure_ascii=False) + '\n')
    with open(os.path.join(out, 'feed.rss'), 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>\n')
        for a in arts:
            d = rfc822(a.get('date', ''))
            f.write('<item><guid>%s</guid><title>%s</title>%s<content:encoded><![CDATA[%s]]></content:encoded></item>\n' % (
                html.escape(a['id']), html.escape(a.get('title', '')),
                '<pubDate>%s</pubDate>' % d if d else '', paragraphs(a['body']).replace(']]>', ']]&gt;')))
        f.write('</channel></rss>\n')
    with open(os.path.join(out, 'feed.atom'), 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title>\n')
        for a in arts:
            f.write('<entry xml:lang="%s"><id>%s</id><title>%s</title><updated>%s</updated><content type="html">%s</content></entry>\n' % (
                a.get('lang', 'en'), html.escape(a['id']), html.escape(a.get('title', '')), html.escape(a.get('date', '')),
                html.escape(paragraphs(a['body']))))
        f.write('</feed>\n')
    fields = ['id', 'title', 'body', 'date', 'lang', 'source', 'url']
    for name, dialect in (('articles.csv', 'excel'), ('articles.tsv', 'excel-tab')):
        with open(os.path.join(out, name), 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f, dialect=dialect)
            w.writerow(fields)
            for a in arts:
                w.writerow([a.get(k, '') for k in fields])
    warc = open(os.path.join(out, 'crawl.warc.gz'), 'wb')
    for i, a in enumerate(arts):
        url = a.get('url') or 'https://bench.example/%s' % a['id']
        page = PAGE.format(lang=a.get('lang', 'en'), title=html.escape(a.get('title', ''), quote=True),
                           source=html.escape(a.get('source', '')), url=html.escape(url), date=a.get('date', ''),
                           jtitle=json.dumps(a.get('title', '')), body=paragraphs(a['body']))
        data = page.encode('utf-8')
        with open(os.path.join(out, 'pages', '%06d.html' % i), 'wb') as f:
            f.write(data)
        for typ, block in (('request', b'GET / HTTP/1.1\r\nHost: bench.example\r\n\r\n'),
                           ('response', b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n' + data)):
            head = ('WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2020-01-01T00:00:00Z\r\n'
                    'Content-Length: %d\r\n\r\n' % (typ, url, len(block))).encode()
            warc.write(gzip.compress(head + block + b'\r\n\r\n', compresslevel=6))
    warc.close()


main()
