// The embedding API through its public surface only: limits stop runaway code with a `.limit`
// error and leave the interpreter usable; host functions, facts, values and capabilities behave
// as docs/embedding.md says.
import Foundation
import Synchronization
import Testing
import SummitKit

/// Evaluates and expects a SummitError, giving it back.
private func failure(_ interpreter: Interpreter, _ source: String) -> SummitError? {
    do {
        let value = try interpreter.eval(source)
        Issue.record("expected an error, got \(value)")
        return nil
    } catch let error as SummitError {
        return error
    } catch {
        Issue.record("expected a SummitError, got \(error)")
        return nil
    }
}

@Suite struct LimitTests {
    @Test func stepLimitStopsAtTheSameStepEachTime() throws {
        let interpreter = Interpreter()
        // A pass of a loop is a step, and so is a call: the limit stops the loop at its 5th pass,
        // 2,000th, and 5,000th (two steps a pass), before the body runs; each evaluation counts anew.
        interpreter.limits.maxSteps = 5
        try interpreter.eval("var passes = 0")
        _ = try #require(failure(interpreter, "while true { passes = passes + 1 }"))
        #expect(try interpreter.eval("passes") == 4)
        interpreter.limits.maxSteps = 2_000
        _ = try #require(failure(interpreter, "passes = 0\nwhile true { passes = passes + 1 }"))
        #expect(try interpreter.eval("passes") == 1_999)
        _ = try #require(failure(interpreter, "passes = 0\nfn one() { return 1 }\nwhile true { passes = passes + one() }"))
        #expect(try interpreter.eval("passes") == 999)
        interpreter.limits.maxSteps = 0
        _ = try #require(failure(interpreter, "passes = 0\nwhile true { passes = passes + 1 }"))
        #expect(try interpreter.eval("passes") == 0)
    }

