-- wrk: every request carries the next token from tokens.txt (TOKENS=1 uses only the first).
local tokens = {}
local limit = tonumber(os.getenv("TOKENS") or "0")
for line in io.lines(os.getenv("TOKEN_FILE")) do
  tokens[#tokens + 1] = line
  if limit > 0 and #tokens >= limit then break end
end
local i = 0
request = function()
  i = i + 1
  local token = tokens[(i % #tokens) + 1]
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%d p99=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
