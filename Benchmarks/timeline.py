#!/usr/bin/env python3
"""Where a run waits on one core: a `perf record` profile read as a timeline.

    perf record -F 1250 -g -o run.data .build/release/legisurvey run ...   # a release build
    python3 Benchmarks/timeline.py run.data                # cores busy per 200 ms bin
    python3 Benchmarks/timeline.py run.data 2.5 3.4        # what runs between 2.5 s and 3.4 s
    python3 Benchmarks/timeline.py run.data 2.5 3.4 TID    # ... on one thread

The first form prints, for each bin from the first sample, how many cores the run kept busy
(samples ÷ the bin's samples on one core) and its busiest threads: a stretch near 1.0 on a
2-core machine is work that runs alone (issue 29 found answers.sps's widths, the workbook's
deflate and the report's page search that way, none of which a per-function profile put first).
The second form lists the frames found most often in the window's stacks (inclusive, each frame
counted once per sample), with the percentage of the window's samples. Needs `perf` and, for
readable names, `swift demangle` on the PATH. Only the standard library.
"""
import collections
import subprocess
import sys


def samples(data, fields):
    """The samples of `perf script` as (thread id, seconds, [frames leaf first])."""
    command = f"perf script -i {data} -F {fields} 2>/dev/null | swift demangle --simplified"
    text = subprocess.run(command, shell=True, capture_output=True, text=True).stdout
    if "ip" not in fields.split(","):
        # Without the stacks, one line per sample.
        for line in text.split("\n"):
            head = line.split()
            if len(head) >= 2:
                yield head[0], float(head[1].rstrip(":")), []
        return
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        head = lines[0].split()
        frames = []
        for line in lines[1:]:
            parts = line.strip().split(" ", 1)
            frames.append(parts[1] if len(parts) > 1 else parts[0])
        yield head[0], float(head[1].rstrip(":")), frames


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    data = sys.argv[1]
    frequency = 1250  # samples per second per busy core, as recorded with -F 1250
    if len(sys.argv) == 2:
        bins = collections.defaultdict(collections.Counter)
        start = None
        for thread, seconds, _ in samples(data, "tid,time"):
            start = seconds if start is None else start
            bins[int((seconds - start) * 5)][thread] += 1
        for index in sorted(bins):
            counts = bins[index]
            busiest = " ".join(f"{thread}:{n}" for thread, n in counts.most_common(3))
            print(f"{index / 5:6.1f} s  cores {sum(counts.values()) / (frequency / 5):4.2f}  {busiest}")
        return
    low, high = float(sys.argv[2]), float(sys.argv[3])
    only = sys.argv[4] if len(sys.argv) > 4 else None
    frames = collections.Counter()
    start = None
    count = 0
    for thread, seconds, stack in samples(data, "tid,time,ip,sym"):
        start = seconds if start is None else start
        if not low <= seconds - start < high or (only and thread != only):
            continue
        count += 1
        for frame in set(frame[:110] for frame in stack):
            frames[frame] += 1
    print(f"{count} samples")
    for frame, n in frames.most_common(40):
        print(f"{100 * n / max(count, 1):5.1f}%  {frame}")


if __name__ == "__main__":
    main()
