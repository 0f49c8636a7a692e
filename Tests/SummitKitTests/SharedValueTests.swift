// Values that share their parts (issue 25): `r = [r, r]` forty times is small in memory and a tree
// of 2^40 elements. Every walk over such a value ends: display within the string limit and
// polling the time limit and a cancellation; hashing and equality in a few steps.
import Testing
import SummitKit

/// `r` and `q`, each `[x, x]` forty times over, built apart.
private let shared = """
    var r = []
    for i in range(40) { r = [r, r] }
    var q = []
    for i in range(40) { q = [q, q] }
    """

private func interpreter() throws -> Interpreter {
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    interpreter.limits = Limits(maxSteps: 100_000, maxCollectionSize: 10_000, maxStringSize: 10_000, timeout: 60)
    try interpreter.eval(shared)
    return interpreter
}

@Suite("values that share their parts")
struct SharedValues {
    @Test("display walks end at the string limit", arguments: [
        "str(r)", "print(r)", #""\(r)""#, "group_by([r], x => x)", "sort([r, [r]])", "sort_by([1, 2], x => [r, x])",
        "min([r, [r]])", "join([r])", "for x in {r, [r]} {}", "filter({r, [r]}, x => true)",
        "error(r)", #"assert(false, r)"#, "to_json({r, [r]})",
    ])
    func displayIsBounded(source: String) throws {
        let interpreter = try interpreter()
        do {
            let value = try interpreter.eval(source)
            Issue.record("expected a limit error, got \(value)")
        } catch let error as SummitError {
            #expect(error.kind == .limit, "\(error)")
            #expect(error.message == "string too large (the limit is 10000 bytes)")
            #expect(error.location != nil)
        }
    }

    @Test("hashing and equality take a few steps")
    func hashingAndEquality() throws {
        let interpreter = try interpreter()
        #expect(try interpreter.eval("r == q") == true)
        #expect(try interpreter.eval("[r, 1] == [q, 1]") == true)
        #expect(try interpreter.eval("[r, 1] == [q, 2]") == false)
        #expect(try interpreter.eval("count({r})") == 1)
        #expect(try interpreter.eval("count({r, q})") == 1)
        #expect(try interpreter.eval("count({r, [r]})") == 2)
        #expect(try interpreter.eval("q in [1, r]") == true)
        #expect(try interpreter.eval("count({{r}, {q}})") == 1)
        // Nested past the depth where comparison goes on with its own stack.
        try interpreter.eval("var s = []\nfor i in range(100) { s = [s, s] }\nvar t = []\nfor i in range(100) { t = [t, t] }")
        #expect(try interpreter.eval("s == t") == true)
        #expect(try interpreter.eval("count({s, t})") == 1)
        // Records and sets that share their parts.
        try interpreter.eval("var a = {k: 1}\nvar b = {k: 1}\nfor i in range(40) { a = {k: a, l: a}; b = {k: b, l: b} }")
        #expect(try interpreter.eval("[a == b, count({a, b})]") == [true, 1])
        try interpreter.eval("var c = {1}\nvar d = {1}\nfor i in range(100) { c = {c, [c]}; d = {d, [d]} }")
        #expect(try interpreter.eval("[c == d, count({c, d}), c == {d}]") == [true, 1, false])
    }

    @Test("a cancellation stops a display that the string limit would allow")
    func displayIsCancellable() throws {
        let interpreter = try interpreter()
        interpreter.limits = Limits()
        let handle = interpreter.cancellation
        interpreter.define("stop", arity: 0) { _ in handle.cancel(); return .null }
        do {
            let value = try interpreter.eval("stop()\nstr(r)")
            Issue.record("expected an interruption, got \(value)")
        } catch let error as SummitError {
            #expect(error.kind == .limit && error.message == "interrupted", "\(error)")
        }
    }
}

@Suite("sets nested in sets")
struct NestedSets {
    @Test("1,500 levels on a 512 KiB thread: built, counted, compared; shown or a clear error", arguments: [
        ("count(s)", "1"), ("s == t", "true"), ("count({s, t})", "1"), ("s in [t]", "true"), ("s == {t}", "false"),
        ("str(s)", "{{{{{{{{{{{{{{{{{{{{"),
    ])
    func deepSets(operation: String, expected: String) {
        let result = onThread(stackSize: 512 << 10) { () -> String in
            let interpreter = Interpreter()
            do {
                try interpreter.eval("var s = {1}\nvar t = {1}\nfor i in range(1500) { s = {s}; t = {t} }")
                let text = String(try interpreter.eval(operation).printed.prefix(20))
                _ = try interpreter.eval("s = nil; t = nil")  // freed here, on this thread
                return text
            } catch let error as SummitError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        if operation.hasPrefix("str") {
            #expect(result == expected || result == "value nested too deep to display", "\(result)")
        } else {
            #expect(result == expected)
        }
    }
}
