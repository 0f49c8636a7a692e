# Summit: `make run` opens the REPL on the built-in facts; `make test` runs the whole test suite.
# Both first install what the build needs (libedit-dev, unicode-cldr-core), so they work on a fresh
# Debian machine.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all setup build release run test bench fuzz fuzz-smoke leaks generate clean

all: build

## setup: install libedit-dev (the REPL's line editor) and unicode-cldr-core (the English country
## names tools/gen-facts reads) when they are missing
setup:
	@missing=""; \
	[ -f /usr/include/histedit.h ] || missing="$$missing libedit-dev"; \
	[ -f /usr/share/unicode/cldr/common/main/en.xml ] || missing="$$missing unicode-cldr-core"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing..."; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
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
generate: setup
	tools/embed-stdlib
	tools/gen-facts

clean:
	rm -rf .build
