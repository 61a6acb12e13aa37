# LegiSurvey: the two commands of the README, and a few helpers.
#   make run    install what is missing, build, run the pipeline on Input/
#   make test   install what is missing, then the whole test suite
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libcsv-dev pkg-config

.PHONY: run test setup build sample clean

setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build: setup
	$(SWIFT) build

run: build
	$(SWIFT) run --skip-build legisurvey run

test: setup
	$(SWIFT) test

# Regenerate the synthetic demo inbox (deterministic for the seed).
sample: build
	rm -rf Input/demo-*
	$(SWIFT) run --skip-build legisurvey sample --seed 2026 --countries 72 --output Input

clean:
	rm -rf .build Output/statistics.csv Output/validation_report.csv Output/legisurvey.sqlite
