//! Content limits: sizes no real job architecture approaches, warned about or refused.

// A limit that is a judgement (a profile with 500 responsibilities is odd, not harmful) gives a
// warning; a limit that protects the machine (page sizes, rendering and checking time) gives an
// error. Every value is documented, with its reason, in docs/canon.md and docs/security.md.

use crate::diagnostics::{Code, Diagnostic, YamlPath};

/// Items in one list (core outputs, responsibilities, a component list, aliases): a warning
/// above this. Real profiles have 4–15 lines in a list.
pub const LIST_WARN: usize = 200;
/// Items in one list: an error above this. Each line of a profile becomes about 2.5 KB of its
/// goal-templates page, so 10,000 lines already make a 25 MB page.
pub const LIST_MAX: usize = 10_000;
/// Characters in one line of a text: a warning above this (about 300 words on one line).
pub const LINE_WARN: usize = 2_000;
/// Characters in one text: an error above this (about 15,000 words).
pub const TEXT_MAX: usize = 100_000;
/// Levels in the ladder: a warning above this. Real ladders have 10–30 levels.
pub const LEVELS_WARN: usize = 100;
/// Levels, and tracks, in the ladder: an error above this. Every level gets a page listing its
/// profiles, and every profile is looked up in the ladder.
pub const LEVELS_MAX: usize = 1_000;
/// Roles in one family: a warning above this. Real families have 5–40 roles.
pub const ROLES_WARN: usize = 200;
/// Roles in one family: an error above this; the family page lists every role with its levels.
pub const ROLES_MAX: usize = 10_000;
/// Profiles in the canon: an error above this, ten times the largest canon benchmarked (100,000
/// profiles build in 75 s with 613 MB).
pub const PROFILES_MAX: usize = 1_000_000;
/// Characters in a code or alias slug: they form file names, URLs and profile IDs (three codes
/// and two dots stay under the 255 bytes a file name may have).
pub const CODE_MAX: usize = 64;

/// Bytes in one guide page (`pages/*.md`): an error above this. Real guide pages are 2–30 KB;
/// the Markdown parser keeps a node per block, and deeply nested blocks (a line of 100,000 `>`)
/// cost it about 150 bytes of memory per byte of the page.
pub const GUIDE_BYTES_MAX: usize = 512 * 1024;
/// Guide pages in the canon: an error above this. Real sites have 3–30; the home page lists
/// every page in the menu, and the search index holds them all.
pub const GUIDES_MAX: usize = 1_000;
/// Entries of the header's Guide menu, which every page of the site carries: past this many the
/// menu ends with a link to the home page's full list.
pub const GUIDE_MENU_MAX: usize = 12;

/// "Did you mean" compares a name with every candidate, so a file of a thousand unknown level
/// codes against a ladder of a thousand levels would cost a million comparisons (seconds).
/// Each file gets this many; its suggestions stop when they are spent.
pub const HINT_COMPARISONS: usize = 20_000;

/// `12345` as `12,345`.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (n, digit) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Whether a code, slug or key is short enough to be quoted whole and compared.
pub fn fits(code: &str) -> bool {
    code.len() <= CODE_MAX || code.chars().count() <= CODE_MAX
}

/// Messages longer than this quote too much of the canon; they are cut with [`excerpt_of_message`].
pub const MESSAGE_MAX: usize = 600;

/// A message cut to [`MESSAGE_MAX`] characters (some quote the offending value whole).
pub fn excerpt_of_message(message: &str) -> std::borrow::Cow<'_, str> {
    match message.char_indices().nth(MESSAGE_MAX) {
        None => std::borrow::Cow::Borrowed(message),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &message[..end])),
    }
}

/// `text` as it may be quoted in a message: whole when short, else its first characters.
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(CODE_MAX) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => {
            let total = thousands(text.chars().count());
            std::borrow::Cow::Owned(format!("{}… ({total} characters)", &text[..end]))
        }
    }
}

/// Checks the length of one text and of its longest line. Cheap for short texts: characters
/// are only counted when the bytes could exceed a limit.
pub fn text(out: &mut Vec<Diagnostic>, file: &str, path: impl FnOnce() -> YamlPath, text: &str) {
    if text.len() <= LINE_WARN {
        return;
    }
    let length = text.chars().count();
    if length > TEXT_MAX {
        out.push(Diagnostic::error(
            Code::TextTooLong,
            file,
            path(),
            format!(
                "text of {} characters; a text may have at most {} (about 15,000 words): \
                 keep long material in a document the text links to",
                thousands(length),
                thousands(TEXT_MAX)
            ),
        ));
        return;
    }
    let longest = text.lines().map(|line| line.chars().count()).max();
    if let Some(longest) = longest.filter(|n| *n > LINE_WARN) {
        out.push(Diagnostic::warning(
            Code::LongLine,
            file,
            path(),
            format!(
                "a line of {} characters; lines longer than {} characters are usually pasted by \
                 mistake: shorten it or break it into lines",
                thousands(longest),
                thousands(LINE_WARN)
            ),
        ));
    }
}

