#!/usr/bin/env python3
"""Renders report.html in headless Chromium and fails when something is wrong with what a reader sees.

    scripts/check-report.py OUTPUT_FOLDER [PNG_FOLDER]

For the English (report.html) and Arabic (report.ar.html) reports: renders each to a PNG, and fails
(exit 1) if the PNG is blank (one colour), if a chapter section of the rendered DOM has no chart
(<svg>), or if the page asked for any resource other than the file itself (Chromium's net log).
Needs `chromium` (Debian's package; `make test` installs it). Never skips: a missing browser or
report is a failure. Uses only the Python standard library.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pngcheck

CHAPTERS = ["3", "4", "5", "6", "7", "8", "TA"]


def fail(message):
    print(f"check-report: FAIL: {message}")
    sys.exit(1)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    fail("no chromium on PATH (make test installs Debian's chromium package)")


def run(browser, arguments, work):
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
               "--disable-features=NetworkTimeServiceQuerying,Translate,OptimizationHints",
               f"--user-data-dir={work}/profile"] + arguments
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        fail(f"chromium exited {result.returncode}: {result.stderr[-500:]}")
    return result.stdout


def png_is_blank(path):
    """True when every pixel of an 8-bit RGB(A) PNG has the same colour (scripts/pngcheck.py)."""
    try:
        return pngcheck.is_blank_file(path)
    except ValueError as error:
        fail(str(error))


def page_requests(netlog):
    """URLs the page itself asked for, from Chromium's net log. The browser's own background
    requests (component updates, network time) carry the initiator "not an origin"; a request made
    by the page carries the page's origin ("null" for a file)."""
    with open(netlog, encoding="utf-8") as handle:
        log = json.load(handle)
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    found = set()
    for event in log["events"]:
        params = event.get("params") or {}
        url = params.get("url")
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and url and params.get("initiator") != "not an origin":
            if not url.startswith(("file:", "data:")):
                found.add(url)
    return found


def control(browser, work):
    """A page that fetches an image from 127.0.0.1 must be caught, or the check proves nothing."""
    page = os.path.join(work, "control.html")
    with open(page, "w") as handle:
        handle.write('<!DOCTYPE html><html><body><p>control</p><img src="http://127.0.0.1:9/canary.png"></body></html>')
    netlog = os.path.join(work, "control.json")
    run(browser, ["--window-size=400,300", f"--screenshot={work}/control.png", f"--log-net-log={netlog}", "file://" + page], work)
    if not any("canary.png" in url for url in page_requests(netlog)):
        fail("the network check did not see a control page's request to 127.0.0.1: it cannot be trusted")


def check(browser, report, png, work):
    url = "file://" + os.path.abspath(report)
    netlog = os.path.join(work, "netlog.json")
    run(browser, ["--window-size=1200,2400", f"--screenshot={png}", f"--log-net-log={netlog}", url], work)
    if not os.path.exists(png):
        fail(f"{report}: no screenshot written")
    if png_is_blank(png):
        fail(f"{report}: the rendered page is blank")
    dom = run(browser, ["--dump-dom", url], work)
    for chapter in CHAPTERS:
        match = re.search(r'<section class="chapter" id="chapter-%s">(.*?)</section>' % re.escape(chapter), dom, re.S)
        if not match:
            fail(f"{report}: chapter {chapter} is missing from the rendered page")
        if "<svg" not in match.group(1):
            fail(f"{report}: chapter {chapter} has no chart")
    requested = page_requests(netlog)
    if requested:
        fail(f"{report}: the page asked for network resources: {sorted(requested)[:5]}")
    print(f"check-report: ok: {os.path.basename(report)} -> {png} ({os.path.getsize(png)} bytes), charts in every chapter, no network request")


def main():
    if len(sys.argv) not in (2, 3):
        fail("usage: check-report.py OUTPUT_FOLDER [PNG_FOLDER]")
    output = sys.argv[1]
    pictures = sys.argv[2] if len(sys.argv) == 3 else output
    os.makedirs(pictures, exist_ok=True)
    browser = chromium()
    with tempfile.TemporaryDirectory() as work:
        control(browser, work)
    for name, png in (("report.html", "report-en.png"), ("report.ar.html", "report-ar.png")):
        report = os.path.join(output, name)
        if not os.path.exists(report):
            fail(f"{report} not found (run legisurvey run --lang ar first)")
        with tempfile.TemporaryDirectory() as work:
            check(browser, report, os.path.join(pictures, png), work)


if __name__ == "__main__":
    main()
