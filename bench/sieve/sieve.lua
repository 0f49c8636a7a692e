-- sieve: indexed list updates. The sieve of Eratosthenes over 0..n with a list of booleans
-- (Lua's lists start at 1: flags[i] is the number i, and 0 is left out).
local n = 3000000
local flags = {}
for i = 1, n do flags[#flags + 1] = true end
flags[1] = false
local i = 2
while i * i <= n do
  if flags[i] then
    local j = i * i
    while j <= n do
      flags[j] = false
      j = j + i
    end
  end
  i = i + 1
end
local primes = 0
for _, f in ipairs(flags) do
  if f then primes = primes + 1 end
end
print(primes)
assert(primes == 216816, "expected 216816 primes up to " .. n .. ", got " .. primes)
