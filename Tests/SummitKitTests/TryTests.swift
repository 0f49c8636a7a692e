// `try ... else` seen from the host: it recovers from the runtime and file errors a host function
// or a denied capability throws, and never from a limit the host set.
import Testing
import SummitKit

@Suite struct TryTests {
    private struct Plain: Error {}

    @Test func hostErrorsAreRecoverable() throws {
        let interpreter = Interpreter()
        interpreter.define("lookup", arity: 1) { args in
            if try args.string(at: 0) == "x" { throw SummitError(.runtime, "no such speaker") }
            throw Plain()
        }
        #expect(try interpreter.eval(#"try lookup("x") else e => e"#) == "no such speaker")
        #expect(try interpreter.eval(#"try lookup("y") else "fallback""#) == "fallback")
        // Without the file capability, reading is an .io error that try recovers from.
        let message = try interpreter.eval(#"try read_text("/etc/hostname") else e => e"#)
        #expect(message == "cannot read /etc/hostname: the host has not granted file access")
    }

    @Test func limitsAreNot() throws {
        let interpreter = Interpreter()
        interpreter.limits = Limits(maxSteps: 10_000)
        do {
            let value = try interpreter.eval("try { var n = 0\n while true { n += 1 } } else 0")
            Issue.record("the step limit was caught: \(value)")
        } catch let error as SummitError {
            #expect(error.kind == .limit)
        }
        interpreter.limits = Limits(maxCollectionSize: 1_000)
        do {
            let value = try interpreter.eval("try range(5_000) else []")
            Issue.record("the size limit was caught: \(value)")
        } catch let error as SummitError {
            #expect(error.kind == .limit)
        }
        // The interpreter is usable afterwards, and try still recovers from a runtime error.
        #expect(try interpreter.eval("try 1 / 0 else 7") == 7)
    }
}
