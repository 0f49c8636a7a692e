// `where` on a set of entities is answered from the member indexes (Compiler/FastPaths/WhereIndex.swift) and
// a set of entities goes in its display order (Runtime/EntityOrder.swift); these tests hold the
// first to the general path, on every member of every entity, and the second to its definition.
import Testing
@testable import SummitKit

/// The text of a value as a literal that `Compiler.constant` takes: a scalar, or a list of them.
private func literal(_ value: Value) -> String? {
    switch value {
    case .null, .bool, .int, .double, .string: return value.description
    case .list(let items): return items.allSatisfy { literal($0) != nil } ? "[" + items.map { literal($0)! }.joined(separator: ", ") + "]" : nil
    case .set(let s): return literal(.list(s.sorted))
    default: return nil
    }
}

/// The result of evaluating `source`, or its error's message (with no location: the two paths'
/// texts differ in where the predicate starts). Also for the tests of the other indexed queries.
func outcome(_ interpreter: Interpreter, _ source: String) -> String {
    do { return try interpreter.eval(source).description } catch let error as SummitError {
        return "error: \(error.message)"
    } catch {
        return "error: \(error)"
    }
}

@Suite struct WhereIndexTests {
    /// `s where P` on a set of entities (the indexed path) against `set(list(s) where P)` (the
    /// general path, which a list always takes), for every value of every member of every
    /// built-in entity (the ones the indexes cover), with each operator, `it.m` and the bare name, and `and`, `or`, `not`.
    @Test func indexedWhereAgreesWithTheGeneralPath() throws {
        let interpreter = Interpreter()
        _ = try interpreter.eval("count(signed)")
        let all = EntityRegistry.snapshot.compactMap { $0 }.filter(\.isBuiltin)
        var members: [String: [Value]] = [:]  // each member's values, in order, once each
        for entity in all {
            for (member, value) in entity.members where members[member]?.contains(value) != true {
                members[member, default: []].append(value)
            }
        }
        #expect(members.count > 10)
        interpreter.define("everything", .set(ValueSet(all.map(Value.entity))))
        var checked = 0
        for (member, values) in members.sorted(by: { $0.key < $1.key }) {
            let having = all.filter { $0[member] != nil }
            interpreter.define("s", .set(ValueSet(having.map(Value.entity))))
            // Constants: every scalar value the member takes, the elements of every list or set
            // it takes, and one value it never takes.
            var constants: [String] = ["\"no such value\"", "0"]
            for value in values {
                if let text = literal(value), !constants.contains(text) { constants.append(text) }
                if case .set(let s) = value {
                    for element in s.sorted { if let text = literal(element), !constants.contains(text) { constants.append(text) } }
                }
            }
            for (i, k) in constants.enumerated() {
                var predicates = ["it.\(member) == \(k)", "\(member) == \(k)", "\(k) in it.\(member)"]
                if i % 7 == 0 {
                    // Fewer of the rest: each runs the general path over every entity with the member.
                    let other = constants[(i + 1) % constants.count]
                    predicates += ["it.\(member) != \(k)", "it.\(member) < \(k)", "\(k) >= it.\(member)",
                                   "it.\(member) in [\(k), \(other)]", "it.\(member) not in [\(k)]",
                                   "it.\(member) == \(k) or \(member) == \(other)",
                                   "not (it.\(member) == \(k)) and it.\(member) != \(other)"]
                }
                for predicate in predicates {
                    for source in ["s", "everything"] where source == "s" || i == 0 {
                        let indexed = outcome(interpreter, "\(source) where \(predicate)")
                        let general = outcome(interpreter, "set(list(\(source)) where \(predicate))")
                        #expect(indexed == general, "\(source) where \(predicate)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1000)
    }

    /// The indexed path gives the set back to the general path where it cannot know the answer:
    /// an element with no such member, a comparison that is an error, a variable of the name.
    @Test func indexedWhereLeavesErrorsAndVariablesToTheGeneralPath() throws {
        let interpreter = Interpreter()
        #expect(outcome(interpreter, "(signed | [paris]) where it.region == \"Europe\"").hasPrefix("error:"))
        #expect(outcome(interpreter, "signed where region < 3").hasPrefix("error:"))
        #expect(outcome(interpreter, "signed where region == \"Asia\" and region < 3").hasPrefix("error:"))
        #expect(outcome(interpreter, "signed where region == \"Nowhere\" and region < 3") == "set()")
        // `region` the member, before and after a variable of that name exists.
        let europe = try interpreter.eval("count(signed where region == \"Europe\")")
        _ = try interpreter.eval("var region = \"Asia\"")
        let after = outcome(interpreter, "count(signed where region == \"Europe\")")
        #expect(after == outcome(interpreter, "count(list(signed) where region == \"Europe\")"))
        #expect(europe != .int(0))
    }

    /// A set of entities goes in display order: by name, then by the order they were made in,
    /// for the built-in entities, entities from JSON and entities made by the host alike.
    @Test func entitySetsGoInDisplayOrder() throws {
        let facts = try Facts(json: """
            {"sources": {"s": {"citation": "https://example.org", "confidence": "high"}},
             "entities": [{"id": "a", "kind": "country", "name": "Aaa Land", "sources": ["s"]},
                          {"id": "f", "kind": "country", "name": "France", "sources": ["s"]}],
             "facts": [{"name": "mine", "value": {"$set": [{"$entity": "a"}, {"$entity": "f"}]}, "sources": ["s"]}]}
            """)
        let interpreter = Interpreter()
        interpreter.load(facts)
        let late = Entity(kind: "country", name: "Zzz")
        let twin = Entity(kind: "country", name: "France")
        interpreter.define("late", .set(ValueSet([.entity(late), .entity(twin)])))
        let items = try interpreter.eval("list(countries | mine | late)")
        guard case .list(let list) = items else { Issue.record("not a list"); return }
        let entities = list.compactMap { if case .entity(let e) = $0 { e } else { nil } }
        #expect(entities.count == list.count && entities.count > 200)
        for (a, b) in zip(entities, entities.dropFirst()) {
            #expect(NameOrder.precedes(a, b), "\(a.name) before \(b.name)")
        }
        #expect(entities.contains { $0 === late } && entities.contains { $0 === twin })
        for (a, b) in zip(entities, entities.dropFirst()) { #expect(EntityOrder.rank(of: a) < EntityOrder.rank(of: b)) }
        // Every way a set becomes a sequence goes in that order.
        let names = try interpreter.eval("map(countries | mine | late, c => c.name)")
        let loop = try interpreter.eval("var xs = []\nfor c in countries | mine | late { xs.append(c.name) }\nxs")
        let filtered = try interpreter.eval("map(list((countries | mine | late) where true), c => c.name)")
        #expect(names == loop && loop == filtered)
        // Entities from JSON are not indexed: `where` over them takes the general path.
        #expect(try interpreter.eval("count((mine | late) where name == \"France\")") == .int(2))
    }

    /// The display order is made by placing the built-in entities by their ranks and merging
    /// the others in (`EntityOrder.ordered`): it is the order `precedes` sorts them in, whatever
    /// order they come in.
    @Test func placingByRankIsSortingByName() {
        _ = Interpreter()  // the built-in entities made
        let made = [Entity(kind: "country", name: "Aaa Land"), Entity(kind: "country", name: "France"),
                    Entity(kind: "country", name: "Éire"), Entity(kind: "person", name: "zz top"),
                    Entity(kind: "country", name: "france")]
        let all = EntityRegistry.snapshot.compactMap { $0 }
        #expect(all.count(where: { $0.rank >= 0 }) > 200)
        let sorted = all.sorted(by: EntityOrder.precedes)
        for entities in [all, all.reversed(), all.shuffled()] {
            #expect(EntityOrder.ordered(entities).map(\.id) == sorted.map(\.id))
        }
        #expect(made.allSatisfy { entity in sorted.contains { $0 === entity } })
    }

    /// `count` of a string counts only the pieces with non-ASCII bytes by the standard library;
    /// it must give `String.count` for any text.
    @Test func characterCountAgreesWithTheStandardLibrary() {
        let pieces = ["a", "Z", " ", "\r", "\n", "\r\n", "é", "e\u{301}", "\u{301}", "ü", "🇫🇷", "🇩🇪", "👩\u{200D}💻",
                      "\u{600}", "각", "\u{1100}\u{1161}", "ก\u{E33}", "\t", "\u{7F}", "x\u{308}\u{308}",
                      "ç", "Å", "\u{80}", "\u{85}", "\u{AD}", "ʰ", "\u{2FF}", "ç\u{327}", "\u{2FF}\u{300}"]
        // Every text of up to three pieces, with ASCII around it.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for text in [a + b + c, "x" + a + b + c + "y"] {
                        #expect(Builtin.characterCount(text) == text.count, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
                    }
                }
            }
        }
        for piece in pieces { #expect(Builtin.characterCount(piece) == piece.count) }
    }
}
