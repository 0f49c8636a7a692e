// A value behind a pthread mutex, where SummitKit shares state between threads (caches of entity
// order, member indexes, the entity registry). Not the standard library's `Mutex`: on Linux, a
// `Mutex` taken or released under contention goes through a futex in the standard library's slow
// path, which ThreadSanitizer does not see, so a host running it got reports of races between
// accesses the lock kept apart. ThreadSanitizer intercepts pthread mutexes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class Lock<T>: @unchecked Sendable {
    /// Allocated apart, as a pthread mutex must not move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Through a pointer rather than a stored `var`, which would cost an exclusivity check at
    /// each use (the lock already keeps accesses apart).
    private let value = UnsafeMutablePointer<T>.allocate(capacity: 1)

    init(_ value: T) {
        self.value.initialize(to: value)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` on the value with the lock held.
    func withLock<R>(_ body: (inout sending T) throws -> sending R) rethrows -> sending R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
