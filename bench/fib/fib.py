# fib: recursive calls and integer arithmetic. fib(30) = 832040 (1.6 million calls).
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    result = fib(30)
    print(result)
    if result != 832040:
        raise SystemExit(f"fib(30) should be 832040, got {result}")


main()
