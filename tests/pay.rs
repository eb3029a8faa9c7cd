//! Pay ranges: `pay.yaml`'s rules and their messages, which table wins, the ranges on the
//! pages and in the data files, and sites built without pay, scanned file by file (gzip files
//! decompressed, the workbook unzipped).

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use common::{check_lines, jobframe, next_release::copy_dir, repo, stderr};

/// A copy of the bundled canon with `pay.yaml` replaced by `pay`.
fn canon_with_pay(pay: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("canon"), dir.path()).unwrap();
    std::fs::write(dir.path().join("pay.yaml"), pay).unwrap();
    dir
}

const HEAD: &str = "effective_date: \"2026-10-01\"\nperiod: annual\nzones:\n  - code: US\n    name: United States\n    currency: USD\n";

#[test]
fn every_rule_of_pay_yaml_is_reported_at_its_place() {
    let pay = "\
effective_date: \"2026-13-01\"
period: annual
zones:
  - code: US
    name: United States
    currency: usd
  - code: uk
    name: \"\"
    currency: POUND
  - code: JP
    name: Japan
    currency: JPY
  - code: FR
    name: France
    currency: EUR
  - code: US
    name: Again
    currency: USD
ranges:
  US:
    P1: { min: 60000, mid: 50000, max: 80000 }
    P2: { min: 90000, max: 40000 }
    P3: { min: -5, max: 40000 }
    P4: { min: 100000, max: 120000.125 }
    P9: { min: 1, max: 2 }
  JP:
    P1: { min: 1000.5, max: 2000 }
  USA:
    P1: { min: 1, max: 2 }
families:
  CHANEL:
    ranges:
      US:
        P1: { min: 1, max: 2 }
  SALES:
    roles:
      ACCTEXE:
        ranges: {}
      SDR:
        ranges:
          US:
            P2: { min: \"85,000\", max: 90000 }
";
    let dir = canon_with_pay(pay);
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "pay.yaml:1:1: error[JF0501]: effective_date: `2026-13-01` is not a date: write it as YYYY-MM-DD",
            "pay.yaml:6:5: error[JF0703]: zones[0].currency: `usd` is not an ISO 4217 currency code such as `USD`, `EUR` or `GBP`; did you mean `USD`?",
            "pay.yaml:7:5: error[JF0702]: zones[1].code: zone code `uk` is not valid: zone codes use only A-Z, 0-9 and `-`; did you mean `UK`?",
            "pay.yaml:8:5: error[JF0305]: zones[1].name: must not be empty",
            "pay.yaml:9:5: error[JF0703]: zones[1].currency: `POUND` is not an ISO 4217 currency code such as `USD`, `EUR` or `GBP`",
            "pay.yaml:13:5: warning[JF0713]: zones[3]: zone `FR` has no ranges in any table, so no page shows pay for it: add its ranges under `ranges.FR` or remove the zone",
            "pay.yaml:16:5: error[JF0404]: zones[4].code: duplicate zone code `US` (names are compared ignoring case); first used at pay.yaml:4:5 (zones[0].code)",
            "pay.yaml:21:23: error[JF0712]: ranges.US.P1.mid: mid 50000 is outside the range 60000–80000: it must lie between min and max",
            "pay.yaml:22:5: warning[JF0714]: ranges.US.P2: the US range for `P2` sits below the one for `P1` (ranges.US.P1) for 16 roles, e.g. SUPPRT.SUPENG.P2: max 40000 < 80000; pay should not go down a level, so check the amounts",
            "pay.yaml:22:11: error[JF0711]: ranges.US.P2.min: min 90000 is above max 40000: a range runs from min up to max",
            "pay.yaml:23:5: warning[JF0714]: ranges.US.P3: the US range for `P3` sits below the one for `P2` (ranges.US.P2) for 30 roles, e.g. CHANNE.PARTENAB.P3: min -5 < 90000; pay should not go down a level, so check the amounts",
            "pay.yaml:23:11: error[JF0709]: ranges.US.P3.min: `-5` is not a positive amount",
            "pay.yaml:24:24: error[JF0708]: ranges.US.P4.max: `120000.125` is not an amount: write a number up to a trillion with at most two decimal places",
            "pay.yaml:25:5: error[JF0707]: ranges.US.P9: no level `P9` in the ladder; the ladder's levels are S1, S2, S3, S4, P1, P2, P3, P4, P5, P6, P7, P8, M1, M2, M3, M4, M5, M6, E1, E2, E3, E4, E5, E6",
            "pay.yaml:27:11: error[JF0710]: ranges.JP.P1.min: `1000.5` has more decimals than JPY (Japanese yen) allows: JPY amounts have no decimal places",
            "pay.yaml:28:3: error[JF0706]: ranges.USA: no zone `USA` in `zones`; did you mean `US`?",
            "pay.yaml:31:3: error[JF0704]: families.CHANEL: no family with code `CHANEL` in the canon; did you mean `CHANNE`?",
            "pay.yaml:37:7: error[JF0705]: families.SALES.roles.ACCTEXE: no role with code `ACCTEXE` in family `SALES` (Sales); did you mean `ACCTEXEC`?",
            "pay.yaml:39:7: error[JF0705]: families.SALES.roles.SDR: no role with code `SDR` in family `SALES` (Sales)",
            "pay.yaml:42:19: error[JF0304]: families.SALES.roles.SDR.ranges.US.P2.min: wrong type: expected an amount written as a plain number, such as 85000 or 42.50 (no separators or currency), found string \"85,000\"",
        ]
    );
}

