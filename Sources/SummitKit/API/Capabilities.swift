// What an interpreter may do besides compute. Summit code has no way to reach files, the
// environment or processes except through capabilities the host grants here or functions it defines.

/// What Summit code may do beyond computing and printing, granted by the host.
///
/// An interpreter starts with none: it cannot read or write files, and the language has no access
/// to the environment or to processes at all. The `summit` command grants ``fileAccess`` to its
/// scripts.
///
/// ```swift
/// let interpreter = Interpreter(capabilities: .fileAccess)
/// try interpreter.run(file: "report.summit")
/// ```
public struct Capabilities: OptionSet, Sendable, Hashable {
    /// The bits of the set.
    public let rawValue: Int

    /// A set of capabilities from its bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Reading and writing files: `import "path.summit"`, `read_text`, `read_lines`, `read_csv`,
    /// `read_json`, `write` and `load_facts` in Summit code, and `Interpreter.run(file:)` from the
    /// host. Without it each throws a ``SummitError`` of kind ``SummitError/Kind/io``. Modules of
    /// the standard library (`import sets`) are built in and need no capability.
    public static let fileAccess = Capabilities(rawValue: 1 << 0)

    /// Every capability there is.
    public static let all: Capabilities = [.fileAccess]
}
