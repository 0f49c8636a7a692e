#!/usr/bin/env python3
"""The Summit kernel, tested headless: nbclient runs examples/summit.ipynb, and a kernel client asks
for completions, documentation, an interruption and an error. Run by `make jupyter-test` and by
Tests/SummitCommandTests/KernelModeTests.swift when .build-jupyter/venv exists.

    test_notebook.py [--summit PATH]      (default: .build/debug/summit)

The kernelspec is installed under a temporary prefix, so the test uses the summit given and leaves
the user's Jupyter alone. Prints one line a check; exits 1 if any failed.
"""

import argparse
import os
import queue
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import nbformat  # noqa: E402
from jupyter_client.manager import start_new_kernel  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

import install  # noqa: E402
from summit_kernel.kernel import file_state, identifier_at, svg_named, svg_written  # noqa: E402

failures = []


def check(what, condition, detail=""):
    print(("ok      " if condition else "FAILED  ") + what)
    if not condition:
        failures.append(what)
        if detail:
            print("        " + str(detail).replace("\n", "\n        "))


def outputs(cell, kind):
    return [o for o in cell.outputs if o.output_type == kind]


def result(cell, mime="text/plain"):
    found = [o.data.get(mime) for o in outputs(cell, "execute_result")]
    return found[0] if found else None


def printed(cell):
    return "".join(o.text for o in outputs(cell, "stream") if o.name == "stdout")


def test_notebook(workdir):
    nb = nbformat.read(os.path.join(ROOT, "examples", "summit.ipynb"), as_version=4)
    # Cells that may fail carry the tag raises-exception; an error in any other fails the run.
    NotebookClient(nb, kernel_name="summit", timeout=120, resources={"metadata": {"path": workdir}}).execute()
    code = {cell.source: cell for cell in nb.cells if cell.cell_type == "code"}

    cell = code["g7 - signed"]
    check("a set difference is the cell's result", result(cell) == "{United Kingdom, United States}", cell.outputs)
    check("a short set has no table", result(cell, "text/html") is None, cell.outputs)

    cell = code['let africa = signed where region == "Africa"\nafrica']
    html = result(cell, "text/html") or ""
    check("a set of entities is an HTML table",
          html.startswith("<table") and "<th" in html and ">Kenya</td>" in html and "7 countries" in html, html)
    check("... with the table as text beside it", "Kenya" in (result(cell) or "") and "7 countries" in result(cell))
    check("a let binding persists into the next cell", result(code["count(africa)"]) == "7", code["count(africa)"].outputs)

    cell = code["source(refused)"]
    html = result(cell, "text/html") or ""
    check("a list of records is an HTML table with its columns",
          all(f">{h}</th>" in html for h in ["fact", "citation", "confidence"]) and "records</p>" in html, html)
    check("... and an address in it is a link", '<a href="https://' in html, html)

    check("help(France) prints its members", "official_name" in printed(code["help(France)"]), code["help(France)"].outputs)
    check(":doc where prints the keyword's documentation", "xs where cond" in printed(code[":doc where"]),
          code[":doc where"].outputs)

    cell = code['signed where regoin == "Africa"']
    errors = outputs(cell, "error")
    traceback = "\n".join(errors[0].traceback) if errors else ""
    check("an error shows its location, line and caret",
          errors != [] and "undefined name 'regoin'" in errors[0].evalue
          and traceback.split("\n")[1:] == ['signed where regoin == "Africa"', "             ^~~~~~"]
          and traceback.startswith("In["), cell.outputs)


def execute(client, code):
    """Runs code in the kernel; gives its reply and the contents of its output messages by type."""
    msg_id = client.execute(code)
    found = {}
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        found.setdefault(msg["msg_type"], []).append(msg["content"])
    return client.get_shell_msg(timeout=60)["content"], found


def interrupted(client, manager, code, printed):
    """The reply to cell `code`, interrupted once it has printed `printed` times."""
    msg_id = client.execute(code)
    while printed > 0:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            printed -= 1
    manager.interrupt_kernel()
    reply = client.get_shell_msg(timeout=60)["content"]
    # What the cell printed before it stopped is read to the cell's end, so that the next cell's
    # messages are not dropped behind it (a subscriber holds 1,000 at most).
    while True:
        try:
            msg = client.get_iopub_msg(timeout=10)
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" \
                and msg["content"]["execution_state"] == "idle":
            break
    return reply


def stopped(reply):
    """Whether a reply is the error of an interrupted cell."""
    return reply["status"] == "error" and "interrupted" in reply.get("evalue", "") + "".join(reply.get("traceback", []))


