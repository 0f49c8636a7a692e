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
