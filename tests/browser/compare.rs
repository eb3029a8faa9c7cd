//! The compare page under `/careers/`: columns in URL order, differing cells marked, the word
//! diff toggle, a bad ID, "Add to compare" on profile pages, the picker, and only the chosen
//! profiles' documents fetched.

use anyhow::{Result, ensure};
use fantoccini::Locator;
use serde_json::Value;

use crate::harness::{self, Browser, COMPARE_FOUR, SEED_ID, SEED_PROFILE};

/// The IDs `COMPARE_FOUR` names, in its order.
const FOUR: [&str; 4] = [
    "CHANNE.CHANNEL.P5",
    "CHANNE.CHANNEL.P4",
    "CHANNE.CHANNEL.P6",
    "ENGINE.SWE.P5",
];

/// The profile ID shown in each column, left to right.
async fn columns(browser: &Browser) -> Result<Vec<String>> {
    let ids = browser
        .js(
            "const row = [...document.querySelectorAll('#compare-table tbody tr')] \
               .find(r => r.querySelector('th').textContent === 'Profile ID'); \
             return row ? [...row.querySelectorAll('td')].map(td => td.firstChild.textContent) : [];",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(ids)?)
}

/// Whether each cell of the row `label` is marked as differing from the first column.
async fn marked(browser: &Browser, label: &str) -> Result<Vec<bool>> {
    let marks = browser
        .js(
            "const row = [...document.querySelectorAll('#compare-table tbody tr')] \
               .find(r => r.querySelector('th').textContent === arguments[0]); \
             return [...row.querySelectorAll('td')].map(td => td.classList.contains('differs'));",
            vec![Value::from(label)],
        )
        .await?;
    Ok(serde_json::from_value(marks)?)
}

/// The paths of the JSON files the page fetched, in the order fetched.
async fn fetched_json(browser: &Browser) -> Result<Vec<String>> {
    let names = browser
        .js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname) \
               .filter(p => p.endsWith('.json'));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(names)?)
}

fn document_path(id: &str) -> String {
    format!("{}api/profiles/{id}.json", harness::SUB_PATH)
}

#[test]
fn four_profiles_in_url_order_with_differences_marked_and_a_word_diff() {
    harness::run(|browser| async move {
        browser.open(COMPARE_FOUR).await?;
        let status = harness::compare_settled(&browser).await?;
        ensure!(
            status.starts_with("Comparing 4 profiles"),
            "status: {status}"
        );
        ensure!(columns(&browser).await? == FOUR, "columns out of URL order");
        // Only the other family's profile differs in family; the level differs in every column.
        ensure!(
            marked(&browser, "Family").await? == [false, false, false, true],
            "family marks"
        );
        ensure!(
            marked(&browser, "Level").await? == [false, true, true, false],
            "level marks"
        );
        let diffs =
            "return document.querySelectorAll('#compare-table ins, #compare-table del').length";
        ensure!(
            browser.js(diffs, vec![]).await? == 0,
            "word differences shown before asking"
        );
        browser.click(Locator::Css("#compare-words")).await?;
        let shown = browser.js(diffs, vec![]).await?;
        ensure!(
            shown.as_u64() > Some(10),
            "the toggle shows word differences: {shown}"
        );
        let fetched = fetched_json(&browser).await?;
        let wanted: Vec<String> = FOUR.iter().map(|id| document_path(id)).collect();
        ensure!(
            fetched.len() == 4 && wanted.iter().all(|path| fetched.contains(path)),
            "fetched {fetched:?}, wanted exactly {wanted:?}"
        );
        Ok(())
    })
}

#[test]
fn unknown_and_malformed_ids_are_named_and_the_rest_still_shown() {
    harness::run(|browser| async move {
        browser
            .open(&format!("compare/?ids={SEED_ID},NOPE.NOPE.P9,not-an-id"))
            .await?;
        let status = harness::compare_settled(&browser).await?;
        ensure!(
            status.starts_with("Comparing 1 profile"),
            "status: {status}"
        );
        let problems = browser.text_of("#compare-problems").await?;
        for named in ["NOPE.NOPE.P9", "not-an-id"] {
            ensure!(problems.contains(named), "{named} is not named: {problems}");
        }
        ensure!(
            columns(&browser).await? == [SEED_ID],
            "the good ID's column"
        );
        Ok(())
    })
}

#[test]
fn add_to_compare_on_profile_pages_builds_the_comparison_url() {
    harness::run(|browser| async move {
        browser.open(SEED_PROFILE).await?;
        browser.click(Locator::Css("a.compare-add")).await?;
        browser.open("engineering/software-engineering/p5/").await?;
        browser.click(Locator::Css("a.compare-add")).await?;
        let tray = browser.text_of("a.compare-tray").await?;
        ensure!(tray.contains("Compare 2 profiles"), "tray says {tray:?}");
        browser.click(Locator::Css("a.compare-tray")).await?;
        let url = browser.wait_for_url("the compare page", "compare/").await?;
        let expected = browser.url(&format!("compare/index.html?ids={SEED_ID},ENGINE.SWE.P5"));
        ensure!(url == expected, "landed on {url}, not {expected}");
        harness::compare_settled(&browser).await?;
        ensure!(
            columns(&browser).await? == [SEED_ID, "ENGINE.SWE.P5"],
            "columns"
        );
        Ok(())
    })
}

#[test]
fn the_picker_adds_a_profile_found_through_the_search_index() {
    harness::run(|browser| async move {
        browser.open(&format!("compare/?ids={SEED_ID}")).await?;
        harness::compare_settled(&browser).await?;
        let input = browser.client.find(Locator::Css("#compare-q")).await?;
        input.send_keys("partner").await?;
        let first = "#compare-options button[data-add]";
        browser
            .wait_for("picker options", || async {
                let count = browser
                    .js(
                        "return document.querySelectorAll(arguments[0]).length",
                        vec![Value::from(first)],
                    )
                    .await?;
                Ok((count.as_u64() > Some(0)).then_some(()))
            })
            .await?;
        let choice = browser
            .js(
                "const b = [...document.querySelectorAll(arguments[0])].find(b => !b.disabled); \
                 if (!b) return null; b.click(); return b.dataset.add;",
                vec![Value::from(first)],
            )
            .await?;
        let added = choice
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("no profile to add"))?
            .to_string();
        let url = browser
            .wait_for("the URL to name two profiles", || async {
                let url = browser.current_url().await?;
                Ok(url.contains(&added).then_some(url))
            })
            .await?;
        ensure!(
            url.ends_with(&format!("?ids={SEED_ID},{added}")),
            "URL after picking: {url}"
        );
        let fetched = fetched_json(&browser).await?;
        let strays: Vec<&String> = fetched
            .iter()
            .filter(|path| {
                !path.contains("/search/")
                    && *path != &document_path(SEED_ID)
                    && *path != &document_path(&added)
            })
            .collect();
        ensure!(
            strays.is_empty(),
            "fetched more than the chosen documents and search shards: {strays:?}"
        );
        Ok(())
    })
}
