#!/usr/bin/env bash
# Multiplex build script. Verbs:
#   ./build.sh test    build in Release, run every test project, print "N passed, N failed[, N skipped]"
#   ./build.sh demo    run the console sample (against $REDIS_URL, or a throwaway local redis-server)
#   ./build.sh bench   run the load-test suite against a throwaway local redis-server
#   ./build.sh pack    make the NuGet packages (and their symbol packages) in artifacts/packages;
#                      extra arguments go to dotnet pack (e.g. -p:Version=1.2.3)
# Each verb installs only what it needs, when it is missing (Debian packages through apt-get, as root
# or with sudo; the garnet-server dotnet tool into .tools/, git-ignored):
#   test    redis-server, redis-sentinel, redis-tools, openssl and garnet-server
#   demo    redis-server, only when no server URL is given (first argument or $REDIS_URL)
#   bench   redis-server (unless --server is given), redis-tools for redis-cli (to form the suite's throwaway
#           cluster, unless --server or --no-cluster) and for redis-benchmark (unless --no-compare)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_DIR="$ROOT/.tools"
GARNET_VERSION="2.2.8"
RESULTS_DIR="$ROOT/artifacts/test-results"
# Every fixture works in a directory below this one (see test/Multiplex.Testing/Processes/FixtureDirectory.cs).
FIXTURE_ROOT="${TMPDIR:-/tmp}/multiplex-fixtures"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null || { echo "the .NET SDK (dotnet) is required: see global.json" >&2; exit 1; }
}

# Installs the Debian packages that provide missing commands. Arguments are command=package pairs,
# for example redis-benchmark=redis-tools; a package is installed once however many commands it provides.
ensure_commands() {
  local pair command package missing=()
  for pair in "$@"; do
    command="${pair%%=*}"
    package="${pair#*=}"
    command -v "$command" >/dev/null && continue
    case " ${missing[*]} " in *" $package "*) ;; *) missing+=("$package") ;; esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  # Keep the packages' own system services from starting: tests start their own servers on free ports.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    created_policy=1
  fi
  as_root apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  [ "$created_policy" = 1 ] && as_root rm -f "$policy"
  return 0
}

ensure_garnet() {
  if [ ! -x "$TOOLS_DIR/garnet-server" ]; then
    log "installing garnet-server $GARNET_VERSION into .tools/"
    dotnet tool install --tool-path "$TOOLS_DIR" garnet-server --version "$GARNET_VERSION" >/dev/null
  fi
  export MULTIPLEX_GARNET_SERVER="$TOOLS_DIR/garnet-server"
}

# Whether the argument list holds exactly the word $1 (the rest of the arguments are the list).
has_argument() {
  local wanted="$1" argument
  shift
  for argument in "$@"; do
    [ "$argument" = "$wanted" ] && return 0
  done
  return 1
}

