// Values through Codable, as a host stores or sends them (issue 23): every kind comes back as what it
// was, sets as sets, entities as the same entities of the facts the decoder is given; and a value
// that shares its parts is refused, not written for ever (issue 25).
import Foundation
import Testing
import SummitKit

/// Encodes with Foundation's encoder, keys sorted so that the text can be compared.
private func json(_ value: Value, _ userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.userInfo = userInfo
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Decodes with Foundation's decoder, resolving entities against `facts` when given.
private func decode(_ text: String, facts: Facts? = nil) throws -> Value {
    let decoder = JSONDecoder()
    if let facts { decoder.userInfo[.summitFacts] = facts }
    return try decoder.decode(Value.self, from: Data(text.utf8))
}

/// Encodes and decodes a value with the interpreter's facts.
private func roundTrip(_ value: Value, _ interpreter: Interpreter) throws -> Value {
    try decode(try json(value), facts: interpreter.facts)
}

/// The message of the error `body` throws, or nil when it throws none.
private func failure(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch let DecodingError.dataCorrupted(context) {
        return context.debugDescription
    } catch let EncodingError.invalidValue(_, context) {
        return context.debugDescription
    } catch {
        return "\(error)"
    }
}

@Suite("values through Codable")
struct CodableValues {
    @Test("plain data is plain JSON; sets, entities and integral doubles are tagged")
    func encodedForm() throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval(#"{name: "x", n: 1, d: 2.5, w: 2.0, ok: true, none: nil, xs: [1, "a"], s: {3, 1}, who: France}"#)
        let expected = #"{"d":2.5,"n":1,"name":"x","none":null,"ok":true,"s":{"$set":[1,3]},"w":{"$double":"2.0"},"#
            + #""who":{"$entity":"France","$kind":"country"},"xs":[1,"a"]}"#
        #expect(try json(value) == expected)
        #expect(try roundTrip(value, interpreter) == value)
    }

    @Test("every kind of value comes back as it was", arguments: [
        "nil", "true", "0", "-7", "9223372036854775807", "2.5", "3.0", "-0.0", "1e300", "0.1", "1e20",
        #""text with \"quotes\" and é""#, "[]", #"[1, "a", nil, [2.0]]"#, "set()", "{3, 1, 2}", #"{"b", "a"}"#,
        "{[1], [2, 3], {4}}", "{1, 2.5, \"x\", France}", "{US, UK, France}", "{}", "{a: 1}",
        "France", "bletchley", "[France, {k: {US}}]",
    ])
    func roundTrips(source: String) throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval(source)
        let back = try roundTrip(value, interpreter)
        #expect(back.description == value.description)
        #expect(back.typeName == value.typeName)
        #expect(back == value)
        if case .double(let d) = value, case .double(let e) = back { #expect(d.sign == e.sign) }
    }

    @Test("numbers JSON has no form for come back too")
    func specialNumbers() throws {
        let values: [Value] = [.double(.nan), .double(.infinity), .double(-.infinity), .double(-0.0), .double(4e18)]
        let back = try decode(try json(.list(values)))
        #expect(back.description == "[nan, inf, -inf, -0.0, 4e+18]")
        #expect(try json(.double(.nan)) == #"{"$double":"nan"}"#)
    }

    @Test("an entity comes back as the same entity")
    func entityIdentity() throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval("[France, paris, signed]")
        guard case .list(let items) = try roundTrip(value, interpreter),
              case .entity(let france) = items[0], case .entity(let original) = try interpreter.eval("France")
        else { Issue.record("not a list of an entity"); return }
        #expect(france === original)
        #expect(items[2] == (try interpreter.eval("signed")))
        // The form to_json writes, `{"$entity": "France"}`, reads back too: by a global name first.
        let written = try interpreter.eval(#"to_json({c: FR, s: {US, UK}})"#)
        #expect(try decode(written.stringValue!, facts: interpreter.facts) == (try interpreter.eval("{c: France, s: {US, UK}}")))
    }

    @Test("every built-in entity a global names comes back as itself")
    func everyBuiltinEntity() throws {
        let interpreter = Interpreter()
        var entities: [Value] = []
        for name in Facts.builtin.names {
            switch Facts.builtin[name] {
            case .entity?: entities.append(Facts.builtin[name]!)
            case .set(let set)?: entities += set.filter { $0.entityValue != nil }
            case .list(let list)?: entities += list.filter { $0.entityValue != nil }
            default: break
            }
        }
        // Each summit's members hold the quotes, people and documents no global names.
        for case .entity(let e) in entities {
            for (_, member) in e.members {
                if case .entity = member { entities.append(member) }
                if case .list(let list) = member { entities += list.filter { $0.entityValue != nil } }
                if case .set(let set) = member { entities += set.listed.filter { $0.entityValue != nil } }
            }
        }
        #expect(entities.count > 250)
        guard case .list(let back) = try roundTrip(.list(entities), interpreter) else { Issue.record("not a list"); return }
        for (a, b) in zip(entities, back) { #expect(a.entityValue === b.entityValue, "\(a)") }
    }

    @Test("an entity of the host's own facts is resolved against them")
    func hostEntities() throws {
        var facts = Facts.builtin
        let acme = Entity(kind: "organisation", name: "Acme AI", members: Record([("region", "Europe")]))
        facts.add(acme, as: ["Acme"])
        let beta = Entity(kind: "organisation", name: "Beta Labs")
        facts.add("labs", .set(ValueSet([.entity(beta), .entity(acme)])))
        let interpreter = Interpreter(facts: facts)
        let value = try interpreter.eval("[Acme, labs, France]")
        let back = try roundTrip(value, interpreter)
        #expect(back == value)
        if case .list(let items) = back, case .entity(let e) = items[0] { #expect(e === acme) }
        // Not in the facts the decoder is given: an error, never another entity.
        let elsewhere = failure { try decode(try json(value), facts: .builtin) }
        #expect(elsewhere?.contains(#"no organisation named "Acme AI" in the facts"#) == true, "\(elsewhere ?? "")")
        let unknown = failure { try decode(#"{"$entity": "Atlantis", "$kind": "country"}"#, facts: .builtin) }
        #expect(unknown?.contains(#"no country named "Atlantis""#) == true, "\(unknown ?? "")")
    }

    @Test("an entity needs the facts to be resolved against")
    func entityWithoutFacts() throws {
        let message = failure { try decode(#"[1, {"$entity": "France", "$kind": "country"}]"#) }
        #expect(message?.contains("userInfo[.summitFacts]") == true, "\(message ?? "")")
        // Plain data needs none.
        #expect(try decode(#"{"n": 1, "xs": [1.5, "a", null, false], "s": {"$set": [2]}}"#)
                == ["n": 1, "xs": [1.5, "a", nil, false], "s": .set(ValueSet([2]))])
    }

    @Test("two entities of one kind and name are an error, not a guess")
    func ambiguousEntity() throws {
        var facts = Facts.none
        facts.add(Entity(kind: "person", name: "Sam Lee"), as: ["sam1"])
        facts.add(Entity(kind: "person", name: "Sam Lee"), as: ["sam2"])
        let interpreter = Interpreter(facts: facts)
        let message = failure { try roundTrip(try interpreter.eval("sam1"), interpreter) }
        #expect(message?.contains(#"2 entities of kind person are named "Sam Lee""#) == true, "\(message ?? "")")
        // A global name says which.
        let sam2 = try decode(#"{"$entity": "sam2"}"#, facts: interpreter.facts)
        #expect(sam2 == (try interpreter.eval("sam2")))
    }

    @Test("a record whose keys look like tags, or are not strings, comes back as it was", arguments: [
        #"{"$set": [1, 2]}"#, #"{"$entity": "France"}"#, #"{"$record": 1, a: 2}"#, #"{"$price": 3}"#,
        "group_by([1, 2, 3], x => x > 1)", "group_by(g7, x => x.region)", "{1: \"a\"}", "{France: 1, \"France\": 2}",
    ])
    func recordKeys(source: String) throws {
        let interpreter = Interpreter()
        guard let value = try? interpreter.eval(source) else { return }  // a key pair the language refuses
        let back = try roundTrip(value, interpreter)
        #expect(back == value)
        // In order when it is a list of pairs: Foundation's coders do not keep the order of keys.
        if try json(value).contains("$record") { #expect(back.description == value.description) }
    }

    @Test("an object with a key beginning with $ is a tag, and a malformed one is an error", arguments: [
        (#"{"$sett": [1]}"#, "unknown tag"),
        (#"{"a": [1, {"$sett": 1}]}"#, #"at a[1]: unknown tag "$sett""#),
        (#"{"$set": 1}"#, "$set must be an array"),
        (#"{"$set": [1], "x": 2}"#, "has only the keys"),
        (#"{"$double": "many"}"#, "$double must be a number"),
        (#"{"$record": [[1]]}"#, "pairs"),
        (#"{"$record": [["a", 1], ["a", 2]]}"#, "twice"),
        (#"{"$set": [1, 2], "$incomplete": {"uncertain": [3]}}"#, "must list some of the set's elements"),
        (#"{"$set": [1], "$incomplete": false}"#, "$incomplete must be"),
    ])
    func malformedTags(text: String, expected: String) {
        let message = failure { try decode(text, facts: .builtin) }
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
    }

    @Test("an incomplete set comes back with how it is incomplete", arguments: [
        "unga_78_265.cosponsors", "unga_78_265.cosponsors - eu", "un_security_council_permanent - unga_78_265.cosponsors",
        "unga_78_265.cosponsors where region == \"Europe\"",
    ])
    func incompleteSets(source: String) throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval(source)
        guard case .set(let set) = value, !set.isComplete else { Issue.record("\(source) is complete"); return }
        let back = try roundTrip(value, interpreter)
        #expect(back == value)
        #expect(back.description == value.description)
        guard case .set(let returned) = back else { return }
        #expect(returned.incompleteness == set.incompleteness)
        for element in try interpreter.eval("[France, Germany, China, Russia, Brazil]").listValue ?? [] {
            #expect(returned.membership(of: element) == set.membership(of: element))
        }
    }

    @Test("an incomplete set in the facts schema's form reads back")
    func incompleteFactsForm() throws {
        let named = try decode(#"{"$set": [{"$entity": "US"}], "$incomplete": {"reported_count": 91}}"#, facts: .builtin)
        guard case .set(let set) = named else { Issue.record("not a set"); return }
        #expect(set.incompleteness?.reportedCount == 91 && set.incompleteness?.mayMiss == true)
        let guessed = try decode(#"{"$set": [1, 2], "$incomplete": {"uncertain": [1]}}"#)
        #expect(guessed.description == "{1?, 2} (incomplete: may hold non-members, marked ?)")
        // Facts(json:) reads every form decoding reads: one reading of "$incomplete" for both.
        let interpreter = Interpreter()
        interpreter.load(try Facts(json: #"""
            {"facts": [{"name": "named_but_not_eu", "value": {"$set": [{"$entity": "US"}],
              "$incomplete": {"excluded": [{"$entity": "FR"}], "reported_count": 5}}}]}
            """#))
        #expect(try interpreter.eval("[US in named_but_not_eu, France in named_but_not_eu]") == [true, false])
        #expect(throws: SummitError.self) { try interpreter.eval("Germany in named_but_not_eu") }
        #expect(try interpreter.eval("reported_count(named_but_not_eu)") == 5)
    }

    @Test("a function cannot be encoded")
    func functions() throws {
        let interpreter = Interpreter()
        let message = failure { try json(try interpreter.eval("[1, count]")) }
        #expect(message?.contains("the function count cannot be encoded") == true, "\(message ?? "")")
    }

    @Test("a value that shares its parts is refused, not written for ever")
    func sharedParts() throws {
        let interpreter = Interpreter()
        try interpreter.eval("var r = []\nfor i in range(40) { r = [r, r] }\nvar s = {r}")
        for name in ["r", "s"] {
            let message = failure { try json(try interpreter.eval(name)) }
            #expect(message?.contains("too large to encode") == true, "\(message ?? "no error")")
        }
        // The bound is the host's to set: each value counts for 16 bytes, and its strings' bytes.
        let small = failure { try json(try interpreter.eval("range(100)"), [.summitMaxEncodedSize: 100]) }
        #expect(small?.contains("more than 100 bytes") == true, "\(small ?? "no error")")
        #expect(try json(try interpreter.eval("range(3)"), [.summitMaxEncodedSize: 64]) == "[0,1,2]")
        #expect(failure { try json(try interpreter.eval("[\"abc\"]"), [.summitMaxEncodedSize: 34]) } != nil)
        #expect(try json(try interpreter.eval("[\"abc\"]"), [.summitMaxEncodedSize: 35]) == #"["abc"]"#)
    }

    @Test("a value nested deeper than JSON is read is refused")
    func deepNesting() throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval("var d = []\nfor i in range(1000) { d = [d] }\nd")
        let message = failure { try json(value) }
        #expect(message?.contains("nested more than 200 deep") == true, "\(message ?? "no error")")
    }
}

@Suite("descriptions that share their parts")
struct BoundedDescriptions {
    @Test("description and debugDescription of a shared value are cut with a marker")
    func cut() throws {
        let interpreter = Interpreter()
        let r = try interpreter.eval("var r = []\nfor i in range(40) { r = [r, r] }\nr")
        for text in [r.description, String(reflecting: r), "\(r)"] {
            #expect(text.utf8.count <= Value.descriptionLimit + 100)
            #expect(text.hasSuffix("… (cut: the text is longer than \(Value.descriptionLimit) bytes)"))
        }
        let short = r.description(maxBytes: 20)
        #expect(short == "[[[[[[[[[[[[[[[[[[[[… (cut: the text is longer than 20 bytes)")
        // Records and sets describe themselves the same way.
        guard case .list(let parts) = r else { return }
        #expect(String(describing: Record([("r", r)])).hasSuffix("(cut: the text is longer than \(Value.descriptionLimit) bytes)"))
        #expect(String(describing: ValueSet([parts[0]])).hasSuffix("(cut: the text is longer than \(Value.descriptionLimit) bytes)"))
        // A value within the bound is described whole.
        #expect(Value.list([1, "a"]).description(maxBytes: 8) == #"[1, "a"]"#)
        #expect(String(reflecting: Value.list([1, "a"])) == #"[1, "a"]"#)
        // Sorting a set by its elements' texts stops too: in no particular order past the limit.
        guard case .set(let both) = try interpreter.eval("{r, [r]}") else { return }
        #expect(both.sorted.count == 2)
        // dump shows the description instead of walking the parts.
        var dumped = ""
        dump(r, to: &dumped)
        #expect(dumped.utf8.count < Value.descriptionLimit + 200)
        #expect(dumped.contains("(cut: the text is longer than"))
    }
}
