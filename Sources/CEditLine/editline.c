// Fixed-arity wrappers over libedit's variadic calls, and a character reader that a Ctrl-C can
// wake. The REPL's logic lives in Swift; this file only adapts calling conventions. libedit is
// loaded with dlopen when the first editor is made: a script never pays for loading it and the
// libraries it needs (libtinfo, libbsd, libmd).
#include "CEditLine.h"

#include <dlfcn.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/// The libedit functions this file calls, looked up by load_libedit.
static struct {
    __typeof__(el_init) *el_init;
    __typeof__(el_end) *el_end;
    __typeof__(el_set) *el_set;
    __typeof__(el_get) *el_get;
    __typeof__(el_gets) *el_gets;
    __typeof__(el_source) *el_source;
    __typeof__(el_line) *el_line;
    __typeof__(el_insertstr) *el_insertstr;
    __typeof__(el_deletestr) *el_deletestr;
    __typeof__(history_init) *history_init;
    __typeof__(history_end) *history_end;
    __typeof__(history) *history;
} edit;

static char load_error[512];

/// Loads libedit and looks up its functions, once; returns whether they are all there.
static int load_libedit(void) {
    static int state = 0;  // 1 loaded, -1 failed, 0 not tried
    if (state != 0) return state > 0;
    state = -1;
#ifdef __APPLE__
    const char *names[] = {"libedit.3.dylib", "libedit.dylib"};
#else
    const char *names[] = {"libedit.so.2", "libedit.so"};
#endif
    void *library = NULL;
    for (size_t i = 0; library == NULL && i < sizeof names / sizeof names[0]; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "cannot load libedit (%s)", dlerror());
        return 0;
    }
