// The state of a running program: a value stack of frames, the globals, the boxes of captured
// variables, the pending control transfer, and the limits the host set.
//
// The runtime's invariants, which the compiler's code and the calls rely on (written once, here):
//
// - What moves. Anything that may run Summit code (a call, an operand that is not a constant or a
//   variable, a built-in that calls back, `import`) may grow the value stack, which reallocates it
//   (`reserve`), and may define a global, which moves the globals' memory (`reserveGlobals`). No
//   address in the stack or the globals (`rt.stack + slot`, `rt.globals + slot`,
//   `VariablePlace.pointer`) is held across such code: it is found afresh after it. Slot numbers
//   and `base` are indexes and stay valid; `registers` itself never moves.
// - The stack. Every slot from `top` up holds nil: whatever lowers `top` clears the slots it gives
//   up (`popSlots`), so a push writes with nothing to destroy. A frame is the slots from `base`,
//   the arguments first, to `base + frameSize`; a call puts `base` back and pops to where its
//   arguments began on every way out, an error included.
// - Control. After a statement, `control` is `.none` unless a `break`, `continue` or `return` is
//   on its way out; `returnValue` holds a value only while `control` is `.returnFromFunction`.
// - References not counted, and what keeps each alive:
//   - `Function.prototype`: the function's own `kind` holds the prototype.
//   - a call through a global (`callThroughGlobal`) counts no reference to the function it runs:
//     while `globalCalls[slot]` is above zero, `storeGlobal`, the one way a global's value is
//     replaced, keeps a replaced function in `retired` until the last such call returns.
//   - `unaryBuiltin(inGlobal:)`: only the standard library's built-ins have a unary body, and
//     those live as long as the process.
//   - `CallContext`'s runtime: the runtime outlives every call it makes. `Callee.closure`: the
//     callee's `value` holds the function.
//   - `Value.entityBits` (the readers' `entityBits`, `count(a op b)`): the bits of a set where a
//     variable or constant holds it, valid while it holds them; used only with no code run between
//     the read and the use.
// - Boxes. `boxes[boxBase...]` are the running frame's captured locals and `captures` the running
//   closure's; a call that changes either puts both back on every way out (`runCapturing`).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A captured variable, shared between the frame that declared it and the closures that use it.
final class Box {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Compiled code: evaluates against a runtime and gives a value.
typealias Code = (Runtime) throws -> Value

/// A pending transfer of control out of a block: `break`, `continue` or `return`.
enum Control {
    case none, breakLoop, continueLoop, returnFromFunction
}

/// A function written in Summit, compiled once.
final class Prototype {
    let name: String
    let parameterNames: [String]
    let arity: Int
    /// Stack slots the frame needs: parameters first, then locals.
    let frameSize: Int
    /// Boxes the frame needs for its captured locals.
    let boxCount: Int
    /// For each parameter, the box it moves into when a closure captures it.
    let parameterBoxes: [(parameter: Int, box: Int)]
    let body: Code
    /// The capture through which a local recursive function reaches itself. The closure holds a
    /// placeholder there and each call fills in a box of its own, so that the closure does not
    /// keep alive the box that keeps it alive (a reference cycle, leaked at every call of the
    /// enclosing function).
    let selfCapture: Int?
    let span: Span
    let file: SourceFile
    /// For a function that only reads a member of its one parameter (`c => c.name`), the member:
    /// the built-ins that call a function per element read it directly (see `Callee`).
    let memberRead: String?
    /// The `serial` of the runtime that compiled it: its code reads that runtime's globals by slot,
    /// so another runtime must not run it (a `Value` carrying a closure can be sent anywhere).
    let owner: UInt64

