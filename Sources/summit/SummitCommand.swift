// The `summit` command: runs a script, an expression, standard input, or the REPL.
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

@main
enum SummitCommand {
    static func main() {
        System.tuneAllocator()
        switch Arguments(Array(CommandLine.arguments.dropFirst())) {
        case .help:
            StandardOutput.write(Arguments.helpText)
            StandardOutput.flush()
        case .version:
            StandardOutput.write(Version.text + "\n")
            StandardOutput.flush()
        case .usageError(let message):
            message.utf8CString.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
            exit(ExitStatus.usage.rawValue)
        case .run(let run):
            let status = self.run(run)
            if status != .success { exit(status.rawValue) }
        }
    }

    private static func run(_ options: Arguments.Run) -> ExitStatus {
        let interpreter = Interpreter()
        interpreter.capabilities = .fileAccess
        let status: ExitStatus
        if options.kernel {
            interpreter.define("args", .list([]))
            status = KernelMode.run(interpreter: interpreter)
        } else if let expression = options.expression {
            let arguments = [options.script].compactMap { $0 } + options.arguments
            interpreter.define("args", .list(arguments.map { .string($0) }))
            status = Runner.evaluate(expression, file: "<expr>", printingResult: true, in: interpreter)
        } else if let script = options.script, script != "-" {
            interpreter.define("args", .list(options.arguments.map { .string($0) }))
            status = Runner.runFile(script, in: interpreter)
        } else if options.script == nil && isatty(0) == 1 {
            interpreter.define("args", .list([]))
            REPL(interpreter: interpreter, options: REPLOptions(quiet: options.quiet, version: Version.text)).run()
            status = .success
        } else {
            interpreter.define("args", .list(options.arguments.map { .string($0) }))
            status = Runner.runStandardInput(in: interpreter)
        }
        StandardOutput.flush()
        // The interpreter is not freed on this (main) thread's small stack: freeing a deeply nested
        // value that a global holds recurses as deep as the value. The process is ending anyway.
        _ = Unmanaged.passRetained(interpreter)
        return status
    }
}

enum Version {
    static let text = "summit 0.1.0"
}
