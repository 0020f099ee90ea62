#!/usr/bin/env bash
# Regenerate docs/report.png: the README's report of the shipped sample, rendered by headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python -m uptime_calc report samples/incidents.csv --slo 99.9 --sla aws-ec2 -o "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars \
    --window-size=1100,1250 --screenshot="$tmp/shot.png" "file://$tmp/report.html" 2>/dev/null
# shrink: 800 px wide; an adaptive palette that keeps the Okabe-Ito colours apart
python - "$tmp/shot.png" docs/report.png <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im = im.resize((800, round(im.height * 800 / im.width)), Image.LANCZOS)
im.quantize(colors=256, method=Image.Quantize.MAXCOVERAGE).save(sys.argv[2], optimize=True)
PY
echo "wrote docs/report.png" >&2
