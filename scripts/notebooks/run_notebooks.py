#!/usr/bin/python3
"""Executes the project's notebooks headless and exports each to HTML.

    /usr/bin/python3 scripts/notebooks/run_notebooks.py [--quick] [--kernel semisup4j]
        [--out target/notebooks] [--timeout SECONDS] [--jobs N] [NOTEBOOK...]

Runs every notebooks/*.ipynb (or the notebooks given) with nbclient, writes the executed copy to
OUT/NAME.ipynb and an HTML export (nbconvert, classic template) to OUT/NAME.html, and prints the
wall time of each. --quick sets SEMISUP4J_QUICK=1 in the kernel's environment; notebooks read it
with System.getenv to shrink their budget. On an error it names the notebook, the cell number,
the cell's first line and the error (ename/evalue and the first traceback lines), still writing
the partly executed copy for inspection. Exits non-zero when any notebook failed; the last line
is always "notebooks: N passed, N failed".

Needs Debian's Jupyter (python3-nbclient, jupyter-nbconvert): run it with /usr/bin/python3.
"""
import argparse
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TRACEBACK_LINES = 8


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--quick", action="store_true", help="set SEMISUP4J_QUICK=1 for a small budget")
    parser.add_argument("--kernel", default=None,
                        help="kernel name (default: the notebook's own kernelspec, else semisup4j)")
    parser.add_argument("--out", type=Path, default=ROOT / "target" / "notebooks", help="output folder")
    parser.add_argument("--timeout", type=int, default=None,
                        help="per-cell timeout in seconds (default 300 with --quick, 3600 without)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="notebooks run at once, each in its own process and kernel (default 1); the kernels'"
                             " ND4J runs one thread each, so the number of cores is a good choice")
    return parser.parse_args(argv)


class TrackingClient(NotebookClient):
    """Remembers the cell being run, so a timeout or a dead kernel can be blamed on a cell."""

    current_index = None

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        self.current_index = cell_index
        return await super().async_execute_cell(cell, cell_index, *args, **kwargs)


def first_line(cell):
    for line in cell.source.splitlines():
        if line.strip():
            return line.strip()
    return "(empty cell)"


def error_output(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return None


def code_cell_number(nb, index):
    """1-based number among code cells, as a person counts the cells that run."""
    return sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")


def describe_failure(name, nb, index, exc):
    lines = []
    if index is None:
        return [f"FAILED {name}: {type(exc).__name__}: {exc}"]
    cell = nb.cells[index]
    lines.append(f"FAILED {name}, cell {index + 1} (code cell {code_cell_number(nb, index)}): {first_line(cell)}")
    output = error_output(cell)
    if output is not None:
        lines.append(f"  {output.get('ename', '?')}: {ANSI.sub('', str(output.get('evalue', '')))}")
        trace = [ANSI.sub("", t) for t in output.get("traceback", [])]
        for line in "\n".join(trace).splitlines()[:TRACEBACK_LINES]:
            lines.append(f"    {line}")
    else:
        message = ANSI.sub("", str(exc)).strip().splitlines()
        lines.append(f"  {type(exc).__name__}: {message[-1] if message else ''}")
    return lines


def export_html(nb, path):
    exporter = HTMLExporter(template_name="classic")
    body, _ = exporter.from_notebook_node(nb)
    path.write_text(body, encoding="utf-8")


def run_one(path, args):
    nb = nbformat.read(str(path), as_version=4)
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name") or "semisup4j"
    timeout = args.timeout or (300 if args.quick else 3600)
    client = TrackingClient(nb, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    started = time.monotonic()
    failure = None
    try:
        client.execute()
    except Exception as exc:  # CellExecutionError, CellTimeoutError, DeadKernelError, NoSuchKernel, ...
        failure = describe_failure(path.name, nb, client.current_index, exc)
    elapsed = time.monotonic() - started
    stem = path.stem
    args.out.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(args.out / f"{stem}.ipynb"))
    try:
        export_html(nb, args.out / f"{stem}.html")
    except Exception as exc:  # an export failure is a failure of this notebook too
        failure = (failure or []) + [f"FAILED {path.name}: HTML export: {type(exc).__name__}: {exc}"]
    status = "ok" if failure is None else "FAILED"
    print(f"{path.name}: {status} in {elapsed:.1f} s (kernel {kernel}, cell timeout {timeout} s)", flush=True)
    for line in failure or []:
        print(line, flush=True)
    return failure is None


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        print(f"notebooks: 0 passed, {len(missing)} failed")
        return 1
    # The kernel inherits this process's environment (plus its kernelspec's env).
    if args.quick:
        os.environ["SEMISUP4J_QUICK"] = "1"
    else:
        os.environ.pop("SEMISUP4J_QUICK", None)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if args.jobs > 1:
        # Processes, not threads: nbclient runs an event loop of its own per notebook.
        with ProcessPoolExecutor(max_workers=args.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(run_one, notebooks, [args] * len(notebooks)))
    else:
        results = [run_one(path, args) for path in notebooks]
    passed, failed = results.count(True), results.count(False)
    print(f"notebooks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
