-- The shared quota ledger: the same rules as the in-process ledger (dev.tollfree.core.quota.Entry),
-- applied atomically to state that several gateway processes share. One script, one operation per
-- call (ARGV[1]); time comes from the caller (ARGV[2], epoch ms), so every gateway and every test
-- decides by its own clock, exactly as the in-process ledger does.
--
-- A scope (a provider key for one model, or the key account-wide) is three keys:
--   <base>:w  hash of the rolling minute: r<second> = requests, t<second> = tokens
--   <base>:s  hash of the rest: day dr dt (UTC day counts), c1..c4 (configured limits),
--             l1..l4 (learned limits), p1..p4 q1..q4 u1..u4 (a provider's report: value, limit it
--             was made against, lapse time), bu br (closed until, why), tc (last use), id
--   <base>:f  sorted set of reservations in flight: member "<id>|<tokens>", score = lease end
-- Metrics are numbered 1..4: requests per minute, requests per day, tokens per minute, per day.
-- Keys expire by themselves once nothing in them matters any more (a dead gateway leaves nothing
-- behind but counts that age out as they would anyway).

local LIVE = 61
local SEC_MS = 1000
local MIN_MS = 60000
local DAY_MS = 86400000
local GC_MARGIN = 120000

local op = ARGV[1]
local now = tonumber(ARGV[2])
local evict = tonumber(ARGV[3])
local nowSec = math.floor(now / SEC_MS)
local today = math.floor(now / DAY_MS)

local function fmt(x)
  return string.format('%.0f', x)
end

local function minute(i) return i == 1 or i == 3 end
local function tokens(i) return i == 3 or i == 4 end

local function open(base)
  local e = { w = KEYS[base], s = KEYS[base + 1], f = KEYS[base + 2], st = {}, dirty = {}, b = {}, bdirty = {} }
  local raw = redis.call('HGETALL', e.s)
  for i = 1, #raw, 2 do e.st[raw[i]] = raw[i + 1] end
  e.exists = #raw > 0
  local wr = redis.call('HGETALL', e.w)
  for i = 1, #wr, 2 do
    local f = wr[i]
    local s = tonumber(string.sub(f, 2))
    if s then
      local bk = e.b[s]
      if not bk then bk = { r = 0, t = 0 }; e.b[s] = bk end
      if string.sub(f, 1, 1) == 'r' then bk.r = tonumber(wr[i + 1]) else bk.t = tonumber(wr[i + 1]) end
    end
  end
  e.inflight = 0
  e.inflightTokens = 0
  local live = redis.call('ZRANGEBYSCORE', e.f, '(' .. fmt(now), '+inf')
  for _, m in ipairs(live) do
    e.inflight = e.inflight + 1
    e.inflightTokens = e.inflightTokens + (tonumber(string.match(m, '|(%d+)$')) or 0)
  end
  return e
end

local function g(e, f) return tonumber(e.st[f]) or 0 end
local function set(e, f, v) e.st[f] = v; e.dirty[f] = true end

local function rollDay(e)
  if today > g(e, 'day') then
    set(e, 'day', today); set(e, 'dr', 0); set(e, 'dt', 0)
  end
end

local function used(e, i)
  if minute(i) then
    local sum = 0
    for s, bk in pairs(e.b) do
      if s > nowSec - LIVE then sum = sum + (i == 1 and bk.r or bk.t) end
    end
    return sum
  end
  if g(e, 'day') >= today then return g(e, i == 2 and 'dr' or 'dt') end
  return 0
end

local function limit(e, i)
  local c, l = g(e, 'c' .. i), g(e, 'l' .. i)
  if c == 0 then return l end
  if l == 0 then return c end
  return math.min(c, l)
end

local function holds(e, i) return g(e, 'u' .. i) > now end

local function room(e, i)
  local q, p = g(e, 'q' .. i), g(e, 'p' .. i)
  if q == 0 then return p end
  return q - (used(e, i) + p)
end

local function add(e, s, rd, td)
  local bk = e.b[s]
  if not bk then bk = { r = 0, t = 0 }; e.b[s] = bk end
  bk.r = math.max(0, bk.r + rd)
  bk.t = math.max(0, bk.t + td)
  e.bdirty[s] = true
end

