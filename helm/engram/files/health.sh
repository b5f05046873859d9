# Health and metrics through the Service: $ENGRAM_URL, curl and POSIX sh only, no credentials (/q/health is open).
set -eu
for path in /q/health/started /q/health/live /q/health/ready; do
  echo "GET $path"
  curl -fsS --max-time 10 --retry 5 --retry-delay 2 --retry-all-errors "$ENGRAM_URL$path" >/dev/null
done
echo "GET /q/metrics"
status=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$ENGRAM_URL/q/metrics")
case "$status" in
  200) curl -fsS --max-time 10 "$ENGRAM_URL/q/metrics" | grep '^jvm_memory_used_bytes' >/dev/null ;;
  401|403) echo "metrics need the operator key (engram.auth.protect-metrics): not checked" ;;
  *) echo "metrics answered $status"; exit 1 ;;
esac
echo "health ok"