/// Checks the length of one list; returns false when it is refused, so that its items need
/// not be checked one by one.
pub fn list(
    out: &mut Vec<Diagnostic>,
    file: &str,
    path: impl FnOnce() -> YamlPath,
    len: usize,
) -> bool {
    if len > LIST_MAX {
        out.push(Diagnostic::error(
            Code::ListTooLong,
            file,
            path(),
            format!(
                "list of {} items; a list may have at most {}: split it, or remove generated or \
                 pasted content",
                thousands(len),
                thousands(LIST_MAX)
            ),
        ));
        return false;
    }
    if len > LIST_WARN {
        out.push(Diagnostic::warning(
            Code::LongList,
            file,
            path(),
            format!(
                "list of {} items; more than {} in one list is unusual for a job architecture: \
                 check for repeated or pasted lines",
                thousands(len),
                thousands(LIST_WARN)
            ),
        ));
    }
    true
}

/// Checks the length of a code or alias slug; returns false when it is too long.
pub fn code(
    out: &mut Vec<Diagnostic>,
    file: &str,
    path: impl FnOnce() -> YamlPath,
    code: &str,
) -> bool {
    let length = code.chars().count();
    if length <= CODE_MAX {
        return true;
    }
    out.push(Diagnostic::error(
        Code::CodeTooLong,
        file,
        path(),
        format!(
            "too long ({} characters): codes and slugs have at most {}, as they become file \
             names, URLs and profile IDs",
            thousands(length),
            CODE_MAX
        ),
    ));
    false
}

/// A count of things against a warning and an error limit: `what` is e.g. `ladder of {} levels`.
pub struct Count<'a> {
    pub what: &'a str,
    pub count: usize,
    pub warn: Option<usize>,
    pub max: usize,
    /// Why the limit is what it is, and what to do.
    pub advice: &'a str,
}

impl Count<'_> {
    /// Reports the count if it is over a limit; returns false when it is refused.
    pub fn check(&self, out: &mut Vec<Diagnostic>, file: &str, path: YamlPath) -> bool {
        let over = |limit: usize| self.count > limit;
        let (limit, refused) = if over(self.max) {
            (self.max, true)
        } else if let Some(warn) = self.warn.filter(|warn| over(*warn)) {
            (warn, false)
        } else {
            return true;
        };
        let what = self.what.replace("{}", &thousands(self.count));
        let message = if refused {
            format!("{what}; the limit is {}: {}", thousands(limit), self.advice)
        } else {
            format!(
                "{what}; more than {} is unusual: {}",
                thousands(limit),
                self.advice
            )
        };
        out.push(if refused {
            Diagnostic::error(Code::TooMany, file, path, message)
        } else {
            Diagnostic::warning(Code::UnusualCount, file, path, message)
        });
        !refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(8_388_608), "8,388,608");
    }

    #[test]
    fn warns_about_long_lines_and_refuses_long_texts() {
        let mut out = Vec::new();
        let path = || YamlPath::parse("summary");
        text(&mut out, "r.yaml", path, &"a".repeat(LINE_WARN));
        text(
            &mut out,
            "r.yaml",
            path,
            &format!("{}\n{}", "a".repeat(10), "é".repeat(LINE_WARN)),
        );
        assert!(out.is_empty(), "{out:?}");
        text(&mut out, "r.yaml", path, &"é".repeat(LINE_WARN + 1));
        text(&mut out, "r.yaml", path, &"a\n".repeat(TEXT_MAX / 2 + 1));
        let messages: Vec<String> = out.iter().map(|d| d.render("")).collect();
        assert_eq!(
            messages,
            [
                "r.yaml: warning[JF0602]: summary: a line of 2,001 characters; lines longer than 2,000 characters are usually pasted by mistake: shorten it or break it into lines",
                "r.yaml: error[JF0601]: summary: text of 100,002 characters; a text may have at most 100,000 (about 15,000 words): keep long material in a document the text links to",
            ]
        );
    }

    #[test]
    fn warns_then_refuses_long_lists() {
        let mut out = Vec::new();
        let path = || YamlPath::parse("core_outputs");
        assert!(list(&mut out, "r.yaml", path, LIST_WARN));
        assert!(out.is_empty());
        assert!(list(&mut out, "r.yaml", path, LIST_WARN + 1));
        assert!(!list(&mut out, "r.yaml", path, LIST_MAX + 1));
        assert_eq!(out.len(), 2);
        assert!(!out[0].is_error() && out[1].is_error());
    }
}