local function adjust(e, at, rd, td)
  local bk = e.b[at]
  if not bk or not (at > nowSec - LIVE) then return false end
  bk.r = math.max(0, bk.r + rd)
  bk.t = math.max(0, bk.t + td)
  e.bdirty[at] = true
  return true
end

local function freedBy(e, tok, need)
  local freed = 0
  for s = nowSec - LIVE + 1, nowSec do
    local bk = e.b[s]
    if bk then
      freed = freed + (tok and bk.t or bk.r)
      if freed >= need then return s + LIVE end
    end
  end
  return nowSec + LIVE
end

local function freedAt(e, i, need)
  if minute(i) then return freedBy(e, tokens(i), need) * SEC_MS end
  return (today + 1) * DAY_MS
end

local function reportFreedAt(e, i, need)
  local u = g(e, 'u' .. i)
  if g(e, 'q' .. i) > 0 and minute(i) and need <= used(e, i) then
    return math.min(u, freedBy(e, tokens(i), need) * SEC_MS)
  end
  return u
end

-- A refusal: reason, metric (0 = none), retry (epoch ms, -1 = never), and the numbers its words need.
local function worse(a, b)
  if a == nil then return b end
  if b == nil then return a end
  if a.retry < 0 or b.retry < 0 then
    if a.retry < 0 then return a end
    return b
  end
  if b.retry > a.retry then return b end
  return a
end

local function check(e, cost)
  local worst = nil
  local bu = g(e, 'bu')
  if bu > now then
    worst = { reason = e.st.br or 'RATE_LIMITED', metric = 0, retry = bu, a = 0, b = 0, c = 0 }
  end
  for i = 1, 4 do
    local amount = tokens(i) and cost or 1
    local lim = limit(e, i)
    if lim > 0 then
      local u = used(e, i)
      if amount > lim then
        worst = worse(worst, { reason = 'TOO_LARGE', metric = i, retry = -1, a = amount, b = lim, c = 0 })
      elseif u + amount > lim then
        worst = worse(worst, { reason = 'LIMIT', metric = i, retry = freedAt(e, i, u + amount - lim), a = u, b = lim, c = amount })
      end
    end
    if holds(e, i) then
      local r = room(e, i)
      if r < amount then
        worst = worse(worst, { reason = 'REPORTED_EXHAUSTED', metric = i, retry = reportFreedAt(e, i, amount - r), a = r, b = amount, c = 0 })
      end
    end
  end
  return worst
end

-- A token budget (configured, learned or reported) is checked in this scope now.
local function checksTokens(e)
  return limit(e, 3) > 0 or limit(e, 4) > 0 or holds(e, 3) or holds(e, 4)
end

local function touch(e)
  set(e, 'tc', math.max(g(e, 'tc'), now))
end

local function charge(e, cost, member, lease)
  add(e, nowSec, 1, cost)
  set(e, 'dr', g(e, 'dr') + 1)
  set(e, 'dt', g(e, 'dt') + cost)
  for i = 1, 4 do
    if holds(e, i) and g(e, 'q' .. i) == 0 then
      set(e, 'p' .. i, math.max(0, g(e, 'p' .. i) - (tokens(i) and cost or 1)))
    end
  end
  redis.call('ZADD', e.f, fmt(now + lease), member)
  redis.call('PEXPIRE', e.f, fmt(lease + GC_MARGIN))
  e.inflight = e.inflight + 1
  e.inflightTokens = e.inflightTokens + cost
  set(e, 'tc', now)
end

local function settle(e, atSec, atDay, cost, rd, td, member)
  if not adjust(e, atSec, rd, td) and (rd > 0 or td > 0) then
    add(e, nowSec, math.max(0, rd), math.max(0, td))
  end
  rollDay(e)
  if g(e, 'day') == atDay then
    set(e, 'dr', math.max(0, g(e, 'dr') + rd))
    set(e, 'dt', math.max(0, g(e, 'dt') + td))
  else
    set(e, 'dr', g(e, 'dr') + math.max(0, rd))
    set(e, 'dt', g(e, 'dt') + math.max(0, td))
  end
  if td > 0 then
    for i = 3, 4 do
      if holds(e, i) and g(e, 'q' .. i) == 0 then set(e, 'p' .. i, math.max(0, g(e, 'p' .. i) - td)) end
    end
  end
  if redis.call('ZREM', e.f, member) == 1 then
    e.inflight = math.max(0, e.inflight - 1)
    e.inflightTokens = math.max(0, e.inflightTokens - cost)
  end
