//! Writes a deterministic synthetic canon of any size, for benchmarks and scale tests:
//! `cargo run --release --example gen_canon -- --profiles 20000 --seed 1 --out /tmp/canon20k`;
//! `--pay` adds a `pay.yaml` with three zones covering every level, and a family table for
//! every fourth family.
//!
//! The shape follows a real job architecture: families of 8–30 roles, each role with 4–8
//! consecutive levels of one or two tracks, 4–8 responsibilities per profile, both rubrics,
//! about one role in twelve carrying only component responsibilities, some core outputs.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Number of role × level profiles to write.
    #[arg(long, default_value_t = 2000)]
    profiles: usize,
    /// Seed of the generator; the same seed and size give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created; must not exist or be empty).
    #[arg(long)]
    out: PathBuf,
    /// Also write pay.yaml: three zones, every level ladder-wide, every fourth family its own
    /// table. The other files are the same with or without it.
    #[arg(long)]
    pay: bool,
}

/// SplitMix64: tiny, and stable forever, unlike library generators whose streams may change
/// between versions — the benchmark canons must stay the same across releases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const VERBS: &[&str] = &[
    "Owns",
    "Designs",
    "Leads",
    "Plans",
    "Reviews",
    "Improves",
    "Coordinates",
    "Negotiates",
    "Builds",
    "Maintains",
    "Analyses",
    "Delivers",
    "Drives",
    "Shapes",
    "Audits",
    "Forecasts",
    "Mentors",
    "Runs",
    "Sets",
    "Defines",
    "Monitors",
    "Resolves",
    "Prepares",
    "Evaluates",
];
const OBJECTS: &[&str] = &[
    "the quarterly operating plan",
    "supplier contracts",
    "partner enablement programs",
    "customer escalations",
    "release readiness reviews",
    "pricing proposals",
    "the hiring pipeline",
    "compliance controls",
    "data quality checks",
    "regional budgets",
    "service level reports",
    "onboarding journeys",
    "vendor scorecards",
    "risk registers",
    "campaign calendars",
    "capacity models",
    "incident reviews",
    "training curricula",
    "renewal forecasts",
    "process documentation",
    "audit evidence",
    "workforce plans",
    "the product roadmap",
    "account plans",
    "inventory targets",
];
const CONTEXTS: &[&str] = &[
    "for a single team",
    "across two or three teams",
    "for a product area",
    "across a region",
    "for the whole function",
    "with finance and legal partners",
    "within agreed guardrails",
    "against published standards",
    "with minimal guidance",
    "under tight deadlines",
    "for strategic accounts",
    "across business units",
    "with external partners",
    "in a regulated market",
];
const PURPOSES: &[&str] = &[
    "so commitments are met",
    "to reduce rework",
    "to keep costs predictable",
    "so risks surface early",
    "to raise customer satisfaction",
    "so decisions are traceable",
    "to shorten cycle times",
    "so stakeholders stay aligned",
    "to protect margins",
    "to improve forecast accuracy",
];
const NOUNS: &[&str] = &[
    "Planning",
    "Analytics",
    "Operations",
    "Partnerships",
    "Programs",
    "Quality",
    "Delivery",
    "Insights",
    "Enablement",
    "Compliance",
    "Strategy",
    "Services",
    "Platforms",
    "Procurement",
    "Research",
    "Support",
];
const AREAS: &[&str] = &[
    "Revenue",
    "Supply",
    "Customer",
    "Product",
    "Data",
    "People",
    "Risk",
    "Brand",
    "Field",
    "Channel",
    "Finance",
    "Legal",
    "Security",
    "Growth",
    "Workplace",
    "Content",
];

struct Track {
    code: &'static str,
    levels: usize,
}

const TRACKS: [Track; 4] = [
    Track {
        code: "S",
        levels: 4,
    },
    Track {
        code: "P",
        levels: 8,
    },
    Track {
        code: "M",
        levels: 6,
    },
    Track {
        code: "E",
        levels: 6,
    },
];

