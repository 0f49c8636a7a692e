// The C seam for running the summit command's work on a large stack of its own, on the calling
// thread. makecontext is variadic and swapcontext returns twice, neither of which Swift can call.
#ifndef CSTACK_H
#define CSTACK_H

#include <stddef.h>

/// What runs on the large stack: it gets the context it was given and the stack's lowest usable
/// address and size, which the interpreter measures its depth against.
typedef void (*CSStackBody)(void *context, void *low, size_t size);

/// Runs `body` on a fresh stack of `size` bytes (with a guard page below it, so that an overflow
/// faults rather than writes over other memory), on the calling thread, and frees the stack when
/// it returns. Returns 0, or -1 when no such stack could be made: `body` has not run then.
int cs_run_on_stack(size_t size, CSStackBody body, void *context);

#endif
