#!/usr/bin/env python3
"""Renders every country profile page and index page in headless Chromium and fails when something
is wrong with what a reader sees (issue 21).

    scripts/check-profiles.py OUTPUT_FOLDER [PNG_FOLDER]
    scripts/check-profiles.py --self-test OUTPUT_FOLDER

For every page of OUTPUT_FOLDER/countries/ (each profile `<ISO3>.html` and `<ISO3>.<lang>.html`,
each index `index.html` and `index.<lang>.html`), in ONE browser session (Chromium's DevTools
protocol over a pipe, `--remote-debugging-pipe`): navigates to the file, waits for its load event,
and checks that
  - the page is not blank: its screenshot (1000x1400 viewport) is not one colour;
  - it made no network request: every request the page sent (Network.requestWillBeSent) is its own
    file or a data: URL;
  - its direction follows its language: `dir="rtl"` in Arabic (`*.ar.html`), `ltr` otherwise, and a
    `<ISO3>.<lang>.html` page says `lang="<lang>"`;
  - a profile lists the country's laws: as many `.law` elements as `laws` in `<ISO3>.json`, and
    every law's title in the page's text;
  - each index links the profile page of every `<ISO3>.json` in its language, and every file of
    OUTPUT_FOLDER that a page links exists (a profile's link to the report, to a neighbour);
and that nothing is missing: every profile JSON has a page in every language an index is written
in, every page has its JSON, index.json lists exactly the States with a profile.
It prints one summary line, or fails (exit 1) naming the first class of problem found (up to ten
offenders). With PNG_FOLDER, it saves each screenshot there (`AFG.ar.png`, `index.png`).

Before the pages, a control page that asks 127.0.0.1 for an image must be seen asking, or the
network check proves nothing. `--self-test` goes further: on a copy of OUTPUT_FOLDER/countries it
breaks one profile at a time (an external image, a law removed, an invisible body, the wrong
direction, a link dropped from the index, a broken link, a page deleted) and fails unless the check
catches each with the right class of problem; the unbroken copy must pass.

Needs `chromium` (Debian's package; `make test` installs it). Never skips: a missing browser, folder
or page is a failure. Uses only the Python standard library (and scripts/pngcheck.py).
"""
import base64
import fcntl
import json
import os
import pathlib
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import unquote, urlparse

import pngcheck

WIDTH, HEIGHT = 1000, 1400
TIMEOUT = 60  # seconds to wait for one answer or one load event of the browser
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}
PROFILE_PAGE = re.compile(r"^([A-Z]{3})(?:\.([a-z]{2,3}))?\.html$")
PROFILE_JSON = re.compile(r"^([A-Z]{3})\.json$")
INDEX_PAGE = re.compile(r"^index(?:\.([a-z]{2,3}))?\.html$")
MAX_SHOWN = 10

# The classes of problem, in the order they are reported: the first class with an offender fails.
CLASSES = [
    ("missing", "files are missing or do not match"),
    ("render", "pages did not render"),
    ("network", "pages asked for network resources (a page must be self-contained)"),
    ("blank", "pages rendered blank (the screenshot is one colour)"),
    ("direction", "pages have the wrong language or direction"),
    ("laws", "profiles do not list the country's laws as its JSON gives them"),
    ("links", "links are missing or broken (each index links every profile; no page links a missing file)"),
]

# What the check reads of a rendered page.
PAGE_STATE = """(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    laws: document.querySelectorAll('.law').length,
    text: document.body ? document.body.innerText : '',
    links: Array.from(document.querySelectorAll('a[href]'), a => a.href)
}))()"""


def fail(message):
    print(f"check-profiles: FAIL: {message}")
    sys.exit(1)


class BrowserError(Exception):
    """The browser itself misbehaved (did not start, died, did not answer)."""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    fail("no chromium on PATH (make test installs Debian's chromium package)")


