//! The canon model written out as the text of every canon file, with the JSON Schemas their
//! modelines name: what `jobframe import` writes. No I/O here.

mod scalar;

use std::collections::BTreeMap;

use crate::canon::files::{self, FAMILY_FILE, FileKind, LADDER_FILE, PAY_FILE, SETTINGS_FILE};
use crate::canon::guide::{GUIDES_DIR, Guide};
use crate::canon::model::{Aliases, Canon, Family, Ladder, Level, Profile, Role, Settings, Track};
use crate::canon::pay::{Pay, PayRange, Table, Zone};
use scalar::Slot;

/// The folder beside the settings file that holds the JSON Schemas the files' modelines name.
/// Its name starts with `.`, so canon discovery skips it.
pub const SCHEMA_DIR: &str = ".schema";

/// Every file of the canon folder, guide pages included: path relative to the canon root
/// (`/`-separated) → contents.
///
/// Loading these files gives `canon` back, `Family::file` and `Role::file` included when they
/// are `{family slug}/family.yaml` and `{family slug}/{role slug}.yaml` as the loader sets them.
/// Keys come in the order docs/canon.md documents, absent and default values are left out, and
/// every text reads back exactly as it is in the model. (A model the loader cannot have built,
/// such as two families with one slug or a role slugged `family`, loses the files that share a
/// path.)
pub fn canon_files(canon: &Canon) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(SETTINGS_FILE.to_string(), settings_file(&canon.settings));
    out.insert(LADDER_FILE.to_string(), ladder_file(&canon.ladder));
    if let Some(pay) = &canon.pay {
        out.insert(PAY_FILE.to_string(), pay_file(pay));
    }
    for family in &canon.families {
        let path = format!("{}/{FAMILY_FILE}", family.slug);
        out.insert(path, family_file(family));
        for role in &family.roles {
            out.insert(
                format!("{}/{}.yaml", family.slug, role.slug),
                role_file(role),
            );
        }
    }
    for guide in &canon.guides {
        out.insert(format!("{GUIDES_DIR}/{}.md", guide.path), guide_file(guide));
    }
    for kind in FileKind::ALL {
        let path = format!("{SCHEMA_DIR}/{}.json", kind.name());
        out.insert(path, files::schema_text(&kind.json_schema()));
    }
    out
}

/// A guide page: its front matter with one key a line (so its Markdown starts on the line after
/// the keys it has, as `Guide::first_line` says when the page was written that way), then its
/// Markdown as it is.
fn guide_file(guide: &Guide) -> String {
    let mut yaml = Yaml("---\n".to_string());
    yaml.quoted(0, "title", &guide.title);
    if let Some(description) = &guide.description {
        yaml.quoted(0, "description", description);
    }
    if let Some(order) = guide.nav_order {
        yaml.0.push_str(&format!("nav_order: {order}\n"));
    }
    if !guide.nav {
        yaml.0.push_str("nav: false\n");
    }
    yaml.0.push_str("---\n");
    yaml.0.push_str(&guide.markdown);
    yaml.0
}

fn pay_file(pay: &Pay) -> String {
    let mut yaml = Yaml::file(FileKind::Pay, "");
    yaml.quoted(0, "effective_date", &pay.effective_date);
    yaml.text(0, "period", pay.period.key());
    yaml.sequence(0, "zones", &pay.zones, zone);
    let of = |table: &Table| -> Vec<&PayRange> {
        pay.ranges.iter().filter(|r| &r.table == table).collect()
    };
    ranges(&mut yaml, 0, &of(&Table::Ladder));
    let families: Vec<&str> = pay
        .tables
        .iter()
        .filter_map(|table| match table {
            Table::Family { family } => Some(family.as_str()),
            _ => None,
        })
        .collect();
    if !families.is_empty() {
        yaml.key(0, "families");
    }
    for family in families {
        yaml.key(2, family);
        let own = of(&Table::Family {
            family: family.to_string(),
        });
        ranges(&mut yaml, 4, &own);
        let roles: Vec<&str> = pay
            .tables
            .iter()
            .filter_map(|table| match table {
                Table::Role { family: f, role } if f == family => Some(role.as_str()),
                _ => None,
            })
            .collect();
        if !roles.is_empty() {
            yaml.key(4, "roles");
        }
        for role in roles {
            yaml.key(6, role);
            let own = of(&Table::Role {
                family: family.to_string(),
                role: role.to_string(),
            });
            ranges(&mut yaml, 8, &own);
            if own.is_empty() {
                yaml.0.push_str(&format!("{}ranges: {{}}\n", " ".repeat(8)));
            }
        }
    }
    yaml.0
}