    // Every property is a constant: a class's variables would each cost an exclusivity check per call.
    init(name: String, parameterNames: [String], frameSize: Int, boxCount: Int,
         parameterBoxes: [(parameter: Int, box: Int)], selfCapture: Int?, body: @escaping Code, span: Span,
         file: SourceFile, owner: UInt64, memberRead: String? = nil) {
        self.owner = owner
        self.memberRead = memberRead
        self.name = name
        self.parameterNames = parameterNames
        self.arity = parameterNames.count
        self.frameSize = frameSize
        self.boxCount = boxCount
        self.parameterBoxes = parameterBoxes
        self.selfCapture = selfCapture
        self.body = body
        self.span = span
        self.file = file
    }
}

enum CaptureSource {
    case box(Int)
    case capture(Int)
}

extension UnsafeMutablePointer where Pointee == Registers {
    /// Clears the slots from `start` to the top, and lowers the top to `start`: the one way the
    /// top comes down (see `Registers.top`). A walk that writes nil over numbers with no destroy.
    @inline(__always)
    func popSlots(to start: Int) {
        var slot = pointee.stack + start
        let end = pointee.stack + pointee.top
        while slot < end {
            slot.overwrite(with: .null)
            slot += 1
        }
        pointee.top = start
    }
}

/// The state that compiled code reads and writes on every step. It sits behind a pointer: each
/// stored property of a class costs a dynamic exclusivity check per access, a pointee does not.
struct Registers {
    var stack: UnsafeMutablePointer<Value>
    var stackCapacity: Int
    /// The first slot of the running frame.
    var base = 0
    /// The first free slot. Every slot from here on holds nil: whatever lowers `top` clears the
    /// slots it gives up, so that a push need not destroy what it writes over.
    var top = 0
    var boxes: [Box] = []
    var boxBase = 0
    /// The captures of the running closure.
    var captures: [Box] = []
    /// Empty argument arrays kept for the next calls of built-ins.
    var spareArguments: [[Value]] = []
    /// Values of globals replaced while a call through them ran (see `Runtime.storeGlobal`), each
    /// with its global's slot, kept until no call through that global runs (`callThroughGlobal`).
    var retired: [(slot: Int, value: Value)] = []
    /// The globals' values and whether each is bound, by slot: `globalCount` of them, with room
    /// for `globalCapacity`. Plain memory, like the stack, so that a store checks no uniqueness.
    var globals: UnsafeMutablePointer<Value>
    var globalDefined: UnsafeMutablePointer<Bool>
    /// How many calls made through each global are running (see `Runtime.storeGlobal`).
    var globalCalls: UnsafeMutablePointer<Int>
    var globalCount = 0
    var globalCapacity: Int
    var control = Control.none
    var returnValue = Value.null
    /// The steps counted so far, and the steps left before the limits are next checked: the steps
    /// taken are `steps - stepsLeft` (see `Runtime.step`).
    var steps = 0
    var stepsLeft = 0
    var callDepth = 0
    var limits = Limits()
    /// The lowest address the native stack may reach before a call is refused.
    var stackLimit: UInt = 0
}

final class Runtime {
    let registers: UnsafeMutablePointer<Registers>

    var stack: UnsafeMutablePointer<Value> {
        get { registers.pointee.stack }
        set { registers.pointee.stack = newValue }
    }
    var stackCapacity: Int {
        get { registers.pointee.stackCapacity }
        set { registers.pointee.stackCapacity = newValue }
    }
    var base: Int {
        get { registers.pointee.base }
        set { registers.pointee.base = newValue }
    }
    var top: Int {
        get { registers.pointee.top }
        set { registers.pointee.top = newValue }
    }
    var boxes: [Box] {
        _read { yield registers.pointee.boxes }
        _modify { yield &registers.pointee.boxes }
    }
    var boxBase: Int {
        get { registers.pointee.boxBase }
        set { registers.pointee.boxBase = newValue }
    }
    var captures: [Box] {
        _read { yield registers.pointee.captures }
        _modify { yield &registers.pointee.captures }
    }
    var retired: [(slot: Int, value: Value)] {
        _read { yield registers.pointee.retired }
        _modify { yield &registers.pointee.retired }
    }
    /// Read afresh at each use: a new global may move them.
    var globals: UnsafeMutablePointer<Value> { registers.pointee.globals }
    var globalDefined: UnsafeMutablePointer<Bool> { registers.pointee.globalDefined }
    var globalCount: Int { registers.pointee.globalCount }
    var control: Control {
        get { registers.pointee.control }
        set { registers.pointee.control = newValue }
    }
    var returnValue: Value {
        _read { yield registers.pointee.returnValue }
        _modify { yield &registers.pointee.returnValue }
    }
    var callDepth: Int {
        get { registers.pointee.callDepth }
        set { registers.pointee.callDepth = newValue }
    }

