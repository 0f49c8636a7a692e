// The state of a running program.
final class Runtime {}

/// What a built-in can do besides compute from its arguments: call back into Summit, write output.
struct CallContext {
    unowned let runtime: Runtime
}
