-- loop_sum: append 1e6 numbers to a list one by one, then sum them in a loop.
local n = 1000000
local xs = {}
for i = 0, n - 1 do
  xs[#xs + 1] = i
end
local total = 0
for _, x in ipairs(xs) do
  total = total + x
end
print(total)
assert(#xs == n, "expected " .. n .. " elements, got " .. #xs)
assert(total == n * (n - 1) / 2, "wrong sum: " .. total)
