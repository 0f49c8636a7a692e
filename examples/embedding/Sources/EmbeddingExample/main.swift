// A host program that embeds Summit: every part of the embedding API, through `import SummitKit`
// alone, each printing what it shows. docs/embedding.md explains each part; the test suite runs
// this program and compares its output with expected.out.
import Foundation
import Synchronization
import SummitKit

/// Prints a heading for one part of the tour.
func section(_ title: String) { print("\n== \(title)") }

/// The synchronous API: `eval` runs on the calling thread. (In async code Swift picks the async
/// `eval`, so this part lives in a synchronous function.)
func synchronousTour() throws {
    section("1. Interpreters and facts")
    let interpreter = Interpreter()  // the built-in facts
    let value = try interpreter.eval("signed - [US, UK]")
    print("count(signed - [US, UK]):", value.setValue?.count ?? 0 > 50 ? "more than 50" : "few")
    print("US in signed:", try interpreter.eval("US in signed"))

    let bare = Interpreter(facts: .none)
    print("no facts, 'signed' bound:", bare["signed"] != nil, "| count is:", bare.globalNames.contains("count"))

    // Facts from Swift: an entity with members and sources, and a named set.
    let site = Source(citation: "https://gamma.example/about", quote: "Gamma is based in Nairobi.", confidence: .medium)
    let gamma = Entity(kind: "organisation", name: "Gamma Research",
                       members: Record([("region", "Africa"), ("founded", 2022)]), sources: [site])
    var facts = Facts.builtin
    facts.add(gamma, as: ["Gamma"], doc: "A research lab")
    facts.add("watched", .set(ValueSet([.entity(gamma)])), sources: [Source(citation: "my list")],
              elementSources: [.entity(gamma): [site]], doc: "The labs I watch")
    // Facts from JSON: see labs.json next to Package.swift for the schema in use.
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    facts.merge(try Facts(contentsOfFile: folder.appendingPathComponent("labs.json").path))
    let host = Interpreter(facts: facts)
    for line in [
        "Gamma.region",
        "source(Gamma)[0].quote",
        "source(Gamma in watched)[0].citation",
        "labs where region == \"Europe\"",
        "Acme.home.region",
        "source(Acme.founded)[0].citation",
        "source(Beta in Acme.partners)[0].citation",
        "sort(map(labs | watched, x => x.name))",
    ] {
        print("\(line)  =>  \(try host.eval(line))")
    }
    print("completion sees:", ["Acme", "Beta", "Gamma", "labs", "watched"].filter(host.globalNames.contains))

    section("2. Values")
    let record = try host.eval(#"{name: "x", n: 3, xs: [1, 2.5], s: {"b", "a"}, who: France}"#)
    print("record:", record)
    print("n:", record["n"]?.intValue ?? -1, "| xs:", record["xs"]?.converted(to: [Double].self) ?? [])
    print("s as Set<String>:", record["s"]?.converted(to: Set<String>.self)?.sorted() ?? [])
    print("who:", record["who"]?.entityValue?.kind ?? "?")
    let settings: [String: [Int]] = ["ids": [1, 2, 3], "years": [2023, 2024, 2025]]
    let fromSwift = Value(settings)
    host.define("config", fromSwift)
    print("from Swift:", fromSwift, "| in Summit:", try host.eval("sum(config.ids)"))
    let literal: Value = ["a": 1, "b": [true, nil, 2.5]]
    print("literal:", literal, "| equal to itself:", literal == literal, "| in a Set:", Set([literal, literal]).count)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    print("JSON:", String(decoding: try encoder.encode(record), as: UTF8.self))
    do {
        _ = try encoder.encode(try host.eval("count"))
    } catch {
        print("encoding a function fails:", error is EncodingError)
    }
    let decoded = try JSONDecoder().decode(Value.self, from: Data(#"{"k": [1, "two", null]}"#.utf8))
    print("decoded:", decoded)
    // Sets come back as sets; entities as the same entities of the facts the decoder is given.
    let decoder = JSONDecoder()
    decoder.userInfo[.summitFacts] = host.facts
    let back = try decoder.decode(Value.self, from: try encoder.encode(record))
    print("round trip equal:", back == record, "| the same France:", back["who"]?.entityValue === record["who"]?.entityValue)

    section("3. Host functions")
    host.define("shout", arity: 1, doc: "shout(text)\nThe text in capitals.") { args in
        .string(try args.string(at: 0).uppercased() + "!")
    }
    host.define("clamp", arity: 3) { args in
        let (x, low, high) = (try args.double(at: 0), try args.double(at: 1), try args.double(at: 2))
        return Value(min(max(x, low), high))
    }
    print(try host.eval(#"shout("hello")"#), try host.eval("clamp(12, 0, 10)"), try host.eval("doc(shout)"))
    for bad in ["shout(42)", "shout()", "clamp(1, \"a\", 3)"] {
        do { _ = try host.eval(bad) } catch let error as SummitError { print(error) }
    }
    // And the other way: Swift calls a function written in Summit.
    try host.eval("fn describe(lab) = \"\\(lab.name) (\\(lab.region))\"")
    print("call from Swift:", try host.call("describe", with: [try host.eval("Gamma")]))

    section("4. Output and limits")
    let printed = Mutex<[String]>([])
    host.output = { text in printed.withLock { $0.append(text) } }
    try host.eval(#"print("to the sink")"#)
    print("the sink got:", printed.withLock { $0 })
    host.output = { print($0, terminator: "") }

    host.limits = Limits(maxSteps: 100_000, maxCallDepth: 100, maxCollectionSize: 10_000,
                         maxStringSize: 10_000, timeout: 5)
    for runaway in ["while true {}", "fn f(n) = f(n + 1)\nf(0)", "range(1_000_000)",
                    "var s = \"ab\"\nwhile true { s = s + s }"] {
        do { _ = try host.eval(runaway) } catch let error as SummitError {
            print("\(error.kind): \(error.message)")
        }
    }
    print("still usable:", try host.eval("1 + 1"))
    host.limits = Limits(timeout: 0.1)
    do { _ = try host.eval("while true {}") } catch let error as SummitError { print("\(error.kind): \(error.message)") }
    host.limits = Limits()

    section("5. Sandboxing")
    let script = folder.appendingPathComponent("greeting.summit").path
    do { try host.run(file: script) } catch let error as SummitError {
        print("\(error.kind): \(error.message.replacingOccurrences(of: folder.path + "/", with: ""))")
    }
    do { try host.eval("import \"greeting.summit\"") } catch let error as SummitError { print("\(error.kind): \(error.message)") }
    let trusted = Interpreter(capabilities: .fileAccess)
    print("with .fileAccess:", try trusted.run(file: script))

    section("6. Errors")
    do {
        try host.eval("let total = 10\ntotal / (Gamma.founded - 2022) + count(\"x\", 1)", file: "report.summit")
    } catch let error as SummitError {
        print("kind:", error.kind, "| message:", error.message)
        if let at = error.location {
            print("at \(at.file) line \(at.line), columns \(at.column)..<\(at.endColumn)")
        }
        print(error)
    }
    do { try host.eval("let = 1\nlet y = (") } catch let error as SummitError {
        print("kind:", error.kind, "| errors:", 1 + error.otherErrors.count)
    }
}

/// The async API: `await eval` evaluates on a thread of its own and may call async host functions;
/// a cancellation handle stops an evaluation from another task.
func asyncTour() async throws {
    section("7. Async host functions and cancellation")
    actor Directory {
        private let titles = ["Macron": "President of France", "Modi": "Prime Minister of India"]
        func title(of name: String) -> String { titles[name] ?? "unknown" }
    }
    let directory = Directory()
    let interpreter = Interpreter()
    interpreter.define("title", arity: 1) { args in
        .string(await directory.title(of: try args.string(at: 0)))
    }
    print(try await interpreter.eval(#"map(["Macron", "Modi"], title)"#))

    let handle = interpreter.cancellation  // Sendable: hand it to any task
    Task {
        try await Task.sleep(for: .milliseconds(100))
        handle.cancel()
    }
    do {
        try await interpreter.eval("var spins = 0\nwhile true { spins = spins + 1 }")
    } catch let error as SummitError {
        print("\(error.kind): \(error.message)")
    }
    print("next eval:", try await interpreter.eval("spins > 0"))
}

try synchronousTour()
try await asyncTour()
