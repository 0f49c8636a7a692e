// Functions as values: built-in, host-defined, or written in Summit.

/// A function value. Functions compare by identity.
public final class Function: @unchecked Sendable {
    /// The name it was defined with, or `<lambda>`.
    public let name: String
    let kind: Kind

    enum Kind {
        case builtin(Builtin)
    }

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
