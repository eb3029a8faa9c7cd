//! The command line: argument definitions and the dispatch to each command.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build::{self, BuildOptions};
use crate::canon::files::{self, FileKind};
use crate::changes::{self, report};
use crate::codes::Code;
use crate::console::{
    self, EXIT_CANON_ERRORS, EXIT_DIFFERENCES, EXIT_OK, EXIT_USAGE_OR_IO, Reporter, plural, say,
};
use crate::data::import::{self, read};
use crate::load::source::CanonSource;
use crate::serve::{self, ServeOptions};
use crate::site::api;
use crate::{data, load};

#[derive(Debug, Parser)]
#[command(
    name = "jobframe",
    version,
    about = "Publish a job architecture (the canon: families, roles, levels) as a static intranet site.",
    long_about = None,
    after_help = "Exit status: 0 success (warnings allowed), 1 canon or theme errors, 2 usage or I/O errors.\n\
                  Docs: README.md and docs/canon.md in the jobframe repository."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and validate the whole canon; report every problem as file:line:col.
    Check {
        /// The canon folder (holds canon.yaml and ladder.yaml).
        #[arg(long, default_value = "canon", value_name = "DIR")]
        canon: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Colour the human format: auto colours a terminal unless NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
    },
    /// Build the site: every page and data file, the search index, robots.txt and the sitemap.
    ///
    /// Writes every page, the search index, the data files (api/canon.json, one JSON document
    /// per profile under api/profiles/, the CSV tables and canon.xlsx under downloads/, a
    /// goals.txt beside each goal templates page; docs/data.md), robots.txt and, when
    /// canon.yaml sets base_url, sitemap.xml, into a staging folder that replaces the output
    /// folder once complete.
    Build {
        /// The canon folder (holds canon.yaml and ladder.yaml).
        #[arg(long, default_value = "canon", value_name = "DIR")]
        canon: PathBuf,
        /// A theme folder (templates/ and static/) to use instead of the built-in theme, which is
        /// a copy of the jobframe repository's theme/ folder.
        #[arg(long, value_name = "DIR")]
        theme: Option<PathBuf>,
        /// The output folder; replaced as a whole, and only if jobframe created it.
        #[arg(long, default_value = "site", value_name = "DIR")]
        out: PathBuf,
        /// The previous release, a folder or git:REV or git:REV:PATH, e.g. git:v2026.3: adds a
        /// changes/ page saying what changed since, and a "Changed in" note on each changed
        /// profile page.
        #[arg(long, value_name = "OLD", value_parser = parse_source)]
        previous: Option<CanonSource>,
        /// Publish no pay: no range, currency or zone from pay.yaml in any file (as
        /// `publish_pay: false` in canon.yaml, which this overrides). pay.yaml is still checked.
        #[arg(long)]
        without_pay: bool,
    },
    /// Preview the site over HTTP; rebuild and reload open pages on every change.
    ///
    /// Builds into a temporary folder (removed on Ctrl-C) and serves it; while the canon has
    /// errors the last good site stays up and every page shows them.
    Serve {
        /// The canon folder to publish and watch.
        #[arg(long, default_value = "canon", value_name = "DIR")]
        canon: PathBuf,
        /// A theme folder to use instead of the built-in theme; watched too.
        #[arg(long, value_name = "DIR")]
        theme: Option<PathBuf>,
        /// The TCP port to listen on; 0 picks a free one (the printed URL shows it).
        #[arg(long, default_value_t = 1111, value_name = "PORT")]
        port: u16,
        /// The address to listen on. Anything but a loopback address makes the preview reachable
        /// from other machines.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: IpAddr,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
        /// Abandon a (re)build still running after this many seconds, keep serving the last good
        /// site and rebuild on the next save; 0 means no limit.
        #[arg(long, default_value_t = 60.0, value_name = "SECONDS", value_parser = parse_seconds)]
        build_timeout: f64,
        /// The previous release, as for build: each rebuild adds the changes/ page and the
        /// "Changed in" notes, so release notes can be previewed while the canon is edited.
        #[arg(long, value_name = "OLD", value_parser = parse_source)]
        previous: Option<CanonSource>,
        /// Preview the site without pay, as `build --without-pay` publishes it.
        #[arg(long)]
        without_pay: bool,
    },
    /// Write the canon's data files (JSON, CSV, XLSX) into a folder, without building the site.
    ///
    /// The same files a build publishes under api/ and downloads/, side by side in one folder:
    /// canon.json and profiles/<ID>.json (json); profiles.csv, lines.csv, roles.csv,
    /// families.csv, ladder.csv, tracks.csv and settings.csv (csv); canon.xlsx (xlsx).
    /// Files of those names are replaced; nothing else in the folder is touched. A canon with
    /// errors is reported as `check` reports it, and nothing is written. docs/data.md describes
    /// every file and column.
    Export {
        /// The canon folder (holds canon.yaml and ladder.yaml).
        #[arg(long, default_value = "canon", value_name = "DIR")]
        canon: PathBuf,
        /// The formats to write, comma-separated or repeated; all three when left out.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMAT")]
        format: Vec<ExportFormat>,
        /// The folder to write into; created if missing.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Leave pay out of every file, as `build --without-pay` does.
        #[arg(long)]
        without_pay: bool,
    },
    /// Turn a workbook or a folder of CSV files (the export's tables) into a new canon folder.
    ///
    /// Reads canon.xlsx (sheets Settings, Ladder, Tracks, Families, Roles, Profiles, Lines) or a
    /// folder of the same tables as CSV (settings.csv, ladder.csv, …, as `jobframe export
    /// --format csv` writes them). Settings, Ladder and Profiles are required; the others may be
    /// left out of a hand-made workbook (docs/data.md). Every problem is reported at its cell
    /// (`canon.xlsx: Profiles!C14`, `profiles.csv:14:3`), together with what `jobframe check`
    /// would say of the result; nothing is written unless there are no errors.
    Import {
        /// The workbook (.xlsx) or the folder holding the CSV files.
        #[arg(value_name = "FILE.xlsx|FOLDER")]
        source: PathBuf,
        /// The canon folder to write; it must not exist yet or be empty.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Compare two canons by meaning: settings, ladder, roles, profiles, pay, guides.
    ///
    /// Each side is a canon folder or git:REV or git:REV:PATH, a commit of the Git repository the command
    /// runs in (PATH defaults to canon): `jobframe diff git:origin/main canon` reviews a branch.
    /// Renames listed in aliases are reported as renames, reordered lists as reordered, and
    /// edits that change no canon text (whitespace, key order, comments) not at all. A canon
    /// with errors is reported as `check` reports it. Exit status: 0 no differences, 1
    /// differences, 2 errors. docs/review.md shows the review workflow.
    Diff {
        /// The old canon: a folder, or git:REV or git:REV:PATH, e.g. git:HEAD or git:v2026.1:canon.
        #[arg(value_name = "OLD", value_parser = parse_source)]
        old: CanonSource,
        /// The new canon: a folder, or git:REV or git:REV:PATH.
        #[arg(value_name = "NEW", value_parser = parse_source)]
        new: CanonSource,
        /// How to print the differences.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Colour the human format: auto colours a terminal unless NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
    },
    /// Print the JSON Schema of a canon file or of a JSON document jobframe writes.
    ///
    /// The canon files' schemas are for editors' YAML language servers; `profile` and `canon`
    /// describe the JSON documents the build writes (api/profiles/<ID>.json and api/canon.json,
    /// docs/data.md), `diff` the output of `jobframe diff --format json` (docs/review.md).
    Schema {
        /// Which file's schema to print.
        #[arg(value_enum)]
        kind: Option<SchemaKind>,
        /// Write all eight schemas as <kind>.json into this folder instead of printing one.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        write: Option<PathBuf>,
    },
    /// Explain a diagnostic code (`error[JF0301]`): what it means, an example and the fix.
    ///
    /// Without a code, lists every code with its title. The entries are those of docs/errors.md.
    Explain {
        /// The code, e.g. JF0301 (any case; `0301` and `301` work too).
        code: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style: `error[JF0301]: path: message`, `--> file:line:col`, the line with a caret; then a summary on stderr.
    Human,
    /// One JSON object per diagnostic per line (severity, code, file, line, column, path, message), for CI annotations.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A report for the terminal, coloured on a terminal.
    Human,
    /// A pull-request comment: a summary table, then one collapsible block per family.
    Markdown,
    /// One JSON document (`jobframe schema diff`, docs/review.md).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour standard output.
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |term| term != "dumb")
            }
        }
    }
}

