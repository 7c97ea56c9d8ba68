-- wrk script for bench/run.py: counts non-2xx responses in every thread and, when the
-- run ends, prints one line "BENCH_JSON {...}" with throughput, latency percentiles
-- (milliseconds) and errors. wrk's own "status" error only counts codes >= 400, so a
-- redirect would otherwise pass for a success.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non_2xx = 0
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
   end
end

function done(summary, latency, requests)
   local non2xx = 0
   for _, thread in ipairs(threads) do
      non2xx = non2xx + (thread:get("non_2xx") or 0)
   end
   local e = summary.errors
   local socket_errors = e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1e6
   local rps = 0
   if seconds > 0 then
      rps = summary.requests / seconds
   end
   local function ms(us)
      return us / 1000.0
   end
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_s": %.3f, "requests_per_s": %.2f, '
         .. '"bytes": %d, "mean_ms": %.2f, "p50_ms": %.2f, "p90_ms": %.2f, '
         .. '"p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "non_2xx": %d, '
         .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
         .. '"errors": %d}\n',
      summary.requests, seconds, rps, summary.bytes,
      ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)),
      ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
      non2xx, e.connect, e.read, e.write, e.timeout, non2xx + socket_errors
   ))
end
