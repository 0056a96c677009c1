#!/usr/bin/env bash
# Build the PyInstaller bundle (onedir) and run its --self-test, so a file missing from build_installer.spec
# fails CI. Prints the unpacked size and fails above the budget. Called by .ci/run; runs on its own too:
#   bash .ci/build_bundle.sh            (from the repository root; needs pip install -e ".[build]")
# The build goes to build/bundle/ (ignored by git). On Windows the same spec builds the .exe (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET_MB=${BUNDLE_BUDGET_MB:-200}
OUT=build/bundle
python -m pip install -q -e ".[build]" >/dev/null
rm -rf "$OUT"
python -m PyInstaller --noconfirm --log-level WARN --distpath "$OUT/dist" --workpath "$OUT/work" build_installer.spec

BUNDLE=$(ls -d "$OUT"/dist/DatongPortfolio-*/)
SIZE_MB=$(du -sm "$BUNDLE" | cut -f1)
echo "bundle: $BUNDLE  ${SIZE_MB} MB unpacked (budget ${BUDGET_MB} MB)"

# The self-test runs in a temporary folder of its own; its data folder must not be the CI user's either.
export DATONG_DATA_DIR
DATONG_DATA_DIR=$(mktemp -d)
trap 'rm -rf "$DATONG_DATA_DIR"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY timeout 180 "$BUNDLE/DatongPortfolio" --self-test
"$BUNDLE/datong-cli" --version

if [ "$SIZE_MB" -gt "$BUDGET_MB" ]; then
    echo "bundle is ${SIZE_MB} MB, over the ${BUDGET_MB} MB budget" >&2
    exit 1
fi
