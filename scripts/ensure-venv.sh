#!/bin/sh
# Create the virtualenv; on Debian/Ubuntu the venv module may need python3-venv.
set -e
PYTHON="$1"; VENV="$2"
if [ -x "$VENV/bin/python" ]; then exit 0; fi
if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
  rm -rf "$VENV"
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  elif command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  fi
  "$PYTHON" -m venv "$VENV"
fi
