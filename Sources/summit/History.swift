// The REPL's history file: one entry a line, newlines inside an entry escaped, so a multi-line
// input stays one entry. New entries are appended under an exclusive flock, so REPLs running at
// once merge their entries; compaction writes a temporary file and renames it over the old one,
// so a crash leaves either the old file or the new one, never a truncated one. Compaction copies the
// lines it keeps byte for byte (whatever their encoding or line ending), and writes through a
// symbolic link to its target. Only a regular file is read or written: a device or a FIFO named as
// the history file is left alone, and the history of that session is not saved.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The persistent history of REPL inputs.
struct History {
    /// The most entries the file keeps; older ones are dropped when the file is compacted.
    static let capacity = 10_000

    /// The file, or nil when history is not saved.
    let path: String?
    /// The entries loaded at start and added since, oldest first.
    private(set) var entries: [String] = []

    /// The history file the environment asks for: `SUMMIT_HISTORY` (empty: none), else
    /// `$XDG_STATE_HOME/summit/history`, else `~/.local/state/summit/history`.
    static func defaultPath(environment: (String) -> String? = System.environment) -> String? {
        if let path = environment("SUMMIT_HISTORY") { return path.isEmpty ? nil : path }
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/summit/history"
        }
        guard let home = environment("HOME"), !home.isEmpty else { return nil }
        return home + "/.local/state/summit/history"
    }

    /// The most bytes of the file that are read (64 MiB): of a larger file, the last lines.
    static let maxFileSize = 64 << 20

    /// Why the file is not used, when it exists and is not a regular file (`/dev/null` aside).
    private(set) var problem: String?

    /// A history on `path`, loaded now; a missing or unreadable file gives an empty history.
    init(path: String?) {
        guard let path else { self.path = nil; return }
        let type = Self.fileType(path)
        guard type == nil || type == S_IFREG else {
            self.path = nil
            if path != "/dev/null" {
                problem = "the history file \(path) is not a regular file (\(Self.describe(type!))); history is not saved"
            }
            return
        }
        self.path = path
        entries = Self.withLockedFile(path, create: false, lock: LOCK_EX) { fd in
            var (lines, cut) = Self.lines(Self.readTail(fd))
            if lines.count > Self.capacity || cut {
                lines.removeFirst(max(0, lines.count - Self.capacity))
                Self.replace(path, with: lines)
            }
            return lines.map(Self.decode)
        } ?? []
    }

    /// Adds an entry and appends it to the file. An entry equal to the previous one, or blank, is skipped.
    /// - Returns: whether the entry was added.
    @discardableResult
    mutating func add(_ entry: String) -> Bool {
        var trimmed = Substring(entry)
        while trimmed.last?.isNewline == true { trimmed.removeLast() }
        while trimmed.first?.isNewline == true { trimmed.removeFirst() }
        let entry = String(trimmed)
        guard !entry.trimmed().isEmpty, entry != entries.last else { return false }
        entries.append(entry)
        if let path {
            Self.makeParentDirectory(of: path)
            _ = Self.withLockedFile(path, create: true, lock: LOCK_EX) { fd in
                let line = Array((Self.encode(entry) + "\n").utf8)
                _ = lseek(fd, 0, SEEK_END)
                line.withUnsafeBytes { bytes in _ = write(fd, bytes.baseAddress, bytes.count) }
            }
        }
        return true
    }

    // MARK: - The file format

    /// An entry as one line: `\` becomes `\\` and a newline `\n`.
    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out
    }

    /// The lines of the file's bytes, without their line ends (LF or CRLF) and without empty ones;
    /// and whether the bytes began in the middle of a line, whose start is then dropped.
    static func lines(_ tail: (bytes: [UInt8], cut: Bool)) -> (lines: [ArraySlice<UInt8>], cut: Bool) {
        var lines = tail.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if tail.cut && !lines.isEmpty { lines.removeFirst() }
        return (lines.filter { !$0.isEmpty && !$0.elementsEqual([UInt8(ascii: "\r")]) }, tail.cut)
    }

    /// The entry of one line, undoing `encode`. A line of CRLF ends without its CR; a backslash
    /// before anything but `n`, `r` or `\\` stands for itself.
    static func decode(_ line: ArraySlice<UInt8>) -> String {
        var line = line
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < line.endIndex else { out.append(byte); continue }
            switch line[index] {
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n")); index += 1
            case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r")); index += 1
            case UInt8(ascii: "\\"): out.append(byte); index += 1
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Files

    /// Runs `body` with the file open and locked. A compaction may have renamed a new file over the
    /// one opened while waiting for the lock; then the new file is opened and locked instead.
    private static func withLockedFile<T>(_ path: String, create: Bool, lock: Int32,
                                          _ body: (Int32) -> T) -> T? {
        for _ in 0..<10 {
            let fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | (create ? O_CREAT : 0), 0o600)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var opened = stat(), current = stat()
            guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else { return nil }
            guard flock(fd, lock) == 0 else { return nil }
            if stat(path, &current) == 0, current.st_ino == opened.st_ino, current.st_dev == opened.st_dev {
                return body(fd)
            }
        }
        return nil
    }

    /// The file's type (`S_IFREG`, `S_IFCHR`...), following symbolic links; nil when it does not exist.
    private static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    private static func describe(_ type: mode_t) -> String {
        [S_IFCHR: "a character device", S_IFBLK: "a block device", S_IFIFO: "a FIFO", S_IFDIR: "a directory",
         S_IFSOCK: "a socket"][type] ?? "a special file"
    }

    /// The last `maxFileSize` bytes of the file, and whether bytes before them were left unread.
    private static func readTail(_ fd: Int32) -> (bytes: [UInt8], cut: Bool) {
        let size = Int(lseek(fd, 0, SEEK_END))
        let start = max(0, size - maxFileSize)
        _ = lseek(fd, off_t(start), SEEK_SET)
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count < maxFileSize {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, maxFileSize - data.count)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return (data, start > 0)
    }

    /// Writes `lines` (each with a newline, byte for byte) to a temporary file beside the file that
    /// `path` names (its target, when `path` is a symbolic link), then renames it over that file.
    /// The caller holds the lock on the old file, so no entry can be appended to it meanwhile.
    private static func replace(_ path: String, with lines: [ArraySlice<UInt8>]) {
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        var original = stat()
        let mode = stat(target, &original) == 0 ? original.st_mode & 0o7777 : 0o600
        let temporary = target + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return }
        var text: [UInt8] = []
        for line in lines { text += line; text.append(UInt8(ascii: "\n")) }
        var written = 0
        while written < text.count {
            let n = text.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        let ok = written == text.count && fsync(fd) == 0
        close(fd)
        if ok { _ = rename(temporary, target) } else { unlink(temporary) }
    }

    private static func makeParentDirectory(of path: String) {
        let parent = System.directoryPart(path)
        guard !parent.isEmpty else { return }
        System.makeDirectories(parent)
    }
}
