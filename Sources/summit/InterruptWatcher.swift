// Ctrl-C for the REPL. A SIGINT handler may run on any thread and may only do async-signal-safe
// things, so it just writes a byte to a pipe. A watcher thread reads the pipe: during an
// evaluation it cancels the interpreter; otherwise it wakes the line editor, which then discards
// the line being typed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SummitKit
import Synchronization

/// The write end of the pipe the SIGINT handler writes to; set once before the handler is installed.
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// Turns Ctrl-C into a cancellation of the running evaluation or an interruption of line editing.
final class InterruptWatcher: Sendable {
    /// Becomes readable when Ctrl-C is pressed while no evaluation runs; the line editor polls it.
    let lineFD: Int32
    private let lineWriteFD: Int32
    /// The running evaluation's handle and how many Ctrl-Cs it has had.
    private let running = Mutex<(handle: CancellationHandle, presses: Int)?>(nil)

    /// Ctrl-Cs in one evaluation after which the REPL gives up on it and exits: a built-in that
    /// never checks for cancellation (`sort` of a huge list) must not leave the user stuck.
    static let pressesToQuit = 3

    init() {
        var signalFDs: [Int32] = [-1, -1], lineFDs: [Int32] = [-1, -1]
        pipe(&signalFDs)
        pipe(&lineFDs)
        for fd in signalFDs + lineFDs {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        for fd in [signalFDs[1], lineFDs[0], lineFDs[1]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        lineFD = lineFDs[0]
        lineWriteFD = lineFDs[1]
        signalPipe = signalFDs[1]

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            var byte: UInt8 = 1
            _ = write(signalPipe, &byte, 1)
            errno = saved
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)

        let readFD = signalFDs[0]
        System.startThread { [self] in
            var byte: UInt8 = 0
            while true {
                let n = read(readFD, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                let evaluation = running.withLock { running -> (CancellationHandle, Int)? in
                    guard running != nil else { return nil }
                    running!.presses += 1
                    return (running!.handle, running!.presses)
                }
                if let (handle, presses) = evaluation {
                    handle.cancel()
                    if presses >= Self.pressesToQuit {
                        let message = Array("\nsummit: the evaluation does not stop; quitting\n".utf8)
                        _ = write(2, message, message.count)
                        _exit(130)
                    }
                } else {
                    _ = write(lineWriteFD, &byte, 1)
                }
            }
        }
    }

    /// Runs `body` so that Ctrl-C meanwhile calls `handle.cancel()`.
    func cancelling<T>(with handle: CancellationHandle, _ body: () throws -> T) rethrows -> T {
        // A Ctrl-C pressed before the evaluation started belongs to the line, not to it.
        drainLine()
        running.withLock { $0 = (handle, 0) }
        defer { running.withLock { $0 = nil } }
        return try body()
    }

    /// Forgets Ctrl-Cs that arrived while nothing was listening.
    func drainLine() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(lineFD, $0.baseAddress, $0.count) }) > 0 {}
    }
}
