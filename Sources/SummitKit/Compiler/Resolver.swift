// The resolver: the scope analysis of a chunk, in a pass of its own before the compiler (as
// starlark-go's resolve/resolve.go). It decides, for every name a chunk declares or uses, where
// the name lives at run time: a stack slot, a box (a local that an inner function captures), a
// capture (a variable of an enclosing function) or a global. The compiler asks it, by the offset
// of the name in the source, and keeps no scopes of its own.
//
// Whether a local lives in a box depends on uses that come after its declaration, so the walk runs
// twice: the first only learns which locals inner functions use, the second gives every name its
// place. Both are the same code, so the scoping rules are written once.

/// What the resolver decided for one use of a local or a capture (a global has none: the compiler
/// asks the runtime for its slot).
struct NameUse {
    /// The offset of the name in the source.
    let offset: Int
    /// Where the name lives: a slot, a box or a capture.
    let place: Place
    /// Whether a local or a capture may be assigned (a global's constancy is the runtime's).
    let mutable: Bool
    /// Whether the name is a local of the function that uses it (a slot or a box), as opposed to a
    /// capture or a global.
    let isOwnLocal: Bool
    /// Whether the variable is a function's parameter, for messages.
    let isParameter: Bool
    /// Whether the name is declared inside the innermost `where` predicate around the use, in the
    /// same function: its `it`, or a local of a block in the predicate.
    let boundInPredicate: Bool
}

/// Where a function's variables live: its frame and boxes, and what its closure captures.
struct FunctionLayout {
    /// The offset of the function's declaration.
    var key = 0
    /// Stack slots the frame needs: parameters first, then locals.
    var frameSize = 0
    /// Boxes the frame needs for its captured locals.
    var boxCount = 0
    /// For each capture, in order, the box or capture of the enclosing function it comes from.
    var captures: [CaptureSource] = []
    /// For each parameter that a closure captures, the box it moves into.
    var parameterBoxes: [(parameter: Int, box: Int)] = []
}

/// A local's place, by the key of its declaration (see `Resolver.key`).
struct Declaration {
    let key: Int
    let place: Place
}

/// The resolver's answers for one chunk. Each kind is an array in the order of its keys, searched
/// by halves: a dictionary keyed by Int would make the Swift runtime look up Int's conformance to
/// Hashable at its first use, a scan of every conformance in the binary (about 130,000
/// instructions, a tenth of start-up). Only the uses of locals and captures are kept: a name
/// with no use here is a global, so a chunk that names only globals (`count(signed)`) makes no
/// array of uses, whose type the runtime would make at its first use (about 12,000 instructions).
struct Resolution {
    /// Each use of a local or a capture, in the order of the names' offsets.
    var uses: [NameUse] = []
    /// Each local's place, in the order of the declarations' keys.
    var declarations: [Declaration] = []
    /// Each function's layout, in the order of the functions' offsets.
    var functions: [FunctionLayout] = []
    /// The layout of the chunk's own frame: its top-level bindings are globals, but the variables
    /// of its loops and blocks are locals.
    var chunk = FunctionLayout()

    /// The use of a local or a capture at `offset`; nil for a global.
    func use(at offset: Int) -> NameUse? { Resolution.find(offset, in: uses) { $0.offset } }

    /// The place of the local declared at `key`.
    func place(ofDeclaration key: Int) -> Place? { Resolution.find(key, in: declarations) { $0.key }?.place }

    /// The layout of the function declared at `key`.
    func function(at key: Int) -> FunctionLayout? { Resolution.find(key, in: functions) { $0.key } }

    /// Puts each kind in the order of its keys.
    mutating func sort() {
        uses.sort { $0.offset < $1.offset }
        declarations.sort { $0.key < $1.key }
        functions.sort { $0.key < $1.key }
    }

    private static func find<T>(_ key: Int, in items: [T], _ keyOf: (T) -> Int) -> T? {
        var low = 0, high = items.count
        while low < high {
            let middle = (low + high) / 2
            if keyOf(items[middle]) < key { low = middle + 1 } else { high = middle }
        }
        return low < items.count && keyOf(items[low]) == key ? items[low] : nil
    }
}

struct Resolver {
    /// A variable declared in a scope.
    private struct Declared {
        let key: Int
        let place: Place
        let mutable: Bool
        let isParameter: Bool
    }

