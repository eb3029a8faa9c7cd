//! The canon as plain data: settings, the level ladder, families, roles and profiles.

/// The whole job architecture, in canon order. Built by the loader, never mutated afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canon {
    pub settings: Settings,
    pub ladder: Ladder,
    pub families: Vec<Family>,
    /// The pay ranges of `pay.yaml`; `None` without one, and in a build without pay.
    pub pay: Option<crate::canon::pay::Pay>,
    /// The guide pages of `pages/`, in menu order.
    pub guides: Vec<crate::canon::guide::Guide>,
}

/// Canon-wide settings from `canon.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Display name used in the goal-page disclaimer (the reference uses `JobFrame`).
    pub name: String,
    pub site_title: String,
    pub version: String,
    /// ISO date, `YYYY-MM-DD`.
    pub effective_date: String,
    /// BCP 47 language tag for the `lang` attribute.
    pub language: String,
    /// Absolute URL the site is published at: enables `sitemap.xml` and canonical links, and is
    /// the root of the 404 page's links in `jobframe build`.
    pub base_url: Option<String>,
    /// When false (the default) `robots.txt` asks every crawler to stay out.
    pub allow_indexing: bool,
    /// When false, sites are built without pay (as with `build --without-pay`).
    pub publish_pay: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ladder {
    pub tracks: Vec<Track>,
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub code: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub code: String,
    pub name: String,
    pub track: String,
    pub years: String,
    pub meaning: String,
    pub dimensions: Dimensions,
}

/// The six leveling dimensions, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dimensions {
    pub scope: Option<String>,
    pub autonomy: Option<String>,
    pub complexity: Option<String>,
    pub impact: Option<String>,
    pub decision_rights: Option<String>,
    pub leadership: Option<String>,
}

/// One leveling dimension; the declaration order is the fixed display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Scope,
    Autonomy,
    Complexity,
    Impact,
    DecisionRights,
    Leadership,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Scope,
        Dimension::Autonomy,
        Dimension::Complexity,
        Dimension::Impact,
        Dimension::DecisionRights,
        Dimension::Leadership,
    ];

    /// Display label, e.g. `Decision rights`.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Scope => "Scope",
            Dimension::Autonomy => "Autonomy",
            Dimension::Complexity => "Complexity",
            Dimension::Impact => "Impact",
            Dimension::DecisionRights => "Decision rights",
            Dimension::Leadership => "Leadership",
        }
    }

    /// Label in lower case, as used inside sentences (`decision rights`).
    pub fn lower(self) -> &'static str {
        match self {
            Dimension::Scope => "scope",
            Dimension::Autonomy => "autonomy",
            Dimension::Complexity => "complexity",
            Dimension::Impact => "impact",
            Dimension::DecisionRights => "decision rights",
            Dimension::Leadership => "leadership",
        }
    }

    /// YAML key in the ladder file (`decision_rights`).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::DecisionRights => "decision_rights",
            other => other.lower(),
        }
    }
}

impl Dimensions {
    pub fn get(&self, dimension: Dimension) -> Option<&str> {
        let value = match dimension {
            Dimension::Scope => &self.scope,
            Dimension::Autonomy => &self.autonomy,
            Dimension::Complexity => &self.complexity,
            Dimension::Impact => &self.impact,
            Dimension::DecisionRights => &self.decision_rights,
            Dimension::Leadership => &self.leadership,
        };
        value.as_deref()
    }

    /// The dimensions this level has, in the fixed order.
    pub fn present(&self) -> impl Iterator<Item = (Dimension, &str)> + '_ {
        Dimension::ALL
            .into_iter()
            .filter_map(|dimension| self.get(dimension).map(|value| (dimension, value)))
    }
}

/// Old slugs and codes that keep working as redirects after a rename.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    pub slugs: Vec<String>,
    pub codes: Vec<String>,
}

/// A job family (JobFrame: function).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub code: String,
    /// URL segment, taken from the folder name.
    pub slug: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    pub aliases: Aliases,
    pub roles: Vec<Role>,
    /// The family file, relative to the canon root with `/` separators.
    pub file: String,
}

/// A role inside a family (JobFrame: focus).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    /// URL segment, taken from the file name.
    pub slug: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    pub aliases: Aliases,
    /// One profile per level the role has, in ladder order.
    pub profiles: Vec<Profile>,
    /// The role file, relative to the canon root with `/` separators.
    pub file: String,
}

/// A role at one level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub level: String,
    pub title: Option<String>,
    /// Markdown.
    pub summary: String,
    pub core_outputs: Vec<String>,
    pub jfm_responsibilities: Vec<String>,
    pub components: Components,
    pub rubrics: Rubrics,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Components {
    pub responsibilities: Vec<String>,
    pub tasks: Vec<String>,
    pub skills: Vec<String>,
    pub knowledge: Vec<String>,
    pub competencies: Vec<String>,
    pub qualifications: Vec<String>,
}

