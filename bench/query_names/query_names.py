# query_names: lists of names for display (issue 22): sorted by name, mapped to names and joined,
# over all countries, over the Paris signatories (in the order a Summit set lists in,
# sorted(s, key=RANK)), and over a filtered set. The facts are Summit's (common/summit_facts.py).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from summit_facts import RANK, load  # noqa: E402


def main():
    countries, signed, _, _, _ = load()
    rounds = 1000
    length = 0
    names = []
    sorted_names = signatories = asian = ""
    for _ in range(rounds):
        names = [c.name for c in sorted(countries, key=lambda c: c.name)]
        sorted_names = "; ".join(names)
        signatories = "; ".join([c.name for c in sorted(signed, key=RANK)])
        in_asia = frozenset(c for c in countries if c.region == "Asia")
        asian = "; ".join([c.name for c in sorted(in_asia, key=RANK)])
        length += len(sorted_names) + len(signatories) + len(asian)
    print(length)
    print(signatories)
    print(asian)

    if len(names) != len(countries):
        sys.exit("a country is missing")
    if any(names[i] > names[i + 1] for i in range(len(names) - 1)):
        sys.exit("not sorted")
    if len(signatories.split("; ")) != len(signed):
        sys.exit("a signatory is missing")
    if length != rounds * (len(sorted_names) + len(signatories) + len(asian)):
        sys.exit("the lengths changed")


main()
