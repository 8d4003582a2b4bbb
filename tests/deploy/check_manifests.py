#!/usr/bin/env python3
"""Checks the Kubernetes manifests of deploy/kubernetes/ (docs/distributed.md).

  check_manifests.py [--manifests DIR] [--rollcall BINARY]
  check_manifests.py --self-test

Checks the fields the distributed run relies on (manifests.py), then runs
the Jobs' commands as their pods would, with a stand-in rollcall
(pod_sandbox.py): every segment of the Indexed Job, rendered by render.sh
with n = 3, then the merge Job on the volume they wrote. With --rollcall,
the real program validates the scenario with the Secret's accounts and
says whether it knows every flag the commands use.

--self-test breaks copies of the manifests in the ways that matter and
fails unless the check catches every one.
Exit 0 when nothing is wrong, 1 otherwise, each problem on a line.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402

from manifests import (Problems, check_common, check_config_map, check_keys, check_pod_spec, load,  # noqa: E402
                       pod_labels, pod_spec, where)
from pod_sandbox import Cluster, flag_values, positionals  # noqa: E402

SOURCE = Path(__file__).resolve().parents[2]
RENDERED = {"N": "3", "START_AT": "1796459400", "TARGET": "https://ent-staging.example.fr",
            "IMAGE": "registry.example.fr/rollcall:0.1.0"}


def container_command(doc):
    c = pod_spec(doc)["containers"][0]
    return " ".join((c.get("command") or []) + (c.get("args") or []))


def env_value(doc, name):
    for e in pod_spec(doc)["containers"][0].get("env") or []:
        if e.get("name") == name:
            return e.get("value")
    return None


def check_secret(at, doc, problems):
    """Accounts in stringData: a header with a credential column and
    placeholder rows only (a template never holds real accounts)."""
    problems.check(doc.get("type", "Opaque") == "Opaque", at, "type must be Opaque")
    problems.check("data" not in doc, at, "data: a template writes stringData (base64 would hide what it holds)")
    files = doc.get("stringData") or {}
    problems.check(any(k.endswith(".csv") for k in files), at, "no accounts (.csv) in stringData")
    for key, text in files.items():
        rows = [r.split(",") for r in str(text).splitlines() if r.strip()]
        if not problems.check(rows and "password" in rows[0], at, f"{key}: no header with a password column"):
            continue
        column = rows[0].index("password")
        for row in rows[1:]:
            problems.check(len(row) > column and "placeholder" in row[column], at,
                           f"{key}: a row whose password is not a placeholder: a template holds no real account")


def check_spread(at, doc, problems):
    """One generator per node: required anti-affinity on the hostname, or a
    hard topology spread, over the segment pods' own labels."""
    spec, labels = pod_spec(doc), pod_labels(doc)

    def selects_segments(selector):
        match = (selector or {}).get("matchLabels") or {}
        return bool(match) and all(labels.get(k) == v for k, v in match.items())

    anti = ((spec.get("affinity") or {}).get("podAntiAffinity") or {})
    by_anti = any(t.get("topologyKey") == "kubernetes.io/hostname" and selects_segments(t.get("labelSelector"))
                  for t in anti.get("requiredDuringSchedulingIgnoredDuringExecution") or [])
    by_spread = any(t.get("topologyKey") == "kubernetes.io/hostname" and t.get("whenUnsatisfiable") == "DoNotSchedule"
                    and selects_segments(t.get("labelSelector")) for t in spec.get("topologySpreadConstraints") or [])
    problems.check(by_anti or by_spread, at, "segments are not spread over nodes (required podAntiAffinity or a "
                   "DoNotSchedule topologySpreadConstraint on kubernetes.io/hostname selecting the segment pods)")


def check_segments_job(at, job, problems):
    spec = job.get("spec") or {}
    n = spec.get("completions")
    problems.check(spec.get("completionMode") == "Indexed", at, "completionMode must be Indexed")
    problems.check(isinstance(n, int) and n >= 1, at, f"completions '{n}': a positive integer")
    problems.check(spec.get("parallelism") == n, at,
                   f"parallelism {spec.get('parallelism')} != completions {n}: every segment must start at once")
    problems.check(spec.get("backoffLimit") == 0, at,
                   f"backoffLimit {spec.get('backoffLimit')}: 0, so that no segment runs again after its start instant")
    problems.check(pod_spec(job).get("restartPolicy") == "Never", at,
                   "restartPolicy must be Never (OnFailure reruns a segment in its pod)")
    problems.check(env_value(job, "N") == str(n), at,
                   f"env N '{env_value(job, 'N')}' != completions {n}: the command's segment count")
    command = container_command(job)
    problems.check("JOB_COMPLETION_INDEX" in command, at, "the command does not read JOB_COMPLETION_INDEX")
    problems.check("--start-at" in command, at, "the command has no --start-at")
    container = pod_spec(job)["containers"][0]
    resources = container.get("resources") or {}
    problems.check((resources.get("requests") or {}).get("cpu") == (resources.get("limits") or {}).get("cpu"), at,
                   "CPU requests != limits: a generator needs Guaranteed cores")
    sysctls = {s.get("name") for s in (pod_spec(job).get("securityContext") or {}).get("sysctls") or []}
    problems.check("net.ipv4.ip_local_port_range" in sysctls, at, "no net.ipv4.ip_local_port_range sysctl")
    check_spread(at, job, problems)


