-- wrk script: GET /api/search cycling through a query file, one query per request.
--   wrk -s bench/wrk_queries.lua URL -- QUERIES.txt "lang=en&facets=0&size=10"
--   wrk -s bench/wrk_queries.lua URL -- QUERIES.txt "facets=0|facets=1|sort=date&facets=1"  (mixed)
-- Each wrk thread starts at a different offset in the file. done() prints one JSON line
-- ("WRK_JSON {...}") with requests/s and latency percentiles in microseconds.
local queries = {}
local extra = ""
local pos = 1

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local thread_counter = 0
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_no", thread_counter)
end

function init(args)
  local path = args[1]
  extra = args[2] or ""
  for line in io.lines(path) do
    local q = line:match("^%s*(.-)%s*$")
    if q ~= "" and q:sub(1, 1) ~= "#" then queries[#queries + 1] = urlencode(q) end
  end
  if #queries == 0 then error("no queries in " .. path) end
  pos = (((thread_no or 1) - 1) * 97) % #queries + 1
end

-- Several parameter sets separated by "|" (e.g. "facets=0|facets=1&sort=date") are used in turn,
-- one per request, for a mixed load.
local extras = nil
local turn = 0

function request()
  if extras == nil then
    extras = {}
    for part in (extra .. "|"):gmatch("([^|]*)|") do extras[#extras + 1] = part end
  end
  local q = queries[pos]
  pos = pos % #queries + 1
  turn = turn % #extras + 1
  return wrk.format("GET", "/api/search?q=" .. q .. "&" .. extras[turn])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"rps":%.2f,"p50_us":%d,"p90_us":%d,"p95_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
