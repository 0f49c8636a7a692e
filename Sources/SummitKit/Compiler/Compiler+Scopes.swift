// Scopes: the names the compiler knows in the function it compiles, and where each lives (a
// slot, a box, a capture or a global).

/// A variable the compiler knows about in the function being compiled.
struct Local {
    let place: Place
    let mutable: Bool
}

/// A `where` predicate being compiled: what its bare names may mean.
struct Predicate {
    /// The element's variable.
    let it: Local
    /// The number of scopes outside the predicate: names bound in scopes from here on are its own.
    let scopeDepth: Int
    /// Whether the predicate names `it`: then a bare name that is one of the program's variables
    /// means the variable, even where the element has a member of that name.
    let namesIt: Bool
    /// The elements, when they are known as the predicate is compiled (a fact such as `signed`).
    let elements: Value?
}

/// The state of one function (or of the top-level chunk) while it is compiled.
final class FunctionState {
    let parent: FunctionState?
    let isTopLevel: Bool
    var scopes: [[String: Local]] = []
    var nextSlot = 0, maxSlots = 0
    var nextBox = 0, maxBoxes = 0
    var captureIndex: [String: Int] = [:]
    var captureSources: [CaptureSource] = []
    var captureMutable: [Bool] = []
    var loopDepth = 0
    /// The `where` predicates being compiled, innermost last.
    var predicates: [Predicate] = []

    init(parent: FunctionState?, isTopLevel: Bool) {
        self.parent = parent
        self.isTopLevel = isTopLevel
    }

    func lookup(_ name: String) -> Local? {
        for scope in scopes.reversed() { if let local = scope[name] { return local } }
        return nil
    }
}

extension Compiler {
    // MARK: Scopes

    /// Compiles `body` in a new scope. (The code goes through `scoped` in a `Compiled`: a closure
    /// returned bare through a generic result is stored at maximal abstraction and pays a
    /// conversion thunk on every call.)
    mutating func withScope(_ body: (inout Compiler) -> Code) -> Code {
        scoped { Compiled(run: body(&$0)) }.run
    }

    /// A block's statements, each compiled in one new scope.
    mutating func statements(of block: Block) -> [Compiled] {
        scoped { compiler in block.statements.map { Compiled(run: compiler.statement($0)) } }
    }

    private mutating func scoped<Result>(_ body: (inout Compiler) -> Result) -> Result {
        function.scopes.append([:])
        let savedSlot = function.nextSlot, savedBox = function.nextBox
        let result = body(&self)
        function.scopes.removeLast()
        function.nextSlot = savedSlot
        function.nextBox = savedBox
        return result
    }

    /// Declares a local in the innermost scope: a box when an inner function captures it.
    mutating func declareLocal(_ name: String, key: Int, mutable: Bool) -> Local {
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
        let local = Local(place: place, mutable: mutable)
        function.scopes[function.scopes.count - 1][name] = local
        return local
    }

    /// Resolves a name: a local of this function, a capture from an enclosing one, or a global.
    mutating func resolve(_ name: String) -> Local {
        if let local = function.lookup(name) { return local }
        if let capture = Compiler.capture(name, in: function) {
            return capture
        }
        let slot = runtime.globalSlot(name)
        return Local(place: .global(slot), mutable: !runtime.globalConstant[slot])
    }

    private static func capture(_ name: String, in function: FunctionState) -> Local? {
        if let index = function.captureIndex[name] {
            return Local(place: .capture(index), mutable: function.captureMutable[index])
        }
        guard let parent = function.parent else { return nil }
        let source: CaptureSource
        let mutable: Bool
        if let local = parent.lookup(name) {
            guard case .box(let box) = local.place else { return nil }  // globals are not captured
            source = .box(box)
            mutable = local.mutable
        } else if let outer = capture(name, in: parent), case .capture(let index) = outer.place {
            source = .capture(index)
            mutable = outer.mutable
        } else {
            return nil
        }
        let index = function.captureSources.count
        function.captureSources.append(source)
        function.captureMutable.append(mutable)
        function.captureIndex[name] = index
        return Local(place: .capture(index), mutable: mutable)
    }
}
