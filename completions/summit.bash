# bash completion for summit(1). `make install` puts it in share/bash-completion/completions/summit.
#
# Before the script: the options, then `.summit` files and folders. After the script, or after -e
# and its expression: file names, as for any command (they are the script's arguments). The expression after -e is code, not a file:
# nothing is offered for it, and nothing of what is typed is expanded or run.

_summit() {
    local cur=${COMP_WORDS[COMP_CWORD]} word i=1 expression=0
    COMPREPLY=()
    while ((i < COMP_CWORD)); do
        word=${COMP_WORDS[i]}
        if [[ $word == -- ]]; then
            # The word after `--` is the script; the ones after it are its arguments.
            ((i + 1 == COMP_CWORD)) && break
            compopt -o default 2>/dev/null
            return 0
        elif [[ $word == - || $word != -* ]]; then
            compopt -o default 2>/dev/null
            return 0
        elif [[ $word =~ ^-[qh]*e$ ]]; then
            # -e, -qe: the next word is the expression (bash splits `-e=x` into -e, =, x).
            ((i += 1))
            [[ ${COMP_WORDS[i]} == = ]] && ((i += 1))
            ((i >= COMP_CWORD)) && return 0
            expression=1
        fi
        ((i += 1))
    done
    if [[ $cur == -* && ${COMP_WORDS[COMP_CWORD - 1]} != -- ]]; then
        mapfile -t COMPREPLY < <(compgen -W '-e -q --quiet --kernel -h --help --version --' -- "$cur")
        return 0
    fi
    if ((expression)); then
        # With -e, the words that follow are arguments for `args`, not a script.
        compopt -o default 2>/dev/null
        return 0
    fi
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -d -- "$cur"; compgen -f -X '!*.summit' -- "$cur")
}

complete -F _summit summit
