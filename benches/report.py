#!/usr/bin/env python3
"""Markdown tables of the benchmark medians, with same-run ratios and the target checks.

Reads criterion's results under CRITERION_DIR (`<target>/criterion`): for every
benchmark, `new/benchmark.json` (group and id) and `new/estimates.json`
(`median.point_estimate`, in ns). Groups are `<ALG>_verify` / `<ALG>_sign`, ids
`<library>[/<variant>]` (see benches/harness/mod.rs). strict-jwt's and the floor's ids
carry the asymmetric backend (`strict-jwt (ring)`, `raw ring`; `strict-jwt (aws-lc-rs)`,
`raw aws-lc-rs`, `raw aws-lc-rs/unparsed`); HMAC's do not (`strict-jwt`, `raw`): it is
the same code in every build. Standard library only.

    python3 benches/report.py [--since EPOCH] [CRITERION_DIR]
    python3 benches/report.py --since EPOCH --label LABEL --save FILE [CRITERION_DIR]
    python3 benches/report.py --load FILE [--load FILE ...]

With --since, results written before EPOCH (older runs) are left out, so every number
in the tables comes from the same run. --save writes those results to FILE (a snapshot
of one `cargo bench` pass) instead of printing; --load prints the report of one or more
snapshots, each pass with its own tables. `benches/run` saves a snapshot after each of
its two passes (ring, then aws-lc-rs), because the peers' ids are the same in both and
the second pass overwrites the first's: from snapshots, each backend is compared with the
peers measured in its own pass. Read straight from CRITERION_DIR, the peers are whatever
pass wrote them last.
"""

import argparse
import json
import os
import sys

ALGORITHMS = [
    "HS256", "HS384", "HS512",
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "ES256K", "EdDSA",
]
HMAC = {"HS256", "HS384", "HS512"}
OPS = ("verify", "sign")
PEERS = ["jsonwebtoken-rust_crypto", "jsonwebtoken-aws_lc_rs", "jwt-simple", "jwt-compact"]
# The asymmetric backends, in report order, and the algorithms each lacks.
BACKENDS = ["ring", "aws-lc-rs"]
BACKEND_LACKS = {"ring": {"ES512": "ring has no P-521", "ES256K": "ring has no secp256k1"}}
# Combinations a peer does not support, so they have no benchmark.
UNSUPPORTED = {
    ("ES384", "jwt-compact"): "jwt-compact 0.8 has no P-384",
    ("ES512", "jwt-compact"): "jwt-compact 0.8 has no P-521",
    ("ES512", "jwt-simple"): "jwt-simple 0.15 has no P-521",
    ("ES512", "jsonwebtoken-rust_crypto"): "jsonwebtoken 11 has no ES512",
    ("ES512", "jsonwebtoken-aws_lc_rs"): "jsonwebtoken 11 has no ES512",
    ("ES256K", "jsonwebtoken-rust_crypto"): "jsonwebtoken 11 has no ES256K",
    ("ES256K", "jsonwebtoken-aws_lc_rs"): "jsonwebtoken 11 has no ES256K",
}
# strict-jwt ÷ floor in the last full quiet run documented in BENCHMARKS.md (ring
# backend, commit 55510ba), shown next to today's checks for comparison; not a target.
BASELINE_COMMIT = "55510ba"
BASELINE = {
    ("HS256", "verify", "owned"): 1.070, ("HS256", "verify", "borrowed"): 0.873,
    ("HS256", "sign", None): 0.918,
    ("HS256", "peer", "owned"): 1.672, ("HS256", "peer", "borrowed"): 2.047,
    ("RS256", "verify", "owned"): 1.051, ("RS256", "verify", "borrowed"): 1.030,
    ("RS384", "verify", "owned"): 1.074, ("RS384", "verify", "borrowed"): 1.061,
    ("RS512", "verify", "owned"): 1.110, ("RS512", "verify", "borrowed"): 1.058,
    ("PS256", "verify", "owned"): 1.082, ("PS256", "verify", "borrowed"): 1.076,
    ("PS384", "verify", "owned"): 1.091, ("PS384", "verify", "borrowed"): 1.080,
    ("PS512", "verify", "owned"): 1.076, ("PS512", "verify", "borrowed"): 1.065,
    ("ES256", "verify", "owned"): 1.040, ("ES256", "verify", "borrowed"): 1.035,
    ("ES384", "verify", "owned"): 1.000, ("ES384", "verify", "borrowed"): 0.994,
    ("EdDSA", "verify", "owned"): 1.037, ("EdDSA", "verify", "borrowed"): 1.023,
    ("RS256", "sign", None): 1.029, ("RS384", "sign", None): 1.003,
    ("RS512", "sign", None): 1.008, ("PS256", "sign", None): 1.005,
    ("PS384", "sign", None): 1.010, ("PS512", "sign", None): 0.994,
    ("ES256", "sign", None): 1.030, ("ES384", "sign", None): 0.999,
    ("EdDSA", "sign", None): 1.021,
}
# The targets. Each check is `value <= limit` (or `>=` for the HS256 speed-up) on the
# ratio of two medians of the same pass, unrounded. There is no noise allowance: a
# median ratio of 1.0304 fails `≤ 1.03` although criterion's confidence intervals of
# the two medians overlap.
FLOOR_VERIFY_MAX = 1.03  # asymmetric verify: strict-jwt (owned and borrowed) ÷ floor
FLOOR_SIGN_MAX = 1.05  # asymmetric sign: strict-jwt ÷ floor
PEER_MAX = 1.00  # aws-lc-rs and HMAC: strict-jwt ÷ fastest peer, verify (owned) and sign


