#!/usr/bin/env bash
# Set up everything tei-edition needs on a fresh Debian machine: system packages (as root, when
# missing) and a virtual environment in .venv with the project and its test tools.
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: jing (reference RELAX NG validator), poppler-utils (reading PDFs back in
# tests), PT Serif (OFL, full Cyrillic: the print font, found through fontconfig),
# epubcheck (the reference EPUB checker, run by tests/test_epub.py).
need=()
command -v jing >/dev/null 2>&1 || need+=(jing)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# chromium: the browser tests drive Debian's build (no browser is ever downloaded).
# tesseract-ocr, tesseract-ocr-rus, ocrmypdf: `convert --ocr` adds a text layer to scanned PDFs.
# trang: the test that the committed schemas/tei-edition.rng is what trang makes of the .rnc.
for pkg in fonts-paratype fontconfig chromium \
           tesseract-ocr tesseract-ocr-rus ocrmypdf epubcheck trang; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing system packages: ${need[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "setup: warning: not root, cannot install ${need[*]} (tests that need them will be skipped)" >&2
    fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
echo "setup: installing tei-edition and its dependencies into .venv"
# Exact versions from constraints.txt (refreshed by `make lock`): a fresh machine gets what CI tested.
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import tei_edition, lxml, pymorphy3" || { echo "setup: error: installation failed" >&2; exit 2; }

# axe-core for the accessibility checks of the browser tests (from the npm registry).
if command -v npm >/dev/null 2>&1 && [ ! -d tests/js/node_modules/axe-core ]; then
    echo "setup: installing browser-test packages (npm ci in tests/js)"
    (cd tests/js && npm ci --no-audit --no-fund --silent) || echo "setup: warning: npm ci failed; accessibility tests will be skipped" >&2
fi
