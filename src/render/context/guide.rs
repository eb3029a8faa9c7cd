//! The context of a guide page (`pages/**/*.md`): its rendered Markdown, with links into the
//! canon made relative to the page, and its table of contents.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Ctx, PageParts};
use crate::canon::guide::{CanonLink, GOALS_FRAGMENT, Guide, LinkIndex, LinkTarget, parse_link};
use crate::canon::urls;
use crate::render::markdown;

/// A guide page gets a table of contents from this many headings (below its title) on.
pub const TOC_FROM: usize = 3;

/// `guide.html`: one guide page.
#[derive(Serialize, JsonSchema)]
pub struct GuidePage<'a> {
    pub title: &'a str,
    /// One sentence, or `null`.
    pub description: Option<&'a str>,
    /// The page's Markdown as HTML: raw HTML shown as text, headings with ids and `#` links.
    pub html: String,
    /// Its `##` and `###` headings, when it has at least [`TOC_FROM`]; else empty.
    pub toc: Vec<TocEntry>,
}

/// One heading in a guide page's table of contents.
#[derive(Serialize, JsonSchema)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's `id`, e.g. `how-promotion-works`.
    pub id: String,
    pub text: String,
}

impl<'a> Ctx<'a> {
    pub fn guide(&self, guide: &'a Guide) -> PageParts<GuidePage<'a>> {
        let index = LinkIndex::new(self.canon);
        let rendered = markdown::guide_to_html(&guide.markdown, |dest| {
            let link = parse_link(dest)?.ok()?;
            self.canon_link_href(&index, link)
        });
        let sections: Vec<TocEntry> = rendered
            .headings
            .into_iter()
            .filter(|heading| (2..=3).contains(&heading.level))
            .map(|heading| TocEntry {
                level: heading.level,
                id: heading.id,
                text: heading.text,
            })
            .collect();
        let toc = if sections.len() >= TOC_FROM {
            sections
        } else {
            Vec::new()
        };
        PageParts {
            title: guide.title.clone(),
            crumbs: vec![self.home_crumb()],
            page: GuidePage {
                title: &guide.title,
                description: guide.description.as_deref(),
                html: rendered.html,
                toc,
            },
        }
    }

    /// The relative URL a canon link leads to; `None` when it names nothing (which `check`
    /// reports, so a built canon has none). A former code or slug leads to today's page.
    fn canon_link_href(&self, index: &LinkIndex<'_>, link: CanonLink<'_>) -> Option<String> {
        Some(match index.resolve(link)?.target {
            LinkTarget::Profile {
                family,
                role,
                profile,
                fragment,
            } => match fragment {
                Some(GOALS_FRAGMENT) => self.href(&urls::goals_dir(family, role, profile)),
                Some(anchor) => format!(
                    "{}#{anchor}",
                    self.href(&urls::profile_dir(family, role, profile))
                ),
                None => self.href(&urls::profile_dir(family, role, profile)),
            },
            LinkTarget::Level(level) => self.href(&urls::level_dir(&level.code)),
            LinkTarget::Role { family, role } => self.href(&urls::role_dir(family, role)),
        })
    }
}