class Section:
    """One table set: HMAC (`backend` None) or one asymmetric backend, from one pass."""

    def __init__(self, backend, pass_label, results):
        self.backend = backend
        self.pass_label = pass_label
        self.results = results  # {(alg, op): {id: median_ns}}
        if backend is None:
            self.raw, self.strict, self.algs = "raw", "strict-jwt", [a for a in ALGORITHMS if a in HMAC]
        else:
            self.raw, self.strict = f"raw {backend}", f"strict-jwt ({backend})"
            self.algs = [a for a in ALGORITHMS if a not in HMAC]
        self.unparsed = f"{self.raw}/unparsed"
        self.algs = [a for a in self.algs if any(self.has(a, op) for op in OPS)]

    def has(self, alg, op):
        r = self.results.get((alg, op), {})
        return any(k.startswith(self.strict) or k.startswith(self.raw) for k in r)

    def title(self):
        what = "HMAC (hmac + sha2 in every build)" if self.backend is None \
            else f"strict-jwt on {self.backend}"
        return f"{what}, {self.pass_label}" if self.pass_label else what

    def strict_id(self, op, variant="owned"):
        return f"{self.strict}/{variant}" if op == "verify" else self.strict

    def columns(self, op):
        if op == "sign":
            return [self.raw, self.strict] + PEERS
        cols = [self.raw]
        if any(self.unparsed in self.results.get((a, op), {}) for a in self.algs):
            cols.append(self.unparsed)
        return cols + [f"{self.strict}/owned", f"{self.strict}/borrowed"] + PEERS

    def get(self, alg, op, bench_id):
        return self.results.get((alg, op), {}).get(bench_id)


def load(criterion_dir, since):
    """{(alg, op): {id: median_ns}} and the number of stale results skipped."""
    results, stale = {}, 0
    for root, _dirs, files in os.walk(criterion_dir):
        if os.path.basename(root) != "new" or "estimates.json" not in files:
            continue
        est_path = os.path.join(root, "estimates.json")
        if since is not None and os.path.getmtime(est_path) < since:
            stale += 1
            continue
        try:
            with open(os.path.join(root, "benchmark.json")) as f:
                bench = json.load(f)
            with open(est_path) as f:
                median = json.load(f)["median"]["point_estimate"]
        except (OSError, KeyError, ValueError):
            continue
        alg, _, op = bench["group_id"].rpartition("_")
        if alg not in ALGORITHMS or op not in OPS:
            continue
        bench_id = bench["function_id"] or ""
        if bench.get("value_str"):
            bench_id = f"{bench_id}/{bench['value_str']}"
        results.setdefault((alg, op), {})[bench_id] = median
    return results, stale


