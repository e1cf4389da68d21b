#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 needs 3.10), or explain where we looked.
set -u
looked=()
try() {
  local candidate="$1"
  looked+=("$candidate")
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
}
[ -n "${PYTHON310:-}" ] && try "$PYTHON310"
try "$(command -v python3.10 2>/dev/null || true)"
if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root)"
  for dir in "$root"/versions/3.10*; do try "$dir/bin/python3.10"; done
fi
for dir in "$HOME"/.pyenv/versions/3.10*; do try "$dir/bin/python3.10"; done
try /usr/bin/python3.10
try /usr/local/bin/python3.10
{
  echo "ERROR: no Python 3.10 found; Rasa 3.6 needs exactly Python 3.10."
  echo "Looked at: \$PYTHON310, python3.10 on PATH, \$(pyenv root)/versions/3.10*, ~/.pyenv/versions/3.10*, /usr/bin, /usr/local/bin:"
  for l in "${looked[@]}"; do [ -n "$l" ] && echo "  - $l"; done
  echo "Fix: install it (e.g. 'pyenv install 3.10.13') or set PYTHON310=/path/to/python3.10."
} >&2
exit 1
