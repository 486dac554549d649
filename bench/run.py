"""Runs every benchmark in bench/ (files named bench_*.py with a run() -> dict) and writes each
one's figures to bench/results/<name>.json, with a one-line summary per benchmark.

    make bench                  # all of them
    make bench BENCH=home_page  # one (or: python bench/run.py home_page)
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import write_result  # noqa: E402


def main(selected: list[str]) -> int:
    names = sorted(path.stem.removeprefix("bench_") for path in ROOT.glob("bench/bench_*.py"))
    failed = 0
    for name in names:
        if selected and name not in selected:
            continue
        try:
            figures = importlib.import_module(f"bench.bench_{name}").run()
        except Exception as error:  # a broken benchmark must not hide the others' figures
            failed += 1
            print(f"{name:<24} FAILED: {error!r}")
            continue
        path = write_result(name, figures)
        ratio = f"ratio {figures['ratio']:.2f}  " if "ratio" in figures else ""
        print(f"{name:<24} {ratio}{figures.get('summary', '')}  -> {path.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    # `python bench/run.py search` as `make bench BENCH=search`
    named = sys.argv[1:] or os.environ.get("BENCH", "").split(",")
    sys.exit(main([name for name in named if name]))
