#!/usr/bin/env python3
"""Worst-case canon files for `jobframe check`: each case adds or replaces one file in a copy of
the bundled canon, runs the release binary under /usr/bin/time, and prints a Markdown table
(case, size, wall seconds, peak MB, outcome). Usage (bench/worst_cases.sh wraps it):

    python3 bench/worst_cases.py JOBFRAME WORK [CASE ...]

Every case must finish within BUDGET_S seconds and BUDGET_MB of peak memory; the script exits 1
when one does not. A run longer than TIMEOUT_S is stopped and reported as such.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

MAX = 8 * 1024 * 1024  # the canon's file size limit
BUDGET_S, BUDGET_MB, TIMEOUT_S = 2.0, 512, int(os.environ.get("TIMEOUT_S", "60"))
MODE = os.environ.get("MODE", "check")  # or "build" (the linearity cases), or "human" (check's snippets)
HEAD = "code: X\nname: X\ndescription: d\n"
ROLE = "sales/x.yaml"
GUIDE = "pages/x.md"
GUIDE_MAX = 512 * 1024  # the guide page size limit
FRONT = "---\ntitle: X\n---\n"


def fill(prefix, unit, suffix="", limit=MAX):
    """prefix + as many copies of unit as fit in `limit` bytes with suffix."""
    count = (limit - len(prefix.encode()) - len(suffix.encode())) // len(unit.encode())
    return prefix + unit * count + suffix


def nested(opening, closing, middle, prefix="", limit=MAX):
    unit = len(opening.encode()) + len(closing.encode())
    count = (limit - len(prefix.encode()) - len(middle.encode()) - 1) // unit
    return prefix + opening * count + middle + closing * count + "\n"


def block_map_deep():
    out, depth, size = [], 0, 0
    while size + depth + 3 < MAX:
        line = " " * depth + "a:\n"
        out.append(line)
        size += len(line)
        depth += 1
    return "".join(out)


def block_seq_deep():
    out, depth, size = [], 0, 0
    while size + 2 * depth + 3 < MAX:
        line = "  " * depth + "-\n"
        out.append(line)
        size += len(line)
        depth += 1
    return "".join(out)


def items(unit_of, count, prefix):
    return prefix + "".join(unit_of(i) for i in range(count))


def until_full(prefix, unit_of, limit=MAX):
    parts, size, i = [prefix], len(prefix.encode()), 0
    while True:
        unit = unit_of(i)
        if size + len(unit.encode()) > limit:
            return "".join(parts)
        parts.append(unit)
        size += len(unit.encode())
        i += 1


def lines_profile(count):
    return items(
        lambda i: f"      - Delivers output {i} of the quarterly operating plan for the region\n",
        count,
        HEAD + "levels:\n  P3:\n    core_outputs:\n",
    )


def ladder_levels(count):
    head = "tracks:\n  - code: P\n    name: Professional\nlevels:\n"
    return items(
        lambda i: f"  - code: L{i}\n    name: Level {i}\n    track: P\n    years: \"1\"\n    meaning: m\n",
        count,
        head,
    )


def ladder_tracks(count):
    tracks = items(lambda i: f"  - code: T{i}\n    name: Track {i}\n", count, "tracks:\n")
    levels = items(
        lambda i: f"  - code: L{i}\n    name: Level {i}\n    track: T{i}\n    years: \"1\"\n    meaning: m\n",
        count,
        "levels:\n",
    )
    return tracks + levels


LISTS = ["core_outputs", "jfm_responsibilities"] + [
    f"components:\n      {key}" for key in ("responsibilities", "tasks", "skills", "knowledge", "competencies")
]


def full_lists(item_of, lists=LISTS, per_list=9_999, level="P3"):
    """One profile whose lists each hold `per_list` items (just under the list limit)."""
    out = [HEAD, "levels:\n", f"  {level}:\n"]
    for key in lists:
        indent = "        " if key.startswith("components") else "      "
        if key.startswith("components"):
            key = key.replace("components:\n      ", "")
            if "    components:\n" not in out:
                out.append("    components:\n")
            out.append(f"      {key}:\n")
        else:
            out.append(f"    {key}:\n")
        out.extend(f"{indent}- {item_of(key, i)}\n" for i in range(per_list))
    return "".join(out)


def long_code(prefix, n):
    return f"{prefix}{'X' * 58}{n:05d}"


def hint_ladder(count, tracks_known):
    """A ladder of `count` levels with 64-character codes; each level names an unknown track
    unless `tracks_known`."""
    tracks = "".join(f"  - code: {long_code('T', n)}\n    name: T\n" for n in range(count))
    levels = "".join(
        f"  - code: {long_code('L', n)}\n    name: L\n    track: {long_code('T' if tracks_known else 'Q', n)}\n"
        "    years: \"1\"\n    meaning: m\n"
        for n in range(count)
    )
    return f"tracks:\n{tracks}levels:\n{levels}"


def many_roles(count):
    return {
        f"sales/r{i}.yaml": f"code: R{i}\nname: Role {i}\ndescription: d\nlevels:\n  P3:\n    core_outputs: [Output {i}]\n"
        for i in range(count)
    }


# name -> (what, a function giving {canon-relative path: text})
CASES = {
    "flow-seq-nesting": (
        "`description: [[[[…]]]]`, 8 MiB",
        lambda: {ROLE: nested("[", "]", "x", HEAD.replace("description: d\n", "description: "))},
    ),
    "flow-map-nesting": (
        "`description: {a: {a: …}}`, 8 MiB",
        lambda: {ROLE: nested("{a: ", "}", "x", HEAD.replace("description: d\n", "description: "))},
    ),
    "flow-nesting-100k": (
        "`description: [[[[…]]]]`, nesting 100,000 (the issue's case)",
        lambda: {ROLE: HEAD.replace("description: d\n", "description: ") + "[" * 100_000 + "]" * 100_000 + "\n"},
    ),
    "block-map-nesting": ("`a:` indented one more space per line, 8 MiB", lambda: {ROLE: block_map_deep()}),
    "block-seq-nesting": ("`-` indented two more spaces per line, 8 MiB", lambda: {ROLE: block_seq_deep()}),
    "compact-seq-nesting": ("`- - - - … x` on one line, 8 MiB", lambda: {ROLE: fill("", "- ", "x\n")}),
    "long-line": ("one 8 MiB line: `description: aaaa…`", lambda: {ROLE: fill("code: X\nname: X\ndescription: ", "a", "\n")}),
    "long-quoted-key": ("one 8 MiB double-quoted key", lambda: {ROLE: fill('"', "k", '": x\n')}),
    "long-explicit-key": ("one 8 MiB explicit key `? kkkk…`", lambda: {ROLE: fill("? ", "k", "\n: x\n")}),
    "items-root": ("8 MiB of `- x` lines", lambda: {ROLE: fill("", "- x\n")}),
    "items-flow": ("8 MiB of `[x,x,x,…]`", lambda: {ROLE: fill("[", "x,", "x]\n")}),
    "items-profile": (
        "8 MiB of `- x` in one profile's core_outputs",
        lambda: {ROLE: fill(HEAD + "levels:\n  P3:\n    core_outputs:\n", "      - x\n")},
    ),
    "blank-items": (
        '8 MiB of blank items `- ""` spread over profiles',
        lambda: {ROLE: fill(HEAD + "levels:\n  P3:\n    core_outputs: [", '"",', '""]\n')},
    ),
    "hidden-chars": (
        "8 MiB of items with a zero-width space",
        lambda: {ROLE: fill(HEAD + "levels:\n  P3:\n    core_outputs:\n", "      - a\u200bb\n")},
    ),
    "keys-100k": ("100,000 keys at the root", lambda: {ROLE: items(lambda i: f"k{i}: v\n", 100_000, "")}),
    "levels-100k": (
        "100,000 unknown level keys under `levels`",
        lambda: {ROLE: items(lambda i: f"  Q{i}: {{}}\n", 100_000, HEAD + "levels:\n")},
    ),
    "anchors-100k": (
        "100,000 anchors `- &aN x`",
        lambda: {ROLE: items(lambda i: f"      - &a{i} x{i}\n", 100_000, HEAD + "levels:\n  P3:\n    core_outputs:\n")},
    ),
    "aliases-8mib": (
        "one anchor, then 8 MiB of `- *a` aliases",
        lambda: {ROLE: fill(HEAD + "levels:\n  P3:\n    core_outputs:\n      - &a x\n", "      - *a\n")},
    ),
    "alias-amplifier": (
        "anchored list of 100,000 items, then 100,000 aliases of it",
        lambda: {ROLE: "a: &a [" + "x," * 100_000 + "x]\nb: [" + "*a," * 100_000 + "*a]\n"},
    ),
    "alias-text": (
        "a 4 MiB text anchored, then 2,000 aliases of it (8 GB of copies)",
        lambda: {
            ROLE: HEAD
            + "levels:\n  P3:\n    summary: &s "
            + "a" * (4 * 1024 * 1024)
            + "\n    core_outputs:\n"
            + "      - *s\n" * 2000
        },
    ),
    "alias-bomb": (
        "nested aliases, 10 per level, 12 levels (billion laughs)",
        lambda: {
            ROLE: "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]\n" for n in range(1, 12))
        },
    ),
    "tag-directives": (
        "8 MiB of `%TAG !aN! …` directives",
        lambda: {ROLE: until_full("", lambda i: f"%TAG !a{i}! tag:example.com,2000:{i}:\n", MAX - 16) + "---\nk: v\n"},
    ),
    "document-markers": ("8 MiB of `---` lines", lambda: {ROLE: fill("", "---\n")}),
    "comments": ("8 MiB of `#` comment lines", lambda: {ROLE: fill("", "# a comment line\n", "code: X\n")}),
    "block-scalar": (
        "`description: \\|` with 8 MiB of text lines",
        lambda: {ROLE: fill("code: X\nname: X\ndescription: |\n", "  text [[[[ {{{{ line\n", "levels: {}\n")},
    ),
    "repeated-text": (
        "two profiles sharing 40,000 identical lines",
        lambda: {
            ROLE: HEAD
            + "levels:\n"
            + "".join(f"  {level}:\n    core_outputs:\n" + "".join(f"      - Same line {i}\n" for i in range(40_000)) for level in ("P3", "P4"))
        },
    ),
    "lines-2k": ("one profile with 2,000 core outputs (valid)", lambda: {ROLE: lines_profile(2_000)}),
    "lines-10k": ("one profile with 10,000 core outputs (valid)", lambda: {ROLE: lines_profile(10_000)}),
    "lines-20k": ("one profile with 20,000 core outputs", lambda: {ROLE: lines_profile(20_000)}),
    "lines-100k": ("one profile with 100,000 core outputs", lambda: {ROLE: lines_profile(100_000)}),
    "ladder-levels-100k": ("ladder.yaml with 100,000 levels", lambda: {"ladder.yaml": ladder_levels(100_000)}),
    "ladder-tracks-50k": ("ladder.yaml with 50,000 tracks and levels", lambda: {"ladder.yaml": ladder_tracks(50_000)}),
    "roles-10k": ("10,001 role files in one family", lambda: many_roles(10_001)),
    "family-folders-40k": (
        "40,000 family folders without family.yaml, each with a role file",
        lambda: {f"f{n}/r.yaml": "code: R\n" for n in range(40_000)},
    ),
    # At the limits: what gets past the pre-scan and costs the most after it.
    "nesting-at-limit": (
        "`description:` then 63 nested `[` (64 levels, the most allowed)",
        lambda: {ROLE: HEAD.replace("description: d\n", "description: ") + "[" * 63 + "x" + "]" * 63 + "\nlevels: {}\n"},
    ),
    "entries-at-limit": ("100,000 `- x` lines (the most entries allowed)", lambda: {ROLE: "- x\n" * 100_000}),
    "keys-at-limit": (
        "99,990 unknown keys in one profile",
        lambda: {ROLE: items(lambda i: f"    k{i}: v\n", 99_990, HEAD + "levels:\n  P3:\n")},
    ),
    "lists-at-limit": (
        "7 lists of 9,999 lines in one profile (valid)",
        lambda: {ROLE: full_lists(lambda key, i: f"Delivers {key} number {i} for the region")},
    ),
    "blank-items-at-limit": (
        '7 lists of 9,999 blank items `- " "` (69,993 errors)',
        lambda: {ROLE: full_lists(lambda key, i: '" "')},
    ),
    "hidden-chars-at-limit": (
        "7 lists of 9,999 items with a zero-width space (69,993 warnings)",
        lambda: {ROLE: full_lists(lambda key, i: f"a\u200bb {i}")},
    ),
    "repeated-at-limit": (
        "two profiles sharing 2 lists of 9,999 lines (19,998 warnings)",
        lambda: {
            ROLE: full_lists(lambda key, i: f"Same {key} {i}", LISTS[:2])
            + full_lists(lambda key, i: f"Same {key} {i}", LISTS[:2], level="P4")[len(HEAD) + len("levels:\n") :]
        },
    ),
    "levels-at-limit": (
        "49,990 unknown level keys `Qn: {}` under `levels`",
        lambda: {ROLE: items(lambda i: f"  Q{i}: {{}}\n", 49_990, HEAD + "levels:\n")},
    ),
    "ladder-1000-levels": ("ladder.yaml with 1,000 levels", lambda: {"ladder.yaml": ladder_levels(1_000)}),
    "ladder-1001-levels": ("ladder.yaml with 1,001 levels", lambda: {"ladder.yaml": ladder_levels(1_001)}),
    "hints-levels": (
        "1,000 unknown 64-character level codes against a ladder of 1,000 such levels",
        lambda: {
            "ladder.yaml": hint_ladder(1_000, True),
            ROLE: items(lambda i: f"  {long_code('M', i)}: {{core_outputs: [x]}}\n", 1_000, HEAD + "levels:\n"),
        },
    ),
    "hints-tracks": (
        "1,000 levels naming unknown 64-character tracks, 1,000 tracks",
        lambda: {"ladder.yaml": hint_ladder(1_000, False)},
    ),
    "alias-amplifier-small": (
        "anchored list of 400 items, then 300 aliases of it (120,000 entries)",
        lambda: {ROLE: "a: &a [" + "x," * 399 + "x]\nb: [" + "*a," * 299 + "*a]\n"},
    ),
    # Guide pages (pages/*.md), each at most 512 KiB; the bundled canon has four.
    "guide-broken-links": (
        "a guide page of 512 KiB on one line: `[a](id:X.Y.Z)` repeated (every link an error)",
        lambda: {GUIDE: fill(FRONT, "[a](id:X.Y.Z) ", "\n", GUIDE_MAX)},
    ),
    "guide-good-links": (
        "a guide page of 512 KiB: `[a](id:CHANNE.CHANNEL.P5#goals)` repeated on one line",
        lambda: {GUIDE: fill(FRONT, "[a](id:CHANNE.CHANNEL.P5#goals) ", "\n", GUIDE_MAX)},
    ),
    "guide-equal-headings": (
        "a guide page of 512 KiB of `## FAQ` headings (ids faq, faq-2, …)",
        lambda: {GUIDE: fill(FRONT, "## FAQ\n", limit=GUIDE_MAX)},
    ),
    "guide-quotes": ("a guide page of 512 KiB of `>` on one line (nested block quotes)", lambda: {GUIDE: fill(FRONT, ">", " x\n", GUIDE_MAX)}),
    "guide-lists": ("a guide page of 512 KiB of `- ` on one line (nested lists)", lambda: {GUIDE: fill(FRONT, "- ", "x\n", GUIDE_MAX)}),
    "guide-brackets": ("a guide page of 512 KiB of `[` (unclosed link text)", lambda: {GUIDE: fill(FRONT, "[", "\n", GUIDE_MAX)}),
    "guide-emphasis": ("a guide page of 512 KiB of `*a_` (unmatched emphasis)", lambda: {GUIDE: fill(FRONT, "*a_", "\n", GUIDE_MAX)}),
    "guide-table": ("a guide page with a table of 512 KiB (one column per `|`)", lambda: {GUIDE: FRONT + "|a|\n|-|\n" + fill("", "|x", "|\n", GUIDE_MAX - 20 - len(FRONT))}),
    "guide-too-big": ("a guide page of 8 MiB (past the 512 KiB limit)", lambda: {GUIDE: fill(FRONT, "Words. ")}),
    "guide-pages-1001": ("1,001 guide pages", lambda: {f"pages/p{i}.md": f"---\ntitle: Page {i}\n---\nText {i}.\n" for i in range(997)}),
    "guide-pages-1k": ("1,000 guide pages (the most allowed)", lambda: {f"pages/p{i}.md": f"---\ntitle: Page {i}\n---\nText {i}.\n" for i in range(996)}),
}


def prepare(work, name, files):
    canon = os.path.join(work, name)
    shutil.rmtree(canon, ignore_errors=True)
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "canon"), canon)
    size = 0
    for rel, text in files.items():
        data = text.encode()
        assert len(data) <= MAX, (name, rel, len(data))
        os.makedirs(os.path.dirname(os.path.join(canon, rel)), exist_ok=True)
        with open(os.path.join(canon, rel), "wb") as out:
            out.write(data)
        size += len(data)
    return canon, size


def run(jobframe, canon, own):
    """Runs the check (or build); the outcome quotes the first error in one of the `own` files."""
    command = ["/usr/bin/time", "-f", "%e %U %S %M", jobframe, "check", "--canon", canon]
    if MODE == "human":
        pass  # the compiler-style report, snippets and all
    elif MODE != "build":
        command += ["--format", "json"]
    if MODE == "build":
        out = canon + "-site"
        shutil.rmtree(out, ignore_errors=True)
        command = command[:4] + ["build", "--canon", canon, "--out", out]
    started = time.monotonic()
    # Its own process group, so that a run past the timeout is stopped whole (time and jobframe).
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return time.monotonic() - started, None, None, f"stopped after {TIMEOUT_S} s"
    wall, user, system, peak_kb = stderr.strip().splitlines()[-1].split()[-4:]
    lines = [one_line(line) for line in stdout.splitlines() if line.startswith("{")] or [
        line for line in stdout.splitlines() if line.startswith(("error", "warning"))
    ]
    errors = [line.removeprefix(canon + "/") for line in lines if ": error[" in line or line.startswith("error")]
    own = set(own)
    errors.sort(key=lambda line: line.split(":", 1)[0] not in own)
    code = process.returncode
    if code == 0:
        warnings = sum(": warning[" in line or line.startswith("warning") for line in lines)
        outcome = "accepted" + (f" ({warnings} warnings)" if warnings else "")
    elif errors:
        shown = errors[0]
        shown = shown if len(shown) <= 150 else shown[:147] + "…"
        more = f" (+{len(lines) - 1} more)" if len(lines) > 1 else ""
        outcome = f"refused: `{shown}`{more}"
    else:
        outcome = f"exit {code}"
    return float(wall), float(user) + float(system), int(peak_kb) / 1024, outcome


def one_line(json_line):
    """A `--format json` line as `file:line:col: error[CODE]: path: message`."""
    import json
    d = json.loads(json_line)
    place = f":{d['line']}:{d['column']}" if d["line"] is not None else ""
    path = f"{d['path']}: " if d["path"] else ""
    return f"{d['file']}{place}: {d['severity']}[{d['code']}]: {path}{d['message']}"


def human(size):
    return f"{size / 1048576:.1f} MiB" if size >= 1048576 else f"{size / 1024:.0f} KiB"


def main():
    jobframe, work, *chosen = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    names = chosen or list(CASES)
    print("| case | input | size | wall s | CPU s | peak MB | outcome |")
    print("|---|---|---:|---:|---:|---:|---|")
    over = []
    for name in names:
        what, files = CASES[name]
        files = files()
        canon, size = prepare(work, name, files)
        wall, cpu, peak, outcome = run(jobframe, canon, list(files))
        shutil.rmtree(canon, ignore_errors=True)
        shutil.rmtree(canon + "-site", ignore_errors=True)
        cpu_text = "—" if cpu is None else f"{cpu:.2f}"
        peak_text = "—" if peak is None else f"{peak:.0f}"
        print(f"| {name} | {what} | {human(size)} | {wall:.2f} | {cpu_text} | {peak_text} | {outcome} |", flush=True)
        if peak is None or wall > BUDGET_S or peak > BUDGET_MB:
            over.append(name)
    if over:
        print(f"\nover the budget of {BUDGET_S} s and {BUDGET_MB} MB: {', '.join(over)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
