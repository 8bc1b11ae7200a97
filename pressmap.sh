#!/usr/bin/env bash
# Pressmap's two set-up commands on a fresh machine (Python 3.11):
#   ./pressmap.sh dashboard   install, then open the dashboard on the bundled sample articles
#   ./pressmap.sh test        install (Debian's chromium and PostGIS included, when root), then run every check
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}

venv() {
  if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
  # (this machine's pip configuration warns about missing local mirrors: keep that noise out of the log)
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1" 2> >(grep -v '^WARNING: Location' >&2)
  .venv/bin/python -m geo prepare >/dev/null   # the gazetteer, built once and cached for fast starts
}

debian_packages() {
  # The browser test needs chromium; the PostGIS store tests need PostgreSQL with PostGIS.
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 \
    || need+=(postgresql-15 postgresql-15-postgis-3)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "note: ${need[*]} not installed (needs root: sudo apt-get install ${need[*]}); those tests will be skipped" >&2
    fi
  fi
}

case "${1:-}" in
  dashboard)
    venv requirements.txt
    exec .venv/bin/streamlit run dashboard/app.py "${@:2}"
    ;;
  test)
    debian_packages
    venv requirements-dev.txt
    .venv/bin/ruff check geo dashboard tests bench
    exec .venv/bin/python -m pytest "${@:2}"
    ;;
  *)
    echo "usage: ./pressmap.sh dashboard | test" >&2
    exit 2
    ;;
esac
