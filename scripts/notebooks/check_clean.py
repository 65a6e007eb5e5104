#!/usr/bin/python3
"""Fails when a committed notebook carries outputs: notebooks are committed clean.

    /usr/bin/python3 scripts/notebooks/check_clean.py [NOTEBOOK...]

Checks every notebooks/*.ipynb (or the notebooks given) for code cells with outputs or an execution
count, and names each notebook and cell. Outputs in the repository make diffs unreadable, carry
megabytes of pictures, and show results that the current code may no longer produce. To clean a
notebook: `jupyter nbconvert --clear-output --inplace notebooks/NAME.ipynb`.
The last line is always "clean notebooks: N passed, N failed".
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def problems(path):
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"{path.name}: not a readable notebook: {e}"]
    found = []
    for index, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs") or []
        if outputs:
            kinds = sorted({o.get("output_type", "?") for o in outputs})
            found.append(f"{path.name}, cell {index}: {len(outputs)} output(s) ({', '.join(kinds)}); expected none")
        elif cell.get("execution_count") is not None:
            found.append(f"{path.name}, cell {index}: execution count {cell['execution_count']}; expected null")
    return found


def main(argv):
    notebooks = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    passed = failed = 0
    for path in notebooks:
        found = problems(path)
        if found:
            failed += 1
            for line in found:
                print(line)
        else:
            passed += 1
    if failed:
        print("clean them with: jupyter nbconvert --clear-output --inplace notebooks/NAME.ipynb")
    print(f"clean notebooks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