impl Components {
    /// Every component list as (YAML key, display name, items), in the fixed order.
    pub fn lists(&self) -> [(&'static str, &'static str, &[String]); 6] {
        [
            (
                "responsibilities",
                "Responsibilities",
                &self.responsibilities,
            ),
            ("tasks", "Tasks", &self.tasks),
            ("skills", "Skills", &self.skills),
            ("knowledge", "Knowledge", &self.knowledge),
            ("competencies", "Competencies", &self.competencies),
            ("qualifications", "Qualifications", &self.qualifications),
        ]
    }
}

/// The kinds of list line a profile has, in page order: each line is one canon text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineKind {
    CoreOutput,
    JfmResponsibility,
    ComponentResponsibility,
    Task,
    Skill,
    Knowledge,
    Competency,
    Qualification,
}

impl LineKind {
    pub const ALL: [LineKind; 8] = [
        LineKind::CoreOutput,
        LineKind::JfmResponsibility,
        LineKind::ComponentResponsibility,
        LineKind::Task,
        LineKind::Skill,
        LineKind::Knowledge,
        LineKind::Competency,
        LineKind::Qualification,
    ];

    /// The name in exports, e.g. `jfm_responsibility`.
    pub fn key(self) -> &'static str {
        match self {
            LineKind::CoreOutput => "core_output",
            LineKind::JfmResponsibility => "jfm_responsibility",
            LineKind::ComponentResponsibility => "component_responsibility",
            LineKind::Task => "task",
            LineKind::Skill => "skill",
            LineKind::Knowledge => "knowledge",
            LineKind::Competency => "competency",
            LineKind::Qualification => "qualification",
        }
    }

    /// The profile page gives line N of this kind the id `{prefix}-{N}`.
    pub fn anchor_prefix(self) -> &'static str {
        match self {
            LineKind::CoreOutput => "output",
            LineKind::JfmResponsibility => "duty",
            LineKind::ComponentResponsibility => "component",
            other => other.key(),
        }
    }

    /// The anchor of the `index`-th (0-based) line of this kind on the profile page.
    pub fn anchor(self, index: usize) -> String {
        format!("{}-{}", self.anchor_prefix(), index + 1)
    }

    pub fn from_key(key: &str) -> Option<LineKind> {
        LineKind::ALL.into_iter().find(|kind| kind.key() == key)
    }
}

impl Profile {
    /// The lines of one kind, in canon order.
    pub fn lines(&self, kind: LineKind) -> &[String] {
        let components = &self.components;
        match kind {
            LineKind::CoreOutput => &self.core_outputs,
            LineKind::JfmResponsibility => &self.jfm_responsibilities,
            LineKind::ComponentResponsibility => &components.responsibilities,
            LineKind::Task => &components.tasks,
            LineKind::Skill => &components.skills,
            LineKind::Knowledge => &components.knowledge,
            LineKind::Competency => &components.competencies,
            LineKind::Qualification => &components.qualifications,
        }
    }

    /// The list a line of `kind` goes in, for building a profile line by line.
    pub fn lines_mut(&mut self, kind: LineKind) -> &mut Vec<String> {
        let components = &mut self.components;
        match kind {
            LineKind::CoreOutput => &mut self.core_outputs,
            LineKind::JfmResponsibility => &mut self.jfm_responsibilities,
            LineKind::ComponentResponsibility => &mut components.responsibilities,
            LineKind::Task => &mut components.tasks,
            LineKind::Skill => &mut components.skills,
            LineKind::Knowledge => &mut components.knowledge,
            LineKind::Competency => &mut components.competencies,
            LineKind::Qualification => &mut components.qualifications,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rubrics {
    /// The complexity / problem-solving rubric.
    pub complexity: Option<String>,
    pub knowledge_application: Option<String>,
}

impl Ladder {
    pub fn level(&self, code: &str) -> Option<&Level> {
        self.levels.iter().find(|level| level.code == code)
    }

    pub fn level_index(&self, code: &str) -> Option<usize> {
        self.levels.iter().position(|level| level.code == code)
    }

    pub fn track(&self, code: &str) -> Option<&Track> {
        self.tracks.iter().find(|track| track.code == code)
    }
}

impl Role {
    /// `{FAMILY}.{ROLE}.{LEVEL}`: the stable profile ID.
    pub fn profile_id(&self, family: &Family, profile: &Profile) -> String {
        profile_id(&family.code, &self.code, &profile.level)
    }

    /// The page title: the canon's own, or `{role} — {level}`.
    pub fn profile_title(&self, profile: &Profile) -> String {
        match &profile.title {
            Some(title) => title.clone(),
            None => format!("{} — {}", self.name, profile.level),
        }
    }
}

pub fn profile_id(family_code: &str, role_code: &str, level_code: &str) -> String {
    format!("{family_code}.{role_code}.{level_code}")
}

impl Canon {
    /// Every (family, role, profile) in canon order.
    pub fn profiles(&self) -> impl Iterator<Item = (&Family, &Role, &Profile)> + '_ {
        self.families.iter().flat_map(|family| {
            family.roles.iter().flat_map(move |role| {
                role.profiles
                    .iter()
                    .map(move |profile| (family, role, profile))
            })
        })
    }

    pub fn profile_count(&self) -> usize {
        self.families
            .iter()
            .flat_map(|family| &family.roles)
            .map(|role| role.profiles.len())
            .sum()
    }
}
