#!/usr/bin/env python3
"""Turns bench/run's results into the table of issue 6: medians, Summit's ratio to each peer, peak
resident sizes, and whether each target is met. Python 3 standard library only.

Reads, for each benchmark NAME given, RESULTS/NAME.tsv (the checking run of each command: exit
status and peak RSS) and RESULTS/NAME.roundN.json (hyperfine's export of each round of runs). Prints a plain table and, with
--markdown, writes the same as markdown for docs/performance.md.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys

# Columns in order: the implementation name bench/run gives each command, and its heading.
IMPLS = [
    ("summit", "summit"),
    ("lua5.4", "lua5.4"),
    ("luajit", "luajit -joff"),
    ("python3.11", "python3.11"),
    ("swift", "Swift Set"),
]

# Issue 6's target for each benchmark, as a ratio of medians of the same run.
TARGETS = {
    "startup": "≤ 3x lua5.4 and < python3.11",
    "entity_sets": "≥ 50x faster than python3.11",
    "big_sets": "≤ Swift's Set (native loop)",
}
# The query benchmarks of issue 22, which have no Lua version.
QUERIES = ("query_where", "query_group", "query_names", "query_records", "query_summits", "query_csv")
TARGETS.update({name: "≥ 3x faster than python3.11" for name in QUERIES})
DEFAULT_TARGET = "< python3.11 and ≤ 1.5x lua5.4"


def read_benchmark(results, name):
    """The checking run and the timings of one benchmark: {impl: {status, rss, cmd, median, runs}}."""
    rows = {}
    tsv = os.path.join(results, name + ".tsv")
    if os.path.exists(tsv):
        with open(tsv, encoding="utf-8") as f:
            for line in f:
                impl, status, rss, cmd = line.rstrip("\n").split("\t", 3)
                rows[impl] = {"status": status, "rss": int(rss) if rss.isdigit() else None,
                              "cmd": cmd, "median": None, "runs": 0}
    times = {}
    for path in sorted(glob.glob(os.path.join(results, glob.escape(name) + ".round*.json"))):
        with open(path, encoding="utf-8") as f:
            for result in json.load(f)["results"]:
                times.setdefault(result["command"], []).extend(result["times"])
    for command, runs in times.items():
        row = rows.setdefault(command, {"status": "0", "rss": None, "cmd": ""})
        row["median"] = statistics.median(runs)
        row["runs"] = len(runs)
    return rows


def succeeded(row):
    """Whether the checking run exited 0 (and, for summit, printed the right answer)."""
    return row["status"] == "0"


def failure(row):
    status = row["status"]
    return f"failed (exit {status})" if status.isdigit() else status.replace("-", " ")


def median(rows, impl):
    row = rows.get(impl)
    return row["median"] if row and succeeded(row) else None


def rss(rows, impl):
    row = rows.get(impl)
    return row["rss"] if row and succeeded(row) else None


def fmt_time(seconds):
    if seconds is None:
        return "—"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_ratio(a, b):
    return f"{a / b:.3g}x" if a is not None and b else "—"


def cell_time(rows, impl):
    row = rows.get(impl)
    if row is None:
        return "not measured" if impl == "summit" else "—"
    if not succeeded(row):
        return failure(row)
    return fmt_time(row["median"])


def cell_rss(rows, impl):
    row = rows.get(impl)
    if row is None and impl == "summit":
        return "not measured"
    if row is None or row["rss"] is None:
        return "—"
    if not succeeded(row):
        return "—"
    return f"{row['rss'] / 1024:.1f} MiB"


def verdict(name, rows):
    """Whether Summit meets the issue's target on this benchmark, from medians of the same run."""
    summit = rows.get("summit")
    if summit is None:
        return "not yet measured"
    if not succeeded(summit):
        return failure(summit)
    s, lua, py = median(rows, "summit"), median(rows, "lua5.4"), median(rows, "python3.11")
    if s is None:
        return "not timed"
    if name == "startup":
        ok = lua is not None and py is not None and s <= 3 * lua and s < py
        return "met" if ok else "missed"
    if name == "entity_sets":
        if py is None:
            return "—"
        return f"{'met' if py / s >= 50 else 'missed'} ({py / s:.0f}x faster than python3.11)"
    if name in QUERIES:
        if py is None:
            return "—"
        return f"{'met' if py / s >= 3 else 'missed'} ({py / s:.1f}x faster than python3.11)"
    if name == "big_sets":
        swift = median(rows, "swift")
        if swift is None:
            return "—"
        return f"{'met' if s <= swift else 'missed'} ({s / swift:.2f}x Swift's Set)"
    ok = lua is not None and py is not None and s < py and s <= 1.5 * lua
    return "met" if ok else "missed"


