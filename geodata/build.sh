#!/bin/sh
# Rebuild geodata/ from the PyPI packages; see geodata/README.md. Extra arguments (e.g. --check) are passed on.
set -eu
exec python3 "$(dirname "$0")/build.py" "$@"