    /// Whether a global was bound with `let` (or `fn`), and so cannot be assigned.
    var globalConstant: [Bool] = []
    /// Whether a global was bound by the program's own code (`let`, `var` or `fn` at the top level
    /// of a script, the REPL or an imported file), as opposed to a built-in or a fact: inside
    /// `where`, a bare name that is both one of these and a member of the elements is ambiguous.
    var globalUserBound: [Bool] = []
    /// The names of the global slots, for messages, and the slot of each name.
    var globalNames: [String] = []
    var globalIndex: [String: Int] = [:]
    /// The number of global slots when the built-in fact base's globals were bound, or nil when
    /// they are not: from then on, a new name is looked for among them.
    var builtinGlobalsStart: Int?
    /// The number of global slots when the data built-ins (`Builtin.dataIO`) were bound, or nil
    /// when they are not: like the fact base's globals, each is bound when its name is first used.
    var dataBuiltinsStart: Int?

    var limits: Limits {
        get { registers.pointee.limits }
        set { registers.pointee.limits = newValue }
    }
    var stackLimit: UInt {
        get { registers.pointee.stackLimit }
        set { registers.pointee.stackLimit = newValue }
    }
    var deadline: UInt64 = .max
    /// The limit checks made, of which one in 64 measures the memory.
    var memoryChecks = 0
    let cancellation = CancellationHandle()
    var output: @Sendable (String) -> Void = StandardOutput.write
    /// The fact base whose sources `source(x)` reports.
    var facts = FactBase()
    /// What the host lets Summit code do besides compute: read and write files.
    var capabilities: Capabilities = []
    /// Whether code is compiled in the reference mode, through `Operators` alone, with none of the
    /// compiler's fast paths (see `Compiler.reference`): set by SUMMIT_REFERENCE=1 in the
    /// environment, read once, when the runtime is made. The tests run both ways and compare.
    var reference = Runtime.referenceByDefault
    /// Set by the interpreter: runs another file or module for `import`.
    var importer: ((_ path: String, _ isPath: Bool, _ from: SourceFile, _ span: Span) throws -> Void)?
    /// A number no other runtime of the process has, for telling its closures apart from those
    /// of another interpreter, live or gone (an address could be reused; a serial is not).
    let serial = Runtime.serials.add(1, ordering: .relaxed).newValue
    private static let serials = Atomic<UInt64>(0)
    /// SUMMIT_REFERENCE=1 in the environment when the runtime is made.
    static var referenceByDefault: Bool {
        guard let setting = getenv("SUMMIT_REFERENCE") else { return false }
        return strcmp(setting, "1") == 0
    }

    init() {
        let capacity = 1 << 8  // grows as calls nest deeper
        let stack = UnsafeMutablePointer<Value>.allocate(capacity: capacity)
        stack.initialize(repeating: .null, count: capacity)
        registers = .allocate(capacity: 1)
        registers.initialize(to: Registers(stack: stack, stackCapacity: capacity,
                                           globals: .allocate(capacity: 0), globalDefined: .allocate(capacity: 0),
                                           globalCalls: .allocate(capacity: 0), globalCapacity: 0))
    }

    deinit {
        stack.deinitialize(count: stackCapacity)
        stack.deallocate()
        globals.deinitialize(count: globalCount)
        globals.deallocate()
        globalDefined.deallocate()
        registers.pointee.globalCalls.deallocate()
        registers.deinitialize(count: 1)
        registers.deallocate()
    }

