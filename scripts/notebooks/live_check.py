#!/usr/bin/python3
"""Checks in a real Jupyter server and headless Chromium that a training cell's live figure changes.

    /usr/bin/python3 scripts/notebooks/live_check.py [--kernel semisup4j] [--timeout SECONDS]

Starts Jupyter's classic notebook server on 127.0.0.1 (a free port, a random token) in a temporary
folder holding a two-cell notebook that trains the supervised baseline on two moons with
LiveTraining, opens it in headless Chromium (driven by chromedriver through Selenium; the browser
may reach 127.0.0.1 only), runs the cells and samples the loss figure while the cell runs. Passes when
plotly.js came from the kernelspec folder (not from the notebook), the figure was drawn by plotly.js
and showed at least two different numbers of points before the cell finished, and the last drawing
holds every step's point. Everything it started is stopped at the end. The last line is always
"live: passed" or "live: FAILED: why".

Needs Debian's python3-selenium and chromium-driver (the launcher's test packages). SEMISUP4J_CHROMIUM
and SEMISUP4J_CHROMEDRIVER name other binaries.
"""
import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

CHROMIUM = os.environ.get("SEMISUP4J_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("SEMISUP4J_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
STEPS = 400
FIGURE = "live check: loss terms"

SETUP_CELL = "import org.semisup4j.train.*;\nimport org.semisup4j.experiment.*;\nimport org.semisup4j.plot.*;"
TRAIN_CELL = (
    f'RunConfig config = RunConfig.of("two-moons").method("supervised").labels(6).seed(0).steps({STEPS})'
    f'.evalEvery({STEPS // 10});\n'
    'var result = Experiment.prepare(config).trainer(null, LiveTraining.show("live check")).run();'
)

# Every semisup4j figure on the page: its title, whether plotly.js drew it, and its number of points.
FIGURES_JS = """
return Array.from(document.querySelectorAll('div.semisup4j-figure')).map(function (f) {
  var points = (f.data || []).reduce(function (n, t) { return n + ((t.x || []).length); }, 0);
  return [f.getAttribute('data-title'), !!f.querySelector('svg.main-svg'), points];
});
"""
RUNNING_JS = "return document.querySelectorAll('.cell.running').length + " \
             "(Jupyter.notebook.kernel_busy ? 1 : 0);"
ERRORS_JS = "return Array.from(document.querySelectorAll('.output_error')).map(e => e.innerText.slice(0, 400));"
PLOTLY_SOURCE_JS = """
return performance.getEntriesByType('resource').map(function (e) { return e.name; })
    .filter(function (name) { return name.indexOf('plotly') >= 0; });
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, predicate, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the page or server is not ready yet
            pass
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def write_notebook(folder, kernel):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": f"Java ({kernel})", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP_CELL), nbformat.v4.new_code_cell(TRAIN_CELL)]
    nbformat.write(nb, str(folder / "live.ipynb"))


def start_server(folder, port, token, python):
    command = [python, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
               f"--notebook-dir={folder}", f"--NotebookApp.token={token}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(folder / "server.log", "w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process, timeout=20):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)  # the server shuts its kernels down, then exits
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,2000", "--no-first-run", "--disable-background-networking",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def check(url, timeout):
    driver = browser()
    try:
        driver.get(url)
        wait_until("the notebook page and a connected kernel",
                   lambda: driver.execute_script("return !!(window.Jupyter && Jupyter.notebook && "
                                                 "Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());"),
                   60)
        driver.execute_script("Jupyter.notebook.execute_all_cells();")
        wait_until("the cells to start", lambda: driver.execute_script(RUNNING_JS), 30, 0.2)
        seen = []  # point counts of the loss figure drawn by plotly.js while the cell ran
        deadline = time.monotonic() + timeout
        while driver.execute_script(RUNNING_JS):
            if time.monotonic() > deadline:
                return f"the training cell still ran after {timeout} s"
            for title, drawn, points in driver.execute_script(FIGURES_JS):
                if title == FIGURE and drawn and points and (not seen or seen[-1] != points):
                    seen.append(points)
            time.sleep(0.2)
        errors = driver.execute_script(ERRORS_JS)
        if errors:
            return "the notebook failed: " + errors[0]
        final = [(drawn, points) for title, drawn, points in driver.execute_script(FIGURES_JS) if title == FIGURE]
        sources = driver.execute_script(PLOTLY_SOURCE_JS)
        print(f"live: loss figure point counts while training: {seen}; final {final}; plotly.js from {sources}")
        if not any("/kernelspecs/" in s for s in sources):
            return f"plotly.js was not loaded from the kernelspec folder (resources: {sources})"
        if len(seen) < 2:
            return f"the live figure did not change while the cell ran (point counts seen: {seen})"
        if not final or not final[0][0] or final[0][1] < max(seen):
            return f"the final figure is missing or smaller than a live one: {final}"
        return None
    finally:
        driver.quit()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", default="semisup4j")
    parser.add_argument("--timeout", type=int, default=150, help="seconds the training cell may take")
    args = parser.parse_args(argv)
    python = os.environ.get("SEMISUP4J_PYTHON") or "/usr/bin/python3"
    folder = Path(tempfile.mkdtemp(prefix="live-check-"))
    server = None
    problem = None
    started = time.monotonic()
    try:
        write_notebook(folder, args.kernel)
        port, token = free_port(), secrets.token_hex(16)
        server = start_server(folder, port, token, python)
        base = f"http://127.0.0.1:{port}"
        wait_until("the Jupyter server", lambda: json.load(urllib.request.urlopen(f"{base}/api?token={token}")), 60)
        problem = check(f"{base}/notebooks/live.ipynb?token={token}", args.timeout)
    except Exception as e:  # a timeout, a browser that does not start, ...
        problem = f"{type(e).__name__}: {e}"
    finally:
        stop(server)
        if problem:
            log = (folder / "server.log")
            if log.is_file():
                print("server log (last lines):\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
        shutil.rmtree(folder, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"live: passed in {elapsed:.0f} s" if problem is None else f"live: FAILED: {problem}")
    return 0 if problem is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
