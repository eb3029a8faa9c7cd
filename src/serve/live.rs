//! Serve mode's live reload, the pure part: the build status, the script tag injected into HTML
//! responses, and the page shown while no build has succeeded yet.

use serde::Serialize;

use crate::render::escape_html;

/// Reserved URL paths; canon slugs are `[a-z0-9-]+`, so no page can take them.
pub const SCRIPT_PATH: &str = "/__jobframe/live.js";
pub const EVENTS_PATH: &str = "/__jobframe/events";
pub const STATUS_PATH: &str = "/__jobframe/status";

/// The live-reload script, compiled in so custom themes get it too.
pub const LIVE_JS: &str = include_str!("live.js");

/// The outcome of the latest build, as `/__jobframe/status` and the event stream report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Whether the latest build succeeded.
    pub ok: bool,
    /// Counts finished builds, successful or not; a page reloads when it changes.
    pub generation: u64,
    /// The latest failure's messages, `file:line:col: error: path: message` for canon errors.
    pub diagnostics: Vec<String>,
    /// Whether any build has succeeded, so that there is a site to serve.
    #[serde(skip)]
    pub has_site: bool,
}

impl Status {
    /// Before the first build.
    pub fn initial() -> Status {
        Status {
            ok: false,
            generation: 0,
            diagnostics: Vec::new(),
            has_site: false,
        }
    }

    /// After a successful build.
    pub fn succeeded(&self) -> Status {
        Status {
            ok: true,
            generation: self.generation + 1,
            diagnostics: Vec::new(),
            has_site: true,
        }
    }

    /// After a failed build: the previous site, if any, is still the one served.
    pub fn failed(&self, diagnostics: Vec<String>) -> Status {
        Status {
            ok: false,
            generation: self.generation + 1,
            diagnostics,
            has_site: self.has_site,
        }
    }
}

/// The tag that loads the live-reload script, carrying the generation the page was served at.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}?g={generation}\" defer></script>")
}

/// Inserts the script tag before the last `</body>` (any case), or appends it when there is none.
pub fn inject(html: &str, generation: u64) -> String {
    let tag = script_tag(generation);
    let lower = html.to_ascii_lowercase();
    let at = lower.rfind("</body").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

/// The page served for every path while no build has succeeded: the diagnostics, escaped.
/// The injected script adds the overlay and reloads once the canon is fixed.
pub fn error_page(status: &Status) -> String {
    let lines: Vec<String> = status.diagnostics.iter().map(|d| escape_html(d)).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>jobframe: the canon has errors</title>\n</head>\n<body>\n\
         <h1>The site could not be built</h1>\n<pre>{}</pre>\n\
         <p>Fix the canon and save: this page reloads by itself.</p>\n</body>\n</html>\n",
        lines.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_closing_body_tag_in_any_case() {
        let html = "<html><body><p>&lt;/body&gt;</p></BODY></html>";
        assert_eq!(
            inject(html, 3),
            "<html><body><p>&lt;/body&gt;</p><script src=\"/__jobframe/live.js?g=3\" defer></script></BODY></html>"
        );
    }

    #[test]
    fn appends_when_there_is_no_body_tag() {
        assert_eq!(
            inject("<p>hi</p>", 0),
            "<p>hi</p><script src=\"/__jobframe/live.js?g=0\" defer></script>"
        );
    }

    #[test]
    fn error_page_escapes_diagnostics() {
        let status = Status::initial().failed(vec!["a.yaml:1:1: error: <script>x</script>".into()]);
        let page = error_page(&status);
        assert!(page.contains("a.yaml:1:1: error: &lt;script&gt;x&lt;/script&gt;"));
        assert!(!page.contains("<script>"));
    }

    #[test]
    fn generations_count_every_build_and_a_failure_keeps_the_site() {
        let built = Status::initial().succeeded();
        assert_eq!(
            (built.ok, built.generation, built.has_site),
            (true, 1, true)
        );
        let broken = built.failed(vec!["x".into()]);
        assert_eq!(
            (broken.ok, broken.generation, broken.has_site),
            (false, 2, true)
        );
        let never = Status::initial().failed(Vec::new());
        assert!(!never.has_site);
    }

    #[test]
    fn status_json_has_ok_generation_and_diagnostics_only() {
        let json = serde_json::to_value(Status::initial().failed(vec!["d".into()])).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"ok": false, "generation": 1, "diagnostics": ["d"]})
        );
    }
}