end

local function move(e, from, cost)
  if nowSec <= from or not adjust(e, from, -1, -cost) then return false end
  add(e, nowSec, 1, cost)
  return true
end

local function learn(e, i, lim, remaining, resetAt)
  if lim and lim > 0 and g(e, 'l' .. i) ~= lim then set(e, 'l' .. i, lim) end
  if remaining and resetAt > now then
    local inf = tokens(i) and e.inflightTokens or e.inflight
    local rl = g(e, 'l' .. i)
    local value, r
    if rl > 0 then
      local providerUsed = rl - math.min(remaining, rl)
      local ownSettled = math.max(0, used(e, i) - inf)
      value = math.max(0, providerUsed - ownSettled)
      r = rl - (used(e, i) + value)
    else
      value = math.max(0, remaining - inf)
      r = value
    end
    local stale = holds(e, i) and resetAt <= g(e, 'u' .. i) + SEC_MS and room(e, i) <= r
    if not stale then
      set(e, 'p' .. i, value); set(e, 'q' .. i, rl); set(e, 'u' .. i, resetAt)
    end
  end
  touch(e)
end

local function block(e, reason, untilMs)
  if untilMs > g(e, 'bu') then
    set(e, 'bu', untilMs); set(e, 'br', reason)
  end
  touch(e)
end

local function unstatedWait(e)
  rollDay(e)
  local d = check(e, 0)
  if d and d.retry >= 0 then
    local frees = d.retry - now
    if frees > 0 and frees <= MIN_MS + SEC_MS then return frees end
  end
  return MIN_MS
end

