# Summit: `make run` opens the REPL on the built-in facts; `make test` runs the whole test suite.
# Both first install what the build needs (libedit-dev, unicode-cldr-core), so they work on a fresh
# Debian machine.

SWIFT ?= swift
# Where `make install` puts things: $(DESTDIR)$(PREFIX)/bin, share/man/man1 and the completions.
PREFIX ?= /usr/local
DESTDIR ?=
# The command that install-files installs (install builds it first).
SUMMIT_BINARY ?= .build/release/summit
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all setup build release run install install-files uninstall test differential consumer-test docs bench fuzz fuzz-smoke leaks tsan generate clean

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

## release: the summit command, optimised, its code laid out for speed (SUMMIT_TUNED=1, see
## Package.swift) and linked statically
release: setup
	SUMMIT_TUNED=1 $(SWIFT) build -c release --static-swift-stdlib --product summit

## run: build in release mode and open the REPL
run: release
	.build/release/summit

## install: the release command, its man page and its bash, zsh and fish completions, under
## $(DESTDIR)$(PREFIX) (PREFIX=/usr/local unless given)
install: release
	$(MAKE) --no-print-directory install-files

## install-files: install what is already built, SUMMIT_BINARY (default the release build)
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(SUMMIT_BINARY) $(DESTDIR)$(PREFIX)/bin/summit
	install -m 644 docs/summit.1 $(DESTDIR)$(PREFIX)/share/man/man1/summit.1
	install -m 644 completions/summit.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/summit
	install -m 644 completions/_summit $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_summit
	install -m 644 completions/summit.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/summit.fish

## uninstall: remove exactly the files install puts (same PREFIX and DESTDIR), and no folder
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/summit $(DESTDIR)$(PREFIX)/share/man/man1/summit.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/summit \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_summit \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/summit.fish

## test: the whole test suite (unit tests, the conformance suite in both the usual and the reference
## mode, the differential test, REPL, examples, embedding)
test: setup
	tools/embed-stdlib --check
	$(SWIFT) build
	$(SWIFT) test

## differential: generated programs run as compiled and in the reference mode (SUMMIT_REFERENCE=1,
## no fast paths), which must agree; 10,000 of each kind here, 2,000 and 600 in `make test`
## (SUMMIT_DIFFERENTIAL=N for another number)
differential: setup
	$(SWIFT) build --build-tests
	SUMMIT_DIFFERENTIAL=$${SUMMIT_DIFFERENTIAL:-10000} $(SWIFT) test --skip-build --filter AgreesWithReference

## tsan: the eight-thread tests (Tests/SummitKitTests/ThreadStressTests.swift: the embedding stress
## test, and first reads of the built-in entities' members) under ThreadSanitizer, which must report
## nothing; its own build in .build/tsan (SUMMIT_STRESS_ROUNDS=N for more rounds than 6)
tsan: setup
	TSAN_OPTIONS="halt_on_error=1 $${TSAN_OPTIONS:-}" $(SWIFT) test --scratch-path .build/tsan --sanitize=thread --filter 'eightThreads|OnEightThreads'

## consumer-test: a package depending on Summit by URL, from: "0.1.0", builds in release mode and
## runs (a release build of SummitKit: about two minutes on two cores; CI runs it)
consumer-test:
	tools/consumer-test

## docs: SummitKit's documentation (Sources/SummitKit/SummitKit.docc and the /// comments) by
## swift-docc-plugin, warnings as errors, into .build-docs/plugins/Swift-DocC/outputs/SummitKit.doccarchive.
## SUMMIT_DOCS=1 makes the plugin a dependency for this build only (fetched once; offline after);
## the Package.resolved it pins is put back as it was, so that other builds do not see the plugin.
docs:
	@mkdir -p .build-docs; rm -f .build-docs/Package.resolved.saved; \
	if [ -f Package.resolved ]; then cp -p Package.resolved .build-docs/Package.resolved.saved; fi; \
	status=0; \
	SUMMIT_DOCS=1 $(SWIFT) package --scratch-path .build-docs generate-documentation --target SummitKit \
		--warnings-as-errors || status=$$?; \
	if [ -f .build-docs/Package.resolved.saved ]; then mv .build-docs/Package.resolved.saved Package.resolved; \
	else rm -f Package.resolved; fi; \
	exit $$status

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
