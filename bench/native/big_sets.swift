// big_sets in Swift with the standard library's Set: the baseline that Summit's set operations
// should match (issue 6). Same work as bench/big_sets/big_sets.summit: build each set from an array,
// then count a union, an intersection and a difference. Compiled by bench/run with `swiftc -O`.

func numberSet(_ lo: Int, _ hi: Int) -> Set<Int> {
    Set((lo..<hi).map { 7 * $0 })
}

func stringSet(_ lo: Int, _ hi: Int) -> Set<String> {
    Set((lo..<hi).map { "k\($0)" })
}

/// Stops with the message and a non-zero status (a trap; no Foundation needed).
func fail(_ message: String) -> Never {
    fatalError(message)
}

// a = [0, n), b = [n/2, 3n/2): |a ∪ b| = 3n/2, |a ∩ b| = n/2, |a − b| = n/2.
func exercise<T: Hashable>(_ a: Set<T>, _ b: Set<T>, _ n: Int) -> Int {
    let u = a.union(b).count
    let i = a.intersection(b).count
    let d = a.subtracting(b).count
    if u != n + n / 2 { fail("union of \(n): \(u)") }
    if i != n / 2 { fail("intersection of \(n): \(i)") }
    if d != n / 2 { fail("difference of \(n): \(d)") }
    return u + i + d
}

var total = 0
for n in [100_000, 1_000_000] {
    let h = n / 2
    total += exercise(numberSet(0, n), numberSet(h, n + h), n)
    total += exercise(stringSet(0, n), stringSet(h, n + h), n)
}
print(total)
// 2.5n elements counted for each n and kind: 2 * 2.5 * (1e5 + 1e6)
if total != 5_500_000 { fail("wrong total: \(total)") }
