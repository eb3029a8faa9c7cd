//! The rules of guide pages (`pages/**/*.md`): a title, slug-shaped file names, and links into
//! the canon (`id:`, `level:`, `role:`) that lead somewhere, each reported at its line and column.

use super::{Hints, is_slug, required};
use std::cell::OnceCell;

use crate::canon::guide::{CanonLink, GUIDES_DIR, Guide, LinkIndex, link_destinations, parse_link};
use crate::canon::limits;
use crate::canon::model::Canon;
use crate::diagnostics::{Code, Diagnostic, Places, Position, YamlPath};

/// Every rule of every guide page.
pub(super) fn check(canon: &Canon, out: &mut Vec<Diagnostic>) {
    if canon.guides.is_empty() {
        return;
    }
    let count = limits::Count {
        what: "{} guide pages",
        count: canon.guides.len(),
        warn: None,
        max: limits::GUIDES_MAX,
        advice: "real sites have 3–30, and the home page lists them all; merge pages or keep \
                 the rest elsewhere",
    };
    if !count.check(out, GUIDES_DIR, YamlPath::root()) {
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
                Code::InvalidSlug,
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
    /// Every profile ID, sorted, for "did you mean"; made on the first unknown ID.
    ids: OnceCell<Vec<String>>,
    /// Every role as `family/role`, sorted; made on the first unknown role.
    roles: OnceCell<Vec<String>>,
    /// The ladder's level codes, in ladder order.
    levels: Vec<&'a str>,
}

impl<'a> Targets<'a> {
    fn of(canon: &'a Canon) -> Self {
        Targets {
            canon,
            index: LinkIndex::new(canon),
            ids: OnceCell::new(),
            roles: OnceCell::new(),
            levels: canon
                .ladder
                .levels
                .iter()
                .map(|l| l.code.as_str())
                .collect(),
        }
    }

    /// Why `link`, which resolves to nothing, leads nowhere.
    fn problem(&self, link: CanonLink<'_>, hints: &mut Hints) -> String {
        match link {
            CanonLink::Profile { id, .. } => self.missing_profile(id, hints),
            CanonLink::Level { code } => {
                let hint = hints.level(code, &self.levels);
                format!("no level `{code}` in the ladder{hint}")
            }
            CanonLink::Role { family, role } => {
                let paths = self.roles.get_or_init(|| {
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
                    paths
                });
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
        let ids = self.ids.get_or_init(|| {
            let mut ids: Vec<String> = self
                .canon
                .profiles()
                .map(|(family, role, profile)| role.profile_id(family, profile))
                .collect();
            ids.sort_unstable();
            ids
        });
        let hint = hints.suggest(id, ids.iter().map(String::as_str));
        format!("no profile `{id}` in the canon{hint}")
    }
}

/// Reports each canon link of `guide` that leads nowhere (an error) or is written with a
/// former code or slug (a warning: it still leads to the page, through today's name).
fn check_links(guide: &Guide, targets: &Targets<'_>, hints: &mut Hints, out: &mut Vec<Diagnostic>) {
    let mut places = Places::new(&guide.markdown);
    for (offset, dest) in link_destinations(&guide.markdown) {
        let diagnostic = match parse_link(&dest) {
            None => continue,
            Some(Err(message)) => Diagnostic::error(
                Code::MalformedCanonLink,
                &guide.file,
                YamlPath::root(),
                message,
            ),
            Some(Ok(link)) => match targets.index.resolve(link) {
                Some(resolved) => match resolved.current {
                    Some(current) => Diagnostic::warning(
                        Code::FormerNameLink,
                        &guide.file,
                        YamlPath::root(),
                        format!(
                            "`{dest}` uses a former name: write `{}`",
                            with_current(&dest, &current)
                        ),
                    ),
                    None => continue,
                },
                None => Diagnostic::error(
                    Code::BrokenCanonLink,
                    &guide.file,
                    YamlPath::root(),
                    targets.problem(link, hints),
                ),
            },
        };
        let Position { line, column } = places.of(offset);
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
