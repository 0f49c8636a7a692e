// The facts since Paris (facts/since_paris.json, facts/instruments.json): every element's source
// names it, the New Delhi list is whole (as of 24 Feb 2026), the UN resolutions' co-sponsors are
// marked as known only in part, and `:why` says which parts are known.
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
    "US": ["United States", "US", "USA", "Washington"], "GB": ["United Kingdom", "UK"], "RU": ["Russia"],
    "KR": ["Republic of Korea"], "MD": ["Moldova"], "EU": ["European Union"], "CN": ["China"],
    "IFAD": ["International Fund for Agricultural Development", "IFAD"], "EU_short": ["EU"],
    "TT": ["Trinidad and Tobag"], "CV": ["Cabo Verde"], "CI": ["Côte d’Ivoire"], "TR": ["Türkiye"], "CZ": ["Czech Republic"], "AE": ["UAE", "United Arab Emirates"],
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
    if element.name == "European Union" { names += otherNames["EU_short"]! }
    // Its own sources only: the set's sources speak for the set, not for each element.
    return (fact.elementSources[.entity(element)] ?? []).contains { source in
        guard let quote = source.quote.map(folded) else { return false }
        return names.contains { quote.contains(folded($0)) }
    }
}

@Suite struct SinceParisTests {
    @Test func everyElementsSourceNamesIt() throws {
        for (holder, member, count) in [("delhi", "signed", 91), ("delhi_declaration", "signatories", 91),
                                        ("coe_ai_convention", "signed", 19), ("ai_safety_institutes", "members", 10),
                                        ("unga_78_265", "cosponsors", 54), ("unga_78_265", "joint_statement", 55),
                                        ("unga_78_311", "cosponsors", 20)] {
            let owner = try entity(holder)
            let fact = try #require(base.fact(.member(entityID: owner.id, name: member)), "\(holder).\(member)")
            guard case .set(let set) = fact.value else { Issue.record("\(holder).\(member) is not a set"); continue }
            #expect(set.listed.count == count, "\(holder).\(member)")
            for case .entity(let e) in set.listed {
                #expect(named(e, in: fact), "\(holder).\(member): no source names \(e.name)")
                #expect(!(fact.elementSources[.entity(e)] ?? []).contains { $0.confidence == .unverified })
            }
        }
    }

    @Test func theNewDelhiListIsWholeAndTheUNCosponsorsPartial() throws {
        let delhi = try entity("delhi")
        guard case .set(let signed)? = delhi["signed"] else { Issue.record("no delhi.signed"); return }
        // The MEA's 88 and the 3 MeitY named later are the 91 reported on 24 Feb 2026.
        #expect(signed.isComplete && signed.count == 91)
        #expect(delhi["signed_as_of"] == "2026-02-24")
        let setSources = try #require(base.fact(.member(entityID: delhi.id, name: "signed"))).sources
        #expect(setSources.contains { $0.note?.contains("as of 24 Feb 2026") == true })
        for code in ["US", "GB", "CN", "RU", "IT", "JP", "IN"] {
            #expect(signed.contains(try #require(base.fact(.global(code))?.value)), "\(code)")
        }
        #expect(!signed.contains(try #require(base.fact(.global("VN"))?.value)))
        for (holder, named, reported) in [("unga_78_265", 54, 123 as Int?), ("unga_78_311", 20, nil)] {
            guard case .set(let s)? = try entity(holder)["cosponsors"] else { Issue.record("no \(holder).cosponsors"); continue }
            let incompleteness = try #require(s.incompleteness)
            #expect(incompleteness.mayMiss && incompleteness.reportedCount == reported && s.listed.count == named)
        }
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
        let s = "unga_78_265.cosponsors", p5 = "un_security_council_permanent"
        let unknown = try interpreter.why("Brazil in \(s)")
        #expect(unknown.hasPrefix("Brazil in \(s) is not known, because:"))
        #expect(unknown.contains("\(s) is incomplete (it may miss members; 54 named of 123 reported)"))
        let difference = try interpreter.why("China in \(p5) - \(s)")
        #expect(difference.contains("China is not known to be in \(p5) - \(s)"))
        #expect(difference.contains("China is in \(p5)"))
        #expect(difference.contains("    China is not known to be in \(s)\n      \(s) is incomplete (it may miss members; 54 named of 123 reported)"), "\(difference)")
        let known = try interpreter.why("US in \(p5) & \(s)")
        #expect(known.hasPrefix("US in \(p5) & \(s) is true"))
        let set = try interpreter.why("\(p5) & \(s)")
        #expect(set.hasPrefix("\(p5) & \(s) is incomplete (it may hold non-members, marked ?): it names 5 elements:"))
        #expect(set.contains("China is not known to be in \(p5) & \(s)"))
        // The New Delhi list is whole: Brazil is on it, Vietnam is not.
        #expect(try interpreter.why("Brazil in delhi.signed").hasPrefix("Brazil in delhi.signed is true"))
    }
}
