//! Guide pages (`pages/**/*.md`): which were added or removed (paired by their path) and, for
//! those on both sides, which front-matter keys and which blocks of text differ.

use super::ladder::field;
use super::profiles::lines_diff;
use super::{GuideChange, Status};
use crate::canon::guide::{Guide, text_blocks};

/// The guide pages that differ: the new canon's in menu order, then the removed ones.
pub(super) fn guide_changes(before: &[Guide], after: &[Guide]) -> Vec<GuideChange> {
    let find = |pages: &'_ [Guide], path: &str| pages.iter().position(|page| page.path == path);
    let mut changes: Vec<GuideChange> = after
        .iter()
        .filter_map(|page| match find(before, &page.path) {
            None => Some(entry(page, Status::Added)),
            Some(old) => changed(&before[old], page),
        })
        .collect();
    changes.extend(
        before
            .iter()
            .filter(|page| find(after, &page.path).is_none())
            .map(|page| entry(page, Status::Removed)),
    );
    changes
}

fn entry(page: &Guide, status: Status) -> GuideChange {
    GuideChange {
        path: page.path.clone(),
        title: page.title.clone(),
        status,
        fields: Vec::new(),
        text: None,
    }
}

/// `None` when the page reads and is listed as before.
fn changed(before: &Guide, after: &Guide) -> Option<GuideChange> {
    let order = |page: &Guide| page.nav_order.map(|n| n.to_string());
    let shown = |page: &Guide| if page.nav { "true" } else { "false" };
    let fields: Vec<_> = [
        field("title", "Title", Some(&before.title), Some(&after.title)),
        field(
            "description",
            "Description",
            before.description.as_deref(),
            after.description.as_deref(),
        ),
        field(
            "nav_order",
            "Menu order",
            order(before).as_deref(),
            order(after).as_deref(),
        ),
        field(
            "nav",
            "In the menu",
            Some(shown(before)),
            Some(shown(after)),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let blocks = |page: &Guide| -> Vec<String> {
        text_blocks(&page.markdown)
            .into_iter()
            .map(|block| block.text)
            .collect()
    };
    let text = lines_diff("text", "Text", &blocks(before), &blocks(after));
    if fields.is_empty() && text.is_none() {
        return None;
    }
    Some(GuideChange {
        fields,
        text,
        ..entry(after, Status::Changed)
    })
}
