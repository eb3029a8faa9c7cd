//! Guide pages (`pages/**/*.md`): their model, their front matter's place in the file, and the
//! links into the canon they may hold (`id:`, `level:`, `role:`). No I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::canon::model::{Canon, Family, Level, Profile, Role};
use crate::codes::Code;

/// The folder of guide pages, at the canon's root; also a reserved top-level name.
pub const GUIDES_DIR: &str = "pages";

/// The Markdown features of guide pages (canon descriptions use fewer).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// One guide page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    /// Its URL path below the site root, without slashes at either end: the file's path under
    /// `pages/` without `.md`, e.g. `promotion-faq` or `managers/reviews`.
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    /// Where the Guide menu lists it: by `nav_order`, then title; pages without one come last.
    pub nav_order: Option<i64>,
    /// False (`nav: false`) keeps it out of the Guide menu and the home page's list.
    pub nav: bool,
    /// The page's Markdown, after its front matter.
    pub markdown: String,
    /// The file, relative to the canon root with `/` separators.
    pub file: String,
    /// The line of the file on which `markdown` starts (1-based).
    pub first_line: usize,
}

/// `pages` in menu order: by `nav_order` (pages without one last), then title, then path.
pub fn in_menu_order(mut pages: Vec<Guide>) -> Vec<Guide> {
    pages.sort_by_cached_key(|page| {
        (
            page.nav_order.is_none(),
            page.nav_order,
            page.title.to_lowercase(),
            page.path.clone(),
        )
    });
    pages
}

/// A link into the canon, as a guide page writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CanonLink<'a> {
    /// `id:FAMILY.ROLE.LEVEL`, with `#goals` for the goal templates page or another fragment
    /// for an anchor of the profile page.
    Profile {
        id: &'a str,
        fragment: Option<&'a str>,
    },
    /// `level:P5`.
    Level { code: &'a str },
    /// `role:family-slug/role-slug`.
    Role { family: &'a str, role: &'a str },
}

/// The fragment of `id:` links that leads to the goal templates page.
pub const GOALS_FRAGMENT: &str = "goals";

/// Reads a link destination: `None` when it is no canon link (a web address, a relative
/// link); else the link, or why it is malformed.
pub fn parse_link(dest: &str) -> Option<Result<CanonLink<'_>, String>> {
    let (scheme, rest) = dest.split_once(':')?;
    let link = match scheme {
        "id" => {
            let (id, fragment) = match rest.split_once('#') {
                Some((id, fragment)) => (id, Some(fragment)),
                None => (rest, None),
            };
            if id.split('.').count() != 3 || id.split('.').any(str::is_empty) {
                return Some(Err(format!(
                    "`{dest}` is not a profile link: write id:FAMILY.ROLE.LEVEL, e.g. id:SALES.ACCTEXEC.P3"
                )));
            }
            CanonLink::Profile { id, fragment }
        }
        "level" if !rest.is_empty() => CanonLink::Level { code: rest },
        "level" => {
            return Some(Err(
                "`level:` names no level: write e.g. level:P5".to_string()
            ));
        }
        "role" => match rest.split_once('/') {
            Some((family, role))
                if !family.is_empty() && !role.is_empty() && !role.contains('/') =>
            {
                CanonLink::Role { family, role }
            }
            _ => {
                return Some(Err(format!(
                    "`{dest}` is not a role link: write role:FAMILY-FOLDER/ROLE-FILE, e.g. role:sales/account-executive"
                )));
            }
        },
        _ => return None,
    };
    Some(Ok(link))
}

