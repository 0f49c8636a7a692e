-- binary_trees: allocation. Build many complete binary trees, walk each to count its nodes, and
-- keep one long-lived tree. A node is a two-element table; a leaf's children are nil.
local function make(depth)
  if depth == 0 then return { nil, nil } end
  return { make(depth - 1), make(depth - 1) }
end

local function check(tree)
  if tree[1] == nil then return 1 end
  return 1 + check(tree[1]) + check(tree[2])
end

local function pow2(n)
  local p = 1
  for _ = 1, n do p = p * 2 end
  return p
end

local min_depth, max_depth = 4, 14
local stretch = max_depth + 1
assert(check(make(stretch)) == pow2(stretch + 1) - 1, "wrong stretch tree")

local long_lived = make(max_depth)
local total = 0
for depth = min_depth, max_depth, 2 do
  local iterations = pow2(max_depth - depth + min_depth)
  local nodes = 0
  for _ = 1, iterations do nodes = nodes + check(make(depth)) end
  assert(nodes == iterations * (pow2(depth + 1) - 1), "wrong node count at depth " .. depth)
  total = total + nodes
end
assert(check(long_lived) == pow2(max_depth + 1) - 1, "wrong long-lived tree")
print(total)
assert(total == 3123888, "wrong total: " .. total)