def check_static(folder, problems):
    """Everything that reading the manifests tells. Returns the objects by
    (kind, name), the Indexed Job and the merge Job."""
    objects = {}
    for file, doc in load(sorted(Path(folder).glob("*.yaml")), problems):
        if not check_common(file, doc, problems):
            continue
        key = (doc["kind"], doc["metadata"]["name"])
        problems.check(key not in objects, where(file, doc), "defined twice")
        objects[key] = doc
        doc["_file"] = file
    indexed, merges = [], []
    for (kind, name), doc in objects.items():
        at = where(doc["_file"], doc)
        if kind == "ConfigMap":
            check_config_map(at, doc, problems)
        elif kind == "Secret":
            check_secret(at, doc, problems)
        elif kind == "PersistentVolumeClaim":
            problems.check("ReadWriteMany" in ((doc.get("spec") or {}).get("accessModes") or []), at,
                           "accessModes: ReadWriteMany (pods on n nodes write it at once)")
        elif kind in ("Job", "Pod"):
            if kind == "Job":
                check_keys(doc.get("spec") or {}, "job.spec", at, problems)
                check_keys((doc.get("spec") or {}).get("template") or {}, "template", at, problems)
            check_pod_spec(at, pod_spec(doc), objects, problems)
            if kind == "Job" and (doc.get("spec") or {}).get("completionMode") == "Indexed":
                indexed.append(doc)
            elif kind == "Job" and "rollcall merge" in container_command(doc):
                merges.append(doc)
                problems.check((doc.get("spec") or {}).get("backoffLimit") == 0, at,
                               "backoffLimit must be 0 (a second merge finds its --out taken)")
    problems.check(len(indexed) == 1, folder.name, f"{len(indexed)} Indexed Jobs, expected one (the segments)")
    problems.check(len(merges) == 1, folder.name, f"{len(merges)} Jobs running rollcall merge, expected one")
    if len(indexed) == 1:
        check_segments_job(where(indexed[0]["_file"], indexed[0]), indexed[0], problems)
    return objects, (indexed[0] if len(indexed) == 1 else None), (merges[0] if len(merges) == 1 else None)


def check_segment_run(at, k, n, run, objects, problems):
    """One segment's pod, as the sandbox ran it: returns its --out, as the
    container and this machine see it."""
    ok = problems.check(run.done.returncode == 0, at,
                        f"segment index {k}: the pod failed ({run.done.returncode}): {run.done.stderr.strip()[-300:]}")
    if not problems.check(len(run.calls) == 1, at, f"segment index {k}: {len(run.calls)} rollcall calls, expected 1"):
        return None
    args = run.calls[0]
    problems.check(args[0] in ("run", "capacity"), at, f"segment index {k}: rollcall {args[0]}, expected run or capacity")
    problems.check(flag_values(args, "--segment") == [f"{k + 1}/{n}"], at,
                   f"segment index {k}: --segment {flag_values(args, '--segment')}, expected {k + 1}/{n} "
                   "(JOB_COMPLETION_INDEX is 0-based, segments 1-based)")
    problems.check(flag_values(args, "--start-at") == [run.env.get("START_AT")], at,
                   f"segment index {k}: --start-at {flag_values(args, '--start-at')}, expected START_AT "
                   f"'{run.env.get('START_AT')}'")
    limit = str(pod_spec_of(objects, at)["containers"][0]["resources"]["limits"]["cpu"])
    problems.check(flag_values(args, "--threads") in ([], [limit]), at,
                   f"segment index {k}: --threads {flag_values(args, '--threads')} != the CPU limit {limit}")
    scenario = positionals(args)
    if problems.check(len(scenario) == 1, at, f"segment index {k}: scenario arguments {scenario}"):
        mount = run.mount_of(scenario[0])
        problems.check(mount is not None and "configMap" in mount[1], at,
                       f"segment index {k}: the scenario {scenario[0]} is not read from the ConfigMap")
        if mount and "configMap" in mount[1]:
            data = objects[("ConfigMap", mount[1]["configMap"]["name"])].get("data") or {}
            key = scenario[0][len(mount[0]) + 1:]
            if problems.check(key in data, at, f"segment index {k}: the ConfigMap has no key {key}"):
                check_feeders(at, k, args, yaml.safe_load(data[key]), run, objects, problems)
    outs = flag_values(args, "--out")
    if not problems.check(len(outs) == 1, at, f"segment index {k}: --out {outs}"):
        return None
    mount = run.mount_of(outs[0])
    problems.check(mount is not None and "persistentVolumeClaim" in mount[1] and not mount[2], at,
                   f"segment index {k}: --out {outs[0]} is not on a writable claimed volume")
    return (outs[0], run.host_path(outs[0])) if ok else None


