-- wrk script for bench/run.py's stampede figure: every response's latency and the moment it
-- completed, on the system's monotonic clock (CLOCK_MONOTONIC, the clock of Python's
-- time.monotonic()), and its status and Cache-Status header, printed by done() as lines
-- "stamp <completed s> <latency s> <status> <Cache-Status or ->".
--
-- Run it with as many threads as connections (wrk -tN -cN): each thread then has one
-- connection, whose requests and responses alternate, so a response belongs to the
-- request this thread sent last. Each thread keeps at most LIMIT responses.

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local LIMIT = 500000
local clock = ffi.new("bench_timespec")

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

-- Per thread (each has its own Lua state).
local started = nil
local prepared = nil
stamps = {}

function init(args)
  prepared = wrk.format()
end

function request()
  started = now()
  return prepared
end

function response(status, headers, body)
  if started ~= nil and #stamps < LIMIT * 4 then
    local finished = now()
    stamps[#stamps + 1] = finished
    stamps[#stamps + 1] = finished - started
    stamps[#stamps + 1] = status
    stamps[#stamps + 1] = headers["Cache-Status"] or "-"
  end
  started = nil
end

-- In wrk's main Lua state.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local out = {}
  for _, thread in ipairs(threads) do
    local kept = thread:get("stamps") or {}
    for i = 1, #kept - 3, 4 do
      out[#out + 1] = string.format(
        "stamp %.6f %.6f %d %s", kept[i], kept[i + 1], kept[i + 2], kept[i + 3]
      )
    end
  end
  if #out > 0 then
    io.write(table.concat(out, "\n"), "\n")
  end
end
