-- fib: recursive calls and integer arithmetic. fib(30) = 832040 (1.6 million calls).
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local result = fib(30)
print(result)
assert(result == 832040, "fib(30) should be 832040, got " .. tostring(result))
