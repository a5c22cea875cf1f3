#!/usr/bin/env bash
# Old-versus-new pairs: runs one CLI step with two or more builds (or JVM flag sets) in alternation, so that
# the load of a shared machine falls on all of them alike. This is how the per-change numbers in
# benchmarks/RESULTS.md were measured; compare the variants pair by pair, not by their averages.
#
#   benchmarks/pairs.sh STEP REPS NAME=JAR[@DEFAULTS_FILE] NAME=JAR[@DEFAULTS_FILE] ...
#
# STEP: initial (a backup into a fresh repository), nochange (a backup with nothing changed), mutation (a
# backup after the dataset's ~5% mutation, into a copy of a repository holding the unmutated snapshot),
# restore, verify (check --read-data) or snapshots. DEFAULTS_FILE, if given, holds the JVM options that replace the
# launcher's defaults (RESILIENCE_JVM_DEFAULTS) for that variant. Each variant runs once unmeasured first
# (it records the launcher's class-data archive), then REPS times in alternation. Prints wall and CPU
# seconds (user, system) and peak RSS per run.
#
# Environment: WORKDIR (default /tmp/resilience-pairs), SIZE (default 1GiB; the dataset is generated with
# benchmarks/target/benchmarks.jar on first use and kept), COLD=1 (restore, verify, snapshots: before each run,
# the repository's files of 256 KiB or more, its packs, are dropped from the page cache with dd's nocache flag;
# that is how the harness's restore and check find them, right after backups that wrote them with direct I/O,
# while repeated runs would otherwise read the packs an earlier run left cached). Each variant's repository
# for nochange/restore/verify/snapshots (WORKDIR/repo-NAME) is made once, with its own jar. Trees are moved
# aside, never deleted between runs (see head-to-head.sh); delete WORKDIR/trash when done.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
if [[ $# -lt 3 ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2
  exit 2
fi
step="$1"
reps="$2"
shift 2
case "$step" in initial | nochange | mutation | restore | verify | snapshots) ;; *) echo "unknown step: $step" >&2; exit 2 ;; esac
work="${WORKDIR:-/tmp/resilience-pairs}"
size="${SIZE:-1GiB}"
export launcher="$root/bin/resilience"
bench_jar="$root/benchmarks/target/benchmarks.jar"
export RESILIENCE_PASSWORD="${RESILIENCE_PASSWORD:-pairs-benchmark}"
mkdir -p "$work/trash"
aside() { [[ ! -e "$1" ]] || mv "$1" "$work/trash/$(basename "$1").$(date +%s%N)"; }

if [[ ! -f "$work/base.size" || "$(cat "$work/base.size")" != "$size" ]]; then
  [[ -f "$bench_jar" ]] || (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
  aside "$work/base"
  java -cp "$bench_jar" dev.resilience.benchmarks.Dataset generate "$work/base" "$size" >&2
  echo "$size" > "$work/base.size"
fi

# variant NAME=JAR[@DEFAULTS_FILE] -> sets name, jar, defaults
variant() {
  name="${1%%=*}"
  local rest="${1#*=}"
  jar="${rest%%@*}"
  defaults=""
  [[ "$rest" != *@* ]] || defaults="$(cat "${rest#*@}")"
  [[ -f "$jar" ]] || { echo "no such jar: $jar" >&2; exit 2; }
}

run() { # run NAME JAR DEFAULTS ARGS...: the launcher with that jar and those defaults
  local jar="$2" defaults="$3"
  shift 3
  if [[ -n "$defaults" ]]; then
    RESILIENCE_JAR="$jar" RESILIENCE_JVM_DEFAULTS="$defaults" JAVA_OPTS="" "$launcher" "$@"
  else
    RESILIENCE_JAR="$jar" JAVA_OPTS="" "$launcher" "$@"
  fi
}

# Each variant has its own repositories, written with its own jar, so that variants which write different
# repository formats are compared fairly (and an older jar is never handed a format it cannot read).
if [[ "$step" != initial && "$step" != mutation ]]; then
  for v in "$@"; do
    variant "$v"
    [[ ! -d "$work/repo-$name" ]] || continue
    run "$name" "$jar" "$defaults" -r "$work/repo-$name" -q init >/dev/null
    run "$name" "$jar" "$defaults" -r "$work/repo-$name" -q backup "$work/base" >/dev/null
  done
fi
if [[ "$step" == mutation ]]; then
  missing=0
  for v in "$@"; do
    variant "$v"
    [[ -d "$work/repo-premutation-$name" ]] || missing=1
  done
  if [[ "$missing" == 1 || ! -d "$work/mutated" ]]; then
    # A copy of the dataset backed up as it was (by every variant), then mutated in place: each run backs the
    # mutated copy up into a fresh copy of its variant's repository, so the unmutated snapshot is its parent.
    aside "$work/mutated"
    mkdir -p "$work/mutated" && cp -a "$work/base/." "$work/mutated/"
    for v in "$@"; do
      variant "$v"
      aside "$work/repo-premutation-$name"
      run "$name" "$jar" "$defaults" -r "$work/repo-premutation-$name" -q init >/dev/null
      run "$name" "$jar" "$defaults" -r "$work/repo-premutation-$name" -q backup "$work/mutated" >/dev/null
    done
    java -cp "$bench_jar" dev.resilience.benchmarks.Dataset mutate "$work/mutated" >/dev/null
  fi
fi

command_for() { # the step's arguments; prepares a fresh repository or restore target where needed
  case "$step" in
    initial)
      aside "$work/fresh"
      run "$name" "$jar" "$defaults" -r "$work/fresh" -q init >/dev/null
      args=(-r "$work/fresh" -q backup "$work/base") ;;
    nochange) args=(-r "$work/repo-$name" -q backup "$work/base") ;;
    mutation)
      aside "$work/repo-mutation"
      cp -a "$work/repo-premutation-$name" "$work/repo-mutation"
      args=(-r "$work/repo-mutation" -q backup "$work/mutated") ;;
    restore) aside "$work/restored"; args=(-r "$work/repo-$name" -q restore latest --target "$work/restored") ;;
    verify) args=(-r "$work/repo-$name" -q check --read-data) ;;
    snapshots) args=(-r "$work/repo-$name" -q snapshots) ;;
  esac
}

for v in "$@"; do # unmeasured first run of each variant: records its class-data archive
  variant "$v"
  command_for
  run "$name" "$jar" "$defaults" "${args[@]}" >/dev/null
done
for ((i = 1; i <= reps; i++)); do
  for v in "$@"; do
    variant "$v"
    command_for
    sync
    if [[ "${COLD:-0}" == 1 && "$step" != initial && "$step" != nochange && "$step" != mutation ]]; then
      find "$work/repo-$name" -type f -size +255k -exec dd if={} iflag=nocache count=0 status=none \;
    fi
    t0=$(date +%s%N)
    if ! /usr/bin/time -f "%U %S %M" -o "$work/time.txt" bash -c "$(declare -f run); run \"\$@\"" _ \
      "$name" "$jar" "$defaults" "${args[@]}" >"$work/last.log" 2>&1; then
      echo "FAILED: $name $step" >&2
      tail -n 5 "$work/last.log" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    read -r u s r < "$work/time.txt"
    printf '%-10s %-9s wall %5.2f s  cpu %5.2f s (user %5.2f, sys %5.2f)  peak rss %4d MiB\n' "$name" "$step" \
      "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "$u + $s" | bc)" "$u" "$s" $((r / 1024))
  done
done