def memory_verdict(rows):
    summit, lua = rows.get("summit"), rows.get("lua5.4")
    if summit is None:
        return "not yet measured"
    if not succeeded(summit) or summit["rss"] is None or lua is None or not lua["rss"]:
        return "—"
    return "met" if summit["rss"] <= 2 * lua["rss"] else "missed"


def tables(names, results):
    """The time table and the memory table, each a list of rows (the first row the headings)."""
    time_rows = [["benchmark"] + [h for _, h in IMPLS]
                 + ["summit/lua5.4", "summit/python3.11", "target", "target met"]]
    rss_rows = [["benchmark"] + [h for _, h in IMPLS] + ["summit/lua5.4", "≤ 2x lua5.4"]]
    for name in names:
        rows = read_benchmark(results, name)
        s = median(rows, "summit")
        time_rows.append([name] + [cell_time(rows, impl) for impl, _ in IMPLS]
                         + [fmt_ratio(s, median(rows, "lua5.4")),
                            fmt_ratio(s, median(rows, "python3.11")),
                            TARGETS.get(name, DEFAULT_TARGET), verdict(name, rows)])
        srss, lrss = rss(rows, "summit"), rss(rows, "lua5.4")
        rss_rows.append([name] + [cell_rss(rows, impl) for impl, _ in IMPLS]
                        + [fmt_ratio(srss, lrss), memory_verdict(rows)])
    return time_rows, rss_rows


def plain(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(rows):
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def first_line(*cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        text = (out.stdout or out.stderr).strip()
        return text.splitlines()[0] if text else "?"
    except (OSError, subprocess.SubprocessError):
        return "not available"


def machine(summit):
    """The machine and tool versions the numbers come from."""
    model = "?"
    for line in first_line_all("lscpu"):
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    memory = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kib = int(f.readline().split()[1])
            memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    osname = platform.platform()
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return [
        ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("commit", first_line("git", "-C", root, "log", "-1", "--format=%h %s")),
        ("CPU", f"{model}, {os.cpu_count()} cores (nproc)"),
        ("load average (1, 5, 15 min) at the end", load_average()),
        ("memory", memory),
        ("OS", osname),
        ("summit", first_line(summit, "--version") if summit else "not in this run"),
        ("lua5.4", first_line("lua5.4", "-v")),
        ("luajit", first_line("luajit", "-v") + " (run with -joff)"),
        ("python3.11", "/usr/bin/python3.11: " + first_line("/usr/bin/python3.11", "-V")),
        ("swiftc", first_line("swiftc", "--version")),
        ("hyperfine", first_line("hyperfine", "--version")),
    ]


def load_average():
    """Other work on the machine skews the numbers; the load says how much there was."""
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def first_line_all(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return []


def runs_note(names, results):
    """How many timed runs each benchmark's commands got: "startup 50, fib 10, ..."."""
    notes = []
    for name in names:
        counts = {row["runs"] for row in read_benchmark(results, name).values() if row.get("runs")}
        if counts:
            notes.append(f"{name} {'/'.join(str(c) for c in sorted(counts))}")
    return ", ".join(notes) or "none"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="bench/results")
    parser.add_argument("--markdown", help="also write the tables as markdown to this file")
    parser.add_argument("--summit", help="the summit binary that ran, for its version")
    parser.add_argument("names", nargs="+", help="benchmarks, in table order")
    args = parser.parse_args()

    time_rows, rss_rows = tables(args.names, args.results)
    print("Median wall time (hyperfine)")
    print(plain(time_rows))
    print()
    print("Peak resident size (/usr/bin/time -f %M, one checking run)")
    print(plain(rss_rows))

    if args.markdown:
        info = machine(args.summit)
        text = ["## Results", "",
                "Median wall-clock time of each command over hyperfine's timed runs, after "
                "warm-up, taken in rounds that each run every command in turn; each ratio is of "
                "medians measured in the same run. Timed runs a "
                f"command: {runs_note(args.names, args.results)}. "
                "Produced by `bench/run`; do not edit by hand.", "",
                markdown(time_rows), "",
                "Peak resident set size of one checking run of each command "
                "(`/usr/bin/time -f %M`).", "",
                markdown(rss_rows), "",
                "Machine:", ""]
        text += [f"- {k}: {v}" for k, v in info]
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")


if __name__ == "__main__":
    sys.exit(main())
