"""Shared code for the MBC guide: data loading, the glossary linker and the checker.

Build hooks (overrides/hooks/), scripts (scripts/) and tests all import from here,
so each rule and each data format is written once.
"""
