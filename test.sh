#!/usr/bin/env bash
# Runs every test of Sluice: unit tests, integration tests against an AWS emulator and a real
# PostgreSQL, and the end-to-end test of the packaged service. Needs Java 17+ and Python 3.
# Extra arguments go to Maven (for example: ./test.sh -pl processor-core -am).
set -euo pipefail
cd "$(dirname "$0")"

venv_stamp=.venv/.requirements-test.txt
if ! cmp -s requirements-test.txt "$venv_stamp" 2>/dev/null; then
  echo "test.sh: installing the Python test tools into .venv (requirements-test.txt)"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
  cp requirements-test.txt "$venv_stamp"
fi

exec ./mvnw -B verify "$@"