def save(path, label, since, results, stale):
    rows = [[alg, op, bench_id, ns]
            for (alg, op), ids in sorted(results.items()) for bench_id, ns in sorted(ids.items())]
    with open(path, "w") as f:
        json.dump({"label": label, "since": since, "stale": stale, "results": rows}, f, indent=1)


def read_snapshot(path):
    with open(path) as f:
        snap = json.load(f)
    results = {}
    for alg, op, bench_id, ns in snap["results"]:
        results.setdefault((alg, op), {})[bench_id] = ns
    return snap.get("label") or "", results, snap.get("stale", 0)


def sections_of(pass_label, results):
    """The sections one pass's results hold: HMAC, then each backend with strict-jwt or
    floor ids."""
    out = [Section(None, pass_label, results)]
    out += [Section(b, pass_label, results) for b in BACKENDS]
    return [s for s in out if s.algs]


def us(ns):
    if ns is None:
        return "—"
    v = ns / 1000.0
    if v < 10:
        return f"{v:,.3f}"
    if v < 100:
        return f"{v:,.2f}"
    return f"{v:,.1f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r):
    return "—" if r is None else f"{r:.3f}×"


def cell(alg, lib, ns):
    if ns is None and (alg, lib) in UNSUPPORTED:
        return "n/s"
    return us(ns)


def tables(sec, out):
    out.append(f"## {sec.title()}\n")
    for op in OPS:
        cols = sec.columns(op)
        algs = [a for a in sec.algs if (a, op) in sec.results]
        if not algs:
            continue
        out.append(f"### {op}: median, µs per operation\n")
        out.append("| alg | " + " | ".join(f"`{c}`" for c in cols) + " |")
        out.append("|---|" + "---:|" * len(cols))
        for alg in algs:
            out.append(f"| {alg} | "
                       + " | ".join(cell(alg, c, sec.get(alg, op, c)) for c in cols) + " |")
        out.append("")

        out.append(f"### {op}: ratios, same run\n")
        floor_cols = [c for c in cols if c.startswith(sec.strict)]
        if sec.unparsed in cols:
            floor_cols.append(sec.unparsed)
        strict = sec.strict_id(op)
        head = [f"`{c}` ÷ `{sec.raw}`" for c in floor_cols]
        head += [f"`{p}` ÷ `{strict}`" for p in PEERS]
        out.append("| alg | " + " | ".join(head) + " |")
        out.append("|---|" + "---:|" * len(head))
        for alg in algs:
            raw = sec.get(alg, op, sec.raw)
            row = [fmt_ratio(ratio(sec.get(alg, op, c), raw)) for c in floor_cols]
            for p in PEERS:
                if (alg, p) in UNSUPPORTED and sec.get(alg, op, p) is None:
                    row.append("n/s")
                else:
                    row.append(fmt_ratio(ratio(sec.get(alg, op, p), sec.get(alg, op, strict))))
            out.append(f"| {alg} | " + " | ".join(row) + " |")
        out.append("")
        note = "Above 1 in the peer columns means strict-jwt is faster."
        if op == "verify":
            note += f" Peers are compared with `{strict}` (they all return owned claims)."
        if sec.unparsed in cols:
            note += (f" `{sec.unparsed}` is the floor's key parsed on every call"
                     " (`UnparsedPublicKey::verify`; RSA: `RsaPublicKeyComponents::verify`);"
                     f" `{sec.raw}` and strict-jwt parse it once (`ParsedPublicKey`).")
        out.append(note + "\n")