fn zone(yaml: &mut Yaml, zone: &Zone) {
    yaml.text(4, "code", &zone.code);
    yaml.text(4, "name", &zone.name);
    yaml.text(4, "currency", &zone.currency);
}

/// `ranges:`, zone by zone, one flow mapping per level; nothing when there are none.
fn ranges(yaml: &mut Yaml, indent: usize, ranges: &[&PayRange]) {
    yaml.section(indent, "ranges", |yaml| {
        let mut zone = None;
        for range in ranges {
            if zone != Some(&range.zone) {
                yaml.key(indent + 2, &range.zone);
                zone = Some(&range.zone);
            }
            let mid = range
                .mid
                .map(|mid| format!(", mid: {}", mid.plain()))
                .unwrap_or_default();
            yaml.0.push_str(&format!(
                "{}{}: {{ min: {}{mid}, max: {} }}\n",
                " ".repeat(indent + 4),
                scalar::key(&range.level),
                range.min.plain(),
                range.max.plain()
            ));
        }
    });
}

fn settings_file(settings: &Settings) -> String {
    let mut yaml = Yaml::file(FileKind::Settings, "");
    yaml.text(0, "name", &settings.name);
    yaml.text(0, "site_title", &settings.site_title);
    // Quoted always, as docs/canon.md advises: `2026.4` or `2026-10-01` unquoted are not texts.
    yaml.quoted(0, "version", &settings.version);
    yaml.quoted(0, "effective_date", &settings.effective_date);
    yaml.text(0, "language", &settings.language);
    yaml.optional(0, "base_url", settings.base_url.as_deref());
    if settings.allow_indexing {
        yaml.0.push_str("allow_indexing: true\n");
    }
    if !settings.publish_pay {
        yaml.0.push_str("publish_pay: false\n");
    }
    yaml.0
}

fn ladder_file(ladder: &Ladder) -> String {
    let mut yaml = Yaml::file(FileKind::Ladder, "");
    yaml.sequence(0, "tracks", &ladder.tracks, track);
    yaml.sequence(0, "levels", &ladder.levels, level);
    yaml.0
}

/// One track, as an item of `tracks`: its entries at indentation 4.
fn track(yaml: &mut Yaml, track: &Track) {
    yaml.text(4, "code", &track.code);
    yaml.text(4, "name", &track.name);
    yaml.unless_empty(4, "description", &track.description);
}

/// One level, as an item of `levels`: its entries at indentation 4.
fn level(yaml: &mut Yaml, level: &Level) {
    yaml.text(4, "code", &level.code);
    yaml.text(4, "name", &level.name);
    yaml.text(4, "track", &level.track);
    yaml.text(4, "years", &level.years);
    yaml.text(4, "meaning", &level.meaning);
    yaml.section(4, "dimensions", |yaml| {
        for (dimension, text) in level.dimensions.present() {
            yaml.text(6, dimension.key(), text);
        }
    });
}

fn family_file(family: &Family) -> String {
    let mut yaml = Yaml::file(FileKind::Family, "../");
    yaml.text(0, "code", &family.code);
    yaml.text(0, "name", &family.name);
    yaml.unless_empty(0, "description", &family.description);
    yaml.aliases(&family.aliases);
    yaml.0
}

fn role_file(role: &Role) -> String {
    let mut yaml = Yaml::file(FileKind::Role, "../");
    yaml.text(0, "code", &role.code);
    yaml.text(0, "name", &role.name);
    yaml.text(0, "description", &role.description);
    yaml.aliases(&role.aliases);
    yaml.mapping(0, "levels", |yaml| {
        for profile in &role.profiles {
            yaml.mapping(2, &profile.level, |yaml| profile_entries(yaml, profile));
        }
    });
    yaml.0
}

