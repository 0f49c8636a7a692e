-- big_sets: union, intersection and difference of 1e5- and 1e6-element sets of numbers and of
-- strings; a set is a table from element to true. Element i is the number 7 * i (spread out, so
-- that no runtime keeps the set as a dense array) or the string "k" .. i.
local function number_set(lo, hi)
  local s = {}
  for i = lo, hi - 1 do s[7 * i] = true end
  return s
end

local function string_set(lo, hi)
  local s = {}
  for i = lo, hi - 1 do s["k" .. i] = true end
  return s
end

local function union(a, b)
  local out = {}
  for x in pairs(a) do out[x] = true end
  for x in pairs(b) do out[x] = true end
  return out
end

local function intersection(a, b)
  local out = {}
  for x in pairs(a) do if b[x] then out[x] = true end end
  return out
end

local function difference(a, b)
  local out = {}
  for x in pairs(a) do if not b[x] then out[x] = true end end
  return out
end

local function count(s)
  local n = 0
  for _ in pairs(s) do n = n + 1 end
  return n
end

-- a = [0, n), b = [n/2, 3n/2): |a ∪ b| = 3n/2, |a ∩ b| = n/2, |a − b| = n/2.
local function exercise(a, b, n)
  local u, i, d = count(union(a, b)), count(intersection(a, b)), count(difference(a, b))
  assert(u == n + n / 2, "union of " .. n .. ": " .. u)
  assert(i == n / 2, "intersection of " .. n .. ": " .. i)
  assert(d == n / 2, "difference of " .. n .. ": " .. d)
  return u + i + d
end

local total = 0
for _, n in ipairs({ 100000, 1000000 }) do
  local h = math.floor(n / 2)  -- an integer, so that "k" .. h has no ".0"
  total = total + exercise(number_set(0, n), number_set(h, n + h), n)
  total = total + exercise(string_set(0, n), string_set(h, n + h), n)
end
print(total)
-- 2.5n elements counted for each n and kind: 2 * 2.5 * (1e5 + 1e6)
assert(total == 5500000, "wrong total: " .. total)