fn parse_source(text: &str) -> Result<CanonSource, String> {
    CanonSource::parse(text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// canon.json and one document per profile under profiles/
    Json,
    /// One CSV file per table
    Csv,
    /// canon.xlsx: every table as a sheet
    Xlsx,
}

impl ExportFormat {
    fn data_format(self) -> data::Format {
        match self {
            ExportFormat::Json => data::Format::Json,
            ExportFormat::Csv => data::Format::Csv,
            ExportFormat::Xlsx => data::Format::Xlsx,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// canon.yaml
    Settings,
    /// ladder.yaml
    Ladder,
    /// <family>/family.yaml
    Family,
    /// <family>/<role>.yaml
    Role,
    /// pay.yaml, the optional pay ranges
    Pay,
    /// api/profiles/<ID>.json in the built site (docs/data.md)
    Profile,
    /// api/canon.json in the built site: the whole canon (docs/data.md)
    Canon,
    /// The output of `jobframe diff --format json` (docs/review.md)
    Diff,
}

impl SchemaKind {
    const ALL: [SchemaKind; 8] = [
        SchemaKind::Settings,
        SchemaKind::Ladder,
        SchemaKind::Family,
        SchemaKind::Role,
        SchemaKind::Pay,
        SchemaKind::Profile,
        SchemaKind::Canon,
        SchemaKind::Diff,
    ];

    /// The canon file this kind describes; `None` for the built site's JSON documents.
    fn file_kind(self) -> Option<FileKind> {
        match self {
            SchemaKind::Settings => Some(FileKind::Settings),
            SchemaKind::Ladder => Some(FileKind::Ladder),
            SchemaKind::Family => Some(FileKind::Family),
            SchemaKind::Role => Some(FileKind::Role),
            SchemaKind::Pay => Some(FileKind::Pay),
            SchemaKind::Profile | SchemaKind::Canon | SchemaKind::Diff => None,
        }
    }

    /// The kind's name on the command line and in `--write`'s file names.
    fn name(self) -> &'static str {
        match self {
            SchemaKind::Profile => "profile",
            SchemaKind::Canon => "canon",
            SchemaKind::Diff => "diff",
            other => other.file_kind().map_or("", FileKind::name),
        }
    }

    fn json_schema(self) -> schemars::Schema {
        match (self, self.file_kind()) {
            (_, Some(kind)) => kind.json_schema(),
            (SchemaKind::Canon, None) => data::canon_json::json_schema(),
            (SchemaKind::Diff, None) => changes::json_schema(),
            (_, None) => api::json_schema(),
        }
    }
}

/// Runs the parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check {
            canon,
            format,
            color,
        } => check(&canon, format, color.enabled()),
        Command::Build {
            canon,
            theme,
            out,
            previous,
            without_pay,
        } => Ok(build(BuildOptions {
            canon,
            theme,
            out,
            previous,
            without_pay,
            time_limit: None,
            not_found_root: None,
        })),
        Command::Serve {
            canon,
            theme,
            port,
            bind,
            open,
            build_timeout,
            previous,
            without_pay,
        } => serve::run(ServeOptions {
            canon,
            theme,
            port,
            bind,
            open,
            build_timeout: (build_timeout > 0.0).then(|| Duration::from_secs_f64(build_timeout)),
            previous,
            without_pay,
        })
        .map(|()| 0),
        Command::Export {
            canon,
            format,
            out,
            without_pay,
        } => export(&canon, &format, &out, without_pay),
        Command::Schema { kind, write } => schema(kind, write.as_deref()),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Import { source, out } => import(&source, &out),
        Command::Diff {
            old,
            new,
            format,
            color,
        } => diff(&old, &new, format, color),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            say!("error: {error:#}");
            ExitCode::from(EXIT_USAGE_OR_IO)
        }
    }
}

