-- wrk script of bench/gateway.sh: every request carries the next agent's session cookie, so the 1,000 sessions take
-- turns (none is replayed over and over), and that agent's own X-Forwarded-For, as a load balancer in front of the
-- gateway would send it (1,000 agents from 1,000 addresses).
--
--   wrk -t2 -c64 -d20s -s bench/gateway/rotate-sessions.lua http://127.0.0.1:18080/bench/ -- SESSIONS_FILE [PACE_MS] [COOKIE]
--
-- SESSIONS_FILE: one session cookie value a line (GatewaySignIn.java writes it). PACE_MS: if set, each connection
-- waits before each request (wrk's delay()) for a random time of mean PACE_MS, exponentially distributed, for latency
-- at a given load instead of at saturation; wrk starts the latency clock when the request is sent, so the wait is not
-- counted. A fixed wait would keep the connections in step: they all start together, so every PACE_MS the whole
-- set of requests would arrive at once and the figure would be the queue behind a burst of 32, not the latency at
-- that rate. Random waits spread the requests out as independent agents' clicks are. COOKIE: the cookie's name
-- (SESAME_GATEWAY; LemonLDAP::NG's is lemonldap). At the end, one machine-readable line: "wrk-summary …".

local counter = 1

function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
end

local requests = {}
local next_index = 1

function init(args)
	local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
	local cookie_name = args[3] or "SESAME_GATEWAY"
	local n = 0
	for line in file:lines() do
		if line ~= "" then
			local address = string.format("10.77.%d.%d", math.floor(n / 250), (n % 250) + 1)
			local headers = {
				["Cookie"] = cookie_name .. "=" .. line,
				["X-Forwarded-For"] = address,
				["Accept"] = "text/html",
			}
			n = n + 1
			requests[n] = wrk.format("GET", wrk.path, headers, nil)
		end
	end
	file:close()
	assert(n > 0, "no sessions in " .. args[1])
	-- Threads start at different sessions (a prime stride apart) and step through all of them.
	next_index = ((id - 1) * 499) % n + 1
	local pace = tonumber(args[2] or "")
	if pace ~= nil and pace > 0 then
		math.randomseed(id * 7919 + os.time())
		-- Defined only when pacing: wrk checks for delay() after init, and a delay() costs a timer per request.
		-- Exponential waits (the gaps between independent arrivals), capped at ten times the mean.
		delay = function()
			return math.min(-pace * math.log(1 - math.random()), 10 * pace)
		end
	end
end

function request()
	local r = requests[next_index]
	next_index = next_index + 1
	if next_index > #requests then
		next_index = 1
	end
	return r
end

function done(summary, latency, requests_)
	local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
	io.write(string.format(
		"wrk-summary requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency:percentile(99.9) / 1000, latency.max / 1000, summary.errors.status, errors))
end
