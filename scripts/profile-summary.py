#!/usr/bin/env python3
"""Where a profiled LegiSurvey process (or the whole test suite) spends its CPU, by LegiSurvey's
own functions.

    perf record -F 25 -g -o /tmp/suite.data -- swift test --skip-build
    perf script -i /tmp/suite.data -F comm,ip,sym > /tmp/suite.txt
    python3 scripts/profile-summary.py /tmp/suite.txt [--top 40] [--under SYMBOL]

Prints, as shares of every sample (every process the command started, the spawned `legisurvey`
runs, Chromium, PostgreSQL and Python included):
- the samples by process name (`comm`);
- "inclusive": samples with a LegiSurvey function anywhere on the stack (the function and what
  it calls);
- "nearest own frame": each sample charged to the LegiSurvey function closest to the leaf (the
  standard library and runtime work it asked for included), which is where a change pays.
With --under, only the samples below that (mangled) symbol's outermost frame, by the LegiSurvey
function called next. Names are demangled with `swift-demangle`.

CONTRIBUTING.md ("The test suite's time") says how this was used and what it found.
"""
import argparse
import collections
import re
import subprocess
import sys

OWN = re.compile(r"\$s\d*(Survey|legisurvey)")


def samples(path):
    """(comm, frames leaf first) per sample of `perf script -F comm,ip,sym` output."""
    comm, frames = None, None
    with open(path, errors="replace") as handle:
        for line in handle:
            if not line.strip():
                if frames is not None:
                    yield comm, frames
                comm, frames = None, None
            elif not line[0].isspace():
                comm, frames = line.split()[0] if line.split() else "?", []
            elif frames is not None:
                parts = line.split(None, 1)
                if len(parts) == 2:
                    frames.append(parts[1].strip())
    if frames is not None:
        yield comm, frames


def demangled(names):
    names = sorted(names)
    try:
        out = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(names),
                             capture_output=True, text=True, check=True).stdout.split("\n")
        return dict(zip(names, out))
    except (OSError, subprocess.CalledProcessError):
        return {name: name for name in names}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", help="the output of perf script -F comm,ip,sym")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--under", help="a mangled symbol: break its samples down by the function it calls")
    args = parser.parse_args()

    total = 0
    comms = collections.Counter()
    inclusive = collections.Counter()
    nearest = collections.Counter()
    below = collections.Counter()
    under = 0
    for comm, frames in samples(args.script):
        total += 1
        comms[comm] += 1
        own = [frame for frame in frames if OWN.search(frame)]
        nearest[own[0] if own else "(no LegiSurvey frame)"] += 1
        for frame in set(own):
            inclusive[frame] += 1
        if args.under:
            positions = [index for index, frame in enumerate(frames) if args.under in frame]
            if positions:
                under += 1
                callees = [frame for frame in frames[:positions[-1]] if OWN.search(frame) and "partial apply" not in frame]
                below[callees[-1] if callees else "(itself, or the libraries it calls)"] += 1
    if total == 0:
        sys.exit(f"{args.script}: no samples (is it the output of perf script -F comm,ip,sym?)")

    shown = [name for name, _ in inclusive.most_common(args.top)] + [name for name, _ in nearest.most_common(args.top)]
    shown += [name for name, _ in below.most_common(args.top)]
    names = demangled(set(shown))

    def table(title, counter):
        print(f"== {title}")
        for name, count in counter.most_common(args.top):
            print(f"{100 * count / total:6.2f}%  {names.get(name, name)[:160]}")

    print(f"{total} samples")
    table("by process", comms)
    table("inclusive", inclusive)
    table("nearest own frame", nearest)
    if args.under:
        print(f"== under {args.under}: {under} samples ({100 * under / total:.2f}%)")
        for name, count in below.most_common(args.top):
            print(f"{100 * count / total:6.2f}%  {names.get(name, name)[:160]}")


if __name__ == "__main__":
    main()
