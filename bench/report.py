"""The benchmark results as Markdown (bench/results/latest.md)."""

from __future__ import annotations

import math

from bench.common import ratio


# (a) every other page that draws a chart: its name and address (its first chart is timed)
OTHER_PAGES = {"timeline": "/timeline", "compare": "/compare", "compliance": "/compliance",
               "briefing": "/?briefing=1&chart=all"}


def fmt(x, unit="", digits=0):
    if x is None:
        return "n/a"
    if isinstance(x, float) and math.isnan(x):
        return "n/a"
    return f"{x:,.{digits}f}{unit}"


def verdict(ok) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def markdown(r: dict) -> str:
    lines = [f"# Ceasefire Monitor benchmark ({'quick' if r['quick'] else 'full'})", "",
             f"{r['started']} · {r['cores']['usable']} usable cores (os.cpu_count {r['cores']['os.cpu_count']}) · "
             f"Python {r['python']} · {r['duration_s'] / 60:.1f} min · command: `{r['command']}`", "",
             "Every timing is a median over repeated runs; **ratio** = ours / floor measured in the same run "
             "(browser: bench/floor_app.py served the same way; server-side: building and serialising the floor app's figure).", "",
             "| Section | Measure | Ours | Floor | Ratio | Goal | Result |", "| --- | --- | ---: | ---: | ---: | --- | --- |"]
    add = lines.append
    la = r.get("load_average") or {}
    if la:
        lines[2] += " · load average (1, 5, 15 min) at start " + " / ".join(f"{x:.1f}" for x in la.get("start", [])) + \
            ", at end " + " / ".join(f"{x:.1f}" for x in la.get("end", []))
    for key, title in (("browser_real", "hand-coded data"), ("browser_large", "largest synthetic set")):
        b = r.get(key)
        if not b:
            continue
        fc, it = b["first_chart"], b["interaction"]
        add(f"| a | First chart, home page, {title} ({len(fc['ours'])} runs each) | {fmt(fc['ours_median_ms'], ' ms')} | "
            f"{fmt(fc['floor_median_ms'], ' ms')} | {fmt(fc['ratio'], '', 2)} | ≤ 1.15 | {verdict(fc['ratio'] <= 1.15 if fc['ratio'] else None)} |")
        add(f"| b | Interaction, Timeline Lanes radio → all charts redrawn, {title} ({len(it['ours'])} runs each; first, uncached run "
            f"{fmt(it['ours_first_run_ms'], ' ms')}) | {fmt(it['ours_median_ms'], ' ms')} | {fmt(it['floor_median_ms'], ' ms')} | "
            f"{fmt(it['ratio'], '', 2)} | ≤ 1.5 | {verdict(it['ratio'] <= 1.5 if it['ratio'] else None)} |")
        if key == "browser_real":
            for name, pg in (r.get("pages_first_chart") or {}).items():
                if name != "errors":
                    add(f"| a | First chart, {name} page (`{OTHER_PAGES.get(name, '?')}`), hand-coded data ({len(pg['ours'])} runs each) | "
                        f"{fmt(pg['ours_median_ms'], ' ms')} | {fmt(pg['floor_median_ms'], ' ms')} | {fmt(pg['ratio'], '', 2)} | ≤ 1.3 | "
                        f"{verdict(pg['ratio'] <= 1.3 if pg['ratio'] else None)} |")
    fw = r.get("figure_weights")
    if fw:
        for cid, w in fw["charts"].items():
            add(f"| w | {cid} figure at {fw['plot_px']} px, hand-coded data: JSON / traces / annotations (arrows) / shapes / "
                f"legend entries | {w['json_bytes']:,} B / {w['traces']} / {w['annotations']} ({w['arrows']}) / {w['shapes']} / "
                f"{w['legend_entries']} | | | | |")
    sc = r.get("scale")
    if sc:
        sizes = sorted(int(n) for n in sc["sizes"])
        big = sizes[-1]
        for n in sizes:
            s = sc["sizes"][n] if n in sc["sizes"] else sc["sizes"][str(n)]
            if "error" in s:
                add(f"| c | {n:,} events | error | | | | {s['error'][:80]} |")
                continue
            fl = s["floor_figure_s"]
            gate = n == big and big >= 1_000_000
            add(f"| c | {n:,} events: load (Parquet cache: {s['from_cache']}) | {fmt(s['load_s'] * 1000, ' ms')} | {fmt(fl * 1000, ' ms', 2)} | "
                f"{fmt(ratio(s['load_s'], fl), '', 0)} | | |")
            add(f"| c | {n:,}: filter (filter_events + filter_figures) | {fmt(s['filter_s'] * 1000, ' ms', 1)} | | {fmt(ratio(s['filter_s'], fl), '', 1)} | | |")
            add(f"| c | {n:,}: aggregate (weekly counts per lane) | {fmt(s['aggregate_s'] * 1000, ' ms', 1)} | | {fmt(ratio(s['aggregate_s'], fl), '', 1)} | | |")
            add(f"| c | {n:,}: build + to_json of the 5 Timeline charts | {fmt(s['page_charts_s'] * 1000, ' ms')} | | {fmt(ratio(s['page_charts_s'], fl), '', 0)} | | |")
            add(f"| c | {n:,}: **filter change on the server** (AppTest rerun of Timeline; slowest of {len(s['filter_change_reruns_s'])}: "
                f"{fmt(s['filter_change_rerun_max_s'] * 1000, ' ms')}) | {fmt(s['filter_change_rerun_s'] * 1000, ' ms')} | | "
                f"{fmt(ratio(s['filter_change_rerun_s'], fl), '', 0)} | ≤ 0.5 s at 1M | {verdict(s['filter_change_rerun_s'] <= 0.5) if gate else ''} |")
            add(f"| c | {n:,}: largest figure JSON ({max(s['json_bytes'], key=s['json_bytes'].get)}) | {fmt(s['max_json_bytes'] / 1e6, ' MB', 3)} | | | "
                f"≤ 1 MB | {verdict(s['max_json_bytes'] <= 1_000_000)} |")
            add(f"| c | {n:,}: peak memory (ru_maxrss of the probe process) | {fmt(s['peak_rss_mb'], ' MB')} | | | ≤ 400 MB at 1M | "
                f"{verdict(s['peak_rss_mb'] <= 400) if gate else ''} |")
    for key, title in (("cold_real", "hand-coded data"), ("cold_real_uncached", "hand-coded data, first start after a data change "
                                                                         "(no frames cache: the YAML is validated)"),
                       ("cold_large", "largest synthetic set")):
        c = r.get(key)
        if c:
            add(f"| e | Cold start: server start → first chart, {title} ({len(c['ours'])} runs each) | {fmt(c['ours_median_ms'], ' ms')} | "
                f"{fmt(c['floor_median_ms'], ' ms')} | {fmt(c['ratio'], '', 2)} | ≤ 1.3 | {verdict(c['ratio'] <= 1.3 if c['ratio'] else None)} |")
    cc = r.get("concurrency")
    if cc:
        s = cc["single"]
        add(f"| d | Single session: first chart / server RSS | {fmt(s['first_chart_median_ms'], ' ms')} / {fmt(s['rss_open_mb'], ' MB')} | | | | |")
        for n, lv in sorted(cc["levels"].items(), key=lambda kv: int(kv[0])):
            n = int(n)
            add(f"| d | {n} sessions: errors | {lv['errors']} | | | 0 | {verdict(lv['errors'] == 0)} |")
            add(f"| d | {n} sessions: p95 first chart (p50 {fmt(lv['p50_ms'], ' ms')}) | {fmt(lv['p95_ms'], ' ms')} | "
                f"{fmt(s['first_chart_median_ms'], ' ms')} (1 session) | {fmt(lv['p95_over_single'], '', 2)} | ≤ 3 | "
                f"{verdict(lv['p95_over_single'] <= 3 if lv['p95_over_single'] else None)} |")
            add(f"| d | {n} sessions: server RSS per added session | {fmt(lv['rss_per_added_session_mb'], ' MB', 1)} | | | ≤ 15 MB | "
                f"{verdict(lv['rss_per_added_session_mb'] <= 15 if lv['rss_per_added_session_mb'] is not None else None)} |")
            add(f"| d | {n} sessions: server RSS, all open | {fmt(lv['rss_open_mb'], ' MB')} | | | ≤ 690 MB at 10 | "
                f"{verdict(lv['rss_open_mb'] <= 690) if n == 10 else ''} |")
            add(f"| d | {n} sessions: server CPU during the burst / all busy CPU on the machine (browsers, server, other work) | "
                f"{fmt(lv.get('server_cpu_s'), ' s', 1)} / {fmt(lv.get('machine_busy_cpu_s'), ' s', 1)} "
                f"({fmt((lv.get('server_share_of_busy_cpu') or 0) * 100, ' %')}) | | | | |")
        for note in cc.get("notes", []):
            add(f"| d | {note} | | | | | |")
    if sc:
        lines += ["", f"Growth from {min(int(n) for n in sc['sizes']):,} to {max(int(n) for n in sc['sizes']):,} events "
                  "(least-squares exponent b of cost ∝ n^b; b = 1 is linear, b ≈ 0 flat):", "",
                  "| Cost | Exponent b |", "| --- | ---: |"]
        for m, b in sc["exponents"].items():
            lines.append(f"| {m} | {fmt(b, '', 2)} |")
    errs = [e for k in ("browser_real", "pages_first_chart", "browser_large", "cold_real", "cold_real_uncached", "cold_large") for e in (r.get(k) or {}).get("errors", [])]
    if errs:
        lines += ["", "Errors:", ""] + [f"- {e}" for e in errs]
    return "\n".join(lines) + "\n"
