#!/usr/bin/env python3
"""Installs the Summit kernel's kernelspec, for `make jupyter` and the notebook test.

    install.py --summit PATH [--user | --prefix DIR]

The kernelspec is summit_kernel/kernel.json with the Python that runs this script (which must have
ipykernel) as the kernel's Python, this folder on its PYTHONPATH, and --summit as the command
it runs.
"""

import argparse
import json
import os
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager

HERE = os.path.dirname(os.path.abspath(__file__))


def install(summit, user=False, prefix=None, name="summit"):
    """Installs the kernelspec NAME; gives the folder it is in."""
    with open(os.path.join(HERE, "summit_kernel", "kernel.json"), encoding="utf-8") as f:
        spec = json.load(f)
    spec["argv"][0] = sys.executable
    spec["env"] = dict(spec.get("env", {}), SUMMIT_BIN=os.path.abspath(summit), PYTHONPATH=HERE)
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump(spec, f, indent=2)
            f.write("\n")
        return KernelSpecManager().install_kernel_spec(folder, kernel_name=name, user=user, prefix=prefix)


def main():
    parser = argparse.ArgumentParser(description="Install the Summit kernel for Jupyter.")
    parser.add_argument("--summit", required=True, help="the summit command the kernel runs")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--user", action="store_true", help="for this user (~/.local/share/jupyter)")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter (a virtual environment's)")
    args = parser.parse_args()
    if not os.access(args.summit, os.X_OK):
        sys.exit(f"install.py: {args.summit} is not an executable; build it first")
    print("installed the Summit kernel in " + install(args.summit, user=args.user, prefix=args.prefix))


if __name__ == "__main__":
    main()
