#!/usr/bin/env python3
"""Strata lint next to squawk on a corpus of real migrations (run by bench/run-lint-bench.sh).

Wraps every corpus file as the up section of a Strata migration, runs
`strata-cli lint --format json` over the whole set and squawk (JSON reporter)
over the same files, times both, maps squawk's rule ids to Strata's with
bench/squawk-rule-map.tsv and writes a markdown report: findings per rule for
both, agreement, the disagreements per file and statement, the wall times.
Standard library only.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Strata rules that judge the wrapping rather than the SQL: the down section
# written here is a placeholder (SELECT 1), so "down does not undo" would fire
# on every file. Disabled in the generated strata.ini; named in the report.
STRATA_DISABLED = ["down-does-not-undo"]

# squawk's constraint-missing-not-valid covers a foreign key, a CHECK, a
# VALIDATE in the transaction that added the constraint NOT VALID, and (as a
# quirk) UNIQUE / PRIMARY KEY, which have no NOT VALID form: the Strata rule is
# chosen by the text the finding points at (first match wins).
CONSTRAINT_KINDS = [
    (r"\bVALIDATE\s+CONSTRAINT\b", "validate-in-same-transaction"),
    (r"\bREFERENCES\b|\bFOREIGN\s+KEY\b", "fk-not-valid"),
    (r"\bCHECK\b", "check-not-valid"),
    (r"\bUNIQUE\b|\bPRIMARY\s+KEY\b", "unique-without-index"),
]


def pascal(text):
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else "M" + name


def strip_comments(sql):
    return re.sub(r"/\*.*?\*/", " ", re.sub(r"--[^\n]*", " ", sql), flags=re.S)


def non_transactional(sql):
    """True when the original migration must run outside a transaction."""
    if re.search(r"^--\s*migrate:up\b.*transaction:false", sql, re.M | re.I):  # dbmate
        return True
    # golang-migrate and the like run such files without a transaction.
    return re.search(r"\bCONCURRENTLY\b", strip_comments(sql), re.I) is not None


def statement_ends(text):
    """Line numbers (1-based) of the character ending each statement: a
    semicolon outside quotes, dollar quotes and comments, or the end of the text."""
    return scan_statements(text)[0]


def unterminated(text):
    """True when the last statement has no semicolon (PostgreSQL accepts that
    at the end of a file)."""
    return scan_statements(text)[1]


def scan_statements(text):
    """(statement end lines, whether the last statement lacks its semicolon).
    Standard-conforming strings: a quote inside a literal is doubled; none of
    the corpus uses E'...' backslash escapes."""
    ends = []
    i, n, line = 0, len(text), 1
    has_content = False
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    line += text[i] == "\n"
                    i += 1
        elif c in "'\"":
            has_content = True
            i += 1
            while i < n:
                if text[i] == c:
                    if i + 1 < n and text[i + 1] == c:
                        i += 2
                        continue
                    i += 1
                    break
                line += text[i] == "\n"
                i += 1
        elif c == "$" and re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", text[i:]):
            has_content = True
            tag = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", text[i:]).group(0)
            j = text.find(tag, i + len(tag))
            j = n if j < 0 else j + len(tag)
            line += text.count("\n", i, j)
            i = j
        elif c == ";":
            if has_content:
                ends.append(line)
            has_content = False
            i += 1
        else:
            has_content = has_content or not c.isspace()
            i += 1
    if has_content:
        ends.append(line)
    return ends, has_content


def statement_index(ends, line):
    for k, end in enumerate(ends):
        if line <= end:
            return k
    return max(len(ends) - 1, 0)


def statement_text(text, ends, k):
    """The statement's text on one line, comments dropped (lines after the
    previous statement's end up to its own)."""
    lines = text.split("\n")
    start = ends[k - 1] if k > 0 else 1  # skip the -- migrate:up line
    return " ".join(strip_comments("\n".join(lines[start : ends[k]])).split())


