// Host functions: Swift closures that Summit code calls like built-ins, with the same argument-count
// and type errors, located at the call. The async variant runs only under `await interpreter.eval`.

/// How many arguments a host function takes: `2`, `.atLeast(1)`, `.between(1, 3)` or `.any`.
///
/// A call with another count is a runtime error at the call, as for a built-in:
/// `f() takes 2 arguments, got 1`.
public struct Arity: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// The counts allowed.
    public let range: ClosedRange<Int>

    /// Between `range.lowerBound` and `range.upperBound` arguments.
    public init(_ range: ClosedRange<Int>) { self.range = range }

    /// Exactly `count` arguments.
    public init(integerLiteral count: Int) { range = count...count }

    /// Exactly `count` arguments.
    public static func exactly(_ count: Int) -> Arity { Arity(count...count) }
    /// `count` arguments or more.
    public static func atLeast(_ count: Int) -> Arity { Arity(count...Int.max) }
    /// From `low` to `high` arguments.
    public static func between(_ low: Int, _ high: Int) -> Arity { Arity(low...high) }
    /// Any number of arguments.
    public static let any = Arity(0...Int.max)
}

/// The arguments of a call to a host function, with typed accessors that report a wrong type the
/// way built-ins do: `bad argument #1 to f() (string expected, got number)`.
///
/// Indices start at 0; messages count from 1, as Summit users do.
public struct Arguments: RandomAccessCollection, Sendable {
    /// The name of the function being called, for messages.
    public let function: String
    /// The argument values in order.
    public let values: [Value]

    /// Arguments of a call to `function`; the interpreter makes these, tests may too.
    public init(_ values: [Value], function: String) {
        self.values = values
        self.function = function
    }

    /// The index of the first argument, 0.
    public var startIndex: Int { 0 }
    /// One past the index of the last argument.
    public var endIndex: Int { values.count }
    /// The argument at an index.
    public subscript(index: Int) -> Value { values[index] }

    /// The argument at `index` as a Swift type, or a runtime error naming the argument when it has
    /// another type, or `nil` when the call has fewer arguments and `T` is an `Optional`.
    public func value<T: ValueConvertible>(at index: Int, as type: T.Type = T.self) throws -> T {
        let value = index < values.count ? values[index] : .null
        guard let converted = T(summitValue: value) else { throw typeError(at: index, expected: T.summitTypeName) }
        return converted
    }

    /// The argument at `index` as a string.
    public func string(at index: Int) throws -> String { try value(at: index) }
    /// The argument at `index` as an integer (a double with an integral value will do).
    public func int(at index: Int) throws -> Int { try value(at: index) }
    /// The argument at `index` as a number.
    public func double(at index: Int) throws -> Double { try value(at: index) }
    /// The argument at `index` as a boolean.
    public func bool(at index: Int) throws -> Bool { try value(at: index) }
    /// The argument at `index` as a list (a set gives its elements in display order).
    public func list(at index: Int) throws -> [Value] { try value(at: index) }
    /// The argument at `index` as a record.
    public func record(at index: Int) throws -> Record { try value(at: index) }
    /// The argument at `index` as a set (a list gives its distinct elements).
    public func set(at index: Int) throws -> ValueSet {
        if index < values.count, case .list(let items) = values[index] { return ValueSet(items) }
        return try value(at: index)
    }
    /// The argument at `index` as an entity, of `kind` when one is given (`"country"`).
    public func entity(at index: Int, kind: String? = nil) throws -> Entity {
        guard index < values.count, case .entity(let e) = values[index], kind == nil || e.kind == kind else {
            throw typeError(at: index, expected: kind ?? "entity")
        }
        return e
    }

    /// The error for an argument of the wrong type, as a built-in reports it.
    public func typeError(at index: Int, expected: String) -> SummitError {
        let got = index < values.count ? values[index].typeName : "no value"
        return SummitError(.runtime, "bad argument #\(index + 1) to \(function)() (\(expected) expected, got \(got))")
    }
}

extension Interpreter {
    /// Binds a global name to a function written in Swift.
    ///
    /// The body runs on the thread that evaluates, during the call. It throws a ``SummitError``
    /// without a location (``Arguments`` makes the usual ones); the interpreter adds the place of
    /// the call. Any other error it throws becomes a runtime error with the error's description.
    ///
    /// ```swift
    /// interpreter.define("shout", arity: 1) { args in
    ///     .string(try args.string(at: 0).uppercased() + "!")
    /// }
    /// ```
    ///
    /// The body is `@Sendable` because a function value can travel with the ``Value`` that holds it;
    /// keep state it shares in a `Mutex` or an actor (and define an `async` function to await one).
    ///
    /// - Parameters:
    ///   - name: the global name.
    ///   - arity: how many arguments it takes; others are an error at the call.
    ///   - doc: what `help(name)` shows; by default its name and arity.
    ///   - body: computes the result from the arguments.
    public func define(_ name: String, arity: Arity = .any, doc: String? = nil,
                       _ body: @escaping @Sendable (Arguments) throws -> Value) {
        let builtin = Builtin(name: name, doc: doc ?? Self.defaultDoc(name, arity), arity: arity.range) { args, _ in
            do {
                return try body(Arguments(args, function: name))
            } catch let error as SummitError {
                throw error
            } catch {
                throw SummitError(.runtime, "\(name)(): \(error)")
            }
        }
        define(name, .function(Function(name: name, kind: .builtin(builtin))))
    }

    /// Binds a global name to an `async` function written in Swift, such as one that awaits an actor
    /// or the network.
    ///
    /// Summit's evaluator is synchronous, so an async function can be called only from an evaluation
    /// started with `try await interpreter.eval(...)` or `try await interpreter.run(file:)`:
    /// those evaluate on a thread of their own, which waits while the function runs as a task of
    /// Swift's concurrency runtime. The interpreter's limits still apply while it waits: cancelling,
    /// or running out of time, cancels the function's task and throws a `.limit` error. Called from
    /// the synchronous `eval`, it is a runtime error that says to use `await`.
    ///
    /// ```swift
    /// interpreter.define("lookup", arity: 1) { args in
    ///     await directory.title(of: try args.string(at: 0)).summitValue
    /// }
    /// let value = try await interpreter.eval(#"lookup("Macron")"#)
    /// ```
    ///
    /// - Parameters:
    ///   - name: the global name.
    ///   - arity: how many arguments it takes; others are an error at the call.
    ///   - doc: what `help(name)` shows; by default its name and arity.
    ///   - body: computes the result from the arguments.
    public func define(_ name: String, arity: Arity = .any, doc: String? = nil,
                       _ body: @escaping @Sendable (Arguments) async throws -> Value) {
        let bridge = self.bridge
        let builtin = Builtin(name: name, doc: doc ?? Self.defaultDoc(name, arity), arity: arity.range) { args, context in
            guard bridge.mayWait else {
                throw SummitError(.runtime, "\(name)() is an async host function: evaluate with `try await interpreter.eval(...)` to call it")
            }
            return try HostWait.run(body, Arguments(args, function: name), context)
        }
        define(name, .function(Function(name: name, kind: .builtin(builtin))))
    }

    private static func defaultDoc(_ name: String, _ arity: Arity) -> String {
        let r = arity.range
        let parameters = r.upperBound == .max ? "..." : (0..<r.upperBound).map { "x\($0 + 1)" }.joined(separator: ", ")
        return "\(name)(\(parameters))\nA function of the host program."
    }
}
