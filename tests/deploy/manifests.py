"""Reading the Kubernetes manifests of deploy/kubernetes/ and checking the
fields rollcall's distributed run relies on.

No cluster and no schema tool here (Debian 12 has no kubeconform, and its
kubectl 1.20 validates only against a server), so this is a check of the
fields that matter: their presence, their types, that names refer to
objects of the folder, and a list of the keys allowed at the levels the
manifests write, which catches a misspelt field that Kubernetes would
otherwise drop with a warning.
"""

import re

import yaml

# libyaml's parser when PyYAML was built with it (Debian's is), else Python's.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# kind -> the apiVersion it is served at.
KNOWN_KINDS = {
    "ConfigMap": "v1",
    "Secret": "v1",
    "PersistentVolumeClaim": "v1",
    "Pod": "v1",
    "Job": "batch/v1",
}

# Keys allowed at each level written in these manifests (a subset of the
# API's, the ones a load generator's pods have reason to use).
ALLOWED = {
    "object": {"apiVersion", "kind", "metadata", "spec", "data", "stringData", "type", "immutable"},
    "metadata": {"name", "labels", "annotations"},
    "job.spec": {"completionMode", "completions", "parallelism", "backoffLimit", "activeDeadlineSeconds",
                 "ttlSecondsAfterFinished", "template", "podFailurePolicy"},
    "template": {"metadata", "spec"},
    "pod.spec": {"restartPolicy", "affinity", "topologySpreadConstraints", "nodeSelector", "tolerations",
                 "securityContext", "containers", "volumes", "activeDeadlineSeconds",
                 "terminationGracePeriodSeconds", "serviceAccountName", "automountServiceAccountToken"},
    "pod.securityContext": {"runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "fsGroupChangePolicy",
                            "seccompProfile", "sysctls", "supplementalGroups"},
    "container": {"name", "image", "imagePullPolicy", "command", "args", "env", "resources", "securityContext",
                  "volumeMounts", "workingDir", "ports"},
    "container.securityContext": {"allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities",
                                  "runAsNonRoot", "runAsUser", "runAsGroup", "privileged"},
    "env": {"name", "value", "valueFrom"},
    "volumeMount": {"name", "mountPath", "readOnly", "subPath"},
    "volume": {"name", "configMap", "secret", "persistentVolumeClaim", "emptyDir"},
    "pvc.spec": {"accessModes", "storageClassName", "resources", "volumeMode"},
}

# Namespaced sysctls every kubelet allows (Kubernetes' "safe" set); any
# other one keeps the pod from starting (SysctlForbidden) unless the
# cluster's kubelets were told to allow it.
SAFE_SYSCTLS = {
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
}

# The words of src/common/secret_names.cpp that name a credential's value.
# (Not "secret" alone: a scenario's `secret: true` marks a variable to mask.)
SECRET_WORDS = ("password", "passwd", "pwd", "passphrase", "token", "apikey", "authorization", "cookie",
                "privatekey", "credential", "clientsecret")


def looks_secret(name):
    folded = re.sub(r"[^a-z0-9]", "", str(name).lower())
    return any(w in folded for w in SECRET_WORDS)


class Problems:
    """Collects every problem found, so that one run names them all."""

    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")

    def check(self, condition, where, message):
        if not condition:
            self.add(where, message)
        return condition


def load(paths, problems):
    """Every document of every file, as (file name, document)."""
    documents = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                for doc in yaml.load_all(f, Loader=LOADER):
                    if doc is not None:
                        documents.append((path.name, doc))
        except yaml.YAMLError as e:
            problems.add(path.name, f"not YAML: {e}")
    return documents


def where(file, doc):
    name = (doc.get("metadata") or {}).get("name", "?") if isinstance(doc, dict) else "?"
    kind = doc.get("kind", "?") if isinstance(doc, dict) else "?"
    return f"{file}: {kind}/{name}"


def check_keys(mapping, level, at, problems):
    if not isinstance(mapping, dict):
        problems.add(at, f"{level}: expected a mapping")
        return
    for key in mapping:
        problems.check(key in ALLOWED[level], at, f"{level}: unknown field '{key}'")


def check_common(file, doc, problems):
    """apiVersion, kind and metadata.name, and no namespace."""
    if not isinstance(doc, dict):
        problems.add(file, "a document that is not a mapping")
        return False
    at = where(file, doc)
    check_keys(doc, "object", at, problems)
    kind = doc.get("kind")
    ok = problems.check(kind in KNOWN_KINDS, at, f"kind '{kind}' is none of {sorted(KNOWN_KINDS)}")
    ok &= problems.check(doc.get("apiVersion") == KNOWN_KINDS.get(kind), at,
                         f"apiVersion '{doc.get('apiVersion')}', expected '{KNOWN_KINDS.get(kind)}'")
    meta = doc.get("metadata")
    ok &= problems.check(isinstance(meta, dict) and isinstance(meta.get("name"), str) and bool(meta["name"]), at,
                         "no metadata.name")
    if isinstance(meta, dict):
        check_keys(meta, "metadata", at, problems)
        problems.check("namespace" not in meta, at, "metadata.namespace: the manifests are namespace-agnostic "
                       "(kubectl -n chooses)")
    return ok