/// A number of seconds: zero or more, at most a day.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if (0.0..=86_400.0).contains(&seconds) => Ok(seconds),
        _ => Err("expected a number of seconds from 0 (no limit) to 86400".to_string()),
    }
}

fn check(dir: &Path, format: Format, styled: bool) -> anyhow::Result<u8> {
    let checked = load::check(dir)?;
    let shown = dir.to_string_lossy();
    let mut out = std::io::stdout().lock();
    // Each cited file split into lines once, however many problems it has.
    let lines: BTreeMap<&str, Vec<&str>> = checked
        .sources
        .iter()
        .map(|(file, text)| (file.as_str(), text.lines().collect()))
        .collect();
    for diagnostic in &checked.diagnostics {
        match format {
            Format::Human => {
                let file_lines = lines.get(diagnostic.file.as_str()).map(Vec::as_slice);
                writeln!(
                    out,
                    "{}\n",
                    diagnostic.render_snippet(&shown, file_lines, styled)
                )?;
            }
            Format::Json => writeln!(out, "{}", diagnostic.to_json_line(&shown))?,
        }
    }
    out.flush()?;
    if format == Format::Human {
        say!("{}", check_summary(&checked));
        if let Some(first) = checked.diagnostics.first() {
            say!(
                "`jobframe explain {}` says what a code means and how to fix it",
                first.code
            );
        }
    }
    Ok(if checked.error_count() > 0 {
        EXIT_CANON_ERRORS
    } else {
        EXIT_OK
    })
}