def pod_spec_of(objects, at):
    for doc in objects.values():
        if doc.get("kind") == "Job" and (doc.get("spec") or {}).get("completionMode") == "Indexed":
            return pod_spec(doc)
    raise KeyError(at)


def check_feeders(at, k, args, scenario, run, objects, problems):
    """Every persona with a feeder reads its accounts from the Secret,
    mounted read-only; no account file comes from the ConfigMap."""
    personas = (scenario or {}).get("personas") or {}
    given = dict(v.split("=", 1) for v in flag_values(args, "--feeder"))
    for name, persona in personas.items():
        if not (persona or {}).get("feeder"):
            continue
        path = given.get(name)
        if not problems.check(path is not None, at, f"segment index {k}: persona {name}'s accounts come from the "
                              f"scenario's folder (the ConfigMap): give --feeder {name}=/accounts/FILE"):
            continue
        mount = run.mount_of(path)
        if not problems.check(mount is not None and "secret" in mount[1], at,
                              f"segment index {k}: --feeder {name}={path} is not on the Secret's volume"):
            continue
        problems.check(mount[2], at, f"segment index {k}: the Secret's volume {mount[0]} is not mounted readOnly")
        secret = objects[("Secret", mount[1]["secret"]["secretName"])]
        problems.check(path[len(mount[0]) + 1:] in (secret.get("stringData") or {}), at,
                       f"segment index {k}: the Secret has no key for {path}")


def check_runs(folder, objects, segments, merge, problems, rollcall):
    """The segments' and the merge's commands, run in a sandbox."""
    at = where(segments["_file"], segments)
    n = segments["spec"]["completions"]
    with tempfile.TemporaryDirectory() as tmp:
        cluster = Cluster(Path(tmp) / "cluster", objects)
        outs, first = [], None
        for k in range(n):
            run = cluster.run(segments, index=k)
            first = first or run
            outs.append(check_segment_run(at, k, n, run, objects, problems))
        problems.check(None not in outs and len(set(outs)) == n, at,
                       f"segments' --out are not {n} distinct folders: {outs}")
        check_exit_codes(at, objects, segments, Path(tmp), problems)
        if merge is not None:
            check_merge(where(merge["_file"], merge), cluster, merge, outs, problems)
        if rollcall and first and first.host_calls:
            check_with_rollcall(at, rollcall, first, problems)
            if merge is not None:
                for args in (cluster.run(merge).calls or [["merge"]]):
                    check_flags(where(merge["_file"], merge), rollcall, args, problems)


def check_exit_codes(at, objects, segments, tmp, problems):
    """1 (an objective failed) and 4 (generator-limited) are results and
    must not fail the pod (which would stop every other segment); 2 and 3
    must."""
    for code, pod_fails in ((1, False), (4, False), (2, True)):
        run = Cluster(tmp / f"exit-{code}", objects).run(segments, index=0, exit_code=code)
        problems.check((run.done.returncode != 0) == pod_fails, at,
                       f"rollcall exit code {code}: the pod {'succeeds' if pod_fails else 'fails'} "
                       f"(shell exit {run.done.returncode}), expected it to {'fail' if pod_fails else 'succeed'}")


def check_merge(at, cluster, merge, outs, problems):
    """The merge's input glob finds exactly the segments' folders on the
    same volume; with one missing, it refuses rather than merge part."""
    run = cluster.run(merge)
    problems.check(run.done.returncode == 0, at, f"the merge pod failed: {run.done.stderr.strip()[-300:]}")
    if not problems.check(len(run.calls) == 1 and run.calls[0][0] == "merge", at,
                          f"expected one rollcall merge call, got {run.calls}"):
        return
    args = run.calls[0]
    inputs, out = positionals(args), flag_values(args, "--out")
    segment_outs = sorted(o[0] for o in outs if o)
    problems.check(sorted(inputs) == segment_outs, at, f"merge inputs {inputs} are not the segments' results {segment_outs}")
    problems.check(len(out) == 1 and out[0] not in inputs, at, f"merge --out {out} missing or among its inputs")
    if len(out) == 1:
        mount = run.mount_of(out[0])
        problems.check(mount is not None and "persistentVolumeClaim" in mount[1], at,
                       f"merge --out {out[0]} is not on the results volume")
    # Merged again (by hand, after a look): the same inputs, the merged
    # folder not among them.
    again = cluster.run(merge)
    problems.check(again.done.returncode == 0 and [sorted(positionals(c)) for c in again.calls] == [segment_outs], at,
                   "merged a second time, the merge does not read the same inputs (is its --out matched by its glob?): "
                   f"{again.calls} {again.done.stderr.strip()[-200:]}")
    # One segment's results missing: no merge of the others.
    written = [o for o in outs if o and o[1] and o[1].is_dir()]
    if written:
        shutil.rmtree(written[-1][1])
        again = cluster.run(merge)
        problems.check(again.done.returncode != 0 and not again.calls, at,
                       "with a segment's results missing, the merge Job merged the others rather than fail")