def pod_spec(doc):
    """The pod spec of a Job or a Pod."""
    if doc["kind"] == "Job":
        return ((doc.get("spec") or {}).get("template") or {}).get("spec") or {}
    return doc.get("spec") or {}


def pod_labels(doc):
    if doc["kind"] == "Job":
        return (((doc.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {}
    return (doc.get("metadata") or {}).get("labels") or {}


def check_pod_spec(at, spec, objects, problems):
    """Keys, containers, env and volumes of a pod spec; volumes must name
    objects of the folder."""
    check_keys(spec, "pod.spec", at, problems)
    problems.check(spec.get("restartPolicy") in ("Never", "OnFailure"), at,
                   f"restartPolicy '{spec.get('restartPolicy')}': a Job's pods need Never or OnFailure")
    security = spec.get("securityContext") or {}
    check_keys(security, "pod.securityContext", at, problems)
    for sysctl in security.get("sysctls") or []:
        problems.check(sysctl.get("name") in SAFE_SYSCTLS, at,
                       f"sysctl {sysctl.get('name')} is not in Kubernetes' safe set: the pod would not start")
        problems.check(isinstance(sysctl.get("value"), str), at, f"sysctl {sysctl.get('name')}: value must be a string")
    volumes = {}
    for v in spec.get("volumes") or []:
        check_keys(v, "volume", at, problems)
        volumes[v.get("name")] = v
        if "configMap" in v:
            problems.check(("ConfigMap", v["configMap"].get("name")) in objects, at,
                           f"volume {v['name']}: no ConfigMap {v['configMap'].get('name')} in the folder")
        if "secret" in v:
            problems.check(("Secret", v["secret"].get("secretName")) in objects, at,
                           f"volume {v['name']}: no Secret {v['secret'].get('secretName')} in the folder")
        if "persistentVolumeClaim" in v:
            claim = v["persistentVolumeClaim"].get("claimName")
            problems.check(("PersistentVolumeClaim", claim) in objects, at,
                           f"volume {v['name']}: no PersistentVolumeClaim {claim} in the folder")
    containers = spec.get("containers")
    if not problems.check(isinstance(containers, list) and containers, at, "no containers"):
        return volumes
    for c in containers:
        check_keys(c, "container", at, problems)
        check_keys(c.get("securityContext") or {}, "container.securityContext", at, problems)
        problems.check(isinstance(c.get("image"), str) and c["image"], at, f"container {c.get('name')}: no image")
        command = (c.get("command") or []) + (c.get("args") or [])
        problems.check(command and all(isinstance(a, str) for a in command), at,
                       f"container {c.get('name')}: command and args must be lists of strings")
        for e in c.get("env") or []:
            check_keys(e, "env", at, problems)
            problems.check(("value" in e) != ("valueFrom" in e), at, f"env {e.get('name')}: one of value, valueFrom")
            problems.check("value" not in e or isinstance(e["value"], str), at,
                           f"env {e.get('name')}: value must be a string (quote numbers)")
            problems.check(not ("value" in e and looks_secret(e.get("name"))), at,
                           f"env {e.get('name')}: a credential written in the manifest; use secretKeyRef")
        for m in c.get("volumeMounts") or []:
            check_keys(m, "volumeMount", at, problems)
            problems.check(m.get("name") in volumes, at, f"volumeMount {m.get('name')}: no such volume")
            problems.check(str(m.get("mountPath", "")).startswith("/"), at,
                           f"volumeMount {m.get('name')}: mountPath must be absolute")
        resources = c.get("resources") or {}
        problems.check(resources.get("limits", {}).get("cpu") is not None, at,
                       f"container {c.get('name')}: no CPU limit (a generator needs its cores)")
    return volumes


def check_config_map(at, doc, problems):
    """A ConfigMap holds scenarios, never accounts nor credentials."""
    for key, value in (doc.get("data") or {}).items():
        problems.check(not key.lower().endswith(".csv"), at,
                       f"{key}: accounts (CSV) belong in a Secret, not a ConfigMap")
        text = str(value)
        first = text.splitlines()[0] if text else ""
        problems.check(not ("," in first and any(looks_secret(c) for c in first.split(","))), at,
                       f"{key}: a CSV header with a credential column")
        for name, literal in secret_literals(text):
            problems.add(at, f"{key}: '{name}' holds a literal value ({len(literal)} characters, not shown); "
                         "put it in a Secret and read it with ${env(NAME)} or a feeder")


def secret_literals(text):
    """(key, value) pairs whose key looks like a credential and whose value
    is written out rather than templated (${...})."""
    found = []
    try:
        parsed = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError:
        parsed = None
    if isinstance(parsed, (dict, list)):
        stack = [parsed]
        while stack:
            node = stack.pop()
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
            for k, v in items:
                if isinstance(v, (dict, list)):
                    stack.append(v)
                elif isinstance(v, str) and isinstance(k, str) and looks_secret(k) and v and "${" not in v:
                    found.append((k, v))
        return found
    for line in text.splitlines():
        m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*[:=]\s*(\S.*)$", line)
        if m and looks_secret(m.group(1)) and "${" not in m.group(2):
            found.append((m.group(1), m.group(2)))
    return found
