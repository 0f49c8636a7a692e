// The embedding API's centre: an interpreter with its globals, its facts and its limits.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A Summit interpreter: evaluates source text against its globals and its fact base.
///
/// ```swift
/// let interpreter = Interpreter()
/// let value = try interpreter.eval("signed - [US, UK]")
/// ```
///
/// An interpreter is not `Sendable`: make it, use it and drop it on one task or thread, and the
/// compiler keeps it there. Other tasks may stop a running evaluation through its ``cancellation``
/// handle, which is `Sendable`. ``Value`` and ``SummitError`` are `Sendable`, so results and errors
/// may go anywhere. A function value (``Function``) belongs to the interpreter that made it.
///
/// By default an interpreter has no access to files, the environment or processes: Summit code can
/// compute, print through ``output`` and call the functions the host defines. Grant
/// ``Capabilities/fileAccess`` to let it `import` files and to use `run(file:)`.
public final class Interpreter {
    let runtime = Runtime()
    /// Files already imported, by path, so each runs once.
    private var imported = Set<String>()
    /// What host functions need to know about the running evaluation.
    let bridge = HostBridge()
    /// The thread running an evaluation of this interpreter, or 0 when none runs: an interpreter
    /// runs one evaluation at a time (see `exclusively`).
    private let evaluatingThread = Atomic<UInt>(0)

    /// What the interpreter may do beyond computing: none by default. The `summit` command grants
    /// ``Capabilities/fileAccess`` to its scripts.
    public var capabilities: Capabilities {
        get { runtime.capabilities }
        set { runtime.capabilities = newValue }
    }

    /// Makes an interpreter with the core built-in functions, the given facts and capabilities.
    ///
    /// - Parameters:
    ///   - facts: the facts bound as globals: ``Facts/builtin`` (the default), ``Facts/none``, or
    ///     either with facts of the host's added.
    ///   - capabilities: what Summit code may do besides compute; nothing by default.
    public init(facts: Facts = .builtin, capabilities: Capabilities = []) {
        runtime.capabilities = capabilities
        for builtin in Builtin.core + Builtin.incompleteSets {
            runtime.define(builtin.name, .function(Function(name: builtin.name, kind: .builtin(builtin))))
        }
        runtime.dataBuiltinsStart = runtime.globalCount  // bound when first used
        bind(facts.base)
        runtime.importer = { [unowned self] path, isPath, from, span in
            try self.importModule(path, isPath: isPath, from: from, span: span)
        }
    }

    /// Adds facts to the interpreter: their names become globals (replacing any binding of the
    /// same name), and `source(x)`, `where` and ``globalNames`` see them as they see the built-ins.
    public func load(_ facts: Facts) {
        bind(facts.base)
    }

    /// Binds the facts' globals and functions and keeps their sources for `source(x)`.
    func bind(_ facts: FactBase) {
        runtime.reserveGlobals(facts.functions.count + facts.globals.count)
        for builtin in facts.functions {
            runtime.define(builtin.name, .function(Function(name: builtin.name, kind: .builtin(builtin))))
        }
        if facts.includesBuiltinGlobals { runtime.bindBuiltinGlobals() }
        for (name, fact) in facts.globals { runtime.define(name, fact.value) }
        runtime.facts.merge(facts)
        boundGlobals = Array(UnsafeBufferPointer(start: runtime.globals, count: runtime.globalCount))
    }

    /// The facts the interpreter has: those it was made with and those loaded since. A host that
    /// decodes values gives them to the decoder, `decoder.userInfo[.summitFacts] = interpreter.facts`,
    /// so that entities come back as the same entities.
    public var facts: Facts { Facts(base: runtime.facts) }

    /// Every bound global name, in the order the names were first bound: built-in functions, facts,
    /// then the host's and the program's definitions. A REPL completes names from it.
    public var globalNames: [String] { runtime.boundGlobalNames }

    /// The global slots as the built-ins and facts bound them, for telling the user's definitions apart.
    var boundGlobals: [Value] = []

    /// Where `print` writes: a function that gets each piece of text (with its newline). By default,
    /// standard output. Set it to collect output, for instance into a `Mutex<String>`.
    public var output: @Sendable (String) -> Void {
        get { runtime.output }
        set { runtime.output = newValue }
    }

    /// The limits that every evaluation runs under; see ``Limits``. Exceeding one throws a
    /// ``SummitError`` of kind ``SummitError/Kind/limit``, and the interpreter stays usable.
    public var limits: Limits {
        get { runtime.limits }
        set { runtime.limits = newValue }
    }