def test_client(workdir):
    manager, client = start_new_kernel(kernel_name="summit", cwd=workdir)
    try:
        client.execute('let europe = signed where region == "Europe"', reply=True, timeout=60)
        reply = client.complete("count(eur", 9, reply=True, timeout=60)["content"]
        check("completion finds a name the session defined",
              reply["matches"] == ["europe"] and reply["cursor_start"] == 6 and reply["cursor_end"] == 9, reply)
        reply = client.complete("signed where reg", 16, reply=True, timeout=60)["content"]
        check("completion inside where offers the elements' members", "region" in reply["matches"], reply)
        reply = client.inspect("count(", 6, reply=True, timeout=60)["content"]
        check("inspection gives a function's documentation",
              reply["found"] and reply["data"]["text/plain"].startswith("count("), reply)

        reply, found = execute(client, "print(1)\nlet y = 1\n\ny + nosuch")
        check("an error cell replies with status error and the caret, after what it printed",
              reply["status"] == "error" and found.get("stream", [{}])[0].get("text") == "1\n"
              and found["error"][0]["traceback"][0].endswith(":4:5: error: undefined name 'nosuch'"), (reply, found))

        reply, found = execute(client, ":type europe\n:nosuch")
        check("meta commands run in a cell, and an unknown one is an error",
              found.get("stream", [{}])[0].get("text") == "set\n" and reply["status"] == "error", (reply, found))

        # The interruption is sent once the loop has begun: when the cell has printed.
        reply = interrupted(client, manager, 'var n = 0\nprint("looping")\nwhile true { n += 1 }', printed=1)
        check("an interruption stops a running cell, and the session lives on", stopped(reply), reply)
        reply, found = execute(client, "count(europe) > 0")
        check("... with what it defined", reply["status"] == "ok"
              and found.get("execute_result", [{}])[0].get("data", {}).get("text/plain") == "true", (reply, found))

        # While a cell prints without end the kernel is mostly passing its output on: the
        # interruption lands there, not in the wait for Summit's next frame.
        reply = interrupted(client, manager, "var m = 0\nwhile true { m += 1\n print(m) }", printed=50)
        check("an interruption stops a cell that is printing, and it replies", stopped(reply), reply)
        reply, found = execute(client, "m > 0")
        check("... and the next cell runs", reply["status"] == "ok"
              and found.get("execute_result", [{}])[0].get("data", {}).get("text/plain") == "true", (reply, found))

        # The charts of the data issue, once the summit under test has them.
        reply, _ = execute(client, "type(world_map)")
        if reply["status"] == "ok":
            reply, found = execute(client, 'world_map(signed, "signed-map.svg")')
            shown = [d["data"] for d in found.get("display_data", []) if "image/svg+xml" in d["data"]]
            check("world_map's SVG is shown inline", reply["status"] == "ok" and len(shown) == 1
                  and "<svg" in shown[0]["image/svg+xml"], (reply, found))
        else:
            print("skipped world_map: the summit under test has none")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_svg_rule(workdir):
    """The rule for SVG files, on files this test writes: a file a cell names and changes is shown,
    one it names but leaves alone is not, and a printed path counts if the file is new enough."""
    check("the .svg paths in string literals are found",
          svg_named('bar_chart(x, "a b.svg"); world_map(s, "m.svg") # "no.svgz"') == ["a b.svg", "m.svg"])
    changed, untouched, printed = (os.path.join(workdir, n) for n in ["changed.svg", "untouched.svg", "printed.svg"])
    for path in [changed, untouched]:
        with open(path, "w") as f:
            f.write("<svg/>")
    before = {changed: file_state(changed), untouched: file_state(untouched), os.path.join(workdir, "x.svg"): None}
    started = time.time_ns() - 20_000_000
    time.sleep(0.05)
    for path in [changed, printed]:
        with open(path, "w") as f:
            f.write("<svg></svg>")
    shown = svg_written(before, f"wrote {printed}\n", started)
    check("an SVG file the cell changed or printed is shown, and only those", shown == [changed, printed], shown)
    check("the name at the cursor", [identifier_at("count(signed)", i) for i in (3, 6, 12)] == ["count", "count", "signed"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--summit", default=os.path.join(ROOT, ".build", "debug", "summit"))
    args = parser.parse_args()
    # A parent may leave signals blocked (Foundation's Process, which runs this from the Swift test,
    # blocks them all), and the kernels started here would never see the interruption.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    with tempfile.TemporaryDirectory(prefix="summit-jupyter-") as scratch:
        prefix = os.path.join(scratch, "prefix")
        install.install(args.summit, prefix=prefix)
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        workdir = os.path.join(scratch, "work")
        os.mkdir(workdir)
        test_notebook(workdir)
        test_client(workdir)
        test_svg_rule(workdir)
    if failures:
        print(f"{len(failures)} of the checks failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
