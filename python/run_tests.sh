#!/usr/bin/env bash
# Tests the Python package against the built tool: makes (or reuses) a virtual environment, installs the package
# from python/ and pytest into it (from PyPI: pandas, numpy, pytest, setuptools), and runs python/tests.
#
#   python/run_tests.sh [VENV_DIR]      default VENV_DIR: .build-python-venv (relative to the repository root)
#
# The tool must be built first (swift build -c release); the tests run $BECHDELCLI, by default
# .build/release/bechdelcli. $PYTHON chooses the interpreter (default python3, 3.9 or newer, with venv:
# Debian's python3 and python3-venv). Extra pytest arguments: PYTEST_ARGS="-x -k predict".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

venv="${1:-.build-python-venv}"
python="${PYTHON:-python3}"
export BECHDELCLI="${BECHDELCLI:-$root/.build/release/bechdelcli}"

if [ ! -x "$BECHDELCLI" ]; then
    echo "run_tests.sh: no executable bechdelcli at $BECHDELCLI (build it: swift build -c release)" >&2
    exit 2
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
venv="$(cd "$venv" && pwd)"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
"$venv/bin/python" -m pip install -q ./python pytest
# the installed package is what is tested: run from python/tests so that nothing else named bechdelcli is on
# sys.path ahead of it
cd python/tests
# shellcheck disable=SC2086
"$venv/bin/python" -m pytest -q -p no:cacheprovider ${PYTEST_ARGS:-} .