    /// Makes room for `count` more slots above `top`.
    func reserve(_ count: Int) {
        guard top + count > stackCapacity else { return }
        var capacity = stackCapacity * 2
        while top + count > capacity { capacity *= 2 }
        let grown = UnsafeMutablePointer<Value>.allocate(capacity: capacity)
        grown.moveInitialize(from: stack, count: stackCapacity)
        (grown + stackCapacity).initialize(repeating: .null, count: capacity - stackCapacity)
        stack.deallocate()
        stack = grown
        stackCapacity = capacity
    }

    /// After a loop body stopped early: whether the loop goes on (`continue`) or ends (`break`,
    /// or a `return`, which stays pending for the function).
    func continuesLoop() -> Bool {
        switch control {
        case .continueLoop:
            control = .none
            return true
        case .breakLoop:
            control = .none
            return false
        default:
            return false
        }
    }

    // MARK: Globals

    func globalSlot(_ name: String) -> Int {
        // One hash of the name, whether it is new or not.
        let next = globalCount
        let slot = Runtime.slot(in: &globalIndex[name], next)
        guard slot == next else { return slot }
        if next == registers.pointee.globalCapacity { reserveGlobals(1) }
        (globals + next).initialize(to: .null)
        (globalDefined + next).initialize(to: false)
        (registers.pointee.globalCalls + next).initialize(to: 0)
        registers.pointee.globalCount = next + 1
        globalConstant.append(false)
        globalUserBound.append(false)
        globalNames.append(name)
        // A global of the built-in fact base is bound when its name is first used.
        if builtinGlobalsStart != nil, let position = BuiltinGlobals.position(of: name) {
            bindBuiltinGlobal(slot, at: position)
        } else if dataBuiltinsStart != nil {
            bindDataBuiltin(slot, named: name)
        }
        return slot
    }

    private func bindBuiltinGlobal(_ slot: Int, at position: Int) {
        globals[slot] = BuiltinGlobals.value(at: position)
        globalDefined[slot] = true
        globalConstant[slot] = true
        globalUserBound[slot] = false
    }

    /// The slot of a bound global, if the name is bound.
    func boundSlot(_ name: String) -> Int? {
        if let slot = globalIndex[name] { return globalDefined[slot] ? slot : nil }
        let isFact = builtinGlobalsStart != nil && BuiltinGlobals.position(of: name) != nil
        guard isFact || (dataBuiltinsStart != nil && Builtin.dataBuiltin(named: name) != nil) else { return nil }
        return globalSlot(name)
    }

    /// Binds the globals of the built-in fact base. Each is made when a program first uses its name
    /// (in `globalSlot`), except those whose names are already bound: they are replaced now.
    func bindBuiltinGlobals() {
        if builtinGlobalsStart == nil { builtinGlobalsStart = globalCount }
        for (slot, name) in globalNames.enumerated() {
            if let position = BuiltinGlobals.position(of: name) { bindBuiltinGlobal(slot, at: position) }
        }
    }

    /// Whether a bound global holds the built-in fact base's value for its name.
    func holdsBuiltinGlobal(_ slot: Int) -> Bool {
        guard builtinGlobalsStart != nil, let position = BuiltinGlobals.position(of: globalNames[slot]) else { return false }
        return globals[slot] == BuiltinGlobals.value(at: position)
    }

    /// The bound global names in the order they were first bound, those of the built-in fact base
    /// all in their place, whether a program has used them yet or not.
    var boundGlobalNames: [String] {
        var defined = globalNames.indices.filter { globalDefined[$0] }
        if let dataStart = dataBuiltinsStart {
            // The data built-ins in their place, whether used or not, unless a name holds another value.
            defined.removeAll { holdsDataBuiltin($0) }
            let data = Builtin.dataIONames.filter { name in globalIndex[name].map { !globalDefined[$0] || holdsDataBuiltin($0) } ?? true }
            let split = defined.firstIndex { $0 >= dataStart } ?? defined.endIndex
            let names = defined.map { globalNames[$0] }
            return withBuiltinGlobals(Array(names[..<split]) + data, Array(defined[split...]))
        }
        return withBuiltinGlobals([], defined)
    }

