// The bounds a host puts on untrusted code, and the handle that stops it from another task. The
// runtime checks them (Runtime.step, checkLimits, checkSize, checkString, checkMemory); they are defined here,
// with the rest of the public surface.
import Synchronization

/// The limits a host sets for untrusted code. Exceeding one is a `SummitError` of kind `.limit`,
/// thrown where it happened; the interpreter stays usable.
///
/// ```swift
/// interpreter.limits = Limits(maxSteps: 100_000, maxCallDepth: 100, timeout: 5)
/// ```
public struct Limits: Sendable, Hashable {
    /// Loop iterations and function calls, together.
    public var maxSteps: Int
    /// Nested function calls.
    public var maxCallDepth: Int
    /// Elements of one list, set or record.
    public var maxCollectionSize: Int
    /// Bytes of one string.
    public var maxStringSize: Int
    /// Seconds of wall-clock time for one `eval`.
    public var timeout: Double?
    /// Bytes of memory the whole process may have mapped (its address space, as `ulimit -v`
    /// counts it) when Summit code makes a value: measured before a block of 1 MiB or more is
    /// made for a list, string or file read, and every 65,536 steps; `.max` checks nothing. It
    /// is the process's, not one interpreter's: interpreters running at once share it.
    public var maxMemory: Int

    /// The default `maxMemory`: 7/8 of the process's address-space limit (`ulimit -v`) when it
    /// has one, so that a value too large for it ends in a `.limit` error rather than a trap;
    /// `.max` (no bound) when it has none.
    public static var defaultMaxMemory: Int { ProcessMemory.defaultLimit }

    /// Limits with every bound at its default: no step or time limit, call depth 10,000,
    /// 100 million elements, 1 GiB strings and `defaultMaxMemory`.
    public init(maxSteps: Int = .max, maxCallDepth: Int = 10_000, maxCollectionSize: Int = 100_000_000,
                maxStringSize: Int = 1 << 30, timeout: Double? = nil, maxMemory: Int = Limits.defaultMaxMemory) {
        self.maxSteps = maxSteps
        self.maxCallDepth = maxCallDepth
        self.maxCollectionSize = maxCollectionSize
        self.maxStringSize = maxStringSize
        self.timeout = timeout
        self.maxMemory = maxMemory
    }
}

/// A handle that stops a running evaluation from another thread or task.
public final class CancellationHandle: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Makes a handle that is not cancelled.
    public init() {}

    /// Stops the evaluation that is running, if any: it throws a `.limit` error "interrupted".
    /// An evaluation started afterwards runs normally.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    var isCancelled: Bool { flag.load(ordering: .relaxed) }
    func reset() { flag.store(false, ordering: .relaxed) }
}
