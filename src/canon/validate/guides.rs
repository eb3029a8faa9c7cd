//! The rules of guide pages (`pages/**/*.md`): a title, slug-shaped file names, and links into
//! the canon (`id:`, `level:`, `role:`) that lead somewhere, each reported at its line and column.

use super::{Hints, is_slug, required};
use crate::canon::guide::{
    CanonLink, Guide, LinkIndex, line_and_column, link_destinations, parse_link,
};
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

/// What a canon link may name: the resolver, and the names to suggest from.
struct Targets<'a> {
    canon: &'a Canon,
    index: LinkIndex<'a>,
}

impl<'a> Targets<'a> {
    fn of(canon: &'a Canon) -> Self {
        Targets {
            canon,
            index: LinkIndex::new(canon),
        }
    }

    /// Why `link`, which resolves to nothing, leads nowhere.
    fn problem(&self, link: CanonLink<'_>, hints: &mut Hints) -> String {
        match link {
            CanonLink::Profile { id, .. } => self.missing_profile(id, hints),
            CanonLink::Level { code } => {
                let codes: Vec<&str> = self
                    .canon
                    .ladder
                    .levels
                    .iter()
                    .map(|l| l.code.as_str())
                    .collect();
                let hint = hints.level(code, &codes);
                format!("no level `{code}` in the ladder{hint}")
            }
            CanonLink::Role { family, role } => {
                let mut paths: Vec<String> = self
                    .canon
                    .families
                    .iter()
                    .flat_map(|family| {
                        family
                            .roles
                            .iter()
                            .map(move |role| format!("{}/{}", family.slug, role.slug))
                    })
                    .collect();
                paths.sort_unstable();
                let wanted = format!("{family}/{role}");
                let hint = hints.suggest(&wanted, paths.iter().map(String::as_str));
                format!("no role `{wanted}` (family folder / role file) in the canon{hint}")
            }
        }
    }

    /// Why `id` names no profile, with the likeliest fix: the role's levels when the role
    /// exists, else the closest ID.
    fn missing_profile(&self, id: &str, hints: &mut Hints) -> String {
        let mut parts = id.splitn(3, '.');
        let (family_code, role_code) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        if let Some((family, role)) = self.index.role_by_codes(family_code, role_code) {
            let levels: Vec<&str> = role.profiles.iter().map(|p| p.level.as_str()).collect();
            return format!(
                "no profile `{id}`: the role `{}.{}` ({}) has levels {}",
                family.code,
                role.code,
                role.name,
                levels.join(", ")
            );
        }
        let mut ids: Vec<String> = self
            .canon
            .profiles()
            .map(|(family, role, profile)| role.profile_id(family, profile))
            .collect();
        ids.sort_unstable();
        let hint = hints.suggest(id, ids.iter().map(String::as_str));
        format!("no profile `{id}` in the canon{hint}")
    }
}

/// Reports each canon link of `guide` that leads nowhere (an error) or is written with a
/// former code or slug (a warning: it still leads to the page, through today's name).
fn check_links(guide: &Guide, targets: &Targets<'_>, hints: &mut Hints, out: &mut Vec<Diagnostic>) {
    for (offset, dest) in link_destinations(&guide.markdown) {
        let diagnostic = match parse_link(&dest) {
            None => continue,
            Some(Err(message)) => Diagnostic::error(&guide.file, YamlPath::root(), message),
            Some(Ok(link)) => match targets.index.resolve(link) {
                Some(resolved) => match resolved.current {
                    Some(current) => Diagnostic::warning(
                        &guide.file,
                        YamlPath::root(),
                        format!(
                            "`{dest}` uses a former name: write `{}`",
                            with_current(&dest, &current)
                        ),
                    ),
                    None => continue,
                },
                None => {
                    Diagnostic::error(&guide.file, YamlPath::root(), targets.problem(link, hints))
                }
            },
        };
        let (line, column) = line_and_column(&guide.markdown, offset);
        let position = Position {
            line: guide.first_line + line - 1,
            column,
        };
        out.push(diagnostic.at(position));
    }
}

/// `dest` with its target written as `current`: `id:NEW.ID#goals`, `role:family/role`.
fn with_current(dest: &str, current: &str) -> String {
    let (scheme, rest) = dest.split_once(':').unwrap_or(("", dest));
    match rest.split_once('#') {
        Some((_, fragment)) => format!("{scheme}:{current}#{fragment}"),
        None => format!("{scheme}:{current}"),
    }
}
