#!/bin/sh
# compilemessages needs GNU gettext's msgfmt.
set -e
command -v msgfmt >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext
else
  echo "Install GNU gettext (msgfmt) to compile translations." >&2; exit 1
fi
