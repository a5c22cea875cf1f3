#!/usr/bin/env bash
# PostgreSQL head-to-head: Resilience's logical backup/restore against pg_dump -Fc / pg_restore, and its
# physical base backup (over SQL) against pg_basebackup, on one generated database (pgbench -i -s SCALE plus
# a wide table), in one run. Prints wall time, peak RSS and output size per tool with the ratio
# Resilience / PostgreSQL tool, and checks that both restores hold the same rows.
#
#   benchmarks/postgres-vs-pg_dump.sh [--scale 50] [--workdir /tmp/resilience-pg-bench] [--rebuild]
#
# Uses Debian's PostgreSQL packages (installed with apt-get if missing); the library itself never needs them.
# Not part of the test run.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
scale=50
work="/tmp/resilience-pg-bench"
rebuild=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --workdir) work="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || [[ ! -x /usr/bin/time ]]; then
  log "installing PostgreSQL from Debian's packages"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql postgresql-client time >/dev/null
fi
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
jar="$root/benchmarks/target/benchmarks.jar"
if [[ $rebuild -eq 1 || ! -f "$jar" ]]; then
  log "building $jar"
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi

# the server runs as 'postgres' when we are root (initdb refuses root)
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
rm -rf "$work"; mkdir -p "$work"
[[ $(id -u) -eq 0 ]] && chown postgres "$work"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port, scale $scale, in $work"
as_pg "$pgbin/initdb" -D "$work/data" -U postgres -A trust >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c wal_level=replica -c max_wal_senders=4 -c listen_addresses=localhost" start >/dev/null
trap 'as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true' EXIT
export PGHOST=localhost PGPORT=$port PGUSER=postgres
psql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
url() { echo "jdbc:postgresql://localhost:$port/$1"; }

log "generating: pgbench -i -s $scale, plus a wide table"
"$pgbin/pgbench" -i -q -s "$scale" postgres >/dev/null 2>&1
psql -d postgres -c "CREATE TABLE wide AS SELECT i AS id, md5(i::text) AS a, repeat(md5(i::text), 8) AS b,
  timestamptz '2026-01-01' - i * interval '1 second' AS c, jsonb_build_object('i', i, 'h', md5(i::text)) AS d
  FROM generate_series(1, $scale * 20000) i" -c "ALTER TABLE wide ADD PRIMARY KEY (id)" -c "VACUUM ANALYZE"
dbsize="$(psql -d postgres -At -c "SELECT pg_database_size('postgres')")"

declare -A secs rss size
measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" \
    || { cat "$work/$name.err" >&2; exit 1; }
  read -r secs[$name] rss[$name] <"$work/$name.time"
  log "$name: ${secs[$name]} s, peak RSS ${rss[$name]} KiB"
}
bytes() { du -sb "$1" | cut -f1; }

measure pg_dump "$pgbin/pg_dump" -Fc -d postgres -f "$work/dump.fc"
size[pg_dump]=$(bytes "$work/dump.fc")
measure resilience_backup java -cp "$jar" dev.resilience.benchmarks.PostgresHeadToHead backup-logical "$(url postgres)" postgres "$work/repo-logical"
size[resilience_backup]=$(bytes "$work/repo-logical")

psql -d postgres -c "CREATE DATABASE r_pgdump" -c "CREATE DATABASE r_resilience"
measure pg_restore "$pgbin/pg_restore" -d r_pgdump "$work/dump.fc"
measure resilience_restore java -cp "$jar" dev.resilience.benchmarks.PostgresHeadToHead restore-logical "$(url r_resilience)" postgres "$work/repo-logical"

measure pg_basebackup "$pgbin/pg_basebackup" -D "$work/basebackup" -Ft -X fetch -c fast
size[pg_basebackup]=$(bytes "$work/basebackup")
measure resilience_physical java -cp "$jar" dev.resilience.benchmarks.PostgresHeadToHead backup-physical "$(url postgres)" postgres "$work/repo-physical"
size[resilience_physical]=$(bytes "$work/repo-physical")

check='SELECT string_agg(t || '"'"'='"'"' || n, '"'"' '"'"' ORDER BY t) FROM (
  SELECT '"'"'accounts'"'"' t, count(*) n FROM pgbench_accounts UNION ALL SELECT '"'"'wide'"'"', count(*) FROM wide) x'
a="$(psql -d r_pgdump -At -c "$check")"; b="$(psql -d r_resilience -At -c "$check")"
[[ "$a" == "$b" ]] || { echo "restores differ: pg_restore $a, resilience $b" >&2; exit 1; }
sum='SELECT sum(hashtext(w::text)::bigint) FROM wide w'
[[ "$(psql -d r_pgdump -At -c "$sum")" == "$(psql -d r_resilience -At -c "$sum")" ]] || { echo "wide table checksums differ" >&2; exit 1; }

ratio() { python3 -c "print(f'{$1 / $2:.2f}' if $2 else 'n/a')"; }
printf '\nDatabase: %s MiB (pgbench scale %s + wide table); restores equal: %s\n\n' "$((dbsize >> 20))" "$scale" "$b"
printf '| operation | PostgreSQL tool | s | Resilience s | ratio | tool size MiB | Resilience size MiB | peak RSS MiB (tool / Resilience) |\n'
printf '|---|---|---|---|---|---|---|---|\n'
row() { # label tool res
  local t="$2" r="$3"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$1" "$t" "${secs[$t]}" "${secs[$r]}" "$(ratio "${secs[$r]}" "${secs[$t]}")" \
    "$(( ${size[$t]:-0} >> 20 ))" "$(( ${size[$r]:-0} >> 20 ))" "$(( ${rss[$t]} >> 10 ))" "$(( ${rss[$r]} >> 10 ))"
}
row "logical backup" pg_dump resilience_backup
row "logical restore" pg_restore resilience_restore
row "physical backup" pg_basebackup resilience_physical
