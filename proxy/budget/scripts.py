"""The Lua scripts behind `proxy.budget.ledger`: each runs atomically in Redis (EVALSHA, cached by SHA).

Amounts are integer micro-dollars passed as strings; Lua numbers are doubles, exact up to 2**53
micro-dollars (about 9 billion USD), far above any cap budgets.yaml accepts.

A reservation record in `resinfo` is "AMOUNT KEY KEY KEY" (the window keys it holds budget in)
until it is settled or released, then "done" until it is pruned, so a retried settle or release is a
no-op. Pruning and settling un-reserve the window keys named in the record, which may be a past
window not passed in KEYS: they belong to the same team, so to the same Cluster hash slot (the
`{team}` tag), which Redis Cluster serves; every other key a script touches is in KEYS.
"""


PRELUDE = """
local function unreserve(rec, after)
  local amount = nil
  for part in string.gmatch(rec, '%S+') do
    if amount == nil then
      amount = tonumber(part)
    else
      -- One call per key: a key that is gone (evicted, deleted) comes back as reserved < 0 alone, and
      -- dropping the field drops that empty key again (or resets a corrupted count, keeping `spent`).
      local left = redis.call('HINCRBY', part, 'reserved', -amount)
      if left < 0 then
        redis.call('HDEL', part, 'reserved')  -- and settle sets the expiry again if it writes the key
      elseif after then
        after[part] = left
      end
    end
  end
  return amount or 0
end
local function prune(zset, info, now)
  local ids = redis.call('ZRANGEBYSCORE', zset, '-inf', now, 'LIMIT', 0, 256)
  for _, id in ipairs(ids) do
    local rec = redis.call('HGET', info, id)
    if rec and rec ~= 'done' then unreserve(rec) end
    redis.call('HDEL', info, id)
    redis.call('ZREM', zset, id)
  end
end
local function finish(zset, info, id, done_until, meta_ttl)
  redis.call('HSET', info, id, 'done')
  redis.call('ZADD', zset, done_until, id)
  redis.call('PEXPIRE', zset, meta_ttl)
  redis.call('PEXPIRE', info, meta_ttl)
end
"""

# KEYS: res zset, resinfo, window keys (the team's, then each scope's)...
# ARGV: now, id, amount, expires_at, meta_ttl, warn (1: `mode: warn`), (cap|-1, ttl) per window
# -> {0, window index, spent, reserved} refused, nothing held
#  | {1|2, window index|0, spent, reserved, spent, reserved, ...} held (2: a retry of a reserve that
#    had succeeded); the index names the first window the request takes past its cap (warn mode only:
#    held anyway, `would_block`), then spent and reserved of every window before this reservation.
RESERVE = PRELUDE + """
local now = tonumber(ARGV[1])
prune(KEYS[1], KEYS[2], now)
local amount = tonumber(ARGV[3])
local held = redis.call('HGET', KEYS[2], ARGV[2])
local fresh = (not held) or held == 'done'  -- held: this very reserve was retried after it succeeded
local warn = ARGV[6] == '1'
local out = {fresh and 1 or 2, 0, 0, 0}
local new = {}
for i = 3, #KEYS do
  local v = redis.call('HMGET', KEYS[i], 'spent', 'reserved')
  new[i] = (not v[1]) and not v[2]  -- not there yet: its expiry is set below (once, it never changes)
  local spent, reserved = tonumber(v[1]) or 0, tonumber(v[2]) or 0
  local cap = tonumber(ARGV[7 + 2 * (i - 3)])
  if fresh and cap >= 0 and spent + reserved + amount > cap and out[2] == 0 then
    if not warn then return {0, i - 2, spent, reserved} end
    out[2], out[3], out[4] = i - 2, spent, reserved
  end
  out[#out + 1] = spent
  out[#out + 1] = reserved
end
if not fresh then return out end
for i = 3, #KEYS do
  redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[3])
  if new[i] then redis.call('PEXPIRE', KEYS[i], ARGV[8 + 2 * (i - 3)]) end
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3] .. ' ' .. table.concat(KEYS, ' ', 3))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return out
"""

