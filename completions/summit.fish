# fish completion for summit(1). `make install` puts it in
# share/fish/vendor_completions.d/summit.fish.
#
# Before the script: the options, then `.summit` files. After the script: file names (the script's
# arguments). The expression after -e is code: nothing is offered for it.

# Whether the words before the cursor already name the script, or -e and its expression.
function __summit_after_script
    set -l words (commandline -opc)
    set -e words[1]
    set -l count (count $words)
    set -l i 1
    while test $i -le $count
        switch $words[$i]
            case '--'
                # The word after `--` is the script.
                test $i -lt $count
                return
            case '-e' '-qe' '-he' '-qhe' '-hqe'
                set i (math $i + 1)
                test $i -le $count
                and return 0
            case '-*'
            case '*'
                return 0
        end
        set i (math $i + 1)
    end
    return 1
end

# The folders and `.summit` files that start with the word being typed, which is only matched
# against names, never evaluated.
function __summit_scripts
    set -l word (commandline -ct)
    for path in $word*
        if test -d $path
            echo $path/
        else if string match -q -- '*.summit' $path
            echo $path
        end
    end
end

complete -c summit -f
complete -c summit -n 'not __summit_after_script' -s e -x -d 'Evaluate an expression and print its value'
complete -c summit -n 'not __summit_after_script' -s q -l quiet -d "Don't print the REPL's banner"
complete -c summit -n 'not __summit_after_script' -l kernel -d "Answer a Jupyter kernel's requests"
complete -c summit -n 'not __summit_after_script' -s h -l help -d 'Show help information'
complete -c summit -n 'not __summit_after_script' -l version -d 'Show the version'
complete -c summit -n 'not __summit_after_script' -a '(__summit_scripts)'
complete -c summit -n '__summit_after_script' -F
