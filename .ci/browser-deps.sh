#!/usr/bin/env bash
# System packages for the report tests: headless Chromium (browser test of the HTML report),
# poppler-utils (pdftoppm/pdftotext for the PDF), and the fonts/libraries WeasyPrint needs
# (Pango, HarfBuzz, fontconfig, DejaVu fonts). Idempotent and quiet: does nothing when all
# are present. Debian/Ubuntu (apt-get); run as root in CI.
set -euo pipefail

packages=(chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
          libharfbuzz-subset0 fontconfig)
missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser-deps: apt-get not found; install ${missing[*]} by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "browser-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
