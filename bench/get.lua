-- GET of an unknown path: the same server's cheapest answer (a JSON 404 from the framework layer).
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.0f %.2f %.2f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, 0))
end
