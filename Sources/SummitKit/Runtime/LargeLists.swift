// Growing a large list. Swift's array doubles into fresh memory, and a large block of fresh memory
// comes from the kernel a 4 KiB page at a time: a list of 3 million values faults some 40,000
// pages as it grows, which cost more than the appends themselves. A large list instead grows into
// memory advised for huge pages, so the kernel fills it 2 MiB at a time where it can.
#if canImport(Glibc)
import Glibc
#endif

enum LargeLists {
    /// A full list of at least this many values (1.5 MiB) grows through `grow`.
    static let threshold = 1 << 16

    /// Moves the elements of `list`, which is full, into a buffer of twice its capacity.
    @inline(never)
    static func grow(_ list: inout [Value]) {
        let count = list.count
        list = [Value](unsafeUninitializedCapacity: 2 * list.capacity) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            list.withUnsafeMutableBufferPointer { old in
                buffer.baseAddress!.moveInitialize(from: old.baseAddress!, count: count)
                // The old array destroys its elements when it goes; nil is what it finds.
                old.baseAddress!.initialize(repeating: .null, count: count)
            }
            initialized = count
        }
    }

    /// Asks the kernel to back the whole pages of `memory` with huge pages. Only advice: where
    /// huge pages are off, or on a system without them, nothing changes.
    private static func adviseHugePages(_ memory: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let page = Int(getpagesize())
        let start = (Int(bitPattern: memory.baseAddress) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: memory.baseAddress) + memory.count) & ~(page - 1)
        guard end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(address, end - start, MADV_HUGEPAGE)
        #endif
    }
}
