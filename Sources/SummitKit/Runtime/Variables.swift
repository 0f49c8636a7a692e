// Named access to where variables live at run time: the running frame's slots, the globals, the
// boxes and the captures. Compiled code goes through these rather than doing the arithmetic on the
// stack and globals itself; each is inline, so it costs what the arithmetic did.

extension Runtime {
    /// Where local `slot` of the running frame is. Valid only until code runs that may grow the
    /// stack (see the invariants at the top of Runtime.swift): found afresh after any.
    @inline(__always)
    func localPointer(_ slot: Int) -> UnsafeMutablePointer<Value> { stack + (base &+ slot) }

    /// The value of local `slot` of the running frame.
    @inline(__always)
    func local(_ slot: Int) -> Value { stack[base &+ slot] }

    /// Sets local `slot` of the running frame, destroying what it held.
    @inline(__always)
    func setLocal(_ slot: Int, _ value: Value) { stack[base &+ slot] = value }

    /// Where global `slot`'s value is. Valid only until code runs that may define a global, which
    /// may move the globals: found afresh after any.
    @inline(__always)
    func globalPointer(_ slot: Int) -> UnsafeMutablePointer<Value> { globals + slot }

    /// The value of global `slot`: nil when it is unbound (see `isDefined(global:)`).
    @inline(__always)
    func global(_ slot: Int) -> Value { globals[slot] }

    /// Whether global `slot` is bound.
    @inline(__always)
    func isDefined(global slot: Int) -> Bool { globalDefined[slot] }

    /// Binds global `slot` to `value`, through `storeGlobal`, the one way a global's value is replaced.
    @inline(__always)
    func defineGlobal(_ slot: Int, _ value: Value) {
        storeGlobal(slot, value)
        globalDefined[slot] = true
    }

    /// Box `index` of the running frame: a local that a closure captures.
    @inline(__always)
    func box(_ index: Int) -> Box { boxes[boxBase &+ index] }

    /// Gives the running frame's local `index` a new box: closures made before keep the old one.
    @inline(__always)
    func setBox(_ index: Int, _ box: Box) { boxes[boxBase &+ index] = box }

    /// Capture `index` of the running closure.
    @inline(__always)
    func capture(_ index: Int) -> Box { captures[index] }
}
