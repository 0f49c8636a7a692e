// Eight threads using SummitKit at once, the way a server embedding it would: several interpreters
// per thread over one shared `Facts`, values built by one thread (shared parts, sets, records)
// displayed, hashed and compared by others, cancellations from other threads, async evaluations
// with async host functions. `make tsan` runs it under ThreadSanitizer, which must report nothing;
// in `swift test` it is a quick check that the answers stay right under contention.
import Foundation
import Synchronization
import Testing
import SummitKit

/// A value behind a pthread mutex (NSLock), which ThreadSanitizer sees. Not `Mutex`: on Linux,
/// its lock taken under contention goes through the standard library's slow path (a futex),
/// which is not instrumented, so ThreadSanitizer misses that lock and reports a race between
/// two accesses that it kept apart.
private final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// What the threads share, and what they found wrong.
private final class Stress: Sendable {
    let facts: Facts
    let pool = Locked<[Value]>([])
    let running = Locked<[CancellationHandle]>([])
    let failures = Locked<[String]>([])
    /// The endless loops that have been stopped.
    let loopsStopped = Atomic<Int>(0)

    init() {
        var facts = Facts.builtin
        facts.add("stress_numbers", .list((0..<50).map { .int($0) }), sources: [])
        self.facts = facts
    }

    func fail(_ text: String) { failures.withLock { $0.append(text) } }

    func expect(_ value: @autoclosure () throws -> Value, _ expected: Value, _ what: String) {
        do {
            let got = try value()
            if got != expected { fail("\(what): got \(got), expected \(expected)") }
        } catch {
            fail("\(what): \(error)")
        }
    }

    func share(_ value: Value) {
        pool.withLock { pool in
            pool.append(value)
            if pool.count > 64 { pool.removeFirst(32) }
        }
    }

    func someShared() -> [Value] { pool.withLock { Array($0.suffix(6)) } }
}

/// Runs `body(i)` on `count` threads of their own at once and waits for them all.
private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let thread = Thread {
            body(i)
            group.leave()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
    group.wait()
}

/// A value that shares its parts: 2^levels elements as a tree, built by Summit code.
private let sharedTree = """
    var r = [1, "a", {US, FR}]
    for i in range(LEVELS) { r = [r, {size: i, left: r}] }
    r
    """

/// Queries over the facts, another interpreter's values, and the shared pool.
private func queries(_ stress: Stress, _ thread: Int, rounds: Int) {
    for round in 0..<rounds {
        let interpreter = Interpreter(facts: stress.facts)
        interpreter.output = { _ in }
        interpreter.limits = Limits(maxSteps: 1_000_000, maxCollectionSize: 100_000, maxStringSize: 1 << 20, timeout: 30)
        stress.expect(try interpreter.eval("count(stress_numbers)"), 50, "facts shared")
        stress.expect(try interpreter.eval("count(signed - [US, UK]) > 50"), true, "signed")
        stress.expect(try interpreter.eval("count(filter(map(stress_numbers, n => n * 2), n => n > 10))"), 44, "map and filter")
        do {
            let tree = try interpreter.eval(sharedTree.replacingOccurrences(of: "LEVELS", with: "\(8 + round % 8)"))
            stress.share(tree)
            stress.share(try interpreter.eval("{name: \"t\(thread)\", n: \(round), s: {US, FR, DE}}"))
            for value in stress.someShared() {
                interpreter.define("v", value)
                _ = try? interpreter.eval("str(v)")  // past the string limit for a deep tree: an error
                stress.expect(try interpreter.eval("v == v"), true, "v == v")
                stress.expect(try interpreter.eval("count({v, v})"), 1, "hash")
                _ = try interpreter.eval("type(v)")
                _ = value.hashValue  // the host hashes it too, at the same time as others
            }
        } catch {
            stress.fail("thread \(thread), round \(round): \(error)")
        }
    }
}

/// Endless loops stopped from another thread.
private func cancelled(_ stress: Stress, _ thread: Int, rounds: Int) {
    for _ in 0..<rounds {
        let interpreter = Interpreter(facts: stress.facts)
        interpreter.limits.timeout = 30  // a cancellation that never comes fails, not hangs
        let handle = interpreter.cancellation
        stress.running.withLock { $0.append(handle) }
        do {
            _ = try interpreter.eval("var n = 0\nwhile true { n += 1; let s = {n, n + 1} }")
            stress.fail("an endless loop ended")
        } catch let error as SummitError {
            if error.message != "interrupted" { stress.fail("cancelled loop: \(error.message)") }
        } catch {
            stress.fail("cancelled loop: \(error)")
        }
        stress.running.withLock { $0.removeAll { $0 === handle } }
        stress.loopsStopped.add(1, ordering: .relaxed)
        // The cancellation may come before the first `n += 1`: the interpreter still answers, and
        // `n` is what the loop had counted when it stopped.
        stress.expect(try interpreter.eval("n >= 0"), true, "after a cancellation")
    }
}

/// Cancels whatever runs, until the loops are done.
private func canceller(_ stress: Stress, loops: Int) {
    while stress.loopsStopped.load(ordering: .relaxed) < loops {
        for handle in stress.running.withLock({ $0 }) { handle.cancel() }
        usleep(2_000)
    }
}

