-- strings_records: build a record per item with string fields, count items per group in a map
-- keyed by strings, compare strings for equality and build labels by interpolation.
local n = 1000000
local groups = {}
for j = 0, 15 do groups[j + 1] = "group" .. j end
local counts = {}
for _, g in ipairs(groups) do counts[g] = 0 end

local sevens, matches = 0, 0
for i = 0, n - 1 do
  local r = { name = "item" .. i, group = groups[i % 16 + 1], n = i }
  counts[r.group] = counts[r.group] + 1
  if r.group == "group7" then sevens = sevens + 1 end
  local label = r.group .. "/" .. r.name
  if label == "group3/item" .. r.n then matches = matches + 1 end
end

print(sevens, matches, counts["group0"])
assert(sevens == n / 16, "group7 has " .. sevens .. " items")
assert(matches == n / 16, "group3 labels matched " .. matches .. " times")
for _, g in ipairs(groups) do
  assert(counts[g] == n / 16, g .. " has " .. counts[g] .. " items")
end
