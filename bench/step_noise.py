#!/usr/bin/env python3
"""How far one step's p95 wanders from the target's own, on the built-in
ENT's queue (bench/queue_model.py): why a slow target's capacity cannot be
pinned within 10% in a few minutes, whatever the search.

C is the rate at which the bound request's p95, over a long steady run,
meets its threshold. A capacity search sees steps of a minute or two, not
a long run. Near C a queue's slow spells last tens of seconds at 5
journeys/s: a two-minute step catches a few of them or none, and its p95
lands anywhere in a wide range. This cuts one long simulated run at each
rate into consecutive windows of `window_s` and prints the spread of their
p95s and the share of windows whose p95 is past the threshold.

Usage (JSON on stdin, as queue_model.py, plus "window_s" and "rates": the
rates as fractions of C):
  {"workers": 2, "service_s": [...], "threshold_s": [...], "bind": 2,
   "window_s": 120, "rates": [0.9, 1.0, 1.05, 1.1], "journeys": 60000}
"""
import json
import random
import sys

import queue_model


def window_p95s(workers, service, k, rate, journeys, window_s, seed, settle_s=200):
    rng = random.Random(seed)
    draws = [rng.expovariate(1.0) for _ in range(journeys)]
    trace = (k, [])
    queue_model.simulate(workers, service, draws, rate, warm_fraction=0, trace=trace)
    windows = {}
    for sent, latency in trace[1]:
        if sent >= settle_s:
            windows.setdefault(int(sent // window_s), []).append(latency)
    full = [sorted(v) for v in windows.values() if len(v) >= 0.8 * rate * window_s]
    return sorted(v[int(0.95 * len(v))] for v in full)


def main():
    req = json.load(sys.stdin)
    k = req["bind"]
    found = queue_model.capacity(req["workers"], req["service_s"], req["threshold_s"], k,
                                 journeys=req.get("journeys", 60000), seed=req.get("seed", 1))
    c, threshold = found["c"], found["threshold_s"][k]
    rows = []
    for f in req.get("rates", [0.9, 1.0, 1.05, 1.1]):
        p = window_p95s(req["workers"], req["service_s"], k, f * c, req.get("journeys", 60000),
                        req.get("window_s", 120), req.get("seed", 1) + 2)
        n = len(p)
        rows.append({"of_c": f, "rate": f * c, "windows": n, "p10_s": p[n // 10], "median_s": p[n // 2],
                     "p90_s": p[9 * n // 10], "past_threshold": sum(x > threshold for x in p) / n})
    json.dump({"c": c, "threshold_s": threshold, "window_s": req.get("window_s", 120), "rows": rows}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
