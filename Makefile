# Summit: `make run` opens the REPL on the built-in facts; `make test` runs the whole test suite.
# Both first install what the build needs (libedit-dev), so they work on a fresh Debian machine.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all setup build release run test bench fuzz fuzz-smoke leaks generate clean

all: build

## setup: install libedit-dev (the REPL's line editor) when it is missing
setup:
	@if [ ! -f /usr/include/histedit.h ]; then \
		echo "Installing libedit-dev..."; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev; \
	fi

## build: a debug build of everything
build: setup
	$(SWIFT) build

## release: the summit command, optimised and linked with the static Swift standard library
release: setup
	$(SWIFT) build -c release --static-swift-stdlib --product summit

## run: build in release mode and open the REPL
run: release
	.build/release/summit

## test: the whole test suite (unit tests, conformance suite, REPL, examples, embedding)
test: setup
	tools/embed-stdlib --check
	$(SWIFT) build
	$(SWIFT) test

## bench: benchmarks side by side with Lua 5.4, LuaJIT -joff and Python 3.11 (BENCH="fib sieve" for some)
bench:
	bench/run $(BENCH)

## fuzz: the libFuzzer target over lex, parse and evaluate (FUZZ_SECONDS=600 make fuzz for longer)
fuzz: setup
	fuzz/run

## fuzz-smoke: a 60-second fuzz run from a fixed seed, as CI runs it
fuzz-smoke: setup
	FUZZ_SECONDS=60 FUZZ_SEED=1 fuzz/run

## leaks: LeakSanitizer over closures and environments (fuzz/LeakDriver.swift)
leaks: setup
	fuzz/leaks

## generate: regenerate the embedded standard library and fact tables
generate:
	tools/embed-stdlib
	tools/gen-facts

## jupyter: the Summit kernel for Jupyter (docs/notebooks.md): the release build, a Python venv in
## .build-jupyter/ with ipykernel, and the kernelspec `summit` (JUPYTER_INSTALL="--prefix DIR" for
## another place than this user's)
JUPYTER_VENV := .build-jupyter/venv
JUPYTER_INSTALL ?= --user
.PHONY: jupyter jupyter-venv jupyter-test
jupyter: release jupyter-venv
	$(JUPYTER_VENV)/bin/python jupyter/install.py --summit .build/release/summit $(JUPYTER_INSTALL)

jupyter-venv:
	@[ -x $(JUPYTER_VENV)/bin/python ] || python3 -m venv $(JUPYTER_VENV)
	$(JUPYTER_VENV)/bin/pip install -q --disable-pip-version-check ipykernel jupyter_client nbformat nbclient

## jupyter-test: examples/summit.ipynb run headless on the kernel (with the debug build), its outputs checked
jupyter-test: setup jupyter-venv
	$(SWIFT) build
	$(JUPYTER_VENV)/bin/python jupyter/test_notebook.py --summit .build/debug/summit

clean:
	rm -rf .build
