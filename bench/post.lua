-- Appended to a generated "bodies = {...}" table: POSTs the bodies to /v1/job_status in turn and
-- prints one machine-readable RESULT line (requests, req/s, p50 ms, p99 ms, non-2xx).
-- The requests are formatted once, when the thread starts: formatting each one anew cost wrk itself
-- about twice the CPU per request of the trivial figure's static request, on the same two cores.
local requests = {}
local i = 0
init = function(args)
  for k, body in ipairs(bodies) do
    requests[k] = wrk.format("POST", "/v1/job_status", { ["Content-Type"] = "application/json" }, body)
  end
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.0f %.2f %.2f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
