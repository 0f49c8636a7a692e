// Checks every fact of the built-in fact base against where it comes from: the article, the
// signatory table, ISO 3166-1, and the rule that nothing is there without a source.
import Foundation
import Testing
@testable import SummitKit

/// The repository's root, found from this file's path.
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let factsDir = root.appendingPathComponent("facts")

private let base = FactBase.builtin

private func global(_ name: String) -> Value {
    guard let fact = base.fact(.global(name)) else {
        Issue.record("no global \(name)")
        return .null
    }
    return fact.value
}

private func entity(_ name: String) -> Entity? {
    if case .entity(let e) = global(name) { return e }
    return nil
}

private func set(_ value: Value?) -> ValueSet {
    if case .set(let s)? = value { return s }
    return ValueSet()
}

private func string(_ value: Value?) -> String? {
    if case .string(let s)? = value { return s }
    return nil
}

private func call(_ name: String, _ args: Value...) throws -> Value {
    #expect(base.functions.contains { $0.name == name })
    let function = try #require(FactBase.builtinFunctionDefinitions[name])
    return try function.run(args)
}

/// Rows of a TSV file in facts/, as field dictionaries; `#` lines are comments.
private func tsv(_ name: String) throws -> [[String: String]] {
    let text = try String(contentsOf: factsDir.appendingPathComponent(name), encoding: .utf8)
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
}

/// Every entity the globals reach, through members, sets and lists.
private func reachableEntities() -> [Entity] {
    var seen = Set<ObjectIdentifier>(), out: [Entity] = []
    var stack = base.allGlobals.map(\.fact.value)
    while let value = stack.popLast() {
        switch value {
        case .entity(let e):
            if seen.insert(ObjectIdentifier(e)).inserted {
                out.append(e)
                stack.append(contentsOf: e.members.map(\.value))
            }
        case .set(let s): stack.append(contentsOf: s)
        case .list(let l): stack.append(contentsOf: l)
        case .record(let r): stack.append(contentsOf: r.map(\.value))
        default: break
        }
    }
    return out
}

@Test func everyQuoteIsInTheArticle() throws {
    let article = try String(contentsOf: factsDir.appendingPathComponent("article.txt"), encoding: .utf8)
    guard case .list(let quotes) = global("quotes") else { Issue.record("quotes is not a list"); return }
    #expect(quotes.count == 8)
    for case .entity(let quote) in quotes {
        let text = try #require(string(quote["text"]))
        #expect(article.contains("\u{201C}\(text)\u{201D}"), "not in the article: \(text)")
        #expect(quote["speaker"] != nil)
        #expect(quote.sources.first?.citation.hasPrefix("article, paragraph") == true)
    }
}

