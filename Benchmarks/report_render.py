#!/usr/bin/env python3
"""The report's size and how fast Chromium renders it (`make bench`, `make bench-report`).

    Benchmarks/report_render.py --bin RELEASE_BIN_FOLDER [--repeat 3]

Runs `legisurvey run --lang ar` on the shipped demo inbox (Input/) into a temporary folder, then
for report.html and report.ar.html prints:
  - the file's size (goal: under 2 MB, issue 27);
  - the time Chromium takes to parse, style and lay out the whole page, measured inside the page
    (a script injected at the end of a copy of the body forces the layout and reads
    `performance.now()`, which counts from the navigation's start), best of --repeat (goal: under
    2 s);
  - the whole `chromium --headless --screenshot` process for the page beside the same for an empty
    page, so the browser's own start-up is visible rather than hidden in the figure.
A figure over its goal is printed as such; the script never fails on a goal (a benchmark, not a
test). Only the standard library.
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIZE_GOAL = 2_000_000
TIME_GOAL = 2.0

PROBE = """<script>
document.body.getBoundingClientRect();
const layoutDone = performance.now();
const out = document.createElement('pre');
out.id = 'render-probe';
out.textContent = btoa(JSON.stringify({ms: layoutDone, nodes: document.getElementsByTagName('*').length}));
document.body.appendChild(out);
</script></body>"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("report_render: no chromium on PATH (make browser installs it)")


def browse(browser, work, arguments):
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={work}/profile", "--window-size=1200,2400"] + arguments
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"report_render: chromium exited {result.returncode}: {result.stderr[-400:]}")
    return seconds, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    browser = chromium()
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "out")
        subprocess.run([os.path.join(args.bin, "legisurvey"), "run", "--quiet", "--lang", "ar",
                        "--pipeline", os.path.join(ROOT, "Pipelines/default.yml"), "--input", os.path.join(ROOT, "Input"),
                        "--output", out, "--store", os.path.join(work, "store.sqlite")], check=True,
                       stdout=subprocess.DEVNULL)
        empty = os.path.join(work, "empty.html")
        with open(empty, "w") as handle:
            handle.write("<!DOCTYPE html><html><body></body></html>")
        blank = min(browse(browser, work, [f"--screenshot={work}/empty.png", "file://" + empty])[0]
                    for _ in range(args.repeat))
        print(f"report (demo inbox; chromium {subprocess.run([browser, '--version'], capture_output=True, text=True).stdout.strip()}):")
        for name in ("report.html", "report.ar.html"):
            page = os.path.join(out, name)
            size = os.path.getsize(page)
            with open(page, encoding="utf-8") as handle:
                html = handle.read()
            probe = os.path.join(work, "probe-" + name)
            with open(probe, "w", encoding="utf-8") as handle:
                handle.write(html[:html.rindex("</body>")] + PROBE + html[html.rindex("</body>") + 7:])
            inside = []
            for _ in range(args.repeat):
                _, dom = browse(browser, work, ["--dump-dom", "file://" + probe])
                match = re.search(r'<pre id="render-probe">([A-Za-z0-9+/=]+)</pre>', dom)
                if not match:
                    raise SystemExit(f"report_render: {name}: the probe wrote nothing")
                inside.append(json.loads(base64.b64decode(match.group(1))))
            best = min(inside, key=lambda entry: entry["ms"])
            whole = min(browse(browser, work, [f"--screenshot={work}/{name}.png", "file://" + page])[0]
                        for _ in range(args.repeat))
            seconds = best["ms"] / 1000
            print(f"  {name}: {size / 1e6:.2f} MB ({'under' if size < SIZE_GOAL else 'OVER'} the 2 MB goal), "
                  f"{best['nodes']} elements; parsed and laid out in {seconds:.2f} s "
                  f"({'under' if seconds < TIME_GOAL else 'OVER'} the 2 s goal); "
                  f"chromium --screenshot {whole:.2f} s whole process, {blank:.2f} s for an empty page")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
