"""The fact base as the Python versions of the query benchmarks model it: each entity an object with
attributes (its members), each set of entities a frozenset of them, as Summit holds them. The data
are Summit's own, printed by export_facts.summit at bench time (bench/run writes
bench/results/summit_facts.tsv), so both sides query the same facts. `rank` is an entity's place in
the order a Summit set iterates in (its display order): where a Summit program iterates a set, the
Python program iterates sorted(s, key=RANK), which is the same order at the cost Summit's design
also pays (an integer rank an element)."""

import os
import sys
from operator import attrgetter

RANK = attrgetter("rank")


class Entity:
    __slots__ = ("rank", "name", "region", "subregion", "groups", "lookup_names")

    def __init__(self, rank, name, region, subregion, groups, lookup_names):
        self.rank = rank
        self.name = name
        self.region = region
        self.subregion = subregion
        self.groups = groups
        # The names Summit's country() finds this entity by, among those the export prints: its
        # display name, and ISO's name and codes where country() gives this entity for them.
        self.lookup_names = lookup_names

    def __repr__(self):
        return self.name


def _value(text):
    return None if text == "nil" else text


def load():
    """(countries, signed, bletchley, seoul, paris): frozensets of Entity."""
    path = os.environ.get("SUMMIT_FACTS_TSV") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "results", "summit_facts.tsv")
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as error:
        sys.exit(f"no facts at {path} ({error}): bench/run writes them with summit")
    sets = ([], [], [], [], [])
    for line in lines:
        rank, name, region, subregion, groups, iso_name, iso2, iso3, *flags = line.split("\t")
        entity = Entity(int(rank), name, _value(region), _value(subregion),
                        frozenset(groups.split("|")) if groups else frozenset(),
                        tuple(n for n in (name, iso_name, iso2, iso3) if n))
        for members, flag in zip(sets, flags):
            if flag == "true":
                members.append(entity)
    if len(lines) < 200 or not all(sets):
        sys.exit(f"the facts at {path} look wrong ({len(lines)} entities)")
    return tuple(frozenset(s) for s in sets)
