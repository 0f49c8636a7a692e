# big_sets: union, intersection and difference of 1e5- and 1e6-element sets of numbers and of
# strings; a set is a frozenset. Element i is the number 7 * i (spread out, like the other
# versions) or the string "k<i>", built as a list first and then made a set, as Summit does.
def number_set(lo, hi):
    return frozenset([7 * i for i in range(lo, hi)])


def string_set(lo, hi):
    return frozenset([f"k{i}" for i in range(lo, hi)])


# a = [0, n), b = [n/2, 3n/2): |a | b| = 3n/2, |a & b| = n/2, |a - b| = n/2.
def exercise(a, b, n):
    u, i, d = len(a | b), len(a & b), len(a - b)
    if u != n + n // 2:
        raise SystemExit(f"union of {n}: {u}")
    if i != n // 2:
        raise SystemExit(f"intersection of {n}: {i}")
    if d != n // 2:
        raise SystemExit(f"difference of {n}: {d}")
    return u + i + d


def main():
    total = 0
    for n in [100_000, 1_000_000]:
        h = n // 2
        total += exercise(number_set(0, n), number_set(h, n + h), n)
        total += exercise(string_set(0, n), string_set(h, n + h), n)
    print(total)
    # 2.5n elements counted for each n and kind: 2 * 2.5 * (1e5 + 1e6)
    if total != 5_500_000:
        raise SystemExit(f"wrong total: {total}")


main()
