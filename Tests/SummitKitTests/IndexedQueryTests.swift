// The queries that list, sort and group entities by a member read the member's index instead of
// each element (issue 22): `join(map(xs, c => c.m), sep)` (`JoinedMembers`),
// `map(sort_by(xs, c => c.k), c => c.m)` and its join (`MappedSortedMembers`), and
// `group_by(xs, c => c.m)` (`Builtin.groupedByIndex`). These tests hold each to the general path,
// which `c => [c.m][0]` takes (the same key, through a call), on every member of every built-in entity.
import Testing
@testable import SummitKit

/// `join(map(xs, c => c.m), sep)` over built-in entities copies each string from the member's index
/// (`JoinedMembers`, `Builtin.joinedMembers`); `c => [c.m][0]` gives the same strings through a
/// call, the general path. Held together on every member of every built-in entity, over a set, a
/// reversed list, and a set with entities that lack the member (an error on both paths).
@Suite struct JoinedMembersTests {
    @Test func joinedMembersAgreeWithTheGeneralPath() throws {
        let (interpreter, all, members) = try builtinMembers()
        var stringMembers = 0
        for member in members {
            let having = all.filter { $0[member] != nil }
            if having.allSatisfy({ if case .string = $0[member] { true } else { false } }) { stringMembers += 1 }
            interpreter.define("s", .set(ValueSet(having.map(Value.entity))))
            for collection in ["s", "reverse(list(s))", "s | countries"] {
                let fast = outcome(interpreter, "join(map(\(collection), c => c.\(member)), \", \")")
                let general = outcome(interpreter, "join(map(\(collection), c => [c.\(member)][0]), \", \")")
                #expect(fast == general, "join(map(\(collection), c => c.\(member)), \", \")")
            }
        }
        // name, iso2, region... are strings on every entity that has them: joined from the index.
        #expect(stringMembers > 5)
    }
}

/// `map(sort_by(xs, c => c.k), c => c.m)` and `join` of it over built-in entities read the members
/// in the order of the key's index, with no list of the entities made (`MappedSortedMembers`,
/// `JoinedMembers`); `c => [c.k][0]` and `c => [c.m][0]` give the same through calls, the general
/// path. Held together with every member as the key, over a set, a reversed list, and a set with
/// entities that lack the key, each with members that are strings, not strings, or missing.
@Suite struct SortedMembersTests {
    @Test func sortedMembersAgreeWithTheGeneralPath() throws {
        let (interpreter, all, members) = try builtinMembers()
        var sortedByIndex = 0
        for key in members {
            let having = all.filter { $0[key] != nil }
            interpreter.define("s", .set(ValueSet(having.map(Value.entity))))
            for collection in ["s", "reverse(list(s))", "s | countries"] {
                for member in ["name", "iso2", "un_member", "region"] {
                    for (fast, general) in [
                        ("map(sort_by(\(collection), c => c.\(key)), c => c.\(member))",
                         "map(sort_by(\(collection), c => [c.\(key)][0]), c => [c.\(member)][0])"),
                        ("join(map(sort_by(\(collection), c => c.\(key)), c => c.\(member)), \", \")",
                         "join(map(sort_by(\(collection), c => [c.\(key)][0]), c => [c.\(member)][0]), \", \")"),
                    ] {
                        #expect(outcome(interpreter, fast) == outcome(interpreter, general), "\(fast)")
                    }
                }
            }
            if Builtin.withIDsSortedByIndex(.set(ValueSet(having.map(Value.entity))), member: key, { _ in () }) != nil { sortedByIndex += 1 }
        }
        // name, iso2, region... are keys the index sorts by.
        #expect(sortedByIndex > 5)
    }
}

/// An interpreter whose built-in entities' members are loaded, the built-in entities, and the
/// names of their members, in order.
func builtinMembers() throws -> (Interpreter, [Entity], [String]) {
    let interpreter = Interpreter()
    _ = try interpreter.eval("count(signed)")
    let all = EntityRegistry.snapshot.compactMap { $0 }.filter(\.isBuiltin)
    var members: Set<String> = []
    for entity in all { for (member, _) in entity.members { members.insert(member) } }
    return (interpreter, all, members.sorted())
}

@Suite struct GroupedByIndexTests {
    /// `group_by(s, c => c.m)` against `group_by(s, c => [c.m][0])`, with the record's keys and
    /// each group in order, over a set of the entities with the member and over one with other
    /// entities too (an error, or groups of nil, on both paths).
    @Test func indexedGroupsAgreeWithTheGeneralPath() throws {
        let (interpreter, all, members) = try builtinMembers()
        var grouped = 0
        for member in members {
            let having = all.filter { $0[member] != nil }
            interpreter.define("s", .set(ValueSet(having.map(Value.entity))))
            for collection in ["s", "s | countries", "s & signed"] {
                let show = "g => map(keys(g), k => [k, g[k]])"
                let fast = outcome(interpreter, "(\(show))(group_by(\(collection), c => c.\(member)))")
                let general = outcome(interpreter, "(\(show))(group_by(\(collection), c => [c.\(member)][0]))")
                #expect(fast == general, "group_by(\(collection), c => c.\(member))")
            }
            let scalar = having.allSatisfy {
                switch $0[member] { case .string?, .int?, .double?, .bool?, .null?: true; default: false }
            }
            if scalar { grouped += 1 }
        }
        // region, subregion, un_member... have scalar values, which the indexed path groups.
        #expect(grouped > 5)
    }
}

@Suite struct ValidStringTests {
    /// `Builtin.string(ofValidUTF8:)`, which `join` writes through, gives the string of its bytes,
    /// small (taken as they are) and past 1 MiB (validated), ASCII or not.
    @Test func theStringOfTheBytesWritten() {
        for text in ["", "a", "Côte d'Ivoire; Curaçao", String(repeating: "é; ", count: 400_000), String(repeating: "ab", count: 600_000)] {
            let bytes = Array(text.utf8)
            let made = Builtin.string(ofValidUTF8: bytes.count + 3) { out in
                _ = out.initialize(from: bytes)
                return bytes.count
            }
            #expect(made == text && made.utf8.count == bytes.count)
        }
    }
}

@Suite struct MemberFromTablesTests {
    /// `MemberIndex` reads one member of an entity whose members are not loaded from the tables
    /// alone (`Entity.memberForIndex`): for every built-in entity and every member name, and
    /// for `name`, `reported_counts` and a name no entity has, it is what the loaded entity gives.
    @Test func oneMemberFromTheTablesIsTheLoadedMember() throws {
        let (_, all, members) = try builtinMembers()
        var compared = 0
        for entity in all {
            for member in members + ["name", "reported_counts", "no_such_member"] {
                let fromTables = entity.memberFromTables(member), loaded = entity[member]
                #expect(fromTables == loaded, "\(entity.name).\(member)")
                if loaded != nil { compared += 1 }
            }
        }
        #expect(compared > 2_000)
    }
}
