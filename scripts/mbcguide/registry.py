"""The drug registry (data/drugs.yml): load, validate and look up drugs by any of their names."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import DataError, DataErrors
from .paths import DRUGS_FILE
from .schema import schema_errors
from .suggest import nearest
from .yamlfile import line_of, load_yaml


@dataclass(frozen=True)
class DrugClass:
    id: str
    name: str
    aliases: tuple[str, ...]
    definition: str
    family: tuple[str, ...]  # broader labels that are also true, e.g. "kinase inhibitor"
    source: str  # source id (data/sources.yml) that supports the definition


def with_article(noun: str) -> str:
    """'an antibody-drug conjugate', 'a CDK4/6 inhibitor' (class names start with a letter or an acronym)."""
    return ("an " if noun[:1].lower() in "aeio" else "a ") + noun


@dataclass(frozen=True)
class Approval:
    date: str  # 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', as the source states it
    setting: str
    sources: tuple[str, ...]  # source ids
    pending: bool  # primary_source_pending: only news reports it yet
    line: int


@dataclass(frozen=True)
class Drug:
    generic: str
    brands: tuple[str, ...]
    fda_name: str
    drug_class: DrugClass
    target: str
    route: str
    subtypes: tuple[str, ...]
    use: str
    named_in_article: bool
    misspellings: tuple[str, ...]
    sources: tuple[str, ...]  # source ids (data/sources.yml); the first is the page the site links to
    line: int
    approved_for_breast_cancer: bool = True
    reviewed: dt.date | None = None
    by_generic: bool = False  # `display: generic`: the site names it by its generic name
    approvals: tuple[Approval, ...] = ()

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.generic).strip("-")

    @property
    def brand(self) -> str:
        """The main brand (the generic name when the drug has none)."""
        return self.brands[0] if self.brands else self.generic

    @property
    def generic_first(self) -> bool:
        """Named by its generic name alone: no brand, or `display: generic`."""
        return self.by_generic or not self.brands

    @property
    def display(self) -> str:
        """How the site names a drug: brand first, generic in brackets (or the generic alone)."""
        return self.generic if self.generic_first else f"{self.brand} ({self.generic})"

    @property
    def names(self) -> tuple[str, ...]:
        extra = (self.fda_name,) if self.fda_name != self.generic else ()
        return (self.generic, *extra, *self.brands)

    def class_names(self) -> set[str]:
        """Every class label that is true of this drug (lower case)."""
        cls = self.drug_class
        return {n.lower() for n in (cls.name, *cls.aliases, *cls.family)}


@dataclass(eq=False)  # compared by identity, so it can key caches
class Registry:
    path: Path
    classes: dict[str, DrugClass]
    routes: dict[str, str]
    subtypes: dict[str, str]
    drugs: list[Drug] = field(default_factory=list)
    # Missing, unreadable or future `reviewed` dates: the registry still loads, the checker reports
    # them as REG003 findings (a stale review date is a to-do, not a reason to stop the build).
    review_problems: list[DataError] = field(default_factory=list)

    @cached_property
    def by_name(self) -> dict[str, Drug]:
        """Lower-cased generic, FDA and brand names -> drug."""
        return {name.lower(): drug for drug in self.drugs for name in drug.names}

    @cached_property
    def all_names(self) -> list[str]:
        """Every name as written (generic, FDA, brands), in registry order; for spelling suggestions."""
        return [n for d in self.drugs for n in d.names]

    @cached_property
    def all_brands(self) -> list[str]:
        return [b for d in self.drugs for b in d.brands]

    @cached_property
    def brand_names(self) -> dict[str, Drug]:
        return {b.lower(): d for d in self.drugs for b in d.brands}

    @cached_property
    def misspellings(self) -> dict[str, Drug]:
        return {m.lower(): d for d in self.drugs for m in d.misspellings}

    def lookup(self, name: str) -> Drug | None:
        return self.by_name.get(name.lower())


def sort_key(generic: str) -> str:
    """Registry order: alphabetical by generic name, ignoring the FDA's "ado-"/"fam-" prefixes."""
    return re.sub(r"^(ado|fam)-", "", generic)


