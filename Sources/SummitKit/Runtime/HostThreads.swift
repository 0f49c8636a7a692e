// Where async host functions meet the synchronous evaluator. `await interpreter.eval` runs the
// evaluator on a thread of its own (never one of the concurrency runtime's, which must not block),
// and an async host function blocks that thread while its body runs as a task.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Per-interpreter state that host functions read: whether the running evaluation is on an
/// evaluation thread and so may wait for an async function. Written and read by the thread that
/// evaluates; atomic all the same, because the threads that use one interpreter in turn are
/// ordered by a continuation and a task hand-off that ThreadSanitizer cannot see, and it reported
/// a race on the plain field (issue 25). A relaxed atomic costs what a plain load does.
final class HostBridge: Sendable {
    private let waiting = Atomic<Bool>(false)
    var mayWait: Bool {
        get { waiting.load(ordering: .relaxed) }
        set { waiting.store(newValue, ordering: .relaxed) }
    }
}

enum HostWait {
    /// Runs an async body as a task and waits for it, checking the interpreter's limits (cancellation,
    /// time) every few milliseconds; a limit cancels the task.
    static func run(_ body: @escaping @Sendable (Arguments) async throws -> Value, _ arguments: Arguments,
                    _ context: CallContext) throws -> Value {
        let done = DispatchSemaphore(value: 0)
        let result = Lock<Result<Value, SummitError>?>(nil)
        let name = arguments.function
        let task = Task.detached {
            let outcome: Result<Value, SummitError>
            do {
                outcome = .success(try await body(arguments))
            } catch let error as SummitError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(SummitError(.runtime, "\(name)(): \(error)"))
            }
            result.withLock { $0 = outcome }
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(5)) == .timedOut {
            do {
                try context.runtime.checkLimits(context.site.span, context.site.file)
            } catch {
                task.cancel()
                throw error
            }
        }
        return try result.withLock { $0! }.get()
    }
}

/// A thread with a large stack that runs one evaluation.
enum EvaluationThread {
    /// Stack size of an evaluation thread: deep Summit recursion needs room.
    static let stackSize = 64 << 20

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread.
    static func start(_ body: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        defer { pthread_attr_destroy(&attributes) }
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let status = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, job)
        if status != 0 {
            // No thread: run here rather than never.
            Unmanaged<Job>.fromOpaque(job).takeRetainedValue().body()
            return
        }
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
    }
}

/// Lets a value that is not `Sendable` cross to the evaluation thread while its owner waits for
/// the thread to finish, so that only one thread uses it at a time.
struct Handoff<T>: @unchecked Sendable {
    let value: T
}
