//! Markdown in canon descriptions, summaries and level meanings, rendered without raw HTML.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Renders `text` as HTML. Raw HTML in the source is shown as text, and links or images whose
/// URL scheme is not http, https or mailto (e.g. `javascript:`) lose their URL.
pub fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(text.len() + 16);
    html::push_html(&mut out, parser.map(sanitized));
    out
}

/// `event` made safe to publish: raw HTML as text, unsafe link and image URLs dropped.
fn sanitized(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(scheme, _)| scheme);
    let has_scheme = scheme.is_some_and(|s| !s.contains(['/', '?', '#']));
    match scheme {
        Some("http" | "https" | "mailto") => url,
        _ if has_scheme => CowStr::Borrowed("#"),
        _ => url,
    }
}

/// A guide page rendered: its HTML, and its headings (for the table of contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideHtml {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// One heading of a guide page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// Its `id`: the `{#id}` written after it, else a slug of its text, made unique.
    pub id: String,
    pub text: String,
}

/// Renders a guide page's Markdown: raw HTML shown as text, unsafe URL schemes dropped, links
/// into the canon (`id:`, `level:`, `role:`) rewritten by `canon_link` (which returns the
/// relative URL, or `None` to leave the link out), every heading given a stable `id` and a
/// `#` link to itself.
pub fn guide_to_html(markdown: &str, canon_link: impl Fn(&str) -> Option<String>) -> GuideHtml {
    let events: Vec<Event> =
        Parser::new_ext(markdown, crate::canon::guide::markdown_options()).collect();
    let mut headings = Vec::new();
    let mut ids = crate::canon::guide::HeadingIds::default();
    let mut out_events = Vec::with_capacity(events.len() + 8);
    let mut index = 0;
    while index < events.len() {
        let event = events[index].clone();
        index += 1;
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text: String = events[index..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        Event::SoftBreak | Event::HardBreak => Some(" "),
                        _ => None,
                    })
                    .collect();
                let unique = ids.next(id.as_deref(), &text);
                headings.push(Heading {
                    level: level as u8,
                    id: unique.clone(),
                    text: text.trim().to_string(),
                });
                out_events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                let id = headings.last().map(|h| h.id.clone()).unwrap_or_default();
                out_events.push(Event::Html(CowStr::from(format!(
                    " <a class=\"heading-link\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
                ))));
                out_events.push(Event::End(TagEnd::Heading(level)));
            }
            // A table scrolls inside its own frame on a narrow screen, named for screen
            // readers by the heading it sits under.
            Event::Start(Tag::Table(alignments)) => {
                let name = headings
                    .last()
                    .map_or("Table", |h: &Heading| h.text.as_str());
                out_events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"{} (table)\" tabindex=\"0\">\n",
                    crate::render::escape_html(name)
                ))));
                out_events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out_events.push(Event::End(TagEnd::Table));
                out_events.push(Event::Html(CowStr::from("</div>\n")));
            }
            // A link into the canon becomes its page's relative URL.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if crate::canon::guide::parse_link(&dest_url).is_some() => {
                let dest = canon_link(&dest_url).unwrap_or_else(|| "#".to_string());
                out_events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            other => out_events.push(sanitized(other)),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut html, out_events.into_iter());
    GuideHtml { html, headings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_and_escapes_raw_html() {
        assert_eq!(
            to_html("Owns **pricing**."),
            "<p>Owns <strong>pricing</strong>.</p>\n"
        );
        assert_eq!(
            to_html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(to_html("a <b>b</b>"), "<p>a &lt;b&gt;b&lt;/b&gt;</p>\n");
    }

    #[test]
    fn drops_script_urls() {
        assert_eq!(
            to_html("[x](javascript:alert(1))"),
            "<p><a href=\"#\">x</a></p>\n"
        );
        assert_eq!(
            to_html("[x](JavaScript:alert(1))"),
            "<p><a href=\"#\">x</a></p>\n"
        );
        assert_eq!(
            to_html("[x](https://e.com)"),
            "<p><a href=\"https://e.com\">x</a></p>\n"
        );
        assert_eq!(
            to_html("[x](../page.html)"),
            "<p><a href=\"../page.html\">x</a></p>\n"
        );
    }

    #[test]
    fn guide_headings_get_unique_ids_and_canon_links_their_urls() {
        let page = guide_to_html(
            "# Start\n\n## Two words\n\n## Two words\n\n## Custom {#mine}\n\nSee [P5](level:P5) and <script>x</script>.\n",
            |dest| (dest == "level:P5").then(|| "../levels/p5/index.html".to_string()),
        );
        let ids: Vec<&str> = page.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["start", "two-words", "two-words-2", "mine"]);
        assert!(page.html.contains(
            "<h2 id=\"two-words-2\">Two words <a class=\"heading-link\" href=\"#two-words-2\""
        ));
        assert!(
            page.html
                .contains("<a href=\"../levels/p5/index.html\">P5</a>")
        );
        assert!(page.html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!page.html.contains("<script>"));
    }

    #[test]
    fn guide_tables_scroll_in_a_frame_named_by_their_heading() {
        let page = guide_to_html(
            "## Pay & levels\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            |_| None,
        );
        assert!(page.html.contains(
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Pay &amp; levels (table)\" tabindex=\"0\">\n<table>"
        ), "{}", page.html);
        assert!(page.html.contains("</table>\n</div>\n"), "{}", page.html);
    }
}
