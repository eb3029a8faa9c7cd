//! The shape of a goal sheet: how many rows each framework has and what grounds them, and the
//! sentences that say how one shape differs from another (for `jobframe diff`).

use super::{GoalSheet, INTERNAL_PROCESS, REUSED, ROLE_CALIBRATION};

/// What a line of every row is grounded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grounding {
    /// The profile's own rubric.
    Rubric,
    /// A dimension of the level.
    LevelBar,
    /// Nothing: the line is left out.
    Missing,
}

/// Row counts and groundings of one goal sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub smart: usize,
    /// SMART goals' "Achievable" line.
    pub achievable: Grounding,
    pub objectives: usize,
    /// Whether objectives have a second key result (a level dimension).
    pub evidence: bool,
    pub mbo: usize,
    /// MBO areas come from component responsibilities (else the own rows are reused).
    pub mbo_from_components: bool,
    pub mbo_standard: Grounding,
    pub internal_process: usize,
    pub role_calibration: usize,
}

impl GoalSheet<'_> {
    pub fn shape(&self) -> Shape {
        let smart = self.smart.as_deref().unwrap_or_default();
        let okrs = self.okrs.as_deref().unwrap_or_default();
        let mbo = self.mbo.as_deref().unwrap_or_default();
        let perspective = |name: &str| {
            self.scorecard
                .iter()
                .flatten()
                .find(|p| p.name == name)
                .map_or(0, |p| p.items.len())
        };
        let achievable = smart.first().map_or(Grounding::Missing, |goal| {
            goal.lines
                .iter()
                .find(|line| line.label == "Achievable")
                .map_or(Grounding::Missing, |line| {
                    grounding(&line.text, "Scoped to this level's jfm")
                })
        });
        Shape {
            smart: smart.len(),
            achievable,
            objectives: okrs.len(),
            evidence: okrs.first().is_some_and(|o| o.key_results.len() > 1),
            mbo: mbo.len(),
            mbo_from_components: mbo.first().is_some_and(|a| !a.row.source.ends_with(REUSED)),
            mbo_standard: mbo.first().map_or(Grounding::Missing, |area| {
                area.standard.as_deref().map_or(Grounding::Missing, |text| {
                    grounding(text, "Consistent with this level's jfm")
                })
            }),
            internal_process: perspective(INTERNAL_PROCESS),
            role_calibration: perspective(ROLE_CALIBRATION),
        }
    }
}

fn grounding(text: &str, rubric_prefix: &str) -> Grounding {
    if text.starts_with(rubric_prefix) {
        Grounding::Rubric
    } else {
        Grounding::LevelBar
    }
}

impl Shape {
    /// One sentence per way `self` (now) differs from `before`, e.g.
    /// `MBO areas now from component responsibilities (was: own rows reused)`.
    pub fn changes_since(&self, before: &Shape) -> Vec<String> {
        let mut said = Vec::new();
        let mut rows = |title: &str, noun: &str, was: usize, now: usize| {
            if was != now {
                said.push(count_sentence(title, noun, was, now));
            }
        };
        rows("SMART goals", "goal", before.smart, self.smart);
        rows("OKRs", "objective", before.objectives, self.objectives);
        rows("MBO areas", "area", before.mbo, self.mbo);
        rows(
            "Scorecard, Internal process",
            "item",
            before.internal_process,
            self.internal_process,
        );
        rows(
            "Scorecard, Role calibration",
            "item",
            before.role_calibration,
            self.role_calibration,
        );
        let both = |has: fn(&Shape) -> bool| has(before) && has(self);
        if both(|s| s.smart > 0) && before.achievable != self.achievable {
            said.push(format!(
                "SMART goals' Achievable line now {} (was: {})",
                achievable(self.achievable),
                achievable(before.achievable)
            ));
        }
        if both(|s| s.objectives > 0) && before.evidence != self.evidence {
            said.push(if self.evidence {
                "OKRs now have a second key result from a level dimension (was: one key result)"
                    .to_string()
            } else {
                "OKRs now have one key result (was: a second from a level dimension)".to_string()
            });
        }
        if both(|s| s.mbo > 0) && before.mbo_from_components != self.mbo_from_components {
            said.push(if self.mbo_from_components {
                "MBO areas now from component responsibilities (was: own rows reused)".to_string()
            } else {
                "MBO areas now reuse own rows (was: from component responsibilities)".to_string()
            });
        }
        if both(|s| s.mbo > 0) && before.mbo_standard != self.mbo_standard {
            said.push(format!(
                "MBO standard now {} (was: {})",
                standard(self.mbo_standard),
                standard(before.mbo_standard)
            ));
        }
        said
    }
}

/// `SMART goals: 3 goals (was 2)`, `OKRs: left out (was 2 objectives)`.
fn count_sentence(title: &str, noun: &str, was: usize, now: usize) -> String {
    let counted = |n: usize| match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    };
    match (was, now) {
        (0, now) => format!("{title}: {} (was left out)", counted(now)),
        (was, 0) => format!("{title}: left out (was {})", counted(was)),
        (was, now) => format!("{title}: {} (was {was})", counted(now)),
    }
}

fn achievable(grounding: Grounding) -> &'static str {
    match grounding {
        Grounding::Rubric => "from the problem-solving rubric",
        Grounding::LevelBar => "from the level's complexity bar",
        Grounding::Missing => "left out",
    }
}

fn standard(grounding: Grounding) -> &'static str {
    match grounding {
        Grounding::Rubric => "from the knowledge-application rubric",
        Grounding::LevelBar => "from the level's decision rights",
        Grounding::Missing => "left out",
    }
}
