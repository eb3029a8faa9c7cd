//! Problems found in a canon: where they are (file, YAML path, line:col) and how they print.

use std::fmt;

use serde::Serialize;

pub use crate::codes::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One step of a YAML path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
    /// A list item shown with the name editors know it by: `levels[3] (P3)`.
    Named(usize, String),
}

/// Where a value sits inside its YAML document, e.g. `levels.P5.jfm_responsibilities[2]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YamlPath(pub Vec<Segment>);

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_string()));
        YamlPath(segments)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        YamlPath(segments)
    }

    /// The list item `index`, shown with its `name` (a level's or track's code).
    pub fn named(&self, index: usize, name: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(if name.trim().is_empty() {
            Segment::Index(index)
        } else {
            Segment::Named(index, crate::canon::limits::excerpt(name).into_owned())
        });
        YamlPath(segments)
    }

    /// Parses the dotted form; keys containing `.` or `[` cannot be written this way.
    pub fn parse(text: &str) -> Self {
        let mut path = YamlPath::root();
        for part in text.split('.').filter(|part| !part.is_empty()) {
            let (key, indices) = match part.find('[') {
                Some(at) => (&part[..at], &part[at..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                path = path.key(key);
            }
            for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
                match index.parse() {
                    Ok(index) => path = path.index(index),
                    Err(_) => path = path.key(index),
                }
            }
        }
        path
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if n == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Named(index, name) => write!(f, "[{index}] ({name})")?,
            }
        }
        Ok(())
    }
}

/// 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The line and column of byte `offset` in `text` (clamped to the text, and back to the
    /// start of a character it falls inside).
    pub fn in_text(text: &str, offset: usize) -> Position {
        Places::new(text).of(offset)
    }
}

/// The positions of byte offsets in `text`, found in one pass over it when the offsets come in
/// ascending order (as a page's links do): a page of many links costs one reading, not one per
/// link.
pub struct Places<'t> {
    text: &'t str,
    /// Where the count stands: a byte offset and its position.
    at: usize,
    position: Position,
}

impl<'t> Places<'t> {
    pub fn new(text: &'t str) -> Self {
        Places {
            text,
            at: 0,
            position: Position { line: 1, column: 1 },
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to the start of a
    /// character it falls inside; an offset before the last one asked for starts the count
    /// again).
    pub fn of(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            *self = Places::new(self.text);
        }
        for c in self.text[self.at..offset].chars() {
            if c == '\n' {
                self.position.line += 1;
                self.position.column = 1;
            } else {
                self.position.column += 1;
            }
        }
        self.at = offset;
        self.position
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is; docs/errors.md explains each code.
    pub code: Code,
    /// File relative to the canon root, `/`-separated; empty for canon-wide problems.
    pub file: String,
    pub path: YamlPath,
    pub message: String,
    /// Filled in by the loader, which has the source text.
    pub position: Option<Position>,
    /// Another place the problem involves: the first use of a duplicated code.
    pub related: Option<Box<Related>>,
}

/// A second place a diagnostic names, located like the diagnostic itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Says what is there, e.g. `first used`.
    pub what: &'static str,
    pub file: String,
    pub path: YamlPath,
    pub position: Option<Position>,
}

impl Diagnostic {
    pub fn error(code: Code, file: &str, path: YamlPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_string(),
            path,
            message: message.into(),
            position: None,
            related: None,
        }
    }