fn sentence(rng: &mut Rng, level: usize) -> String {
    let context = CONTEXTS[(rng.below(CONTEXTS.len() / 2) + level) % CONTEXTS.len()];
    format!(
        "{} {} {} {}",
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        context,
        rng.pick(PURPOSES)
    )
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_ladder(out: &Path) {
    let mut yaml = String::from("tracks:\n");
    for track in &TRACKS {
        let _ = writeln!(
            yaml,
            "  - code: {}\n    name: Track {}\n    description: Levels of the {} track.",
            track.code, track.code, track.code
        );
    }
    yaml.push_str("levels:\n");
    for track in &TRACKS {
        for n in 1..=track.levels {
            let code = format!("{}{n}", track.code);
            let _ = writeln!(
                yaml,
                "  - code: {code}\n    name: Level {code}\n    track: {}\n    years: \"{}–{}\"\n    meaning: Work at level {code}.\n    dimensions:",
                track.code,
                n * 2,
                n * 2 + 3
            );
            for key in [
                "scope",
                "autonomy",
                "complexity",
                "impact",
                "decision_rights",
                "leadership",
            ] {
                let _ = writeln!(yaml, "      {key}: {key} expected at {code}");
            }
        }
    }
    fs::write(out.join("ladder.yaml"), yaml).expect("write ladder.yaml");
}

/// One role: a run of consecutive levels in one track (sometimes two tracks).
fn role_levels(rng: &mut Rng, wanted: usize) -> Vec<String> {
    let track = &TRACKS[[0, 1, 1, 1, 2, 2, 3][rng.below(7)]];
    let count = rng.between(4, 8).min(wanted).min(track.levels);
    let start = rng.below(track.levels - count + 1) + 1;
    let mut levels: Vec<String> = (start..start + count)
        .map(|n| format!("{}{n}", track.code))
        .collect();
    if track.code == "P" && levels.len() < wanted && rng.below(3) == 0 {
        levels.extend((2..=3).map(|n| format!("M{n}")).take(wanted - levels.len()));
    }
    levels
}

fn write_role(rng: &mut Rng, path: PathBuf, code: &str, name: &str, levels: &[String]) {
    let component_only = rng.below(12) == 0;
    let mut yaml = format!(
        "code: {code}\nname: {}\ndescription: {}\nlevels:\n",
        quoted(name),
        quoted(&format!(
            "{name} work, from first assignments to the widest scope."
        ))
    );
    let mut previous: Vec<String> = Vec::new();
    for (index, level) in levels.iter().enumerate() {
        let _ = writeln!(
            yaml,
            "  {level}:\n    summary: {}",
            quoted(&format!("{name} at {level}: {}.", sentence(rng, index)))
        );
        // Adjacent levels never share a line (the checker would rightly warn).
        let count = rng.between(4, 8);
        let mut lines: Vec<String> = Vec::new();
        while lines.len() < count {
            let line = sentence(rng, index);
            if !previous.contains(&line) && !lines.contains(&line) {
                lines.push(line);
            }
        }
        if component_only {
            yaml.push_str("    components:\n      responsibilities:\n");
            for line in &lines {
                let _ = writeln!(yaml, "        - {}", quoted(&format!("{line}.")));
            }
        } else {
            if rng.below(6) == 0 {
                let _ = writeln!(
                    yaml,
                    "    core_outputs:\n      - {}",
                    quoted(&format!("{} for {level}", rng.pick(OBJECTS)))
                );
            }
            yaml.push_str("    jfm_responsibilities:\n");
            for line in &lines {
                let _ = writeln!(yaml, "      - {}", quoted(line));
            }
            let skills = [rng.pick(NOUNS), rng.pick(AREAS)]
                .map(|skill| quoted(&format!("{skill} at {level}")));
            let _ = writeln!(
                yaml,
                "    components:\n      skills:\n        - {}\n        - {}",
                skills[0], skills[1]
            );
        }
        let _ = writeln!(
            yaml,
            "    rubrics:\n      complexity: {}\n      knowledge_application: {}",
            quoted(&format!(
                "At {level}, solves problems that {}.",
                sentence(rng, index + 1).to_lowercase()
            )),
            quoted(&format!(
                "Applies knowledge of {} {} at {level}.",
                rng.pick(OBJECTS),
                rng.pick(CONTEXTS)
            ))
        );
        previous = lines;
    }
    fs::write(path, yaml).expect("write role");
}

/// `pay.yaml` for a canon of `families` families: ranges rise with the level in every track.
fn write_pay(out: &Path, families: usize) {
    let zones = [("US", "USD", 100), ("UK", "GBP", 62), ("DE", "EUR", 66)];
    let mut yaml = String::from("effective_date: \"2026-01-01\"\nperiod: annual\nzones:\n");
    for (code, currency, _) in zones {
        let _ = writeln!(
            yaml,
            "  - code: {code}\n    name: Zone {code}\n    currency: {currency}"
        );
    }
    let table = |yaml: &mut String, indent: &str, bump: usize| {
        for (code, _, percent) in zones {
            let _ = writeln!(yaml, "{indent}{code}:");
            for track in &TRACKS {
                for n in 1..=track.levels {
                    let min = (40 + n * 15 + bump) * percent * 10;
                    let _ = writeln!(
                        yaml,
                        "{indent}  {}{n}: {{ min: {min}, mid: {}, max: {} }}",
                        track.code,
                        min * 115 / 100,
                        min * 130 / 100
                    );
                }
            }
        }
    };
    yaml.push_str("ranges:\n");
    table(&mut yaml, "  ", 0);
    yaml.push_str("families:\n");
    for family in (4..=families).step_by(4) {
        let _ = writeln!(yaml, "  F{family:04}:\n    ranges:");
        table(&mut yaml, "      ", 5);
    }
    fs::write(out.join("pay.yaml"), yaml).expect("write pay.yaml");
}

fn main() {
    let args = Args::parse();
    if args.out.exists()
        && fs::read_dir(&args.out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: `{}` exists and is not empty; pass a new folder with --out",
            args.out.display()
        );
        std::process::exit(2);
    }
    fs::create_dir_all(&args.out).expect("create output folder");
    let mut rng = Rng(args.seed);
    fs::write(
        args.out.join("canon.yaml"),
        format!("name: Synthetic\nsite_title: Synthetic canon ({} profiles)\nversion: \"seed-{}\"\neffective_date: \"2026-01-01\"\n", args.profiles, args.seed),
    )
    .expect("write canon.yaml");
    write_ladder(&args.out);
    let (mut written, mut family) = (0, 0);
    while written < args.profiles {
        family += 1;
        let slug = format!("family-{family:04}");
        let dir = args.out.join(&slug);
        fs::create_dir_all(&dir).expect("create family folder");
        let name = format!("{} {} {family}", rng.pick(AREAS), rng.pick(NOUNS));
        fs::write(
            dir.join("family.yaml"),
            format!(
                "code: F{family:04}\nname: {}\ndescription: {}\n",
                quoted(&name),
                quoted(&format!("The {name} family."))
            ),
        )
        .expect("write family.yaml");
        for role in 1..=rng.between(8, 30) {
            if written >= args.profiles {
                break;
            }
            let levels = role_levels(&mut rng, args.profiles - written);
            let name = format!("{} {} {role}", rng.pick(AREAS), rng.pick(NOUNS));
            write_role(
                &mut rng,
                dir.join(format!("role-{role:03}.yaml")),
                &format!("R{role:03}"),
                &name,
                &levels,
            );
            written += levels.len();
        }
    }
    if args.pay {
        write_pay(&args.out, family);
    }
    eprintln!(
        "wrote {written} profiles in {family} families to {}",
        args.out.display()
    );
}
