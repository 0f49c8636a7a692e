// A pseudo-terminal driver for testing the REPL the way a user meets it: the real `summit` binary
// on a terminal, keys typed, output read until a pattern shows up. The child is started with
// posix_spawn (safe in the multi-threaded test runner, unlike fork) as a session leader that
// opens the pty's slave side, which makes it the controlling terminal, so Ctrl-C sends SIGINT.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process running on a pseudo-terminal.
final class PseudoTerminal {
    enum Failure: Error, CustomStringConvertible {
        case system(String)
        case timeout(waitingFor: String, output: String)
        var description: String {
            switch self {
            case .system(let what): return what
            case .timeout(let pattern, let output):
                return "timed out waiting for \(pattern.debugDescription); output so far:\n\(output.debugDescription)"
            }
        }
    }

    /// Ctrl-C, Ctrl-D, Tab, Return and the up arrow, as a terminal sends them.
    static let interrupt = "\u{03}", endOfFile = "\u{04}", tab = "\t", enter = "\r", up = "\u{1B}[A"

    /// glibc's and musl's POSIX_SPAWN_SETSID, a GNU extension that Swift's Glibc module does not export.
    private static let spawnSetSID: Int32 = 0x80

    let pid: pid_t
    private let master: Int32
    /// Everything read and not yet consumed by `expect`.
    private(set) var pending = ""
    /// Everything read so far.
    private(set) var transcript = ""
    private var status: Int32?

    /// Starts `executable` with `arguments` and exactly `environment` on a new terminal of the given size.
    init(executable: String, arguments: [String] = [], environment: [String: String],
         columns: UInt16 = 100, rows: UInt16 = 30) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var name = [CChar](repeating: 0, count: 4096)
        guard openpty(&master, &slave, &name, nil, &size) == 0 else { throw Failure.system("openpty: \(errno)") }
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        close(slave)
        self.master = master
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid (below), the first terminal the child opens becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(Self.spawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw Failure.system("posix_spawn \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var s: Int32 = 0
            waitpid(pid, &s, 0)
        }
        close(master)
    }

    /// Types text (keys such as `PseudoTerminal.tab` included) as if at the keyboard.
    func send(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue } else { return } }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Types a line and Return.
    func sendLine(_ line: String) { send(line + Self.enter) }

    /// Reads until `pattern` appears in the output; returns the output up to and including it, and
    /// keeps what follows for the next call. Escape sequences are left in; see `plain`.
    @discardableResult
    func expect(_ pattern: String, timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let range = pending.range(of: pattern) {
                let consumed = String(pending[..<range.upperBound])
                pending = String(pending[range.upperBound...])
                return consumed
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw Failure.timeout(waitingFor: pattern, output: pending) }
            if !readAvailable(within: remaining) {
                if status != nil { throw Failure.timeout(waitingFor: pattern, output: pending) }
            }
        }
    }

    /// Reads whatever arrives within `duration` and returns it, consuming it.
    func drain(for duration: Duration = .milliseconds(200)) -> String {
        let deadline = ContinuousClock.now + duration
        while case let remaining = deadline - ContinuousClock.now, remaining > .zero {
            _ = readAvailable(within: remaining)
        }
        defer { pending = "" }
        return pending
    }

    /// Waits for the process to end; returns its exit status, or 128 + the signal that killed it.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while status == nil {
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG)
            if r == pid {
                status = (s & 0x7F) == 0 ? (s >> 8) & 0xFF : 128 + (s & 0x7F)
                break
            }
            if ContinuousClock.now > deadline { throw Failure.timeout(waitingFor: "exit", output: pending) }
            _ = readAvailable(within: .milliseconds(20))
        }
        return status!
    }

    /// Reads what is available within `duration`; returns whether anything was read.
    private func readAvailable(within duration: Duration) -> Bool {
        let milliseconds = Int32(max(1, min(1_000, duration.components.seconds * 1_000
            + duration.components.attoseconds / 1_000_000_000_000_000)))
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, milliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        guard n > 0 else {
            // EIO: the child closed the terminal, usually because it exited.
            var s: Int32 = 0
            if status == nil, waitpid(pid, &s, WNOHANG) == pid {
                status = (s & 0x7F) == 0 ? (s >> 8) & 0xFF : 128 + (s & 0x7F)
            }
            usleep(10_000)
            return false
        }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        pending += text
        transcript += text
        return true
    }

    /// The text with terminal escape sequences and carriage returns removed.
    static func plain(_ text: String) -> String {
        var out = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            if c == "\u{1B}" {
                guard let next = iterator.next() else { break }
                if next == "[" {
                    // CSI: parameters, then one final byte in @...~.
                    while let p = iterator.next(), !(0x40...0x7E).contains(p.value) {}
                }
                continue
            }
            if c == "\r" { continue }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