class Checks:
    def __init__(self):
        self.rows = []

    def add(self, what, value, target, ok, baseline=None):
        base = "—" if baseline is None else f"{baseline:.3f}×"
        if value is None:
            self.rows.append((what, "—", target, "not measured", base))
        else:
            self.rows.append((what, f"{value:.3f}×", target, "yes" if ok(value) else "**NO**", base))


def fastest_peer(sec, alg, op):
    peers = sorted((sec.get(alg, op, p), p) for p in PEERS if sec.get(alg, op, p) is not None)
    return peers[0] if peers else (None, None)


def peer_checks(sec, alg, add):
    """strict-jwt ÷ the fastest peer ≤ 1.00, verify (owned claims) and sign: at least as
    fast as every peer."""
    for op in OPS:
        if (alg, op) not in sec.results:
            continue
        strict = sec.strict_id(op)
        ns, peer = fastest_peer(sec, alg, op)
        if peer is None:
            why = "; ".join(sorted({v for (a, _), v in UNSUPPORTED.items() if a == alg}))
            add(f"{alg} {op}: `{strict}` ÷ fastest peer (no peer: {why or 'none measured'})",
                None, f"≤ {PEER_MAX:.2f}×", None)
            continue
        add(f"{alg} {op}: `{strict}` ÷ fastest peer (`{peer}`)",
            ratio(sec.get(alg, op, strict), ns), f"≤ {PEER_MAX:.2f}×",
            lambda v: v <= PEER_MAX)


def hmac_checks(sec, add):
    """Today's HS256 targets, then strict-jwt against every peer for every HMAC alg."""
    if any(("HS256", op) in sec.results for op in OPS):
        for variant in ("owned", "borrowed"):
            add(f"HS256 verify: `strict-jwt/{variant}` ÷ `raw`",
                ratio(sec.get("HS256", "verify", f"strict-jwt/{variant}"),
                      sec.get("HS256", "verify", "raw")),
                "≤ 0.9×", lambda v: v <= 0.9, BASELINE.get(("HS256", "verify", variant)))
        fastest_ns, fastest = fastest_peer(sec, "HS256", "verify")
        for variant in ("owned", "borrowed"):
            label = f"`{fastest}`" if fastest else "none measured"
            add(f"HS256 verify: fastest peer ({label}) ÷ `strict-jwt/{variant}`",
                ratio(fastest_ns, sec.get("HS256", "verify", f"strict-jwt/{variant}")),
                "≥ 2×", lambda v: v >= 2.0, BASELINE.get(("HS256", "peer", variant)))
        add("HS256 sign: `strict-jwt` ÷ `raw`",
            ratio(sec.get("HS256", "sign", "strict-jwt"), sec.get("HS256", "sign", "raw")),
            "≤ 1×", lambda v: v <= 1.0, BASELINE.get(("HS256", "sign", None)))
    for alg in sec.algs:
        peer_checks(sec, alg, add)


def backend_checks(sec, add):
    """Per algorithm: verify (owned and borrowed) ≤ 1.03× the floor and sign ≤ 1.05×
    (both backends; the ring rows show the 55510ba run's ratio next to them); on
    aws-lc-rs also at least as fast as the fastest peer."""
    ring = sec.backend == "ring"
    for alg in sec.algs:
        for variant in ("owned", "borrowed"):
            add(f"{alg} verify: `{sec.strict}/{variant}` ÷ `{sec.raw}`",
                ratio(sec.get(alg, "verify", f"{sec.strict}/{variant}"),
                      sec.get(alg, "verify", sec.raw)),
                f"≤ {FLOOR_VERIFY_MAX}×", lambda x: x <= FLOOR_VERIFY_MAX,
                BASELINE.get((alg, "verify", variant)) if ring else None)
        add(f"{alg} sign: `{sec.strict}` ÷ `{sec.raw}`",
            ratio(sec.get(alg, "sign", sec.strict), sec.get(alg, "sign", sec.raw)),
            f"≤ {FLOOR_SIGN_MAX}×", lambda x: x <= FLOOR_SIGN_MAX,
            BASELINE.get((alg, "sign", None)) if ring else None)
        if not ring:
            peer_checks(sec, alg, add)


