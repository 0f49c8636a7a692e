# query_group: group by a member, then count each group and list it sorted by name (issue 22).
# As Summit's group_by, groups are lists in the order the set iterates in (its display order,
# sorted(s, key=RANK)), keyed in first-seen order. The facts are Summit's (common/summit_facts.py).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from summit_facts import RANK, load  # noqa: E402


def group_by(items, key):
    groups = {}
    for item in sorted(items, key=RANK):
        groups.setdefault(key(item), []).append(item)
    return groups


def main():
    countries, signed, _, _, _ = load()
    rounds = 2000
    groups_seen = grouped = text = 0
    last = ""
    for _ in range(rounds):
        by_region = group_by(signed, lambda c: c.region)
        for k in by_region:
            members = by_region[k]
            groups_seen += 1
            grouped += len(members)
            last = ", ".join([c.name for c in sorted(members, key=lambda c: c.name)])
            text += len(last)
        by_subregion = group_by(countries, lambda c: c.subregion)
        for k in by_subregion:
            groups_seen += 1
            grouped += len(by_subregion[k])
    print(f"{groups_seen} {grouped} {text}")
    print(last)

    if grouped != rounds * (len(signed) + len(countries)):
        sys.exit("an element is missing or twice")
    regions = len(group_by(signed, lambda c: c.region))
    if not (regions > 1 and groups_seen > rounds * regions):
        sys.exit("too few groups")


main()