/// `checked 166 profiles (27 roles, 9 families) and 4 guide pages in 43 files: 0 errors, 1 warning`
/// (guide pages named only when the canon has some).
pub fn check_summary(checked: &load::Checked) -> String {
    let canon = &checked.canon;
    let roles: usize = canon.families.iter().map(|family| family.roles.len()).sum();
    let guides = match canon.guides.len() {
        0 => String::new(),
        count => format!(" and {}", plural(count, "guide page")),
    };
    format!(
        "checked {} ({}, {}){guides} in {}: {}, {}",
        plural(canon.profile_count(), "profile"),
        plural(roles, "role"),
        plural(canon.families.len(), "family"),
        plural(checked.files_read, "file"),
        plural(checked.error_count(), "error"),
        plural(checked.warning_count(), "warning"),
    )
}

/// `jobframe export`: checks the canon, then writes the chosen formats' files.
fn export(
    dir: &Path,
    formats: &[ExportFormat],
    out: &Path,
    without_pay: bool,
) -> anyhow::Result<u8> {
    let mut checked = load::check(dir)?;
    let shown = dir.to_string_lossy();
    for diagnostic in &checked.diagnostics {
        println!("{}", diagnostic.render(&shown));
    }
    if checked.error_count() > 0 {
        say!(
            "{}; nothing was exported",
            check_summary(&checked).replacen("checked", "the canon has errors: checked", 1)
        );
        return Ok(EXIT_CANON_ERRORS);
    }
    let mut chosen: Vec<data::Format> = formats.iter().map(|f| f.data_format()).collect();
    if chosen.is_empty() {
        chosen = vec![data::Format::Json, data::Format::Csv, data::Format::Xlsx];
    }
    checked.canon.withhold_pay(without_pay);
    let exported = data::export::export(&checked.canon, &chosen, out)?;
    for file in &exported.files {
        say!(
            "  {:<14} {:>9}  {}",
            file.export.file_name(),
            console::human_bytes(file.bytes),
            file.export.counted(&checked.canon)
        );
    }
    if exported.documents > 0 {
        say!(
            "  {:<14} {:>9}  {}",
            format!("{}/", data::export::PROFILES_DIR),
            "",
            plural(exported.documents, "document")
        );
    }
    say!(
        "exported {} ({}) to {}",
        plural(checked.canon.profile_count(), "profile"),
        plural(exported.files.len() + exported.documents, "file"),
        out.display()
    );
    Ok(EXIT_OK)
}

/// Reads the source, imports it and, when there are no errors, writes the canon into `out`.
fn import(source: &Path, out: &Path) -> anyhow::Result<u8> {
    read::check_out(out)?;
    let imported = import::import(&read::read_source(source)?);
    let stdout = std::io::stdout();
    let mut lines = stdout.lock();
    for problem in &imported.problems {
        writeln!(lines, "{}", problem.render())?;
    }
    lines.flush()?;
    let counts = format!(
        "{}, {}",
        plural(imported.error_count(), "error"),
        plural(imported.warning_count(), "warning")
    );
    let Some(canon) = imported.canon.as_ref() else {
        say!(
            "imported nothing from {}: {counts}; nothing written to {}",
            source.display(),
            out.display()
        );
        return Ok(EXIT_CANON_ERRORS);
    };
    read::write_files(out, &imported.files)?;
    let roles: usize = canon.families.iter().map(|family| family.roles.len()).sum();
    say!(
        "imported {} ({}, {}) into {}: {counts}",
        plural(canon.profile_count(), "profile"),
        plural(roles, "role"),
        plural(canon.families.len(), "family"),
        out.display()
    );
    Ok(EXIT_OK)
}

