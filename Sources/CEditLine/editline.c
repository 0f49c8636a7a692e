// Fixed-arity wrappers over libedit's variadic calls, and a character reader that a Ctrl-C can
// wake. The REPL's logic lives in Swift; this file only adapts calling conventions.
#include "CEditLine.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

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
    el_get(el, EL_CLIENTDATA, &editor);
    return editor && editor->prompt ? editor->prompt : "";
}

/// Reads one character like libedit's own reader, but also wakes when the interrupt descriptor
/// becomes readable, and then fails with EINTR so that el_gets returns NULL.
static int read_character(EditLine *el, wchar_t *out) {
    CELineEditor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
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
    CELineEditor *editor = calloc(1, sizeof *editor);
    if (editor == NULL) return NULL;
    editor->interruptFD = interruptFD;
    editor->el = el_init(program, stdin, stdout, stderr);
    editor->history = history_init();
    if (editor->el == NULL || editor->history == NULL) {
        ce_destroy(editor);
        return NULL;
    }
    HistEvent event;
    history(editor->history, &event, H_SETSIZE, historySize);
    history(editor->history, &event, H_SETUNIQUE, 1);
    el_set(editor->el, EL_CLIENTDATA, editor);
    el_set(editor->el, EL_EDITOR, "emacs");
    el_set(editor->el, EL_SIGNAL, 1);
    el_set(editor->el, EL_PROMPT, prompt_function);
    el_set(editor->el, EL_HIST, history, editor->history);
    el_set(editor->el, EL_GETCFN, read_character);
    // Ctrl-R searches the history and Ctrl-W deletes a word, as in bash and Python.
    el_set(editor->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(editor->el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
    return editor;
}

void ce_destroy(CELineEditor *editor) {
    if (editor == NULL) return;
    if (editor->el) el_end(editor->el);
    if (editor->history) history_end(editor->history);
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
    el_get(el, EL_CLIENTDATA, &editor);
    return editor;
}

int ce_add_function(CELineEditor *editor, const char *name, const char *help, CEKeyFunction function) {
    return el_set(editor->el, EL_ADDFN, name, help, function);
}

int ce_bind(CELineEditor *editor, const char *key, const char *function) {
    return el_set(editor->el, EL_BIND, key, function, NULL);
}

int ce_source(CELineEditor *editor, const char *path) { return el_source(editor->el, path); }

int ce_is_vi_mode(CELineEditor *editor) {
    const char *mode = NULL;
    return el_get(editor->el, EL_EDITOR, &mode) == 0 && mode != NULL && strcmp(mode, "vi") == 0;
}

const char *ce_gets(CELineEditor *editor, int *status) {
    editor->interrupted = 0;
    // libedit prints the prompt before it puts the terminal in raw mode; keys typed in between
    // would be echoed twice, and a Ctrl-D lost. Raw mode first closes that gap.
    el_set(editor->el, EL_PREP_TERM, 1);
    int count = 0;
    const char *line = el_gets(editor->el, &count);
    if (line != NULL && count > 0) {
        *status = 0;
        return line;
    }
    *status = editor->interrupted ? 1 : (count == 0 ? 0 : -1);
    return NULL;
}

void ce_history_add(CELineEditor *editor, const char *entry) {
    HistEvent event;
    history(editor->history, &event, H_ENTER, entry);
}

const LineInfo *ce_line(CELineEditor *editor) { return el_line(editor->el); }
int ce_insert(CELineEditor *editor, const char *text) { return el_insertstr(editor->el, text); }
void ce_delete(CELineEditor *editor, int count) { el_deletestr(editor->el, count); }

int ce_columns(CELineEditor *editor) {
    int columns = 0;
    if (el_get(editor->el, EL_GETTC, "co", &columns, NULL) != 0 || columns <= 0) columns = 80;
    return columns;
}
