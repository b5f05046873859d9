# Round trip against $ENGRAM_URL with curl and POSIX sh only (no jq). With the operator key ($ENGRAM_AUTH_ADMIN_KEY)
# it creates a throw-away tenant and an API key (read, write); with that key it stores a memory, finds it by search,
# deletes it and checks that it is gone; then it revokes the key (and checks that it no longer works) and deactivates
# the tenant. On failure it still revokes the key and deactivates the tenant. Keys are never printed.
set -eu
: "${ENGRAM_AUTH_ADMIN_KEY:?ENGRAM_AUTH_ADMIN_KEY (the operator key) is not set}"
suffix=$(od -An -N6 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n' || true)
[ -n "$suffix" ] || suffix="$(date +%s)-$$"
tenant="helm-test-$suffix"
tenant_created=""
key_id=""
key=""

# operator METHOD PATH: a call with the operator key; prints only the HTTP status (000: no answer).
operator() {
  curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -X "$1" "$ENGRAM_URL$2" \
    -H "Authorization: Bearer $ENGRAM_AUTH_ADMIN_KEY" || true
}

cleanup() {
  if [ -n "$key_id" ]; then
    echo "DELETE /v1/admin/tenants/$tenant/keys/$key_id (cleanup): $(operator DELETE "/v1/admin/tenants/$tenant/keys/$key_id")"
  fi
  if [ -n "$tenant_created" ]; then
    echo "DELETE /v1/admin/tenants/$tenant (cleanup): $(operator DELETE "/v1/admin/tenants/$tenant")"
  fi
}
trap cleanup EXIT

echo "POST /v1/admin/tenants ($tenant)"
curl -fsS --max-time 30 --retry 5 --retry-delay 2 --retry-all-errors -o /dev/null -X POST "$ENGRAM_URL/v1/admin/tenants" \
  -H "Authorization: Bearer $ENGRAM_AUTH_ADMIN_KEY" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$tenant\",\"name\":\"helm test (throw-away)\"}"
tenant_created=yes

echo "POST /v1/admin/tenants/$tenant/keys"
created=$(curl -fsS --max-time 30 -X POST "$ENGRAM_URL/v1/admin/tenants/$tenant/keys" \
  -H "Authorization: Bearer $ENGRAM_AUTH_ADMIN_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"helm test","scopes":["read","write"]}')
key_id=$(printf '%s' "$created" | sed -n 's/.*[{,]"id":"\([0-9a-f-]*\)".*/\1/p')
key=$(printf '%s' "$created" | sed -n 's/.*[{,]"key":"\(egm_[A-Za-z0-9_-]*\)".*/\1/p')
[ -n "$key_id" ] && [ -n "$key" ] || { echo "no key id or key in the answer"; exit 1; }
echo "created key $key_id"

content="Engram helm test memory $tenant: the deployment stores, finds and deletes memories."
echo "POST /v1/memories"
created=$(curl -fsS --max-time 30 -X POST "$ENGRAM_URL/v1/memories" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d "{\"content\":\"$content\",\"type\":\"episodic\",\"keywords\":[\"$tenant\"]}")
id=$(printf '%s' "$created" | sed -n 's/^{"id":"\([0-9a-f-]*\)".*/\1/p')
[ -n "$id" ] || { echo "no id in: $created"; exit 1; }
echo "stored $id"

echo "POST /v1/memories/search"
found=$(curl -fsS --max-time 30 -X POST "$ENGRAM_URL/v1/memories/search" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d "{\"query\":\"Engram helm test memory $tenant\",\"limit\":5}")
case "$found" in
  *"\"id\":\"$id\""*) echo "found $id" ;;
  *) echo "memory $id not found by search: $found"; exit 1 ;;
esac

echo "POST /mcp (tools/call search_memories)"
found=$(curl -fsS --max-time 30 -X POST "$ENGRAM_URL/mcp" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"search_memories\",\"arguments\":{\"query\":\"Engram helm test memory $tenant\",\"limit\":5}}}")
case "$found" in
  *"\\\"id\\\":\\\"$id\\\""*) echo "found $id over MCP" ;;
  *) echo "memory $id not found by the MCP tool: $found"; exit 1 ;;
esac

echo "DELETE /v1/memories/$id"
status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -X DELETE "$ENGRAM_URL/v1/memories/$id" \
  -H "Authorization: Bearer $key")
[ "$status" = "204" ] || { echo "delete answered $status"; exit 1; }
status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$ENGRAM_URL/v1/memories/$id" \
  -H "Authorization: Bearer $key")
[ "$status" = "404" ] || { echo "deleted memory answered $status, expected 404"; exit 1; }

echo "DELETE /v1/admin/tenants/$tenant/keys/$key_id"
status=$(operator DELETE "/v1/admin/tenants/$tenant/keys/$key_id")
[ "$status" = "204" ] || { echo "revoking the key answered $status"; exit 1; }
revoked=$key_id
key_id=""
status=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$ENGRAM_URL/v1/memories/$id" \
  -H "Authorization: Bearer $key")
[ "$status" = "401" ] || { echo "revoked key $revoked answered $status, expected 401"; exit 1; }
echo "revoked key $revoked"

echo "DELETE /v1/admin/tenants/$tenant"
status=$(operator DELETE "/v1/admin/tenants/$tenant")
[ "$status" = "204" ] || { echo "deactivating the tenant answered $status"; exit 1; }
tenant_created=""
echo "deactivated tenant $tenant"
echo "round trip ok"