def _semantic_errors(data: dict, lines, path: Path, source_ids: set[str], today: dt.date) -> list[DataError]:
    """Rules a schema cannot express: known ids, unique names, sorted entries, sources, dates."""
    errors: list[DataError] = []
    known = {key: {item["id"] for item in data[key]} for key in ("classes", "routes", "subtypes")}
    for key in known:
        ids = [item["id"] for item in data[key]]
        if ids != sorted(ids):
            errors.append(DataError(path, lines[(key,)], f"{key}: sort the ids alphabetically"))
    owner: dict[str, tuple[str, int]] = {}
    previous = ""
    for i, drug in enumerate(data["drugs"]):
        line = lines[("drugs", i)]
        if drug["class"] not in known["classes"]:
            errors.append(DataError(path, lines[("drugs", i, "class")],
                                    f"unknown class {drug['class']!r}; use one of: {', '.join(sorted(known['classes']))}"))
        if drug["given"] not in known["routes"]:
            errors.append(DataError(path, lines[("drugs", i, "given")],
                                    f"unknown route {drug['given']!r}; use one of: {', '.join(sorted(known['routes']))}"))
        for j, sub in enumerate(drug["subtypes"]):
            if sub not in known["subtypes"]:
                errors.append(DataError(path, lines[("drugs", i, "subtypes", j)],
                                        f"unknown subtype {sub!r}; use one of: {', '.join(sorted(known['subtypes']))}"))
        key = sort_key(drug["generic"])
        if key < previous:
            errors.append(DataError(path, line, f"drug {drug['generic']!r} is out of order; keep drugs sorted by generic name"))
        previous = max(previous, key)
        # Each name with the line it is written on, so a clash is reported where the name is.
        names = [(drug["generic"], ("generic",))] + ([(drug["fda_name"], ("fda_name",))] if "fda_name" in drug else [])
        names += [(brand, ("brands", j)) for j, brand in enumerate(drug["brands"])]
        mine: set[str] = set()
        for name, key in names:
            low = name.lower()
            if low in mine:
                continue
            mine.add(low)
            name_line = line_of(lines, ("drugs", i, *key))
            if low in owner:
                errors.append(DataError(path, name_line, f"name {low!r} is already used by {owner[low][0]!r} "
                                                         f"(line {owner[low][1]}); each name must belong to one drug"))
            else:
                owner[low] = (drug["generic"], name_line)
    refs = [(("classes", i, "source"), c["source"]) for i, c in enumerate(data["classes"])]
    for i, drug in enumerate(data["drugs"]):
        refs += [(("drugs", i, "sources", j), sid) for j, sid in enumerate(drug["sources"])]
        for a, approval in enumerate(drug.get("fda_breast_approvals", [])):
            refs += [(("drugs", i, "fda_breast_approvals", a, "sources", j), sid)
                     for j, sid in enumerate(approval["sources"])]
    for where, sid in refs:
        if sid not in source_ids:
            near = nearest(sid, sorted(source_ids))
            hint = f"did you mean {near[0]!r}?" if near else "add it to data/sources.yml first"
            errors.append(DataError(path, lines[where], f"unknown source id {sid!r}; {hint}"))
    # A misspelling must never be a real name, or the checker would flag correct text.
    for i, drug in enumerate(data["drugs"]):
        for j, wrong in enumerate(drug["misspellings"]):
            if wrong.lower() in owner:
                errors.append(DataError(path, lines[("drugs", i, "misspellings", j)],
                                        f"misspelling {wrong!r} is a real drug name; remove it"))
    return errors


def _reviewed_problems(data, lines, path: Path, today: dt.date):
    """(problems, data to validate): each drug's missing, unreadable or future `reviewed` date as a
    DataError, and the data with those values replaced by a valid stand-in, so the schema does not
    also refuse the whole file for them (the drug then loads with reviewed=None)."""
    if not isinstance(data, dict) or not isinstance(data.get("drugs"), list):
        return [], data
    problems: list[DataError] = []
    drugs = []
    for i, drug in enumerate(data["drugs"]):
        if not isinstance(drug, dict):
            drugs.append(drug)
            continue
        name = drug.get("generic", f"entry {i + 1}")
        value = drug.get("reviewed")
        day = _date(value) if isinstance(value, str) else None
        if value is None:
            message = f"add reviewed: YYYY-MM-DD to {name!r}: the day someone last checked the entry against its sources"
        elif day is None:
            message = f"write reviewed of {name!r} as a date YYYY-MM-DD, not {value!r}"
        elif day > today:
            message = f"set reviewed of {name!r} to the day you checked the entry: {day} is in the future"
        else:
            drugs.append(drug)
            continue
        problems.append(DataError(path, line_of(lines, ("drugs", i, "reviewed")), message))
        drugs.append({**drug, "reviewed": UNREVIEWED})
    return problems, {**data, "drugs": drugs}


UNREVIEWED = "0001-01-01"  # stand-in for a bad `reviewed` while validating; the drug loads with reviewed=None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def load_registry(path: Path = DRUGS_FILE, text: str | None = None, source_ids: set[str] | None = None,
                  today: dt.date | None = None) -> Registry:
    """Load and validate the registry; raise DataErrors listing every problem with its line.

    source_ids: the ids of data/sources.yml (loaded from the project when not given)."""
    if source_ids is None:
        from .sources import load_sources  # here, not at the top: sources is a leaf module
        source_ids = set(load_sources())
    data, lines = load_yaml(path, text)
    review_problems, data = _reviewed_problems(data, lines, path, today or dt.date.today())
    errors = schema_errors(data, "drugs.schema.json", path, lines)
    if not errors:
        errors = _semantic_errors(data, lines, path, source_ids, today or dt.date.today())
    if errors:
        raise DataErrors(errors)
    classes = {c["id"]: DrugClass(c["id"], c["name"], tuple(c["aliases"]), c["definition"], tuple(c["family"]),
                                   c["source"])
               for c in data["classes"]}
    registry = Registry(path, classes, {r["id"]: r["label"] for r in data["routes"]},
                        {s["id"]: s["label"] for s in data["subtypes"]}, review_problems=review_problems)
    for i, d in enumerate(data["drugs"]):
        registry.drugs.append(Drug(
            generic=d["generic"], brands=tuple(d["brands"]), fda_name=d.get("fda_name", d["generic"]),
            drug_class=classes[d["class"]], target=d["target"], route=d["given"], subtypes=tuple(d["subtypes"]),
            use=d["use"], named_in_article=d["named_in_article"], misspellings=tuple(d["misspellings"]),
            sources=tuple(d["sources"]), line=lines[("drugs", i)],
            approved_for_breast_cancer=d["fda_approved_for_breast_cancer"], reviewed=_date(d["reviewed"]) if d["reviewed"] != UNREVIEWED else None,
            by_generic=d.get("display") == "generic",
            approvals=tuple(Approval(a["date"], a["setting"], tuple(a["sources"]), a.get("primary_source_pending", False),
                                     lines[("drugs", i, "fda_breast_approvals", k)])
                            for k, a in enumerate(d.get("fda_breast_approvals", []))),
        ))
    return registry
