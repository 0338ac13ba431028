-- wrk_report.lua: makes wrk print one machine-readable line at the end,
-- for bench/run. Every request is an ordinary GET (headers such as the
-- session cookie come from wrk -H); wrk's fast path is kept, so only its
-- own counts are used: requests, socket errors (connect, read, write,
-- timeout) and answers outside 2xx/3xx (status).

done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"WRK requests=%d duration_us=%d bytes=%d connect=%d read=%d " ..
		"write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d " ..
		"max_us=%d\n",
		summary.requests, summary.duration, summary.bytes, e.connect,
		e.read, e.write, e.status, e.timeout, latency:percentile(50),
		latency:percentile(90), latency:percentile(99), latency.max))
end