#define LOOK_UP(name)                                                                     \
    if ((edit.name = (__typeof__(edit.name))dlsym(library, #name)) == NULL) {              \
        snprintf(load_error, sizeof load_error, "libedit has no %s (%s)", #name, dlerror()); \
        return 0;                                                                          \
    }
    LOOK_UP(el_init) LOOK_UP(el_end) LOOK_UP(el_set) LOOK_UP(el_get) LOOK_UP(el_gets)
    LOOK_UP(el_source) LOOK_UP(el_line) LOOK_UP(el_insertstr) LOOK_UP(el_deletestr)
    LOOK_UP(history_init) LOOK_UP(history_end) LOOK_UP(history)
#undef LOOK_UP
    state = 1;
    return 1;
}

const char *ce_load_error(void) { return load_error[0] ? load_error : NULL; }

struct CELineEditor {
    EditLine *el;
    History *history;
    char *prompt;
    void *context;
    int interruptFD;
    int interrupted;
};

void ce_setup_locale(void) {
    const char *locale = setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    if (locale == NULL || codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
}

static char *prompt_function(EditLine *el) {
    CELineEditor *editor = NULL;
    edit.el_get(el, EL_CLIENTDATA, &editor);
    return editor && editor->prompt ? editor->prompt : "";
}

/// Reads one character like libedit's own reader, but also wakes when the interrupt descriptor
/// becomes readable, and then fails with EINTR so that el_gets returns NULL.
static int read_character(EditLine *el, wchar_t *out) {
    CELineEditor *editor = NULL;
    edit.el_get(el, EL_CLIENTDATA, &editor);
    int fd = fileno(stdin);
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        struct pollfd fds[2] = {{fd, POLLIN, 0}, {editor->interruptFD, POLLIN, 0}};
        int n = poll(fds, editor->interruptFD >= 0 ? 2 : 1, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (editor->interruptFD >= 0 && (fds[1].revents & POLLIN)) {
            char drain[64];
            (void)read(editor->interruptFD, drain, sizeof drain);
            editor->interrupted = 1;
            *out = L'\0';
            errno = EINTR;
            return -1;
        }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t got = read(fd, bytes + count, 1);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (got == 0) {
            *out = L'\0';
            return 0;
        }
        count += 1;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t result = mbrtowc(out, bytes, count, &state);
        if (result == (size_t)-2 && count < MB_LEN_MAX) continue;  // incomplete sequence
        if (result == (size_t)-1 || result == (size_t)-2) {       // invalid: drop it
            count = 0;
            continue;
        }
        return 1;
    }
}

CELineEditor *ce_create(const char *program, int interruptFD, int historySize) {
    if (!load_libedit()) return NULL;
    CELineEditor *editor = calloc(1, sizeof *editor);
    if (editor == NULL) return NULL;
    editor->interruptFD = interruptFD;
    editor->el = edit.el_init(program, stdin, stdout, stderr);
    editor->history = edit.history_init();
    if (editor->el == NULL || editor->history == NULL) {
        ce_destroy(editor);
        return NULL;
    }
    HistEvent event;
    edit.history(editor->history, &event, H_SETSIZE, historySize);
    edit.history(editor->history, &event, H_SETUNIQUE, 1);
    edit.el_set(editor->el, EL_CLIENTDATA, editor);
    edit.el_set(editor->el, EL_EDITOR, "emacs");
    edit.el_set(editor->el, EL_SIGNAL, 1);
    edit.el_set(editor->el, EL_PROMPT, prompt_function);
    edit.el_set(editor->el, EL_HIST, edit.history, editor->history);
    edit.el_set(editor->el, EL_GETCFN, read_character);
    // Ctrl-R searches the history and Ctrl-W deletes a word, as in bash and Python.
    edit.el_set(editor->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    edit.el_set(editor->el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
    return editor;
}

void ce_destroy(CELineEditor *editor) {
    if (editor == NULL) return;
    if (editor->el) edit.el_end(editor->el);
    if (editor->history) edit.history_end(editor->history);
    free(editor->prompt);
    free(editor);
}

void ce_set_prompt(CELineEditor *editor, const char *prompt) {
    free(editor->prompt);
    editor->prompt = strdup(prompt);
}

void ce_set_context(CELineEditor *editor, void *context) { editor->context = context; }
void *ce_context(CELineEditor *editor) { return editor->context; }

CELineEditor *ce_from_editline(EditLine *el) {
    CELineEditor *editor = NULL;
    edit.el_get(el, EL_CLIENTDATA, &editor);
    return editor;
}

int ce_add_function(CELineEditor *editor, const char *name, const char *help, CEKeyFunction function) {
    return edit.el_set(editor->el, EL_ADDFN, name, help, function);
}

int ce_bind(CELineEditor *editor, const char *key, const char *function) {
    return edit.el_set(editor->el, EL_BIND, key, function, NULL);
}

int ce_source(CELineEditor *editor, const char *path) { return edit.el_source(editor->el, path); }

int ce_is_vi_mode(CELineEditor *editor) {
    const char *mode = NULL;
    return edit.el_get(editor->el, EL_EDITOR, &mode) == 0 && mode != NULL && strcmp(mode, "vi") == 0;
}

const char *ce_gets(CELineEditor *editor, int *status) {
    editor->interrupted = 0;
    // libedit prints the prompt before it puts the terminal in raw mode; keys typed in between
    // would be echoed twice, and a Ctrl-D lost. Raw mode first closes that gap.
    edit.el_set(editor->el, EL_PREP_TERM, 1);
    int count = 0;
    const char *line = edit.el_gets(editor->el, &count);
    if (line != NULL && count > 0) {
        *status = 0;
        return line;
    }
    *status = editor->interrupted ? 1 : (count == 0 ? 0 : -1);
    return NULL;
}

void ce_history_add(CELineEditor *editor, const char *entry) {
    HistEvent event;
    edit.history(editor->history, &event, H_ENTER, entry);
}

const LineInfo *ce_line(CELineEditor *editor) { return edit.el_line(editor->el); }
int ce_insert(CELineEditor *editor, const char *text) { return edit.el_insertstr(editor->el, text); }
void ce_delete(CELineEditor *editor, int count) { edit.el_deletestr(editor->el, count); }

int ce_columns(CELineEditor *editor) {
    int columns = 0;
    if (edit.el_get(editor->el, EL_GETTC, "co", &columns, NULL) != 0 || columns <= 0) columns = 80;
    return columns;
}
