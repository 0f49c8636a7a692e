// The memory limit (issue 25): a value that would take the process past `Limits.maxMemory` is a
// `.limit` error where it is made, not Swift's allocation trap. The process's address space is
// measured before a block of 1 MiB or more is made, and every 65,536 steps.
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SummitKit

/// A limit far below what any Swift process maps, so that every measurement fails.
private let tiny = Limits(maxMemory: 1 << 20)

private func limitError(_ source: String, _ limits: Limits) -> SummitError? {
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    interpreter.limits = limits
    do {
        _ = try interpreter.eval(source, file: "memory.summit")
        return nil
    } catch {
        return error as? SummitError
    }
}

@Suite("the memory limit", .enabled(if: ProcessMemory.addressSpace() != nil, "no /proc/self/statm"))
struct MemoryLimit {
    @Test("a large block is measured for before it is made, with the place that makes it")
    func largeBlocks() throws {
        for source in ["let l = range(100_000)", "let l = [0] * 100_000", #"let s = "x" * 2_000_000"#,
                       "let l = range(30_000) + range(30_000)"] {
            let error = try #require(limitError(source, tiny), "\(source)")
            #expect(error.kind == .limit)
            #expect(error.message.hasPrefix("memory limit exceeded (the process would use "), "\(error.message)")
            #expect(error.message.hasSuffix("MiB; the limit is 1 MiB)"), "\(error.message)")
            #expect(error.location?.column == 9, "\(source)")
        }
    }

    @Test("a list grown by append is measured for as it grows")
    func append() throws {
        let error = try #require(limitError("var l = []\nfor i in range(200_000) { l.append(i) }", Limits(maxSteps: 60_000, maxMemory: 1 << 20)))
        #expect(error.message.hasPrefix("memory limit exceeded"), "\(error.message)")
        #expect(error.location?.line == 2)
    }

    @Test("a built-in given a large list is measured for before it makes another as large")
    func builtins() throws {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        try interpreter.eval("let l = range(100_000)")
        interpreter.limits = tiny
        for source in ["map(l, x => x)", "set(l)", "sort(l)"] {
            #expect(throws: SummitError.self, "\(source)") { try interpreter.eval(source) }
        }
    }

    @Test("small values are measured for every 65,536 steps")
    func steps() throws {
        let error = try #require(limitError("var n = 0\nwhile n < 100_000 { n += 1 }", tiny))
        #expect(error.message.hasPrefix("memory limit exceeded"))
        #expect(error.location?.line == 2)
        #expect(limitError("var n = 0\nwhile n < 60_000 { n += 1 }", tiny) == nil)
    }

    @Test("small blocks and .max measure nothing; the interpreter stays usable")
    func unmeasured() throws {
        #expect(limitError("let l = range(1_000)\ncount(str(l))", tiny) == nil)
        #expect(limitError("let l = range(100_000)\nlet m = map(l, x => x)", Limits(maxMemory: .max)) == nil)
        let interpreter = Interpreter()
        interpreter.limits = tiny
        #expect(throws: SummitError.self) { try interpreter.eval("range(100_000)") }
        interpreter.limits = Limits()
        #expect(try interpreter.eval("count(range(100_000))") == .int(100_000))
    }

    @Test("writing a large value as text is measured for as the text grows")
    func display() throws {
        let error = try #require(limitError("var r = [1]\nfor i in range(25) { r = [r, r] }\nlet s = str(r)", tiny))
        #expect(error.message.hasPrefix("memory limit exceeded"), "\(error.message)")
        #expect(error.location?.line == 3)
    }

    @Test("the default is 7/8 of the address-space limit, or none")
    func defaultLimit() {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        let expected = limit.rlim_cur == rlim_t.max ? Int.max : Int(limit.rlim_cur) - Int(limit.rlim_cur) / 8
        #expect(Limits.defaultMaxMemory == expected)
        #expect(Limits().maxMemory == Limits.defaultMaxMemory)
    }
}
