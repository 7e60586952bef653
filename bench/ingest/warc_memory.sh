#!/usr/bin/env bash
# Peak memory of rassegna-index reading a WARC of 100 MB and one of ~2 GB (1 MB image responses,
# an HTML page every 50 records): the same peak means the crawl is streamed, not loaded.
# Usage: bench/ingest/warc_memory.sh [BIG_RECORDS]   (from the repository root, after a build; ~2 GB of /tmp)
set -euo pipefail
big=${1:-2000}
idx=${RASSEGNA_BUILD:-build}/rassegna-index
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$big" <<'PY'
import os, sys
work, big = sys.argv[1], int(sys.argv[2])
img = b'HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n' + os.urandom(1 << 20)
page = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>Prova</title></head><body><article>' +
        b''.join(b'<p>Paragrafo %d di un articolo di prova, con abbastanza parole per contare.</p>' % i for i in range(50)) +
        b'</article></body></html>')
for name, n in (('small.warc', 100), ('big.warc', big)):
    with open(os.path.join(work, name), 'wb') as f:
        for i in range(n):
            block = page if i % 50 == 0 else img
            f.write(b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://big.example/%d\r\n'
                    b'Content-Length: %d\r\n\r\n' % (i, len(block)) + block + b'\r\n\r\n')
PY
for name in small big; do
  size=$(du -m "$work/$name.warc" | cut -f1)
  /usr/bin/time -f "%M %e" -o "$work/t" "$idx" --db "$work/db-$name" --no-companies -q "$work/$name.warc" || true
  read -r rss wall <"$work/t"
  echo "$name.warc: ${size} MB, peak RSS $((rss / 1024)) MB, ${wall} s wall"
done
