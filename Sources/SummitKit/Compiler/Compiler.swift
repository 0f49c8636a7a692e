// The compiler's driver: a syntax tree to a tree of Swift closures. The resolver (Resolver.swift)
// has decided first where every variable lives (a stack slot, a box, a capture or a global slot),
// so that running code never looks a name up. Statements, expressions and places are compiled in
// the Compiler+*.swift files, and the fast paths that the reference mode leaves out are in FastPaths/.

/// Compiled code in a form that an array or an optional can hold. A closure stored in a generic
/// container directly is kept there at maximal abstraction and called through two conversion thunks;
/// a struct's stored closure is not.
struct Compiled {
    let run: Code
}

/// A compiled condition, held in a struct for the same reason as `Compiled`.
struct CompiledTest {
    let run: (Runtime) throws -> Bool
}

struct Compiler {
    let file: SourceFile
    let runtime: Runtime
    /// The reference mode, like the switches of Wren's `wren_common.h`: every operator, element,
    /// member, condition, assignment and call is compiled through its general path, each rule's one
    /// definition (`Operators`, `Runtime.invoke`), and none of the fast paths (OperatorCode.swift,
    /// CountCode.swift, the readers in place, the fused updates and returns). Decided once per
    /// node, at compile time: the fast paths cost nothing more when it is off. Copied from the
    /// runtime once, so that asking costs no access to it. The conformance suite and the
    /// differential test run both ways and must agree.
    let reference: Bool
    /// Where every name of the chunk lives, decided before compiling (Resolver.swift).
    let resolution: Resolution
    var function: FunctionState
    var errors: [SummitError] = []
    /// Where each of `errors` is, to give them in the order of the source.
    var errorSpans: [Span] = []

    /// Compiles a chunk of top-level statements; its `let`, `var` and `fn` bind globals.
    static func compile(_ statements: [Stmt], file: SourceFile, runtime: Runtime) throws -> (code: Code, frameSize: Int) {
        var compiler = Compiler(file: file, runtime: runtime, reference: runtime.reference, resolution: Resolver.resolve(statements),
                                function: FunctionState(isTopLevel: true))
        let codes = statements.map { Compiled(run: compiler.topLevel($0)) }
        if var first = compiler.sortedErrors.first {
            first.otherErrors = Array(compiler.sortedErrors.dropFirst())
            throw first
        }
        let frameSize = compiler.resolution.chunk.frameSize
        let boxCount = compiler.resolution.chunk.boxCount
        let run = Compiler.sequence(codes)
        return ({ rt in
            rt.boxBase = rt.boxes.count
            for _ in 0..<boxCount { rt.boxes.append(Box(.null)) }
            return try run(rt)
        }, frameSize)
    }

    /// Reports an error at compile time, once: a fast path that gives up may compile a part again.
    mutating func error(_ message: String, _ span: Span) {
        if errorSpans.indices.contains(where: { errorSpans[$0] == span && errors[$0].message == message }) { return }
        if let error = SummitError.bounded(errors.count, .syntax, message, at: span, in: file) {
            errors.append(error)
            errorSpans.append(span)
        }
    }

    /// The errors in the order of the source, as they would be found reading it, whatever order
    /// the compiler built the code in (a fast path may compile a statement's parts in another);
    /// a note that there were too many stays last.
    var sortedErrors: [SummitError] {
        let capped = errors.count > SummitError.maxReported
        let counted = capped ? errors.count - 1 : errors.count
        let order = (0..<counted).sorted { (errorSpans[$0].start, $0) < (errorSpans[$1].start, $1) }
        return order.map { errors[$0] } + (capped ? [errors[counted]] : [])
    }

    /// Adds the location of `span` to an error thrown without one.
    @inline(__always)
    static func located<T>(_ span: Span, _ file: SourceFile, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw locate(error, span, file)
        }
    }

    /// `error` with the location of `span` when it is a SummitError without one. Out of line, so
    /// that the code `located` wraps keeps a small frame on its usual path.
    @inline(never)
    static func locate(_ error: any Error, _ span: Span, _ file: SourceFile) -> any Error {
        guard var error = error as? SummitError, error.location == nil else { return error }
        error.location = file.location(of: span)
        return error
    }
}
