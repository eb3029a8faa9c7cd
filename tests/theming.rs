//! The theme contract: `docs/theming.md` lists every field of every template context, the
//! example theme builds, and a theme that drops the search anchors is refused.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use jobframe::render::context::{PAGE_TEMPLATES, contract_schema};

/// Each context type and its fields, from the JSON Schemas of the types themselves.
fn fields_by_type() -> BTreeMap<String, BTreeSet<String>> {
    contract_schema()
        .into_iter()
        .filter_map(|(name, schema)| {
            let fields = match schema.get("properties") {
                Some(properties) => properties.as_object()?.keys().cloned().collect(),
                None if schema["type"] == "object" => BTreeSet::new(),
                None => return None,
            };
            Some((name, fields))
        })
        .collect()
}

/// Each `### TypeName` section of the doc and the first-column `` `field` `` of its table.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(common::repo().join("docs/theming.md")).unwrap();
    let mut sections = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            current = Some(heading.trim_matches('`').to_string());
            sections.insert(heading.trim_matches('`').to_string(), BTreeSet::new());
        } else if line.starts_with("## ") {
            current = None;
        } else if let (Some(section), Some(cell)) = (&current, line.strip_prefix("| `")) {
            let field = cell.split('`').next().unwrap().to_string();
            sections.get_mut(section).unwrap().insert(field);
        }
    }
    sections
}

#[test]
fn docs_list_exactly_the_fields_of_every_template_context() {
    let types = fields_by_type();
    let docs = documented();
    let mut problems = Vec::new();
    for (name, fields) in &types {
        match docs.get(name) {
            None => problems.push(format!(
                "docs/theming.md has no `### {name}` section (fields: {fields:?})"
            )),
            Some(listed) => {
                for missing in fields.difference(listed) {
                    problems.push(format!("{name}.{missing} is not in docs/theming.md"));
                }
                for extra in listed.difference(fields) {
                    problems.push(format!(
                        "docs/theming.md lists {name}.{extra}, which does not exist"
                    ));
                }
            }
        }
    }
    for name in docs.keys().filter(|name| !types.contains_key(*name)) {
        problems.push(format!(
            "docs/theming.md documents `{name}`, which is not a context type"
        ));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn docs_name_every_template_with_its_kind_and_page_type() {
    let doc = std::fs::read_to_string(common::repo().join("docs/theming.md")).unwrap();
    for (template, kind, page) in PAGE_TEMPLATES {
        let row = format!("| `{template}` | `{kind}` | [`{page}`]");
        assert!(doc.contains(&row), "docs/theming.md lacks the row {row}…");
    }
}

#[test]
fn a_theme_that_drops_the_line_anchors_search_links_to_is_refused() {
    let bundled = common::repo().join("canon");
    let (_temp, output) = common::build_with_edited_template(
        Some(&bundled),
        "profile.html",
        " id=\"{{ line.anchor }}\"",
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = common::stderr(&output);
    assert!(
        stderr.contains("broken internal links; nothing was written:\n  the search index: `channel-partner-sales/alliances/p4/index.html#duty-1`: no element with id `duty-1` in `channel-partner-sales/alliances/p4/index.html`; a theme's profile template must give each line the id `line.anchor`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n  … and "),
        "a long list is cut short: {stderr}"
    );
    assert_eq!(stderr.matches("\n  the search index: ").count(), 20);
}

#[test]
fn templates_cannot_read_the_environment() {
    let (_temp, output) = common::build_with_edited_template(
        None,
        "404.html",
        "<h1>Page not found</h1>",
        "<h1>{{ get_env(name=\"HOME\") }}</h1>",
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = common::stderr(&output);
    assert!(
        stderr.contains("get_env is disabled in jobframe themes"),
        "{stderr}"
    );
}
