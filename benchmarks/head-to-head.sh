#!/usr/bin/env bash
# Head-to-head benchmark: Resilience (CLI jar, whole process) vs restic (repository v2, compression auto)
# vs borg (zstd,3) on the same generated dataset, in one run.
#
#   benchmarks/head-to-head.sh [--size 1GiB] [--reps 3] [--tools resilience,restic,borg]
#                              [--workdir /tmp/resilience-h2h] [--results FILE] [--rebuild]
#
# Steps per tool and repetition, each with a fresh repository and cache: initial backup, no-change backup,
# backup after a deterministic ~5% mutation, full restore of the latest snapshot (compared with diff -r
# every time), full read-verify; each repetition starts with the next tool and ends with the machine's
# reference, `tar c | zstd -T0` of the dataset at levels 1 and 3. Prints medians of wall time, CPU time
# (user+sys), peak RSS (/usr/bin/time -v) and repository size, with the ratio Resilience/restic per row,
# and the reference's medians under the table. At the default size (1 GiB) the results
# go to benchmarks/RESULTS.md (between the GENERATED markers; the rest of the file is kept); at other sizes
# to WORKDIR/RESULTS-SIZE.md unless --results is given.
#
# Resilience runs through bin/resilience (a copy), like operators run it, with a class-data archive recorded
# before the measured steps. Environment: RESILIENCE_JAVA_OPTS (JAVA_OPTS for the launcher), RESILIENCE_ARGS
# (extra CLI args), RESILIENCE_CDS=0 (measure without the class-data archive).
#
# The trees are deleted at the end. On ext4, creating files is slower for some minutes after a large
# deletion (restores took 3.4-3.7 s instead of 2.3-2.4 s), so leave a few minutes between runs.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
size="1GiB"
reps=3
tools="resilience,restic,borg"
work="/tmp/resilience-h2h"
results=""
rebuild=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --tools) tools="$2"; shift 2 ;;
    --workdir) work="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$results" ]]; then
  if [[ "$size" == "1GiB" ]]; then results="$here/RESULTS.md"; else results="$work/RESULTS-$size.md"; fi
fi

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
has_tool() { [[ ",$tools," == *",$1,"* ]]; }

# --- prerequisites -------------------------------------------------------------------------------
missing=()
has_tool restic && ! command -v restic >/dev/null && missing+=(restic)
has_tool borg && ! command -v borg >/dev/null && missing+=(borgbackup)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v zstd >/dev/null || missing+=(zstd)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]} from Debian's packages"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cli_jar="$root/resilience-cli/target/resilience.jar"
bench_jar="$root/benchmarks/target/benchmarks.jar"
if [[ $rebuild -eq 1 || ! -f "$bench_jar" ]] || { has_tool resilience && [[ ! -f "$cli_jar" ]]; }; then
  log "building the CLI and benchmark jars"
  (cd "$root" && ./mvnw -B -q -pl resilience-cli,benchmarks -am package -DskipTests)
fi

export RESTIC_PASSWORD="head-to-head-benchmark"
export BORG_PASSPHRASE="head-to-head-benchmark"
export RESILIENCE_PASSWORD="head-to-head-benchmark"
export BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
java_opts="${RESILIENCE_JAVA_OPTS:-}"
resilience_args="${RESILIENCE_ARGS:-}"

mkdir -p "$work"
# Run on copies, so rebuilding the project during a long run does not change what is measured.
cp "$bench_jar" "$work/benchmarks.jar" && bench_jar="$work/benchmarks.jar"
# Resilience runs through a copy of bin/resilience (what operators run), with its class-data archive in a
# cache of this run; the archive is recorded by a warm-up backup before anything is measured.
launcher="$work/bin/resilience"
cds_cache="$work/cds-cache"
if has_tool resilience; then
  cp "$cli_jar" "$work/resilience.jar" && cli_jar="$work/resilience.jar"
  mkdir -p "$work/bin" && cp "$root/bin/resilience" "$launcher" && cp "$root/bin/jit-directives.json" "$work/bin/"
fi
base="$work/base"
data="$work/data"
csv="$work/results.csv"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# Trees are never deleted between timed steps, only moved aside and deleted when the run ends: on ext4
# without a journal (like this machine's), a new inode skips those freed in the last minute (five more
# while their inode table is unwritten), a rescan that cost the next tool's 20,000 file creations up to
# 10 s of system time, whichever tool came next. The run needs disk for all repetitions' trees at once.
trash="$work/trash"
rm -rf "$trash"
discard() {
  local p
  mkdir -p "$trash"
  for p in "$@"; do
    if [[ -e "$p" ]]; then mv "$p" "$trash/$(basename "$p").$(date +%s%N)"; fi
  done
}

