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
    var approximations = Set<Int>()
    for case .record(let r) in counts {
        // A count is exact or approximate, never both (audit D6: "nearly 60" is not the count 60).
        switch (r["count"], r["approx"]) {
        case (.int(let n)?, .null?): numbers.insert(n)
        case (.null?, .int(let n)?): approximations.insert(n)
        default: Issue.record("a reported count is neither exact nor approximate: \(r)")
        }
    }
    #expect(numbers == [53, 58, 60, 61, 63, 64])
    #expect(approximations == [60])
    let nearly = counts.first { if case .record(let r) = $0 { return r["what"] == .string("nearly 60 countries (an approximation below 60)") }; return false }
    if case .record(let r)? = nearly { #expect(r["count"] == .null && r["approx"] == .int(60)) } else { Issue.record("no \"nearly 60\" count") }
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

// The December 2026 audit (facts/audit-2026-12.md): each of its corrections, as a rule that would
// have caught the defect.

/// The names a text may use for an entity: its name, official name, the part of its name before a
/// comma, and its aliases. Names of three letters or fewer must match in case (`UK`, not `uk` in
/// "Ukraine").
private func nameForms(_ e: Entity) throws -> [String] {
    var forms = [e.name]
    if let official = string(e["official_name"]) { forms.append(official) }
    if let head = e.name.split(separator: ",").first { forms.append(String(head)) }
    if let code = string(e["iso2"]) {
        forms += try tsv("aliases.tsv").filter { $0["iso2"] == code }.map { $0["alias"]! }
    }
    return forms
}

private func names(_ text: String?, _ forms: [String]) -> Bool {
    guard let text else { return false }
    return forms.contains { form in
        form.count <= 3 ? text.contains(form) : text.range(of: form, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }
}

/// Every set fact with element sources: the globals and the entities' members.
private func setFacts() -> [(name: String, fact: Fact)] {
    base.allGlobals.filter { !$0.fact.elementSources.isEmpty }
        + base.memberFacts.map { ("\($0.key)", $0.value) }.filter { !$0.1.elementSources.isEmpty }
}

@Test func everyElementSourceNamesItsElement() throws {
    // D2: a source of "x is in s" names x in its words or its note, or is the set's own source
    // (a list of the set); a sentence that only counts the set is never lent to each element.
    var checked = 0
    for (name, fact) in setFacts() {
        for (element, sources) in fact.elementSources {
            guard case .entity(let e) = element else { continue }
            let forms = try nameForms(e)
            for source in sources {
                checked += 1
                #expect(names(source.quote, forms) || names(source.note, forms) || fact.sources.contains(source),
                        "\(name): a source of \(e.name) does not name it: \(source)")
            }
            #expect(fact.sources(ofElement: element) == sources, "\(name): \(e.name) is given sources of the set")
        }
    }
    #expect(checked > 500)
    let signed = try #require(base.fact(.global("signed")))
    for element in set(global("unconfirmed")) {
        #expect(signed.sources(ofElement: element).allSatisfy { $0.confidence == .unverified })
        #expect(!signed.sources(ofElement: element).contains { $0.citation.hasPrefix("article") })
    }
}

/// Every source the fact base reaches: of globals, elements, entities and members.
private func allSources() -> [Source] {
    var out: [Source] = []
    for (_, fact) in base.allGlobals { out += fact.sources; for (_, s) in fact.elementSources { out += s } }
    for (_, fact) in base.memberFacts { out += fact.sources; for (_, s) in fact.elementSources { out += s } }
    for e in reachableEntities() {
        out += e.sources
        for (member, _) in e.members { out += e.sources(of: member) }
    }
    return out
}

@Test func aReprintCitesItsPublisher() throws {
    // D2: a copy on a little-known site is cited as its original publisher's, read only in a copy,
    // and trusted no more than medium.
    let copies = try tsv("copies.tsv")
    let sources = allSources()
    for copy in copies {
        let url = copy["url"]!
        for source in sources where source.citation.contains(url) {
            #expect(source.confidence != .high && source.confidence != .mediumHigh, "\(url) is trusted too much")
            if copy["publisher"] != "-" { #expect(source.citation == "\(copy["publisher"]!), read only in a copy: \(url)") }
        }
    }
    let brazil = try #require(base.fact(.global("signed"))).sources(ofElement: global("BR"))
    #expect(brazil.contains { $0.citation.hasPrefix("The Hindu, read only in a copy: ") && $0.confidence == .medium })
    #expect(!brazil.contains { $0.confidence == .high })
}

@Test func norrisSpokeOnTheTwelfth() throws {
    // D1: his words are in PA's article of 12 Feb 2025, not in that of the 11th, published before he spoke.
    let norris = try #require(entity("Norris"))
    #expect(norris["role"] == .string("Communities minister"))
    guard case .list(let statements)? = norris["statements"], case .record(let said)? = statements.first else {
        Issue.record("Norris has no statements"); return
    }
    #expect(said["date"] == .string("2025-02-12"))
    #expect(said["text"] == .string("We make decisions based on what's best for the British people."))
    let cited = norris.sources + norris.sources(of: "role") + norris.sources(of: "statements")
    #expect(cited.contains { $0.citation == "https://www.lbc.co.uk/tech/c8b6d8c942c04074bb0482a1335322a2/"
        && $0.quote?.contains("Communities minister Alex Norris said") == true })
    #expect(!cited.contains { $0.citation.contains("0aa20dbfd7c9491aa4df0399e043b6d4") })
}

