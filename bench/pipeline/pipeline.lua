-- pipeline: filter, map and reduce over 1e6 numbers with closures (one of them captures `k`).
local function filter(xs, f)
  local out = {}
  for _, x in ipairs(xs) do
    if f(x) then out[#out + 1] = x end
  end
  return out
end

local function map(xs, f)
  local out = {}
  for i, x in ipairs(xs) do out[i] = f(x) end
  return out
end

local function reduce(xs, acc, f)
  for _, x in ipairs(xs) do acc = f(acc, x) end
  return acc
end

local n = 1000000
local k = 3
local xs = {}
for i = 1, n do xs[i] = i - 1 end
local evens = filter(xs, function(x) return x % 2 == 0 end)
local scaled = map(evens, function(x) return x * k end)
local total = reduce(scaled, 0, function(acc, x) return acc + x end)
print(total)
assert(#evens == n / 2, "expected " .. n / 2 .. " even numbers, got " .. #evens)
assert(total == 3 * (n / 2) * (n / 2 - 1), "wrong total: " .. total)