    /// The names of `defined` slots after `first`, with those of the built-in fact base in their place.
    private func withBuiltinGlobals(_ first: [String], _ defined: [Int]) -> [String] {
        guard let start = builtinGlobalsStart else { return first + defined.map { globalNames[$0] } }
        let before = first + defined.prefix { $0 < start }.map { globalNames[$0] }
        let builtin = BuiltinGlobals.names.filter { name in globalIndex[name].map { $0 >= start } ?? true }
        let after = defined.drop { $0 < start }.map { globalNames[$0] }.filter { BuiltinGlobals.position(of: $0) == nil }
        return before + builtin + after
    }

    /// Makes room for `count` more globals at once, rather than growing the tables name by name.
    /// The values' memory moves, so no code may hold a global's address across this.
    func reserveGlobals(_ count: Int) {
        let total = globalNames.count + count
        globalIndex.reserveCapacity(total)
        globalNames.reserveCapacity(total)
        globalConstant.reserveCapacity(total)
        globalUserBound.reserveCapacity(total)
        let r = registers
        guard total > r.pointee.globalCapacity else { return }
        let capacity = max(total, r.pointee.globalCapacity * 2), count = r.pointee.globalCount
        r.pointee.globals = Runtime.moved(r.pointee.globals, count: count, capacity: capacity)
        r.pointee.globalDefined = Runtime.moved(r.pointee.globalDefined, count: count, capacity: capacity)
        r.pointee.globalCalls = Runtime.moved(r.pointee.globalCalls, count: count, capacity: capacity)
        r.pointee.globalCapacity = capacity
    }

    /// The `count` elements at `old` moved to new memory with room for `capacity`; `old` is freed.
    private static func moved<T>(_ old: UnsafeMutablePointer<T>, count: Int, capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }

    /// Stores a global's value. A call through a global counts no reference to the function it
    /// runs; while one runs, a function the store replaces is kept until the evaluation ends, so
    /// that the code it runs stays alive. Every store that can replace a global's value comes here.
    @inline(__always)
    func storeGlobal(_ slot: Int, _ value: Value) {
        let r = registers
        if r.pointee.globalCalls[slot] != 0 { retire(slot) }
        r.pointee.globals[slot] = value
    }

    @inline(never)
    private func retire(_ slot: Int) {
        if case .function = globals[slot] { retired.append((slot, globals[slot])) }
    }

    /// Lets go of the values global `slot` held while calls through it ran, once none runs.
    @inline(never)
    func releaseRetired(from slot: Int) {
        retired.removeAll { $0.slot == slot }
    }

    private static func slot(in entry: inout Int?, _ next: Int) -> Int {
        if let slot = entry { return slot }
        entry = next
        return next
    }

    /// Binds a global, replacing any earlier binding.
    func define(_ name: String, _ value: Value, constant: Bool = true) {
        let slot = globalSlot(name)
        storeGlobal(slot, value)
        globalDefined[slot] = true
        globalConstant[slot] = constant
        globalUserBound[slot] = false
    }

    // MARK: Limits

    /// Counts a step and, every 1,024 steps and at the step limit, checks the limits: a count down
    /// to the next check, so that a step is a decrement and a branch.
    @inline(__always)
    func step(_ site: Site) throws {
        registers.pointee.stepsLeft &-= 1
        if registers.pointee.stepsLeft <= 0 { try stepsRanOut(site) }
    }

    /// Counts `count` steps at once, as `count` calls of `step` would.
    @inline(__always)
    func step(_ site: Site, count: Int) throws {
        registers.pointee.stepsLeft &-= count
        if registers.pointee.stepsLeft <= 0 { try stepsRanOut(site) }
    }