/// What a canon link leads to.
#[derive(Debug, Clone, Copy)]
pub enum LinkTarget<'c, 'l> {
    Profile {
        family: &'c Family,
        role: &'c Role,
        profile: &'c Profile,
        fragment: Option<&'l str>,
    },
    Level(&'c Level),
    Role {
        family: &'c Family,
        role: &'c Role,
    },
}

/// A canon link resolved: its target, and, when it was written with a former code or slug
/// (from `aliases`), the link as it is written today.
#[derive(Debug, Clone)]
pub struct Resolved<'c, 'l> {
    pub target: LinkTarget<'c, 'l>,
    pub current: Option<String>,
}

/// Resolves canon links in constant time per link: families and roles by their codes and
/// slugs, current and former. Built once per page or per check, not per link, so a page of
/// many links costs no pass over the canon each.
pub struct LinkIndex<'c> {
    canon: &'c Canon,
    /// Family code or former code → family index.
    family_codes: HashMap<&'c str, usize>,
    /// Family slug or former slug → family index.
    family_slugs: HashMap<&'c str, usize>,
    /// (family index, role code or former code) → role index.
    role_codes: HashMap<(usize, &'c str), usize>,
    /// (family index, role slug or former slug) → role index.
    role_slugs: HashMap<(usize, &'c str), usize>,
}

impl<'c> LinkIndex<'c> {
    pub fn new(canon: &'c Canon) -> Self {
        let mut index = LinkIndex {
            canon,
            family_codes: HashMap::new(),
            family_slugs: HashMap::new(),
            role_codes: HashMap::new(),
            role_slugs: HashMap::new(),
        };
        // Current names first, so a former name never shadows a current one.
        for former in [false, true] {
            for (f, family) in canon.families.iter().enumerate() {
                for code in names(&family.code, &family.aliases.codes, former) {
                    index.family_codes.entry(code).or_insert(f);
                }
                for slug in names(&family.slug, &family.aliases.slugs, former) {
                    index.family_slugs.entry(slug).or_insert(f);
                }
                for (r, role) in family.roles.iter().enumerate() {
                    for code in names(&role.code, &role.aliases.codes, former) {
                        index.role_codes.entry((f, code)).or_insert(r);
                    }
                    for slug in names(&role.slug, &role.aliases.slugs, former) {
                        index.role_slugs.entry((f, slug)).or_insert(r);
                    }
                }
            }
        }
        index
    }

    /// The role `family_code`.`role_code` names, by current or former codes.
    pub fn role_by_codes(
        &self,
        family_code: &str,
        role_code: &str,
    ) -> Option<(&'c Family, &'c Role)> {
        let f = *self.family_codes.get(family_code)?;
        let r = *self.role_codes.get(&(f, role_code))?;
        let family = &self.canon.families[f];
        Some((family, &family.roles[r]))
    }

    /// What `link` leads to, or `None` when it names nothing.
    pub fn resolve<'l>(&self, link: CanonLink<'l>) -> Option<Resolved<'c, 'l>> {
        match link {
            CanonLink::Profile { id, fragment } => {
                let mut parts = id.splitn(3, '.');
                let (family_code, role_code) = (parts.next()?, parts.next()?);
                let level = parts.next()?;
                let (family, role) = self.role_by_codes(family_code, role_code)?;
                let profile = role.profiles.iter().find(|p| p.level == level)?;
                let current = role.profile_id(family, profile);
                Some(Resolved {
                    current: (current != id).then_some(current),
                    target: LinkTarget::Profile {
                        family,
                        role,
                        profile,
                        fragment,
                    },
                })
            }
            CanonLink::Level { code } => Some(Resolved {
                target: LinkTarget::Level(self.canon.ladder.level(code)?),
                current: None,
            }),
            CanonLink::Role {
                family: family_slug,
                role: role_slug,
            } => {
                let f = *self.family_slugs.get(family_slug)?;
                let r = *self.role_slugs.get(&(f, role_slug))?;
                let family = &self.canon.families[f];
                let role = &family.roles[r];
                let current = format!("{}/{}", family.slug, role.slug);
                Some(Resolved {
                    current: (current != format!("{family_slug}/{role_slug}")).then_some(current),
                    target: LinkTarget::Role { family, role },
                })
            }
        }
    }
}

/// A family's or role's current name (`former` false) or its former names (`former` true).
fn names<'c>(current: &'c str, former_names: &'c [String], former: bool) -> Vec<&'c str> {
    if former {
        former_names.iter().map(String::as_str).collect()
    } else {
        vec![current]
    }
}

/// Every link destination of `markdown` with the byte offset of its link, in order.
pub fn link_destinations(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((range.start, dest_url.to_string())),
            _ => None,
        })
        .collect()
}

/// Splits a page into its front matter (the YAML between a first line `---` and the next line
/// `---`) and its Markdown; returns (front matter, Markdown, the line the Markdown starts on).
pub fn split_front_matter(text: &str) -> Result<(&str, &str, usize), (Code, &'static str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or((
            Code::NoFrontMatter,
            "a guide page starts with front matter: a line `---`, `title: …`, and a line `---`",
        ))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let first_line = 2 + front.matches('\n').count() + 1;
            return Ok((front, body, first_line));
        }
        offset += line.len();
    }
    Err((
        Code::UnclosedFrontMatter,
        "the front matter has no closing line `---`",
    ))
}

/// Gives a page's headings their `id`s in page order: the `{#id}` written after a heading, else
/// a slug of its text; a repeat gets `-2`, `-3`, …. The renderer and the search index both use
/// it, so a search result lands on the heading the page shows.
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: BTreeSet<String>,
    /// Each wanted id → the suffix to try next, so a page of many equal headings costs one
    /// try each, not one per heading before it.
    next_suffix: BTreeMap<String, usize>,
}

impl HeadingIds {
    /// The `id` of the next heading, which has `written` after it (`{#id}`) and reads `text`.
    pub fn next(&mut self, written: Option<&str>, text: &str) -> String {
        let wanted = written.map_or_else(|| slug(text), str::to_string);
        let n = self.next_suffix.entry(wanted.clone()).or_insert(1);
        let mut unique = if *n == 1 {
            wanted.clone()
        } else {
            format!("{wanted}-{n}")
        };
        while !self.used.insert(unique.clone()) {
            *n += 1;
            unique = format!("{wanted}-{n}");
        }
        unique
    }
}

/// A heading's text as an `id`: lower case, letters and digits kept, runs of anything else
/// one `-`; `section` when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// One block of a guide page's text: a heading, paragraph, list item, table cell or code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// The `id` of the heading it is (or is under); empty before the page's first heading.
    pub anchor: String,
    /// Its words, without markup; runs of white space are one space.
    pub text: String,
}

