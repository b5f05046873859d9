# Health and metrics through the Service: $ENGRAM_URL, curl and POSIX sh only.
set -eu
for path in /q/health/started /q/health/live /q/health/ready; do
  echo "GET $path"
  curl -fsS --max-time 10 --retry 5 --retry-delay 2 --retry-all-errors "$ENGRAM_URL$path" >/dev/null
done
echo "GET /q/metrics"
curl -fsS --max-time 10 "$ENGRAM_URL/q/metrics" | grep '^jvm_memory_used_bytes' >/dev/null
echo "health ok"