    /// Stops a running evaluation from another thread or task: pass it (it is `Sendable`) and call
    /// ``CancellationHandle/cancel()``. Each evaluation starts uncancelled.
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
        try eval(source, file: file, resettingCancellation: true)
    }

    /// Evaluates source text; the async `eval` resets the cancellation handle itself, before it
    /// can be cancelled, and so passes false.
    func eval(_ source: String, file: String, resettingCancellation: Bool) throws -> Value {
        try exclusively {
            let sourceFile = SourceFile(name: file, text: source)
            // For the parser and the compiler; `execute` measures again for the run.
            runtime.measureStack()
            let code = try compile(sourceFile)
            return try execute(code, resettingCancellation: resettingCancellation)
        } nested: {
            throw SummitError(.runtime, "cannot evaluate source text while the interpreter runs (from one of its host functions); call a function value with `call(_:with:)` instead")
        }
    }

    /// Runs `body` as the interpreter's one evaluation. From inside a synchronous host function
    /// of the same interpreter (the evaluating thread), runs `nested` instead; from another
    /// thread while an evaluation runs (an interpreter shared through an actor in Swift 5 mode,
    /// an async host function's task), throws: two evaluations at once would share one stack.
    private func exclusively<T>(_ body: () throws -> T, nested: () throws -> T) throws -> T {
        let me = Self.currentThread()
        let (started, owner) = evaluatingThread.compareExchange(expected: 0, desired: me, ordering: .acquiringAndReleasing)
        guard started else {
            if owner == me { return try nested() }
            throw SummitError(.runtime, "the interpreter is already evaluating on another thread; it runs one evaluation at a time (an async host function cannot call back into it)")
        }
        defer { evaluatingThread.store(0, ordering: .releasing) }
        return try body()
    }

    private static func currentThread() -> UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    /// Reads and runs a script file; `import "x.summit"` in it is relative to its folder.
    /// Reading the file needs ``Capabilities/fileAccess``.
    ///
    /// - Throws: `SummitError`, of kind ``SummitError/Kind/io`` when the file cannot be read or
    ///   file access was not granted.
    @discardableResult
    public func run(file path: String) throws -> Value {
        try run(file: path, resettingCancellation: true)
    }

    func run(file path: String, resettingCancellation: Bool) throws -> Value {
        guard capabilities.contains(.fileAccess) else {
            throw SummitError(.io, "cannot read \(path): the host has not granted file access")
        }
        let text = try SourceReader.read(path)
        imported.insert(SourceReader.absolute(path))
        return try eval(text, file: path, resettingCancellation: resettingCancellation)
    }

    /// Calls a function (one that Summit code defined, a built-in or a host function) from Swift,
    /// under the interpreter's limits, as a fresh evaluation.
    ///
    /// ```swift
    /// try interpreter.eval("fn score(c) = count(c.name)")
    /// let f = try interpreter.eval("score").functionValue!
    /// try interpreter.call(f, with: [try interpreter.eval("France")])   // 6
    /// ```
    ///
    /// - Throws: `SummitError`, as `eval` does; an argument-count error is located at `<host>`.
    @discardableResult
    public func call(_ function: Function, with arguments: [Value]) throws -> Value {
        let site = Site(Span(0, 0), SourceFile(name: "<host>", text: ""))
        let value = Value.function(function)
        return try exclusively {
            try execute((code: { rt in try rt.call(value, arguments, site) }, frameSize: 0), resettingCancellation: true)
        } nested: {
            // From a host function the running code called: above its frames, within its limits,
            // as a built-in such as `map` calls a function.
            try runtime.call(value, arguments, site)
        }
    }

    /// Calls the function bound to a global name from Swift: `try interpreter.call("score", with: [x])`.
    ///
    /// - Throws: `SummitError`: a runtime error when the name is not bound to a function.
    @discardableResult
    public func call(_ name: String, with arguments: [Value]) throws -> Value {
        guard case .function(let function)? = self[name] else {
            throw SummitError(.runtime, self[name] == nil ? "undefined name '\(name)'" : "cannot call \(self[name]!.typeName) '\(name)'")
        }
        return try call(function, with: arguments)
    }

    /// The value as `description` shows it, within the interpreter's string limit and stopped by
    /// a cancellation: for the command's `-e`, which prints the value of an untrusted expression.
    package func describe(_ value: Value) throws -> String {
        let cancellation = runtime.cancellation
        runtime.measureStack()
        var out = ""
        var budget = DisplayBudget(maxBytes: limits.maxStringSize, stackLimit: runtime.stackLimit, maxMemory: limits.maxMemory) {
            if cancellation.isCancelled { throw SummitError(.limit, "interrupted") }
        }
        try value.write(to: &out, quoted: true, budget: &budget)
        return out
    }

    /// Binds a global name to a value, replacing any earlier binding. Summit code may assign to it.
    public func define(_ name: String, _ value: Value) {
        runtime.define(name, value, constant: false)
    }

    /// The value of a global, or nil when it is not bound.
    public subscript(name: String) -> Value? {
        guard let slot = runtime.boundSlot(name) else { return nil }
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
    private func execute(_ chunk: (code: Code, frameSize: Int), resettingCancellation: Bool) throws -> Value {
        let rt = runtime
        if resettingCancellation { rt.cancellation.reset() }
        rt.resetSteps()
        rt.callDepth = 0
        rt.deadline = rt.limits.timeout.map(Runtime.deadline(after:)) ?? .max
        // The stack bound of this thread: a host's `call` may come from another than the last eval.
        rt.measureStack()
        rt.base = 0
        rt.top = 0
        rt.boxes.removeAll(keepingCapacity: true)
        rt.captures = []
        defer {
            rt.registers.popSlots(to: 0)
            rt.base = 0
            rt.boxes.removeAll(keepingCapacity: true)
            rt.control = .none
            rt.returnValue = .null
            rt.retired.removeAll()
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
            rt.registers.popSlots(to: savedTop)  // the frame began at the top it found
            rt.base = savedBase
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
            guard capabilities.contains(.fileAccess) else {
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
