// The libFuzzer target: arbitrary bytes through the lexer, the parser and the evaluator, under
// tight limits and with the built-in facts, so that any trap, overflow or sanitizer report is a bug.
// It is compiled together with SummitKit's sources (see fuzz/run), so it reaches internal API too.

/// One interpreter for the whole run, as a host would keep one: bindings carry over between
/// inputs, which also exercises redefinition. Output is discarded.
nonisolated(unsafe) private var interpreter: Interpreter = {
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    interpreter.limits = Limits(maxSteps: 20_000, maxCallDepth: 200, maxCollectionSize: 10_000,
                                maxStringSize: 100_000, timeout: 1)
    return interpreter
}()

nonisolated(unsafe) private var runs = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSummit(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Text as a host would pass it: invalid UTF-8 repaired, as String(decoding:) does.
    let text = String(decoding: bytes, as: UTF8.self)
    runs += 1
    checkRoundTrip(text)
    // A fresh interpreter now and then, so that state piled up by earlier inputs does not hide bugs.
    if runs % 500 == 0 {
        let fresh = Interpreter()
        fresh.output = interpreter.output
        fresh.limits = interpreter.limits
        interpreter = fresh
    }
    do {
        let value = try interpreter.eval(text, file: "<fuzz>")
        // As the command shows a value: within the string limit (a value that shares its parts is
        // a tree of 2^40 elements to `description`).
        _ = try interpreter.describe(value)
    } catch let error as SummitError {
        _ = error.description
    } catch {
        fatalError("eval threw a non-Summit error: \(error)")
    }
    return 0
}

/// AddressSanitizer's options for this target: no fake stacks (the interpreter's stack guard reads
/// the address of a local to see how deep the native stack is), and no leak report at exit (leaks
/// are looked for separately; see docs in the report of issue 7).
@_cdecl("__asan_default_options")
public func asanDefaultOptions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(("detect_stack_use_after_return=0:detect_leaks=0" as StaticString).utf8Start)
        .assumingMemoryBound(to: CChar.self)
}

/// A second oracle besides "no crash": a program that parses prints (ASTPrinter) as text that
/// parses to the same tree.
private func checkRoundTrip(_ text: String) {
    var parser = Parser(SourceFile(name: "<fuzz>", text: text))
    let statements = parser.parseProgram()
    guard parser.errors.isEmpty else { return }
    let printed = ASTPrinter.print(statements)
    var again = Parser(SourceFile(name: "<printed>", text: printed))
    let reparsed = again.parseProgram()
    if let error = again.errors.first {
        // Printing adds parentheses, so a program at the nesting bound may go past it when printed.
        if error.message.hasPrefix("nesting too deep") || error.message.hasPrefix("expression too long") { return }
        fatalError("the printed program does not parse: \(error)\n--- printed ---\n\(printed)")
    }
    let reprinted = ASTPrinter.print(reparsed)
    if reprinted != printed {
        fatalError("the printed program reparses differently\n--- printed ---\n\(printed)\n--- reprinted ---\n\(reprinted)")
    }
}