def checks(sec, out):
    c = Checks()
    if sec.backend is None:
        hmac_checks(sec, c.add)
    else:
        backend_checks(sec, c.add)
    if not c.rows:
        return
    with_baseline = any(r[4] != "—" for r in c.rows)
    out.append(f"### Target checks: {sec.title()}\n")
    if with_baseline:
        out.append(f"| check | value | target | met? | {BASELINE_COMMIT} run |")
        out.append("|---|---:|---:|---|---:|")
    else:
        out.append("| check | value | target | met? |")
        out.append("|---|---:|---:|---|")
    for what, value, target, met, base in c.rows:
        tail = f" {base} |" if with_baseline else ""
        out.append(f"| {what} | {value} | {target} | {met} |{tail}")
    out.append("")


def notes(sections, stale_by_pass, out):
    lines = []
    algs = {a for s in sections for a in s.algs}
    for (alg, lib), why in UNSUPPORTED.items():
        if alg in algs:
            lines.append(f"- `{lib}` has no {alg} benchmark: {why}.")
    for s in sections:
        for alg, why in BACKEND_LACKS.get(s.backend, {}).items():
            lines.append(f"- `{s.strict}` has no {alg} benchmark: {why}.")
    for label, results in sections_by_pass(sections).items():
        backends = {s.backend for s in results if s.backend is not None}
        if len(backends) > 1:
            lines.append(f"- {label or 'These results'} hold more than one backend's ids: the "
                         "peers' numbers are from whichever pass wrote them last, so the "
                         "peer ratios of the other backend are not same-run. `benches/run` "
                         "keeps one snapshot per pass instead.")
    for label, stale in stale_by_pass:
        if stale:
            lines.append(f"- {label + ': ' if label else ''}{stale} results written before "
                         "it started (older runs, or an earlier pass of this run) were left "
                         "out.")
    lines.append("- Checks compare unrounded median ratios with the target, with no noise "
                 "allowance.")
    out.append("Notes:\n")
    out.extend(dict.fromkeys(lines))


def sections_by_pass(sections):
    by = {}
    for s in sections:
        by.setdefault(s.pass_label, []).append(s)
    return by


def report(passes):
    """`passes`: [(label, results, stale)]."""
    out = ["# Benchmark results (medians from criterion's `estimates.json`)\n"]
    sections = [s for label, results, _ in passes for s in sections_of(label, results)]
    if not sections:
        stale = sum(s for _, _, s in passes)
        out.append(f"No results from this run ({stale} older results left out)." if stale
                   else "No results.")
        return out
    for s in sections:
        tables(s, out)
    out.append("## Target checks\n")
    for s in sections:
        checks(s, out)
    notes(sections, [(label, stale) for label, _, stale in passes], out)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("criterion_dir", nargs="?", default="target/criterion")
    ap.add_argument("--since", type=float, default=None,
                    help="ignore results written before this Unix time")
    ap.add_argument("--label", default="", help="the pass's name in a --save snapshot")
    ap.add_argument("--save", metavar="FILE",
                    help="write the results to FILE (a snapshot) instead of printing")
    ap.add_argument("--load", metavar="FILE", action="append",
                    help="report from snapshot FILE (repeatable), not CRITERION_DIR")
    args = ap.parse_args()
    if args.load:
        passes = [read_snapshot(path) for path in args.load]
    else:
        if not os.path.isdir(args.criterion_dir):
            sys.exit(f"report.py: no criterion results in {args.criterion_dir}")
        results, stale = load(args.criterion_dir, args.since)
        if args.save:
            save(args.save, args.label, args.since, results, stale)
            n = sum(len(ids) for ids in results.values())
            print(f"report.py: {n} results of {args.label or 'this pass'} saved to "
                  f"{args.save}", file=sys.stderr)
            return
        passes = [(args.label, results, stale)]
    print("\n".join(report(passes)))


if __name__ == "__main__":
    main()
