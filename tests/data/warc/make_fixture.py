#!/usr/bin/env python3
"""Writes crawl.warc and crawl.warc.gz (one gzip member per record, as crawlers write them):
a warcinfo record, a request, an HTML response (../html/borsa-milano.html), an image, a 301
redirect, an HTML response sent chunked and gzip-encoded, and a metadata record.
Run from this folder: python3 make_fixture.py"""
import gzip

html = open('../html/borsa-milano.html', 'rb').read()
page2 = ("<!DOCTYPE html><html lang=\"en\"><head><title>Oracle wins TikTok bid</title>"
         "<meta property=\"og:site_name\" content=\"Example Wire\"></head><body><nav><a href=\"/\">Home</a> "
         "<a href=\"/markets\">Markets</a></nav>"
         "<article><p>Oracle Corp won the bid for TikTok's U.S. operations on Monday, beating Microsoft, "
         "people familiar with the matter said.</p>"
         "<p>The deal still needs the approval of the U.S. government and of Beijing.</p></article></body></html>").encode()
gz = gzip.compress(page2, mtime=0)
chunked = b""
for i in range(0, len(gz), 100):
    part = gz[i:i + 100]
    chunked += b"%x\r\n" % len(part) + part + b"\r\n"
chunked += b"0\r\n\r\n"


def rec(typ, uri, date, block, extra=b""):
    h = (b"WARC/1.0\r\nWARC-Type: " + typ + b"\r\n" + (b"WARC-Target-URI: " + uri + b"\r\n" if uri else b"") +
         b"WARC-Date: " + date + b"\r\nWARC-Record-ID: <urn:uuid:" + typ + uri[-8:] + b">\r\n" + extra +
         b"Content-Length: " + str(len(block)).encode() + b"\r\n\r\n")
    return h + block + b"\r\n\r\n"


http_resp = b"Content-Type: application/http; msgtype=response\r\n"
recs = [
    rec(b"warcinfo", b"", b"2020-09-15T18:00:00Z",
        b"software: hand-made fixture for Rassegna\r\nformat: WARC File Format 1.0\r\n",
        b"Content-Type: application/warc-fields\r\n"),
    rec(b"request", b"https://www.quotidiano-economico.example/borsa/2020/09/15/piazza-affari-rialzo",
        b"2020-09-15T18:00:01Z",
        b"GET /borsa/2020/09/15/piazza-affari-rialzo HTTP/1.1\r\nHost: www.quotidiano-economico.example\r\n\r\n",
        b"Content-Type: application/http; msgtype=request\r\n"),
    rec(b"response", b"https://www.quotidiano-economico.example/borsa/2020/09/15/piazza-affari-rialzo?utm=crawl",
        b"2020-09-15T18:00:02Z",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + str(len(html)).encode() +
        b"\r\n\r\n" + html, http_resp),
    rec(b"response", b"https://www.quotidiano-economico.example/logo.png", b"2020-09-15T18:00:03Z",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", http_resp),
    rec(b"response", b"https://www.quotidiano-economico.example/old", b"2020-09-15T18:00:04Z",
        b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.quotidiano-economico.example/new\r\n"
        b"Content-Type: text/html\r\n\r\n<html><body>Moved</body></html>", http_resp),
    rec(b"response", b"https://wire.example.com/oracle-tiktok", b"2020-09-14T16:30:00Z",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
        chunked, http_resp),
    rec(b"metadata", b"https://wire.example.com/oracle-tiktok", b"2020-09-14T16:30:01Z", b"fetchTimeMs: 120\r\n",
        b"Content-Type: application/warc-fields\r\n"),
]
open('crawl.warc', 'wb').write(b"".join(recs))
open('crawl.warc.gz', 'wb').write(b"".join(gzip.compress(r, mtime=0) for r in recs))