# KEYS: res zset, resinfo, usage hash, scope usage hash, window keys...
# ARGV: now, id, cost, usage_ttl, model, in, out, cached, reasoning, done_until, meta_ttl, requests,
#       bounded (1: the cost was reserved, so any excess is an overrun; 0: `charge`),
#       "SCOPE SCOPE ..." (the narrower scopes' ids: their spend is added to the scope usage hash as
#       s.cost:SCOPE, one call each; a hash of its own, so the model hash stays small however many end
#       users there are; its expiry is set by a settle that creates a field in it, so by the one that
#       creates the hash, not by every settle: a day's fields are all made that day, or minutes after),
#       (lowest threshold|-1, ttl, "label=micros ...") per window (the alert_at
#       thresholds of its cap; the lowest apart, so a settle below it parses none)
# A window key gets its expiry when it is created (reserve, or here when no reservation held it):
# always its window's end plus the grace, so it is never set again.
# -> {2} already done | {found, spent, reserved, ..., {window index, label, ...}, overrun}
# The overrun (cost above the amount still held; all of it when the reservation had expired) is added
# to each window's `overrun` field: `budget status` shows it.
SETTLE = PRELUDE + """
local rec = redis.call('HGET', KEYS[2], ARGV[2])
if rec == 'done' then return {2} end
local found, held, after = 0, 0, {}
if rec then held = unreserve(rec, after); found = 1 end
local overrun = 0
if ARGV[13] == '1' then overrun = math.max(tonumber(ARGV[3]) - held, 0) end
finish(KEYS[1], KEYS[2], ARGV[2], ARGV[10], ARGV[11])
prune(KEYS[1], KEYS[2], tonumber(ARGV[1]))
local usage, model = KEYS[3], ARGV[5]
redis.call('HINCRBY', usage, 'cost:' .. model, ARGV[3])
redis.call('HINCRBY', usage, 'in:' .. model, ARGV[6])
redis.call('HINCRBY', usage, 'out:' .. model, ARGV[7])
redis.call('HINCRBY', usage, 'cached:' .. model, ARGV[8])
redis.call('HINCRBY', usage, 'reasoning:' .. model, ARGV[9])
redis.call('HINCRBY', usage, 'n:' .. model, ARGV[12])
if ARGV[14] ~= '' then
  local cost, created = tonumber(ARGV[3]), false
  for scope in string.gmatch(ARGV[14], '%S+') do
    -- A field holding just this cost is new (or was 0): only then can the hash be new too.
    if redis.call('HINCRBY', KEYS[4], 's.cost:' .. scope, ARGV[3]) == cost then created = true end
  end
  if created then redis.call('PEXPIRE', KEYS[4], ARGV[4]) end
end
redis.call('PEXPIRE', usage, ARGV[4])
local out, alerts = {found}, {}
for i = 5, #KEYS do
  local j = i - 4
  local spent = redis.call('HINCRBY', KEYS[i], 'spent', ARGV[3])
  if overrun > 0 then redis.call('HINCRBY', KEYS[i], 'overrun', overrun) end
  local reserved = after[KEYS[i]]
  if reserved == nil then  -- not held by this reservation (`charge`, or it expired): maybe a new key
    redis.call('PEXPIRE', KEYS[i], ARGV[13 + 3 * j])
    reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved')) or 0
  end
  out[#out + 1] = spent
  out[#out + 1] = reserved
  local lowest = tonumber(ARGV[12 + 3 * j])
  if lowest >= 0 and spent >= lowest then  -- below every threshold (most settles): nothing to parse
    for label, at in string.gmatch(ARGV[14 + 3 * j], '(%S+)=(%d+)') do
      if spent >= tonumber(at) and redis.call('HSETNX', KEYS[i], 'alert:' .. label, ARGV[1]) == 1 then
        alerts[#alerts + 1] = j
        alerts[#alerts + 1] = label
      end
    end
  end
end
out[#out + 1] = alerts
out[#out + 1] = overrun
return out
"""

# KEYS: res zset, resinfo  ARGV: now, id, done_until, meta_ttl  -> 1 released | 0 had expired | 2 already done
RELEASE = PRELUDE + """
local rec = redis.call('HGET', KEYS[2], ARGV[2])
if rec == 'done' then return 2 end
if rec then unreserve(rec) end
finish(KEYS[1], KEYS[2], ARGV[2], ARGV[3], ARGV[4])
prune(KEYS[1], KEYS[2], tonumber(ARGV[1]))
if rec then return 1 end
return 0
"""

# KEYS: res zset, resinfo, window keys...  ARGV: now  -> {spent, reserved, overrun, ...}
STATUS = PRELUDE + """
prune(KEYS[1], KEYS[2], tonumber(ARGV[1]))
local out = {}
for i = 3, #KEYS do
  local v = redis.call('HMGET', KEYS[i], 'spent', 'reserved', 'overrun')
  out[#out + 1] = tonumber(v[1]) or 0
  out[#out + 1] = tonumber(v[2]) or 0
  out[#out + 1] = tonumber(v[3]) or 0
end
return out
"""
