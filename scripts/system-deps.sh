#!/usr/bin/env bash
# Install the Debian packages RPL Care needs. Idempotent; safe to run on every `make`.
#   scripts/system-deps.sh app     what the app needs to run
#   scripts/system-deps.sh test    plus headless chromium (browser tests), PostgreSQL (database tests)
#                                  and, when no `java` is on PATH, a headless JRE (Spark registry tests);
#                                  when no `npm` is on PATH, node and npm (FHIR.js, the FHIR validator)
# Only Debian/Ubuntu (apt) is automated; elsewhere it prints what to install and carries on.
set -euo pipefail
purpose="${1:-app}"

# gettext: msgfmt builds the translations (scripts/messages.sh). WeasyPrint (PDF reports) needs
# pango and harfbuzz; Noto Sans and Noto Sans CJK SC render Vietnamese, Turkish and Chinese.
app_packages=(gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk)
test_packages=(chromium postgresql)

packages=("${app_packages[@]}")
if [ "$purpose" = "test" ]; then
    packages+=("${test_packages[@]}")
    # PySpark (the registry's Spark engine) needs Java 17 or newer; any JRE already present is kept.
    if ! command -v java >/dev/null 2>&1; then packages+=(default-jre-headless); fi
    if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
fi
[ "${#packages[@]}" -eq 0 ] && exit 0

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: please install: ${missing[*]} (no apt-get on this machine)" >&2
    exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
