// `where` on a set of entities is answered from the member indexes (Compiler/WhereIndex.swift) and
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
/// texts differ in where the predicate starts).
private func outcome(_ interpreter: Interpreter, _ source: String) -> String {
    do { return try interpreter.eval(source).description } catch let error as SummitError {
        return "error: \(error.message)"
    } catch {
        return "error: \(error)"
    }
}

@Suite struct WhereIndexTests {
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
            #expect(a.name < b.name || (a.name == b.name && a.id < b.id), "\(a.name) before \(b.name)")
        }
        #expect(entities.contains { $0 === late } && entities.contains { $0 === twin })
        for (a, b) in zip(entities, entities.dropFirst()) { #expect(EntityOrder.rank(of: a) < EntityOrder.rank(of: b)) }
        // Every way a set becomes a sequence goes in that order.
        let names = try interpreter.eval("map(countries | mine | late, c => c.name)")
        let loop = try interpreter.eval("var xs = []\nfor c in countries | mine | late { xs.append(c.name) }\nxs")
        let filtered = try interpreter.eval("map(list((countries | mine | late) where true), c => c.name)")
        #expect(names == loop && loop == filtered)
    }
}
