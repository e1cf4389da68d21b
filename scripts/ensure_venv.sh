#!/usr/bin/env bash
# Create or update a virtualenv: reinstall only when the requirement files changed.
# Usage: ensure_venv.sh VENV_DIR PYTHON REQUIREMENTS_FILE...
set -eu
venv="$1"; python="$2"; shift 2
stamp="$venv/.requirements.sha256"
want="$( (cat "$@"; "$python" -V 2>&1) | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "==> $venv is up to date"
  exit 0
fi
echo "==> setting up $venv with $("$python" -V 2>&1) from $*"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" || { echo "ERROR: could not create $venv with $python (is the venv module installed?)" >&2; exit 1; }
fi
args=()
for req in "$@"; do args+=(-r "$req"); done
"$venv/bin/python" -m pip install --quiet --upgrade pip wheel 2>&1 | grep -v "^WARNING: Location" || true
if ! "$venv/bin/python" -m pip install --quiet "${args[@]}" 2> >(grep -v "^WARNING: Location" >&2); then
  echo "ERROR: installing $* into $venv failed; see the pip output above (network to the package registry?)" >&2
  exit 1
fi
echo "$want" > "$stamp"
echo "==> $venv ready"
