// The C seam between the summit REPL and libedit. libedit's el_set, el_get and history are
// variadic, which Swift cannot call, so each use the REPL needs gets a small fixed-arity wrapper
// here.
#ifndef CEDITLINE_H
#define CEDITLINE_H

#include <stdio.h>
#include <histedit.h>

/// A line editor: a libedit EditLine with its history and prompt.
typedef struct CELineEditor CELineEditor;

/// A function bound to a key: it gets libedit's editor and the key, and returns a libedit CC_ code.
typedef unsigned char (*CEKeyFunction)(EditLine *el, int key);

/// Sets the character locale from the environment, falling back to C.UTF-8 when the environment's
/// locale is not UTF-8, so that libedit accepts non-ASCII input such as `Türkiye`.
void ce_setup_locale(void);

/// Makes an editor on stdin/stdout/stderr with emacs bindings, libedit's signal handling and an
/// in-memory history of `historySize` entries. `interruptFD` is a file descriptor that becomes
/// readable when the user presses Ctrl-C (or -1 for none): a read waiting for a key then returns,
/// and ce_gets reports the line as interrupted. Returns NULL when libedit cannot start.
CELineEditor *ce_create(const char *program, int interruptFD, int historySize);
void ce_destroy(CELineEditor *editor);

/// The prompt shown before the next line; the string is copied.
void ce_set_prompt(CELineEditor *editor, const char *prompt);
/// A pointer the key functions can get back with ce_context.
void ce_set_context(CELineEditor *editor, void *context);
void *ce_context(CELineEditor *editor);
/// The editor a key function was called for.
CELineEditor *ce_from_editline(EditLine *el);

/// Adds a named editor function (as `bind` in ~/.editrc can name it).
int ce_add_function(CELineEditor *editor, const char *name, const char *help, CEKeyFunction function);
/// Binds a key sequence such as "^I" to a named editor function in the current key map.
int ce_bind(CELineEditor *editor, const char *key, const char *function);
/// Reads an editrc file, or the default ($EDITRC, then ~/.editrc) when path is NULL.
int ce_source(CELineEditor *editor, const char *path);

/// Whether the editor is in vi mode (`bind -v` in ~/.editrc).
int ce_is_vi_mode(CELineEditor *editor);

/// Reads a line. Returns the line with its newline, or NULL: then *status is 0 at end of input
/// (Ctrl-D on an empty line), 1 when Ctrl-C interrupted the line, -1 on any other error.
const char *ce_gets(CELineEditor *editor, int *status);

/// Adds an entry to the in-memory history that the arrow keys and Ctrl-R search.
void ce_history_add(CELineEditor *editor, const char *entry);
/// The line being edited and the cursor in it (libedit's el_line).
const LineInfo *ce_line(CELineEditor *editor);
/// Inserts text at the cursor (el_insertstr).
int ce_insert(CELineEditor *editor, const char *text);
/// Deletes `count` characters before the cursor (el_deletestr).
void ce_delete(CELineEditor *editor, int count);
/// The number of columns of the terminal.
int ce_columns(CELineEditor *editor);

#endif