@Test func theSpeakersQuotesPointBack() throws {
    let vance = try #require(entity("Vance"))
    guard case .list(let quotes)? = vance["quotes"] else { Issue.record("Vance.quotes is not a list"); return }
    #expect(quotes.count == 4)
    for case .entity(let quote) in quotes { #expect(quote["speaker"] == .entity(vance)) }
}

@Test func everySignatoryMatchesTheTable() throws {
    let summits = ["paris-2025": "paris", "bletchley-2023": "bletchley", "seoul-2024": "seoul"]
    let rows = try tsv("signatories.tsv")
    let unconfirmed = set(global("unconfirmed"))
    for (key, name) in summits {
        let summit = try #require(entity(name))
        let signed = set(summit["signed"])
        let mine = rows.filter { $0["summit"] == key }
        #expect(signed.count == mine.count, "\(name): \(signed.count) signatories, the table has \(mine.count)")
        let fact = try #require(base.fact(.member(entityID: summit.id, name: "signed")))
        for row in mine {
            let party = signed.first { element in
                guard case .entity(let e) = element else { return false }
                return row["iso2"] == "-" ? e.name == row["party"] : string(e["iso2"]) == row["iso2"]
            }
            let element = try #require(party, "\(name): no \(row["party"]!)")
            let sources = fact.elementSources[element] ?? []
            #expect(!sources.isEmpty, "\(name): \(row["party"]!) has no source")
            if row["status"] == "unconfirmed" {
                #expect(key == "paris-2025" && unconfirmed.contains(element))
                #expect(sources.allSatisfy { $0.confidence == .unverified })
            } else {
                #expect(row["status"] == "confirmed")
                if key == "paris-2025" { #expect(!unconfirmed.contains(element)) }
                #expect(sources.contains { $0.citation == row["source"] })
                #expect(!sources.contains { $0.confidence == .unverified })
            }
        }
    }
    let refused = set(global("refused"))
    let refusedRows = rows.filter { $0["summit"] == "paris-2025-refused" }
    #expect(refused.count == refusedRows.count)
    for row in refusedRows { #expect(refused.contains(global(row["iso2"]!))) }
    #expect(set(global("signed")) == set(entity("paris")?["signed"]))
}

@Test func everyCountryMatchesISO3166() throws {
    let path = "/usr/share/iso-codes/json/iso_3166-1.json"
    guard FileManager.default.fileExists(atPath: path) else { return }
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    let countries = try #require((json as? [String: Any])?["3166-1"] as? [[String: String]])
    #expect(countries.count == set(global("countries")).count)
    for c in countries {
        let a2 = c["alpha_2"]!, a3 = c["alpha_3"]!
        let e = try #require(entity(a2), "no global \(a2)")
        #expect(global(a3) == .entity(e))
        #expect(e.kind == "country")
        #expect(string(e["iso_name"]) == c["name"]!)
        #expect(string(e["official_name"]) == (c["official_name"] ?? c["name"]!))
        #expect(string(e["iso2"]) == a2)
        #expect(string(e["iso3"]) == a3)
    }
}

@Test func countriesDisplayByTheirCommonEnglishNames() {
    // The rule of tools/gen-facts (docs/facts.md): an override, else CLDR's short name unless it is an
    // abbreviation, else CLDR's standard name unless it carries a disambiguator, else ISO's.
    let expected = [
        "RU": "Russia", "VA": "Vatican City", "PS": "Palestine", "SY": "Syria", "IR": "Iran", "LA": "Laos",
        "GB": "United Kingdom", "US": "United States", "CD": "Democratic Republic of the Congo",
        "CG": "Republic of the Congo", "TR": "Türkiye", "BA": "Bosnia and Herzegovina", "HK": "Hong Kong",
        "MM": "Myanmar", "CI": "Côte d'Ivoire", "KR": "South Korea", "KP": "North Korea", "VN": "Vietnam",
        "AG": "Antigua and Barbuda", "KN": "Saint Kitts and Nevis", "ST": "São Tomé and Príncipe",
        "VG": "British Virgin Islands", "FM": "Micronesia", "MK": "North Macedonia", "CZ": "Czechia",
    ]
    for (code, name) in expected { #expect(entity(code)?.name == name, "\(code)") }
    #expect(string(entity("RU")?["iso_name"]) == "Russian Federation")
    #expect(string(entity("VA")?["iso_name"]) == "Holy See (Vatican City State)")
}

@Test func everyCountryHasTheNamesPeopleUse() throws {
    let globals = [
        "Russia": "RU", "RussianFederation": "RU", "Turkey": "TR", "Türkiye": "TR", "Turkiye": "TR",
        "Vietnam": "VN", "VietNam": "VN", "Syria": "SY", "Iran": "IR", "Laos": "LA", "Bolivia": "BO",
        "Tanzania": "TZ", "Moldova": "MD", "Venezuela": "VE", "SouthKorea": "KR", "NorthKorea": "KP",
        "CôteDIvoire": "CI", "CoteDIvoire": "CI", "IvoryCoast": "CI", "Burma": "MM", "DRC": "CD",
        "Swaziland": "SZ", "Macedonia": "MK", "GreatBritain": "GB", "VaticanCity": "VA", "HolySee": "VA",
        "ÅlandIslands": "AX", "AlandIslands": "AX", "Curaçao": "CW", "Curacao": "CW", "EastTimor": "TL",
        "CzechRepublic": "CZ", "Palestine": "PS",
    ]
    for (name, code) in globals { #expect(global(name) == global(code), "\(name)") }
    let names = [
        "South Korea": "KR", "Ivory Coast": "CI", "DRC": "CD", "Czech Republic": "CZ", "Burma": "MM",
        "Swaziland": "SZ", "Great Britain": "GB", "Macedonia": "MK", "Holy See": "VA", "Vatican": "VA",
        "türkiye": "TR", "Turkey": "TR", "Russian Federation": "RU", "Congo - Kinshasa": "CD",
        "Congo-Brazzaville": "CG", "St. Kitts & Nevis": "KN", "Cabo Verde": "CV", "The Gambia": "GM",
        "State of Palestine": "PS", "Guinea": "GN", "DPRK": "KP", "UAE": "AE", "gbr": "GB",
    ]
    for (name, code) in names { #expect(try call("country", .string(name)) == global(code), "\(name)") }
    // A name two countries bear is not resolved: the error lists both.
    for (name, both) in ["Congo": "Democratic Republic of the Congo or Republic of the Congo",
                         "Korea": "North Korea or South Korea",
                         "Virgin Islands": "British Virgin Islands or U.S. Virgin Islands"] {
        #expect(throws: SummitError.self) { try call("country", .string(name)) }
        do { _ = try call("country", .string(name)) } catch let error as SummitError {
            #expect(error.message == "\"\(name)\" could mean \(both): country() needs one of those names")
        }
        #expect(BuiltinGlobals.position(of: name) == nil, "\(name) is a global")
    }
    // "Did you mean" suggests names, never codes: "DRK" is one letter from GRC and DNK.
    do { _ = try call("country", "DRK") } catch let error as SummitError {
        #expect(error.message == "no country named \"DRK\"; did you mean Democratic Republic of the Congo or North Korea?")
    }
}

@Test func noFactGlobalTakesTheNameOfABuiltIn() {
    // tools/gen-facts reads the keywords and built-ins from the Swift sources; this checks it read them all.
    let reserved = Set(Builtin.core.map(\.name)).union(TokenKind.keywords).union(base.functions.map(\.name))
        .union(["it", "args"])
    #expect(reserved.isSuperset(of: ["abs", "all", "any", "append", "list", "reverse", "round", "set"]))
    for name in BuiltinGlobals.names { #expect(!reserved.contains(name), "\(name) is a fact and a built-in") }
}

@Test func builtInEntitiesRankInTheOrderOfTheirNames() {
    // The generator's ranks and NameOrder's rule are one order.
    let entities = reachableEntities()
    let byRank = entities.sorted { $0.rank < $1.rank }
    let byRule = entities.sorted { a, b in
        let keyA = NameOrder.key(a.name), keyB = NameOrder.key(b.name)
        if keyA != keyB { return keyA.lexicographicallyPrecedes(keyB) }
        return a.name != b.name ? a.name < b.name : a.id < b.id
    }
    #expect(byRank.map(\.name) == byRule.map(\.name))
    #expect(Set(entities.map(\.rank)).count == entities.count && entities.allSatisfy { $0.rank >= 0 })
    // An entity that is not built in sorts among them by the same rule.
    let made = Entity(kind: "country", name: "Côte Test")
    let ci = entity("CI")!, cz = entity("CZ")!, co = entity("CO")!
    #expect(NameOrder.precedes(ci, made) && NameOrder.precedes(made, cz) && NameOrder.precedes(co, made))
    #expect(!NameOrder.precedes(made, ci) && !NameOrder.precedes(cz, made))
    #expect(NameOrder.precedes(ci, cz) && NameOrder.precedes(entity("AF")!, entity("AX")!)
            && NameOrder.precedes(entity("AX")!, entity("AL")!))
}

@Test func everyRegionMatchesM49() throws {
    for row in try tsv("regions.tsv") {
        let e = try #require(entity(row["iso2"]!))
        #expect(e["region"] == (row["region"]!.isEmpty ? .null : .string(row["region"]!)))
        #expect(e["subregion"] == (row["subregion"]!.isEmpty ? .null : .string(row["subregion"]!)))
    }
}

@Test func everyGroupMatchesTheTable() throws {
    let rows = try tsv("groups.tsv")
    for group in ["eu", "g7", "g20", "nato", "brics", "african_union", "un_security_council_permanent", "oecd"] {
        let members = set(global(group))
        let mine = rows.filter { $0["group"] == group }
        #expect(members.count == mine.count, "\(group)")
        for row in mine {
            let code = row["iso2"]!
            let member = code == "-AU" ? global("AfricanUnion") : global(code)
            #expect(members.contains(member), "\(group): \(code)")
            if case .entity(let e) = member { #expect(set(e["groups"]).contains(.string(group))) }
        }
    }
    #expect(set(global("eu")).count == 27)
    #expect(set(entity("EU")?["members"]) == set(global("eu")))
}

@Test func everyBuiltInGlobalIsFoundByItsName() {
    let globals = base.allGlobals
    #expect(globals.count == FactData.globalCount)
    #expect(globals.map(\.name) == base.globalNames)
    for (name, fact) in globals {
        #expect(BuiltinGlobals.position(of: name) != nil, "\(name) is not found by its name")
        #expect(base.fact(.global(name))?.value == fact.value, "\(name)")
    }
    for name in ["", "a", "zzz", "signe", "signedx", "Signed"] { #expect(BuiltinGlobals.position(of: name) == nil) }
}

@Test func everyFactHasASource() {
    for (name, fact) in base.allGlobals {
        #expect(!fact.sources.isEmpty, "global \(name) has no source")
        #expect(!fact.doc.isEmpty, "global \(name) has no doc")
        if case .set(let s) = fact.value, !fact.elementSources.isEmpty {
            for element in s { #expect(fact.elementSources[element]?.isEmpty == false, "\(name): \(element)") }
        }
    }
    let entities = reachableEntities()
    #expect(entities.count >= 285)
    for e in entities {
        #expect(!e.sources.isEmpty, "\(e.name) has no source")
        for (member, _) in e.members { #expect(!e.sources(of: member).isEmpty, "\(e.name).\(member) has no source") }
    }
    for (key, fact) in base.memberFacts { #expect(!fact.sources.isEmpty, "\(key) has no source") }
}

@Test func theReportedCountsDisagreeOpenly() throws {
    let paris = try #require(entity("summit"))
    guard case .list(let counts)? = paris["reported_counts"] else { Issue.record("no reported_counts"); return }
    var numbers = Set<Int>()
    for case .record(let r) in counts { if case .int(let n)? = r["count"] { numbers.insert(n) } }
    #expect(numbers == [53, 60, 61, 63, 64])
    let fact = try #require(base.fact(.member(entityID: paris.id, name: "reported_counts")))
    for count in counts { #expect(fact.elementSources[count]?.isEmpty == false) }
}

@Test func theFirstQuestionsHaveTheirAnswers() throws {
    let signed = set(global("signed"))
    #expect(signed.count == 60)
    #expect(set(global("unconfirmed")).count == 10)
    #expect(set(global("hosts")).isSubset(of: signed))
    #expect(set(global("refused")) == ValueSet([global("US"), global("UK")]))
    #expect(signed.intersection(set(global("refused"))).isEmpty)
    #expect(global("paris") == global("summit"))
    #expect(global("UK") == global("GB"))
    #expect(global("SouthKorea") == global("KR"))
    #expect(global("UnitedKingdom") == global("GB"))
    let g7NotSigned = set(global("g7")).subtracting(signed)
    #expect(g7NotSigned == ValueSet([global("US"), global("GB")]))
    #expect(set(global("eu")).subtracting(signed).isEmpty)
}

@Test func theFunctionsWork() throws {
    #expect(try call("country", "south korea") == global("KR"))
    #expect(try call("country", "fra") == global("FR"))
    #expect(try call("country", "Vatican") == global("VA"))
    #expect(throws: SummitError.self) { try call("country", "Frence") }
    do {
        _ = try call("country", "Frence")
    } catch let error as SummitError {
        #expect(error.message == "no country named \"Frence\"; did you mean France?")
    }
    do {
        _ = try call("country", "zzzzzz")
    } catch let error as SummitError {
        #expect(error.message == "no country named \"zzzzzz\"")
    }
    #expect(try call("confirmed", global("signed")) == .set(set(global("signed")).subtracting(set(global("unconfirmed")))))
    guard case .list(let found) = try call("search", global("article"), "AUTHORITARIAN") else {
        Issue.record("search gives no list"); return
    }
    #expect(found.count == 2)
}

@Test func theFactCopiesEqualTheSharedOnes() throws {
    let shared = root.deletingLastPathComponent().appendingPathComponent("shared/facts")
    guard FileManager.default.fileExists(atPath: shared.path) else { return }
    for name in ["article.txt", "signatories.tsv", "groups.tsv", "regions.tsv", "sources.md", "README.md", "audit-2026-12.md"] {
        let mine = try Data(contentsOf: factsDir.appendingPathComponent(name))
        let theirs = try Data(contentsOf: shared.appendingPathComponent(name))
        #expect(mine == theirs, "facts/\(name) differs from ../shared/facts/\(name)")
    }
}

@Test func theGeneratedTablesAreCurrent() throws {
    // tools/gen-facts must have been run after the last edit of facts/.
    let python = "/usr/bin/python3"
    let iso = "/usr/share/iso-codes/json/iso_3166-1.json"
    guard FileManager.default.fileExists(atPath: python), FileManager.default.fileExists(atPath: iso) else { return }
    // The country names come from CLDR too: `make setup` installs it.
    let cldr = "/usr/share/unicode/cldr/common/main/en.xml"
    guard FileManager.default.fileExists(atPath: cldr) else {
        Issue.record("\(cldr) is missing: install Debian's unicode-cldr-core (make setup)")
        return
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("FactData-\(UUID().uuidString).swift")
    defer { try? FileManager.default.removeItem(at: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [root.appendingPathComponent("tools/gen-facts").path, "--out", out.path]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let committed = root.appendingPathComponent("Sources/SummitKit/Facts/Generated/FactData.swift")
    #expect(try Data(contentsOf: out) == Data(contentsOf: committed), "run tools/gen-facts")
}
