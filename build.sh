#!/usr/bin/env bash
# Multiplex build script. Verbs:
#   ./build.sh test    build in Release, run every test project, print "N passed, N failed[, N skipped]"
#   ./build.sh demo    run the console sample (against $REDIS_URL, or a throwaway local redis-server)
#   ./build.sh bench   run the load-test suite against a throwaway local redis-server
#   ./build.sh image   build the redis image the container fixtures use (docker.io installed and dockerd
#                      started when missing) and print its name
#   ./build.sh pack    make the NuGet packages (and their symbol packages) in artifacts/packages;
#                      extra arguments go to dotnet pack (e.g. -p:Version=1.2.3)
# Each verb installs only what it needs, when it is missing (Debian packages through apt-get, as root
# or with sudo; the garnet-server dotnet tool into .tools/, git-ignored):
#   test    redis-server, redis-sentinel, redis-tools, openssl and garnet-server; docker.io too, and it
#           starts dockerd and builds the redis image for the container fixtures (see ensure_containers)
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
# The container fixtures (test/Multiplex.Testing/Containers): the standalone servers run in a container
# when a Docker engine works. No image registry is reachable, so the image is built here from the
# installed Debian redis packages; MULTIPLEX_REDIS_IMAGE names another image, MULTIPLEX_CONTAINERS=0
# keeps every fixture a local process.
REDIS_IMAGE_REPOSITORY="multiplex-redis"
# Part of the image tag: raise it when build_redis_image changes, so images of the old recipe are rebuilt.
REDIS_IMAGE_RECIPE=1
# Every fixture container carries this label, its value the test host's process id (test/Multiplex.Testing/Containers/ContainerSettings.cs).
FIXTURE_LABEL="multiplex.fixture"
# How long a dockerd started here gets to answer (about 1 s on the 2-core machines).
DOCKERD_START_SECONDS=30
DOCKERD_LOG="${TMPDIR:-/tmp}/multiplex-dockerd.log"
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
  local status=0
  { as_root apt-get update -q >/dev/null &&
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } || status=$?
  [ "$created_policy" = 1 ] && as_root rm -f "$policy"
  return $status
}

ensure_garnet() {
  if [ ! -x "$TOOLS_DIR/garnet-server" ]; then
    log "installing garnet-server $GARNET_VERSION into .tools/"
    dotnet tool install --tool-path "$TOOLS_DIR" garnet-server --version "$GARNET_VERSION" >/dev/null
  fi
  export MULTIPLEX_GARNET_SERVER="$TOOLS_DIR/garnet-server"
}

docker_answers() { docker info >/dev/null 2>&1; }

# Whether a process named $1 runs (read from /proc: procps may be missing on a fresh machine).
process_running() {
  local comm
  for comm in /proc/[0-9]*/comm; do
    [ "$(cat "$comm" 2>/dev/null)" = "$1" ] && return 0
  done
  return 1
}

# Makes a Docker engine answer: installs docker.io when dockerd is missing, starts dockerd when nothing
# answers and waits for it. Returns non-zero, having said why, when that cannot be done.
ensure_docker() {
  if command -v docker >/dev/null && docker_answers; then
    return 0
  fi
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
    log "containers: DOCKER_HOST=$DOCKER_HOST does not answer"
    return 1
  fi
  if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
    if ! ensure_commands dockerd=docker.io docker=docker.io; then
      log "containers: could not install docker.io"
      return 1
    fi
  fi
  # A dockerd already running (started by someone else) may still be starting: wait for it, never restart it.
  if ! process_running dockerd; then
    log "containers: starting dockerd (log: $DOCKERD_LOG)"
    # Without the userland proxy, published ports are forwarded by the kernel (NAT): a round trip to a
    # container costs what one to a local process does, where docker-proxy tripled it (redis-benchmark
    # PING, one connection: p50 0.08 ms through docker-proxy, 0.03 ms either way without it).
    as_root sh -c 'setsid nohup dockerd --userland-proxy=false >>"$1" 2>&1 </dev/null &' sh "$DOCKERD_LOG"
  fi
  local waited=0
  until docker_answers; do
    # A dockerd that exited (after a moment for it to exec and name itself) will not answer either.
    if [ "$waited" -ge "$DOCKERD_START_SECONDS" ] || { [ "$waited" -ge 2 ] && ! process_running dockerd; }; then
      log "containers: dockerd did not answer (waited ${waited} s); the end of its log:"
      tail -n 15 "$DOCKERD_LOG" >&2 2>/dev/null || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  return 0
}

