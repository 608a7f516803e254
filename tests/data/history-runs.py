#!/usr/bin/env python3
"""Write N bnbench-run documents from a template run: a history whose medians step.

usage: history-runs.py TEMPLATE OUT_PREFIX N [CASE STEP_AT FACTOR]...

Run r (0-based) is OUT_PREFIX-r.json, started a day after run r - 1, its
commit a fixed 40-digit hex string per r, its label "r<r>".  Every case's
samples are the template's times a small jitter per run (+-0.4%, fixed);
the samples of CASE are multiplied by FACTOR from run STEP_AT on.  The
stats of each case are computed again from its samples.
"""
import json
import math
import sys


def stats(xs):
    s = sorted(xs)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    k = max(0, int(n / 2 - 0.98 * math.sqrt(n)))
    mean = sum(s) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in s) / (n - 1)) if n > 1 else 0.0
    dev = sorted(abs(x - med) for x in s)
    mad = dev[n // 2] if n % 2 else (dev[n // 2 - 1] + dev[n // 2]) / 2
    return {"n": n, "median_ns": med, "ci_low_ns": s[k], "ci_high_ns": s[n - 1 - k], "mean_ns": mean,
            "stddev_ns": sd, "mad_ns": mad, "min_ns": s[0], "max_ns": s[-1], "q1_ns": s[n // 4],
            "q3_ns": s[(3 * n) // 4], "outliers_low_mild": 0, "outliers_low_severe": 0,
            "outliers_high_mild": 0, "outliers_high_severe": 0}


def main():
    template, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    steps = [(sys.argv[i], int(sys.argv[i + 1]), float(sys.argv[i + 2])) for i in range(4, len(sys.argv), 3)]
    base = json.load(open(template))
    for r in range(n):
        doc = json.loads(json.dumps(base))
        run = doc["run"]
        run["started_ns"] = base["run"]["started_ns"] + r * 86400 * 10**9
        run["finished_ns"] = run["started_ns"] + 60 * 10**9
        run["git_commit"] = ("%02x" % (r + 1)) * 20
        run["git_dirty"] = False
        run["label"] = "r%d" % r
        jitter = 1 + 0.004 * math.sin(1.7 * r + 0.3)
        for c in (c for c in doc["cases"] if c.get("samples_ns")):
            f = jitter
            for name, at, factor in steps:
                if c["name"] == name and r >= at:
                    f *= factor
            c["started_ns"] = run["started_ns"] + 1000
            c["samples_ns"] = [round(x * f, 3) for x in c["samples_ns"]]
            c["stats"] = stats(c["samples_ns"])
        json.dump(doc, open("%s-%d.json" % (prefix, r), "w"), indent=1)


main()
