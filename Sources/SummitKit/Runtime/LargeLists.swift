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

    /// Below this many values (384 MiB), a large list grows four times over rather than twice.
    static let quadrupleBelow = 1 << 24

    /// Moves the elements of `list`, which is full, into a buffer of four times its capacity, or
    /// twice from `quadrupleBelow` on. Each move costs a pass over the elements on top of the copy,
    /// as the old array destroys what it holds; growing four times over makes a third as many.
    /// Capacity that is never filled is never touched, so it takes no memory, only addresses.
    @inline(never)
    static func grow(_ list: inout [Value]) {
        let count = list.count
        let capacity = grownCapacity(list)
        list = [Value](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            list.withUnsafeMutableBufferPointer { old in
                buffer.baseAddress!.moveInitialize(from: old.baseAddress!, count: count)
                // The old array destroys its elements when it goes; nil is what it finds.
                old.baseAddress!.initialize(repeating: .null, count: count)
            }
            initialized = count
        }
    }

    /// `grow`, once the memory for the grown list is measured (`Limits.maxMemory`).
    @inline(never)
    static func grow(_ list: inout [Value], _ rt: Runtime, _ span: Span, _ file: SourceFile) throws {
        try rt.checkMemory(ProcessMemory.bytes(ofValues: grownCapacity(list)), span, file)
        grow(&list)
    }

    /// The capacity `grow` gives `list`; all of it counts against `ulimit -v`, filled or not.
    static func grownCapacity(_ list: [Value]) -> Int {
        list.capacity < quadrupleBelow ? 4 * list.capacity : 2 * list.capacity
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
