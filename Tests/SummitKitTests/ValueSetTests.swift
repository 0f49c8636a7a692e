// ValueSet keeps entities as bits, integers and strings in native sets and anything else as values;
// these tests check that no operation can tell the storages apart, against Swift's Set of values.
import Testing
@testable import SummitKit

private let entities = (0..<130).map { Entity(kind: "thing", name: "e\($0)") }

/// Sets of each kind of storage and of mixed kinds, including empty ones.
private let samples: [[Value]] = [
    [], [1], [1, 2, 3], [2, 3, 4, 5], [.double(1), .double(2.5)], [1, "a"],
    ["a"], ["a", "b", "c"], ["c", "d"],
    [.entity(entities[0])], entities.prefix(70).map(Value.entity), entities.suffix(90).map(Value.entity),
    [.entity(entities[3]), 3], [nil, true],
]

private func hashValue(_ set: ValueSet) -> Int {
    var hasher = Hasher()
    set.hash(into: &hasher)
    return hasher.finalize()
}

@Suite struct ValueSetTests {
    /// From its second time, a large set of entities is put in order from ranks kept for it
    /// (`EntityOrder`): the kept order is the one a fresh set of the same members gets, and an
    /// element inserted after it was kept is in the order the next time.
    @Test func aSetPutInOrderAgainKeepsItsOrderAndShowsAnInsert() {
        var set = ValueSet(entities.prefix(100).map(Value.entity))
        let first = set.sorted
        for _ in 0..<3 { #expect(set.sorted == first) }
        #expect(first == ValueSet(first.reversed()).sorted)
        set.insert(.entity(entities[120]))
        let after = set.sorted
        #expect(after.count == 101 && after.contains(.entity(entities[120])))
        #expect(after == ValueSet(entities.prefix(100).map(Value.entity) + [.entity(entities[120])]).sorted)
        for _ in 0..<3 { #expect(set.sorted == after) }
    }

    @Test func operationsAgreeWithASetOfValues() {
        for a in samples {
            for b in samples {
                let x = ValueSet(a), y = ValueSet(b)
                let p = Set(a), q = Set(b)
                #expect(Set(x.union(y)) == p.union(q), "\(a) | \(b)")
                #expect(Set(x.intersection(y)) == p.intersection(q), "\(a) & \(b)")
                #expect(Set(x.subtracting(y)) == p.subtracting(q), "\(a) - \(b)")
                #expect(Set(x.symmetricDifference(y)) == p.symmetricDifference(q), "\(a) ^ \(b)")
                #expect(x.isSubset(of: y) == p.isSubset(of: q), "\(a) <= \(b)")
                #expect((x == y) == (p == q), "\(a) == \(b)")
                #expect(x.union(y).count == p.union(q).count, "count of \(a) | \(b)")
                if let result = x.combined(.subtract, withEntities: b) {
                    #expect(Set(result) == p.subtracting(q), "\(a) - list \(b)")
                }
            }
        }
    }

    @Test func equalSetsHashAlikeWhateverTheirStorage() {
        let pairs: [(ValueSet, ValueSet)] = [
            (ValueSet([1, 2]), ValueSet([.double(2), .double(1)])),
            (ValueSet(["a"]), ValueSet(["a", 1]).subtracting(ValueSet([1]))),
            (ValueSet([1]), ValueSet([1, "a"]).subtracting(ValueSet(["a"]))),
            (ValueSet([.entity(entities[5])]), ValueSet([.entity(entities[5]), 1]).subtracting(ValueSet([1]))),
            (ValueSet(), ValueSet([1]).subtracting(ValueSet([1]))),
            (ValueSet(), ValueSet([.entity(entities[9])]).subtracting(ValueSet([.entity(entities[9])]))),
        ]
        for (x, y) in pairs {
            #expect(x == y)
            #expect(hashValue(x) == hashValue(y))
        }
    }

    @Test func insertChangesOnlyItsOwnCopy() {
        for elements in samples {
            let original = ValueSet(elements)
            var copy = original
            for extra: Value in [9, "z", .entity(entities[129]), .entity(entities[1]), .double(0.5)] {
                copy.insert(extra)
                #expect(copy.contains(extra))
            }
            #expect(Set(original) == Set(elements))
            #expect(Set(copy) == Set(elements).union([9, "z", .entity(entities[129]), .entity(entities[1]), .double(0.5)]))
        }
    }

    @Test func integersAndTheDoublesEqualToThem() {
        let set = ValueSet([3, 1, 2])
        #expect(set.contains(.double(2)))
        #expect(!set.contains(.double(2.5)))
        #expect(!set.contains("2"))
        #expect(set.sorted == [1, 2, 3])
        var withDouble = set
        withDouble.insert(.double(1))
        #expect(withDouble.count == 3)
    }

    @Test func largeSetsGrowOneInsertAtATime() {
        var numbers = ValueSet(), strings = ValueSet()
        for i in 0..<5000 {
            numbers.insert(.int(i * 7))
            strings.insert(.string("k\(i)"))
        }
        #expect(numbers.count == 5000 && strings.count == 5000)
        #expect(numbers.contains(.int(7 * 4999)) && !numbers.contains(.int(1)))
        #expect(strings.contains("k4999") && !strings.contains("k5000"))
        let evens = ValueSet((0..<5000).map { Value.int($0 * 14) })
        #expect(numbers.intersection(evens).count == 2500)
        #expect(evens.union(numbers).count == 5000 + 2500)
        #expect(numbers.subtracting(evens).count == 2500)
    }

    @Test func aUnionKeepsTheLeftSpellingOfEqualStrings() {
        // "\u{E9}" and "e\u{301}" are canonically equivalent, so one element.
        let left = ValueSet(["\u{E9}"]), right = ValueSet(["e\u{301}", "x", "y"])
        let union = left.union(right)
        #expect(union.count == 3)
        #expect(union.contains { $0 == "\u{E9}" && $0.description.unicodeScalars.count == 3 })
        #expect(right.union(left).contains { $0.description.unicodeScalars.count == 4 })
        #expect(Value.set(left.intersection(right)).description.unicodeScalars.count == 5)
        #expect(Value.set(right.intersection(left)).description.unicodeScalars.count == 6)
    }

    @Test func longListsMakeTheSameSetsAsOneInsertAtATime() {
        let n = HashTable<Int>.placingThreshold + 1000
        let numbers = (0..<n).map { Value.int($0 % (n - 5) * 7) }  // five duplicates at the end
        let strings = (0..<n).map { Value.string("k\($0 % (n - 5))") }
        for list in [numbers, strings, numbers + ["x"], ["x"] + strings, numbers + [.double(7)], strings + [1]] {
            let placed = ValueSet(list: list)
            var inserted = ValueSet()
            for element in list { inserted.insert(element) }
            #expect(placed.count == inserted.count)
            #expect(placed == inserted)
            #expect(Set(placed) == Set(list))
            #expect(list.allSatisfy(placed.contains))
        }
        // The first of two equal strings is the one kept.
        let spellings: [Value] = ["\u{E9}"] + (0..<n).map { .string("k\($0)") } + ["e\u{301}"]
        let kept = ValueSet(list: spellings).compactMap { $0.stringValue }.filter { $0 == "\u{E9}" }
        #expect(kept.map { Array($0.unicodeScalars) } == [["\u{E9}"]])
    }

    /// Each operator on incomplete sets gives the members known and the possible ones of the
    /// result; membership is answered only where they decide it.
    @Test func incompleteSetsKeepTheirBounds() {
        let e = entities.prefix(5).map(Value.entity)
        let named = ValueSet(named: [e[1], e[2]], reportedCount: 5)
        let group = ValueSet([e[1], e[3]])
        let difference = group.subtracting(named)
        #expect(difference.listed == ValueSet([e[3]]) && difference.knownMembers.isEmpty)
        #expect(difference.incompleteness?.uncertain == ValueSet([e[3]]))
        #expect(difference.membership(of: e[1]) == false && difference.membership(of: e[3]) == nil)
        let both = group.intersection(named)
        #expect(both.knownMembers == ValueSet([e[1]]) && both.listed == group)
        #expect(both.membership(of: e[1]) == true && both.membership(of: e[3]) == nil && both.membership(of: e[4]) == false)
        let union = group.union(named)
        #expect(union.incompleteness?.mayMiss == true && union.membership(of: e[3]) == true && union.membership(of: e[4]) == nil)
        let less = named.subtracting(group)
        #expect(less.listed == ValueSet([e[2]]) && less.membership(of: e[1]) == false && less.membership(of: e[4]) == nil)
        let either = group.symmetricDifference(named)
        #expect(either.membership(of: e[1]) == false && either.membership(of: e[2]) == true && either.membership(of: e[3]) == nil)
        // A set whose possible members are all known is complete.
        #expect(ValueSet([e[1]]).subtracting(named).isComplete)
        #expect(group.subtracting(named).intersection(ValueSet([e[1]])).isComplete)
        #expect(named.isKnownSubset(of: group) == false)  // it names e[2], which group lacks
        #expect(named.isKnownSubset(of: group.union(ValueSet([e[2]]))) == nil)
        #expect(ValueSet([e[1]]).isKnownSubset(of: named) == true)
        #expect(difference.isKnownSubset(of: ValueSet([e[3]])) == true)
        #expect(named.isKnownEqual(to: named.listed) == nil && named.isKnownEqual(to: group) == false)
        #expect(named != named.listed && hashValue(named) != hashValue(named.listed))
        #expect(named.reportedCountIsDropped(by: named.union(group)))
    }

    /// A small set of strings compares the element with each of its own by their bits where they
    /// tell (`String.equalByBits`), a large one hashes it: both give what `==` gives, for short and
    /// long strings, ASCII or not, made in different ways, canonically equivalent or not.
    @Test func stringMembershipByBitsAgreesWithEquality() {
        let pieces = ["g20", "g2", "G20", "eu", "caf\u{E9}", "cafe\u{301}", "cafe", "K", "\u{212A}", "k",
                      "a string longer than fifteen bytes", "a string longer than fifteen bytez", "", "fifteen bytes!!"]
        // The same text made again at run time, so that equal strings need not share bits.
        var strings = pieces + pieces.map { String(decoding: Array($0.utf8), as: UTF8.self) }
        strings += pieces.map { String($0.unicodeScalars.reversed().reversed().map(Character.init)) }
        for a in strings {
            for b in strings {
                if let equal = String.equalByBits(a, b) { #expect(equal == (a == b), "\(a.debugDescription) \(b.debugDescription)") }
            }
        }
        for size in [1, 5, 8, 9, 14] {
            let set = ValueSet(pieces.prefix(size).map(Value.string))
            guard case .strings(let table) = set.storage else { Issue.record("not a set of strings"); continue }
            for s in strings {
                #expect(set.contains(.string(s)) == pieces.prefix(size).contains(s), "\(s.debugDescription) in \(size)")
                #expect(table.table.contains(s) == (table.table.index(of: s, hash: s.tableHash) != nil))
            }
        }
    }
}

extension ValueSet {
    /// Whether `result`, made from this set, has no reported count of its own.
    fileprivate func reportedCountIsDropped(by result: ValueSet) -> Bool {
        incompleteness?.reportedCount != nil && result.incompleteness?.reportedCount == nil
    }
}