/// `jobframe diff`: reads both canons, then prints what differs.
fn diff(
    old: &CanonSource,
    new: &CanonSource,
    format: DiffFormat,
    color: ColorChoice,
) -> anyhow::Result<u8> {
    let (before, after) = rayon::join(|| old.read(), || new.read());
    let (before, after) = (before?, after?);
    let mut failed = false;
    for (side, source, checked) in [("old", old, &before), ("new", new, &after)] {
        if checked.error_count() == 0 {
            continue;
        }
        failed = true;
        let shown = source.to_string();
        for diagnostic in &checked.diagnostics {
            say!("{}", diagnostic.render(&shown));
        }
        say!(
            "error: the {side} canon ({shown}) has {}; fix it (`jobframe check`) before comparing",
            plural(checked.error_count(), "error")
        );
    }
    if failed {
        return Ok(EXIT_USAGE_OR_IO);
    }
    let diff = changes::between(&before.canon, &after.canon);
    let text = match format {
        DiffFormat::Human => report::human::human(&diff, color.enabled()),
        DiffFormat::Markdown => report::markdown::markdown(&diff),
        DiffFormat::Json => format!("{}\n", serde_json::to_string_pretty(&diff)?),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if diff.is_empty() {
        EXIT_OK
    } else {
        EXIT_DIFFERENCES
    })
}

fn schema(kind: Option<SchemaKind>, write: Option<&Path>) -> anyhow::Result<u8> {
    let render = |kind: SchemaKind| files::schema_text(&kind.json_schema());
    match (kind, write) {
        (Some(kind), None) => {
            print!("{}", render(kind));
            Ok(EXIT_OK)
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir)?;
            for kind in SchemaKind::ALL {
                let path = dir.join(format!("{}.json", kind.name()));
                std::fs::write(&path, render(kind)).map_err(|error| {
                    anyhow::anyhow!("cannot write `{}`: {error}", path.display())
                })?;
            }
            say!(
                "wrote {} schemas to {}",
                SchemaKind::ALL.len(),
                dir.display()
            );
            Ok(EXIT_OK)
        }
        _ => anyhow::bail!(
            "name a kind (settings, ladder, family, role, pay, profile, canon, diff) or pass --write DIR"
        ),
    }
}

/// `jobframe explain [CODE]`: one entry of docs/errors.md, or the list of codes.
fn explain(code: Option<&str>) -> anyhow::Result<u8> {
    let Some(wanted) = code else {
        for code in Code::ALL {
            println!("{code}  {}", code.title());
        }
        return Ok(EXIT_OK);
    };
    match Code::parse(wanted) {
        Some(code) => {
            print!("{}", code.explanation());
            Ok(EXIT_OK)
        }
        None => {
            let known: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
            let hint = crate::diagnostics::did_you_mean(&wanted.to_ascii_uppercase(), known)
                .map(|best| format!(" (did you mean `{best}`?)"))
                .unwrap_or_default();
            anyhow::bail!(
                "no code `{}`{hint}: codes look like JF0301, and `jobframe explain` lists them all",
                crate::canon::limits::excerpt(wanted)
            )
        }
    }
}

fn build(options: BuildOptions) -> u8 {
    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = Arc::clone(&stop);
    // First Ctrl-C or SIGTERM: finish the current page, tidy up, exit 130. A second: exit now.
    let handler = ctrlc::set_handler(move || {
        if on_signal.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    if let Err(error) = handler {
        say!(
            "warning: cannot catch Ctrl-C ({error}); an interrupted build may leave a staging folder"
        );
    }
    let bar = console::Bar::new();
    let interactive = std::io::stderr().is_terminal();
    let result = if interactive {
        build::build(&options, &bar, &stop)
    } else {
        build::build(&options, &build::Silent, &stop)
    };
    bar.finish();
    let shown = options.canon.to_string_lossy();
    console::Report::of(&result, &shown, &Reporter::Build { out: &options.out }).print();
    result.map_or_else(|error| error.exit_code(), |_| EXIT_OK)
}