@Test func theSpokesmansRemarkIsAParaphrase() throws {
    // D3: no source has the words "Discussions are still ongoing"; the remark is dated by PA's report.
    guard case .list(let quotes) = global("quotes"), case .entity(let remark) = quotes[4] else {
        Issue.record("no quotes[4]"); return
    }
    #expect(remark["text"] == .string("Discussions are still ongoing,"))
    #expect(remark["date"] == .string("2025-02-11"))
    #expect(remark["paraphrase"] == .bool(true))
    #expect(remark["original"] == .null)
    #expect(remark.sources(of: "original").contains {
        $0.citation == "https://www.lbc.co.uk/tech/0aa20dbfd7c9491aa4df0399e043b6d4" && $0.quote?.contains("“live” discussions") == true
    })
    guard case .list(let originals)? = entity("article")?["originals"] else { Issue.record("no article.originals"); return }
    var found: [Int: [String]] = [:]
    for case .record(let r) in originals {
        if case .int(let p)? = r["paragraph"], let original = string(r["original"]) { found[p, default: []].append(original) }
    }
    #expect(found[6] == ["worked with the French throughout this process"])
    #expect(found[8] == ["they remain one of our closest partners in all areas of AI"])
}

@Test func rolesAreDated() throws {
    // D4: a role holds between dates (nil where no source gives one) and at the summits named;
    // `role` is the one held at the Paris summit, or says that it was held before.
    let paris = global("paris")
    for case .entity(let person) in set(global("people")) {
        guard case .list(let roles)? = person["roles"], !roles.isEmpty else { Issue.record("\(person.name) has no roles"); continue }
        // A person of a later summit whose role the words read do not state has none.
        guard let role = string(person["role"]) else {
            #expect(roles.allSatisfy { if case .record(let r) = $0 { r["role"] == .null } else { false } }, "\(person.name)")
            continue
        }
        var atParis = false, atItsSummit = false
        for case .record(let r) in roles {
            let title = try #require(string(r["role"]))
            for key in ["from", "until"] {
                if let date = string(r[key]) { #expect(date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(person.name).\(key)") }
                else { #expect(r[key] == .null) }
            }
            if let from = string(r["from"]), let until = string(r["until"]) { #expect(from <= until) }
            guard case .list(let at)? = r["at"] else { Issue.record("\(person.name): no at"); continue }
            if at.contains(paris) {
                atParis = true
                #expect(role.hasPrefix(title), "\(person.name): role \"\(role)\" is not the one held at Paris")
            }
            // Someone quoted at a later summit (New Delhi) has the role held there.
            if at.contains(global("delhi")), role.hasPrefix(title) { atItsSummit = true }
        }
        if !atParis && !atItsSummit {
            #expect(role.hasPrefix("former ") || role.contains("at the time of"), "\(person.name): \(role)")
        }
    }
    #expect(string(entity("Sunak")?["role"])?.hasPrefix("former Prime Minister") == true)
    #expect(string(entity("Yoon")?["role"])?.contains("suspended") == true)
    #expect(string(entity("Donelan")?["role"])?.contains("at the time of the Seoul summit") == true)
    #expect(string(entity("LeeJongho")?["role"])?.contains("at the time of the Seoul summit") == true)
}

@Test func thePrinciplesAreTheStatements() throws {
    // D5: the statement says "safe, secure and trustworthy"; "reliable" is the article's translation.
    let declaration = try #require(entity("declaration"))
    guard case .list(let principles)? = declaration["principles"],
          case .list(let article)? = declaration["article_principles"] else { Issue.record("no principles"); return }
    #expect(principles.contains(.string("safe")) && !principles.contains(.string("reliable")))
    #expect(article.contains(.string("reliable")))
    #expect(declaration.sources(of: "principles").contains { $0.quote?.contains("ethical, safe, secure and trustworthy") == true })
    #expect(declaration.sources(of: "article_principles").allSatisfy { $0.citation.hasPrefix("article") })
}

@Test func theNotesSitWhereTheirSourcesSayThem() throws {
    // D7: Western Sahara's AU membership is the SADR's.
    let au = try #require(base.fact(.global("african_union")))
    #expect(au.sources(ofElement: global("EH")).contains { $0.note?.contains("Sahrawi Arab Democratic Republic") == true })
    // D8: shine.cn says only that the summit was held on 10 and 11 February.
    let paris = try #require(entity("paris"))
    #expect(!paris.sources(of: "dates").contains { $0.note?.contains("Action Week") == true })
    #expect(paris["week"] == .list([.string("2025-02-06"), .string("2025-02-11")]))
    #expect(paris.sources(of: "week").contains { $0.citation.hasPrefix("https://ieu-monitoring.com/") })
    // The G20's African Union is not the Paris signatory: its Commission is.
    let africanUnion = try #require(entity("AfricanUnion"))
    #expect(string(africanUnion["note"])?.contains("African Union Commission (AUC)") == true)
    #expect(africanUnion.sources(of: "note").contains { $0.quote?.contains("African Union Commission") == true })
    let g20 = try #require(base.fact(.global("g20")))
    #expect(g20.sources(ofElement: global("AfricanUnion")).contains { $0.note?.contains("(AUC)") == true })
    // D11: no description states the 2026 "86 countries" as the current New Delhi count.
    for (name, fact) in base.allGlobals { #expect(!fact.doc.contains("86 countries"), "\(name)") }
}

@Test func theAuditsCountsAndConfidences() throws {
    // D9: the counts the audit read, Paris and Bletchley.
    func counts(_ summit: String) -> [(count: Value?, what: String, citations: [Value])] {
        guard case .list(let list)? = entity(summit)?["reported_counts"] else { return [] }
        return list.compactMap { item in
            guard case .record(let r) = item, case .list(let citations)? = r["sources"] else { return nil }
            return (r["count"], string(r["what"]) ?? "", citations)
        }
    }
    let paris = counts("paris")
    for (n, address) in [(58, "https://newsng.ng/"), (60, "https://www.thehawk.in/"), (60, "https://df.cl/"),
                         (58, "https://www.hindustantimes.com/"), (61, "https://techcentral.ie/"), (61, "https://telegrafo.mx/")] {
        #expect(paris.contains { $0.count == .int(n) && $0.citations.contains { string($0)?.hasPrefix(address) == true } },
                "paris: no \(n) from \(address)")
    }
    #expect(counts("bletchley").filter { $0.count == .int(30) }.count == 2)
    // D10: confidences raised by independent sources.
    func sources(_ set: String, _ code: String) throws -> [Source] {
        let fact: Fact
        if set == "signed" { fact = try #require(base.fact(.global("signed"))) }
        else {
            let summit = try #require(entity(set))
            fact = try #require(base.fact(.member(entityID: summit.id, name: "signed")))
        }
        return fact.sources(ofElement: global(code))
    }
    #expect(try sources("bletchley", "UA").contains { $0.confidence == .high && $0.citation.hasPrefix("https://galinfo.com.ua/") })
    #expect(try sources("signed", "CL").contains { $0.confidence == .high && $0.citation.hasPrefix("https://df.cl/") })
    for code in ["JP", "AU", "CA"] {
        #expect(try sources("signed", code).contains { $0.citation.hasPrefix("https://techcentral.ie/") }, "\(code)")
    }
    #expect(try sources("signed", "VA").contains { $0.citation.hasPrefix("https://telegrafo.mx/") })
    #expect(try sources("signed", "AUC").contains { $0.confidence == .low && $0.note?.hasPrefix("dissent: IANS") == true })
}

@Test func statesAreTheUNMembers() throws {
    // countries holds every ISO 3166-1 entry, Pitcairn included; states the 193 UN member states.
    let states = set(global("states")), countries = set(global("countries"))
    #expect(states.count == 193)
    #expect(states.isSubset(of: countries))
    #expect(states.contains(global("SS")))
    for code in ["VA", "PS", "EH", "TW", "PN", "AX"] { #expect(!states.contains(global(code)), "\(code)") }
    #expect(set(global("observer_states")) == ValueSet([global("VA"), global("PS")]))
    for case .entity(let c) in countries { #expect(c["un_member"] == .bool(states.contains(.entity(c))), "\(c.name)") }
    #expect(base.fact(.global("states"))?.sources.contains { $0.citation == "https://www.un.org/en/about-us/member-states" } == true)
    #expect(try tsv("un_states.tsv").count == 195)
}
