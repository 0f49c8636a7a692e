# query_csv: reading a CSV of 100,000 rows, matching its column of country names to countries,
# counting them per region and writing the rows back as CSV (issue 22), as query_csv.summit does:
# rows as dicts keyed by the header, a column of numbers as numbers (int or float as written,
# which is what read_csv does), the names looked up as Summit's country() keys them (lower case,
# letters and digits only) in a dict of the names the export says country() knows (common/
# summit_facts.py), groups as group_by makes them, and CSV quoted as to_csv quotes it.
import csv
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "common"))
from summit_facts import RANK, load  # noqa: E402

NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")


def key(name):
    return "".join(ch for ch in name.lower() if ch.isalnum())


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        header, *lines = csv.reader(f)
    columns = list(zip(*lines))
    for i, column in enumerate(columns):
        if all(NUMBER.match(v) for v in column if v) and any(column):
            columns[i] = [None if not v else float(v) if any(ch in v for ch in ".eE") else int(v)
                          for v in column]
    return [dict(zip(header, row)) for row in zip(*columns)]


def cell(value):
    text = "" if value is None else str(value)
    if any(ch in text for ch in ',"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def to_csv(rows):
    header = list(rows[0])
    lines = [",".join(cell(h) for h in header)]
    lines += [",".join([cell(row.get(h)) for h in header]) for row in rows]
    return "\n".join(lines) + "\n"


def main():
    countries = load()[0]
    index, ambiguous = {}, set()
    for c in countries:
        for name in c.lookup_names:
            k = key(name)
            if index.setdefault(k, c) is not c:
                ambiguous.add(k)
    for k in ambiguous:
        del index[k]

    rows = read_csv(os.path.join(here, "..", "results", "countries_100k.csv"))
    matched, unmatched = set(), {}
    for row in rows:
        c = index.get(key(row["country"]))
        if c is None:
            unmatched.setdefault(row["country"])
        else:
            matched.add(c)
    by_region = {}
    for c in sorted(matched, key=RANK):
        by_region.setdefault(c.region, []).append(c)
    regions = [f"{'nil' if k is None else k} {len(v)}" for k, v in by_region.items()]
    out = os.path.join(here, "..", "results", "query_csv.python.csv")
    text = to_csv(rows)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"{len(rows)} {len(matched)} {len(text)}")
    print(", ".join(regions))
    print(", ".join(unmatched))

    if read_csv(out) != rows:
        sys.exit("the CSV written does not read back")
    if not (len(rows) == 100_000 and unmatched):
        sys.exit("the wrong file")


main()
