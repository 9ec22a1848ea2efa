-- One endpoint under wrk, for bench/run.py. Read from the environment:
--   BENCH_METHOD   GET or POST
--   BENCH_PATH     the path; "{id}" is replaced by the next id of BENCH_IDS
--   BENCH_BODY     the form body of a POST; "{id}" likewise
--   BENCH_IDS      a file of ids, one a line: each thread takes every n-th, so no two
--                  requests of a run share an id (a write always moves something new)
--   BENCH_COOKIE, BENCH_CSRF   a logged-in session's cookie header and CSRF token
--   BENCH_THREADS  wrk's -t (the threads share out the ids)
--   BENCH_OUT      where done() writes the figures as JSON
--   BENCH_EXPECT   the one status every response must have (the polls: 204); any other
--                  2xx or 3xx is counted in "unexpected"
-- Any response that is not 2xx or 3xx counts as an error (wrk's "status" errors).

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/healthz"
local body = os.getenv("BENCH_BODY") or ""
local ids_file = os.getenv("BENCH_IDS")
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")  -- wrk's -t, for the id slices
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  ids, next_id, unexpected = {}, 1, 0
  if ids_file then
    local n = 0
    for line in io.lines(ids_file) do
      if n % nthreads == thread_index then
        table.insert(ids, line)
      end
      n = n + 1
    end
  end
  wrk.method = method
  wrk.headers["Connection"] = "keep-alive"
  if cookie then wrk.headers["Cookie"] = cookie end
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["HX-Request"] = "true"
    if csrf then wrk.headers["X-CSRFToken"] = csrf end
  end
end

function request()
  local p, b = path, body
  if #ids > 0 then
    local id = ids[next_id]
    next_id = next_id % #ids + 1
    p = p:gsub("{id}", id)
    b = b:gsub("{id}", id)
  end
  if method == "POST" then
    return wrk.format(method, p, nil, b)
  end
  return wrk.format(method, p)
end

-- Only when a status is expected: a response() hook makes wrk parse every response.
if expect then
  function response(status, headers, body)
    -- 4xx and 5xx are wrk's own status errors already.
    if status ~= expect and status < 400 then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + (thread:get("unexpected") or 0)
  end
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"unexpected": %d}',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, unexpected_total))
  out:close()
end