    @Test func aLoopThatPassesOverEntitiesCountsTheirStepsInOrder() throws {
        // `for c in countries { if c in g7 {...} }` passes over the countries that are not in
        // `g7` without running its body, a word of 64 at a time, but counts a step for each, in
        // order: stopped by the limit, it has counted as many as the loop written without the
        // filter (`[c][0]` is not the loop's variable), wherever the limit falls.
        let interpreter = Interpreter()
        try interpreter.eval("var passes = 0")
        func passes(_ loop: String) throws -> Value {
            _ = try? interpreter.eval("passes = 0\n" + loop)  // stopped by the limit, or not
            return try interpreter.eval("passes")
        }
        for limit in [1, 2, 40, 63, 64, 65, 66, 100, 128, 129, 200, 248, 249, 250, 251, 400] {
            interpreter.limits.maxSteps = limit
            for (filtered, plain) in [("c in g7", "[c][0] in g7"), ("c not in g7", "[c][0] not in g7")] {
                let loop = "for c in countries { if \(filtered) { passes = passes + 1 } }"
                #expect(try passes(loop) == passes(loop.replacingOccurrences(of: filtered, with: plain)),
                        "limit \(limit): \(filtered)")
            }
        }
    }

    @Test func stepLimitStopsAnEndlessLoop() throws {
        let interpreter = Interpreter()
        interpreter.limits.maxSteps = 10_000
        let error = try #require(failure(interpreter, "while true {}"))
        #expect(error.kind == .limit)
        #expect(error.message.contains("step limit"))
        #expect(error.location?.line == 1)
        #expect(try interpreter.eval("1 + 2") == 3)
        #expect(try interpreter.eval("count(range(100))") == 100)
    }

    @Test func depthLimitStopsDeepRecursion() throws {
        let interpreter = Interpreter()
        interpreter.limits.maxCallDepth = 200
        let error = try #require(failure(interpreter, "fn down(n) = down(n + 1)\ndown(0)"))
        #expect(error.kind == .limit)
        #expect(error.message.contains("call depth"))
        // Recursion within the limit still works, and the definition survived.
        #expect(try interpreter.eval("fn sum_to(n) = if n == 0 { 0 } else { n + sum_to(n - 1) }\nsum_to(150)") == 11_325)
    }

    /// The command runs a script on a stack of the main thread's own and declares it
    /// (`Interpreter.running(onStackAt:size:)`): recursion is stopped by that stack's end, not the
    /// thread's, and the thread's own is known again afterwards.
    @Test func aDeclaredStackBoundsTheDepthOfCalls() throws {
        let interpreter = Interpreter()
        try interpreter.eval("fn down(n) = 1 + down(n + 1)")
        /// How many calls deep `down(0)` got, as its error says.
        func depthReached() throws -> Int? {
            let error = #expect(throws: SummitError.self) { try interpreter.eval("down(0)") }
            let message = try #require(error?.message)
            let digits = message.drop { !$0.isNumber }.prefix { $0.isNumber }
            #expect(message.hasPrefix("call depth exceeded"), "\(message)")
            return Int(digits)
        }
        let own = try #require(try depthReached())
        // A stack said to end 128 KiB below here leaves the calls 96 KiB (a margin is kept for
        // Swift): far less than the thread's own, whatever the size of a call's frames.
        var marker = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        let low = try #require(UnsafeMutableRawPointer(bitPattern: here - (128 << 10)))
        let declared = try #require(try Interpreter.running(onStackAt: low, size: 256 << 10) { try depthReached() })
        #expect(declared > 0 && declared < own / 2, "\(declared) calls on the declared stack, \(own) on the thread's")
        #expect(try depthReached() == own)
    }

    @Test func runawayRecursionUnderDefaultLimitsIsAnErrorNotACrash() async throws {
        let interpreter = Interpreter()
        let syncError = { () -> SummitError? in
            // On this test's own thread, whose stack is much smaller than 10,000 Summit calls need.
            do { _ = try interpreter.eval("fn down(n) = 1 + down(n + 1)\ndown(0)"); return nil } catch { return error as? SummitError }
        }()
        #expect(syncError?.kind == .limit)
        do {
            _ = try await interpreter.eval("down(0)")
            Issue.record("expected a limit")
        } catch let error as SummitError {
            #expect(error.kind == .limit)
        }
        #expect(try await interpreter.eval("1") == 1)
    }

    @Test func cancellationFromAnotherThread() async throws {
        let interpreter = Interpreter()
        interpreter.limits.timeout = 60  // so that a cancellation that never comes fails the test, not hangs it
        let handle = interpreter.cancellation
        // A thread of its own, not a task: under a loaded test run the cooperative pool's threads
        // can all be busy for longer than the time limit, and the cancellation came too late.
        let cancelled = DispatchSemaphore(value: 0)
        let canceller = Thread {
            usleep(100_000)
            handle.cancel()
            cancelled.signal()
        }
        canceller.start()
        do {
            let value = try await interpreter.eval("var n = 0\nwhile true { n = n + 1 }")
            Issue.record("expected cancellation, got \(value)")
        } catch let error as SummitError {
            #expect(error.kind == .limit)
            #expect(error.message == "interrupted")  // not the time limit
        }
        cancelled.wait()
        // The next evaluation starts uncancelled, and sees the state the cancelled one left.
        #expect(try await interpreter.eval("n > 0") == true)
        #expect(try await interpreter.eval("count(signed - [US, UK]) > 50") == true)
    }

    @Test func cancellingTheAwaitingTaskStopsTheEvaluation() async throws {
        let task = Task { () -> String? in
            let interpreter = Interpreter()
            interpreter.limits.timeout = 60
            do {
                _ = try await interpreter.eval("while true {}")
                return nil
            } catch let error as SummitError {
                return "\(error.kind): \(error.message)"
            } catch {
                return nil
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        #expect(await task.value == "limit: interrupted")
    }

    @Test func timeLimit() throws {
        let interpreter = Interpreter()
        interpreter.limits.timeout = 0.2
        let error = try #require(failure(interpreter, "while true {}"))
        #expect(error.kind == .limit)
        #expect(error.message.contains("time limit"))
        #expect(try interpreter.eval("\"still\" + \" here\"") == "still here")
    }

    @Test func collectionAndStringSizeLimits() throws {
        let interpreter = Interpreter()
        interpreter.limits.maxCollectionSize = 1_000
        interpreter.limits.maxStringSize = 1_000
        let list = try #require(failure(interpreter, "range(5000)"))
        #expect(list.kind == .limit)
        let grown = try #require(failure(interpreter, "var xs = []\nwhile true { xs = xs + [1] }"))
        #expect(grown.kind == .limit)
        let string = try #require(failure(interpreter, "var s = \"x\"\nwhile true { s = s + s }"))
        #expect(string.kind == .limit)
        #expect(try interpreter.eval("count(range(10))") == 10)
        // An append refused at the limit leaves the list as it was, in a variable or a record.
        let appended = try #require(failure(interpreter, "var ys = []\nwhile true { ys.append(1) }"))
        #expect(appended.kind == .limit)
        #expect(try interpreter.eval("count(ys)") == 1_000)
        _ = try #require(failure(interpreter, "var r = {xs: []}\nwhile true { r.xs.append(1) }"))
        #expect(try interpreter.eval("count(r.xs)") == 1_000)
        // An interpolation stops at the piece that takes it past the limit, short pieces or long.
        interpreter.limits.maxStringSize = 10
        let short = try #require(failure(interpreter, "let a = \"abcdef\"\n\"\\(a)\\(a)\\(a)\""))
        #expect(short.message == "string too large (12 bytes; the limit is 10)")
        let number = try #require(failure(interpreter, "\"abcdef\\(12345)\""))
        #expect(number.message == "string too large (11 bytes; the limit is 10)")
        interpreter.limits.maxStringSize = 100
        let long = try #require(failure(interpreter, "let b = \"x\" * 60\n\"\\(b)\\(b)\\(b)\""))
        #expect(long.message == "string too large (120 bytes; the limit is 100)")
    }

    @Test func entitySetSizeLimit() throws {
        let interpreter = Interpreter()
        interpreter.limits.maxCollectionSize = 10
        #expect(try interpreter.eval("count(g7 | refused)") == 7)
        // A union of sets of entities past the limit, read from globals and from locals.
        let globals = try #require(failure(interpreter, "signed | g7"))
        #expect(globals.message == "collection too large (62 elements; the limit is 10)")
        #expect(globals.location?.column == 1)
        let locals = try #require(failure(interpreter, "fn both(a, b) { return a ^ b }\nboth(eu, g7)"))
        #expect(locals.message == "collection too large (28 elements; the limit is 10)")
        #expect(locals.location?.line == 1)
        #expect(try interpreter.eval("count(g7 - refused)") == 5)
        // A count of a set operation, which makes no set, is held to the limit all the same.
        let counted = try #require(failure(interpreter, "count(signed | g7)"))
        #expect(counted.message == "collection too large (62 elements; the limit is 10)")
        #expect(counted.location?.column == 7)
        #expect(try interpreter.eval("count(g7 & [US, UK, US])") == 2)
    }
}

/// A function defined in an earlier evaluation, whose only owner is the global that holds it, may
/// rebind that global while it runs: its code stays alive until the call is over (a call through a
/// global counts no reference to the function; see `Runtime.storeGlobal`).
@Test func aFunctionMayRebindItsGlobalWhileItRuns() throws {
    let interpreter = Interpreter(facts: .none)
    try interpreter.eval("var f = fn(n) { f = nil; let pad = \"x\" * 1000; let more = [pad, pad]; return n + count(more) }")
    #expect(try interpreter.eval("f(1)") == 3)
    #expect(try interpreter.eval("f") == .null)
    try interpreter.eval("var g = fn(a, b) { g = fn(x) { return x }; let pad = [a, b] * 100; return count(pad) }")
    #expect(try interpreter.eval("g(1, 2)") == 200)
    #expect(try interpreter.eval("g(7)") == 7)
    try interpreter.eval("var h = fn(n) { h = 0; return 1 + \"x\" }")
    let error = try #require(failure(interpreter, "h(1)"))
    #expect(error.message.contains("cannot apply '+'"))
    #expect(try interpreter.eval("h") == 0)
}

/// An assignment that fails part-way leaves what it was changing as it was: nothing the user saved is lost.
@Test func aFailedChangeLeavesTheValue() throws {
    let interpreter = Interpreter(facts: .none)
    try interpreter.eval("var r = {xs: [1, 2], n: 1}\nvar m = {}")
    #expect(failure(interpreter, "r.xs[5] = 3") != nil)
    #expect(failure(interpreter, "r.n.deeper = 3") != nil)
    #expect(failure(interpreter, "m[\"k\"][0] = 1") != nil)
    #expect(failure(interpreter, "r.xs[5] += 1") != nil)
    #expect(failure(interpreter, "r.xs[0] += \"s\"") != nil)
    #expect(failure(interpreter, "m[\"k\"][0] += 1") != nil)
    #expect(try interpreter.eval("r") == .record(Record([("xs", [1, 2]), ("n", 1)])))
    #expect(try interpreter.eval("count(m)") == 0)
}

@Suite struct HostFunctionTests {
    @Test func argumentCountAndTypeErrorsAreReportedLikeBuiltins() throws {
        let interpreter = Interpreter(facts: .none)
        interpreter.define("shout", arity: 1) { args in .string(try args.string(at: 0).uppercased() + "!") }
        #expect(try interpreter.eval(#"shout("hi")"#) == "HI!")
        let type = try #require(failure(interpreter, "let x = 1\nshout(x)"))
        #expect(type.kind == .runtime)
        #expect(type.message == "bad argument #1 to shout() (string expected, got number)")
        #expect(type.location?.line == 2)
        #expect(type.location?.column == 1)
        let count = try #require(failure(interpreter, "shout()"))
        #expect(count.message == "shout() takes 1 argument, got 0")
        // Built-ins say the same.
        #expect(try #require(failure(interpreter, "upper(1)")).message.hasPrefix("bad argument #1 to upper()"))
    }

    @Test func callingSummitFunctionsFromSwift() throws {
        let interpreter = Interpreter()
        try interpreter.eval("fn score(c) = count(c.name)\nfn boom() = 1 / 0")
        #expect(try interpreter.call("score", with: [try interpreter.eval("France")]) == 6)
        let upper = try #require(interpreter["upper"]?.functionValue)
        #expect(try interpreter.call(upper, with: ["paris"]) == "PARIS")
        let error = #expect(throws: SummitError.self) { try interpreter.call("boom", with: []) }
        #expect(error?.message == "division by zero")
        #expect(error?.location?.line == 2)
        #expect(#expect(throws: SummitError.self) { try interpreter.call("score", with: []) }?.message == "score() takes 1 argument, got 0")
        #expect(#expect(throws: SummitError.self) { try interpreter.call("nothing", with: []) }?.message == "undefined name 'nothing'")
        interpreter.limits.maxSteps = 1_000
        try interpreter.eval("fn spin() { while true {} }")
        #expect(#expect(throws: SummitError.self) { try interpreter.call("spin", with: []) }?.kind == .limit)
    }

    @Test func aHostFunctionNamedCountIsCalledForASetOperation() throws {
        let interpreter = Interpreter()
        #expect(try interpreter.eval("count(signed - g7)") == 55)
        interpreter.define("count", arity: 1) { args in .string("host: \(try args.set(at: 0).count)") }
        #expect(try interpreter.eval("count(signed - g7)") == "host: 55")
        #expect(try interpreter.eval("count(g7 - [US, UK])") == "host: 5")
    }

    @Test func hostErrorsThatAreNotSummitErrorsBecomeRuntimeErrors() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "the line is down" } }
        let interpreter = Interpreter(facts: .none)
        interpreter.define("call_home") { _ in throw Broken() }
        let error = try #require(failure(interpreter, "call_home()"))
        #expect(error.kind == .runtime)
        #expect(error.message == "call_home(): the line is down")
    }

    @Test func asyncHostFunctionsNeedTheAsyncEval() async throws {
        actor Directory {
            func title(of name: String) -> String { name == "Macron" ? "President of France" : "unknown" }
        }
        let directory = Directory()
        let interpreter = Interpreter()
        interpreter.define("title", arity: 1) { args in
            .string(await directory.title(of: try args.string(at: 0)))
        }
        #expect(try await interpreter.eval(#"title("Macron")"#) == "President of France")
        #expect(try await interpreter.eval(#"map(["Macron", "x"], title)"#) == ["President of France", "unknown"])
        let syncError: SummitError? = { () -> SummitError? in
            do { _ = try interpreter.eval(#"title("Macron")"#); return nil } catch { return error as? SummitError }
        }()
        #expect(syncError?.message.contains("async host function") == true)
    }

    @Test func aSlowAsyncHostFunctionIsCancelled() async throws {
        let interpreter = Interpreter(facts: .none)
        interpreter.define("slow", arity: 0) { _ in
            try await Task.sleep(for: .seconds(30))
            return .null
        }
        interpreter.limits.timeout = 0.2
        do {
            _ = try await interpreter.eval("slow()")
            Issue.record("expected a time limit")
        } catch let error as SummitError {
            #expect(error.kind == .limit)
        }
        interpreter.limits.timeout = nil
        #expect(try await interpreter.eval("40 + 2") == 42)
    }
}

@Suite struct FactTests {
    @Test func noFacts() throws {
        let interpreter = Interpreter(facts: .none)
        #expect(interpreter["signed"] == nil)
        #expect(interpreter.globalNames.contains("count"))
        #expect(failure(interpreter, "signed")?.kind == .runtime)
    }

    @Test func theBuiltInFactsAreAllBoundInTheirOrderWhetherUsedOrNot() throws {
        let interpreter = Interpreter()
        let names = interpreter.globalNames
        #expect(names.count == Set(names).count)
        #expect(Array(names.suffix(Facts.builtin.names.count)) == Facts.builtin.names)
        #expect(interpreter["GB"] != nil && interpreter["GB"] == Facts.builtin["UK"])
        try interpreter.eval("let mine = count(g7 - signed)")
        #expect(interpreter.globalNames == names + ["mine"])
        #expect(interpreter["mine"] == 2)
    }

    @Test func aFactRedefinedIsTheHostsUntilTheFactsAreLoadedAgain() throws {
        let interpreter = Interpreter()
        interpreter.define("eu", 1)
        try interpreter.eval("let g7 = 2")
        #expect(try interpreter.eval("eu + g7") == 3)
        #expect(interpreter.userDefinedNames == ["eu", "g7"])  // in the facts' order
        interpreter.load(.builtin)
        #expect(try interpreter.eval("count(eu) + count(g7) + count(brics)") == 44)  // 27 + 7 + 10
        #expect(interpreter.userDefinedNames == [])
    }

    @Test func factsLoadedIntoAnInterpreterWithoutFacts() throws {
        let interpreter = Interpreter(facts: .none)
        try interpreter.eval("let mine = 1")
        #expect(failure(interpreter, "fn f() = signed\nf()")?.message.hasPrefix("undefined name 'signed'") == true)
        interpreter.load(.builtin)
        #expect(try interpreter.eval("count(signed - [US, UK]) + mine") == 61)
        #expect(try interpreter.eval("f()") == interpreter["signed"])
        // `signed` was bound where `f` first named it; the rest come after the fact-base functions.
        let names = interpreter.globalNames
        #expect(Array(names.suffix(Facts.builtin.names.count - 1)) == Facts.builtin.names.filter { $0 != "signed" })
        #expect(names.firstIndex(of: "mine")! < names.firstIndex(of: "signed")!)
        #expect(names.firstIndex(of: "signed")! < names.firstIndex(of: "country")!)
    }

    @Test func factsFromSwiftBehaveLikeBuiltins() throws {
        let site = Source(citation: "https://acme.example/about", quote: "Acme is based in Lyon.", confidence: .medium)
        let acme = Entity(kind: "organisation", name: "Acme AI",
                          members: Record([("region", "Europe"), ("staff", 40)]),
                          sources: [site], memberSources: ["staff": [Source(citation: "annual report")]])
        let beta = Entity(kind: "organisation", name: "Beta Labs", members: Record([("region", "Asia")]))
        var facts = Facts.builtin
        facts.add(acme, as: ["Acme"])
        facts.add(beta, as: ["Beta"])
        facts.add("labs", .set(ValueSet([.entity(acme), .entity(beta)])), sources: [Source(citation: "my notes")],
                  elementSources: [.entity(acme): [site]], doc: "AI labs I follow")
        let interpreter = Interpreter(facts: facts)
        #expect(try interpreter.eval("labs where region == \"Europe\"") == .set(ValueSet([.entity(acme)])))
        #expect(try interpreter.eval("Acme.staff") == 40)
        #expect(try interpreter.eval("source(Acme.staff)[0].citation") == "annual report")
        #expect(try interpreter.eval("source(Acme in labs)[0].quote") == "Acme is based in Lyon.")
        #expect(try interpreter.eval("source(labs)[0].citation") == "my notes")
        #expect(try interpreter.eval("type(Beta)") == "organisation")
        #expect(try interpreter.eval("count(signed) > 50") == true)
        #expect(interpreter.globalNames.contains("labs"))
        #expect(try interpreter.eval("doc(count)").stringValue?.hasPrefix("count(") == true)
    }

    @Test func elementSourcesAddToTheBuiltInOnesUntilTheBuiltInFactsAreMergedAgain() throws {
        guard case .entity(let paris)? = Facts.builtin["paris"], let france = Facts.builtin["FR"] else {
            Issue.record("no paris or FR in the built-in facts")
            return
        }
        let citations = "map(source(FR in paris.signed), s => s.citation)"
        let builtin = try Interpreter().eval(citations)
        var facts = Facts.builtin
        facts.addElementSources([france: [Source(citation: "my notes")]], ofMember: "signed", of: paris)
        let added = try Interpreter(facts: facts).eval(citations)
        guard case .list(let before) = builtin, case .list(let after) = added else {
            Issue.record("source(x in s) is not a list")
            return
        }
        #expect(after.contains("my notes"))
        #expect(before.allSatisfy { after.contains($0) })
        facts.merge(.builtin)
        #expect(try Interpreter(facts: facts).eval(citations) == builtin)
    }

    @Test func factsFromJSON() throws {
        let json = #"""
        {
          "sources": {"notes": {"citation": "my notes", "confidence": "low"}},
          "entities": [
            {"id": "acme", "kind": "organisation", "name": "Acme AI", "names": ["Acme"],
             "sources": ["notes"], "members": {"region": "Europe", "home": {"$entity": "France"},
             "partners": {"$set": [{"$entity": "beta"}]}},
             "elementSources": {"partners": [{"element": {"$entity": "beta"}, "sources": [{"citation": "press release"}]}]}},
            {"id": "beta", "kind": "organisation", "name": "Beta Labs", "names": ["Beta"], "members": {"region": "Asia"}}
          ],
          "facts": [
            {"name": "labs", "value": {"$set": [{"$entity": "acme"}, {"$entity": "beta"}]}, "sources": ["notes"],
             "doc": "AI labs I follow"}
          ]
        }
        """#
        let facts = try Facts(json: json, file: "labs.json")
        #expect(facts.names == ["Acme", "Beta", "labs"])
        let interpreter = Interpreter()
        interpreter.load(facts)
        #expect(try interpreter.eval("Acme.home == France") == true)
        #expect(try interpreter.eval("count(labs where region == \"Asia\")") == 1)
        #expect(try interpreter.eval("source(Beta in Acme.partners)[0].citation") == "press release")
        #expect(try interpreter.eval("source(labs)[0].confidence") == "low")
        // Entities from JSON sort among the built-in ones by the same rule: accents and case folded first.
        #expect(try interpreter.eval("sort([CZ, Beta, CI, Acme, AX, AF])").description
                == "[Acme AI, Afghanistan, Åland Islands, Beta Labs, Côte d'Ivoire, Czechia]")
        #expect(try interpreter.eval("{CZ, Beta, CI, Acme}").description == "{Acme AI, Beta Labs, Côte d'Ivoire, Czechia}")
        let bad = #expect(throws: SummitError.self) { try Facts(json: #"{"facts": [{"name": 1}]}"#) }
        #expect(bad?.kind == .io)
        let broken = #expect(throws: SummitError.self) { try Facts(json: "{\n  \"facts\": [", file: "x.json") }
        #expect(broken?.message.contains("x.json at line 2") == true)
    }

    @Test func incompleteSetFromJSON() throws {
        let json = #"""
        {"facts": [
          {"name": "named_signers", "value": {"$set": [{"$entity": "US"}, {"$entity": "CN"}], "$incomplete": {"reported_count": 91}},
           "sources": [{"citation": "a report naming two of 91"}]},
          {"name": "guessed", "value": {"$set": [1, 2], "$incomplete": {"uncertain": [1]}},
           "sources": [{"citation": "notes"}]}
        ]}
        """#
        let interpreter = Interpreter()
        interpreter.load(try Facts(json: json, file: "partial.json"))
        guard case .set(let set) = try interpreter.eval("named_signers") else { Issue.record("not a set"); return }
        let incompleteness = try #require(set.incompleteness)
        #expect(incompleteness.mayMiss && !incompleteness.mayHoldNonMembers && incompleteness.reportedCount == 91)
        #expect(set.listed.count == 2 && set.listed.isComplete && set.knownMembers == set.listed)
        #expect(set.membership(of: try interpreter.eval("US")) == true)
        #expect(set.membership(of: try interpreter.eval("BR")) == nil)
        #expect(try interpreter.eval("named_signers").description == "{China, United States} (incomplete: may miss members; 2 named of 91 reported)")
        #expect(try interpreter.eval("US in named_signers") == true)
        let unknown = #expect(throws: SummitError.self) { try interpreter.eval("BR in named_signers") }
        #expect(unknown?.message.contains("not known whether Brazil is in this set") == true)
        #expect(try interpreter.eval("guessed").description == "{1?, 2} (incomplete: may hold non-members, marked ?)")
        #expect(try interpreter.eval("[2 in guessed, 3 in guessed]") == [true, false])
        #expect(throws: SummitError.self) { try interpreter.eval("1 in guessed") }
        let bad = #expect(throws: SummitError.self) {
            try Facts(json: #"{"facts": [{"name": "x", "value": {"$set": [1], "$incomplete": {"uncertain": [2]}}}]}"#)
        }
        #expect(bad?.message.contains("must list some of the set's elements") == true)
        // Encoded as the facts schema reads it, so that it is not taken for a whole set.
        let encoded = String(decoding: try JSONEncoder().encode(try interpreter.eval("named_signers")), as: UTF8.self)
        #expect(encoded.contains(#""$incomplete":{"reported_count":91}"#))
        let uncertain = String(decoding: try JSONEncoder().encode(try interpreter.eval("guessed")), as: UTF8.self)
        #expect(uncertain.contains(#""uncertain":[1]"#))
    }
}

@Suite struct ValueTests {
    @Test func conversions() throws {
        #expect(Value(3) == .int(3))
        #expect(Value(["a", "b"]) == .list(["a", "b"]))
        #expect(Value(["x": 1.5]) == .record(Record([("x", .double(1.5))])))
        #expect(Value(Set([1, 2])) == .set(ValueSet([1, 2])))
        #expect(Value(Optional<Int>.none) == .null)
        #expect(Value.int(4).doubleValue == 4.0)
        #expect(Value.double(4).intValue == 4)
        #expect(Value.double(4.5).intValue == nil)
        #expect(Value.string("s").stringValue == "s")
        #expect(Value(["a": [1, 2]]).converted(to: [String: [Int]].self) == ["a": [1, 2]])
        #expect(Value.list([1, "x"]).converted(to: [Int].self) == nil)
        let interpreter = Interpreter()
        let france = try interpreter.eval("France")
        #expect(france.entityValue?.name == "France")
        #expect(france["region"] != nil)
    }

    @Test func codable() throws {
        let interpreter = Interpreter()
        let value = try interpreter.eval(#"{name: "x", n: 1, d: 2.5, ok: true, none: nil, xs: [1, "a"], s: {3, 1}, who: France}"#)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(json == #"{"d":2.5,"n":1,"name":"x","none":null,"ok":true,"s":{"$set":[1,3]},"who":{"$entity":"France","$kind":"country"},"xs":[1,"a"]}"#)
        let back = try JSONDecoder().decode(Value.self, from: Data(#"{"n": 1, "xs": [1.5, "a", null, false]}"#.utf8))
        #expect(back == ["n": 1, "xs": [1.5, "a", nil, false]])
        #expect(throws: EncodingError.self) { try encoder.encode(try interpreter.eval("count")) }
    }
}

@Suite struct SandboxTests {
    @Test func fileAccessIsACapability() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("summit-embed-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let helper = folder.appendingPathComponent("helper.summit")
        try "let helped = 42\n".write(to: helper, atomically: true, encoding: .utf8)
        let main = folder.appendingPathComponent("main.summit")
        try "import \"helper.summit\"\nhelped + 1\n".write(to: main, atomically: true, encoding: .utf8)

        let sandboxed = Interpreter()
        #expect(failure(sandboxed, "import \"\(helper.path)\"")?.kind == .io)
        #expect(throws: SummitError.self) { try sandboxed.run(file: main.path) }
        #expect(try sandboxed.eval("import sets\n1") == 1)  // the standard library is built in

        let trusted = Interpreter(capabilities: .fileAccess)
        #expect(try trusted.run(file: main.path) == 43)
    }

    @Test func outputGoesToTheSink() throws {
        let lines = Mutex<[String]>([])
        let interpreter = Interpreter(facts: .none)
        interpreter.output = { text in lines.withLock { $0.append(text) } }
        try interpreter.eval(#"print("hello")"#)
        try interpreter.eval("print(1 + 1)")
        #expect(lines.withLock { $0 } == ["hello\n", "2\n"])
    }

    @Test func errorsCarryTheirSpan() throws {
        let interpreter = Interpreter(facts: .none)
        let error = try #require(failure(interpreter, "let n = 1\nn + \"text\""))
        let location = try #require(error.location)
        #expect(location.file == "<expr>")
        #expect(location.line == 2)
        #expect(location.column == 1)
        #expect(location.endLine == 2)
        #expect(location.endColumn == 11)
        #expect(location.length == 10)
        #expect(error.description.hasPrefix("<expr>:2:1: error: "))
        #expect(error.description.contains("n + \"text\"\n^~~~~~~~~"))
        let syntax = try #require(failure(interpreter, "let = 1"))
        #expect(syntax.kind == .syntax)
    }
}
