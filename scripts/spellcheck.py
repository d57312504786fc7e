#!/usr/bin/env python3
"""Spell-check files with codespell, taught our vocabulary from data/drugs.yml.

Registry names are never flagged; the registry's known misspellings are ("Kisquali" -> Kisqali).
Usage: spellcheck.py [FILE ...]  (default: docs/, data/, README.md, CONTRIBUTING.md). Exit 0 clean, 65 findings.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.paths import ROOT  # noqa: E402
from mbcguide.registry import load_registry  # noqa: E402


def main(argv: list[str]) -> int:
    registry = load_registry()
    files = argv or [str(ROOT / p) for p in ("docs", "README.md", "CONTRIBUTING.md")]
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "mbc-dictionary.txt"
        ours.write_text("".join(f"{m.lower()}->{(d.brand if m[0].isupper() else d.generic).lower()}\n"
                                for d in registry.drugs for m in d.misspellings if " " not in m))
        ignore = Path(tmp) / "mbc-words.txt"
        ignore.write_text("".join(f"{w.lower()}\n" for d in registry.drugs for n in d.names for w in n.split()))
        cmd = [sys.executable, "-m", "codespell_lib", "--dictionary", "-", "--dictionary", str(ours),
               "--ignore-words", str(ignore), "--skip", "*.json,*.png", *files]
        return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
