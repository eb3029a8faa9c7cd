//! Fuzzes canon loading, goal derivation and rendering end to end. The input is split on NUL
//! bytes into canon.yaml, ladder.yaml, a family.yaml and role files; whatever the bytes, jobframe
//! must report problems, never panic.
#![no_main]

use std::collections::BTreeMap;

use jobframe::build::render_in_memory;
use jobframe::frames::{self, Inputs, text};
use jobframe::load::check_sources;
use jobframe::render::Theme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts: Vec<String> = data.split(|b| *b == 0).map(|part| String::from_utf8_lossy(part).into_owned()).collect();
    let names = ["canon.yaml", "ladder.yaml", "fam/family.yaml"];
    let mut files = BTreeMap::new();
    for (n, part) in parts.into_iter().enumerate().take(6) {
        let name = names.get(n).map_or_else(|| format!("fam/role-{n}.yaml"), |name| name.to_string());
        files.insert(name, part);
    }
    let checked = check_sources(files);
    if checked.error_count() > 0 {
        return;
    }
    let canon = &checked.canon;
    for (family, role, profile) in canon.profiles() {
        if let Some(level) = canon.ladder.level(&profile.level) {
            let sheet = frames::derive(Inputs { canon_name: &canon.settings.name, family, role, level, profile });
            let _ = sheet.smart.as_deref().map(text::smart);
            let _ = sheet.okrs.as_deref().map(text::okrs);
            let _ = sheet.mbo.as_deref().map(text::mbo);
            let _ = sheet.scorecard.as_deref().map(text::scorecard);
        }
    }
    let theme = Theme::builtin().expect("the built-in theme loads");
    render_in_memory(canon, &theme).expect("a clean canon renders");
});
