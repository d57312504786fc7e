"""Make the shared `mbcguide` package (scripts/mbcguide) importable from build hooks.

MkDocs loads hooks by file path, so they cannot rely on the working directory.
"""
import sys
from pathlib import Path

SCRIPTS = str(Path(__file__).resolve().parents[2] / "scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)
