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

# The dashboard's browser tests drive Debian's chromium through chromium-driver: install them when
# missing and possible; without them those tests are skipped and say why.
if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
  apt=""
  if [ "$(id -u)" = 0 ]; then apt="apt-get"; elif sudo -n true 2>/dev/null; then apt="sudo -n apt-get"; fi
  if [ -n "$apt" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing chromium and chromium-driver for the dashboard's browser tests"
    { $apt update -qq && DEBIAN_FRONTEND=noninteractive $apt install -y -qq chromium chromium-driver >/dev/null; } \
      || echo "test.sh: could not install chromium; the dashboard's browser tests will be skipped"
  else
    echo "test.sh: no chromium and no way to install it (apt-get as root); the dashboard's browser tests will be skipped"
  fi
fi

# The fault tests put Toxiproxy between Sluice and PostgreSQL and the AWS emulator. It is built from
# the Go module proxy into .tools/bin (ignored by git); without Go or the proxy the fault tests are
# skipped and say why.
toxiproxy=.tools/bin/toxiproxy-server
if [ ! -x "$toxiproxy" ]; then
  if command -v go >/dev/null 2>&1; then
    echo "test.sh: installing Toxiproxy v2.12.0 into .tools/bin (go install)"
    mkdir -p .tools/bin
    if GOBIN="$PWD/.tools/bin" go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0; then
      mv .tools/bin/server "$toxiproxy"
    else
      echo "test.sh: could not install Toxiproxy; the fault tests will be skipped"
    fi
  else
    echo "test.sh: no Go toolchain to install Toxiproxy with; the fault tests will be skipped"
  fi
fi

exec ./mvnw -B verify "$@"
