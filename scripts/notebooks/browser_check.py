#!/usr/bin/python3
"""Checks in headless Chromium, with the network blocked, that exported notebooks draw their plots.

    /usr/bin/python3 scripts/notebooks/browser_check.py [target/notebooks]

For every NAME.html in the folder (written by run_notebooks.py): loads it with --dump-dom and
checks that every semisup4j figure (div.semisup4j-figure) shows: either drawn by plotly.js (an
svg.main-svg whose title, .gtitle, is the figure's) or, where the page has no plotly.js (a notebook
saved from semisup4j's kernel carries none: Jupyter serves it from the kernelspec), its static
picture (img.semisup4j-static: a PNG data URI that decodes to a picture, its alt the figure's title).
Also saves a screenshot NAME.png next to the HTML for people to look at. Exits non-zero naming the
notebook and the figure that did not show; the last line is always "browser: N passed, N failed".

SEMISUP4J_CHROMIUM names the Chromium (or Chrome) binary; default: chromium on PATH.

nbconvert's pages load require.js from a CDN, which the blocked network cannot reach; when
Debian's requirejs is installed the check swaps in the local copy, so the page runs with
require.js as an online reader's would (plotly.js must still set window.Plotly there).
"""
import base64
import os
import shutil
import struct
import subprocess
import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SEMISUP4J_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_REQUIRE = Path("/usr/share/javascript/requirejs/require.min.js")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=20000",
    "--allow-file-access-from-files",
]
TIMEOUT_SECONDS = 180


def chromium(url, *extra):
    profile = tempfile.mkdtemp(prefix="browser-check-")
    try:
        result = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                                capture_output=True, timeout=TIMEOUT_SECONDS)
        return result.stdout.decode("utf-8", errors="replace")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def with_local_require(html_path, workdir):
    """A copy of the page whose require.js comes from the local Debian package (if installed)."""
    page = html_path.read_text(encoding="utf-8")
    soup_head = page[: page.find("</head>")] if "</head>" in page else ""
    uses_require = "require.js" in soup_head or "require.min.js" in soup_head
    if uses_require and LOCAL_REQUIRE.is_file():
        head = BeautifulSoup(soup_head, "html.parser")
        for script in head.find_all("script", src=True):
            if "require" in script["src"]:
                page = page.replace(script["src"], LOCAL_REQUIRE.as_uri(), 1)
    copy = workdir / html_path.name
    copy.write_text(page, encoding="utf-8")
    return copy, uses_require and LOCAL_REQUIRE.is_file()


FIGURE_CODE = re.compile(r"\b(Plots\.|LiveFigure|LiveTraining|PlotlyFigure)")


PNG_DATA_URI = "data:image/png;base64,"


def static_picture_problem(img, title):
    """None when img holds a PNG picture titled like its figure, else what is wrong with it."""
    src = img.get("src") or ""
    if not src.startswith(PNG_DATA_URI):
        return f"static picture is not a PNG data URI ({src[:40]!r})"
    try:
        png = base64.b64decode(src[len(PNG_DATA_URI):], validate=True)
    except ValueError as e:
        return f"static picture does not decode: {e}"
    if len(png) < 24 or png[:8] != b"\x89PNG\r\n\x1a\n":
        return "static picture is not a PNG"
    width, height = struct.unpack(">II", png[16:24])
    if width < 10 or height < 10:
        return f"static picture is {width}x{height} pixels"
    if (img.get("alt") or "").strip() != title:
        return f"static picture's alt is '{img.get('alt')}', expected the figure's title"
    return None


def check_dom(dom):
    """Problems found in the rendered DOM, and the number of figures."""
    soup = BeautifulSoup(dom, "html.parser")
    figures = soup.select("div.semisup4j-figure")
    problems = []
    for number, figure in enumerate(figures, start=1):
        title = (figure.get("data-title") or "").strip()
        label = f"figure {number} '{title}'" if title else f"figure {number} (untitled)"
        if figure.select_one("svg.main-svg") is None:
            picture = figure.select_one("img.semisup4j-static")
            if picture is not None:
                problem = static_picture_problem(picture, title)
                if problem:
                    problems.append(f"{label}: {problem}")
                continue
            text = figure.get_text(" ", strip=True)
            problems.append(f"{label} did not render" + (f": {text}" if text else " (empty div)"))
            continue
        shown = " ".join(t.get_text(" ", strip=True) for t in figure.select(".gtitle"))
        if title and title not in shown:
            problems.append(f"{label}: title not in the rendered SVG (found '{shown}')")
    if "semisup4j-plotly-loader" in dom and not figures:
        problems.append("plotly.js loaded but no figure found")
    return problems, len(figures)


def check_page(page, workdir):
    """(passed, lines to print) for one exported notebook."""
    copy, local_require = with_local_require(page, workdir)
    dom = chromium(copy.as_uri(), "--dump-dom")
    problems, count = check_dom(dom) if dom.strip() else (["Chromium returned no DOM"], 0)
    if count == 0 and FIGURE_CODE.search(page.read_text(encoding="utf-8")):
        # the cells draw figures, yet none reached the page: a vacuous pass would hide it
        problems.append("the notebook's code draws figures but the page has none")
    screenshot = page.with_suffix(".png")
    chromium(copy.as_uri(), f"--screenshot={screenshot}", "--window-size=1280,2400")
    note = " with local require.js" if local_require else ""
    if problems:
        return False, [f"{page.name}: FAILED ({count} figures{note})"] + [f"  {page.name}: {p}" for p in problems]
    return True, [f"{page.name}: ok, {count} figures shown{note}; screenshot {screenshot}"]


def main(argv):
    folder = Path(argv[0]) if argv else ROOT / "target" / "notebooks"
    pages = sorted(folder.glob("*.html"))
    if not pages:
        print(f"no HTML exports in {folder} (run scripts/notebooks/run_notebooks.py first)", file=sys.stderr)
        print("browser: 0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory(prefix="browser-check-pages-") as tmp:
        # one Chromium per core: each page waits mostly on its own browser's start-up and rendering
        with ThreadPoolExecutor(max_workers=min(len(pages), os.cpu_count() or 1)) as pool:
            results = list(pool.map(lambda page: check_page(page, Path(tmp)), pages))
    for ok, lines in results:
        print("\n".join(lines))
    passed = sum(1 for ok, _ in results if ok)
    failed = len(results) - passed
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
