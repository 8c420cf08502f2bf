#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/seeds/<target>/ from the repository's vectors/ and
test keys. Deterministic: the same inputs give the same files (named by SHA-1 of the
content, as libFuzzer names corpus entries). Run from anywhere: python3 fuzz/make_seeds.py
"""
import base64
import glob
import hashlib
import json
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")
TOKEN = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")

seeds = {t: set() for t in [
    "base64url", "untrusted_token", "header", "claims", "verify_never_forges",
    "jwk", "pem", "bearer_credentials",
]}


def b64u_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def walk(obj, found):
    if isinstance(obj, dict):
        if "kty" in obj:
            found["jwk"].append(obj)
        if isinstance(obj.get("keys"), list):
            found["jwks"].append(obj)
        for v in obj.values():
            walk(v, found)
    elif isinstance(obj, list):
        for v in obj:
            walk(v, found)
    elif isinstance(obj, str):
        if TOKEN.match(obj):
            found["tokens"].append(obj)
        if "-----BEGIN" in obj:
            found["pem"].append(obj)


found = {"jwk": [], "jwks": [], "tokens": [], "pem": []}
for path in sorted(glob.glob(os.path.join(ROOT, "vectors", "**", "*.json"), recursive=True)):
    with open(path, encoding="utf-8") as f:
        walk(json.load(f), found)

for tok in found["tokens"]:
    raw = tok.encode()
    seeds["untrusted_token"].add(raw)
    seeds["verify_never_forges"].add(raw)
    for seg in tok.split("."):
        seeds["base64url"].add(seg.encode())
    h, p, _ = tok.split(".")
    try:
        seeds["header"].add(b64u_decode(h))
        payload = b64u_decode(p)
        if payload.lstrip().startswith(b"{"):
            seeds["claims"].add(payload)
    except ValueError:
        pass  # Wycheproof's invalid encodings: kept as tokens and segments only.
for jwk in found["jwk"]:
    seeds["jwk"].add(json.dumps(jwk, separators=(",", ":")).encode())
for jwks in found["jwks"]:
    seeds["jwk"].add(json.dumps(jwks, separators=(",", ":")).encode())
# PEM strings from the vectors: keep a few per distinct label and key type.
for pem in sorted(set(found["pem"]))[:400:8]:
    seeds["pem"].add(pem.encode())
for path in sorted(glob.glob(os.path.join(ROOT, "tests", "keys", "*"))):
    if path.endswith((".pem", ".der")):
        with open(path, "rb") as f:
            seeds["pem"].add(f.read())
for path in sorted(glob.glob(os.path.join(ROOT, "fuzz", "keys", "*.json"))):
    with open(path, "rb") as f:
        seeds["jwk"].add(f.read().strip())
# A few hand-picked edge cases.
seeds["base64url"].update([b"", b"A", b"AA", b"AAA", b"AB", b"_-", b"AA==", b"A+/"])
seeds["claims"].update([
    b"{}", b'{"exp":1e400}', b'{"exp":1.5,"aud":["a","b"]}',
    b'{"sub":"user-42","name":"Ada Lovelace","role":"admin","iss":"https://issuer.example",'
    b'"aud":"api://bench","iat":1893455990,"nbf":1893455990,"exp":4102444800,'
    b'"jti":"Xb3f9QkLm2Zt7RwPq1Ns0A"}',
    b'{"iss":"iss-a","sub":"sub-a","aud":["x","aud-a"],"iat":1893455000,"exp":1893459999,'
    b'"jti":"j","nbf":1893456000}',
    b'{"exp":4102444800,"name":"caf\\u00e9 \\ud83d\\ude00","roles":["a","b"],"admin":true,"n":-1}',
    b'{"exp":4102444800,"x":{"y":[1,2.5e3,null,{"z":false}]},"e\\u0078p":1}',
])
seeds["bearer_credentials"].update([
    b"Bearer a.b.c", b"bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", b"BEARER x==", b"Bearer  x",
    b"Bearer", b"Bearer ", b"Basic dXNlcjpwYXNz", b"Bearer a, realm=\"x\"",
    b"authorization: Bearer a.b.c\ncookie: theme=dark; at=c.o.k",
    b"authorization: Bearer a\nauthorization: Bearer b",
    b"x-token: h.e.d\ncookie: at=\"q\"", b"cookie: at=a; at=b",
])
for tok in found["tokens"][:20]:
    seeds["bearer_credentials"].add(b"authorization: Bearer " + tok.encode())
seeds["header"].update([b'{"alg":"HS256","crit":["b64"],"b64":false}', b'{"alg":"none"}'])

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for target, items in seeds.items():
    d = os.path.join(OUT, target)
    os.makedirs(d)
    for item in sorted(items):
        with open(os.path.join(d, hashlib.sha1(item).hexdigest()), "wb") as f:
            f.write(item)
    print(f"{target}: {len(items)} seeds")
