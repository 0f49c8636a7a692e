# binary_trees: allocation. Build many complete binary trees, walk each to count its nodes, and
# keep one long-lived tree. A node is a two-element list; a leaf's children are None.
def make(depth):
    if depth == 0:
        return [None, None]
    return [make(depth - 1), make(depth - 1)]


def check(tree):
    if tree[0] is None:
        return 1
    return 1 + check(tree[0]) + check(tree[1])


def pow2(n):
    p = 1
    for _ in range(n):
        p = p * 2
    return p


def main():
    min_depth, max_depth = 4, 14
    stretch = max_depth + 1
    if check(make(stretch)) != pow2(stretch + 1) - 1:
        raise SystemExit("wrong stretch tree")

    long_lived = make(max_depth)
    total = 0
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = pow2(max_depth - depth + min_depth)
        nodes = 0
        for _ in range(iterations):
            nodes = nodes + check(make(depth))
        if nodes != iterations * (pow2(depth + 1) - 1):
            raise SystemExit(f"wrong node count at depth {depth}")
        total = total + nodes
    if check(long_lived) != pow2(max_depth + 1) - 1:
        raise SystemExit("wrong long-lived tree")
    print(total)
    if total != 3123888:
        raise SystemExit(f"wrong total: {total}")


main()
