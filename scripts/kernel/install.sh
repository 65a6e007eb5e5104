#!/usr/bin/env bash
# Installs the semisup4j Java kernel ("Java (semisup4j)") as a Jupyter kernelspec.
#
#   scripts/kernel/install.sh [--user | --prefix DIR] [--name NAME]
#
#   --name java   installs the same kernel under IJava's kernel name, so notebooks written for
#                 IJava (kernelspec "java") open and run without choosing a kernel.
#
# Builds kernel and toolkit jars only when their sources are newer than the jars, computes two
# class paths (cached until a pom changes): the kernel's own (kernel jar + deps: messaging, JSON) for
# -cp, and the notebook's (toolkit jar + deps), passed as -Dsemisup4j.notebook.classpath and loaded
# by the kernel into the one class loader of notebook code, apart from the kernel's machinery.
# Writes kernel.json and installs it only if it differs from the installed one. A second run with
# nothing changed takes seconds and changes nothing.
#
# Install-time settings (environment):
#   SEMISUP4J_OMP_NUM_THREADS  OpenMP threads for ND4J in the kernel (default: none written, so the kernel
#                              takes OMP_NUM_THREADS from Jupyter's environment, else ND4J uses the machine's cores)
#   SEMISUP4J_KERNEL_XMX       Java heap of the kernel (default 6g)
#   SEMISUP4J_BACKEND          ND4J backend of the class path: cpu (default) or cuda (Maven profile cuda)
#   SEMISUP4J_ND4J_EXTENSION   nd4j-native build suffix (default: by CPU, see scripts/lib/nd4j-extension.sh)
#   SEMISUP4J_PYTHON           a Python with Jupyter (default Debian's /usr/bin/python3)
#   JUPYTER                    jupyter command (default /usr/bin/jupyter, or that Python's)
#   JAVA_HOME                  JDK to run the kernel with (default: the java on PATH)
set -euo pipefail

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit "${1:-0}"
}

scope=(--user)
name=semisup4j
while [[ $# -gt 0 ]]; do
    case "$1" in
        --user) scope=(--user); shift ;;
        --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
                  scope=(--prefix "$(mkdir -p "$2" && cd "$2" && pwd)"); shift 2 ;;
        --name) [[ $# -ge 2 && "$2" =~ ^[A-Za-z0-9._-]+$ ]] || {
                    echo "install.sh: --name needs a kernel name of letters, digits, . _ -" >&2; exit 2; }
                name="$2"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; usage 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${SEMISUP4J_PYTHON:-/usr/bin/python3}"
if [[ -n "${JUPYTER:-}" ]]; then jupyter="$JUPYTER"
elif [[ "$python" == /usr/bin/python3 ]]; then jupyter=/usr/bin/jupyter
else jupyter="$(dirname "$python")/jupyter"; fi
omp="${SEMISUP4J_OMP_NUM_THREADS:-}"
xmx="${SEMISUP4J_KERNEL_XMX:-6g}"
nd4j_ext="$(bash "$root/scripts/lib/nd4j-extension.sh")"
version="0.1.0-SNAPSHOT"
kernel_jar="$root/kernel/target/semisup4j-kernel-$version.jar"
toolkit_jar="$root/toolkit/target/semisup4j-toolkit-$version.jar"
backend="${SEMISUP4J_BACKEND:-cpu}"
case "$backend" in
    cpu) profiles=() ;;
    cuda) profiles=(-Pcuda,'!cpu') ;;  # nd4j-cuda-11.6-platform instead of nd4j-native
    *) echo "install.sh: SEMISUP4J_BACKEND='$backend': expected cpu or cuda" >&2; exit 2 ;;
esac
classpath_cache="$root/kernel/target/kernelspec-classpath-$backend.txt"
notebook_classpath_cache="$root/kernel/target/kernelspec-notebook-classpath-$backend.txt"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
else
    java="$(command -v java || true)"
    [[ -n "$java" ]] || { echo "install.sh: no java on PATH (set JAVA_HOME)" >&2; exit 1; }
fi
# Pin the JDK the kernel was built for, not whatever /usr/bin/java points to later.
java="$(readlink -f "$java")"
[[ -x "$jupyter" ]] || { echo "install.sh: $jupyter not found (set JUPYTER)" >&2; exit 1; }

# Runs Maven offline first (everything is usually in ~/.m2); online only when something is missing.
mvn_offline_first() {
    local log
    log="$(mktemp)"
    if (cd "$root" && mvn -B -q -o "$@") >"$log" 2>&1; then
        rm -f "$log"; return 0
    fi
    if grep -q -E "offline|Could not resolve|Cannot access|could not be resolved" "$log"; then
        rm -f "$log"
        (cd "$root" && mvn -B -q "$@")
        return
    fi
    cat "$log" >&2; rm -f "$log"; return 1
}

# 1. Jars: rebuild when missing or when any source or pom is newer.
stale_sources() {
    local jar="$1"; shift
    [[ -f "$jar" ]] || { echo missing; return; }
    find "$@" -newer "$jar" -type f -print -quit 2>/dev/null
}
poms=("$root/pom.xml" "$root/kernel/pom.xml" "$root/toolkit/pom.xml")
[[ -f "$root/.mvn/maven.config" ]] && poms+=("$root/.mvn/maven.config")
if [[ -n "$(stale_sources "$kernel_jar" "$root/kernel/src/main" "${poms[@]}")" \
   || -n "$(stale_sources "$toolkit_jar" "$root/toolkit/src/main" "${poms[@]}")" ]]; then
    echo "install.sh: building kernel and toolkit jars" >&2
    mvn_offline_first -Dmaven.test.skip=true package -pl kernel,toolkit -am
fi