    /// Checks the limits when the count down reaches zero, and starts the next: of 1,024 steps, or
    /// fewer where the step limit falls sooner.
    @inline(never)
    private func stepsRanOut(_ site: Site) throws {
        try checkLimits(site.span, site.file)
        let r = registers
        let taken = r.pointee.steps &- r.pointee.stepsLeft
        let next = min(1 << 10, limits.maxSteps &- taken)
        r.pointee.steps = taken &+ next
        r.pointee.stepsLeft = next
    }

    /// Starts counting steps from zero, for a new evaluation.
    func resetSteps() {
        registers.pointee.steps = 0
        registers.pointee.stepsLeft = 0
    }

    func checkLimits(_ span: Span, _ file: SourceFile) throws {
        if registers.pointee.steps &- registers.pointee.stepsLeft >= limits.maxSteps {
            throw SummitError(.limit, "step limit exceeded (\(limits.maxSteps) steps)", at: span, in: file)
        }
        if cancellation.isCancelled {
            throw SummitError(.limit, "interrupted", at: span, in: file)
        }
        if deadline != .max, Runtime.now() > deadline {
            throw SummitError(.limit, "time limit exceeded (\(Value.format(limits.timeout ?? 0)) s)", at: span, in: file)
        }
        // The memory, measured at one check in 64 (65,536 steps): many small values add up too.
        memoryChecks &+= 1
        if memoryChecks & 63 == 0, limits.maxMemory != .max,
           let error = ProcessMemory.excess(adding: 0, limit: limits.maxMemory) {
            throw SummitError(error.kind, error.message, at: span, in: file)
        }
    }

    /// Checks that making a block of `bytes` keeps the process within `limits.maxMemory`.
    @inline(__always)
    func checkMemory(_ bytes: Int, _ span: Span, _ file: SourceFile) throws {
        if bytes >= ProcessMemory.checkFrom, limits.maxMemory != .max { try memoryRanOut(bytes, span, file) }
    }

    @inline(never)
    private func memoryRanOut(_ bytes: Int, _ span: Span, _ file: SourceFile) throws {
        if let error = ProcessMemory.excess(adding: bytes, limit: limits.maxMemory) {
            throw SummitError(error.kind, error.message, at: span, in: file)
        }
    }

    /// The clock reading `seconds` from now: `.max` (never) for a time too far off to count in
    /// nanoseconds, for infinity and for NaN; now for a negative time.
    static func deadline(after seconds: Double) -> UInt64 {
        let nanoseconds = max(0, seconds) * 1e9
        guard nanoseconds < 1.8e19 else { return .max }  // also false for NaN
        let (deadline, overflow) = now().addingReportingOverflow(UInt64(nanoseconds))
        return overflow ? .max : deadline
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The approximate address of the top of the native stack.
    @inline(__always)
    static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Sets `stackLimit` for the running thread, keeping a margin below it for Swift itself.
    func measureStack() {
        let (start, size) = ThreadStack.bounds()
        let here = Runtime.stackAddress()
        // Without the thread's bounds, or when `here` is not inside them (as with AddressSanitizer's
        // fake stacks), assume the smallest common stack: 512 KiB below here.
        var bottom = here > 512 << 10 ? here - (512 << 10) : 0
        if here > start, here - start <= size { bottom = start }
        stackLimit = bottom + min(256 << 10, (here - bottom) / 4)
    }

    /// Checks a collection of `count` elements about to be made against the size and memory limits.
    @inline(never)  // a slow path where the fast ones compare with the limit first
    func checkSize(_ count: Int, _ span: Span, _ file: SourceFile) throws {
        if count > limits.maxCollectionSize {
            throw SummitError(.limit, "collection too large (\(count) elements; the limit is \(limits.maxCollectionSize))", at: span, in: file)
        }
        try checkMemory(ProcessMemory.bytes(ofValues: count), span, file)
    }

    /// Checks a string of `count` bytes about to be made against the size and memory limits.
    @inline(never)  // a slow path where the fast ones compare with the limit first
    func checkString(_ count: Int, _ span: Span, _ file: SourceFile) throws {
        if count > limits.maxStringSize {
            throw SummitError(.limit, "string too large (\(count) bytes; the limit is \(limits.maxStringSize))", at: span, in: file)
        }
        try checkMemory(count, span, file)
    }
}

/// A function value that a built-in calls for each element (`map`, `filter`, `reduce`...): a
/// function written in Summit is taken out of the value once, here, not at every call. Any other
/// value is called (or refused, with the same error) as it is, element by element.
struct Callee {
    let value: Value
    /// The function written in Summit that `value` holds, and its prototype, not counted again:
    /// `value` holds them. Unmanaged, because an `unowned(unsafe)` reference is still counted when
    /// it is loaded into a local.
    let closure: (function: Unmanaged<Function>, prototype: Unmanaged<Prototype>)?
    /// The member the function reads, when all it does is read one of its parameter's
    /// (`Prototype.memberRead`).
    let member: String?

