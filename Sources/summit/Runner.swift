// Running scripts and expressions for the command: errors to standard error, exit statuses
// as sysexits(3) has them.
import CStack
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// The command's exit statuses.
enum ExitStatus: Int32 {
    case success = 0
    case usage = 64
    case syntaxError = 65
    case fileError = 66
    case runtimeError = 70

    init(_ error: SummitError) {
        switch error.kind {
        case .syntax: self = .syntaxError
        case .runtime, .limit: self = .runtimeError
        case .io: self = .fileError
        }
    }
}

enum Runner {
    /// Evaluates source text; with `printingResult`, prints the value unless it is nil.
    static func evaluate(_ source: String, file: String, printingResult: Bool, in interpreter: Interpreter) -> ExitStatus {
        reportingErrors {
            let value = try interpreter.eval(source, file: file)
            if printingResult, value != .null { StandardOutput.write(try interpreter.displayText(value)) }
        }
    }

    /// Runs a script file; a pipe named as the script (`/dev/stdin`, `<(...)`) is read as standard
    /// input is, which `run(file:)` refuses since it may wait for its writer.
    static func runFile(_ path: String, in interpreter: Interpreter) -> ExitStatus {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO {
            return reportingErrors {
                _ = try interpreter.eval(try SourceReader.read(path, allowingPipes: true), file: path)
            }
        }
        return reportingErrors { _ = try interpreter.run(file: path) }
    }

    /// Runs `body` on the large stack; an error is reported and becomes the exit status.
    private static func reportingErrors(_ body: () throws -> Void) -> ExitStatus {
        do {
            try onLargeStack(body)
            return .success
        } catch let error as SummitError {
            report(error)
            return ExitStatus(error)
        } catch {
            report(SummitError(.runtime, "\(error)"))
            return .runtimeError
        }
    }

    /// Runs the script on standard input, read to its end (at most `SourceReader.maxFileSize`).
    static func runStandardInput(in interpreter: Interpreter) -> ExitStatus {
        let text: String
        do {
            text = try SourceReader.text(of: SourceReader.readAll(0, name: "<stdin>"), name: "<stdin>")
        } catch let error as SummitError {
            report(error)
            return .fileError
        } catch {
            return .fileError
        }
        return evaluate(text, file: "<stdin>", printingResult: false, in: interpreter)
    }

    /// Writes a diagnostic to standard error, after whatever the program printed.
    static func report(_ error: SummitError) {
        StandardOutput.flush()
        var text = error.description + "\n"
        text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }

    /// The size of the stack a script runs on.
    static let largeStackSize = 512 << 20

    /// Runs `body` on a large stack, so that deep recursion in a script ends in a "call depth
    /// exceeded" error rather than a crash. The stack is the main thread's own (Sources/CStack),
    /// not a thread's: with one thread, glibc's malloc and free take their single-threaded path.
    static func onLargeStack<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, Error>?
        withoutActuallyEscaping(body) { body in
            var run: (UnsafeMutableRawPointer, Int) -> Void = { low, size in
                result = Result { try Interpreter.running(onStackAt: low, size: size, body) }
            }
            let status = withUnsafeMutablePointer(to: &run) { run in
                cs_run_on_stack(largeStackSize, { context, low, size in
                    context!.assumingMemoryBound(to: ((UnsafeMutableRawPointer, Int) -> Void).self).pointee(low!, size)
                }, run)
            }
            // No stack to be had: run here, with the stack this thread has.
            if status != 0 { result = Result { try body() } }
        }
        return try result!.get()
    }
}
