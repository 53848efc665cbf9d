-- wrk script for bench/overhead.py: POST a fixed JSON body, print results as one parseable line.
--
-- The body comes from the file named by $BENCH_BODY_FILE (read once per thread, at load time).
-- done() prints: BENCH_RESULT {"requests":..,"duration_us":..,"p50_us":..,"p99_us":..,...}

local path = os.getenv("BENCH_BODY_FILE")
if path then
   local fh = assert(io.open(path, "rb"))
   wrk.body = fh:read("*a")
   fh:close()
end
-- Optional: $BENCH_UNIQUE_MARK names a string in the body that is replaced by a number counting up
-- from $BENCH_UNIQUE_SEED, so no two requests are alike (no cache serves them; bench/compare.py).
local mark = os.getenv("BENCH_UNIQUE_MARK")
if mark and wrk.body then
   local s, e = wrk.body:find(mark, 1, true)
   if s then
      local head, tail = wrk.body:sub(1, s - 1), wrk.body:sub(e + 1)
      local n = tonumber(os.getenv("BENCH_UNIQUE_SEED") or "") or os.time() * 1000
      function request()
         n = n + 1
         return wrk.format(nil, nil, nil, head .. n .. tail)
      end
   end
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
      e.connect, e.read, e.write, e.status, e.timeout))
end
