-- wrk_login.lua: a login storm for bench/run: every request is
-- POST /api/v1/reporter/session with a valid access code (from the
-- environment variable WBS_CODES, codes separated by commas, taken in
-- turn), each costing the server one Argon2id at the code's cost.
-- Counts the answers by class in each thread and prints one line:
-- 2xx, 503 (busy), 429 (throttled), other statuses, socket errors.

local codes = {}
for c in string.gmatch(os.getenv("WBS_CODES") or "", "[^,]+") do
	codes[#codes + 1] = c
end
local threads = {}
local n = 0

setup = function(thread)
	threads[#threads + 1] = thread
end

init = function(args)
	ok, busy, throttled, other = 0, 0, 0, 0
end

request = function()
	n = n + 1
	local body = '{"access_code":"' .. codes[(n % #codes) + 1] .. '"}'
	return wrk.format("POST", "/api/v1/reporter/session",
		{ ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
	if status >= 200 and status < 300 then
		ok = ok + 1
	elseif status == 503 then
		busy = busy + 1
	elseif status == 429 then
		throttled = throttled + 1
	else
		other = other + 1
	end
end

done = function(summary, latency, requests)
	local t = { ok = 0, busy = 0, throttled = 0, other = 0 }
	for _, th in ipairs(threads) do
		for k, _ in pairs(t) do
			t[k] = t[k] + (th:get(k) or 0)
		end
	end
	local e = summary.errors
	io.write(string.format(
		"WRKSTORM requests=%d duration_us=%d ok=%d s503=%d s429=%d " ..
		"other=%d errors=%d\n", summary.requests, summary.duration,
		t.ok, t.busy, t.throttled, t.other,
		e.connect + e.read + e.write + e.timeout))
end