class Browser:
    """One headless Chromium, driven over the DevTools protocol on file descriptors 3 (commands to
    the browser) and 4 (answers and events), NUL-terminated JSON messages; one tab, reused."""

    def __init__(self, executable, work):
        to_browser, self.commands = os.pipe()
        self.answers, from_browser = os.pipe()

        def arrange():  # in the child: the pipe ends at 3 and 4, whatever numbers they had here
            reading = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            writing = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.log = os.path.join(work, "chromium.log")
        command = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
                   "--disable-features=NetworkTimeServiceQuerying,Translate,OptimizationHints",
                   "--hide-scrollbars", "--mute-audio", f"--window-size={WIDTH},{HEIGHT}",
                   # No name resolves: a page asking for a host fails at once instead of waiting on
                   # DNS (the request is still seen and reported).
                   "--host-resolver-rules=MAP * ~NOTFOUND",
                   f"--user-data-dir={work}/profile", "--remote-debugging-pipe", "about:blank"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            preexec_fn=arrange, pass_fds=(3, 4))
        os.close(to_browser)
        os.close(from_browser)
        self.buffer = b""
        self.pending = []  # events received and not yet consumed
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method, params in (("Page.enable", {}), ("Network.enable", {}), ("Runtime.enable", {}),
                               ("Page.setLifecycleEventsEnabled", {"enabled": True}),
                               ("Emulation.setDeviceMetricsOverride",
                                {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})):
            self.call(method, params, session=True)

    def log_tail(self):
        try:
            with open(self.log, "rb") as handle:
                return handle.read()[-600:].decode("utf-8", "replace")
        except OSError:
            return ""

    def send(self, method, params, session):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self.commands, data):]
        except OSError as error:
            raise BrowserError(f"cannot write to the browser ({error}): {self.log_tail()}")
        return self.next_id

    def receive(self, deadline):
        """The next message from the browser."""
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"no answer from the browser within {TIMEOUT} s")
            ready, _, _ = select.select([self.answers], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.answers, 1 << 20)
            if not chunk:
                raise BrowserError(f"the browser closed its pipe (exit {self.process.poll()}): {self.log_tail()}")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False):
        number = self.send(method, params or {}, session)
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.receive(deadline)
            if message.get("id") == number:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self.pending.append(message)

    def wait_for(self, accept):
        """The first event (already received or to come) for which accept(event) is true."""
        for position, event in enumerate(self.pending):
            if accept(event):
                del self.pending[position]
                return event
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.receive(deadline)
            if "method" in message:
                if accept(message):
                    return message
                self.pending.append(message)

    def render(self, url):
        """Loads url; returns (problem or None, page state, PNG bytes, URLs the page requested)."""
        self.pending = []
        navigation = self.call("Page.navigate", {"url": url}, session=True)
        if navigation.get("errorText"):
            return f"navigation failed: {navigation['errorText']}", None, None, []
        frame, loader = navigation.get("frameId"), navigation.get("loaderId")
        self.wait_for(lambda event: event.get("method") == "Page.lifecycleEvent"
                      and event["params"].get("name") == "load" and event["params"].get("frameId") == frame
                      and event["params"].get("loaderId") == loader)
        evaluation = self.call("Runtime.evaluate", {"expression": PAGE_STATE, "returnByValue": True}, session=True)
        if "exceptionDetails" in evaluation:
            return f"reading the page failed: {evaluation['exceptionDetails'].get('text')}", None, None, []
        state = evaluation["result"]["value"]
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False, "optimizeForSpeed": True},
                         session=True)
        png = base64.b64decode(shot["data"])
        requested = [event["params"]["request"]["url"] for event in self.pending
                     if event.get("method") == "Network.requestWillBeSent"]
        self.pending = []
        return None, state, png, requested

    def close(self):
        try:
            self.send("Browser.close", {}, False)
            self.process.wait(timeout=10)
        except (BrowserError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        for descriptor in (self.commands, self.answers):
            try:
                os.close(descriptor)
            except OSError:
                pass


def words(text):
    """Text with its white space collapsed, as a reader sees it."""
    return " ".join(text.split())


def file_url(path):
    return pathlib.Path(os.path.abspath(path)).as_uri()


def url_path(url):
    """The file a file:// URL names (without query or fragment), or None for another scheme."""
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else None


class Problems:
    def __init__(self):
        self.found = {name: [] for name, _ in CLASSES}

    def add(self, kind, message):
        self.found[kind].append(message)

    def first(self):
        """(class, description, offenders) of the first class with an offender, or None."""
        for name, description in CLASSES:
            if self.found[name]:
                return name, description, self.found[name]
        return None

    def others(self, kind):
        return [f"{name}: {len(self.found[name])}" for name, _ in CLASSES if name != kind and self.found[name]]


def control(browser, work):
    """A page that fetches an image from 127.0.0.1 must be seen asking, or the check proves nothing."""
    page = os.path.join(work, "control.html")
    with open(page, "w") as handle:
        handle.write('<!DOCTYPE html><html lang="en" dir="ltr"><body><p>control</p>'
                     '<img src="http://127.0.0.1:9/canary.png"></body></html>')
    problem, _, png, requested = browser.render(file_url(page))
    if problem:
        fail(f"the control page did not render: {problem}")
    if not any("canary.png" in url for url in requested):
        fail("the network check did not see a control page's request to 127.0.0.1: it cannot be trusted")
    if pngcheck.is_blank(png, "the control page's screenshot"):
        fail("the control page (a line of text) rendered blank: the blank check cannot be trusted")


def check_folder(browser, output, pictures=None, only=None):
    """Checks OUTPUT/countries; returns (Problems, pages rendered). `only`: the names of the pages to
    render (all when None); the folder-wide checks (missing files) always look at every file."""
    folder = os.path.join(output, "countries")
    problems = Problems()
    if not os.path.isdir(folder):
        problems.add("missing", f"{folder} does not exist (run legisurvey run first)")
        return problems, 0
    names = sorted(os.listdir(folder))
    profiles = {}
    for name in names:
        match = PROFILE_JSON.match(name)
        if match:
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    profiles[match.group(1)] = json.load(handle)
            except (OSError, ValueError) as error:
                problems.add("missing", f"{name} is not readable JSON: {error}")
    if not profiles:
        problems.add("missing", f"{folder} holds no profile (<ISO3>.json)")
    # The languages: one per index page; None is the pipeline's own language (no suffix).
    languages = sorted((INDEX_PAGE.match(name).group(1) for name in names if INDEX_PAGE.match(name)),
                       key=lambda language: language or "")
    if None not in languages:
        problems.add("missing", "index.html (the index in the pipeline's language)")
    if "index.json" not in names:
        problems.add("missing", "index.json")
    else:
        try:
            with open(os.path.join(folder, "index.json"), encoding="utf-8") as handle:
                index = json.load(handle)
            listed = {entry["iso3"] for region in index["regions"] for entry in region["countries"] if entry["hasProfile"]}
            for iso3 in sorted(listed - set(profiles)):
                problems.add("missing", f"{iso3}.json (index.json says {iso3} has a profile)")
            for iso3 in sorted(set(profiles) - listed):
                problems.add("missing", f"index.json does not list {iso3} as having a profile ({iso3}.json exists)")
        except (OSError, ValueError, KeyError, TypeError) as error:
            problems.add("missing", f"index.json is not a readable index: {error!r}")

    def page_name(iso3, language):
        return f"{iso3}.html" if language is None else f"{iso3}.{language}.html"

    for iso3 in sorted(profiles):
        for language in languages:
            if page_name(iso3, language) not in names:
                problems.add("missing", f"{page_name(iso3, language)} ({iso3}.json has no page in that language)")
    pages = []
    for name in names:
        if not name.endswith(".html"):
            continue
        match = PROFILE_PAGE.match(name)
        if match and match.group(1) not in profiles:
            problems.add("missing", f"{match.group(1)}.json ({name} has no profile JSON)")
        if match and match.group(2) not in languages:
            problems.add("missing", f"index.{match.group(2)}.html ({name} is in a language without an index)")
        if only is None or name in only:
            pages.append(name)

    default_lang = set()
    for name in pages:
        path = os.path.join(folder, name)
        problem, state, png, requested = browser.render(file_url(path))
        if problem:
            problems.add("render", f"{name}: {problem}")
            continue
        for url in requested:
            if url_path(url) != os.path.abspath(path) and not url.startswith("data:"):
                problems.add("network", f"{name} asked for {url}")
        if pictures:
            with open(os.path.join(pictures, name[:-len(".html")] + ".png"), "wb") as handle:
                handle.write(png)
        try:
            if pngcheck.is_blank(png, f"{name}'s screenshot"):
                problems.add("blank", name)
        except ValueError as error:
            problems.add("render", str(error))
        profile, index = PROFILE_PAGE.match(name), INDEX_PAGE.match(name)
        suffix = profile.group(2) if profile else index.group(1) if index else None
        lang = (state["lang"] or "").lower()
        if suffix is not None and lang.split("-")[0] != suffix:
            problems.add("direction", f'{name}: lang="{state["lang"]}", expected "{suffix}"')
        if not lang:
            problems.add("direction", f"{name}: the <html> element has no lang")
        elif suffix is None:
            default_lang.add(lang)
        expected = "rtl" if lang.split("-")[0] in RIGHT_TO_LEFT else "ltr"
        if state["dir"] != expected:
            problems.add("direction", f'{name}: dir="{state["dir"]}" for lang="{state["lang"]}", expected dir="{expected}"')
        text = words(state["text"])
        if profile and profile.group(1) in profiles:
            laws = profiles[profile.group(1)].get("laws") or []
            if state["laws"] != len(laws):
                problems.add("laws", f"{name}: {state['laws']} .law elements, {len(laws)} laws in {profile.group(1)}.json")
            for law in laws:
                title = words(law.get("title") or "")
                if title and title not in text:
                    problems.add("laws", f"{name}: law {law.get('index')} \"{title[:60]}\" is not in the page's text")
        linked = set()
        for url in state["links"]:
            target = url_path(url)
            if target is None:
                continue
            if os.path.dirname(target) == os.path.abspath(folder):
                linked.add(os.path.basename(target))
            if target.startswith(os.path.abspath(output) + os.sep) and not os.path.exists(target):
                problems.add("links", f"{name} links {os.path.relpath(target, folder)}, which does not exist")
        if index:
            for iso3 in sorted(profiles):
                if page_name(iso3, index.group(1)) not in linked:
                    problems.add("links", f"{name} does not link {page_name(iso3, index.group(1))}")
    if len(default_lang) > 1:
        problems.add("direction", f"the pages without a language suffix disagree on their language: {sorted(default_lang)}")
    return problems, len(pages)


def report(problems):
    """Fails naming the first class of problem; returns when there is none."""
    first = problems.first()
    if first is None:
        return
    kind, description, offenders = first
    lines = [f"{description} ({len(offenders)}):"] + [f"  {offender}" for offender in offenders[:MAX_SHOWN]]
    if len(offenders) > MAX_SHOWN:
        lines.append(f"  … and {len(offenders) - MAX_SHOWN} more")
    others = problems.others(kind)
    if others:
        lines.append(f"  (other problems, reported once these are fixed: {', '.join(others)})")
    fail("\n".join(lines))


# --- the self-test: the check must fail on broken copies of the real pages ---------------------

def element_span(html, class_name):
    """(start, end) of the first element whose class list holds class_name, end after its closing tag."""
    for tag in re.finditer(r"<([a-zA-Z][\w-]*)\b([^>]*)>", html):
        attribute = re.search(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag.group(2))
        if not attribute or class_name not in (attribute.group(1) or attribute.group(2) or "").split():
            continue
        if tag.group(0).endswith("/>"):
            return tag.start(), tag.end()
        depth = 1
        for inner in re.finditer(r"<(/?)%s\b[^>]*>" % re.escape(tag.group(1)), html[tag.end():], re.I):
            if inner.group(1):
                depth -= 1
                if depth == 0:
                    return tag.start(), tag.end() + inner.end()
            elif not inner.group(0).endswith("/>"):
                depth += 1
        return None
    return None


def self_test(browser, output, work):
    source = os.path.join(output, "countries")
    if not os.path.isdir(source):
        fail(f"self-test: {source} does not exist (run legisurvey run --lang ar first)")
    copy = os.path.join(work, "output")
    shutil.copytree(source, os.path.join(copy, "countries"))
    for name in os.listdir(output):  # what the pages may link beside countries/ (the report)
        if name != "countries":
            os.symlink(os.path.abspath(os.path.join(output, name)), os.path.join(copy, name))
    folder = os.path.join(copy, "countries")
    # The subject: the profile listing the most laws (the first by code among equals).
    counts = {}
    for name in sorted(os.listdir(folder)):
        match = PROFILE_JSON.match(name)
        if match:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                counts[match.group(1)] = len(json.load(handle).get("laws") or [])
    if not counts or max(counts.values()) == 0:
        fail("self-test: no profile lists a law, so removing one cannot be tried")
    subject = max(sorted(counts), key=lambda iso3: counts[iso3])
    own, arabic = f"{subject}.html", f"{subject}.ar.html"
    for name in (own, arabic, "index.html", "index.ar.html"):
        if not os.path.exists(os.path.join(folder, name)):
            fail(f"self-test: {name} not found (the self-test needs the run's Arabic pages: --lang ar)")
    only = {own, arabic, "index.html", "index.ar.html"}

    def edit(name, change):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            before = handle.read()
        after = change(before)
        if after == before:
            fail(f"self-test: could not break {name} (its markup changed?)")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(after)
        return lambda: open(path, "w", encoding="utf-8").write(before)

    def body_start(html):
        match = re.search(r"<body\b[^>]*>", html)
        return match.end() if match else -1

    def insert_in_body(snippet):
        return lambda html: html if body_start(html) < 0 else html[:body_start(html)] + snippet + html[body_start(html):]

    def remove_law(html):
        span = element_span(html, "law")
        return html if span is None else html[:span[0]] + html[span[1]:]

    def unlink(target):
        pattern = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']%s(?:#[^"']*)?["'][^>]*>(.*?)</a>""" % re.escape(target), re.S)
        return lambda html: pattern.sub(lambda match: match.group(1), html)

    def delete(name):
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            before = handle.read()
        os.remove(path)
        return lambda: open(path, "wb").write(before)

    cases = [
        ("an image from http://example.org", "network", "http://example.org/x.png",
         lambda: edit(own, insert_in_body('<img src="http://example.org/x.png" alt="">'))),
        ("a law removed from the page", "laws", arabic, lambda: edit(arabic, remove_law)),
        ("an invisible body (a blank page)", "blank", own,
         lambda: edit(own, lambda html: html.replace("</head>", "<style>body{opacity:0!important}</style></head>", 1))),
        ('dir="ltr" on an Arabic page', "direction", arabic,
         lambda: edit(arabic, lambda html: re.sub(r'(<html\b[^>]*\bdir=")rtl(")', r"\1ltr\2", html, count=1))),
        ("the index's link dropped", "links", own, lambda: edit("index.html", unlink(own))),
        ("a link to a page that does not exist", "links", "ZZZ.html",
         lambda: edit(own, insert_in_body('<a href="ZZZ.html">ZZZ</a>'))),
        ("a profile page deleted", "missing", arabic, lambda: delete(arabic)),
    ]
    problems, _ = check_folder(browser, copy, only=only)
    if problems.first() is not None:
        kind, description, offenders = problems.first()
        fail(f"self-test: the unbroken copy of {subject}'s pages does not pass ({description}: {offenders[:3]})")
    lines = []
    for label, kind, needle, breaking in cases:
        restore = breaking()
        try:
            problems, _ = check_folder(browser, copy, only=only)
        finally:
            restore()
        first = problems.first()
        if first is None:
            fail(f"self-test: {label} in {subject}'s pages passed the check")
        if first[0] != kind or not any(needle in offender for offender in first[2]):
            fail(f"self-test: {label}: expected a '{kind}' problem naming {needle}, got '{first[0]}': {first[2][:3]}")
        lines.append(f"  {label}: caught: {first[1]}: {first[2][0]}")
    print(f"check-profiles: self-test ok: on copies of {subject}'s pages (its {counts[subject]} laws), "
          f"the check fails on each of {len(cases)} breakages and passes the unbroken copy")
    for line in lines:
        print(line)


def main():
    arguments = sys.argv[1:]
    testing = bool(arguments) and arguments[0] == "--self-test"
    if testing:
        arguments = arguments[1:]
    if len(arguments) not in (1, 2) or (testing and len(arguments) != 1):
        fail("usage: check-profiles.py OUTPUT_FOLDER [PNG_FOLDER] | --self-test OUTPUT_FOLDER")
    output = arguments[0]
    pictures = arguments[1] if len(arguments) == 2 else None
    if pictures:
        os.makedirs(pictures, exist_ok=True)
    executable = chromium()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        browser = None
        try:
            browser = Browser(executable, work)
            control(browser, work)
            if testing:
                self_test(browser, output, work)
                return
            problems, count = check_folder(browser, output, pictures)
        except BrowserError as error:
            fail(f"the browser failed: {error}")
        finally:
            if browser:
                browser.close()
    report(problems)
    print(f"check-profiles: ok: {count} pages of {os.path.join(output, 'countries')} in {time.monotonic() - started:.1f} s "
          f"in one browser session: none blank, no network request, direction by language, every law listed, "
          f"every profile linked from every index")


if __name__ == "__main__":
    main()