/// Async evaluations with async host functions that call back into Summit.
private func asynchronous(_ stress: Stress, _ thread: Int, rounds: Int) {
    let done = DispatchSemaphore(value: 0)
    Task {
        for round in 0..<rounds {
            let interpreter = Interpreter(facts: stress.facts)
            interpreter.output = { _ in }
            interpreter.define("later", arity: 1) { args in
                try await Task.sleep(for: .microseconds(100))
                return args[0]
            }
            interpreter.define("shared", arity: 0) { _ in .list(stress.someShared()) }
            do {
                let got = try await interpreter.eval("map(range(20), n => later(n * \(round)))")
                if got != .list((0..<20).map { .int($0 * round) }) { stress.fail("async map: \(got)") }
                _ = try await interpreter.eval("count(shared())")
                _ = try await interpreter.eval("fn twice(x) = later(x) * 2")
                let value = try await interpreter.eval("twice(21)")
                if value != 42 { stress.fail("async twice: \(value)") }
                stress.share(try await interpreter.eval("[later(\(thread)), {US}]"))
            } catch {
                stress.fail("async thread \(thread), round \(round): \(error)")
            }
        }
        done.signal()
    }
    done.wait()
}

/// Host functions that call back the Summit functions they are given, and interpreters handed
/// values between threads.
private func callbacks(_ stress: Stress, _ thread: Int, rounds: Int) {
    let interpreter = Interpreter(facts: stress.facts)
    interpreter.output = { _ in }
    do {
        try interpreter.eval("fn square(x) = x * x")
        for round in 0..<rounds {
            let squared = try interpreter.call("square", with: [.int(round)])
            if squared != .int(round * round) { stress.fail("call: \(squared)") }
            let other = Interpreter(facts: stress.facts)
            other.define("from_other", try interpreter.eval("[square(\(round)), {US, FR}, {a: [1, 2]}]"))
            stress.expect(try other.eval("from_other[0]"), .int(round * round), "value across interpreters")
            for value in stress.someShared() {
                other.define("v", value)
                stress.expect(try other.eval("v == v"), true, "a shared value in another interpreter")
            }
            stress.share(try other.eval("[from_other, from_other]"))
        }
    } catch {
        stress.fail("callbacks thread \(thread): \(error)")
    }
}

@Test("eight threads share facts and values, cancel and await, and every answer stays right")
func eightThreads() {
    let stress = Stress()
    let rounds = Int(ProcessInfo.processInfo.environment["SUMMIT_STRESS_ROUNDS"] ?? "") ?? 6
    onThreads(8) { thread in
        switch thread {
        case 0, 1: queries(stress, thread, rounds: rounds)
        case 2, 3: cancelled(stress, thread, rounds: rounds)
        case 4: canceller(stress, loops: 2 * rounds)
        case 5, 6: asynchronous(stress, thread, rounds: rounds)
        default: callbacks(stress, thread, rounds: 4 * rounds)
        }
    }
    let failures = stress.failures.withLock { $0 }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
}

@Test("eight threads reading members and sources first, each in its own order, all read each entity's own")
func firstMemberReadsOnEightThreads() throws {
    // The built-in entities' members, and apart from them their sources, are read from the
    // tables one entity at a time, the first time one of them is read: every thread must see
    // each entity's own, whichever fills it.
    let program = "list(countries | organisations | people | quotes | summits)"
    guard case .list(let list) = try Interpreter().eval(program) else { Issue.record("no list"); return }
    let entities = list.compactMap { value -> Entity? in if case .entity(let e) = value { e } else { nil } }
    #expect(entities.count == list.count && entities.count > 280)
    let reads = Locked<[[String]]>([])
    onThreads(8) { thread in
        // Forwards or backwards, from a place of the thread's own.
        let start = thread * entities.count / 8
        let order = Array(start..<entities.count) + Array(0..<start)
        var seen = [String](repeating: "", count: entities.count)
        for i in thread % 2 == 0 ? order : order.reversed() {
            // Half the threads ask for the sources first.
            let sources = thread % 4 < 2 ? read(sourcesOf: entities[i]) : nil
            seen[i] = "\(entities[i]["name"] ?? .null) \(entities[i]["region"] ?? .null) \(entities[i].members.keys) "
                + (sources ?? read(sourcesOf: entities[i]))
        }
        reads.withLock { $0.append(seen) }
    }
    let all = reads.withLock { $0 }
    let expected = entities.map { "\($0["name"] ?? .null) \($0["region"] ?? .null) \($0.members.keys) " + read(sourcesOf: $0) }
    #expect(all.count == 8 && all.allSatisfy { $0 == expected })
    #expect(zip(entities, expected).allSatisfy { entity, read in read.hasPrefix("\"\(entity.name)\" ") })
}

/// The citations of an entity's sources and of each of its members', as one text.
private func read(sourcesOf entity: Entity) -> String {
    ([""] + entity.members.keys).map { "\($0): \(entity.sources(of: $0).map(\.citation))" }.joined(separator: "; ")
}
