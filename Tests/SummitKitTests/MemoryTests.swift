// Memory (issue 7): evaluating the same code again and again in one embedded interpreter must not
// grow resident memory; closures and their captured variables must not keep each other alive.
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SummitKit

/// Resident memory of this process in bytes, from /proc/self/statm; nil where there is none.
private func residentBytes() -> Int? {
    guard let file = fopen("/proc/self/statm", "r") else { return nil }
    defer { fclose(file) }
    var size = 0, resident = 0
    guard withUnsafeMutablePointer(to: &size, { s in
        withUnsafeMutablePointer(to: &resident) { r in vfscanf_pair(file, s, r) }
    }) else { return nil }
    return resident * sysconf(Int32(_SC_PAGESIZE))
}

private func vfscanf_pair(_ file: UnsafeMutablePointer<FILE>, _ a: UnsafeMutablePointer<Int>, _ b: UnsafeMutablePointer<Int>) -> Bool {
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, 256, file) != nil else { return false }
    let line = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let fields = String(decoding: line, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
    guard fields.count >= 2 else { return false }
    a.pointee = fields[0]
    b.pointee = fields[1]
    return true
}

/// Runs `source` after a warm-up in three rounds of `count` evaluations and gives the least that
/// resident memory grew in a round, in bytes. Resident memory is the whole process's, and other
/// tests run beside this one: a test that allocates at the same time raises one round, while a leak
/// raises every round.
private func growth(of source: String, count: Int = 3_000) throws -> Int {
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    for _ in 0..<500 { try interpreter.eval(source) }
    var least = Int.max
    for _ in 0..<3 {
        let before = residentBytes() ?? 0
        for _ in 0..<count { try interpreter.eval(source) }
        least = min(least, (residentBytes() ?? 0) - before)
    }
    return least
}

/// Each case keeps a 2,000-element list alive from the closures it makes, so a leak of one
/// environment per evaluation would be some 140 MB over a round of 3,000 evaluations.
@Test("9,000 evaluations with closures leave resident memory flat", .serialized, arguments: [
    // Closures over locals and parameters, made and dropped.
    "fn adder(n) { let big = range(2000)\n return x => x + n + count(big) }\nadder(1)(2)",
    // A closure that escapes into a global and is replaced.
    "var keep = nil\nfn make() { let big = range(2000)\n return () => count(big) }\nkeep = make()\nkeep()",
    // A recursive local function: its box holds the closure that captures the box.
    "fn outer() { let big = range(2000)\n fn inner(n) = if n > 0 { inner(n - 1) } else { count(big) }\n return inner(3) }\nouter()",
    // Loops, where-predicates and mutable captured variables.
    "fn counter() { var n = 0\n let big = range(2000)\n let step = () => { n += count(big)\n n }\n step()\n return step() }\ncounter()",
    "let big = range(2000)\n(big where it % 2 == 0) |> count",
])
func memoryStaysFlat(source: String) throws {
    guard residentBytes() != nil else { return }
    let grown = try growth(of: source)
    #expect(grown < 32 << 20, "resident memory grew by \(grown >> 20) MiB")
}

/// A list of a million values costs 24 MB, not 32: every payload of a Value (a string, an array,
/// a set's or a record's storage) is at most two words, so a Value with its tag fits in three.
@Test func aValueFitsInThreeWords() {
    #expect(MemoryLayout<Record>.size <= 2 * MemoryLayout<Int>.size)
    #expect(MemoryLayout<ValueSet>.size <= 2 * MemoryLayout<Int>.size)
    #expect(MemoryLayout<Value>.stride <= 3 * MemoryLayout<Int>.size)
}

/// A function that replaces itself in its global while it runs, as a state machine does, is kept
/// until no call through that global runs, not until the evaluation ends: 20,000 steps in one
/// evaluation hold a bounded number of the replaced functions, not one a step.
@Test func replacedFunctionsAreReleasedBetweenCalls() throws {
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    let probe = RetiredProbe(interpreter.runtime)
    interpreter.define("held", arity: 0) { _ in
        probe.most = max(probe.most, probe.runtime.retired.count)
        return .null
    }
    let result = try interpreter.eval("""
        var state = nil
        fn make(n) = fn(x) {
            state = make(n + 1)
            held()
            return n + x
        }
        state = make(0)
        var last = 0
        for i in range(20000) { last = state(0) }
        last
        """)
    #expect(result == .int(19_999))
    #expect(probe.most < 100, "\(probe.most) replaced functions held")
}

/// The runtime an evaluation runs on, and the most replaced functions it held, for a host
/// function the evaluation calls on its own thread.
private final class RetiredProbe: @unchecked Sendable {
    let runtime: Runtime
    var most = 0
    init(_ runtime: Runtime) { self.runtime = runtime }
}