# Stops any server a fixture left behind when its test host died without cleaning up (a killed test
# host cannot run its own clean-up). Fixture folders are named after the test host's process id
# (p<pid>); the servers of a test host that is still running are left alone.
cleanup_fixtures() {
  [ -d "$FIXTURE_ROOT" ] || return 0
  local host_dir host_pid pid cwd
  for host_dir in "$FIXTURE_ROOT"/*/; do
    [ -d "$host_dir" ] || continue
    host_pid="$(basename "$host_dir")"
    host_pid="${host_pid#p}"
    if [[ "$host_pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$host_pid" ]; then
      continue
    fi
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
      cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
      case "$cwd" in
        "${host_dir%/}"/*|"${host_dir%/}") kill -9 "$pid" 2>/dev/null || true ;;
      esac
    done
    rm -rf "$host_dir"
  done
  rmdir "$FIXTURE_ROOT" 2>/dev/null || true
}

# Sums the <Counters> of every TRX file: prints "passed failed skipped".
count_results() {
  local passed=0 failed=0 skipped=0 file counters value
  for file in "$RESULTS_DIR"/*.trx; do
    [ -e "$file" ] || continue
    counters="$(grep -o '<Counters [^>]*>' "$file" | head -n 1)"
    value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    local total file_passed file_failed
    total=$(value total)
    file_passed=$(value passed)
    file_failed=$(( $(value failed) + $(value error) + $(value timeout) + $(value aborted) ))
    passed=$((passed + file_passed))
    failed=$((failed + file_failed))
    # Ignored and inconclusive tests are in the total but neither passed nor failed.
    skipped=$((skipped + total - file_passed - file_failed))
  done
  echo "$passed $failed $skipped"
}

# Names every failed test and the start of its message (the end of a CI log is often all anyone sees).
report_failures() {
  local file
  for file in "$RESULTS_DIR"/*.trx; do
    [ -e "$file" ] || continue
    perl -0777 -ne '
      while (/<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="(?:Failed|Error|Timeout|Aborted)"[^>]*>(.*?)<\/UnitTestResult>/gs) {
        my ($name, $body) = ($1, $2);
        my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
        $message = defined $message ? $message : "(no message)";
        $message =~ s/\s+/ /g;
        $message = substr($message, 0, 500);
        for ($name, $message) { s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/\x27/g; s/&amp;/&/g; }
        print "FAILED $name: $message\n";
      }' "$file"
  done
}

verb_test() {
  ensure_dotnet
  # The fixtures start redis-server, redis-sentinel and garnet-server; TLS tests make certificates with openssl.
  ensure_commands redis-server=redis-server redis-sentinel=redis-sentinel redis-cli=redis-tools openssl=openssl
  ensure_garnet
  cleanup_fixtures
  log "building (Release)"
  dotnet build "$ROOT/Multiplex.sln" -c Release -nologo -clp:NoSummary -v:q
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  local status=0 project name projects=()
  for project in "$ROOT"/test/*/; do
    name="$(basename "$project")"
    grep -q '<IsTestProject>true</IsTestProject>' "$project/$name.csproj" 2>/dev/null && projects+=("$name")
  done
  for name in "${projects[@]}"; do
    log "running $name"
    dotnet test "$ROOT/test/$name/$name.csproj" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$RESULTS_DIR" --blame-hang-timeout 5m || status=1
    [ -e "$RESULTS_DIR/$name.trx" ] || { log "$name produced no results"; status=1; }
  done
  cleanup_fixtures
  local passed failed skipped
  read -r passed failed skipped < <(count_results)
  [ "$failed" -eq 0 ] || report_failures
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ] || status=1
  [ $((passed + failed)) -gt 0 ] || { log "no test ran"; status=1; }
  return $status
}

verb_demo() {
  ensure_dotnet
  # The sample connects to its first argument, else $REDIS_URL, else a throwaway redis-server it starts.
  local url="${REDIS_URL:-}"
  if [ $# -gt 0 ]; then url="$1"; fi
  if [ -z "${url//[[:space:]]/}" ]; then ensure_commands redis-server=redis-server; fi
  dotnet run --project "$ROOT/samples/Multiplex.Samples.Console" -c Release -- "$@"
}

verb_bench() {
  ensure_dotnet
  # The load test starts a throwaway redis-server unless --server names one, and a throwaway cluster
  # (formed with redis-cli) for its cluster run unless --server or --no-cluster; it compares with
  # redis-benchmark unless --no-compare; it never uses garnet-server.
  local needed=()
  if ! has_argument --server "$@"; then needed+=(redis-server=redis-server); fi
  if ! has_argument --server "$@" && ! has_argument --no-cluster "$@"; then needed+=(redis-cli=redis-tools); fi
  if ! has_argument --no-compare "$@"; then needed+=(redis-benchmark=redis-tools); fi
  ensure_commands "${needed[@]}"
  dotnet run --project "$ROOT/perf/Multiplex.LoadTest" -c Release -- "$@"
}

verb_pack() {
  ensure_dotnet
  local output="$ROOT/artifacts/packages" project
  mkdir -p "$output"
  for project in Multiplex Multiplex.Extensions.DependencyInjection; do
    dotnet pack "$ROOT/src/$project/$project.csproj" -c Release -o "$output" "$@"
  done
  log "packages in $output:"
  ls -1 "$output" >&2
}

case "${1:-}" in
  test) shift; verb_test "$@" ;;
  demo) shift; verb_demo "$@" ;;
  bench) shift; verb_bench "$@" ;;
  pack) shift; verb_pack "$@" ;;
  *) echo "usage: ./build.sh test|demo|bench|pack [arguments]" >&2; exit 2 ;;
esac
