#!/usr/bin/env bash
# Regenerates the test-only PKI in this directory (see README.md).
#
# Requires only the `openssl` CLI (written for OpenSSL 3.0 on Debian 12).
# All signing goes through `openssl ca`, because in OpenSSL 3.0 neither
# `openssl req -x509` nor `openssl x509 -req` accepts explicit validity dates;
# fixed dates keep the fixtures' validity independent of when this runs.
#
# The outputs are committed; tests never run this script. Keys are random, so
# every run produces new keys, certificates and serial numbers.
set -euo pipefail

cd "$(dirname "$0")"

# Validity windows (YYYYMMDDHHMMSSZ; OpenSSL stores dates before 2050 as UTCTime).
CA_START=20190101000000Z      # CAs: valid before the expired leaves' window too
CA_END=21260101000000Z
LEAF_START=20250101000000Z    # ordinary leaves
LEAF_END=21250101000000Z
ROTATED_START=20250601000000Z # rotated kubelet certificate: issued later
ROTATED_END=21250601000000Z
EXPIRED_START=20200101000000Z # expired leaves: entirely in the past
EXPIRED_END=20200102000000Z

TMP="$(mktemp -d)"
trap 'rm -rf -- "$TMP"' EXIT

# Start from a clean slate so stale outputs cannot survive a run.
rm -f -- ./*.pem ./*.key

# Minimal `openssl ca` configuration: temporary database, random serials,
# no DN policy enforcement (with -preserveDN the subject is kept as given),
# same subject may be issued more than once (certificate rotation).
cat >"$TMP/ca.cnf" <<EOF
[ req ]
distinguished_name = req_dn

[ req_dn ]

[ ca ]
default_ca = test_ca

[ test_ca ]
dir              = $TMP
database         = $TMP/index.txt
new_certs_dir    = $TMP/newcerts
rand_serial      = yes
unique_subject   = no
default_md       = sha256
policy           = policy_any
email_in_dn      = no
copy_extensions  = none

[ policy_any ]
commonName       = optional
organizationName = optional

[ ext_root_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ ext_intermediate_ca ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_server ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
subjectAltName         = DNS:localhost, IP:127.0.0.1, IP:::1

[ ext_server_wronghost ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
subjectAltName         = DNS:api.example.invalid

[ ext_client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF
mkdir "$TMP/newcerts"
: >"$TMP/index.txt"

NODE_SUBJ="/O=system:nodes/CN=system:node:pi4"

# quiet CMD...: run CMD, showing its stderr only if it fails.
quiet() {
    if ! "$@" 2>"$TMP/stderr.log"; then
        cat "$TMP/stderr.log" >&2
        echo "generate.sh: command failed: $*" >&2
        exit 1
    fi
}

# ec_key NAME: EC P-256 private key in SEC1 form ("BEGIN EC PRIVATE KEY").
ec_key() {
    openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"
}

# rsa_key NAME: RSA 2048 private key in PKCS#1 form ("BEGIN RSA PRIVATE KEY").
rsa_key() {
    quiet openssl genrsa -traditional -out "$1.key" 2048
}

# sign NAME SUBJECT ISSUER EXTENSIONS START END
# Issues NAME.pem for NAME.key, signed by ISSUER.pem/ISSUER.key
# (ISSUER "self" makes a self-signed certificate).
sign() {
    local name=$1 subj=$2 issuer=$3 ext=$4 start=$5 end=$6
    openssl req -new -config "$TMP/ca.cnf" -key "$name.key" -subj "$subj" -out "$TMP/$name.csr"
    local signer=(-cert "$issuer.pem" -keyfile "$issuer.key")
    if [[ $issuer == self ]]; then
        signer=(-selfsign -keyfile "$name.key")
    fi
    quiet openssl ca -batch -config "$TMP/ca.cnf" -notext -preserveDN \
        "${signer[@]}" -extensions "$ext" \
        -startdate "$start" -enddate "$end" \
        -in "$TMP/$name.csr" -out "$name.pem"
}

# --- Certificate authorities -------------------------------------------------
ec_key ca
sign ca "/CN=archlabeld-test-ca" self ext_root_ca "$CA_START" "$CA_END"

ec_key other-ca
sign other-ca "/CN=archlabeld-other-ca" self ext_root_ca "$CA_START" "$CA_END"

ec_key client-intermediate
sign client-intermediate "/CN=archlabeld-test-client-ca" ca ext_intermediate_ca "$CA_START" "$CA_END"

# --- API server certificates ---------------------------------------------------
ec_key server
sign server "/CN=kube-apiserver" ca ext_server "$LEAF_START" "$LEAF_END"

ec_key server-wronghost
sign server-wronghost "/CN=kube-apiserver" ca ext_server_wronghost "$LEAF_START" "$LEAF_END"

ec_key server-expired
sign server-expired "/CN=kube-apiserver" ca ext_server "$EXPIRED_START" "$EXPIRED_END"

ec_key server-other-ca
sign server-other-ca "/CN=kube-apiserver" other-ca ext_server "$LEAF_START" "$LEAF_END"

# --- Client certificates for node pi4 ----------------------------------------------
ec_key node-pi4-ec
openssl pkey -in node-pi4-ec.key -out node-pi4-ec-pkcs8.key
sign node-pi4-ec "$NODE_SUBJ" ca ext_client "$LEAF_START" "$LEAF_END"

rsa_key node-pi4-rsa
openssl pkey -in node-pi4-rsa.key -out node-pi4-rsa-pkcs8.key
sign node-pi4-rsa "$NODE_SUBJ" ca ext_client "$LEAF_START" "$LEAF_END"

ec_key node-pi4-rotated
sign node-pi4-rotated "$NODE_SUBJ" ca ext_client "$ROTATED_START" "$ROTATED_END"

ec_key node-pi4-expired
sign node-pi4-expired "$NODE_SUBJ" ca ext_client "$EXPIRED_START" "$EXPIRED_END"

ec_key node-pi4-chain
sign node-pi4-chain "$NODE_SUBJ" client-intermediate ext_client "$LEAF_START" "$LEAF_END"
cat client-intermediate.pem >>node-pi4-chain.pem   # leaf first, then intermediate

ec_key node-pi4-other-ca
sign node-pi4-other-ca "$NODE_SUBJ" other-ca ext_client "$LEAF_START" "$LEAF_END"

# --- Other client identities -----------------------------------------------------
ec_key node-other
sign node-other "/O=system:nodes/CN=system:node:other" ca ext_client "$LEAF_START" "$LEAF_END"

ec_key admin
sign admin "/O=system:masters/CN=admin" ca ext_client "$LEAF_START" "$LEAF_END"

# Match what a git checkout produces (test-only keys, no secrecy needed).
chmod 644 ./*.key

echo "Generated test PKI in $(pwd)"
