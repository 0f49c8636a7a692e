# pipeline: filter, map and reduce over 1e6 numbers with closures (one of them captures `k`).
from functools import reduce


def main():
    n = 1_000_000
    k = 3
    xs = list(range(n))
    evens = list(filter(lambda x: x % 2 == 0, xs))
    scaled = list(map(lambda x: x * k, evens))
    total = reduce(lambda acc, x: acc + x, scaled, 0)
    print(total)
    if len(evens) != n // 2:
        raise SystemExit(f"expected {n // 2} even numbers, got {len(evens)}")
    if total != 3 * (n // 2) * (n // 2 - 1):
        raise SystemExit(f"wrong total: {total}")


main()
