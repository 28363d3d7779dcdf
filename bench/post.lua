-- Appended to a generated "bodies = {...}" table: POSTs the bodies to /v1/job_status in turn and
-- prints one machine-readable RESULT line (requests, req/s, p50 ms, p99 ms, non-2xx).
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/job_status", { ["Content-Type"] = "application/json" }, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.0f %.2f %.2f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
