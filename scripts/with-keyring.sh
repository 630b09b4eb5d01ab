#!/usr/bin/env bash
# Usage: scripts/with-keyring.sh <command...>
#
# Runs the command inside a private D-Bus session with its own unlocked gnome-keyring, so keytar talks to a
# real Secret Service, and exports LINQ_KEYRING=1 so the tests know it is there. The keyring lives in a
# throwaway directory with a throwaway password: a developer's own keyring is never touched (gnome-keyring
# would otherwise find the running one through $XDG_RUNTIME_DIR and try to unlock that). The daemon is our
# child and is stopped before we return. Without dbus-run-session or gnome-keyring-daemon the command runs
# as is, without LINQ_KEYRING (keychain tests then skip, or fail under CI).
set -uo pipefail

if [ $# -eq 0 ]; then
  echo 'usage: scripts/with-keyring.sh <command...>' >&2
  exit 2
fi
unset LINQ_KEYRING

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool not found, so running without a Secret Service (apt: dbus-x11 gnome-keyring)" >&2
    exec "$@"
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/linq-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/data" "$scratch/run"

# The caller's values, put back for the command; the bus and the daemon use the scratch directories.
export WITH_KEYRING_RESTORE="$(declare -p XDG_DATA_HOME XDG_RUNTIME_DIR 2>/dev/null)"
export WITH_KEYRING_SCRATCH="$scratch"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"

# Inside the session: fd 3 is the caller's stderr. dbus-daemon's own chatter (e.g. "Failed to set fd limit"
# in containers) goes to a log that is shown only if the session never got as far as running the command.
inner='
  printf "%s" "$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")" |
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  daemon=$!
  # --unlock returns before the daemon owns its bus name; a client arriving first would make the bus start
  # a second daemon, so wait for the name (or for the daemon to die).
  ready=0
  for _ in $(seq 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
      string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      ready=1
      break
    fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.1
  done
  unset XDG_DATA_HOME XDG_RUNTIME_DIR
  eval "$WITH_KEYRING_RESTORE"
  touch "$WITH_KEYRING_SCRATCH/ran"
  unset WITH_KEYRING_RESTORE WITH_KEYRING_SCRATCH
  if [ "$ready" = 1 ]; then
    export LINQ_KEYRING=1
  else
    echo "with-keyring: gnome-keyring-daemon did not start, so running without a Secret Service" >&3
  fi
  "$@" 2>&3 3>&-
  status=$?
  kill "$daemon" 2>/dev/null
  wait "$daemon" 2>/dev/null
  exit "$status"
'
dbus-run-session -- bash -c "$inner" with-keyring "$@" 3>&2 2>"$scratch/dbus.log"
status=$?
if [ ! -e "$scratch/ran" ]; then
  echo "with-keyring: the D-Bus session did not start (exit $status):" >&2
  cat "$scratch/dbus.log" >&2
fi
exit "$status"