# The tag of the image built from the installed redis-server: its version and build id, so a new Debian
# package gets a new image, and the recipe number.
redis_image_tag() {
  local banner version build
  banner="$(redis-server --version)"
  version="$(printf '%s' "$banner" | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
  build="$(printf '%s' "$banner" | sed -n 's/.* build=\([^ ]*\).*/\1/p')"
  printf '%s-%s-r%s\n' "${version:-unknown}" "${build:0:12}" "$REDIS_IMAGE_RECIPE"
}

# Builds image $1 with no registry: a root filesystem holding the installed redis-server and redis-cli,
# every library ldd lists for them (the dynamic loader included) and a config, imported as one layer.
build_redis_image() {
  local image="$1" rootfs binary path library status=0
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs/usr/bin" "$rootfs/etc/redis" "$rootfs/data" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  for binary in redis-server redis-cli; do
    path="$(command -v "$binary")"
    # Debian's redis-server is a link to redis-check-rdb, which picks its role by the name it runs under.
    cp -L "$path" "$rootfs/usr/bin/$binary"
    for library in $(ldd "$path" | grep -o '/[^ ]*'); do
      mkdir -p "$rootfs$(dirname "$library")"
      cp -L "$library" "$rootfs$library"
    done
  done
  # Inside the container the server listens on every interface with protected mode off: the published
  # port arrives through the bridge, never from the container's loopback. Fixtures publish it on
  # 127.0.0.1 only. Arguments given to the container are appended to this config.
  cat >"$rootfs/etc/redis/redis.conf" <<'CONF'
bind 0.0.0.0
protected-mode no
save ""
appendonly no
CONF
  tar -C "$rootfs" -c . | docker import \
    --change 'ENTRYPOINT ["/usr/bin/redis-server", "/etc/redis/redis.conf"]' \
    --change 'CMD []' \
    --change 'WORKDIR /data' \
    --change 'ENV PATH=/usr/bin' \
    --change 'EXPOSE 6379' \
    - "$image" >/dev/null || status=$?
  rm -rf "$rootfs"
  return $status
}

# Prints the name of the redis image for the container fixtures, building it when missing; older
# images of the same repository are removed.
ensure_redis_image() {
  local image old
  image="$REDIS_IMAGE_REPOSITORY:$(redis_image_tag)"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    log "containers: building $image from the installed redis-server"
    build_redis_image "$image" || { log "containers: could not build $image"; return 1; }
  fi
  # The fixtures' default image name, for test runs that do not go through this script.
  docker tag "$image" "$REDIS_IMAGE_REPOSITORY:latest" >/dev/null || return 1
  for old in $(docker images "$REDIS_IMAGE_REPOSITORY" --format '{{.Repository}}:{{.Tag}}'); do
    case "$old" in "$image"|"$REDIS_IMAGE_REPOSITORY:latest") ;; *) docker rmi "$old" >/dev/null 2>&1 || true ;; esac
  done
  printf '%s\n' "$image"
}

# Whether a container from image $1 runs and answers PING through a port published on 127.0.0.1, as
# the fixtures' containers do; says why not otherwise.
containers_work() {
  local image="$1" id port reply="" tries=0
  if ! id="$(docker run --detach --label "$FIXTURE_LABEL=$$" --publish 127.0.0.1::6379 "$image" 2>&1)"; then
    log "containers: could not start a container from $image: $id"
    return 1
  fi
  port="$(docker port "$id" 6379/tcp 2>/dev/null | head -n 1)"
  port="${port##*:}"
  # Up to 5 s: the server is ready in well under a second.
  while [ "$tries" -lt 50 ] && [ -n "$port" ]; do
    reply="$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)"
    [ "$reply" = PONG ] && break
    sleep 0.1
    tries=$((tries + 1))
  done
  docker rm --force "$id" >/dev/null 2>&1 || true
  if [ "$reply" != PONG ]; then
    log "containers: a container from $image did not answer PING on 127.0.0.1:${port:-(no port)}"
    return 1
  fi
}

