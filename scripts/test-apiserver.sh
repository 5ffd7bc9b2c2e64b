# Sourced by the benchmark, profiling and package-test scripts: starts the test API server
# (Tests/TestAPIServerTool) with the test PKI and writes a kubeconfig for node pi4's client
# certificate. Needs: cd to the repository root, $work (a scratch directory).

# find_test_apiserver: prints $ARCHLABELD_TEST_APISERVER when set (and fails loudly when that is
# not an executable), else the test API server built by `swift build` (debug, else release);
# fails when there is none.
find_test_apiserver() {
  local candidate
  if [ -n "${ARCHLABELD_TEST_APISERVER:-}" ]; then
    [ -x "$ARCHLABELD_TEST_APISERVER" ] && echo "$ARCHLABELD_TEST_APISERVER" && return 0
    echo "ARCHLABELD_TEST_APISERVER=$ARCHLABELD_TEST_APISERVER is not an executable" >&2
    return 2
  fi
  for candidate in .build/debug/archlabeld-test-apiserver .build/release/archlabeld-test-apiserver; do
    [ -x "$candidate" ] && echo "$candidate" && return 0
  done
  return 1
}

# start_test_apiserver [EXTRA ARGS…]: sets $url and $server_pid. Runs $TEST_APISERVER when set,
# else a release build made here; from a copy in $work, so that a build meanwhile cannot swap it.
start_test_apiserver() {
  local pki=Tests/Fixtures/pki binary=${TEST_APISERVER:-}
  if [ -z "$binary" ]; then
    swift build -c release --product archlabeld-test-apiserver >&2
    binary=.build/release/archlabeld-test-apiserver
  fi
  cp "$binary" "$work/apiserver"
  "$work/apiserver" --tls-cert $pki/server.pem --tls-key $pki/server.key \
    --client-ca $pki/ca.pem --node pi4 "$@" >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 100); do grep -q '^READY ' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^READY //p' "$work/server.out")
  [ -n "$url" ] || { cat "$work/server.err" >&2; echo "the test API server did not start" >&2; return 1; }
}

# node_object NAME: the Node's JSON from the server at $url, read with the admin certificate
# (curl, independent of archlabeld).
node_object() {
  local pki=Tests/Fixtures/pki
  curl -sf --cacert $pki/ca.pem --cert $pki/admin.pem --key $pki/admin.key "$url/api/v1/nodes/$1"
}

# write_kubeconfig FILE: node pi4's credentials for $url, embedded.
write_kubeconfig() {
  local pki=Tests/Fixtures/pki
  cat >"$1" <<YAML
clusters: [{name: c, cluster: {server: "$url", certificate-authority-data: $(base64 -w0 $pki/ca.pem)}}]
users: [{name: u, user: {client-certificate-data: $(base64 -w0 $pki/node-pi4-ec.pem), client-key-data: $(base64 -w0 $pki/node-pi4-ec.key)}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
YAML
}
