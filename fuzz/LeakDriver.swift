// A small driver for LeakSanitizer (fuzz/leaks builds it with -sanitize=address): evaluates
// programs that make closures and environments in an embedded interpreter, then exits, and LSan
// reports whatever is still allocated and unreachable.

@main
struct LeakDriver {
    static let programs = [
        "fn adder(n) = x => x + n\nadder(1)(2)",
        "var keep = nil\nfn make() { let big = range(20)\n return () => count(big) }\nkeep = make()\nkeep()",
        "fn outer() { fn inner(n) = if n > 0 { inner(n - 1) } else { 0 }\n return inner(3) }\nouter()",
        "fn counter() { var n = 0\n let step = () => { n += 1\n n }\n step()\n return step() }\ncounter()",
        "let big = range(20)\n(big where it % 2 == 0) |> count",
        "fn f(x) = f(x)\nf(1)",
        "[1, [2, {a: {3}}]] == [1, [2, {a: {3}}]]",
        // A function that replaces itself in its global while it runs, called through the global.
        "var step = nil\nfn state(n) = x => { step = state(n + 1)\n n + x }\nstep = state(0)\nfor i in range(10) { step(i) }",
        CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "nil",
    ]

    static func main() {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        for _ in 0..<100 {
            for program in programs { _ = try? interpreter.eval(program) }
        }
        print("evaluated \(programs.count * 100) programs")
    }
}
