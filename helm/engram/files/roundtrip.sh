# Store -> search -> delete round trip against $ENGRAM_URL with curl and POSIX sh only (no jq).
set -eu
marker="helm-test-$(date +%s)-$$"
content="Engram helm test memory $marker: the deployment stores, finds and deletes memories."
echo "POST /v1/memories"
created=$(curl -fsS --max-time 30 --retry 5 --retry-delay 2 --retry-all-errors -X POST "$ENGRAM_URL/v1/memories" \
  -H 'Content-Type: application/json' \
  -d "{\"content\":\"$content\",\"type\":\"episodic\",\"keywords\":[\"$marker\"]}")
id=$(printf '%s' "$created" | sed -n 's/^{"id":"\([0-9a-f-]*\)".*/\1/p')
[ -n "$id" ] || { echo "no id in: $created"; exit 1; }
echo "stored $id"
echo "POST /v1/memories/search"
found=$(curl -fsS --max-time 30 -X POST "$ENGRAM_URL/v1/memories/search" \
  -H 'Content-Type: application/json' \
  -d "{\"query\":\"Engram helm test memory $marker\",\"limit\":5}")
case "$found" in
  *"\"id\":\"$id\""*) echo "found $id" ;;
  *) echo "memory $id not found by search: $found"; curl -fsS -X DELETE "$ENGRAM_URL/v1/memories/$id" || true; exit 1 ;;
esac
echo "DELETE /v1/memories/$id"
status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -X DELETE "$ENGRAM_URL/v1/memories/$id")
[ "$status" = "204" ] || { echo "delete answered $status"; exit 1; }
status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$ENGRAM_URL/v1/memories/$id")
[ "$status" = "404" ] || { echo "deleted memory answered $status, expected 404"; exit 1; }
echo "round trip ok"
