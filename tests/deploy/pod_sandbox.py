"""Running a pod's container command as Kubernetes would, without
Kubernetes: its env resolved (values, the completion index, CPU limits),
its $(VAR) references expanded by Kubernetes' rules, each volume a folder
of this machine (one per ConfigMap, Secret and claim, shared by every pod
that mounts it, as a ReadWriteMany volume is), and `rollcall` a stand-in
that records its arguments, creates its --out folder and exits with the
code it is told. The shell is /bin/sh, the image's (dash on Debian).
"""

import math
import re
import subprocess
from pathlib import Path

from manifests import pod_spec

# rollcall flags that take no value (any other flag takes one).
SWITCHES = {"-q", "--quiet", "--insecure", "--no-connection-reuse", "--no-default-slo", "--abort-on-fail",
            "--no-recovery-check", "--no-proxy"}

# A shell script, not Python: the check runs it dozens of times. One call
# is logged as a line "CALL" then one line per argument.
FAKE_ROLLCALL = r"""#!/bin/sh
{ echo CALL; for a in "$@"; do printf '%s\n' "$a"; done; } >> "$FAKE_ROLLCALL_LOG"
out=
while [ $# -gt 0 ]; do
  if [ "$1" = --out ] && [ $# -gt 1 ]; then out=$2; fi
  shift
done
if [ -n "$out" ]; then mkdir -p "$out" && : > "$out/results.jsonl"; fi
exit "${FAKE_ROLLCALL_EXIT:-0}"
"""

INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']"


