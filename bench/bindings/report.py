"""The table of the bindings benchmark from run.sh's results.jsonl (one JSON line per run).

    python3 report.py results.jsonl

Per language and API, the median over the rounds of: search p50 per call, search total for the
batch of calls, lifecycle mean, lifecycle total; each divided by Rust's.
"""

import json
import statistics
import sys
from collections import defaultdict


def main() -> None:
    runs = defaultdict(list)
    with open(sys.argv[1]) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                runs[(r["lang"], r["api"])].append(r)
    med = lambda rs, *path: statistics.median(_get(r, path) for r in rs)  # noqa: E731
    rust = runs[next(k for k in runs if k[0] == "rust")]
    base = {
        "sp50": med(rust, "search", "p50_us"),
        "stot": med(rust, "search", "total_ms"),
        "lmean": med(rust, "lifecycle", "mean_us"),
        "ltot": med(rust, "lifecycle", "total_ms"),
    }
    first = {r["search"]["first"] for rs in runs.values() for r in rs}
    if len(first) != 1:
        print(f"warning: the search's first hit differs between runs: {first}", file=sys.stderr)
    any_run = next(iter(runs.values()))[0]
    print(
        f"search: {any_run['search']['calls']} calls, {any_run['search']['hits']} hits of "
        f"{any_run['search']['total']}; lifecycles: {any_run['lifecycle']['count']}; "
        f"rounds: {len(rust)}\n"
    )
    print(
        "| language (API) | search p50 / call | search, 1,000 calls | ÷ Rust (call / batch) "
        "| lifecycle mean | lifecycles, batch | ÷ Rust (call / batch) |"
    )
    print("|---|---|---|---|---|---|---|")
    for (lang, api), rs in runs.items():
        sp50, stot = med(rs, "search", "p50_us"), med(rs, "search", "total_ms")
        lmean, ltot = med(rs, "lifecycle", "mean_us"), med(rs, "lifecycle", "total_ms")
        print(
            f"| {lang} ({api}) | {sp50 / 1e3:.2f} ms | {stot / 1e3:.2f} s "
            f"| {sp50 / base['sp50']:.2f} / {stot / base['stot']:.2f} "
            f"| {lmean / 1e3:.2f} ms | {ltot / 1e3:.2f} s "
            f"| {lmean / base['lmean']:.2f} / {ltot / base['ltot']:.2f} |"
        )
    print("\nper step, mean (µs): register_user / create_booking / checkout / apply_payment_update")
    for (lang, api), rs in runs.items():
        steps = ("register_user", "create_booking", "checkout", "apply_payment_update")
        vals = " / ".join(f"{med(rs, 'lifecycle', 'steps_mean_us', s):.0f}" for s in steps)
        bridge = {k: round(statistics.median(r["bridge"][k] for r in rs), 2) for k in rs[0].get("bridge", {})}
        spread = ", ".join(f"{r['search']['p50_us'] / 1e3:.2f}" for r in rs)
        lspread = ", ".join(f"{r['lifecycle']['mean_us'] / 1e3:.2f}" for r in rs)
        print(f"- {lang} ({api}): {vals}; bridge {bridge}; search p50 per round {spread} ms; "
              f"lifecycle mean per round {lspread} ms")


def _get(r, path):
    for p in path:
        r = r[p]
    return r


if __name__ == "__main__":
    main()
