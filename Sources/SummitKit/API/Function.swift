// Functions as values: built-in, host-defined, or written in Summit.

/// A function value: built-in, defined by the host, or written in Summit. Functions compare by identity.
///
/// A function written in Summit belongs to the interpreter that made it: call it only through that
/// interpreter, on the task that owns it.
public final class Function: @unchecked Sendable {
    /// The name it was defined with, or `<lambda>`.
    public let name: String
    let kind: Kind
    /// For a function written in Summit, its prototype, read at every call without counting a
    /// reference (`kind` holds the counted one, and neither ever changes). Unmanaged, because an
    /// `unowned(unsafe)` reference is still counted when it is loaded into a local.
    let prototype: Unmanaged<Prototype>?
    /// Whether a call has no captured variables or boxes to set up: the function captures none and
    /// its prototype makes no boxes. Read at every call without touching `kind`.
    let runsPlain: Bool

    enum Kind {
        case builtin(Builtin)
        case closure(Prototype, [Box])
    }

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
        switch kind {
        case .builtin:
            (prototype, runsPlain) = (nil, true)
        case .closure(let prototype, let captures):
            (self.prototype, runsPlain) = (Unmanaged.passUnretained(prototype), captures.isEmpty && prototype.boxCount == 0)
        }
    }

    /// The signature and summary that `help` shows.
    var doc: String {
        switch kind {
        case .builtin(let b): return b.doc
        case .closure(let p, _): return "fn \(p.name)(\(p.parameterNames.joined(separator: ", ")))"
        }
    }
}
