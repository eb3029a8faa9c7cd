//! Markdown in canon descriptions, summaries and level meanings, rendered without raw HTML.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders `text` as HTML. Raw HTML in the source is shown as text, and links or images whose
/// URL scheme is not http, https or mailto (e.g. `javascript:`) lose their URL.
pub fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let events = parser.map(|event| match event {
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
    });
    let mut out = String::with_capacity(text.len() + 16);
    html::push_html(&mut out, events);
    out
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
}