/// A page's text in blocks, in page order, each with the heading it belongs to: what search
/// indexes and links to.
pub fn text_blocks(markdown: &str) -> Vec<TextBlock> {
    let mut ids = HeadingIds::default();
    let mut blocks = Vec::new();
    let mut anchor = String::new();
    let mut text = String::new();
    let mut written_id: Option<String> = None;
    let flush = |text: &mut String, anchor: &str, blocks: &mut Vec<TextBlock>| {
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !words.is_empty() {
            blocks.push(TextBlock {
                anchor: anchor.to_string(),
                text: words,
            });
        }
        text.clear();
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                flush(&mut text, &anchor, &mut blocks);
                written_id = id.map(|id| id.to_string());
            }
            Event::End(TagEnd::Heading(_)) => {
                anchor = ids.next(written_id.take().as_deref(), &text);
                flush(&mut text, &anchor, &mut blocks);
            }
            Event::Start(tag) if is_block(&tag) => flush(&mut text, &anchor, &mut blocks),
            Event::End(tag) if is_block_end(tag) => flush(&mut text, &anchor, &mut blocks),
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    flush(&mut text, &anchor, &mut blocks);
    blocks
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Item
            | Tag::TableCell
            | Tag::CodeBlock(_)
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn canon_links_are_read_and_others_left_alone() {
        assert_eq!(
            parse_link("id:CHANNE.CHANNEL.P5#goals"),
            Some(Ok(CanonLink::Profile {
                id: "CHANNE.CHANNEL.P5",
                fragment: Some("goals")
            }))
        );
        assert_eq!(
            parse_link("level:P5"),
            Some(Ok(CanonLink::Level { code: "P5" }))
        );
        assert_eq!(
            parse_link("role:sales/account-executive"),
            Some(Ok(CanonLink::Role {
                family: "sales",
                role: "account-executive"
            }))
        );
        assert!(matches!(parse_link("id:SALES.AE"), Some(Err(_))));
        assert!(matches!(parse_link("role:sales"), Some(Err(_))));
        assert_eq!(parse_link("https://example.com/"), None);
        assert_eq!(parse_link("../promotion-faq/"), None);
    }

    #[test]
    fn front_matter_is_split_with_the_line_the_markdown_starts_on() {
        let page = "---\ntitle: FAQ\nnav_order: 2\n---\n# Heading\n";
        let (front, body, first_line) = split_front_matter(page).unwrap();
        assert_eq!(front, "title: FAQ\nnav_order: 2\n");
        assert_eq!(body, "# Heading\n");
        assert_eq!(first_line, 5);
        assert!(split_front_matter("# No front matter\n").is_err());
        assert!(split_front_matter("---\ntitle: x\n").is_err());
    }

    #[test]
    fn links_are_found_with_their_place() {
        let markdown = "Intro.\n\nSee [P5](level:P5) and [a profile](id:A.B.C).\n";
        let links = link_destinations(markdown);
        assert_eq!(links.len(), 2);
        assert_eq!(
            Position::in_text(markdown, links[0].0),
            Position { line: 3, column: 5 }
        );
        assert_eq!(links[1].1, "id:A.B.C");
    }

    #[test]
    fn text_blocks_carry_the_heading_they_are_under() {
        let blocks = text_blocks(
            "Intro *text*\nwrapped.\n\n## Two words\n\n- one\n- `two`\n\n## Two words\n\n| a | b |\n|---|---|\n| c | d |\n\n### Mine {#own}\n\n> quoted\n",
        );
        let pairs: Vec<(&str, &str)> = blocks
            .iter()
            .map(|b| (b.anchor.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("", "Intro text wrapped."),
                ("two-words", "Two words"),
                ("two-words", "one"),
                ("two-words", "two"),
                ("two-words-2", "Two words"),
                ("two-words-2", "a"),
                ("two-words-2", "b"),
                ("two-words-2", "c"),
                ("two-words-2", "d"),
                ("own", "Mine"),
                ("own", "quoted"),
            ]
        );
    }

    #[test]
    fn heading_ids_are_slugs_made_unique() {
        let mut ids = HeadingIds::default();
        assert_eq!(
            ids.next(None, "How promotion works?"),
            "how-promotion-works"
        );
        assert_eq!(
            ids.next(None, "How promotion works!"),
            "how-promotion-works-2"
        );
        assert_eq!(ids.next(Some("mine"), "x"), "mine");
        assert_eq!(ids.next(None, "¿—?"), "section");
        assert_eq!(ids.next(None, "Über Stufen"), "über-stufen");
        // A heading written as the suffixed id of another is skipped over.
        assert_eq!(ids.next(Some("faq-2"), "x"), "faq-2");
        assert_eq!(ids.next(None, "FAQ"), "faq");
        assert_eq!(ids.next(None, "FAQ"), "faq-3");
        assert_eq!(ids.next(None, "FAQ"), "faq-4");
    }
}
