-- wrk script for the closed-loop HTTP scenarios.
--
--   wrk ... -s load.lua http://127.0.0.1:PORT MODE USERS_FILE THREADS
--
-- MODE deposit: every request is a deposit on the next account of this thread's share of the
--   users file, round robin (a one-line file makes the hot-account scenario).
-- MODE open: every request opens the account of a user never used before; running out of users
--   is an error (wrk would still divide by the full duration).
-- MODE rejected: the deposit of MODE deposit with an amount of 0, which validation rejects (no
--   command). Its answer must be 400 problem+json; anything else is an error.
-- MODE balance: GET /api/v1/accounts/me (one indexed read of the balance read model), round robin
--   over the users file like MODE deposit.
-- Headers come from the users file (driver.js writes it, auth.js decides them), so this script
-- knows nothing about authentication. done() prints one line "BENCH_RESULT {json}"; any answer
-- other than the mode's (a 2xx, or rejected's 400) and any socket error is counted in "errors",
-- which makes bench.sh fail the scenario.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local requests, next_index, mode

function init(args)
  mode = args[1]
  assert(mode == "deposit" or mode == "open" or mode == "rejected" or mode == "balance",
    "MODE must be deposit, open, rejected or balance, not " .. tostring(mode))
  local file, thread_count = args[2], tonumber(args[3])
  -- Each thread takes every THREADS-th line, so threads never share a user.
  requests, next_index = {}, 0
  local line_no = 0
  for line in io.lines(file) do
    if line_no % thread_count == id then
      local headers = { ["Content-Type"] = "application/json" }
      for name, value in line:gmatch("\t([^:\t]+):%s*([^\t]*)") do headers[name] = value end
      if mode == "deposit" then
        table.insert(requests, wrk.format("POST", "/api/v1/accounts/me/deposits", headers, '{"amount": 10.00}'))
      elseif mode == "rejected" then
        table.insert(requests, wrk.format("POST", "/api/v1/accounts/me/deposits", headers, '{"amount": 0}'))
      elseif mode == "balance" then
        headers["Content-Type"] = nil
        table.insert(requests, wrk.format("GET", "/api/v1/accounts/me", headers))
      else
        table.insert(requests, wrk.format("POST", "/api/v1/accounts", headers, "{}"))
      end
    end
    line_no = line_no + 1
  end
  non2xx, exhausted, sample = 0, 0, ""
end

function request()
  next_index = next_index + 1
  if next_index > #requests then
    if mode == "open" then
      exhausted = 1
      wrk.thread:stop()
    end
    next_index = 1
  end
  return requests[next_index]
end

local function expected(status, headers)
  if mode == "rejected" then
    return status == 400 and (headers["Content-Type"] or ""):find("application/problem+json", 1, true) ~= nil
  end
  return status >= 200 and status <= 299
end

function response(status, headers, body)
  if not expected(status, headers) then
    non2xx = non2xx + 1
    if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local non2xx_total, exhausted_total, first = 0, 0, ""
  for _, t in ipairs(threads) do
    non2xx_total = non2xx_total + t:get("non2xx")
    exhausted_total = exhausted_total + t:get("exhausted")
    if first == "" then first = t:get("sample") end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  if first == "" and socket_errors > 0 then
    first = string.format("socket errors: connect %d, read %d, write %d, timeout %d", e.connect, e.read, e.write, e.timeout)
  end
  if exhausted_total > 0 then first = "ran out of fresh users (bench.sh mints 3x the deposit rate). " .. first end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_RESULT {"rps":%.1f,"requests":%d,"seconds":%.3f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,' ..
    '"non2xx":%d,"socket_errors":%d,"errors":%d,"error_sample":%s}\n',
    summary.requests / seconds, summary.requests, seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    non2xx_total, socket_errors, non2xx_total + socket_errors + exhausted_total, json_string(first)))
end