    pub fn warning(code: Code, file: &str, path: YamlPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, path, message)
        }
    }

    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Names a second place: `what` it is (`first used`) at `path` in `file`.
    pub fn also(self, what: &'static str, file: &str, path: YamlPath) -> Self {
        self.with_related(what, file, path, None)
    }

    /// Names a second place in the same kind of way, already located: `what` is at `position`
    /// of `file` (for a duplicate key, whose YAML path cannot tell its two places apart).
    pub fn also_at(self, what: &'static str, file: &str, position: Position) -> Self {
        self.with_related(what, file, YamlPath::root(), Some(position))
    }

    fn with_related(
        mut self,
        what: &'static str,
        file: &str,
        path: YamlPath,
        position: Option<Position>,
    ) -> Self {
        self.related = Some(Box::new(Related {
            what,
            file: file.to_string(),
            path,
            position,
        }));
        self
    }

    /// The message with the second place, if any: `…; first used at ladder.yaml:30:5
    /// (levels[2] (P3).code)`.
    fn full_message(&self, canon_dir: &str) -> String {
        match &self.related {
            None => self.message.clone(),
            Some(related) => format!("{}; {}", self.message, related.describe(canon_dir)),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `dir/file.yaml:41:7: error[JF0506]: levels.P9: message`, with `dir` the canon folder as
    /// given.
    pub fn render(&self, canon_dir: &str) -> String {
        let mut out = String::new();
        if !self.file.is_empty() {
            out.push_str(&join_display(canon_dir, &self.file));
            if let Some(position) = self.position {
                out.push_str(&format!(":{}:{}", position.line, position.column));
            }
            out.push_str(": ");
        }
        out.push_str(&format!("{}[{}]: ", self.severity.as_str(), self.code));
        if !self.path.is_root() {
            out.push_str(&format!("{}: ", self.path));
        }
        out.push_str(&self.full_message(canon_dir));
        out
    }

    /// The diagnostic as a compiler shows it: its title with the code, then `--> file:line:col`
    /// and the line it is about (`lines` are its file's lines), with `^` under the spot. Without
    /// a position or the file's text, the one-line form of [`Diagnostic::render`].
    pub fn render_snippet(&self, canon_dir: &str, lines: Option<&[&str]>, styled: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let Some(position) = self.position else {
            return self.render(canon_dir);
        };
        let Some(text) = lines.and_then(|lines| lines.get(position.line.checked_sub(1)?)) else {
            return self.render(canon_dir);
        };
        if text.len() > SNIPPET_LINE_MAX {
            // A pasted megabyte on one line: finding the spot in it for each of its problems
            // would cost more than the check. The one-line form says where it is.
            return self.render(canon_dir);
        }
        let path = join_display(canon_dir, &self.file);
        let (message, parser_note) = match self.message.split_once(" (the YAML parser says: ") {
            Some((ours, theirs)) => (ours, theirs.strip_suffix(')')),
            None => (self.message.as_str(), None),
        };
        let title = if self.path.is_root() {
            message.to_string()
        } else {
            format!("{}: {message}", self.path)
        };
        let (text, span) = window(text, token_span(text, position.column));
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(title).id(self.code.as_str()))
            .element(
                Snippet::source(text)
                    .line_start(position.line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        if let Some(related) = &self.related {
            group = group.element(Level::NOTE.message(related.describe(canon_dir)));
        }
        if let Some(note) = parser_note {
            group = group.element(Level::NOTE.message(format!("the YAML parser says: {note}")));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }

    /// One JSON object per line, for CI annotations.
    pub fn to_json_line(&self, canon_dir: &str) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            severity: Severity,
            code: Code,
            file: String,
            line: Option<usize>,
            column: Option<usize>,
            path: String,
            message: &'a str,
        }
        let line = Line {
            severity: self.severity,
            code: self.code,
            file: if self.file.is_empty() {
                String::new()
            } else {
                join_display(canon_dir, &self.file)
            },
            line: self.position.map(|p| p.line),
            column: self.position.map(|p| p.column),
            path: self.path.to_string(),
            message: &self.full_message(canon_dir),
        };
        serde_json::to_string(&line).expect("a diagnostic always serializes")
    }
}

impl Related {
    /// `first used at ladder.yaml:30:5 (levels[2] (P3).code)`.
    fn describe(&self, canon_dir: &str) -> String {
        let place = match self.position {
            Some(p) => format!(
                "{}:{}:{}",
                join_display(canon_dir, &self.file),
                p.line,
                p.column
            ),
            None => join_display(canon_dir, &self.file),
        };
        if self.path.is_root() {
            format!("{} at {place}", self.what)
        } else {
            format!("{} at {place} ({})", self.what, self.path)
        }
    }
}

/// Lines longer than this (far past the 2,000-character warning) are not shown in a snippet.
const SNIPPET_LINE_MAX: usize = 8 * 1024;

/// At most this many bytes of a line are shown on either side of the spot a diagnostic marks.
const SHOWN_AROUND: usize = 120;

/// The part of a long `line` around `span`, with `…` where it was cut, and the span within it;
/// showing a whole line of half a megabyte for each of its problems would take minutes.
fn window(line: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let floor = |at: usize| {
        (0..=at)
            .rev()
            .find(|i| line.is_char_boundary(*i))
            .unwrap_or(0)
    };
    let ceil = |at: usize| {
        (at..=line.len())
            .find(|i| line.is_char_boundary(*i))
            .unwrap_or(line.len())
    };
    let start = floor(span.start.saturating_sub(SHOWN_AROUND));
    let end = ceil((span.end + SHOWN_AROUND).min(line.len()));
    let span_end = ceil(span.end.min(span.start + 2 * SHOWN_AROUND));
    let (before, after) = (
        if start > 0 { "…" } else { "" },
        if end < line.len() { "…" } else { "" },
    );
    let shown = format!("{before}{}{after}", &line[start..end]);
    let shift = before.len();
    (
        shown,
        span.start - start + shift..span_end.min(end) - start + shift,
    )
}

/// The byte range in `line` of the word starting at character `column` (1-based), up to the
/// next space, `:`, `,`, `]` or `}` (a whole `[text](link)` for a Markdown link); or of the run of white space starting there (a tab, an indentation); an
/// empty range at the end of the line.
fn token_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let rest = &line[start..];
    // A Markdown link, `[text](dest)`: the whole of it.
    if rest.starts_with('[')
        && let Some(open) = rest.find("](")
        && let Some(close) = rest[open..].find(')')
    {
        return start..start + open + close + 1;
    }
    let in_space = rest.starts_with(char::is_whitespace);
    let length = rest
        .char_indices()
        .find(|(at, c)| {
            *at > 0 && (c.is_whitespace() != in_space || (!in_space && ":,]}".contains(*c)))
        })
        .map_or(rest.len(), |(at, _)| at);
    start..start + length
}

