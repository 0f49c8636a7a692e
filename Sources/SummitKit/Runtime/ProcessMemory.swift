// The memory the process has mapped, for `Limits.maxMemory`: its address space, which is what
// `ulimit -v` (RLIMIT_AS) bounds and what an allocation that fails (Swift's trap, which no code can
// catch) runs into. Measured, not accounted: Swift frees an array's memory with no hook to count it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum ProcessMemory {
    /// A block of at least this many bytes is measured for before it is made; smaller ones are
    /// left to the check every 65,536 steps (`Runtime.checkLimits`).
    static let checkFrom = 1 << 20

    /// The bytes of `count` values, as a list holds them; `.max` when that overflows.
    static func bytes(ofValues count: Int) -> Int {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        return overflow ? .max : bytes
    }

    /// The default for `Limits.maxMemory`: 7/8 of the process's address-space limit when it has
    /// one, keeping the rest for what is made between two checks and for reporting the error;
    /// `.max` (no bound) otherwise.
    static let defaultLimit: Int = {
        var limit = rlimit()
        guard getrlimit(RLIMIT_AS_RESOURCE, &limit) == 0, limit.rlim_cur != rlim_t.max,  // RLIM_INFINITY
              limit.rlim_cur < UInt64(Int.max) else { return .max }
        let bytes = Int(limit.rlim_cur)
        return bytes - bytes / 8
    }()

    #if canImport(Glibc)
    private static let RLIMIT_AS_RESOURCE = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
    private static let RLIMIT_AS_RESOURCE = RLIMIT_AS
    #endif

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The bytes of address space the process has mapped, from /proc/self/statm; nil where that
    /// cannot be read (on systems without /proc), and then nothing is checked.
    static func addressSpace() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> Int? in
            let count = read(fd, buffer.baseAddress, buffer.count)
            guard count > 0 else { return nil }
            var pages = 0
            for byte in buffer[..<count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
                pages = pages &* 10 &+ Int(byte &- UInt8(ascii: "0"))
            }
            return pages &* pageSize
        }
        #else
        return nil
        #endif
    }

    /// Throws `memory limit exceeded` (with no location) when making a block of `bytes` would
    /// take the process past `limit`.
    @inline(__always)
    static func check(adding bytes: Int, limit: Int) throws {
        if bytes >= checkFrom, limit != .max, let error = excess(adding: bytes, limit: limit) { throw error }
    }

    /// The error for a process that would pass `limit` by making `bytes` more, or nil when it
    /// would not (or its memory cannot be measured).
    static func excess(adding bytes: Int, limit: Int) -> SummitError? {
        guard limit != .max, let used = addressSpace() else { return nil }
        let (sum, overflow) = used.addingReportingOverflow(bytes)
        guard overflow || sum > limit else { return nil }
        let total = overflow ? "more than \(Int.max >> 20)" : "\((sum + (1 << 20) - 1) >> 20)"
        return SummitError(.limit, "memory limit exceeded (the process would use \(total) MiB; the limit is \(limit >> 20) MiB)")
    }
}

extension Limits {
    /// Throws `memory limit exceeded` (with no location: the caller's is added) when making a block
    /// of `bytes` would take the process past `maxMemory`.
    @inline(__always)
    func checkMemory(adding bytes: Int) throws { try ProcessMemory.check(adding: bytes, limit: maxMemory) }
}
