"""Writes the CSV query_csv reads (bench/run calls this at bench time): 100,000 rows of country
names as people write them, with numbers. The names are the forms both query_csv programs know:
each country's display name as written, in lower case and in upper case, and ISO's name and codes
where Summit's country() gives that country for them (common/export_facts.summit checks), plus a
few names of no country, which both must report. Seeded, so every run reads the same file.

usage: make_csv.py OUT.csv"""

import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from summit_facts import RANK, load  # noqa: E402

ROWS = 100_000
NO_COUNTRY = ("Atlantis", "Scotland", "Narnia", "Wakanda", "Europe")


def main():
    countries = sorted(load()[0], key=RANK)
    forms = []
    for c in countries:
        forms += [c.name, c.name.lower(), c.name.upper(), *c.lookup_names[1:]]
    rng = random.Random(22)
    with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
        f.write("country,staff,budget,note\n")
        for i in range(ROWS):
            name = rng.choice(NO_COUNTRY) if i % 250 == 7 else rng.choice(forms)
            if "," in name or '"' in name:
                name = '"' + name.replace('"', '""') + '"'
            staff = rng.randrange(1, 5000)
            budget = rng.randrange(0, 400_000) / 4  # quarters below 1e5: both print them alike
            note = rng.choice(("", "office", "lab, research", "embassy"))
            if "," in note:
                note = '"' + note + '"'
            f.write(f"{name},{staff},{budget},{note}\n")


main()
