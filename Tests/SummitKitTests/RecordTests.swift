// Record as an embedder uses it: a value with fields in the order they were set, whatever the
// records it shares its field names with (a literal's, a CSV file's, a copy's).
import Testing
import SummitKit

@Suite struct RecordTests {
    @Test func fieldsKeepTheirOrderAndACopyIsAValueOfItsOwn() {
        var a = Record([("name", "France"), ("n", 1)])
        let copy = a
        a["region"] = "Europe"
        a["n"] = 2
        #expect(a.keys == ["name", "n", "region"])
        #expect(Array(a.map(\.value)) == ["France", 2, "Europe"])
        #expect(copy.keys == ["name", "n"])
        #expect(copy["n"] == 1)
        #expect(copy["region"] == nil)
    }

    @Test func settingNilRemovesAFieldFromThatRecordOnly() {
        var a = Record([("x", 1), ("y", 2), ("z", 3)])
        let copy = a
        a["y"] = nil
        #expect(a.keys == ["x", "z"])
        #expect(a.count == 2)
        #expect(a["z"] == 3)
        #expect(copy.keys == ["x", "y", "z"])
        a["y"] = 4
        #expect(a.keys == ["x", "z", "y"])
    }

    @Test func recordsMadeByOneLiteralChangeApart() throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval("""
            fn row(n) { return {n: n, tag: "t"} }
            var rows = [row(1), row(2)]
            rows[0].extra = true
            rows[1].tag = "u"
            rows
            """)
        guard case .list(let rows) = value, case .record(let first) = rows[0], case .record(let second) = rows[1] else {
            Issue.record("expected a list of two records, got \(value)")
            return
        }
        #expect(first.keys == ["n", "tag", "extra"])
        #expect(second.keys == ["n", "tag"])
        #expect(second["tag"] == "u")
        #expect(first["tag"] == "t")
    }

    @Test func equalAndHashedAlikeInAnyOrder() {
        let a = Record([("x", 1), ("y", "two")])
        let b = Record([("y", "two"), ("x", 1)])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != Record([("x", 1), ("y", "three")]))
        #expect(a != Record([("x", 1), ("z", "two")]))
    }

    @Test func manyFieldsAreFoundThroughAnIndex() {
        var big = Record()
        for i in 0..<100 { big["k\(i)"] = .int(i) }
        var other = big
        other["k50"] = nil
        other["k100"] = 100
        #expect(big.count == 100 && other.count == 100)
        #expect(big["k50"] == 50 && other["k50"] == nil)
        #expect(other["k99"] == 99 && other["k100"] == 100)
        #expect(big["k100"] == nil)
        #expect(other.keys.last == "k100")
    }
}