/// `dir/file` as messages show it: just `file` when `dir` is empty or `.`.
pub(crate) fn join_display(dir: &str, file: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// Sorts diagnostics into a stable order: file, line, column, path, message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.position, &a.path, a.severity, &a.message)
            .cmp(&(&b.file, b.position, &b.path, b.severity, &b.message))
    });
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_round_trips_through_text() {
        let path = YamlPath::parse("levels.P5.jfm_responsibilities[2]");
        assert_eq!(path.to_string(), "levels.P5.jfm_responsibilities[2]");
        assert_eq!(path.0.len(), 4);
        assert_eq!(path.0[3], Segment::Index(2));
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::error(
            Code::UnknownLevel,
            "sales/ae.yaml",
            YamlPath::parse("levels.P9"),
            "no level P9 in the ladder",
        )
        .at(Position {
            line: 41,
            column: 7,
        });
        assert_eq!(
            d.render("canon"),
            "canon/sales/ae.yaml:41:7: error[JF0506]: levels.P9: no level P9 in the ladder"
        );
    }

    #[test]
    fn places_are_counted_in_one_pass_and_restart_when_asked_backwards() {
        let at = |line, column| Position { line, column };
        let text = "ab\ncé\n\nx";
        let mut places = Places::new(text);
        assert_eq!(places.of(0), at(1, 1));
        assert_eq!(places.of(4), at(2, 2));
        assert_eq!(places.of(text.len()), at(4, 2));
        assert_eq!(places.of(1), at(1, 2));
        assert_eq!(Position::in_text(text, 6), at(2, 3));
        // Inside `é` (bytes 4 and 5): the position of its start.
        assert_eq!(Position::in_text(text, 5), at(2, 2));
    }

    #[test]
    fn snippets_mark_the_word_and_cut_long_lines_around_it() {
        assert_eq!(token_span("    sumary: x", 5), 4..10);
        assert_eq!(token_span("\tsummary: x", 1), 0..1);
        assert_eq!(token_span("  slugs: [planning]", 11), 10..18);
        assert_eq!(token_span("see [a](id:X.Y.Z) and", 5), 4..17);
        let long = format!("{}HERE{}", "a ".repeat(200), " b".repeat(200));
        let (shown, span) = window(&long, 400..404);
        assert_eq!(&shown[span], "HERE");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.len() < 260, "{}", shown.len());
        let d = Diagnostic::error(Code::BrokenCanonLink, "pages/x.md", YamlPath::root(), "no")
            .at(Position { line: 1, column: 3 });
        let huge = "x".repeat(SNIPPET_LINE_MAX + 1);
        assert_eq!(
            d.render_snippet("", Some(&[huge.as_str()]), false),
            "pages/x.md:1:3: error[JF0805]: no"
        );
    }

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(did_you_mean("scpe", ["scope", "impact"]), Some("scope"));
        assert_eq!(did_you_mean("zzz", ["scope", "impact"]), None);
    }
}
