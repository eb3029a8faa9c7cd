//! The rules of guide pages (`pages/**/*.md`): a title, slug-shaped file names, and links into
//! the canon (`id:`, `level:`, `role:`) that lead somewhere, each reported at its line and column.

use std::collections::HashSet;

use super::{Hints, is_slug, required};
use crate::canon::guide::{CanonLink, Guide, line_and_column, link_destinations, parse_link};
use crate::canon::model::Canon;
use crate::diagnostics::{Diagnostic, Position, YamlPath};

/// Every rule of every guide page.
pub(super) fn check(canon: &Canon, out: &mut Vec<Diagnostic>) {
    if canon.guides.is_empty() {
        return;
    }
    let targets = Targets::of(canon);
    for guide in &canon.guides {
        let mut hints = Hints::new();
        required(
            out,
            &guide.file,
            YamlPath::root().key("title"),
            &guide.title,
        );
        for segment in guide.path.split('/').filter(|segment| !is_slug(segment)) {
            out.push(Diagnostic::error(
                &guide.file,
                YamlPath::root(),
                format!(
                    "`{segment}` is not a URL slug: guide pages and their folders are named with \
                     a-z, 0-9 and `-` (their names become the page's address); rename it"
                ),
            ));
        }
        check_links(guide, &targets, &mut hints, out);
    }
}

/// What a canon link may name, looked up in constant time.
struct Targets<'a> {
    canon: &'a Canon,
    ids: HashSet<String>,
    roles: HashSet<(&'a str, &'a str)>,
}

impl<'a> Targets<'a> {
    fn of(canon: &'a Canon) -> Self {
        let ids = canon
            .profiles()
            .map(|(family, role, profile)| role.profile_id(family, profile))
            .collect();
        let roles = canon
            .families
            .iter()
            .flat_map(|family| {
                family
                    .roles
                    .iter()
                    .map(|role| (family.slug.as_str(), role.slug.as_str()))
            })
            .collect();
        Targets { canon, ids, roles }
    }

    /// Why `link` leads nowhere, or `None` when it leads to a page.
    fn problem(&self, link: CanonLink<'_>, hints: &mut Hints) -> Option<String> {
        match link {
            CanonLink::Profile { id, .. } if !self.ids.contains(id) => {
                Some(self.missing_profile(id, hints))
            }
            CanonLink::Level { code } if self.canon.ladder.level(code).is_none() => {
                let codes: Vec<&str> = self
                    .canon
                    .ladder
                    .levels
                    .iter()
                    .map(|l| l.code.as_str())
                    .collect();
                let hint = hints.level(code, &codes);
                Some(format!("no level `{code}` in the ladder{hint}"))
            }
            CanonLink::Role { family, role } if !self.roles.contains(&(family, role)) => {
                let paths: Vec<String> = self
                    .roles
                    .iter()
                    .map(|(family, role)| format!("{family}/{role}"))
                    .collect();
                let mut sorted: Vec<&str> = paths.iter().map(String::as_str).collect();
                sorted.sort_unstable();
                let wanted = format!("{family}/{role}");
                let hint = hints.suggest(&wanted, sorted.into_iter());
                Some(format!(
                    "no role `{wanted}` (family folder / role file) in the canon{hint}"
                ))
            }
            _ => None,
        }
    }
}

impl Targets<'_> {
    /// Why `id` names no profile, with the likeliest fix: the role's levels when the role
    /// exists, the current ID when it is a former one, else the closest ID.
    fn missing_profile(&self, id: &str, hints: &mut Hints) -> String {
        let mut parts = id.splitn(3, '.');
        let (family_code, role_code, level) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let named = |code: &str, current: &str, former: &[String]| {
            code == current || former.iter().any(|old| old == code)
        };
        let found = self.canon.families.iter().find_map(|family| {
            let role = family.roles.iter().find(|role| {
                named(family_code, &family.code, &family.aliases.codes)
                    && named(role_code, &role.code, &role.aliases.codes)
            })?;
            Some((family, role))
        });
        match found {
            Some((family, role)) if role.profiles.iter().any(|p| p.level == level) => format!(
                "`{id}` is a former profile ID: use `{}.{}.{level}`",
                family.code, role.code
            ),
            Some((family, role)) => {
                let levels: Vec<&str> = role.profiles.iter().map(|p| p.level.as_str()).collect();
                format!(
                    "no profile `{id}`: the role `{}.{}` ({}) has levels {}",
                    family.code,
                    role.code,
                    role.name,
                    levels.join(", ")
                )
            }
            None => {
                let mut ids: Vec<&str> = self.ids.iter().map(String::as_str).collect();
                ids.sort_unstable();
                let hint = hints.suggest(id, ids.into_iter());
                format!("no profile `{id}` in the canon{hint}")
            }
        }
    }
}

fn check_links(guide: &Guide, targets: &Targets<'_>, hints: &mut Hints, out: &mut Vec<Diagnostic>) {
    for (offset, dest) in link_destinations(&guide.markdown) {
        let problem = match parse_link(&dest) {
            None => continue,
            Some(Err(message)) => message,
            Some(Ok(link)) => match targets.problem(link, hints) {
                Some(message) => message,
                None => continue,
            },
        };
        let (line, column) = line_and_column(&guide.markdown, offset);
        let position = Position {
            line: guide.first_line + line - 1,
            column,
        };
        out.push(Diagnostic::error(&guide.file, YamlPath::root(), problem).at(position));
    }
}
