// The embedding API's centre: an interpreter with its globals, its facts and its limits.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Summit interpreter: evaluates source text against its globals and its fact base.
///
/// An interpreter is not `Sendable`: make it, use it and drop it on one task or thread. Other tasks
/// may stop a running evaluation through its ``cancellation`` handle, which is `Sendable`.
/// `Value` and `SummitError` are `Sendable`, so results and errors may go anywhere.
public final class Interpreter {
    let runtime = Runtime()
    /// Files already imported, by path, so each runs once.
    private var imported = Set<String>()
    /// Whether `import` may read files. The `summit` command grants it; embedded interpreters
    /// start without it.
    public var allowsFileAccess = false

    /// Makes an interpreter with the built-in functions and the built-in fact base.
    public convenience init() {
        self.init(facts: FactBase.builtin)
    }

    init(facts: FactBase) {
        for builtin in Builtin.core {
            runtime.define(builtin.name, .function(Function(name: builtin.name, kind: .builtin(builtin))))
        }
        load(facts)
        runtime.importer = { [unowned self] path, isPath, from, span in
            try self.importModule(path, isPath: isPath, from: from, span: span)
        }
    }

    /// Binds the facts' globals and functions and keeps their sources for `source(x)`.
    func load(_ facts: FactBase) {
        for builtin in facts.functions {
            runtime.define(builtin.name, .function(Function(name: builtin.name, kind: .builtin(builtin))))
        }
        for (name, fact) in facts.globals { runtime.define(name, fact.value) }
        runtime.facts.globals += facts.globals
        runtime.facts.memberFacts.merge(facts.memberFacts) { _, new in new }
        runtime.facts.functions += facts.functions
        builtinNames = Set(runtime.globalNames)
    }

    /// The names bound before the user defined anything.
    private var builtinNames = Set<String>()

    /// Where `print` writes. By default, standard output.
    public var output: @Sendable (String) -> Void {
        get { runtime.output }
        set { runtime.output = newValue }
    }

    /// The limits that every evaluation runs under.
    public var limits: Limits {
        get { runtime.limits }
        set { runtime.limits = newValue }
    }

    /// Stops a running evaluation from another thread or task.
    public var cancellation: CancellationHandle { runtime.cancellation }

    /// Evaluates source text and gives the value of its last statement (nil when that is not an
    /// expression). Definitions stay for later calls.
    ///
    /// - Parameters:
    ///   - source: Summit statements.
    ///   - file: the name errors show for this text.
    /// - Throws: `SummitError`; the interpreter stays usable afterwards.
    @discardableResult
    public func eval(_ source: String, file: String = "<expr>") throws -> Value {
        let sourceFile = SourceFile(name: file, text: source)
        // Once for the parser, the compiler and the run, which all happen on this thread.
        runtime.measureStack()
        let code = try compile(sourceFile)
        return try execute(code)
    }

    /// Reads and runs a script file; `import "x.summit"` in it is relative to its folder.
    /// Reading the file needs ``allowsFileAccess``.
    @discardableResult
    public func run(file path: String) throws -> Value {
        guard allowsFileAccess else {
            throw SummitError(.io, "cannot read \(path): the host has not granted file access")
        }
        let text = try SourceReader.read(path)
        imported.insert(SourceReader.absolute(path))
        return try eval(text, file: path)
    }

    /// Binds a global name to a value, replacing any earlier binding.
    public func define(_ name: String, _ value: Value) {
        runtime.define(name, value, constant: false)
    }

    /// The value of a global, or nil when it is not bound.
    public subscript(name: String) -> Value? {
        guard let slot = runtime.globalIndex[name], runtime.globalDefined[slot] else { return nil }
        return runtime.globals[slot]
    }

    // MARK: Compiling and running

    func compile(_ file: SourceFile) throws -> (code: Code, frameSize: Int) {
        var parser = Parser(file)
        parser.stackLimit = runtime.stackLimit
        let statements = parser.parseProgram()
        if var first = parser.errors.first {
            first.otherErrors = Array(parser.errors.dropFirst())
            throw first
        }
        return try Compiler.compile(statements, file: file, runtime: runtime)
    }

    /// Runs a compiled chunk as the outermost evaluation, with fresh limits.
    private func execute(_ chunk: (code: Code, frameSize: Int)) throws -> Value {
        let rt = runtime
        rt.cancellation.reset()
        rt.steps = 0
        rt.callDepth = 0
        rt.deadline = rt.limits.timeout.map(Runtime.deadline(after:)) ?? .max
        rt.base = 0
        rt.top = 0
        rt.boxes.removeAll(keepingCapacity: true)
        rt.captures = []
        defer {
            for slot in 0..<rt.top { rt.stack[slot] = .null }
            rt.base = 0
            rt.top = 0
            rt.boxes.removeAll(keepingCapacity: true)
            rt.control = .none
            rt.returnValue = .null
        }
        return try runNested(chunk)
    }

    /// Runs a chunk in a frame above the running one, as `import` does.
    private func runNested(_ chunk: (code: Code, frameSize: Int)) throws -> Value {
        let rt = runtime
        let savedBase = rt.base, savedTop = rt.top, savedBoxBase = rt.boxBase, savedBoxes = rt.boxes.count
        let savedCaptures = rt.captures
        rt.base = rt.top
        rt.reserve(chunk.frameSize)
        rt.top = rt.base + chunk.frameSize
        defer {
            for slot in rt.base..<rt.top { rt.stack[slot] = .null }
            rt.base = savedBase
            rt.top = savedTop
            rt.boxes.removeLast(rt.boxes.count - savedBoxes)
            rt.boxBase = savedBoxBase
            rt.captures = savedCaptures
        }
        return try chunk.code(rt)
    }

    private func importModule(_ name: String, isPath: Bool, from: SourceFile, span: Span) throws {
        let key: String
        let text: String
        let fileName: String
        if isPath {
            guard allowsFileAccess else {
                throw SummitError(.io, "cannot import \"\(name)\": the host has not granted file access", at: span, in: from)
            }
            let path = SourceReader.relative(name, to: from.name)
            key = SourceReader.absolute(path)
            fileName = path
            if imported.contains(key) { return }
            do { text = try SourceReader.read(path) } catch var error as SummitError {
                error.location = from.location(of: span)
                throw error
            }
        } else {
            guard let module = Stdlib.modules[name] else {
                throw SummitError(.io, "no module named '\(name)'" + Operators.didYouMean(name, Array(Stdlib.modules.keys))
                                  + " (modules: \(Stdlib.modules.keys.sorted().joined(separator: ", ")))", at: span, in: from)
            }
            key = "stdlib:" + name
            fileName = "stdlib/\(name).summit"
            if imported.contains(key) { return }
            text = module
        }
        imported.insert(key)
        _ = try runNested(compile(SourceFile(name: fileName, text: text)))
    }
}
