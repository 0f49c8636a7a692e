# query_where: filtering entity sets by a member (issue 22): == over the Paris signatories and over
# all countries, in a list, and and. The facts are Summit's (common/summit_facts.py): frozensets of
# objects with attributes; a filtered set is a frozenset, as Summit's `where` gives a set.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from summit_facts import load  # noqa: E402


def main():
    countries, signed, _, _, _ = load()
    rounds = 10000
    europe = subsaharan = asian_g20 = africa_or_asia = 0
    for _ in range(rounds):
        europe += len(frozenset(c for c in signed if c.region == "Europe"))
        subsaharan += len(frozenset(c for c in countries if c.subregion == "Sub-Saharan Africa"))
        asian_g20 += len(frozenset(c for c in countries if c.region == "Asia" and "g20" in c.groups))
        africa_or_asia += len(frozenset(c for c in signed if c.region in ["Africa", "Asia"]))
    print(f"{europe} {subsaharan} {asian_g20} {africa_or_asia}")

    e = s = a = aa = 0
    for c in signed:
        if c.region == "Europe":
            e += 1
        if c.region == "Africa" or c.region == "Asia":
            aa += 1
    for c in countries:
        if c.subregion == "Sub-Saharan Africa":
            s += 1
        if c.region == "Asia" and "g20" in c.groups:
            a += 1
    if not (e and s and a and aa):
        sys.exit("a query found nothing")
    if europe != rounds * e or subsaharan != rounds * s:
        sys.exit("== filtered wrongly")
    if asian_g20 != rounds * a:
        sys.exit("and filtered wrongly")
    if africa_or_asia != rounds * aa:
        sys.exit("in filtered wrongly")


main()
