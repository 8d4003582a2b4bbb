#!/usr/bin/env python3
"""The built-in ENT's queue, simulated event by event, to define a capacity C
that a latency objective can be judged against.

`rollcall sim` serves every request with one of W workers, in arrival order
(src/sim/admission.cpp), each request holding its worker for its endpoint's
fixed service time. A journey sends its requests one after the other, the
next as soon as the previous one is answered. Journeys arrive as a Poisson
process (the search's default arrivals).

Given the service times of the journey's requests, W and one p95 threshold
per request, this finds the highest arrival rate at which every request's
p95 (wait + service) stays below its threshold in the steady state: C. It
is computed, not measured: the simulator's own overhead (HTTP parsing,
loopback, the generator) only makes the real target slower, so the real
rate at which the objectives hold is at most C, and a search that answers
above C is wrong.

Common random numbers: every rate is simulated with the same exponential
draws, scaled, so that the p95 grows smoothly with the rate and a bisection
on it is stable.

Usage (JSON on stdin, JSON on stdout):
  {"workers": W, "service_s": [...], "threshold_s": [...], "bind": K,
   "rho": 0.85, "floor_s": 0.01, "journeys": 120000, "seed": 1, "scale": 1}
With "bind" K, the threshold of request K is chosen first: its service time
plus the larger of `floor_s` and the p95 wait at `rho` times the throughput
bound W / sum(service_s), rounded up to 10 ms. The other thresholds are
meant to be generous, so that request K's objective is the one that
defines C (one objective near its threshold, not six).
"scale" multiplies every service time after the thresholds are chosen: the
slowest moment of a drifting target (`--drift 20%`: 1.2).
Output: {"c": C, "throughput_bound": W / T, "threshold_s": [...],
         "p95_at_c_s": [...]}
"""
import heapq
import json
import math
import random
import sys
from collections import deque

GAP_S = 0.0002  # between an answer and the next request of the journey


def simulate(workers, service, draws, rate, warm_fraction=0.1, trace=None):
    """The p95 of each request's latency, and of the wait, at `rate` journeys/s.
    `trace`: (k, list): every request k's (time it was sent, latency) is appended."""
    n = len(draws)
    steps = len(service)
    arrivals = []
    t = 0.0
    for d in draws:
        t += d / rate
        arrivals.append(t)
    skip = int(n * warm_fraction)
    latencies = [[] for _ in range(steps)]
    waits = []
    busy = 0
    queue = deque()           # (enter time, journey, step)
    done = []                 # heap of (finish time, enter time, journey, step)
    entering = []             # heap of (enter time, journey, step) from answered requests
    next_arrival = 0

    def start(now, enter, j, k):
        heapq.heappush(done, (now + service[k], enter, j, k))
        if j >= skip:
            waits.append(now - enter)

    while True:
        # The next event: a journey's first request, a request after an answer, or an answer.
        ta = arrivals[next_arrival] if next_arrival < n else math.inf
        te = entering[0][0] if entering else math.inf
        td = done[0][0] if done else math.inf
        now = min(ta, te, td)
        if now == math.inf:
            break
        if td == now:
            _, enter, j, k = heapq.heappop(done)
            if j >= skip:
                latencies[k].append(now - enter)
            if trace is not None and k == trace[0]:
                trace[1].append((enter, now - enter))
            if k + 1 < steps:
                heapq.heappush(entering, (now + GAP_S, j, k + 1))
            if queue:
                e2, j2, k2 = queue.popleft()
                start(now, e2, j2, k2)
            else:
                busy -= 1
            continue
        if te == now:
            _, j, k = heapq.heappop(entering)
        else:
            j, k = next_arrival, 0
            next_arrival += 1
        if busy < workers:
            busy += 1
            start(now, now, j, k)
        else:
            queue.append((now, j, k))

    def p95(xs):
        xs.sort()
        return xs[min(len(xs) - 1, int(0.95 * len(xs)))]

    return [p95(l) for l in latencies], p95(waits)


def capacity(workers, service, thresholds, bind=None, rho=0.85, floor_s=0.01, journeys=120000, seed=1, scale=1.0):
    """C for these thresholds (request `bind`'s chosen first when given);
    `scale` multiplies every service time (a drifting target's slowest moment)."""
    rng = random.Random(seed)
    draws = [rng.expovariate(1.0) for _ in range(journeys)]
    bound = workers / sum(service)
    thresholds = list(thresholds)
    if bind is not None:
        _, wait = simulate(workers, service, draws, rho * bound)
        allowance = max(floor_s, wait)
        thresholds[bind] = min(thresholds[bind], math.ceil((service[bind] + allowance) * 100 - 1e-9) / 100)
    slow = [s * scale for s in service]

    def holds(rate):
        p, _ = simulate(workers, slow, draws, rate)
        return all(x < t for x, t in zip(p, thresholds)), p

    lo, hi = 0.3 * bound / scale, bound / scale
    for _ in range(14):  # 2^-14 of the bound: far below the search's resolution
        mid = (lo + hi) / 2
        ok, _ = holds(mid)
        lo, hi = (mid, hi) if ok else (lo, mid)
    _, p = holds(lo)
    return {"c": lo, "throughput_bound": bound / scale, "threshold_s": thresholds, "p95_at_c_s": p}


def main():
    req = json.load(sys.stdin)
    json.dump(capacity(req["workers"], req["service_s"], req["threshold_s"], req.get("bind"), req.get("rho", 0.85),
                       req.get("floor_s", 0.01), req.get("journeys", 120000), req.get("seed", 1),
                       req.get("scale", 1.0)), sys.stdout)
    print()


if __name__ == "__main__":
    main()
