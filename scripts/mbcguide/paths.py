"""Where the project's files live, relative to the repository root."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DATA = ROOT / "data"
SCHEMAS = DATA / "schema"
DRUGS_FILE = DATA / "drugs.yml"
GLOSSARY_FILE = DATA / "glossary.yml"
SOURCES_FILE = DATA / "sources.yml"
SOURCE_POLICY_FILE = DATA / "source_policy.yml"
WATCH_FILE = DATA / "watch.yml"