# 2. Class paths: the kernel's (kernel jar + deps) and the notebook's (toolkit jar + deps, with the
#    backend's natives); recomputed only when a pom (or this script) changed.
if [[ ! -s "$classpath_cache" || ! -s "$notebook_classpath_cache" \
      || -n "$(find "${poms[@]}" "${BASH_SOURCE[0]}" -newer "$classpath_cache" -print -quit)" ]]; then
    echo "install.sh: computing the kernel class path (backend $backend)" >&2
    mvn_offline_first ${profiles[@]+"${profiles[@]}"} dependency:build-classpath -pl kernel,toolkit \
        -Dmdep.outputFile=target/dependency-classpath.txt -Dmdep.includeScope=runtime
    # (the files Maven writes have no final newline: each list gets its own)
    { echo "$kernel_jar"; tr ':' '\n' < "$root/kernel/target/dependency-classpath.txt"; echo; } \
        | awk 'NF && !seen[$0]++' | paste -sd: - > "$classpath_cache.tmp"
    # The toolkit compiles against basekernel for IJava's display API; at run time the kernel provides
    # that API, so basekernel and its messaging (ZeroMQ) stay out of the notebook's class path.
    { echo "$toolkit_jar"; tr ':' '\n' < "$root/toolkit/target/dependency-classpath.txt"; echo; } \
        | grep -v -E '/io/github/spencerpark/|/org/zeromq/|/eu/neilalexander/' \
        | awk 'NF && !seen[$0]++' | paste -sd: - > "$notebook_classpath_cache.tmp"
    mv "$notebook_classpath_cache.tmp" "$notebook_classpath_cache"
    mv "$classpath_cache.tmp" "$classpath_cache"
fi
classpath="$(cat "$classpath_cache")"
notebook_classpath="$(cat "$notebook_classpath_cache")"

# 3. kernel.json, installed only when it differs from what is installed.
# IJava's notebooks name their kernel "java": that alias says whose kernel it is, not "Java (java)".
if [[ "$name" == semisup4j ]]; then display_name="Java (semisup4j)"
else display_name="Java (semisup4j, as \"$name\")"; fi
[[ "$backend" == cpu ]] || display_name="${display_name%)}, ${backend^^})"
spec_dir="$(mktemp -d)"
trap 'rm -rf "$spec_dir"' EXIT
mkdir -p "$spec_dir/$name"
"$python" - "$spec_dir/$name/kernel.json" "$java" "$xmx" "$classpath" "$notebook_classpath" "$display_name" "$omp" "$nd4j_ext" "$name" "$backend" <<'EOF'
import json, sys
out, java, xmx, classpath, notebook_classpath, display_name, omp, nd4j_ext, name, backend = sys.argv[1:]
spec = {
    "argv": [java, "-Xmx" + xmx,
             "-Dsemisup4j.backend=" + backend,  # shown in the kernel banner
             # figures load plotly.js from this kernelspec's folder (org.semisup4j.plot.PlotlyJs)
             "-Dsemisup4j.kernelspec=" + name,
             "-Dorg.bytedeco.javacpp.maxbytes=8G",
             "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G",
             # lets the kernel refuse System.exit from a cell on Java 18+ (see ExitGuard)
             "-Djava.security.manager=allow",
             "-Dsemisup4j.notebook.classpath=" + notebook_classpath,
             "-cp", classpath,
             "org.semisup4j.kernel.Main", "{connection_file}"],
    "display_name": display_name,
    "language": "java",
    "interrupt_mode": "message",
    "env": {"MALLOC_MMAP_THRESHOLD_": "131072", "SEMISUP4J_BACKEND": backend},
}
if omp:
    spec["env"]["OMP_NUM_THREADS"] = omp
if backend == "cpu":
    # the nd4j-native build this CPU can run (scripts/lib/nd4j-extension.sh)
    spec["argv"].insert(2, "-Dorg.bytedeco.javacpp.platform.extension=" + nd4j_ext)
with open(out, "w") as f:
    json.dump(spec, f, indent=2, sort_keys=True)
    f.write("\n")
EOF

if [[ "${scope[0]}" == "--user" ]]; then
    data_dir="$("$jupyter" --data-dir)"
else
    data_dir="${scope[1]}/share/jupyter"
fi
installed="$data_dir/kernels/$name/kernel.json"
# plotly.js, served by Jupyter from the kernelspec folder (BASE/kernelspecs/NAME/FILE) to the figures, so
# that saved notebooks do not carry it. The file name holds the version; the toolkit writes the file.
plotly_file="$("$java" -cp "$notebook_classpath" org.semisup4j.plot.PlotlyJs --name)"
if [[ -f "$installed" ]] && cmp -s "$installed" "$spec_dir/$name/kernel.json" \
   && [[ -s "$data_dir/kernels/$name/$plotly_file" ]]; then
    echo "install.sh: kernel '$name' is up to date ($installed)" >&2
    exit 0
fi
"$java" -cp "$notebook_classpath" org.semisup4j.plot.PlotlyJs "$spec_dir/$name/$plotly_file"
# `jupyter kernelspec` needs Debian's jupyter-client CLI package; the same app runs from the module.
if [[ -x "$(dirname "$jupyter")/jupyter-kernelspec" ]]; then
    kernelspec=("$jupyter" kernelspec)
else
    kernelspec=("$python" -m jupyter_client.kernelspecapp)
fi
"${kernelspec[@]}" install "$spec_dir/$name" --name "$name" "${scope[@]}" >/dev/null 2>&1 || {
    "${kernelspec[@]}" install "$spec_dir/$name" --name "$name" "${scope[@]}"; exit 1; }
echo "install.sh: installed kernel '$name' ($display_name) to $(dirname "$installed")" >&2
