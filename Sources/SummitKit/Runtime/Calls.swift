// Calling functions. A Summit function's frame starts where the caller put the arguments on the
// value stack, so a call allocates nothing unless the function has captured variables.

extension Runtime {
    /// Puts a value on top of the stack, as an argument of the call being made.
    @inline(__always)
    func push(_ value: Value) {
        let r = registers
        if r.pointee.top == r.pointee.stackCapacity { reserve(1) }
        r.pointee.stack[r.pointee.top] = value
        r.pointee.top &+= 1
    }

    /// Calls `function` with the `count` arguments at `argumentBase`, which is the top of the stack.
    func invoke(_ function: Function, argumentBase: Int, count: Int, _ span: Span, _ file: SourceFile) throws -> Value {
        switch function.kind {
        case .closure(let prototype, let closureCaptures):
            guard count == prototype.arity else {
                top = argumentBase
                throw SummitError(.runtime, "\(function.name)() takes \(Runtime.arguments(prototype.arity)), got \(count)", at: span, in: file)
            }
            callDepth += 1
            defer { callDepth -= 1 }
            if callDepth > limits.maxCallDepth || Runtime.stackAddress() < stackLimit {
                top = argumentBase
                throw SummitError(.limit, "call depth exceeded (\(min(callDepth, limits.maxCallDepth)) calls deep)", at: span, in: file)
            }
            try step(span, file)
            let savedBase = base, savedBoxBase = boxBase
            // Only closures that capture, or calls from one, swap the captures.
            let swapsCaptures = !closureCaptures.isEmpty || !captures.isEmpty
            let savedCaptures = swapsCaptures ? captures : []
            base = argumentBase
            reserve(prototype.frameSize)
            top = argumentBase + prototype.frameSize
            if swapsCaptures {
                captures = closureCaptures
                if let index = prototype.selfCapture { captures[index] = Box(.function(function)) }
            }
            let boxCount = prototype.boxCount
            if boxCount > 0 {
                boxBase = boxes.count
                for _ in 0..<boxCount { boxes.append(Box(.null)) }
                for (parameter, box) in prototype.parameterBoxes { boxes[boxBase + box] = Box(stack[base + parameter]) }
            }
            defer {
                for slot in base..<top { stack[slot] = .null }
                top = argumentBase
                base = savedBase
                if swapsCaptures { captures = savedCaptures }
                if boxCount > 0 {
                    boxes.removeLast(boxCount)
                    boxBase = savedBoxBase
                }
            }
            do {
                let result = try prototype.body(self)
                if control == .returnFromFunction {
                    control = .none
                    let value = returnValue
                    returnValue = .null
                    return value
                }
                return result
            } catch var error as SummitError {
                control = .none
                let (line, column) = file.location(of: span.start)
                error.addToTrace("in \(function.name)() called at \(file.name):\(line):\(column)")
                throw error
            }

        case .builtin(let builtin):
            // Move the arguments off the stack into the array, leaving nil behind.
            let arguments = count == 0 ? [] : [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.baseAddress!.moveInitialize(from: stack + argumentBase, count: count)
                (stack + argumentBase).initialize(repeating: .null, count: count)
                initialized = count
            }
            top = argumentBase
            guard builtin.arity.contains(count) else {
                throw SummitError(.runtime, "\(builtin.name)() takes \(Runtime.arguments(builtin.arity)), got \(count)", at: span, in: file)
            }
            return try Compiler.located(span, file) {
                try builtin.body(arguments, CallContext(runtime: self, span: span, file: file))
            }
        }
    }

    /// Calls a function value with arguments, for built-ins such as `map` and for the host.
    func call(_ function: Value, _ arguments: [Value], _ span: Span, _ file: SourceFile) throws -> Value {
        guard case .function(let f) = function else {
            throw SummitError(.runtime, "cannot call \(function.typeName)", at: span, in: file)
        }
        let argumentBase = top
        reserve(arguments.count)
        for argument in arguments {
            stack[top] = argument
            top += 1
        }
        return try invoke(f, argumentBase: argumentBase, count: arguments.count, span, file)
    }

    static func arguments(_ count: Int) -> String { count == 1 ? "1 argument" : "\(count) arguments" }

    static func arguments(_ range: ClosedRange<Int>) -> String {
        if range.count == 1 { return arguments(range.lowerBound) }
        if range.upperBound == .max { return "at least \(arguments(range.lowerBound))" }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }

    /// The error for a name that is bound nowhere, with the closest bound name.
    func undefined(_ name: String, _ span: Span, _ file: SourceFile) -> SummitError {
        let bound = globalNames.indices.filter { globalDefined[$0] }.map { globalNames[$0] }
        return SummitError(.runtime, "undefined name '\(name)'" + Operators.didYouMean(name, bound), at: span, in: file)
    }

    /// The doc text of a value, for `help` and `doc`: a function's signature and summary, a fact's
    /// description, or the value's type.
    func documentation(of value: Value, named name: String?) throws -> String {
        if case .function(let f) = value { return f.doc }
        if let name, let fact = facts.fact(.global(name)), fact.value == value, !fact.doc.isEmpty {
            return "\(name): \(fact.doc)"
        }
        if case .entity(let e) = value {
            return "\(e.name): a \(e.kind); members: \(e.members.keys.joined(separator: ", "))"
        }
        return "\(name ?? value.description.prefix(40).description): a \(value.typeName)"
    }
}