# Decides whether this run's standalone fixtures run on containers and exports the fixtures' settings
# (MULTIPLEX_CONTAINERS=1: the fixtures fail rather than fall back; MULTIPLEX_REDIS_IMAGE: the image).
# Any failure (docker.io not installable, dockerd not starting, no image, a container that does not
# answer) is logged and the fixtures fall back to processes, so the tests pass either way, unless
# MULTIPLEX_CONTAINERS=1 was asked for.
ensure_containers() {
  export TESTCONTAINERS_RYUK_DISABLED=true
  if [ "${MULTIPLEX_CONTAINERS:-1}" = 0 ]; then
    log "containers: off (MULTIPLEX_CONTAINERS=0); the fixtures run as processes"
    return 0
  fi
  local image
  if ensure_docker &&
    image="$(if [ -n "${MULTIPLEX_REDIS_IMAGE:-}" ]; then printf '%s' "$MULTIPLEX_REDIS_IMAGE"; else ensure_redis_image; fi)" &&
    containers_work "$image"; then
    export MULTIPLEX_CONTAINERS=1 MULTIPLEX_REDIS_IMAGE="$image"
    log "containers: the standalone fixtures run on Testcontainers with $image"
  elif [ "${MULTIPLEX_CONTAINERS:-}" = 1 ]; then
    log "containers: Docker is not usable here, and MULTIPLEX_CONTAINERS=1 requires it: the standalone fixtures will fail"
  else
    export MULTIPLEX_CONTAINERS=0
    log "containers: Docker is not usable here; the fixtures run as processes"
  fi
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
  cleanup_containers
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

# Removes the fixture containers of test hosts that no longer run (the label's value is the host's
# process id); the containers of a test host that is still running are left alone.
cleanup_containers() {
  command -v docker >/dev/null && docker_answers || return 0
  local id host_pid
  while read -r id host_pid; do
    [ -n "$id" ] || continue
    if [[ "$host_pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$host_pid" ]; then
      continue
    fi
    docker rm --force --volumes "$id" >/dev/null 2>&1 || log "could not remove container $id"
  done < <(docker ps --all --filter "label=$FIXTURE_LABEL" --format "{{.ID}} {{.Label \"$FIXTURE_LABEL\"}}")
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

# Counts the test results whose output carries the container fixtures' marker (ContainerUseAttribute.cs
# in test/Multiplex.Testing): prints "passed failed". Ignored tests did not run and are not counted.
count_container_results() {
  local file
  for file in "$RESULTS_DIR"/*.trx; do
    [ -e "$file" ] || continue
    # A result is either <UnitTestResult .../> (no output) or <UnitTestResult ...>...</UnitTestResult>.
    perl -0777 -ne '
      while (/<UnitTestResult\b([^>]*?)(?:\/>|>(.*?)<\/UnitTestResult>)/gs) {
        my ($attributes, $body) = ($1, $2 // "");
        next unless $body =~ /\[ran on Testcontainers\]/;
        my ($outcome) = $attributes =~ /outcome="(\w+)"/;
        $outcome //= "";
        print "passed\n" if $outcome eq "Passed";
        print "failed\n" if $outcome =~ /^(?:Failed|Error|Timeout|Aborted)$/;
      }' "$file"
  done | awk '$1 == "passed" { passed++ } $1 == "failed" { failed++ } END { printf "%d %d\n", passed, failed }'
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
  # The standalone fixtures run on Testcontainers when Docker works here, as processes otherwise.
  ensure_containers
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
  local passed_on_containers failed_on_containers
  read -r passed_on_containers failed_on_containers < <(count_container_results)
  # Worded unlike the closing line below, which CI reads.
  echo "$((passed_on_containers + failed_on_containers)) tests ran on Testcontainers; $failed_on_containers of them failed"
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

verb_image() {
  ensure_commands redis-server=redis-server redis-cli=redis-tools
  ensure_docker || exit 1
  ensure_redis_image
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
  image) shift; verb_image "$@" ;;
  pack) shift; verb_pack "$@" ;;
  *) echo "usage: ./build.sh test|demo|bench|image|pack [arguments]" >&2; exit 2 ;;
esac
