-- entity_sets: 1e6 unions, intersections and differences of country sets (the facts of the Paris
-- AI Action Summit, 2025). A country is an interned string from a universe of 251 (ISO 3166-1 codes
-- plus the EU and the African Union Commission); a set is a table from country to true.
local universe = {}
for _, code in ipairs({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", "EU", "AUC"
}) do universe[code] = true end

local function set_of(codes)
  local s = {}
  for _, code in ipairs(codes) do
    assert(universe[code], "not a country: " .. code)
    s[code] = true
  end
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

local US, UK = "US", "GB"
local g7 = set_of({
    "CA", "FR", "DE", "IT", "JP", "GB", "US"
})
local eu = set_of({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"
})
local signed = set_of({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "AU", "BR", "CA", "CL", "CN",
    "VA", "IN", "JP", "NZ", "SG", "EU", "AUC", "AM", "KH", "DJ", "ID", "KZ", "KE", "MX", "MC",
    "MA", "NG", "NO", "KR", "RW", "SN", "RS", "ZA", "CH", "TH", "UA", "AE", "UY"
})
local refused = set_of({ US, UK })

-- 12 set operations a round: 83334 rounds is just over 1e6 operations.
local rounds = 83334
local unions, intersections, differences = 0, 0, 0
for _ = 1, rounds do
  unions = unions + count(union(signed, g7)) + count(union(eu, refused))
    + count(union(signed, eu)) + count(union(g7, { [US] = true, [UK] = true }))
  intersections = intersections + count(intersection(signed, g7)) + count(intersection(eu, refused))
    + count(intersection(signed, eu)) + count(intersection(g7, { [US] = true, [UK] = true }))
  differences = differences + count(difference(signed, g7)) + count(difference(eu, refused))
    + count(difference(signed, eu)) + count(difference(g7, { [US] = true, [UK] = true }))
end

local not_refused = count(difference(signed, { [US] = true, [UK] = true }))
print(unions, intersections, differences, not_refused)
-- |a ∪ b| + |a ∩ b| = |a| + |b| and |a − b| + |a ∩ b| = |a|, whatever the sets hold.
local firsts = count(signed) + count(eu) + count(signed) + count(g7)
local seconds = count(g7) + count(refused) + count(eu) + 2
assert(unions + intersections == rounds * (firsts + seconds), "unions and intersections disagree")
assert(differences + intersections == rounds * firsts, "differences and intersections disagree")
assert(not_refused == count(signed), "a signatory refused")
