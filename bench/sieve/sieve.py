# sieve: indexed list updates. The sieve of Eratosthenes over 0..n with a list of booleans.
def main():
    n = 3_000_000
    flags = []
    for _ in range(n + 1):
        flags.append(True)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            j = i * i
            while j <= n:
                flags[j] = False
                j = j + i
        i = i + 1
    primes = 0
    for f in flags:
        if f:
            primes = primes + 1
    print(primes)
    if primes != 216816:
        raise SystemExit(f"expected 216816 primes up to {n}, got {primes}")


main()
