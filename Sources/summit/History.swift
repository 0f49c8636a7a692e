// The REPL's history file: one entry a line, newlines inside an entry escaped, so a multi-line
// input stays one entry. New entries are appended under an exclusive flock, so REPLs running at
// once merge their entries; compaction writes a temporary file and renames it over the old one,
// so a crash leaves either the old file or the new one, never a truncated one.
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

    /// A history on `path`, loaded now; a missing or unreadable file gives an empty history.
    init(path: String?) {
        self.path = path
        guard let path else { return }
        entries = Self.withLockedFile(path, create: false, lock: LOCK_EX) { fd in
            var entries = Self.decode(Self.readAll(fd))
            if entries.count > Self.capacity {
                entries.removeFirst(entries.count - Self.capacity)
                Self.replace(path, with: entries)
            }
            return entries
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

    /// The entries of the file's text, undoing `encode`.
    static func decode(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            var out = "", escaped = false
            for c in line {
                if escaped {
                    switch c {
                    case "n": out += "\n"
                    case "r": out += "\r"
                    default: out.append(c)
                    }
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else {
                    out.append(c)
                }
            }
            return out
        }
    }

    // MARK: - Files

    /// Runs `body` with the file open and locked. A compaction may have renamed a new file over the
    /// one opened while waiting for the lock; then the new file is opened and locked instead.
    private static func withLockedFile<T>(_ path: String, create: Bool, lock: Int32,
                                          _ body: (Int32) -> T) -> T? {
        for _ in 0..<10 {
            let fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0o600)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            guard flock(fd, lock) == 0 else { return nil }
            var opened = stat(), current = stat()
            guard fstat(fd, &opened) == 0 else { return nil }
            if stat(path, &current) == 0, current.st_ino == opened.st_ino, current.st_dev == opened.st_dev {
                return body(fd)
            }
        }
        return nil
    }

    private static func readAll(_ fd: Int32) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        _ = lseek(fd, 0, SEEK_SET)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `entries` to a temporary file beside `path`, then renames it over `path`. The caller
    /// holds the lock on the old file, so no entry can be appended to it meanwhile.
    private static func replace(_ path: String, with entries: [String]) {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let text = Array(entries.map { encode($0) + "\n" }.joined().utf8)
        var written = 0
        while written < text.count {
            let n = text.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        let ok = written == text.count && fsync(fd) == 0
        close(fd)
        if ok { _ = rename(temporary, path) } else { unlink(temporary) }
    }

    private static func makeParentDirectory(of path: String) {
        let parent = System.directoryPart(path)
        guard !parent.isEmpty else { return }
        System.makeDirectories(parent)
    }
}