/// The entries of one profile, at indentation 4 (under `levels:` and its level code).
fn profile_entries(yaml: &mut Yaml, profile: &Profile) {
    yaml.optional(4, "title", profile.title.as_deref());
    yaml.unless_empty(4, "summary", &profile.summary);
    yaml.list(4, "core_outputs", &profile.core_outputs);
    yaml.list(4, "jfm_responsibilities", &profile.jfm_responsibilities);
    yaml.section(4, "components", |yaml| {
        for (key, _, items) in profile.components.lists() {
            yaml.list(6, key, items);
        }
    });
    let rubrics = &profile.rubrics;
    yaml.section(4, "rubrics", |yaml| {
        yaml.optional(6, "complexity", rubrics.complexity.as_deref());
        let knowledge = rubrics.knowledge_application.as_deref();
        yaml.optional(6, "knowledge_application", knowledge);
    });
}

/// The text of one YAML file (or of a part of one) as it is written, in block style with
/// two-space indentation. Each method writes whole lines.
struct Yaml(String);

impl Yaml {
    /// A file whose first line points the editors' YAML language server at its schema in
    /// [`SCHEMA_DIR`], `up` (`""` or `../`) leading from the file's folder to the canon root.
    fn file(kind: FileKind, up: &str) -> Self {
        Yaml(format!(
            "# yaml-language-server: $schema={up}{SCHEMA_DIR}/{}.json\n",
            kind.name()
        ))
    }

    fn text(&mut self, indent: usize, key: &str, text: &str) {
        self.0
            .push_str(&scalar::entry(indent, Slot::Value(key), text));
    }

    fn quoted(&mut self, indent: usize, key: &str, text: &str) {
        self.0
            .push_str(&scalar::quoted_entry(indent, Slot::Value(key), text));
    }

    fn optional(&mut self, indent: usize, key: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.text(indent, key, text);
        }
    }

    /// A text whose key may be left out when it is empty (the loader's default).
    fn unless_empty(&mut self, indent: usize, key: &str, text: &str) {
        if !text.is_empty() {
            self.text(indent, key, text);
        }
    }

    /// `key:` opening a nested block.
    fn key(&mut self, indent: usize, key: &str) {
        self.0.push_str(&" ".repeat(indent));
        self.0.push_str(&scalar::key(key));
        self.0.push_str(":\n");
    }

    /// A list of texts, or nothing when it is empty (the loader's default).
    fn list(&mut self, indent: usize, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.key(indent, key);
        for item in items {
            self.0
                .push_str(&scalar::entry(indent + 2, Slot::Item, item));
        }
    }

    /// `key:` and the entries `write` makes below it, or nothing when it makes none.
    fn section(&mut self, indent: usize, key: &str, write: impl FnOnce(&mut Yaml)) {
        let mut body = Yaml(String::new());
        write(&mut body);
        if !body.0.is_empty() {
            self.key(indent, key);
            self.0.push_str(&body.0);
        }
    }

    /// A required mapping: like [`Yaml::section`], but `key: {}` when `write` makes no entries.
    fn mapping(&mut self, indent: usize, key: &str, write: impl FnOnce(&mut Yaml)) {
        let before = self.0.len();
        self.section(indent, key, write);
        if self.0.len() == before {
            self.0.push_str(&format!(
                "{}{}: {{}}\n",
                " ".repeat(indent),
                scalar::key(key)
            ));
        }
    }

    /// A required list of mappings, each written by `write` with its entries at `indent + 4`;
    /// `key: []` when there are none.
    fn sequence<T>(&mut self, indent: usize, key: &str, items: &[T], write: fn(&mut Yaml, &T)) {
        if items.is_empty() {
            self.0
                .push_str(&format!("{}{}: []\n", " ".repeat(indent), scalar::key(key)));
            return;
        }
        self.key(indent, key);
        let dash = indent + 2;
        for item in items {
            let mut body = Yaml(String::new());
            write(&mut body, item);
            // The item's first line starts with the mapping's indentation; its last two
            // spaces become the item's `- `.
            if body.0.starts_with(&" ".repeat(dash + 2)) {
                body.0.replace_range(dash..dash + 2, "- ");
            }
            self.0.push_str(&body.0);
        }
    }

    /// `aliases:` with its slugs and codes, or nothing when it has neither.
    fn aliases(&mut self, aliases: &Aliases) {
        self.section(0, "aliases", |yaml| {
            yaml.list(2, "slugs", &aliases.slugs);
            yaml.list(2, "codes", &aliases.codes);
        });
    }
}