    /// One function (or the chunk) being resolved.
    private final class Function {
        let parent: Function?
        var scopes: [[String: Declared]] = []
        var nextSlot = 0, maxSlots = 0
        var nextBox = 0, maxBoxes = 0
        var captureIndex: [String: Int] = [:]
        var captures: [CaptureSource] = []
        var captureMutable: [Bool] = []
        /// The scope of each `where` predicate being resolved, innermost last.
        var predicateScopes: [Int] = []

        init(parent: Function?) { self.parent = parent }

        func lookup(_ name: String) -> (declared: Declared, scope: Int)? {
            for scope in scopes.indices.reversed() {
                if let declared = scopes[scope][name] { return (declared, scope) }
            }
            return nil
        }
    }

    /// The declarations that an inner function uses: they live in boxes.
    private var captured: Set<Int>
    /// Whether this walk keeps its answers: the first only learns `captured`.
    private let answers: Bool
    private var function = Function(parent: nil)
    private var resolution = Resolution()

    private init(captured: Set<Int>, answers: Bool) {
        self.captured = captured
        self.answers = answers
    }

    /// The key of a declaration: the offset of its name (of the `fn` keyword for a function).
    static func key(_ span: Span) -> Int { span.start }

    /// The key of a `where` predicate's `it`, which has no name in the source.
    static func itKey(_ whereSpan: Span) -> Int { -1 - whereSpan.start }

    /// Resolves a chunk whose top-level bindings are globals, not locals.
    static func resolve(_ statements: [Stmt]) -> Resolution {
        var first = Resolver(captured: [], answers: false)
        first.chunk(statements)
        var second = Resolver(captured: first.captured, answers: true)
        second.chunk(statements)
        second.resolution.sort()
        return second.resolution
    }

    private mutating func chunk(_ statements: [Stmt]) {
        for statement in statements {
            switch statement {
            case .binding(_, _, let value, _, _): expression(value)
            case .function(let decl): self.function(decl)
            default: self.statement(statement)
            }
        }
        resolution.chunk = FunctionLayout(frameSize: function.maxSlots, boxCount: function.maxBoxes)
    }

    // MARK: Scopes and names

    private mutating func scoped(_ body: (inout Resolver) -> Void) {
        function.scopes.append([:])
        let savedSlot = function.nextSlot, savedBox = function.nextBox
        body(&self)
        function.scopes.removeLast()
        function.nextSlot = savedSlot
        function.nextBox = savedBox
    }

    /// Declares a local in the innermost scope: a box when an inner function uses it.
    private mutating func declare(_ name: String, key: Int, mutable: Bool) {
        let place: Place
        if captured.contains(key) {
            place = .box(function.nextBox)
            function.nextBox += 1
            function.maxBoxes = max(function.maxBoxes, function.nextBox)
        } else {
            place = .slot(function.nextSlot)
            function.nextSlot += 1
            function.maxSlots = max(function.maxSlots, function.nextSlot)
        }
        function.scopes[function.scopes.count - 1][name] = Declared(key: key, place: place, mutable: mutable, isParameter: false)
        if answers { resolution.declarations.append(Declaration(key: key, place: place)) }
    }

    /// A use of a name: a local of this function, a capture from an enclosing one, or a global.
    private mutating func use(_ name: String, _ span: Span) {
        if !answers {  // the first walk only learns which locals are captured
            if function.lookup(name) == nil { _ = capture(name, in: function) }
            return
        }
        let use: NameUse
        if let (declared, scope) = function.lookup(name) {
            let inPredicate = function.predicateScopes.last.map { scope >= $0 } ?? false
            use = NameUse(offset: span.start, place: declared.place, mutable: declared.mutable, isOwnLocal: true,
                          isParameter: declared.isParameter, boundInPredicate: inPredicate)
        } else if let (index, mutable) = capture(name, in: function) {
            use = NameUse(offset: span.start, place: .capture(index), mutable: mutable, isOwnLocal: false,
                          isParameter: Resolver.isParameter(name, from: function.parent), boundInPredicate: false)
        } else {
            return  // a global
        }
        resolution.uses.append(use)
    }

    /// The capture through which `function` reaches `name`, a local of an enclosing function, made
    /// on its first use (and in each function between); nil when no enclosing function declares it.
    private mutating func capture(_ name: String, in function: Function) -> (index: Int, mutable: Bool)? {
        if let index = function.captureIndex[name] { return (index, function.captureMutable[index]) }
        guard let parent = function.parent else { return nil }
        let source: CaptureSource
        let mutable: Bool
        if let (declared, _) = parent.lookup(name) {
            captured.insert(declared.key)
            // In the first walk no local is a box yet: the second one makes the capture.
            guard case .box(let box) = declared.place else { return nil }
            source = .box(box)
            mutable = declared.mutable
        } else if let outer = capture(name, in: parent) {
            source = .capture(outer.index)
            mutable = outer.mutable
        } else {
            return nil
        }
        let index = function.captures.count
        function.captures.append(source)
        function.captureMutable.append(mutable)
        function.captureIndex[name] = index
        return (index, mutable)
    }

