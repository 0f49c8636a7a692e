// Scopes: the compiler asks the resolver (Resolver.swift) where each name lives, and keeps only
// what it needs of the function it compiles: its loops and its `where` predicates.

/// A variable the compiler knows about in the function being compiled.
struct Local {
    let place: Place
    let mutable: Bool
}

/// A `where` predicate being compiled: what its bare names may mean.
struct Predicate {
    /// The element's variable.
    let it: Local
    /// Whether the predicate names `it`: then a bare name that is one of the program's variables
    /// means the variable, even where the element has a member of that name.
    let namesIt: Bool
    /// The elements, when they are known as the predicate is compiled (a fact such as `signed`).
    let elements: Value?
}

/// The state of one function (or of the top-level chunk) while it is compiled.
final class FunctionState {
    let isTopLevel: Bool
    var loopDepth = 0
    /// The `where` predicates being compiled, innermost last.
    var predicates: [Predicate] = []

    init(isTopLevel: Bool) {
        self.isTopLevel = isTopLevel
    }
}

extension Compiler {
    // MARK: Scopes

    /// Compiles `body` in a new scope. (The code goes through `scoped` in a `Compiled`: a closure
    /// returned bare through a generic result is stored at maximal abstraction and pays a
    /// conversion thunk on every call.) The scopes themselves are the resolver's: its answers,
    /// found by the offset of each name, already say which declaration a name means.
    mutating func withScope(_ body: (inout Compiler) -> Code) -> Code {
        scoped { Compiled(run: body(&$0)) }.run
    }

    /// A block's statements, each compiled in one new scope.
    mutating func statements(of block: Block) -> [Compiled] {
        scoped { compiler in block.statements.map { Compiled(run: compiler.statement($0)) } }
    }

    private mutating func scoped<Result>(_ body: (inout Compiler) -> Result) -> Result {
        body(&self)
    }

    /// A local declared at `key` (see `Resolver.key`), where the resolver put it.
    func declareLocal(key: Int, mutable: Bool) -> Local {
        Local(place: resolution.place(ofDeclaration: key)!, mutable: mutable)
    }

    /// What the resolver decided for the local or capture used at `span`; nil for a global.
    func use(at span: Span) -> NameUse? {
        resolution.use(at: span.start)
    }

    /// Resolves the name used at `span`: a local of this function, a capture from an enclosing
    /// one, or a global.
    mutating func resolve(_ name: String, _ span: Span) -> Local {
        if let use = use(at: span) { return Local(place: use.place, mutable: use.mutable) }
        let slot = runtime.globalSlot(name)
        return Local(place: .global(slot), mutable: !runtime.globalConstant[slot])
    }

    /// Whether the name used at `span` is a local of the function being compiled (not a capture
    /// or a global).
    func isOwnLocal(at span: Span) -> Bool {
        use(at: span)?.isOwnLocal ?? false
    }
}