def expand(text, env):
    """Kubernetes' $(VAR) expansion of command and args
    (third_party/forked/golang/expansion): $$ is a $, $(NAME) of a defined
    variable its value, anything else stays as written."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "(":
                close = text.find(")", i + 2)
                if close < 0:
                    out.append("$(")
                    i += 2
                    continue
                name = text[i + 2:close]
                out.append(env[name] if name in env else f"$({name})")
                i = close + 1
                continue
            out.append("$" + nxt)
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def cpu_quantity(text):
    text = str(text)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


class PodRun:
    """What a pod did: its shell's result (returncode, stdout, stderr), the
    rollcall calls with paths as the container sees them and as this
    machine does, its mounts {mountPath: (volume, readOnly, host folder)}
    and env."""

    def __init__(self, done, calls, host_calls, mounts, env):
        self.done, self.calls, self.host_calls, self.mounts, self.env = done, calls, host_calls, mounts, env

    def host_path(self, path):
        mount = self.mount_of(path)
        return None if mount is None else Path(str(mount[3]) + path[len(mount[0]):])

    def mount_of(self, path):
        """(mountPath, volume, readOnly, host folder) of the mount a container path is under."""
        for mount_path in sorted(self.mounts, key=len, reverse=True):
            if path == mount_path or path.startswith(mount_path + "/"):
                return (mount_path,) + self.mounts[mount_path]
        return None


class Cluster:
    """The folder's objects and the volumes' folders under root."""

    def __init__(self, root, objects):
        self.root = Path(root)
        self.objects = objects  # (kind, name) -> document
        (self.root / "bin").mkdir(parents=True, exist_ok=True)
        fake = self.root / "bin" / "rollcall"
        fake.write_text(FAKE_ROLLCALL)
        fake.chmod(0o755)
        self.log = self.root / "rollcall-calls.jsonl"

    def volume_dir(self, volume, pod_name):
        """The host folder backing a volume; ConfigMaps and Secrets filled
        with their keys."""
        if "persistentVolumeClaim" in volume:
            d = self.root / "claims" / volume["persistentVolumeClaim"]["claimName"]
        elif "emptyDir" in volume:
            d = self.root / "empty" / pod_name / volume["name"]
        elif "configMap" in volume:
            d = self.root / "configmaps" / volume["configMap"]["name"]
            self.fill(d, self.objects.get(("ConfigMap", volume["configMap"]["name"]), {}).get("data") or {})
        elif "secret" in volume:
            secret = self.objects.get(("Secret", volume["secret"]["secretName"]), {})
            d = self.root / "secrets" / volume["secret"]["secretName"]
            self.fill(d, secret.get("stringData") or {})
        else:
            raise ValueError(f"volume {volume['name']}: a source the sandbox does not emulate")
        d.mkdir(parents=True, exist_ok=True)
        return d

    @staticmethod
    def fill(d, data):
        d.mkdir(parents=True, exist_ok=True)
        for key, value in data.items():
            (d / key).write_text(str(value))

    def container_path(self, host_path, mounts):
        for mount_path, host in mounts.items():
            h = str(host)
            if host_path == h or host_path.startswith(h + "/"):
                return mount_path + host_path[len(h):]
        return None

    def run(self, doc, index=None, exit_code=0):
        """Runs the first container of a Job's or Pod's pod."""
        spec = pod_spec(doc)
        container = spec["containers"][0]
        pod_name = f"{doc['metadata']['name']}-{index if index is not None else 0}"
        volumes = {v["name"]: v for v in spec.get("volumes") or []}
        mounts, mount_info = {}, {}
        for m in container.get("volumeMounts") or []:
            mounts[m["mountPath"]] = self.volume_dir(volumes[m["name"]], pod_name)
            mount_info[m["mountPath"]] = (volumes[m["name"]], bool(m.get("readOnly")), mounts[m["mountPath"]])
        env = self.resolve_env(container, index)
        command = [expand(a, env) for a in (container.get("command") or []) + (container.get("args") or [])]
        # The container's absolute paths under a mount point to the mount's
        # folder, in one pass (a folder of this machine may be under /tmp).
        if mounts:
            pattern = re.compile(r"(?<![\w./-])(" + "|".join(re.escape(m) for m in sorted(mounts, key=len, reverse=True))
                                 + r")(?=/|\b|$)")
            command = [pattern.sub(lambda m: str(mounts[m.group(1)]), a) for a in command]
        self.log.unlink(missing_ok=True)
        shell_env = dict(env, PATH=f"{self.root / 'bin'}:/usr/bin:/bin", FAKE_ROLLCALL_LOG=str(self.log),
                         FAKE_ROLLCALL_EXIT=str(exit_code), HOME=str(self.root))
        done = subprocess.run(command, env=shell_env, capture_output=True, text=True, timeout=60)
        host_calls = []
        for line in self.log.read_text().splitlines() if self.log.exists() else []:
            if line == "CALL":
                host_calls.append([])
            elif host_calls:
                host_calls[-1].append(line)
        calls = [[(self.container_path(a, mounts) or a) if a.startswith(str(self.root)) else
                  self.rewrite_flag_value(a, mounts) for a in args] for args in host_calls]
        return PodRun(done, calls, host_calls, mount_info, env)

    def rewrite_flag_value(self, arg, mounts):
        """PERSONA=/host/path arguments (--feeder) back to container paths."""
        if "=" in arg:
            k, v = arg.split("=", 1)
            if v.startswith(str(self.root)):
                return f"{k}={self.container_path(v, mounts) or v}"
        return arg

    def resolve_env(self, container, index):
        env = {}
        if index is not None:
            env["JOB_COMPLETION_INDEX"] = str(index)  # Kubernetes sets it in an Indexed Job's pods
        for e in container.get("env") or []:
            if "value" in e:
                env[e["name"]] = expand(str(e["value"]), env)
                continue
            source = e.get("valueFrom") or {}
            if "fieldRef" in source:
                if source["fieldRef"].get("fieldPath") != INDEX_ANNOTATION or index is None:
                    raise ValueError(f"env {e['name']}: fieldRef {source['fieldRef'].get('fieldPath')} "
                                     "(the sandbox knows the completion index annotation only)")
                env[e["name"]] = str(index)
            elif "resourceFieldRef" in source:
                ref = source["resourceFieldRef"]
                resource, divisor = ref["resource"], cpu_quantity(ref.get("divisor", "1"))
                limit = container.get("resources", {}).get("limits", {}).get(resource.split(".", 1)[1])
                if limit is None:
                    raise ValueError(f"env {e['name']}: no {resource} to read")
                env[e["name"]] = str(math.ceil(cpu_quantity(limit) / divisor))
            elif "secretKeyRef" in source:
                ref = source["secretKeyRef"]
                env[e["name"]] = str((self.objects.get(("Secret", ref["name"]), {}).get("stringData") or {})
                                     .get(ref["key"], ""))
            else:
                raise ValueError(f"env {e['name']}: a source the sandbox does not emulate")
        return env


def flag_values(args, flag):
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a == flag]


def positionals(args, after=1):
    """Arguments after the subcommand that are neither flags nor flag values."""
    out, i = [], after
    while i < len(args):
        if args[i].startswith("-"):
            i += 1 if args[i] in SWITCHES or "=" in args[i] else 2
            continue
        out.append(args[i])
        i += 1
    return out
