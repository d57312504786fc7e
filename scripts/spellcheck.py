#!/usr/bin/env python3
"""Spell-check files with codespell, taught our vocabulary from data/drugs.yml.

Registry names are never flagged; the registry's known misspellings are ("Kisquali" -> Kisqali),
except in data/drugs.yml itself, where they are listed on purpose. Words in URLs are not checked.
Usage: spellcheck.py [FILE ...]  (default: docs/, data/*.yml, README.md, CONTRIBUTING.md). Exit 0 clean, 65 findings.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.paths import DATA, DRUGS_FILE, ROOT  # noqa: E402
from mbcguide.registry import load_registry  # noqa: E402


def _includes(paths: list[str], target: Path) -> bool:
    """Whether target is one of paths or inside one of them."""
    target = target.resolve()
    return any(target == Path(p).resolve() or Path(p).resolve() in target.parents for p in paths)


def main(argv: list[str]) -> int:
    registry = load_registry()
    files = argv or [str(ROOT / p) for p in ("docs", "README.md", "CONTRIBUTING.md")] + [
        str(p) for p in sorted(DATA.glob("*.yml"))]
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "mbc-dictionary.txt"
        ours.write_text("".join(f"{m.lower()}->{(d.brand if m[0].isupper() else d.generic).lower()}\n"
                                for d in registry.drugs for m in d.misspellings if " " not in m))
        names = {w.lower() for d in registry.drugs for n in d.names for w in n.split()}
        ignore = Path(tmp) / "mbc-words.txt"
        ignore.write_text("".join(f"{w}\n" for w in sorted(names)))
        base = [sys.executable, "-m", "codespell_lib", "--dictionary", "-", "--uri-ignore-words-list", "*"]
        # data/drugs.yml lists misspellings on purpose: checked on its own, without them as errors.
        others = [f for f in files if Path(f).resolve() != DRUGS_FILE.resolve()]
        status = 0
        if others:  # (codespell with no file checks the current folder)
            status = subprocess.run([*base, "--dictionary", str(ours), "--ignore-words", str(ignore),
                                     "--skip", "*.json,*.png,drugs.yml", *others]).returncode
        if _includes(files, DRUGS_FILE):
            misspelt = Path(tmp) / "mbc-misspellings.txt"
            misspelt.write_text("".join(f"{w}\n" for w in sorted(
                names | {w.lower() for d in registry.drugs for m in d.misspellings for w in m.split()})))
            status = max(status, subprocess.run([*base, "--ignore-words", str(misspelt), str(DRUGS_FILE)]).returncode)
        return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
