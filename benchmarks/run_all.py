"""Run every benchmark script in this folder, one after another."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

for script in sorted(Path(__file__).resolve().parent.glob("bench_*.py")) + [Path(__file__).parent / "eval_annotate.py"]:
    if script.exists():
        print(f"== {script.name}", flush=True)
        subprocess.run([sys.executable, str(script)], check=False)