-- Writes what changed and sets each key to expire once nothing in it can matter.
local function save(e, id)
  local args = {}
  for f, _ in pairs(e.dirty) do
    args[#args + 1] = f
    local v = e.st[f]
    args[#args + 1] = type(v) == 'number' and fmt(v) or v
  end
  if #args > 0 or not e.exists then
    args[#args + 1] = 'id'
    args[#args + 1] = id
    redis.call('HSET', e.s, unpack(args))
  end
  local keep = now + evict
  keep = math.max(keep, g(e, 'bu'))
  for i = 1, 4 do keep = math.max(keep, g(e, 'u' .. i)) end
  if g(e, 'day') >= today and (g(e, 'dr') > 0 or g(e, 'dt') > 0) then keep = math.max(keep, (today + 1) * DAY_MS) end
  redis.call('PEXPIRE', e.s, fmt(keep - now + GC_MARGIN))
  local stale, put = {}, {}
  for s, bk in pairs(e.b) do
    if not (s > nowSec - LIVE) then
      stale[#stale + 1] = 'r' .. fmt(s); stale[#stale + 1] = 't' .. fmt(s)
    elseif e.bdirty[s] then
      put[#put + 1] = 'r' .. fmt(s); put[#put + 1] = fmt(bk.r)
      put[#put + 1] = 't' .. fmt(s); put[#put + 1] = fmt(bk.t)
    end
  end
  if #stale > 0 then redis.call('HDEL', e.w, unpack(stale)) end
  if #put > 0 then
    redis.call('HSET', e.w, unpack(put))
    redis.call('PEXPIRE', e.w, fmt(LIVE * SEC_MS + GC_MARGIN))
  end
  redis.call('ZREMRANGEBYSCORE', e.f, '-inf', fmt(now))
end

local function denial(scope, d)
  return { 0, scope, d.reason, d.metric, d.retry, d.a, d.b, d.c }
end

local function configure(e, first)
  for i = 1, 4 do
    local v = tonumber(ARGV[first + i - 1])
    if g(e, 'c' .. i) ~= v then set(e, 'c' .. i, v) end
  end
end

local function opt(v)
  if v == 'n' then return nil end
  return tonumber(v)
end

if op == 'reserve' then
  -- ARGV: cost, lease, member, model limits (4), account limits (4), model id, account id, and
  -- '1' when the cost holds the tokenizer's count of the prompt, '0' when only an estimate
  local cost, lease, member = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
  local m, a = open(1), open(4)
  rollDay(a); rollDay(m)
  configure(m, 7); configure(a, 11)
  if ARGV[17] == '0' and (checksTokens(m) or checksTokens(a)) then
    -- the prompt's size is only the character estimate, and a token budget applies: count it first
    save(m, ARGV[15]); save(a, ARGV[16])
    return { 2 }
  end
  local dm, da = check(m, cost), check(a, cost)
  local w = worse(dm, da)
  if w then
    set(m, 'tc', now); set(a, 'tc', now)
    save(m, ARGV[15]); save(a, ARGV[16])
    return denial(w == dm and 0 or 1, w)
  end
  charge(m, cost, member, lease); charge(a, cost, member, lease)
  save(m, ARGV[15]); save(a, ARGV[16])
  return { 1 }
elseif op == 'settle' then
  -- ARGV: second, day, cost, request delta, token delta, member, model id, account id, and '1'
  -- when the request should first move to the current second (its answer arrives with this call)
  local atSec, atDay, cost, rd, td, member = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), ARGV[9]
  local m, a = open(1), open(4)
  if ARGV[12] == '1' and nowSec > atSec then
    local mm = move(m, atSec, cost)
    local ma = move(a, atSec, cost)
    if mm and ma then atSec = nowSec end
  end
  settle(m, atSec, atDay, cost, rd, td, member)
  settle(a, atSec, atDay, cost, rd, td, member)
  save(m, ARGV[10]); save(a, ARGV[11])
  return { 1 }
elseif op == 'answered' then
  -- ARGV: second counted in, cost, model id, account id; answers whether each scope moved
  local from, cost = tonumber(ARGV[4]), tonumber(ARGV[5])
  local m, a = open(1), open(4)
  local mm = move(m, from, cost)
  local ma = move(a, from, cost)
  save(m, ARGV[6]); save(a, ARGV[7])
  return { mm and 1 or 0, ma and 1 or 0 }
elseif op == 'learn' then
  -- ARGV: id, then lessons: 'c', metric, limit|'n', remaining|'n', reset  or  'b', reason, until
  local e = open(1)
  local k = 5
  while k <= #ARGV do
    if ARGV[k] == 'c' then
      learn(e, tonumber(ARGV[k + 1]), opt(ARGV[k + 2]), opt(ARGV[k + 3]), tonumber(ARGV[k + 4]))
      k = k + 5
    else
      block(e, ARGV[k + 1], tonumber(ARGV[k + 2]))
      k = k + 3
    end
  end
  save(e, ARGV[4])
  return { 1 }
elseif op == 'hit' then
  -- ARGV: id, window ('MINUTE' or 'DAY'), stated wait (ms, -1 = none), longest block (ms)
  local e = open(1)
  local window, wait, maxBlock = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
  local untilMs
  if window == 'MINUTE' then
    if wait >= 0 then untilMs = now + wait else untilMs = now + unstatedWait(e) end
  else
    untilMs = math.max((today + 1) * DAY_MS, now + math.max(0, wait))
  end
  local closed = math.min(untilMs, now + maxBlock)
  block(e, window == 'DAY' and 'DAILY_CAP' or 'RATE_LIMITED', closed)
  save(e, ARGV[4])
  return { fmt(math.max(g(e, 'bu'), closed)) }
elseif op == 'status' then
  -- answers: id, in flight, closed until (0 = open), reason, then per metric:
  -- used, limit, configured, learned, reported left ('n' = no report), reported until
  local e = open(1)
  if not e.exists then return {} end
  local out = { e.st.id or '', e.inflight, fmt(g(e, 'bu') > now and g(e, 'bu') or 0), e.st.br or 'RATE_LIMITED' }
  for i = 1, 4 do
    out[#out + 1] = fmt(used(e, i))
    out[#out + 1] = fmt(limit(e, i))
    out[#out + 1] = fmt(g(e, 'c' .. i))
    out[#out + 1] = fmt(g(e, 'l' .. i))
    if holds(e, i) then
      out[#out + 1] = fmt(math.max(0, room(e, i)))
      out[#out + 1] = fmt(g(e, 'u' .. i))
    else
      out[#out + 1] = 'n'
      out[#out + 1] = 'n'
    end
  end
  return out
end
return redis.error_reply('unknown quota operation ' .. tostring(op))