def check_with_rollcall(at, rollcall, run, problems):
    """The real program accepts the scenario with the Secret's accounts and
    knows every flag the segment's command uses."""
    host_args = run.host_calls[0]
    validate = [rollcall, "validate", positionals(host_args)[0]]
    for flag in ("--target", "--feeder"):
        for v in flag_values(host_args, flag):
            validate += [flag, v]
    done = subprocess.run(validate, capture_output=True, text=True, timeout=60)
    problems.check(done.returncode == 0, at, f"rollcall validate refuses the ConfigMap's scenario with the Secret's "
                   f"accounts: {(done.stdout + done.stderr).strip()[-500:]}")
    check_flags(at, rollcall, run.calls[0], problems)


def check_flags(at, rollcall, args, problems):
    sub = args[0]
    done = subprocess.run([rollcall, sub, "--help"], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        problems.add(at, f"rollcall {sub} --help fails: {done.stderr.strip()}")
        return
    # CLI11 prints "-t,--threads INT" and "--segment TEXT".
    known = {f.split("=")[0] for w in done.stdout.split() if w.startswith("-") for f in w.split(",") if f}
    for flag in (a for a in args[1:] if a.startswith("-")):
        if flag in known:
            continue
        problems.add(at, f"rollcall {sub} has no flag {flag}")


def render(folder, into):
    """The folder's manifests as render.sh fills them in, with n = 3 (not the shipped 4)."""
    into.mkdir(parents=True)
    env = dict(RENDERED, PATH="/usr/bin:/bin")
    for path in sorted(folder.glob("*.yaml")):
        done = subprocess.run(["sh", str(folder / "render.sh"), str(path)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return done.stderr.strip() or f"render.sh {path.name} failed"
        (into / path.name).write_text(done.stdout)
    return None


def check_folder(folder, rollcall=None):
    """Every problem of a manifests folder, as a list of lines."""
    folder = Path(folder)
    problems = Problems()
    objects, _, _ = check_static(folder, problems)
    scenario = objects.get(("ConfigMap", "rollcall-scenario"), {}).get("data", {}).get("morning-rush.yaml")
    if scenario is not None:
        problems.check(scenario == (SOURCE / "scenarios" / "morning-rush.yaml").read_text(encoding="utf-8"),
                       "scenario-configmap.yaml", "morning-rush.yaml differs from scenarios/morning-rush.yaml: "
                       "generate it again (the command is in the file)")
    with tempfile.TemporaryDirectory() as tmp:
        rendered = Path(tmp) / "rendered"
        error = render(folder, rendered)
        if not problems.check(error is None, "render.sh", str(error)):
            return problems.items
        objects, segments, merge = check_static(rendered, problems)
        if segments is not None:
            n = segments["spec"].get("completions")
            problems.check(n == int(RENDERED["N"]), "render.sh", f"N={RENDERED['N']} rendered completions {n}")
            problems.check(env_value(segments, "START_AT") == RENDERED["START_AT"], "render.sh", "START_AT not filled in")
            images = {c["image"] for d in objects.values() if d["kind"] in ("Job", "Pod")
                      for c in pod_spec(d)["containers"]}
            problems.check(images == {RENDERED["IMAGE"]}, "render.sh", f"images {sorted(images)} after render")
            try:
                check_runs(rendered, objects, segments, merge, problems, rollcall)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
                problems.add("sandbox", f"the pods' commands could not be run as written: {type(e).__name__}: {e}")
    return problems.items


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifests", type=Path, default=SOURCE / "deploy" / "kubernetes")
    parser.add_argument("--rollcall", help="the rollcall binary: validate the scenario, check the flags")
    parser.add_argument("--self-test", action="store_true", help="check that broken manifests are caught")
    options = parser.parse_args()
    if options.self_test:
        from self_test import self_test
        return self_test(options.manifests, check_folder)
    problems = check_folder(options.manifests, options.rollcall)
    for p in problems:
        print(p)
    print(f"check_manifests: {len(problems)} problems in {options.manifests}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
