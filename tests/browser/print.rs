//! Printing, checked in the PDF Chromium makes (A4, the page's own `@page` rules) as read back by
//! `pdftotext`: the goals page prints each framework once on a few pages, with no heading left
//! at a page's foot; a Print button prints its framework alone; profile and role pages print
//! every line of their canon text.

use anyhow::{Result, ensure};
use fantoccini::Locator;
use serde_json::Value;

use crate::common;
use crate::harness::{self, Browser, SEED_GOALS, SEED_ID, SEED_PROFILE};

/// The reference page must fit on this many A4 pages.
const MAX_GOALS_PAGES: usize = 6;

/// `text` without any whitespace: PDF text wraps lines wherever the layout did.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn occurrences(haystack: &str, needle: &str) -> usize {
    squeeze(haystack).matches(&squeeze(needle)).count()
}

/// Prints the open page; `None` when `pdftotext` is missing (the scenario is then skipped).
async fn printed_pages(browser: &Browser) -> Result<Option<Vec<String>>> {
    let pdf = browser.print_to_pdf().await?;
    ensure!(
        pdf.starts_with(b"%PDF"),
        "Page.printToPDF did not give a PDF"
    );
    harness::pdf_pages(&pdf)
}

/// The text of every element `css` finds on the open page.
async fn texts(browser: &Browser, css: &str) -> Result<Vec<String>> {
    let found = browser
        .js(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim()).filter(t => t)",
            vec![Value::from(css)],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

/// The last line of text on each page, whitespace collapsed.
fn last_lines(pages: &[String]) -> Vec<String> {
    pages
        .iter()
        .map(|page| {
            let line = page.lines().rev().find(|line| !line.trim().is_empty());
            line.unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn the_goals_page_prints_each_framework_once_on_a_few_a4_pages() {
    harness::run(|browser| async move {
        browser.open(SEED_GOALS).await?;
        let first_line = texts(&browser, "#smart ~ .goals .row-text").await?;
        let first_line = first_line.first().cloned().unwrap_or_default();
        let headings = texts(&browser, "main h1, main h2, main h3").await?;
        let canon_lines =
            texts(&browser, "main .row-text, main dd, main td, main li .item").await?;
        let Some(pages) = printed_pages(&browser).await? else {
            return Ok(());
        };
        ensure!(
            pages.len() <= MAX_GOALS_PAGES,
            "the goals page prints on {} A4 pages, more than {MAX_GOALS_PAGES}",
            pages.len()
        );
        let text = pages.concat();
        let blocks = common::reference("seed-copy-blocks/smart.txt")
            + &common::reference("seed-copy-blocks/okrs.txt")
            + &common::reference("seed-copy-blocks/mbo.txt")
            + &common::reference("seed-copy-blocks/scorecard.txt");
        let (printed, in_blocks) = (
            occurrences(&text, &first_line),
            occurrences(&blocks, &first_line),
        );
        ensure!(
            !first_line.is_empty() && printed >= 1 && printed <= in_blocks,
            "the first responsibility {first_line:?} is printed {printed} times; \
             the four copy blocks hold it {in_blocks} times"
        );
        for line in &canon_lines {
            ensure!(
                occurrences(&text, line) >= 1,
                "{line:?} is cut from the printed page"
            );
        }
        for (number, last) in last_lines(&pages).iter().enumerate() {
            let stranded = headings
                .iter()
                .find(|heading| !last.is_empty() && heading.starts_with(last.as_str()));
            ensure!(
                stranded.is_none(),
                "page {} ends with the heading {stranded:?}",
                number + 1
            );
        }
        for chrome in [
            "Skip to main content",
            "Families",
            "Copy text",
            "Plain text",
        ] {
            ensure!(occurrences(&text, chrome) == 0, "{chrome:?} is printed");
        }
        Ok(())
    })
}

#[test]
fn a_print_button_prints_its_framework_alone_under_the_title_and_id() {
    harness::run(|browser| async move {
        browser.open(SEED_GOALS).await?;
        let heading = browser.text_of("main h1").await?;
        // The dialog itself cannot be driven; what the button prepares for it is printed below.
        browser
            .js("window.print = () => { window.printed = true; };", vec![])
            .await?;
        browser
            .click(Locator::Css("button.print-block[data-print='okrs-text']"))
            .await?;
        let asked = browser.js("return window.printed === true", vec![]).await?;
        ensure!(
            asked == true,
            "the Print button did not open the print dialog"
        );
        let Some(pages) = printed_pages(&browser).await? else {
            return Ok(());
        };
        let text = pages.concat();
        let okrs = common::reference("seed-copy-blocks/okrs.txt");
        ensure!(
            squeeze(&text).contains(&squeeze(&okrs)),
            "the printed OKR block differs from the copy block:\n{text}"
        );
        for wanted in [heading.as_str(), SEED_ID, "OKRs"] {
            ensure!(
                occurrences(&text, wanted) >= 1,
                "{wanted:?} is not printed on top"
            );
        }
        for other in [
            "Specific:",
            "Area:",
            "Internal process",
            "SMART goals",
            "MBO areas",
        ] {
            ensure!(
                occurrences(&text, other) == 0,
                "{other:?} from another framework is printed with the OKRs"
            );
        }
        // Once printed, the page is back to normal: the next print is the whole page again.
        browser
            .js("window.dispatchEvent(new Event('afterprint'))", vec![])
            .await?;
        let Some(pages) = printed_pages(&browser).await? else {
            return Ok(());
        };
        ensure!(
            occurrences(&pages.concat(), "SMART goals") >= 1,
            "after printing one framework, printing the page still prints only that framework"
        );
        Ok(())
    })
}

#[test]
fn profile_and_role_pages_print_every_line_of_canon_text() {
    harness::run(|browser| async move {
        let pages = [
            // Related profiles are links to follow on screen; print leaves them out.
            (
                SEED_PROFILE,
                "main li:not(.related li), main dd, main .prose p",
            ),
            (
                "channel-partner-sales/channel-partner-sales/",
                "main td, main tbody th",
            ),
        ];
        for (path, canon_text) in pages {
            browser.open(path).await?;
            let lines = texts(&browser, canon_text).await?;
            ensure!(!lines.is_empty(), "/{path}: nothing found by {canon_text}");
            let Some(printed) = printed_pages(&browser).await? else {
                return Ok(());
            };
            let text = printed.concat();
            for line in &lines {
                ensure!(
                    occurrences(&text, line) >= 1,
                    "/{path}: {line:?} is cut from the printed page"
                );
            }
            ensure!(
                occurrences(&text, "Skip to main content") == 0
                    && occurrences(&text, "Families") == 0,
                "/{path}: the site's navigation is printed"
            );
            ensure!(
                occurrences(&text, "Published with jobframe") == 1,
                "/{path}: the footer naming the canon version is not printed"
            );
        }
        Ok(())
    })
}