    init(_ value: Value) {
        self.value = value
        if case .function(let function) = value, let prototype = function.prototype {
            closure = (.passUnretained(function), prototype)
            member = prototype._withUnsafeGuaranteedRef { $0.memberRead }
        } else {
            closure = nil
            member = nil
        }
    }
}

/// What a built-in can do besides compute from its arguments: call back into Summit, write output.
struct CallContext {
    /// The runtime making the call, which outlives it: unmanaged, so that using it counts no
    /// reference (an `unowned(unsafe)` one is counted when it is loaded into a local).
    private let unmanagedRuntime: Unmanaged<Runtime>
    /// The call.
    let site: Site

    init(runtime: Runtime, site: Site) {
        unmanagedRuntime = .passUnretained(runtime)
        self.site = site
    }

    var runtime: Runtime { unmanagedRuntime.takeUnretainedValue() }

    /// The value as text (`print`'s form, or quoted as the REPL shows it), within the string
    /// limit and polling the time limit and a cancellation as it is written.
    func text(of value: Value, quoted: Bool = false) throws -> String {
        if !quoted, case .string(let s) = value { return s }
        var out = ""
        var budget = DisplayBudget(maxBytes: runtime.limits.maxStringSize, stackLimit: runtime.stackLimit,
                                   maxMemory: runtime.limits.maxMemory) { try self.poll(0) }
        try value.write(to: &out, quoted: quoted, budget: &budget)
        return out
    }

    /// A set's elements in display order, their texts written within the string limit.
    func sorted(_ set: ValueSet) throws -> [Value] {
        var budget = DisplayBudget(maxBytes: runtime.limits.maxStringSize, stackLimit: runtime.stackLimit,
                                   maxMemory: runtime.limits.maxMemory) { try self.poll(0) }
        return try set.sorted(budget: &budget)
    }

    /// Calls a function value with arguments.
    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try runtime.call(function, arguments, site)
    }

    /// Calls a function value with one argument, as `map` does for each element.
    func call(_ callee: Callee, _ argument: Value) throws -> Value {
        // `c => c.name` on an element that has the member gives it with no call (MemberRead.swift).
        if let member = callee.member, let value = Compiler.presentMember(member, of: argument) { return value }
        guard let closure = callee.closure else { return try runtime.call(callee.value, argument, nil, site) }
        return try unmanagedRuntime._withUnsafeGuaranteedRef { runtime in
            let argumentBase = runtime.top
            runtime.push(argument)
            return try closure.function._withUnsafeGuaranteedRef { function in
                try runtime.invokeClosure(closure.prototype, function, argumentBase: argumentBase, count: 1, site)
            }
        }
    }

