# query_records: iterating a set of entities (in the order a Summit set iterates in,
# sorted(s, key=RANK)), testing membership in loops and building a record (a dict) for each match
# (issue 22). The facts are Summit's (common/summit_facts.py).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from summit_facts import RANK, load  # noqa: E402


def show(row):
    """A record as Summit prints it."""
    def value(v):
        if v is None:
            return "nil"
        if isinstance(v, bool):
            return "true" if v else "false"
        return '"' + v + '"'
    return "{" + ", ".join(f"{k}: {value(v)}" for k, v in row.items()) + "}"


def main():
    countries, signed, bletchley, _, _ = load()
    rounds = 1000
    rows = []
    total = both = g20 = 0
    for _ in range(rounds):
        rows = []
        for c in sorted(countries, key=RANK):
            if c in signed:
                row = {"name": c.name, "region": c.region, "bletchley": c in bletchley,
                       "g20": "g20" in c.groups}
                rows.append(row)
                if row["bletchley"]:
                    both += 1
                if row["g20"]:
                    g20 += 1
        total += len(rows)
    print(f"{total} {both} {g20}")
    print(show(rows[0]))

    if len(rows) != len(countries & signed):
        sys.exit("a signatory is missing")
    if both != rounds * len(countries & signed & bletchley):
        sys.exit("membership tested wrongly")
    if total != rounds * len(rows):
        sys.exit("the rows changed")


main()
