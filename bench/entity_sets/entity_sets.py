# entity_sets: 1e6 unions, intersections and differences of country sets (the facts of the Paris
# AI Action Summit, 2025). A country is a string from a universe of 251 (ISO 3166-1 codes plus the
# EU and the African Union Commission); a set is a frozenset of countries.
UNIVERSE = frozenset([
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
])


def set_of(codes):
    for code in codes:
        if code not in UNIVERSE:
            raise SystemExit(f"not a country: {code}")
    return frozenset(codes)


def main():
    US, UK = "US", "GB"
    g7 = set_of([
        "CA", "FR", "DE", "IT", "JP", "GB", "US"
    ])
    eu = set_of([
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"
    ])
    signed = set_of([
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "AU", "BR", "CA", "CL", "CN",
        "VA", "IN", "JP", "NZ", "SG", "EU", "AUC", "AM", "KH", "DJ", "ID", "KZ", "KE", "MX", "MC",
        "MA", "NG", "NO", "KR", "RW", "SN", "RS", "ZA", "CH", "TH", "UA", "AE", "UY"
    ])
    refused = set_of([US, UK])

    # 12 set operations a round: 83334 rounds is just over 1e6 operations.
    rounds = 83334
    unions = intersections = differences = 0
    for _ in range(rounds):
        unions = (unions + len(signed | g7) + len(eu | refused)
                  + len(signed | eu) + len(g7 | {US, UK}))
        intersections = (intersections + len(signed & g7) + len(eu & refused)
                         + len(signed & eu) + len(g7 & {US, UK}))
        differences = (differences + len(signed - g7) + len(eu - refused)
                       + len(signed - eu) + len(g7 - {US, UK}))

    not_refused = len(signed - {US, UK})
    print(unions, intersections, differences, not_refused)
    # |a | b| + |a & b| = |a| + |b| and |a - b| + |a & b| = |a|, whatever the sets hold.
    firsts = len(signed) + len(eu) + len(signed) + len(g7)
    seconds = len(g7) + len(refused) + len(eu) + 2
    if unions + intersections != rounds * (firsts + seconds):
        raise SystemExit("unions and intersections disagree")
    if differences + intersections != rounds * firsts:
        raise SystemExit("differences and intersections disagree")
    if not_refused != len(signed):
        raise SystemExit("a signatory refused")


main()