#[test]
fn a_former_family_code_is_named_with_the_code_to_use() {
    let dir = canon_with_pay(&format!(
        "{HEAD}families:\n  OLDSALES:\n    ranges:\n      US:\n        P1: {{ min: 1, max: 2 }}\n"
    ));
    let family = dir.path().join("sales/family.yaml");
    let text = std::fs::read_to_string(&family).unwrap();
    std::fs::write(&family, format!("{text}aliases:\n  codes: [OLDSALES]\n")).unwrap();
    let (_, lines) = check_lines(dir.path());
    assert!(
        lines.contains(
            &"pay.yaml:8:3: error[JF0704]: families.OLDSALES: no family with code `OLDSALES` in the canon; it is a former code of `SALES` (Sales): use `SALES`"
                .to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn a_range_below_the_previous_level_is_a_warning_once_per_pair_of_ranges() {
    let dir = canon_with_pay(&format!(
        "{HEAD}ranges:\n  US:\n    P1: {{ min: 60000, max: 80000 }}\n    P2: {{ min: 55000, max: 90000 }}\n"
    ));
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 0, "{lines:#?}");
    assert_eq!(
        lines,
        [
            "pay.yaml:10:5: warning[JF0714]: ranges.US.P2: the US range for `P2` sits below the one for `P1` (ranges.US.P1) for 8 roles, e.g. SUPPRT.SUPENG.P2: min 55000 < 60000; pay should not go down a level, so check the amounts"
        ]
    );
}

#[test]
fn the_role_table_wins_over_the_family_table_over_the_ladder_wide_one() {
    let pay = format!(
        "{HEAD}ranges:\n  US:\n    P4: {{ min: 100000, max: 120000 }}\n    P5: {{ min: 130000, max: 150000 }}\n\
         families:\n  SALES:\n    ranges:\n      US:\n        P4: {{ min: 101000, max: 121000 }}\n        P5: {{ min: 131000, max: 151000 }}\n\
         \x20   roles:\n      ACCTEXEC:\n        ranges:\n          US:\n            P5: {{ min: 132000, max: 152000 }}\n"
    );
    let dir = canon_with_pay(&pay);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let output = jobframe(
        dir.path(),
        &["build", "--canon", ".", "--out", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let page = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let pay_section = |path: &str| {
        let html = page(path);
        let start = html.find("<section class=\"pay\"").expect("a pay section");
        let end = start + html[start..].find("</section>").unwrap();
        html[start..end].to_string()
    };
    let role_p5 = pay_section("sales/account-executive/p5/index.html");
    assert!(
        role_p5.contains("<td data-label=\"Minimum\">$132,000</td>"),
        "{role_p5}"
    );
    assert!(
        role_p5.contains("From the Account Executive role table"),
        "{role_p5}"
    );
    let family_p4 = pay_section("sales/account-executive/p4/index.html");
    assert!(family_p4.contains("$101,000"), "{family_p4}");
    assert!(
        family_p4.contains("From the Sales family table"),
        "{family_p4}"
    );
    let ladder_p5 = pay_section("engineering/software-engineering/p5/index.html");
    assert!(ladder_p5.contains("$130,000"), "{ladder_p5}");
    assert!(
        ladder_p5.contains("From the ladder-wide table"),
        "{ladder_p5}"
    );
    // A profile at a level no table covers has no pay section at all.
    assert!(!page("sales/account-executive/p3/index.html").contains("class=\"pay\""));
    // The role's ladder grid has a pay row and names its tables.
    let grid = page("sales/account-executive/index.html");
    assert!(grid.contains("$101,000 – $121,000"), "role grid");
    assert!(
        grid.contains("Ranges from the Sales family table (US: P4) and the Account Executive role table (US: P5)."),
        "role grid note"
    );
    // The level page shows the ladder-wide range and counts the profiles that differ.
    let level = pay_section("levels/p5/index.html");
    assert!(level.contains("$130,000"), "{level}");
    assert!(
        level.contains("take a range from a family or role table instead"),
        "{level}"
    );
}

#[test]
fn the_bundled_site_shows_the_reference_profiles_ranges() {
    let (site, _) = common::bundled_site();
    let html = std::fs::read_to_string(
        site.join("channel-partner-sales/channel-partner-sales/p5/index.html"),
    )
    .unwrap();
    for expected in [
        "<caption>Annual base pay, effective 2026-10-01</caption>",
        "<th scope=\"row\">United States <span class=\"code\">USD</span></th><td data-label=\"Minimum\">$136,000</td><td data-label=\"Midpoint\">$158,000</td><td data-label=\"Maximum\">$178,000</td>",
        "<td data-label=\"Minimum\">£85,000</td>",
        "<td data-label=\"Minimum\">€86,000</td>",
        "From the Channel &amp; Partner Sales family table",
        "From the ladder-wide table",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    let document: serde_json::Value = serde_json::from_slice(
        &std::fs::read(site.join("api/profiles/CHANNE.CHANNEL.P5.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(document["pay"][0]["min"], 136000);
    assert_eq!(document["pay"][0]["min_text"], "$136,000");
    assert_eq!(document["pay"][2]["source"], "ladder");
    // The workbook's Pay sheet holds the amounts as numbers, the rest as text.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(site.join("downloads/canon.xlsx")).unwrap();
    let sheet = workbook.worksheet_range("Pay").unwrap();
    let row = sheet
        .rows()
        .find(|row| row[0] == Data::String("CHANNE.CHANNEL.P5".to_string()))
        .expect("a row of the reference profile");
    assert_eq!(row[4], Data::String("US".to_string()));
    assert_eq!(row[8], Data::Float(136000.0));
    assert_eq!(row[10], Data::Float(178000.0));
    let csv = std::fs::read_to_string(site.join("downloads/pay.csv")).unwrap();
    assert!(csv.contains(
        "CHANNE.CHANNEL.P5,CHANNE,CHANNEL,P5,US,United States,USD,annual,136000,158000,178000,family,2026-10-01\r\n"
    ));
}

#[test]
fn language_sets_the_format_of_amounts() {
    let dir = canon_with_pay(&format!(
        "{}  - code: DE\n    name: Germany\n    currency: EUR\nranges:\n  DE:\n    P5: {{ min: 85000, max: 95000.5 }}\n  US:\n    P5: {{ min: 85000, max: 95000 }}\n",
        HEAD
    ));
    let settings = dir.path().join("canon.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, text.replace("language: en", "language: de-DE")).unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let output = jobframe(
        dir.path(),
        &["build", "--canon", ".", "--out", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(out.join("engineering/software-engineering/p5/index.html"))
        .unwrap();
    // CLDR's German: `.` groups thousands, the symbol follows after a no-break space; a
    // range with cents shows them on every amount.
    assert!(
        html.contains("<td data-label=\"Minimum\">85.000,00\u{a0}€</td>"),
        "DE row"
    );
    assert!(
        html.contains("<td data-label=\"Maximum\">95.000,50\u{a0}€</td>"),
        "DE row"
    );
    assert!(
        html.contains("<td data-label=\"Minimum\">85.000\u{a0}$</td>"),
        "US row"
    );
}

/// What must not appear anywhere in a site built without pay: every amount of `pay.yaml` as
/// written and as formatted, every currency code and every zone name.
fn pay_needles(canon: &Path) -> BTreeSet<String> {
    let checked = jobframe::load::check(canon).unwrap();
    let pay = checked.canon.pay.expect("the bundled canon has pay.yaml");
    let mut needles = BTreeSet::new();
    for zone in &pay.zones {
        needles.insert(zone.name.clone());
        needles.insert(zone.currency.clone());
    }
    for range in &pay.ranges {
        for amount in [Some(range.min), range.mid, Some(range.max)]
            .into_iter()
            .flatten()
        {
            let plain = amount.plain();
            let grouped = jobframe::canon::limits::thousands(plain.parse::<usize>().unwrap());
            needles.insert(grouped.replace(',', "."));
            needles.insert(grouped);
            needles.insert(plain);
        }
    }
    needles
}

/// Every file of `dir` as text: gzip files decompressed, zip files (the workbook) entry by entry.
fn texts(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        let bytes = std::fs::read(entry.path()).unwrap();
        if name.ends_with(".gz") {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
            out.push((name, text));
        } else if bytes.starts_with(b"PK") {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for index in 0..archive.len() {
                let mut file = archive.by_index(index).unwrap();
                let mut text = String::new();
                file.read_to_string(&mut text).unwrap();
                let entry = file.name().unwrap().to_string();
                out.push((format!("{name}!{entry}"), text));
            }
        } else {
            out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out
}

/// Whether `needle` occurs in `text` as a whole word or number (not inside a longer one).
fn occurs(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        !joins(before) && !joins(after)
    })
}

/// Builds `canon` with its `pay.yaml` deleted: the site every site without pay must equal.
fn built_without_pay_yaml(canon: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("canon");
    copy_dir(canon, &copy).unwrap();
    std::fs::remove_file(copy.join("pay.yaml")).unwrap();
    let output = jobframe(dir.path(), &["build", "--canon", "canon", "--out", "site"]);
    assert!(output.status.success(), "{}", stderr(&output));
    dir
}

/// Asserts that no needle occurs in any file of `site`, except where it also occurs in the
/// same file of `baseline`, a site built with no `pay.yaml` at all (the workbook's theme XML,
/// for one, holds numbers such as `100000` whatever the canon says).
fn assert_no_pay(site: &Path, needles: &BTreeSet<String>, baseline: &Path) {
    let files = texts(site);
    assert!(
        files
            .iter()
            .any(|(name, _)| name.starts_with("search/") && name.contains("/t-")),
        "search shards scanned"
    );
    assert!(
        files.iter().any(|(name, _)| name.contains(".xlsx!")),
        "workbook scanned"
    );
    assert!(!files.iter().any(|(name, _)| name.ends_with("pay.csv")));
    let found = |files: &[(String, String)]| -> BTreeSet<(String, String)> {
        let mut found = BTreeSet::new();
        for (name, text) in files {
            for needle in needles {
                if occurs(text, needle) {
                    found.insert((name.clone(), needle.clone()));
                }
            }
        }
        found
    };
    let expected = found(&texts(baseline));
    let leaks: Vec<_> = found(&files).difference(&expected).cloned().collect();
    assert!(
        leaks.is_empty(),
        "pay found in a site built without it: {leaks:#?}"
    );
    assert!(
        expected
            .iter()
            .all(|(name, _)| !name.ends_with(".html") && !name.ends_with(".json")),
        "pages and JSON hold no such number even without pay: {expected:#?}"
    );
}

#[test]
fn a_site_built_without_pay_holds_no_amount_currency_or_zone_in_any_file() {
    let canon = repo().join("canon");
    let needles = pay_needles(&canon);
    assert!(needles.len() > 100, "{needles:?}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = jobframe(
        dir.path(),
        &[
            "build",
            "--canon",
            canon.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--without-pay",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("; pay left out"),
        "{}",
        stderr(&output)
    );
    let baseline = built_without_pay_yaml(&canon);
    assert_no_pay(&out, &needles, &baseline.path().join("site"));
    // The site is the very site of a canon without pay.yaml, byte for byte.
    assert!(common::tree(&out) == common::tree(&baseline.path().join("site")));
    // The same scan finds the pay of a site built with it, so it is not blind.
    let (with_pay, _) = common::bundled_site();
    let found = texts(with_pay)
        .iter()
        .filter(|(_, text)| needles.iter().any(|needle| occurs(text, needle)))
        .count();
    assert!(found > 166, "{found} files with pay in the bundled site");
}

#[test]
fn publish_pay_false_leaves_pay_out_of_the_site_and_the_exports_but_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let canon = dir.path().join("canon");
    copy_dir(&repo().join("canon"), &canon).unwrap();
    let settings = canon.join("canon.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}publish_pay: false\n")).unwrap();
    let needles = pay_needles(&canon);
    let out = dir.path().join("site");
    let output = jobframe(
        dir.path(),
        &["build", "--canon", "canon", "--out", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let baseline = built_without_pay_yaml(&canon);
    assert_no_pay(&out, &needles, &baseline.path().join("site"));
    let exports = dir.path().join("exports");
    let output = jobframe(
        dir.path(),
        &[
            "export",
            "--canon",
            "canon",
            "--out",
            exports.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!exports.join("pay.csv").exists());
    // The exports are those of the canon without pay.yaml, byte for byte.
    let output = jobframe(
        baseline.path(),
        &["export", "--canon", "canon", "--out", "exports"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(common::tree(&exports) == common::tree(&baseline.path().join("exports")));
    // pay.yaml is still checked, and its errors still stop the build.
    let pay = canon.join("pay.yaml");
    let text = std::fs::read_to_string(&pay).unwrap();
    std::fs::write(&pay, text.replacen("currency: USD", "currency: USX", 1)).unwrap();
    let output = jobframe(dir.path(), &["check", "--canon", "canon"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        common::stdout(&output).starts_with(
            "error[JF0703]: zones[0].currency: `USX` is not an ISO 4217 currency code such as `USD`, `EUR` or `GBP`; did you mean `USD`?\n  --> canon/pay.yaml:10:5\n"
        ),
        "{}",
        common::stdout(&output)
    );
    let output = jobframe(
        dir.path(),
        &["build", "--canon", "canon", "--out", out.to_str().unwrap()],
    );
    assert!(!output.status.success());
}

/// A copy of the bundled canon whose ladder-wide US range at P5 started at 125,000.
fn previous_release() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("canon"), dir.path()).unwrap();
    let pay = dir.path().join("pay.yaml");
    let text = std::fs::read_to_string(&pay).unwrap();
    let edited = text.replacen("P5: { min: 130000,", "P5: { min: 125000,", 1);
    assert_ne!(text, edited);
    std::fs::write(&pay, edited).unwrap();
    dir
}

#[test]
fn diff_reports_changed_ranges_in_every_format() {
    let old = previous_release();
    let canon = repo().join("canon");
    let run = |format: &str| {
        let output = jobframe(
            &repo(),
            &[
                "diff",
                old.path().to_str().unwrap(),
                canon.to_str().unwrap(),
                "--format",
                format,
                "--color",
                "never",
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        common::stdout(&output)
    };
    let human = run("human");
    assert!(
        human.contains(
            "Pay ranges\n  ~ pay.yaml changed\n  ~ ladder-wide US P5: 125000–150000–170000 → 130000–150000–170000\n"
        ),
        "{human}"
    );
    assert!(human.ends_with("\n1 pay range differs\n"), "{human}");
    let markdown = run("markdown");
    assert!(
        markdown.contains("| Pay ranges | 0 | 0 | 0 | 0 | 1 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("#### Pay ranges\n\n- pay.yaml changed\n- ladder-wide US P5: 125000–150000–170000 → 130000–150000–170000\n"),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["pay"]["ranges"][0]["before"]["min"], "125000");
    assert_eq!(json["pay"]["ranges"][0]["after"]["min"], "130000");
    assert_eq!(json["counts"]["pay_ranges"]["changed"], 1);
}

#[test]
fn the_changes_page_shows_pay_changes_only_when_the_site_publishes_pay() {
    let old = previous_release();
    let old_path = old.path().to_str().unwrap().to_string();
    let canon = repo().join("canon");
    let build = |extra: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let mut args = vec![
            "build",
            "--canon",
            canon.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--previous",
            &old_path,
        ];
        args.extend(extra);
        let output = jobframe(out.path(), &args);
        assert!(output.status.success(), "{}", stderr(&output));
        out
    };
    let with_pay = build(&[]);
    let page = std::fs::read_to_string(with_pay.path().join("site/changes/index.html")).unwrap();
    assert!(page.contains("<section id=\"pay\""), "pay section");
    assert!(page.contains("ladder-wide US P5: 125000–150000–170000 → 130000–150000–170000"));
    // Every profile whose US range at P5 comes from the ladder-wide table notes the change and
    // links to the pay section.
    let profile = std::fs::read_to_string(
        with_pay
            .path()
            .join("site/engineering/software-engineering/p5/index.html"),
    )
    .unwrap();
    assert!(
        profile.contains("changes/index.html#pay\">Changed in 2026.4</a>"),
        "note"
    );
    let without = build(&["--without-pay"]);
    let page = std::fs::read_to_string(without.path().join("site/changes/index.html")).unwrap();
    assert!(!page.contains("id=\"pay\""), "no pay section without pay");
    assert!(
        page.contains("Nothing in the canon differs from 2026.4"),
        "{page}"
    );
    let mut needles = pay_needles(&canon);
    needles.extend(pay_needles(old.path()));
    for (name, text) in texts(&without.path().join("site")) {
        if name.ends_with(".html") || name.ends_with(".json") {
            let found: Vec<&String> = needles.iter().filter(|n| occurs(&text, n)).collect();
            assert!(found.is_empty(), "{name}: {found:?}");
        }
    }
}

#[test]
fn the_remaining_rules_are_reported_at_their_place_too() {
    let lines = |pay: &str| {
        let dir = canon_with_pay(pay);
        check_lines(dir.path()).1
    };
    assert_eq!(
        lines("effective_date: \"2026-10-01\"\nperiod: annual\nzones: []\n"),
        [
            "pay.yaml:3:1: error[JF0701]: zones: no zones: add at least one, with its code, name and currency"
        ]
    );
    let many: String = (0..101)
        .map(|n| format!("  - {{code: Z{n}, name: Zone {n}, currency: USD}}\n"))
        .collect();
    assert_eq!(
        lines(&format!(
            "effective_date: \"2026-10-01\"\nperiod: annual\nzones:\n{many}"
        )),
        [
            "pay.yaml:3:1: error[JF0605]: zones: pay structure of 101 zones; the limit is 100: every profile page shows a row per zone; publish regional pay as separate canons"
        ]
    );
    let long = "Z".repeat(70);
    let found = lines(&format!(
        "effective_date: \"2026-10-01\"\nperiod: annual\nzones:\n  - code: {long}\n    name: Long\n    currency: USD\n"
    ));
    assert_eq!(
        found,
        [
            "pay.yaml:4:5: error[JF0406]: zones[0].code: too long (70 characters): codes and slugs have at most 64, as they become file names, URLs and profile IDs"
        ]
    );
    assert_eq!(
        lines("effective_date: \"2026-10-01\"\nperiod: monthly\nzones: []\n"),
        [
            "pay.yaml:2:1: error[JF0304]: period: unknown variant `monthly`, expected `annual` or `hourly`"
        ]
    );
    // A former role code names the role to use.
    let dir = canon_with_pay(&format!(
        "{HEAD}families:\n  SALES:\n    roles:\n      AE:\n        ranges:\n          US:\n            P1: {{ min: 1, max: 2 }}\n"
    ));
    let role = dir.path().join("sales/account-executive.yaml");
    let text = std::fs::read_to_string(&role).unwrap();
    std::fs::write(
        &role,
        text.replacen(
            "code: ACCTEXEC\n",
            "code: ACCTEXEC\naliases:\n  codes: [AE]\n",
            1,
        ),
    )
    .unwrap();
    let (_, found) = check_lines(dir.path());
    assert!(
        found.contains(&"pay.yaml:10:7: error[JF0705]: families.SALES.roles.AE: no role with code `AE` in family `SALES` (Sales); it is a former code of `ACCTEXEC` (Account Executive): use `ACCTEXEC`".to_string()),
        "{found:#?}"
    );
}

#[test]
fn overlong_codes_in_pay_yaml_are_quoted_short_and_reported_once() {
    let long = |c: &str| c.repeat(1000);
    let dir = canon_with_pay(&format!(
        "{HEAD}ranges:\n  US:\n    {}: {{min: 1, max: 2}}\n  {}:\n    P1: {{min: 1, max: 2}}\nfamilies:\n  {}:\n    ranges:\n      US:\n        P1: {{min: 1, max: 2}}\n    roles:\n      X: {{}}\n",
        long("P"),
        long("Z"),
        long("F")
    ));
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 1);
    let too_long = "(1,000 characters): too long (1,000 characters): codes and slugs have at most 64, as they become file names, URLs and profile IDs";
    let p64 = "P".repeat(64);
    let z64 = "Z".repeat(64);
    let f64 = "F".repeat(64);
    assert_eq!(
        lines,
        [
            format!("pay.yaml:9:5: error[JF0406]: ranges.US.{p64}… {too_long}"),
            format!("pay.yaml:10:3: error[JF0406]: ranges.{z64}… {too_long}"),
            format!("pay.yaml:13:3: error[JF0406]: families.{f64}… {too_long}"),
        ]
    );
}
