// Evaluating from async code: the evaluator runs on a thread of its own so that it may wait for
// async host functions without blocking a thread of Swift's concurrency runtime.

extension Interpreter {
    /// Evaluates source text from async code, and lets it call `async` host functions.
    ///
    /// The evaluation runs on a thread of its own with a large stack while the calling task is
    /// suspended; the interpreter is used by that one thread until the call returns, and the type
    /// system keeps other tasks from reaching the interpreter meanwhile (it is not `Sendable`).
    /// Cancelling the calling task cancels the evaluation, which throws a ``SummitError`` of kind
    /// ``SummitError/Kind/limit``.
    ///
    /// In an async function Swift picks this overload: write `try await interpreter.eval(...)`.
    ///
    /// - Parameters:
    ///   - source: Summit statements.
    ///   - file: the name errors show for this text.
    /// - Returns: the value of the last statement, as the synchronous `eval` gives it.
    /// - Throws: `SummitError`; the interpreter stays usable afterwards.
    @discardableResult
    public func eval(_ source: String, file: String = "<expr>") async throws -> Value {
        try await onEvaluationThread { try $0.eval(source, file: file, resettingCancellation: false) }
    }

    /// Reads and runs a script file from async code, and lets it call `async` host functions.
    /// Reading the file needs ``Capabilities/fileAccess``.
    ///
    /// - Throws: `SummitError`; the interpreter stays usable afterwards.
    @discardableResult
    public func run(file path: String) async throws -> Value {
        try await onEvaluationThread { try $0.run(file: path, resettingCancellation: false) }
    }

    private func onEvaluationThread(_ body: @escaping @Sendable (Interpreter) throws -> Value) async throws -> Value {
        if Task.isCancelled { throw SummitError(.limit, "interrupted") }
        // The caller stays suspended until the thread resumes it, so the interpreter is never used
        // by two threads at once.
        let handoff = Handoff(value: self)
        let cancellation = self.cancellation
        // Reset here, not when the evaluation starts on its thread: a cancellation of this task that
        // arrives before the thread gets going must still stop it.
        cancellation.reset()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                EvaluationThread.start {
                    let interpreter = handoff.value
                    interpreter.bridge.mayWait = true
                    let result = Result { try body(interpreter) }
                    interpreter.bridge.mayWait = false
                    continuation.resume(with: result)
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}
