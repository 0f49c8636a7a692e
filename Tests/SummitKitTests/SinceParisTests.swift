// The facts since Paris (facts/since_paris.json, facts/instruments.json): every element's source
// names it, the partial New Delhi list is marked as such, and `:why` says which parts are known.
import Foundation
import Testing
@testable import SummitKit

private let base = FactBase.builtin

private func entity(_ name: String) throws -> Entity {
    guard case .entity(let e)? = base.fact(.global(name))?.value else { throw SummitError(.runtime, "no entity \(name)") }
    return e
}

/// Other names the sources use for a party, besides the one the fact base shows.
private let otherNames: [String: [String]] = [
    "US": ["United States", "US", "Washington"], "GB": ["United Kingdom", "UK"], "RU": ["Russia"],
    "KR": ["Republic of Korea"], "MD": ["Moldova"], "EU": ["European Union"], "CN": ["China"],
    "IFAD": ["International Fund for Agricultural Development"],
]

/// Lower case without accents: "Monténégro" names Montenegro.
private func folded(_ text: String) -> String {
    text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
}

/// Whether some source of `element` in the fact has words naming it.
private func named(_ element: Entity, in fact: Fact) -> Bool {
    var names = [element.name]
    if case .string(let code)? = element["iso2"] { names += otherNames[code] ?? [] }
    if element.name == "International Fund for Agricultural Development" { names += otherNames["IFAD"]! }
    // Its own sources only: the set's sources speak for the set, not for each element.
    return (fact.elementSources[.entity(element)] ?? []).contains { source in
        guard let quote = source.quote.map(folded) else { return false }
        return names.contains { quote.contains(folded($0)) }
    }
}

@Suite struct SinceParisTests {
    @Test func everyElementsSourceNamesIt() throws {
        for (holder, member, count) in [("delhi", "signed", 19), ("delhi_declaration", "signatories", 19),
                                        ("coe_ai_convention", "signed", 19), ("ai_safety_institutes", "members", 10)] {
            let owner = try entity(holder)
            let fact = try #require(base.fact(.member(entityID: owner.id, name: member)), "\(holder).\(member)")
            guard case .set(let set) = fact.value else { Issue.record("\(holder).\(member) is not a set"); continue }
            #expect(set.count == count, "\(holder).\(member)")
            for case .entity(let e) in set {
                #expect(named(e, in: fact), "\(holder).\(member): no source names \(e.name)")
                #expect(!(fact.elementSources[.entity(e)] ?? []).contains { $0.confidence == .unverified })
            }
        }
    }

    @Test func theNewDelhiListIsMarkedPartial() throws {
        let delhi = try entity("delhi")
        guard case .set(let signed)? = delhi["signed"] else { Issue.record("no delhi.signed"); return }
        let incompleteness = try #require(signed.incompleteness)
        #expect(incompleteness.mayMiss && !incompleteness.mayHoldNonMembers && incompleteness.reportedCount == 91)
        guard case .list(let counts)? = delhi["reported_counts"] else { Issue.record("no reported_counts"); return }
        let numbers = counts.compactMap { value -> Int? in
            if case .record(let r) = value, case .int(let n)? = r["count"] { return n }
            return nil
        }
        #expect(numbers == [70, 88, 88, 88, 89, 91])
        // Complete lists stay complete.
        for (holder, member) in [("coe_ai_convention", "signed"), ("ai_safety_institutes", "members"), ("paris", "signed")] {
            guard case .set(let s)? = try entity(holder)[member] else { Issue.record("\(holder).\(member)"); continue }
            #expect(s.isComplete, "\(holder).\(member)")
        }
    }

    @Test func theSummitsInOrderAndTheAnnouncedOnesWithoutDates() throws {
        guard case .list(let summits)? = base.fact(.global("summits"))?.value,
              case .list(let next)? = base.fact(.global("next_summits"))?.value else { Issue.record("no summits"); return }
        let years = summits.compactMap { value -> Int? in
            if case .entity(let e) = value, case .int(let y)? = e["year"] { return y }
            return nil
        }
        #expect(years == [2023, 2024, 2025, 2026])
        for case .entity(let e) in next {
            #expect(e["dates"] == .null && e["status"] == "announced", "\(e.name)")
        }
        #expect(try entity("summit_2028")["city"] == .null)
    }

    @Test func whySaysWhichPartsAreKnown() throws {
        let interpreter = Interpreter()
        let unknown = try interpreter.why("Brazil in delhi.signed")
        #expect(unknown.hasPrefix("Brazil in delhi.signed is not known, because:"))
        #expect(unknown.contains("delhi.signed is incomplete (it may miss members; 19 named of 91 reported)"))
        let difference = try interpreter.why("Italy in g7 - delhi.signed")
        #expect(difference.contains("Italy is not known to be in g7 - delhi.signed"))
        #expect(difference.contains("Italy is in g7"))
        #expect(difference.contains("    Italy is not known to be in delhi.signed\n      delhi.signed is incomplete (it may miss members; 19 named of 91 reported)"), "\(difference)")
        let known = try interpreter.why("US in g7 & delhi.signed")
        #expect(known.hasPrefix("US in g7 & delhi.signed is true"))
        let set = try interpreter.why("g7 & delhi.signed")
        #expect(set.hasPrefix("g7 & delhi.signed is incomplete (it may hold non-members, marked ?): it names 7 elements:"))
        #expect(set.contains("Italy is not known to be in g7 & delhi.signed"))
    }
}
