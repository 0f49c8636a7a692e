// sort_by's string keys are ordered with a prefix of their bytes where that gives what `<` gives
// (`Builtin.stringOrder`); these tests hold it to a sort that compares every pair with `<`, on
// strings of Latin letters, controls and NUL (which have prefixes) and others (which do not),
// including pairs on which `<` is not a total order (the Kelvin sign and "K").
import Testing
@testable import SummitKit

/// What `sort_by` gave before it had prefixes: `<` for every pair, then the position.
private func orderByComparison(_ keys: [String]) -> [Int] {
    keys.indices.sorted { a, b in keys[a] < keys[b] || (keys[a] == keys[b] && a < b) }
}

/// A fixed pseudo-random sequence, so that a failure can be replayed.
private struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 29)
    }
}

@Suite struct SortByTests {
    @Test func stringOrderIsTheOrderOfComparisons() {
        let common: [String] = ["a", "b", "A", "Z", " ", "é", "É", "ü", "ÿ", "Ā", "ſ", "\u{0}", "\u{7F}", "\u{A0}", "ß", "z"]
        let rare: [String] = ["\u{212A}", "K", "e\u{301}", "A\u{30A}", "Å", "한", "ﬁ", "\u{301}", "ı", "\u{17F}\u{300}"]
        let starts = ["", "abcdefg", "abcdefgh", "Saint ", "South ", "Côte", "Åland"]
        var random = Generator(state: 42)
        for round in 0..<20 {
            var keys: [String] = []
            for _ in 0..<300 {
                var key = starts.randomElement(using: &random)!
                for _ in 0..<Int.random(in: 0...10, using: &random) {
                    let pool = round % 2 == 0 || Int.random(in: 0..<10, using: &random) < 8 ? common : rare
                    key += pool.randomElement(using: &random)!
                }
                keys.append(key)
            }
            let order = Builtin.stringOrder(keys.map(Value.string))
            #expect(order == orderByComparison(keys), "round \(round)")
        }
    }

    @Test func stringOrderNeedsStrings() {
        #expect(Builtin.stringOrder(["a", 1]) == nil)
        #expect(Builtin.stringOrder([]) == [])
    }
}

/// `sort_by(s, c => c.m)` over built-in entities is sorted from the member's index
/// (`Builtin.sortedByIndex`); `c => [c.m][0]` reads the same key through a call, the general path.
/// Held together on every member of every built-in entity, over a set (display order) and over a
/// list in the reverse order, where equal keys must keep that order.
@Suite struct SortByIndexTests {
    @Test func indexedSortAgreesWithTheGeneralPath() throws {
        let (interpreter, all, members) = try builtinMembers()
        #expect(members.count > 10)
        var sortedByIndex = 0
        for member in members {
            let having = all.filter { $0[member] != nil }
            interpreter.define("s", .set(ValueSet(having.map(Value.entity))))
            for collection in ["s", "reverse(list(s))", "list(s) + list(s)"] {
                let indexed = try? interpreter.eval("sort_by(\(collection), c => c.\(member))")
                let general = try? interpreter.eval("sort_by(\(collection), c => [c.\(member)][0])")
                #expect(indexed == general, "sort_by(\(collection), c => c.\(member))")
                if let indexed, case .list(let items) = try interpreter.eval(collection),
                   Builtin.sortedByIndex(.list(items), member: member) != nil {
                    #expect(indexed == .list(Builtin.sortedByIndex(.list(items), member: member)!))
                    sortedByIndex += 1
                }
            }
        }
        // name, iso_name, region... have an index of their strings.
        #expect(sortedByIndex > 10)
    }

    @Test func indexedSortLeavesOtherCollectionsToTheGeneralPath() throws {
        #expect(Builtin.sortedByIndex(.list([.int(1)]), member: "name") == nil)
        #expect(Builtin.sortedByIndex(.string("France"), member: "name") == nil)
        let antarctica = try Interpreter().eval("country(\"Antarctica\")")
        // Antarctica has no region: its key is nil, not a string.
        #expect(Builtin.sortedByIndex(.list([antarctica]), member: "region") == nil)
    }
}
