# LegiSurvey: the two commands of the README, and a few helpers.
#   make run    install what is missing, build, run the pipeline on Input/
#   make install [PREFIX=...] [CONFIG=debug]
#               a release build of legisurvey copied to $(PREFIX)/bin (default /usr/local as root,
#               ~/.local otherwise); says so when that folder is not on the PATH
#   make test   install what is missing (Python tools: make interop; LibreOffice: make libreoffice; PostgreSQL
#               and the en_US.UTF-8 locale: make postgres), a 30-second fuzz run per fuzz target,
#               then the whole test suite, its own modules optimised, in .build-test (TEST_BUILD_FLAGS)
#   make fuzz   the fuzz targets for FUZZ_SECONDS (default 300) seconds each (Fuzz/README.md)
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libcsv-dev pkg-config

.PHONY: run install test postgres setup interop pyxform build sample clean fuzz fuzz-quick fuzz-build browser libreoffice report-check screenshots bench bench-report bench-venv docs

setup:
	@# git checks files out readable by all; the demo's (synthetic) focal-point register is kept
	@# private like a real one (docs/follow-up.md), so runs do not warn about it.
	@chmod go-rwx Pipelines/register/*.csv 2>/dev/null || true
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
	fi

# The Python interoperability tools, in a venv OUTSIDE the source tree: $LEGISURVEY_VENV, default
# ~/.cache/legisurvey/venv. pyxform (XLSForm → XForm compiler) for the XLSForm export test, pysdmx
# (an SDMX-CSV 1.0 reader; SDMX-ML 2.1 with its xml extra) for the SDMX tests. Pinned in
# requirements-interop.txt; reinstalled only when that file changes. Nothing is exported: the tests look for $LEGISURVEY_VENV/bin/xls2xform and
# $LEGISURVEY_VENV/bin/python, or the default paths, themselves. `pyxform` is the former name.
pyxform: interop

interop:
	@venv="$${LEGISURVEY_VENV:-$$HOME/.cache/legisurvey/venv}"; \
	if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then \
		echo "installing: python3 python3-venv"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3 python3-venv >/dev/null; \
	fi; \
	python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "requirements-interop.txt needs Python >= 3.11 (pandas 3.1); python3 is $$(python3 -V 2>&1)"; exit 1; }; \
	if [ ! -x "$$venv/bin/pip" ]; then \
		echo "creating the interop venv: $$venv"; \
		mkdir -p "$$(dirname "$$venv")" && python3 -m venv --clear "$$venv" || exit 1; \
	fi; \
	if ! cmp -s requirements-interop.txt "$$venv/.legisurvey-requirements.txt"; then \
		echo "installing requirements-interop.txt into $$venv"; \
		"$$venv/bin/pip" install -q --disable-pip-version-check -r requirements-interop.txt || exit 1; \
		cp requirements-interop.txt "$$venv/.legisurvey-requirements.txt"; \
	fi; \
	"$$venv/bin/xls2xform" --help >/dev/null || { echo "xls2xform does not run: $$venv/bin/xls2xform"; exit 1; }; \
	"$$venv/bin/python" -c 'import pysdmx.io, pysdmx.io.csv.sdmx10.reader, pysdmx.io.xml' || { echo "pysdmx does not import in $$venv"; exit 1; }

build: setup
	$(SWIFT) build

run: build
	$(SWIFT) run --skip-build legisurvey run

# `make install [PREFIX=...]`: legisurvey in $(PREFIX)/bin. A release build by default (a few
# minutes the first time); CONFIG=debug installs the debug build `make run` already made.
# INSTALL_BUILD_FLAGS is passed to `swift build` (the install test passes --ignore-lock: it runs
# inside `swift test`, which holds the .build lock). The binary finds the Swift runtime in the
# toolchain it was built with, so keep that toolchain installed.
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
CONFIG ?= release
INSTALL_BUILD_FLAGS ?=

install: setup
	$(SWIFT) build -c $(CONFIG) --product legisurvey $(INSTALL_BUILD_FLAGS)
	@bin="$(PREFIX)/bin"; \
	mkdir -p "$$bin" && install -m 755 "$$($(SWIFT) build -c $(CONFIG) --show-bin-path $(INSTALL_BUILD_FLAGS))/legisurvey" "$$bin/legisurvey" || exit 1; \
	echo "installed $$bin/legisurvey"; \
	case ":$$PATH:" in *":$$bin:"*) ;; \
	*) echo "$$bin is not on your PATH: add it (for example export PATH=\"$$bin:\$$PATH\" in ~/.profile), or type $$bin/legisurvey";; \
	esac

# The build the tests run (`make test`, `make report-check`): a debug build in its own folder whose
# own modules are compiled optimised (LEGISURVEY_TEST_BUILD, read by Package.swift), since most of
# the suite's CPU is the pipeline itself, run on the demo by hundreds of tests, which unoptimised
# code runs 3-4 times slower. The test targets and the dependencies compile as in any debug build,
# @testable imports and run-time exclusivity checks included. Its own folder, so that it never
# invalidates the plain debug build of `make run`. `swift test` alone still runs the plain one.
TEST_BUILD_ENV := LEGISURVEY_TEST_BUILD=1
TEST_BUILD_FLAGS := --scratch-path .build-test

# The short fuzz run and the browser check come first so that the Swift Testing summary stays the
# last line.
test: setup interop libreoffice postgres fuzz-quick report-check
	$(TEST_BUILD_ENV) $(SWIFT) test $(TEST_BUILD_FLAGS)

# PostgreSQL for the PostgreSQL store's tests (issue 28): Debian's server (its binaries in
# /usr/lib/postgresql/<version>/bin; the tests start a throwaway cluster of their own in a temporary
# folder, never the package's cluster on 5432: Tests/SurveyTestSupport/PostgresCluster.swift) and
# the en_US.UTF-8 locale that cluster is created with (so that a read sorting without COLLATE "C"
# fails the tests instead of differing from SQLite in production).
postgres:
	@SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! dpkg -s locales >/dev/null 2>&1; then \
		echo "installing: postgresql locales"; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql locales >/dev/null; \
	fi; \
	if ! locale -a 2>/dev/null | grep -qix 'en_US.utf8'; then \
		echo "generating the en_US.UTF-8 locale"; \
		$$SUDO sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen; \
		grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' | $$SUDO tee -a /etc/locale.gen >/dev/null; \
		$$SUDO locale-gen >/dev/null; \
	fi

# Headless Chromium (Debian's package) for the report check, the README screenshots and
# report.pdf (`legisurvey run --pdf`), and Poppler's pdftotext (poppler-utils) with which the tests
# read that PDF (ReportPDFTests).
browser:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
	fi

# LibreOffice without its GUI (Debian's libreoffice-calc-nogui, without recommends: about 2 minutes
# on a fresh machine) for the .xlsx acceptance test: it converts Tests/Fixtures/xlsx/focal-point.fods
# to .xlsx with `soffice --headless --convert-to xlsx` (XLSXInteropTests).
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1; then \
		echo "installing: libreoffice-calc-nogui"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; \
	fi

# One demo run (with --lang ar), rendered in headless Chromium:
# - report.html and report.ar.html (scripts/check-report.py): fails if a page is blank, a chapter
#   has no chart, or the page asks for any network resource;
# - every country profile and index page of countries/, English and Arabic, in one browser session
#   (scripts/check-profiles.py): fails if a page is blank, asks for any network resource, has the
#   wrong direction, does not list the country's laws as its JSON does, or an index misses a
#   profile. Its --self-test first breaks copies of the pages one way at a time and fails unless
#   each breakage is caught.
report-check: setup browser
	$(TEST_BUILD_ENV) $(SWIFT) build $(TEST_BUILD_FLAGS) --product legisurvey
	@out="$$(mktemp -d)"; \
	bin="$$($(TEST_BUILD_ENV) $(SWIFT) build $(TEST_BUILD_FLAGS) --show-bin-path)/legisurvey"; \
	"$$bin" run --quiet --lang ar --output "$$out" --store "$$out/store.sqlite" >/dev/null && \
	python3 scripts/check-report.py "$$out" "$$out/png" && \
	python3 scripts/check-profiles.py --self-test "$$out" && \
	python3 scripts/check-profiles.py "$$out" "$$out/png/countries"; status=$$?; rm -rf "$$out"; exit $$status

# The README's pictures of the report (docs/images/report-en.png, report-ar.png), from the demo inbox.
screenshots: build browser
	@out="$$(mktemp -d)"; \
	$(SWIFT) run --skip-build legisurvey run --quiet --lang ar --output "$$out" --store "$$out/store.sqlite" >/dev/null && \
	python3 scripts/check-report.py "$$out" docs/images; status=$$?; rm -rf "$$out"; exit $$status

# libFuzzer targets (Fuzz/, see Fuzz/README.md): their own package and build folder (Fuzz/.build),
# with the fuzzer and address sanitizers on the Swift code and on the C code built from source
# (Yams' libyaml). `make fuzz` runs each target FUZZ_SECONDS seconds on a temporary copy of its
# corpus in Fuzz/Corpus; `make fuzz-quick` 30 seconds. A crash fails the run and prints the input.
FUZZ_SECONDS ?= 300
FUZZ_BUILD_FLAGS := -c debug --package-path Fuzz --scratch-path Fuzz/.build \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
	-Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld

fuzz-build: setup
	@echo "fuzz: building the fuzz targets in Fuzz/.build"; mkdir -p Fuzz/.build; \
	if ! $(SWIFT) build $(FUZZ_BUILD_FLAGS) >Fuzz/.build/build.log 2>&1; then \
		tail -n 40 Fuzz/.build/build.log; echo "fuzz: the build failed; full log: Fuzz/.build/build.log"; exit 1; \
	fi

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

fuzz-quick: fuzz-build
	@FUZZ_SECONDS=30 Fuzz/run.sh

# The benchmark (BENCHMARKS.md; not part of the tests): a release build, the peers' pinned venv
# (BENCH_VENV, default ~/.cache/legisurvey/bench-venv, from Benchmarks/requirements-peers.txt),
# synthetic inboxes in BENCH_WORK (default ~/.cache/legisurvey/bench) at BENCH_SIZES.
BENCH_VENV ?= $(HOME)/.cache/legisurvey/bench-venv
BENCH_WORK ?= $(HOME)/.cache/legisurvey/bench
BENCH_SIZES ?= 1000,10000,50000

bench-venv:
	@if [ ! -x "$(BENCH_VENV)/bin/pip" ]; then \
		echo "creating the benchmark venv: $(BENCH_VENV)"; \
		mkdir -p "$$(dirname "$(BENCH_VENV)")" && python3 -m venv --clear "$(BENCH_VENV)" || exit 1; \
	fi; \
	if ! cmp -s Benchmarks/requirements-peers.txt "$(BENCH_VENV)/.legisurvey-requirements.txt"; then \
		echo "installing Benchmarks/requirements-peers.txt into $(BENCH_VENV)"; \
		"$(BENCH_VENV)/bin/pip" install -q --disable-pip-version-check -r Benchmarks/requirements-peers.txt || exit 1; \
		cp Benchmarks/requirements-peers.txt "$(BENCH_VENV)/.legisurvey-requirements.txt"; \
	fi

bench: setup bench-venv
	$(SWIFT) build -c release --product legisurvey
	$(SWIFT) build -c release --product legisurvey-bench
	python3 Benchmarks/bench.py --sizes $(BENCH_SIZES) --work "$(BENCH_WORK)" --python "$(BENCH_VENV)/bin/python" \
		--bin "$$($(SWIFT) build -c release --show-bin-path)"
	python3 Benchmarks/report_render.py --bin "$$($(SWIFT) build -c release --show-bin-path)"

# The report's size and Chromium's time to lay it out (issue 27's goals: under 2 MB, under 2 s),
# alone; `make bench` prints the same at its end.
bench-report: setup browser
	$(SWIFT) build -c release --product legisurvey
	python3 Benchmarks/report_render.py --bin "$$($(SWIFT) build -c release --show-bin-path)"

# The documentation generated from the code: the diagnostic catalogue (docs/diagnostics.md), the
# output tables (docs/outputs.md) and README.md's list of output tables (between its outputs:begin
# and outputs:end comments). Tests fail when these files differ from what the code gives.
docs: build
	$(SWIFT) run --skip-build legisurvey codes > docs/diagnostics.md
	$(SWIFT) run --skip-build legisurvey docs outputs > docs/outputs.md
	$(SWIFT) run --skip-build legisurvey docs outputs --readme README.md

# Regenerate the synthetic demo inbox (deterministic for the seed).
sample: build
	rm -rf Input/demo-*
	$(SWIFT) run --skip-build legisurvey sample --seed 2026 --countries 72 --output Input

clean:
	rm -rf .build Output/statistics.csv Output/validation_report.csv Output/legisurvey.sqlite