    /// Calls a function value with two arguments, as `reduce` does for each element.
    func call(_ callee: Callee, _ first: Value, _ second: Value) throws -> Value {
        guard let closure = callee.closure else { return try runtime.call(callee.value, first, second, site) }
        return try unmanagedRuntime._withUnsafeGuaranteedRef { runtime in
            let argumentBase = runtime.top
            runtime.push(first)
            runtime.push(second)
            return try closure.function._withUnsafeGuaranteedRef { function in
                try runtime.invokeClosure(closure.prototype, function, argumentBase: argumentBase, count: 2, site)
            }
        }
    }

    /// Checks the size of a collection a built-in is about to make.
    func checkSize(_ count: Int) throws { try runtime.checkSize(count, site.span, site.file) }

    func checkString(_ count: Int) throws { try runtime.checkString(count, site.span, site.file) }

    func write(_ text: String) { runtime.output(text) }

    /// Checks cancellation, the clock and the step limit every 4,096th `i`, so that a long-running
    /// built-in (a sort of millions) stops like a loop does.
    @inline(__always)
    func poll(_ i: Int) throws {
        if i & 0xFFF == 0 { try unmanagedRuntime._withUnsafeGuaranteedRef { try $0.checkLimits(site.span, site.file) } }
    }
}

/// The calling thread's stack, found once per thread and kept in thread-specific storage: for the
/// main thread, glibc reads /proc/self/maps to find it, which cost 80 µs an evaluation.
enum ThreadStack {
    static let lowKey = makeKey(), sizeKey = makeKey()

    private static func makeKey() -> pthread_key_t {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }

    /// The lowest address and the size of the calling thread's stack; (0, 0) when unknown.
    static func bounds() -> (low: UInt, size: UInt) {
        if let low = pthread_getspecific(lowKey) {
            return (UInt(bitPattern: low), UInt(bitPattern: pthread_getspecific(sizeKey)))
        }
        var attributes = pthread_attr_t()
        var low: UnsafeMutableRawPointer?
        var size = 0
        guard getThreadAttributes(pthread_self(), &attributes) == 0 else { return (0, 0) }
        pthread_attr_getstack(&attributes, &low, &size)
        pthread_attr_destroy(&attributes)
        guard let low else { return (0, 0) }
        pthread_setspecific(lowKey, low)
        pthread_setspecific(sizeKey, UnsafeRawPointer(bitPattern: size))
        return (UInt(bitPattern: low), UInt(size))
    }

    /// Runs `body` with the calling thread's stack taken to be `size` bytes from `low`, then puts
    /// back what was known before.
    static func declaring<T>(low: UnsafeMutableRawPointer, size: Int, _ body: () throws -> T) rethrows -> T {
        let saved = (low: pthread_getspecific(lowKey), size: pthread_getspecific(sizeKey))
        pthread_setspecific(lowKey, low)
        pthread_setspecific(sizeKey, UnsafeRawPointer(bitPattern: size))
        defer {
            pthread_setspecific(lowKey, saved.low)
            pthread_setspecific(sizeKey, saved.size)
        }
        return try body()
    }
}

extension Interpreter {
    /// Runs `body` with the calling thread's stack taken to be `size` bytes from `low`: for the
    /// command, which runs a script on a large stack of the main thread's own, whose bounds the
    /// thread's attributes do not give. Deep recursion is then stopped by this stack's size.
    package static func running<T>(onStackAt low: UnsafeMutableRawPointer, size: Int, _ body: () throws -> T) rethrows -> T {
        try ThreadStack.declaring(low: low, size: size, body)
    }
}

#if os(Linux)
/// glibc's `pthread_getattr_np`, which the Glibc module does not export.
@_silgen_name("pthread_getattr_np")
private func getThreadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#else
private func getThreadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32 { -1 }
#endif

/// Standard output through one buffered C stream. Everything Summit writes to standard output,
/// the command's own output included, goes through here, so that it comes out in order.
package enum StandardOutput {
    nonisolated(unsafe) private static let stream = fdopen(1, "w")

    @Sendable package static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stream) }
    }

    package static func flush() { fflush(stream) }
}
