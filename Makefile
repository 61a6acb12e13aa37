# LegiSurvey: the two commands of the README, and a few helpers.
#   make run    install what is missing, build, run the pipeline on Input/
#   make test   install what is missing, then the whole test suite
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libcsv-dev pkg-config

.PHONY: run test setup pyxform build sample clean

setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# pyxform (XLSForm → XForm compiler) for the XLSForm export test, in a venv OUTSIDE the source tree:
# $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv. Pinned in requirements-interop.txt; reinstalled
# only when that file changes. Nothing is exported: the test looks for $LEGISURVEY_VENV/bin/xls2xform
# or the default path itself.
pyxform:
	@venv="$${LEGISURVEY_VENV:-$$HOME/.cache/legisurvey/venv}"; \
	if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then \
		echo "installing: python3 python3-venv"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3 python3-venv >/dev/null; \
	fi; \
	if [ ! -x "$$venv/bin/pip" ]; then \
		echo "creating the pyxform venv: $$venv"; \
		mkdir -p "$$(dirname "$$venv")" && python3 -m venv --clear "$$venv" || exit 1; \
	fi; \
	if ! cmp -s requirements-interop.txt "$$venv/.legisurvey-requirements.txt"; then \
		echo "installing requirements-interop.txt into $$venv"; \
		"$$venv/bin/pip" install -q --disable-pip-version-check -r requirements-interop.txt || exit 1; \
		cp requirements-interop.txt "$$venv/.legisurvey-requirements.txt"; \
	fi; \
	"$$venv/bin/xls2xform" --help >/dev/null || { echo "xls2xform does not run: $$venv/bin/xls2xform"; exit 1; }

build: setup
	$(SWIFT) build

run: build
	$(SWIFT) run --skip-build legisurvey run

test: setup pyxform
	$(SWIFT) test

# Regenerate the synthetic demo inbox (deterministic for the seed).
sample: build
	rm -rf Input/demo-*
	$(SWIFT) run --skip-build legisurvey sample --seed 2026 --countries 72 --output Input

clean:
	rm -rf .build Output/statistics.csv Output/validation_report.csv Output/legisurvey.sqlite
