# strings_records: build a record per item with string fields, count items per group in a map
# keyed by strings, compare strings for equality and build labels by interpolation.
def main():
    n = 1_000_000
    groups = [f"group{j}" for j in range(16)]
    counts = {}
    for g in groups:
        counts[g] = 0

    sevens = matches = 0
    for i in range(n):
        r = {"name": f"item{i}", "group": groups[i % 16], "n": i}
        counts[r["group"]] = counts[r["group"]] + 1
        if r["group"] == "group7":
            sevens = sevens + 1
        label = f"{r['group']}/{r['name']}"
        if label == f"group3/item{r['n']}":
            matches = matches + 1

    print(sevens, matches, counts["group0"])
    if sevens != n // 16:
        raise SystemExit(f"group7 has {sevens} items")
    if matches != n // 16:
        raise SystemExit(f"group3 labels matched {matches} times")
    for g in groups:
        if counts[g] != n // 16:
            raise SystemExit(f"{g} has {counts[g]} items")


main()
