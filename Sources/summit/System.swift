// The few operating-system services the REPL needs, straight from the C library: the command
// stays free of Foundation, as SummitKit is, which keeps the static binary small and quick to start.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
/// glibc's `mallopt`, which Swift's Glibc module does not declare: two C ints in and one out, which
/// Swift's calling convention passes as C's does.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

enum System {
    /// Lets the C library keep freed blocks of up to 160 bytes, its largest setting (128 by
    /// default), in its fast bins, from which the next allocation of that size takes them back at
    /// once. A record of four fields is a block of 128: a loop that makes records and drops them by
    /// the dozen (`rows = []`) otherwise sends each through glibc's sorted bins, at about 300
    /// instructions an allocation and its free.
    static func tuneAllocator() {
        #if canImport(Glibc)
        _ = mallopt(1, 160)  // M_MXFAST in <malloc.h>
        #endif
    }

    /// The value of an environment variable, or nil when it is unset.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `~` or `~/...` with the home folder in place of the tilde; any other path as it is.
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = environment("HOME") else { return path }
        return home + path.dropFirst()
    }

    /// `path` from the root: as it is when it starts with `/`, else after the working folder.
    static func absolutePath(_ path: String) -> String {
        guard !path.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }

    /// The folder part of a path, with its trailing slash (`a/b/` for `a/b/c`), or "" for none.
    static func directoryPart(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Makes a folder and the folders above it, as `mkdir -p` does.
    static func makeDirectories(_ path: String, mode: mode_t = 0o700) {
        var prefix = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            prefix += component
            if !prefix.isEmpty { _ = mkdir(prefix, mode) }
            prefix += "/"
        }
    }

    /// The names in a folder, without `.` and `..`; empty when it cannot be read.
    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether the path names a folder (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Starts a thread that runs `body`, detached.
    static func startThread(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        if created == 0 { pthread_detach(thread) } else { Unmanaged<Box>.fromOpaque(context).release() }
    }

    /// A number with a fixed count of decimals: `fixed(2.345, 2)` is `2.35`.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        let whole = scaled / scale, fraction = abs(scaled % scale)
        guard decimals > 0 else { return String(whole) }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}

extension StringProtocol {
    /// The text without the spaces, tabs and line breaks at either end.
    func trimmed() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension System {
    /// The width of the terminal on standard output in columns: what the kernel says, else
    /// `COLUMNS`, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment("COLUMNS").flatMap({ Int($0) }), columns > 0 { return columns }
        return 80
    }
}
