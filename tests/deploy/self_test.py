"""The manifest check must fail on broken manifests: each mutation below
breaks a copy of deploy/kubernetes/ in one way that would spoil a
distributed test, and the check has to name a problem for every one. A
mutation whose text is no longer in the manifests fails too, so that this
list follows the manifests as they change.
"""

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# (what it breaks, file, text, replacement)
MUTATIONS = [
    ("segments not all at once", "segments-job.yaml",
     "parallelism: 4                    # rollcall:N", "parallelism: 3"),
    ("not an Indexed Job", "segments-job.yaml", "completionMode: Indexed", "completionMode: NonIndexed"),
    ("a misspelt field", "segments-job.yaml", "completionMode: Indexed", "completionsMode: Indexed"),
    ("a failed segment retried after its start", "segments-job.yaml", "backoffLimit: 0", "backoffLimit: 6"),
    ("restarts in the pod", "segments-job.yaml", "restartPolicy: Never", "restartPolicy: OnFailure"),
    ("the command's n differs from completions", "segments-job.yaml",
     'value: "4"                                # rollcall:N', 'value: "3"                                # rollcall:N'),
    ("no start instant", "segments-job.yaml", ' --start-at "$START_AT"', ""),
    ("a start instant of its own", "segments-job.yaml", '--start-at "$START_AT"', '--start-at "$(date +%s)"'),
    ("0-based segments", "segments-job.yaml", 'segment=$((JOB_COMPLETION_INDEX + 1))', 'segment=$JOB_COMPLETION_INDEX'),
    ("every pod the same segment", "segments-job.yaml", 'segment=$((JOB_COMPLETION_INDEX + 1))', "segment=1"),
    ("accounts from the ConfigMap", "segments-job.yaml",
     "secret: {secretName: rollcall-accounts, defaultMode: 0440}", "configMap: {name: rollcall-scenario}"),
    ("accounts mounted writable", "segments-job.yaml",
     "{name: accounts, mountPath: /accounts, readOnly: true}", "{name: accounts, mountPath: /accounts}"),
    ("a persona on the scenario's own accounts", "segments-job.yaml",
     "--feeder teacher=/accounts/teachers.csv \\\n", ""),
    ("an objective failure stops every segment", "segments-job.yaml",
     "case $code in 0|1|4) exit 0", "case $code in 0) exit 0"),
    ("an interruption counted a success", "segments-job.yaml",
     'case $code in 0|1|4) exit 0 ;; *) exit "$code" ;; esac', "exit 0"),
    ("results on the pod's own disk", "segments-job.yaml",
     '--out "$run/segment-$segment"', '--out "/tmp/segment-$segment"'),
    ("all segments in one folder", "segments-job.yaml",
     '--out "$run/segment-$segment"', '--out "$run/segment"'),
    ("segments stacked on one node", "segments-job.yaml", "podAntiAffinity:", "podAffinity:"),
    ("an unsafe sysctl", "segments-job.yaml", "name: net.ipv4.ip_local_port_range", "name: net.ipv4.tcp_tw_reuse"),
    ("CPU limit above the request", "segments-job.yaml", 'limits: {cpu: "4", memory: 2Gi}', 'limits: {cpu: "8", memory: 2Gi}'),
    ("a number where Kubernetes wants a string", "segments-job.yaml",
     'value: "4"                                # rollcall:N', "value: 4                                # rollcall:N"),
    ("the merge reads other folders", "merge-job.yaml", 'rollcall merge "$run"/segment-*', 'rollcall merge "$run"/seg-*'),
    ("the merge on another volume", "merge-job.yaml",
     "persistentVolumeClaim: {claimName: rollcall-results}", "emptyDir: {}"),
    ("the merge merges a part", "merge-job.yaml", 'if [ "$found" -ne "$N" ]; then', "if false; then"),
    ("the merge writes among its inputs", "merge-job.yaml", '--out "$run/merged"', '--out "$run/segment-merged"'),
    ("a merge run twice", "merge-job.yaml", "backoffLimit: 0", "backoffLimit: 2"),
    ("a results volume one node at a time", "results-pvc.yaml", "accessModes: [ReadWriteMany]",
     "accessModes: [ReadWriteOnce]"),
    ("a PVC without a name", "results-pvc.yaml", "  name: rollcall-results\n", ""),
    ("an unknown kind", "results-pvc.yaml", "kind: PersistentVolumeClaim", "kind: PersistentVolumeClaims"),
    ("a namespace written in", "results-pvc.yaml", "  name: rollcall-results\n",
     "  name: rollcall-results\n  namespace: default\n"),
    ("a real-looking account in the template", "accounts-secret.yaml",
     "student-login-placeholder,password-placeholder,", "student0001,Mdp-student0001,"),
    ("accounts in a ConfigMap", "scenario-configmap.yaml", "\ndata:\n",
     "\ndata:\n  students.csv: |\n    username,password\n    s1,x\n"),
    ("a password written in the scenario", "scenario-configmap.yaml",
     'password: "${password}"}', 'password: "Mdp-student0001"}'),
    ("the example scenario out of date", "scenario-configmap.yaml", "weight: 80", "weight: 70"),
    ("render.sh leaves n alone", "render.sh", '-e "/# rollcall:N\\$/ s/[0-9][0-9]*/${N:-}/"', '-e "s/x/x/"'),
]


def broken_copy_problems(manifests, check_folder, mutation):
    """The check's problems on a copy broken by one mutation (None: the
    mutation's text is not in the manifests)."""
    what, file, text, replacement = mutation
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kubernetes"
        shutil.copytree(manifests, copy)
        original = (copy / file).read_text(encoding="utf-8")
        if text not in original:
            return None
        (copy / file).write_text(original.replace(text, replacement, 1), encoding="utf-8")
        return check_folder(copy)


def self_test(manifests, check_folder):
    manifests = Path(manifests)
    failures = []
    if check_folder(manifests):
        failures.append("the manifests as shipped have problems: run check_manifests.py without --self-test")
    # The checks mostly wait for the shells they start: a few at once.
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda m: broken_copy_problems(manifests, check_folder, m), MUTATIONS))
    for (what, file, text, _), problems in zip(MUTATIONS, results):
        if problems is None:
            failures.append(f"{what}: '{text}' is no longer in {file}: update the mutation")
            continue
        print(f"{'caught' if problems else 'MISSED'}: {what}" + (f" ({problems[0]})" if problems else ""))
        if not problems:
            failures.append(f"{what}: not caught")
    for f in failures:
        print(f"FAILED: {f}")
    print(f"self-test: {len(MUTATIONS) - len(failures)} of {len(MUTATIONS)} broken copies caught")
    return 1 if failures else 0