# --- dataset ---------------------------------------------------------------------------------------
if [[ ! -f "$work/base.size" || "$(cat "$work/base.size")" != "$size" ]]; then
  rm -rf "$base" "$work/base.size"
  log "generating the $size dataset in $base"
  java -cp "$bench_jar" dev.resilience.benchmarks.Dataset generate "$base" "$size" >&2
  echo "$size" > "$work/base.size"
fi
dataset_desc="$(cd "$base" && echo "$(find . -type f | wc -l) files, $(du -sb . | cut -f1) bytes")"

# --- class-data archive ---------------------------------------------------------------------------
if has_tool resilience; then
  rm -rf "$cds_cache" "$work/repo-warmup"
  log "recording the launcher's class-data archive (warm-up backup of benchmarks/src)"
  warm() { JAVA_OPTS="$java_opts" RESILIENCE_JAR="$cli_jar" XDG_CACHE_HOME="$cds_cache" "$launcher" -r "$work/repo-warmup" -q "$@"; }
  RESILIENCE_CDS=0 warm init >/dev/null
  warm backup "$here/src" >/dev/null
  rm -rf "$work/repo-warmup"
  ls "$cds_cache"/resilience/*.jsa >/dev/null 2>&1 || log "no class-data archive was recorded; measuring without one"
fi

# --- measuring -------------------------------------------------------------------------------------
echo "tool,rep,step,wall_s,cpu_s,rss_kib" > "$csv"
sizes_csv="$work/sizes.csv"
echo "tool,rep,when,bytes" > "$sizes_csv"

# measure TOOL REP STEP SCRIPT: runs SCRIPT (a bash snippet) under /usr/bin/time -v and records the numbers.
# Peak RSS is the largest of the snippet's processes (getrusage of waited-for children).
measure() {
  local tool="$1" rep="$2" step="$3" script="$4"
  local tf="$work/time.txt" out="$work/last-$tool-$step.log"
  printf 'set -e\n%s\n' "$script" > "$work/step.sh"
  sync
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -v -o "$tf" bash "$work/step.sh" >"$out" 2>&1; then
    log "FAILED: $tool $step (rep $rep): $script"
    tail -n 30 "$out" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  local user sys rss wall cpu
  user=$(awk -F': ' '/User time/ {print $2}' "$tf")
  sys=$(awk -F': ' '/System time/ {print $2}' "$tf")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
  echo "$tool,$rep,$step,$wall,$cpu,$rss" >> "$csv"
  log "$tool rep $rep $step: ${wall}s wall, ${cpu}s cpu, $((rss / 1024)) MiB peak rss"
}

repo_size() { du -sb "$1" | cut -f1; }
q() { printf '%q' "$1"; }

# Per-tool command lines. $repo, $cache, $restore are set by run_tool.
res() {
  echo "JAVA_OPTS=$(q "$java_opts") RESILIENCE_JAR=$(q "$cli_jar") XDG_CACHE_HOME=$(q "$cds_cache") $(q "$launcher") -r $(q "$repo") -q $resilience_args"
}
rst() { echo "restic -r $(q "$repo") --cache-dir $(q "$cache") -q"; }
cmd_init() {
  case "$1" in
    resilience) echo "$(res) init" ;;
    restic) echo "$(rst) init --repository-version 2" ;;
    borg) echo "borg init --encryption=repokey-blake2 $(q "$repo")" ;;
  esac
}
cmd_backup() { # TOOL N
  case "$1" in
    resilience) echo "$(res) backup $(q "$data")" ;;
    restic) echo "$(rst) --compression auto backup $(q "$data")" ;;
    borg) echo "cd $(q "$data") && borg create --compression zstd,3 $(q "$repo")::snap-$2 ." ;;
  esac
}
cmd_restore() {
  case "$1" in
    resilience) echo "$(res) restore latest --target $(q "$restore")" ;;
    restic) echo "$(rst) restore latest --target $(q "$restore")" ;;
    borg) echo "cd $(q "$restore") && borg extract $(q "$repo")::snap-3" ;;
  esac
}
restored_dir() {
  case "$1" in
    restic) echo "$restore$data" ;;
    *) echo "$restore" ;;
  esac
}
cmd_verify() {
  case "$1" in
    resilience) echo "$(res) check --read-data" ;;
    restic) echo "$(rst) check --read-data" ;;
    borg) echo "borg check --verify-data $(q "$repo")" ;;
  esac
}

run_tool() { # TOOL REP
  local tool="$1" rep="$2"
  repo="$work/repo-$tool"; cache="$work/cache-$tool"; restore="$work/restore-$tool"
  discard "$repo" "$cache" "$restore" "$data" "$work/borg-home"
  export BORG_BASE_DIR="$work/borg-home"
  mkdir -p "$cache" "$restore"
  cp -a "$base" "$data"
  if ! bash -c "$(cmd_init "$tool")" >"$work/last-$tool-init.log" 2>&1; then
    log "FAILED: $tool init"; tail -n 30 "$work/last-$tool-init.log" >&2; exit 1
  fi
  measure "$tool" "$rep" initial_backup "$(cmd_backup "$tool" 1)"
  echo "$tool,$rep,initial,$(repo_size "$repo")" >> "$sizes_csv"
  measure "$tool" "$rep" nochange_backup "$(cmd_backup "$tool" 2)"
  java -cp "$bench_jar" dev.resilience.benchmarks.Dataset mutate "$data" >/dev/null
  measure "$tool" "$rep" mutation_backup "$(cmd_backup "$tool" 3)"
  echo "$tool,$rep,final,$(repo_size "$repo")" >> "$sizes_csv"
  measure "$tool" "$rep" restore "$(cmd_restore "$tool")"
  if ! diff -r -q "$data" "$(restored_dir "$tool")" > "$work/diff-$tool.txt" 2>&1; then
    log "RESTORE DIFFERS for $tool (rep $rep):"; head -20 "$work/diff-$tool.txt" >&2
    exit 1
  fi
  log "$tool rep $rep: restore equals the source (diff -r)"
  measure "$tool" "$rep" verify "$(cmd_verify "$tool")"
  discard "$restore" "$cache" "$work/borg-home" "$repo" "$data"
}

# The machine's own reference, measured in each repetition next to the tools: the dataset through
# `tar c | zstd -T0` at level 1 (Resilience's default) and 3 (the issue's reference), to a file in the work
# directory. No chunking, hashing or encryption, so it shows what the initial-backup target asks for on the
# machine of the run.
run_reference() { # REP
  local level
  for level in 1 3; do
    measure reference "$1" "tar_zstd$level" "tar -C $(q "$(dirname "$base")") -cf - $(q "$(basename "$base")") | zstd -$level -T0 -q -f -o $(q "$work/reference.zst")"
    discard "$work/reference.zst"
  done
}

# --- report ----------------------------------------------------------------------------------------
# Written after every repetition, so an interrupted run still leaves the completed ones.
write_report() {
local done_reps="$1"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
machine="$(
  echo "- CPU: $(lscpu 2>/dev/null | awk -F': +' '/Model name/ {print $2; exit}') ($(nproc) cores visible)"
  echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); kernel $(uname -r); filesystem of the work dir: $(df -T "$work" | awk 'NR==2 {print $2}')"
  echo "- $(java -version 2>&1 | head -1); $(restic version 2>/dev/null | head -1 || echo 'restic: n/a'); $(borg --version 2>/dev/null || echo 'borg: n/a')"
  echo "- load average (1/5/15 min) at start: $load_start; at end: $load_end (the machine is shared; read ratios, not absolute times)"
  echo "- dataset: $size requested, $dataset_desc (text/ CSV+logs, binary/ random, small/ 1-16 KiB files); mutation: appends to 1/4 of the text files (4% of the size), 1 MiB overwrites in every other binary file, 4 KiB inserted into one binary, ~2.6% of the small files deleted and as many added"
  echo "- Resilience: bin/resilience (its JVM defaults: '$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$launcher")'$([[ -f "$(dirname "$launcher")/jit-directives.json" ]] && echo ' with bin/jit-directives.json')${RESILIENCE_JVM_DEFAULTS+, overridden by RESILIENCE_JVM_DEFAULTS='$RESILIENCE_JVM_DEFAULTS'}) with JAVA_OPTS '${java_opts:-none}', class-data archive $([[ "${RESILIENCE_CDS:-1}" == 0 ]] && echo off || echo on); extra CLI args: '${resilience_args:-none}'"
)"
report="$(python3 - "$csv" "$sizes_csv" "$done_reps" "$tools" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sizes = list(csv.DictReader(open(sys.argv[2])))
reps, tools = sys.argv[3], sys.argv[4].split(",")
def med(tool, step, field):
    v = [float(r[field]) for r in rows if r["tool"] == tool and r["step"] == step]
    return statistics.median(v) if v else None
def msize(tool, when):
    v = [float(r["bytes"]) for r in sizes if r["tool"] == tool and r["when"] == when]
    return statistics.median(v) if v else None
steps = [("initial_backup", "initial backup", 0.40), ("nochange_backup", "no-change backup", 0.80),
         ("mutation_backup", "backup after mutation", 0.60), ("restore", "full restore", 0.50),
         ("verify", "full read-verify", 0.70)]
cols = [t for t in ["resilience", "restic", "borg"] if t in tools]
def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b not in (None, 0) else "–"
def fmt(v, unit):
    if v is None: return "–"
    if unit == "s": return f"{v:.2f} s"
    if unit == "MiB": return f"{v / 1024:.0f} MiB"
    if unit == "bytes": return f"{v / 1048576:.1f} MiB"
    return str(v)
out = []
out.append(f"Medians of {reps} repetition(s), each with a fresh repository and starting with the next tool. Ratio = Resilience / restic (lower is better).\n")
out.append("| step | metric | " + " | ".join(cols) + " | ratio | target |")
out.append("|---|---|" + "---|" * len(cols) + "---|---|")
for key, name, target in steps:
    for field, label, unit, tgt in [("wall_s", "wall", "s", f"≤ {target:.2f}×"), ("cpu_s", "CPU", "s", ""), ("rss_kib", "peak RSS", "MiB", "≤ 1.00×")]:
        vals = {t: med(t, key, field) for t in cols}
        out.append(f"| {name} | {label} | " + " | ".join(fmt(vals[t], unit) for t in cols)
                   + f" | {ratio(vals.get('resilience'), vals.get('restic'))} | {tgt} |")
for when, name in [("initial", "after initial backup"), ("final", "after all three backups")]:
    vals = {t: msize(t, when) for t in cols}
    out.append(f"| repository size | {name} | " + " | ".join(fmt(vals[t], "bytes") for t in cols)
               + f" | {ratio(vals.get('resilience'), vals.get('restic'))} | ≤ 1.00× |")
ref1, ref3 = med("reference", "tar_zstd1", "wall_s"), med("reference", "tar_zstd3", "wall_s")
restic_initial = med("restic", "initial_backup", "wall_s")
if ref1 is not None:
    line = (f"\nThe machine's reference in the same run (medians, no chunking, hashing or encryption): `tar c | zstd -1 -T0` "
            f"of the dataset {ref1:.2f} s ({med('reference', 'tar_zstd1', 'cpu_s'):.2f} CPU-s), `tar c | zstd -3 -T0` {ref3:.2f} s "
            f"({med('reference', 'tar_zstd3', 'cpu_s'):.2f} CPU-s).")
    if restic_initial:
        line += f" The initial-backup target, 0.40 × restic, is {0.40 * restic_initial:.2f} s."
    out.append(line)
out.append("")
out.append("<details><summary>every measurement</summary>\n")
out.append("| tool | rep | step | wall s | CPU s | peak RSS MiB |")
out.append("|---|---|---|---|---|---|")
for r in rows:
    out.append(f"| {r['tool']} | {r['rep']} | {r['step']} | {r['wall_s']} | {r['cpu_s']} | {int(r['rss_kib']) // 1024} |")
out.append("\n</details>")
print("\n".join(out))
PY
)"
cmdline="benchmarks/head-to-head.sh --size $size --reps $reps --tools $tools"
local partial=""
[[ "$done_reps" -lt "$reps" ]] && partial=" (partial: $done_reps of $reps repetitions done so far)"
generated="$(printf '<!-- BEGIN GENERATED by benchmarks/head-to-head.sh; edits between these markers are overwritten -->\n## Head-to-head: %s\n\nRun `%s` on %s.\n\n%s\n\n%s\n<!-- END GENERATED -->' \
  "$size" "$cmdline" "$(date -u '+%Y-%m-%d %H:%M UTC')$partial" "$machine" "$report")"
echo "$generated"
printf '%s\n' "$generated" > "$work/generated.md"
python3 - "$results" "$work/generated.md" <<'PY'
import os, sys
path, gen = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
if os.path.exists(path):
    s = open(path).read()
    b, e = s.find("<!-- BEGIN GENERATED"), s.find("<!-- END GENERATED -->")
    if b >= 0 and e >= 0:
        s = s[:b] + gen + s[e + len("<!-- END GENERATED -->"):]
    else:
        s = s.rstrip("\n") + "\n\n" + gen + "\n"
else:
    s = "# Benchmark results\n\n" + gen + "\n"
open(path, "w").write(s)
PY
log "results written to $results"
}

IFS=',' read -r -a tool_list <<< "$tools"
# Each repetition starts with the next tool (resilience, restic, borg; then restic, borg, resilience; ...), so
# a drift in the machine's state (other tenants, the file system still busy with earlier deletions, which
# makes creating files slower for minutes) does not always fall on the same tool.
for ((rep = 1; rep <= reps; rep++)); do
  for ((i = 0; i < ${#tool_list[@]}; i++)); do
    run_tool "${tool_list[$(((i + rep - 1) % ${#tool_list[@]}))]}" "$rep"
  done
  run_reference "$rep"
  write_report "$rep"
done
log "deleting the repetitions' trees"
rm -rf "$trash"
