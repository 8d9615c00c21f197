#!/bin/sh
# Installs the system tools the tests use (tmux, python3, git, curl, PostgreSQL's server, bubblewrap, Chromium) with apt on
# Debian or Ubuntu: as root directly, as a user through sudo. Ubuntu's `chromium` package is only a
# stub that installs the snap, which fails in containers: there Chromium is left to the user (the
# tests find /snap/bin/chromium, Google Chrome, or whatever AGENIX_CHROMIUM points at).
set -eu
if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo"; fi
packages="tmux python3 git curl postgresql bubblewrap"
distro=$(. "${OS_RELEASE:-/etc/os-release}" 2>/dev/null && echo "${ID:-}")
if [ "$distro" = ubuntu ]; then
  echo "Ubuntu: Chromium is not installed with apt (its package is a snap stub). For the HTML checks," >&2
  echo "run 'snap install chromium', install Google Chrome, or set AGENIX_CHROMIUM to a Chromium binary." >&2
else
  packages="$packages chromium"
fi
$as_root apt-get update
# shellcheck disable=SC2086 # the package list is split on purpose
$as_root apt-get install -y $packages
