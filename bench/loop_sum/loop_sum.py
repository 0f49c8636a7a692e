# loop_sum: append 1e6 numbers to a list one by one, then sum them in a loop.
def main():
    n = 1_000_000
    xs = []
    for i in range(n):
        xs.append(i)
    total = 0
    for x in xs:
        total = total + x
    print(total)
    if len(xs) != n:
        raise SystemExit(f"expected {n} elements, got {len(xs)}")
    if total != n * (n - 1) // 2:
        raise SystemExit(f"wrong sum: {total}")


main()
