#!/usr/bin/env python3
"""Markdown tables of the benchmark medians, with same-run ratios and the target checks.

Reads criterion's results under CRITERION_DIR (`<target>/criterion`): for every
benchmark, `new/benchmark.json` (group and id) and `new/estimates.json`
(`median.point_estimate`, in ns). Groups are `<ALG>_verify` / `<ALG>_sign`, ids
`<library>[/<variant>]` (see benches/harness/mod.rs). Standard library only.

    python3 benches/report.py [--since EPOCH] [CRITERION_DIR]

With --since, results written before EPOCH (older runs) are left out, so every number
in the tables comes from the same run. `benches/run` passes its start time.
"""

import argparse
import json
import os
import sys

ALGORITHMS = [
    "HS256", "HS384", "HS512",
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "EdDSA",
]
HMAC = {"HS256", "HS384", "HS512"}
PEERS = ["jsonwebtoken-rust_crypto", "jsonwebtoken-aws_lc_rs", "jwt-simple", "jwt-compact"]
COLUMNS = {
    "verify": ["raw", "strict-jwt/owned", "strict-jwt/borrowed"] + PEERS,
    "sign": ["raw", "strict-jwt"] + PEERS,
}
# The strict-jwt id that peers are compared with (peers all produce owned claims).
STRICT = {"verify": "strict-jwt/owned", "sign": "strict-jwt"}
# Combinations a peer does not support, so they have no benchmark.
UNSUPPORTED = {("ES384", "jwt-compact"): "jwt-compact has no P-384"}


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
        if alg not in ALGORITHMS or op not in COLUMNS:
            continue
        bench_id = bench["function_id"] or ""
        if bench.get("value_str"):
            bench_id = f"{bench_id}/{bench['value_str']}"
        results.setdefault((alg, op), {})[bench_id] = median
    return results, stale


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


def tables(results, out):
    for op in ("verify", "sign"):
        cols = COLUMNS[op]
        strict = STRICT[op]
        algs = [a for a in ALGORITHMS if (a, op) in results]
        if not algs:
            continue
        out.append(f"### {op}: median, µs per operation\n")
        out.append("| alg | " + " | ".join(f"`{c}`" for c in cols) + " |")
        out.append("|---|" + "---:|" * len(cols))
        for alg in algs:
            r = results[(alg, op)]
            out.append(f"| {alg} | " + " | ".join(cell(alg, c, r.get(c)) for c in cols) + " |")
        out.append("")

        out.append(f"### {op}: ratios, same run\n")
        strict_cols = [c for c in cols if c.startswith("strict-jwt")]
        head = [f"`{c}` ÷ `raw`" for c in strict_cols]
        head += [f"`{p}` ÷ `{strict}`" for p in PEERS]
        out.append("| alg | " + " | ".join(head) + " |")
        out.append("|---|" + "---:|" * len(head))
        for alg in algs:
            r = results[(alg, op)]
            row = [fmt_ratio(ratio(r.get(c), r.get("raw"))) for c in strict_cols]
            for p in PEERS:
                if (alg, p) in UNSUPPORTED and r.get(p) is None:
                    row.append("n/s")
                else:
                    row.append(fmt_ratio(ratio(r.get(p), r.get(strict))))
            out.append(f"| {alg} | " + " | ".join(row) + " |")
        out.append("")
        note = "Above 1 in the peer columns means strict-jwt is faster."
        if op == "verify":
            note += " Peers are compared with `strict-jwt/owned` (they all return owned claims)."
        out.append(note + "\n")


def hs256_checks(results, add):
    hv = results.get(("HS256", "verify"), {})
    for variant in ("owned", "borrowed"):
        add(f"HS256 verify: `strict-jwt/{variant}` ÷ `raw`",
            ratio(hv.get(f"strict-jwt/{variant}"), hv.get("raw")), "≤ 0.9×",
            lambda v: v <= 0.9)
    peers = sorted((hv[p], p) for p in PEERS if hv.get(p) is not None)
    fastest_ns, fastest = peers[0] if peers else (None, None)
    for variant in ("owned", "borrowed"):
        label = f"`{fastest}`" if fastest else "none measured"
        add(f"HS256 verify: fastest peer ({label}) ÷ `strict-jwt/{variant}`",
            ratio(fastest_ns, hv.get(f"strict-jwt/{variant}")), "≥ 2×",
            lambda v: v >= 2.0)
    hs = results.get(("HS256", "sign"), {})
    add("HS256 sign: `strict-jwt` ÷ `raw`", ratio(hs.get("strict-jwt"), hs.get("raw")),
        "≤ 1×", lambda v: v <= 1.0)


def checks(results, out):
    """The targets: HS256 verify (owned and borrowed) ≤ 0.9× the floor and ≥ 2× faster
    than the fastest peer, HS256 sign ≤ the floor; asymmetric verify ≤ 1.03× raw ring and
    sign ≤ 1.05×. Only algorithms measured in this run are checked."""
    rows = []

    def add(what, value, target, ok):
        if value is None:
            rows.append((what, "—", target, "not measured"))
        else:
            rows.append((what, f"{value:.3f}×", target, "yes" if ok(value) else "**NO**"))

    if any(("HS256", op) in results for op in COLUMNS):
        hs256_checks(results, add)
    for alg in ALGORITHMS:
        if alg in HMAC or not any((alg, op) in results for op in COLUMNS):
            continue
        v = results.get((alg, "verify"), {})
        for variant in ("owned", "borrowed"):
            add(f"{alg} verify: `strict-jwt/{variant}` ÷ `raw`",
                ratio(v.get(f"strict-jwt/{variant}"), v.get("raw")), "≤ 1.03×",
                lambda x: x <= 1.03)
        s = results.get((alg, "sign"), {})
        add(f"{alg} sign: `strict-jwt` ÷ `raw`", ratio(s.get("strict-jwt"), s.get("raw")),
            "≤ 1.05×", lambda x: x <= 1.05)
    if not rows:
        return
    out.append("### Target checks\n")
    out.append("| check | value | target | met? |")
    out.append("|---|---:|---:|---|")
    for what, value, target, met in rows:
        out.append(f"| {what} | {value} | {target} | {met} |")
    out.append("")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("criterion_dir", nargs="?", default="target/criterion")
    ap.add_argument("--since", type=float, default=None,
                    help="ignore results written before this Unix time")
    args = ap.parse_args()
    if not os.path.isdir(args.criterion_dir):
        sys.exit(f"report.py: no criterion results in {args.criterion_dir}")
    results, stale = load(args.criterion_dir, args.since)
    out = ["## Benchmark results (medians from criterion's `estimates.json`)\n"]
    if not results:
        out.append("No results" + (" from this run." if args.since is not None else "."))
        print("\n".join(out))
        return
    tables(results, out)
    checks(results, out)
    notes = [f"- `{lib}` has no {alg} benchmark: {why}."
             for (alg, lib), why in UNSUPPORTED.items()
             if any((alg, op) in results for op in COLUMNS)]
    if stale:
        notes.append(f"- {stale} older results (not from this run) were left out.")
    if notes:
        out.append("Notes:\n")
        out.extend(notes)
    print("\n".join(out))


if __name__ == "__main__":
    main()