def load_map(path):
    mapping = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            cols = raw.rstrip("\n").split("\t")
            rules = [] if cols[1] == "-" else cols[1].split(",")
            mapping[cols[0]] = {"strata": rules, "scope": cols[2], "note": cols[3] if len(cols) > 3 else ""}
    return mapping


def timed(cmd, **kw):
    """Wall time and CPU time (user + system, all threads) of one run."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p.cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, p


def check_strata(cmd, cwd, files):
    """Exit status 0 when strata-cli lints the wrapped corpus as a real user
    would see it work: exit 0 or 3, JSON on stdout, no problem reported (a
    problem is a file it could not parse), and findings in the files."""
    env = {k: v for k, v in os.environ.items() if k not in ("PGHOST", "PGDATABASE", "STRATA_DATABASE_URL")}
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
    failures = []
    if p.returncode not in (0, 3):
        failures.append("strata-cli lint exited %d: %s" % (p.returncode, p.stderr[-2000:]))
    else:
        try:
            result = json.loads(p.stdout)
        except ValueError as e:
            result = None
            failures.append("strata-cli lint printed no JSON (%s): %s" % (e, p.stdout[:500]))
        if result is not None:
            for problem in result.get("problems", []):
                failures.append("problem: %s" % json.dumps(problem))
            linted = {os.path.realpath(f["file"]) for f in result["findings"]}
            unknown = linted - set(files)
            if unknown:
                failures.append("findings for files not in the corpus: %s" % sorted(unknown)[:5])
            # Real migrations nearly all lock or create something: a run with
            # findings in few files has stopped reading them.
            if len(linted) < len(files) // 2:
                failures.append("findings in only %d of %d files" % (len(linted), len(files)))
            print("%d corpus files linted: %d findings in %d files, %d problems" % (
                len(files), len(result["findings"]), len(linted), len(result.get("problems", []))))
    for f in failures:
        print("FAIL: " + f)
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--strata", required=True, help="strata-cli executable")
    ap.add_argument("--squawk", help="squawk executable")
    ap.add_argument("--strata-only", action="store_true",
                    help="only check that strata-cli lints every corpus file without a crash or a parse "
                    "failure (the ctest strata_lint_corpus; needs no squawk)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "tests", "lint", "corpus"))
    ap.add_argument("--out", required=True, help="folder for the wrapped migrations and report.md")
    ap.add_argument("--reps", type=int, default=5, help="timed runs of each tool (median reported)")
    ap.add_argument("--pg-version", default="17", help="PostgreSQL version both tools assume")
    args = ap.parse_args()
    args.out = os.path.realpath(args.out)
    args.strata = os.path.abspath(args.strata)
    if not args.squawk and not args.strata_only:
        ap.error("--squawk is required (or --strata-only)")

    mapping = load_map(os.path.join(HERE, "squawk-rule-map.tsv"))
    mig = os.path.join(args.out, "migrations")
    shutil.rmtree(mig, ignore_errors=True)
    os.makedirs(mig)
    with open(os.path.join(args.out, "strata.ini"), "w") as f:
        f.write("[lint]\ndisable=%s\n" % ",".join(STRATA_DISABLED))

    # 1. Wrap every corpus file; timestamps follow the projects' own order.
    files = {}  # wrapped path -> dict(original, text, ends, tx)
    ts = 1600000000000
    projects = sorted(d for d in os.listdir(args.corpus) if os.path.isdir(os.path.join(args.corpus, d)))
    for project in projects:
        pdir = os.path.join(args.corpus, project)
        for name in sorted(os.listdir(pdir)):
            if not name.endswith(".sql"):
                continue
            with open(os.path.join(pdir, name), encoding="utf-8") as f:
                sql = f.read()
            tx = not non_transactional(sql)
            sql = sql.rstrip("\n")
            if unterminated(sql):
                # PostgreSQL takes a last statement without a semicolon, but
                # followed by the down section squawk would read one statement
                sql += ";"
            ts += 1000
            wrapped = os.path.join(mig, "%d-%s.sql" % (ts, pascal(project + " " + name[:-4])))
            text = "-- migrate:up%s\n%s\n\n-- migrate:down\nSELECT 1;\n" % ("" if tx else " transaction:false", sql)
            with open(wrapped, "w", encoding="utf-8") as f:
                f.write(text)
            up_end = text.index("\n\n-- migrate:down")
            files[wrapped] = {
                "original": "%s/%s" % (project, name),
                "text": text,
                "ends": statement_ends(text),
                "up_last_line": text.count("\n", 0, up_end) + 1,
                "tx": tx,
            }
    paths = sorted(files)
    tx_paths = [p for p in paths if files[p]["tx"]]
    notx_paths = [p for p in paths if not files[p]["tx"]]

    # 2. Run both, alternating, reps times each.
    strata_cmd = [args.strata, "--migrations", mig, "lint", "--format", "json", "--pg-version", args.pg_version]
    if args.strata_only:
        sys.exit(check_strata(strata_cmd, args.out, files))
    squawk_base = [args.squawk, "--reporter", "json", "--pg-version", args.pg_version + ".0"]
    squawk_cmds = []
    if tx_paths:
        # Strata runs these in one transaction each; tell squawk so.
        squawk_cmds.append(squawk_base + ["--assume-in-transaction"] + tx_paths)
    if notx_paths:
        squawk_cmds.append(squawk_base + notx_paths)
    env = dict(os.environ)
    for var in ("PGHOST", "PGDATABASE", "STRATA_DATABASE_URL"):
        env.pop(var, None)  # lint offline: the same knowledge squawk has
    strata_times, squawk_times, strata_cpu, squawk_cpu = [], [], [], []
    strata_out, squawk_out = None, []
    for _ in range(max(args.reps, 1)):
        t, p = timed(strata_cmd, env=env, cwd=args.out)
        if p.returncode not in (0, 3):
            sys.exit("strata-cli lint failed (exit %d):\n%s%s" % (p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
        strata_times.append(t)
        strata_cpu.append(p.cpu)
        strata_out = p
        total, cpu, outs = 0.0, 0.0, []
        for cmd in squawk_cmds:
            t, p = timed(cmd, env=env, cwd=args.out)
            if p.returncode not in (0, 1) or not p.stdout.strip().startswith("["):
                sys.exit("squawk failed (exit %d):\n%s%s" % (p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
            total += t
            cpu += p.cpu
            outs.append(p)
        squawk_times.append(total)
        squawk_cpu.append(cpu)
        squawk_out = outs

    strata_json = json.loads(strata_out.stdout)
    squawk_json = [f for p in squawk_out for f in json.loads(p.stdout)]

    # 3. Normalise both to keys (file, strata rule, statement index or -1 for file scope).
    file_scope_rules = {r for m in mapping.values() if m["scope"] == "file" for r in m["strata"]}
    key_line = {}  # key -> line in the corpus file of the first finding seen

    def key_of(path, rule, line):
        k = (path, rule, -1 if rule in file_scope_rules else statement_index(files[path]["ends"], line))
        key_line.setdefault(k, line - 1)  # the wrapped file has one line more at the top
        return k

    strata_keys = defaultdict(set)  # rule -> keys
    strata_count = defaultdict(int)  # rule -> findings
    squawk_count = defaultdict(int)  # Strata rule -> squawk findings mapped to it
    strata_unmapped = defaultdict(int)
    mapped_strata_rules = {r for m in mapping.values() for r in m["strata"]}
    for f in strata_json["findings"]:
        path = os.path.realpath(f["file"])
        if f["section"] != "up":
            strata_unmapped["%s (down section)" % f["ruleId"]] += 1
            continue
        strata_keys[f["ruleId"]].add(key_of(path, f["ruleId"], f["line"]))
        strata_count[f["ruleId"]] += 1
    problems = strata_json.get("problems", [])

    squawk_raw = defaultdict(int)
    squawk_keys = defaultdict(set)  # strata rule -> keys
    squawk_unmapped = defaultdict(set)  # squawk rule -> keys (file, stmt)
    squawk_syntax = []
    for f in squawk_json:
        path = os.path.realpath(f["file"])
        rule = f["rule_name"]
        line = f["line"] + 1
        squawk_raw[rule] += 1
        if rule == "syntax-error":
            squawk_syntax.append((path, line, f["message"]))
        if line > files[path]["up_last_line"]:
            continue  # the placeholder down section
        m = mapping.get(rule)
        if m is None or not m["strata"]:
            squawk_unmapped[rule].add((path, statement_index(files[path]["ends"], line)))
            continue
        candidates = m["strata"]
        if rule == "constraint-missing-not-valid":
            # One squawk rule for several hazards: which one is in the text it points at.
            lines = files[path]["text"].split("\n")
            span = " ".join(lines[f["line"] : f.get("line_end", f["line"]) + 1]).upper()
            for pattern, strata_rule in CONSTRAINT_KINDS:
                if re.search(pattern, span):
                    candidates = [strata_rule]
                    break
        keys = [key_of(path, r, line) for r in candidates]
        hit = next((k for k in keys if k in strata_keys[k[1]]), keys[0])
        squawk_keys[hit[1]].add(hit)
        squawk_count[hit[1]] += 1

    # 4. Report.
    out = []
    w = out.append
    n_tx = len(tx_paths)
    s_med, q_med = statistics.median(strata_times), statistics.median(squawk_times)
    strata_version = subprocess.run([args.strata, "--version"], capture_output=True, text=True).stdout.strip()
    squawk_version = subprocess.run([args.squawk, "--version"], capture_output=True, text=True).stdout.strip()
    w("# Strata lint vs squawk on %d real migrations" % len(paths))
    w("")
    w("%s; %s; PostgreSQL version assumed by both: %s; corpus: %s (%s)." % (
        strata_version, squawk_version, args.pg_version, os.path.relpath(args.corpus, ROOT), ", ".join(
            "%s %d" % (p, sum(1 for v in files.values() if v["original"].startswith(p + "/"))) for p in projects)))
    w("%d files run in a transaction (squawk: `--assume-in-transaction`), %d with `transaction:false` (they use CONCURRENTLY)." % (
        n_tx, len(paths) - n_tx))
    w("Findings are compared per statement (per migration for the lock-timeout rules); several findings of one rule on one statement count once.")
    w("")
    w("## Wall time for the whole set (median of %d runs, process start included)" % len(strata_times))
    w("")
    w("| tool | median wall s | median CPU s (user+sys) | wall per file ms | runs, wall s |")
    w("|---|---:|---:|---:|---|")
    w("| strata-cli lint | %.3f | %.3f | %.2f | %s |" % (s_med, statistics.median(strata_cpu), 1000 * s_med / len(paths), " ".join("%.3f" % t for t in strata_times)))
    w("| squawk | %.3f | %.3f | %.2f | %s |" % (q_med, statistics.median(squawk_cpu), 1000 * q_med / len(paths), " ".join("%.3f" % t for t in squawk_times)))
    w("")
    w("Strata / squawk wall time: **%.2f** (%s); CPU time: %.2f. squawk runs %s (one for the transactional files, one for the rest)." % (
        s_med / q_med, "Strata slower" if s_med > q_med else "Strata faster",
        statistics.median(strata_cpu) / statistics.median(squawk_cpu), "in %d processes" % len(squawk_cmds) if len(squawk_cmds) > 1 else "in one process"))
    w("")
    if problems or squawk_syntax:
        w("## Parse failures")
        w("")
        for p in problems:
            w("- **Strata**: %s" % json.dumps(p))
        for path, line, msg in squawk_syntax:
            w("- **squawk** syntax-error: %s line %d: %s" % (files[path]["original"], line - 1, msg))
        w("")

    w("## Findings per rule (hazards both tools cover)")
    w("")
    w("Findings: as reported. Statements: distinct statements (migrations for the lock-timeout rules) with a finding of the rule; the comparison counts these.")
    w("")
    w("| Strata rule | squawk rule(s) | findings Strata | findings squawk | statements Strata | statements squawk | both | Strata only | squawk only | agreement |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0, 0]
    raw = [0, 0]
    disagreements = []
    for rule in sorted(mapped_strata_rules):
        sq_rules = sorted(r for r, m in mapping.items() if rule in m["strata"])
        s, q = strata_keys.get(rule, set()), squawk_keys.get(rule, set())
        both, s_only, q_only = s & q, s - q, q - s
        union = len(s | q)
        agree = "%.0f%%" % (100.0 * len(both) / union) if union else "n/a"
        w("| `%s` | %s | %d | %d | %d | %d | %d | %d | %d | %s |" % (
            rule, ", ".join(sq_rules), strata_count[rule], squawk_count[rule], len(s), len(q), len(both), len(s_only), len(q_only), agree))
        raw[0] += strata_count[rule]
        raw[1] += squawk_count[rule]
        tot = [a + b for a, b in zip(tot, [len(s), len(q), len(both), len(s_only), len(q_only)])]
        for k in s_only:
            disagreements.append(("Strata only", k))
        for k in q_only:
            disagreements.append(("squawk only", k))
    union = tot[2] + tot[3] + tot[4]
    w("| **all** | | %d | %d | %d | %d | %d | %d | %d | **%.0f%%** |" % (tuple(raw) + tuple(tot) + (100.0 * tot[2] / union if union else 0,)))
    w("")

    w("## Findings with no counterpart")
    w("")
    w("| tool | rule | statements | why no counterpart |")
    w("|---|---|---:|---|")
    for rule in sorted(squawk_unmapped):
        w("| squawk | `%s` | %d | %s |" % (rule, len(squawk_unmapped[rule]), mapping.get(rule, {}).get("note", "not in the mapping")))
    for rule in sorted(strata_keys):
        if rule not in mapped_strata_rules:
            w("| Strata | `%s` | %d | no squawk rule |" % (rule, len(strata_keys[rule])))
    for rule, n in sorted(strata_unmapped.items()):
        w("| Strata | `%s` | %d | the placeholder down section |" % (rule, n))
    w("| Strata | %s | disabled | judges the placeholder down section written by the benchmark |" % ", ".join("`%s`" % r for r in STRATA_DISABLED))
    w("")

    w("## Disagreements (hazards both tools cover)")
    w("")
    w("| rule | who | file | line | statement |")
    w("|---|---|---|---:|---|")
    for who, (path, rule, k) in sorted(disagreements, key=lambda d: (d[1][1], d[0], files[d[1][0]]["original"], d[1][2])):
        info = files[path]
        line = key_line[(path, rule, k)]
        # for a file-scope finding, the statement the tool pointed at
        stmt = statement_text(info["text"], info["ends"], k if k >= 0 else statement_index(info["ends"], line + 1))
        stmt = (stmt[:110] + "...") if len(stmt) > 110 else stmt
        stmt = "`%s`" % stmt.replace("|", "\\|").replace("`", "'")
        w("| `%s` | %s | %s | %s | %s |" % (rule, who, info["original"], line, stmt))
    w("")
    w("Lines are those of the corpus file, where the tool that reported it points.")
    w("")
    w("## Raw squawk findings per rule")
    w("")
    w("| squawk rule | findings |")
    w("|---|---:|")
    for rule, n in sorted(squawk_raw.items(), key=lambda x: -x[1]):
        w("| `%s` | %d |" % (rule, n))

    report = "\n".join(out) + "\n"
    with open(os.path.join(args.out, "report.md"), "w", encoding="utf-8") as f:
        f.write(report)
    with open(os.path.join(args.out, "strata.json"), "w") as f:
        f.write(strata_out.stdout)
    with open(os.path.join(args.out, "squawk.json"), "w") as f:
        json.dump(squawk_json, f, indent=1)
    sys.stdout.write(report)


if __name__ == "__main__":
    main()