    /// Whether the nearest declaration of `name` from `function` outwards is a parameter.
    private static func isParameter(_ name: String, from function: Function?) -> Bool {
        var current = function
        while let state = current {
            if let (declared, _) = state.lookup(name) { return declared.isParameter }
            current = state.parent
        }
        return false
    }

    // MARK: The walk

    private mutating func function(_ decl: FunctionDecl) {
        let outer = function
        function = Function(parent: outer)
        var parameterBoxes: [(parameter: Int, box: Int)] = []
        scoped { resolver in
            let state = resolver.function
            // Parameters take the first slots, in order, where the caller put the arguments; one
            // that a closure captures moves into a box when the call begins.
            for (i, parameter) in decl.parameters.enumerated() {
                let key = Resolver.key(parameter.span)
                var place = Place.slot(i)
                if resolver.captured.contains(key) {
                    place = .box(state.nextBox)
                    parameterBoxes.append((i, state.nextBox))
                    state.nextBox += 1
                }
                state.scopes[0][parameter.name] = Declared(key: key, place: place, mutable: true, isParameter: true)
                if resolver.answers { resolver.resolution.declarations.append(Declaration(key: key, place: place)) }
            }
            state.nextSlot = decl.parameters.count
            state.maxSlots = decl.parameters.count
            state.maxBoxes = state.nextBox
            resolver.block(decl.body)
        }
        let state = function
        function = outer
        if answers { resolution.functions.append(FunctionLayout(key: Resolver.key(decl.span), frameSize: state.maxSlots, boxCount: state.maxBoxes,
                                                   captures: state.captures, parameterBoxes: parameterBoxes)) }
    }

    private mutating func block(_ block: Block) {
        scoped { resolver in for statement in block.statements { resolver.statement(statement) } }
    }

    private mutating func statement(_ statement: Stmt) {
        switch statement {
        case .expression(let e): expression(e)
        case .binding(let name, let nameSpan, let value, let mutable, _):
            expression(value)  // before the name is declared: `let x = x` reads an outer `x`
            declare(name, key: Resolver.key(nameSpan), mutable: mutable)
        case .assign(let target, _, let value, _):
            expression(target)
            expression(value)
        case .function(let decl):
            declare(decl.name, key: Resolver.key(decl.span), mutable: false)  // first: it may call itself
            function(decl)
        case .return(let value, _):
            if let value { expression(value) }
        case .break, .continue, .import:
            break
        case .for(let name, let nameSpan, let sequence, let body, _):
            expression(sequence)
            scoped { resolver in
                resolver.declare(name, key: Resolver.key(nameSpan), mutable: true)
                resolver.block(body)
            }
        case .while(let condition, let body, _):
            expression(condition)
            block(body)
        }
    }

    private mutating func expression(_ expr: Expr) {
        switch expr {
        case .literal: break
        case .string(let parts, _):
            for case .interpolation(let e) in parts { expression(e) }
        case .name(let name, let span): use(name, span)
        case .list(let items, _), .set(let items, _): items.forEach { expression($0) }
        case .record(let fields, _): fields.forEach { expression($0.value) }
        case .negate(let e, _), .not(let e, _), .member(let e, _, _): expression(e)
        case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _), .index(let a, let b, _):
            expression(a)
            expression(b)
        case .where(let source, let predicate, let span):
            expression(source)
            scoped { resolver in
                resolver.declare("it", key: Resolver.itKey(span), mutable: false)
                resolver.function.predicateScopes.append(resolver.function.scopes.count - 1)
                resolver.expression(predicate)
                resolver.function.predicateScopes.removeLast()
            }
        case .call(let callee, let arguments, _):
            expression(callee)
            arguments.forEach { expression($0) }
        case .slice(let object, let start, let end, let step, _):
            expression(object)
            for part in [start, end, step] { if let part { expression(part) } }
        case .try(let body, let fallback, _, _):
            expression(body)
            expression(fallback)
        case .function(let decl): function(decl)
        case .if(let condition, let then, let otherwise, _):
            expression(condition)
            block(then)
            if let otherwise { expression(otherwise) }
        case .block(let b): block(b)
        }
    }
}
