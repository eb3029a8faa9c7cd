//! The pay parts of the profile, role and level pages: each range formatted for the canon's
//! language, with the table it comes from named.

use schemars::JsonSchema;
use serde::Serialize;

use super::Ctx;
use crate::canon::model::{Family, Profile, Role};
use crate::canon::pay::{Applied, Pay, Table};
use crate::render::money::{self, Money};

/// A profile's or a level's pay ranges: one row per zone that has a range.
#[derive(Serialize, JsonSchema)]
pub struct PayTable<'a> {
    /// `Annual base pay` or `Hourly base pay`.
    pub caption: &'static str,
    /// `annual` or `hourly`.
    pub period: &'static str,
    /// When the ranges take effect, `YYYY-MM-DD`.
    pub effective_date: &'a str,
    pub rows: Vec<PayRow<'a>>,
}

/// One zone's range.
#[derive(Serialize, JsonSchema)]
pub struct PayRow<'a> {
    /// The zone's code, e.g. `US`.
    pub zone: &'a str,
    /// The zone's name, e.g. `United States`.
    pub zone_name: &'a str,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: &'a str,
    /// The amounts formatted for the canon's language, e.g. `$85,000`.
    pub min: String,
    /// `null` when the table gives no midpoint.
    pub mid: Option<String>,
    pub max: String,
    /// The table the range comes from, e.g. `Sales family table`.
    pub source: String,
    /// `ladder`, `family` or `role`.
    pub source_kind: &'static str,
}

/// The pay rows of a role's ladder grid, one per zone, a cell per level.
#[derive(Serialize, JsonSchema)]
pub struct RolePay<'a> {
    /// `Annual base pay` or `Hourly base pay`.
    pub caption: &'static str,
    pub effective_date: &'a str,
    pub rows: Vec<PayGridRow<'a>>,
    /// Which table the ranges come from, with the zones (and levels, unless all) each covers,
    /// e.g. `Sales family table (US, UK)` or `ladder-wide table (DE: P3, P4)`.
    pub sources: Vec<String>,
}

/// One zone's row of a role's ladder grid.
#[derive(Serialize, JsonSchema)]
pub struct PayGridRow<'a> {
    pub zone_name: &'a str,
    pub currency: &'a str,
    /// One per level of the role: `min – max`, or `null` where no table has a range.
    pub cells: Vec<Option<String>>,
}

/// The table a range comes from, in words: `ladder-wide table`, `Sales family table`,
/// `Account Executive role table`.
pub fn source_name(table: &Table, family: &Family, role: &Role) -> String {
    match table {
        Table::Ladder => "ladder-wide table".to_string(),
        Table::Family { .. } => format!("{} family table", family.name),
        Table::Role { .. } => format!("{} role table", role.name),
    }
}

impl<'a> Ctx<'a> {
    /// The canon's pay and its formatters, when this build publishes pay.
    fn published_pay(&self) -> Option<(&'a Pay, &'a Money)> {
        Some((self.canon.pay.as_ref()?, self.money?))
    }

    fn pay_table(
        &self,
        pay: &'a Pay,
        money: &Money,
        applied: Vec<Applied<'a>>,
        source: impl Fn(&Table) -> String,
    ) -> Option<PayTable<'a>> {
        if applied.is_empty() {
            return None;
        }
        let rows = applied
            .into_iter()
            .map(|Applied { zone, range }| {
                let text = money.range(&zone.currency, range);
                PayRow {
                    zone: &zone.code,
                    zone_name: &zone.name,
                    currency: &zone.currency,
                    min: text.min,
                    mid: text.mid,
                    max: text.max,
                    source: source(&range.table),
                    source_kind: range.table.kind(),
                }
            })
            .collect();
        Some(PayTable {
            caption: pay.period.caption(),
            period: pay.period.key(),
            effective_date: &pay.effective_date,
            rows,
        })
    }

    /// A profile's ranges, from the most specific table of each zone.
    pub(super) fn profile_pay(
        &self,
        family: &'a Family,
        role: &'a Role,
        level: &str,
    ) -> Option<PayTable<'a>> {
        let (pay, money) = self.published_pay()?;
        let applied = pay.for_profile(&family.code, &role.code, level);
        self.pay_table(pay, money, applied, |table| {
            source_name(table, family, role)
        })
    }

    /// A level's ladder-wide ranges.
    pub(super) fn level_pay(&self, level: &str) -> Option<PayTable<'a>> {
        let (pay, money) = self.published_pay()?;
        let applied = pay.for_level(level);
        self.pay_table(pay, money, applied, |_| "ladder-wide table".to_string())
    }

    /// How many of a level's `profiles` take a range from a family or role table in some zone.
    pub(super) fn level_pay_overrides(&self, profiles: &[(&Family, &Role, &Profile)]) -> usize {
        let Some((pay, _)) = self.published_pay() else {
            return 0;
        };
        profiles
            .iter()
            .filter(|(family, role, profile)| {
                pay.for_profile(&family.code, &role.code, &profile.level)
                    .iter()
                    .any(|applied| applied.range.table != Table::Ladder)
            })
            .count()
    }

    /// The pay rows of a role's ladder grid.
    pub(super) fn role_pay(&self, family: &'a Family, role: &'a Role) -> Option<RolePay<'a>> {
        let (pay, money) = self.published_pay()?;
        // Each table used, with the zones and levels it covers, in order of first use.
        let mut sources: Vec<(String, Coverage)> = Vec::new();
        let mut rows = Vec::new();
        for zone in &pay.zones {
            let mut cells = Vec::with_capacity(role.profiles.len());
            for profile in &role.profiles {
                let level = profile.level.as_str();
                let Some(range) = pay.applying(&family.code, &role.code, &zone.code, level) else {
                    cells.push(None);
                    continue;
                };
                let name = source_name(&range.table, family, role);
                let index = match sources.iter().position(|(source, _)| *source == name) {
                    Some(index) => index,
                    None => {
                        sources.push((name, Vec::new()));
                        sources.len() - 1
                    }
                };
                let zones = &mut sources[index].1;
                match zones.iter_mut().find(|(code, _)| *code == zone.code) {
                    Some((_, levels)) => levels.push(level),
                    None => zones.push((&zone.code, vec![level])),
                }
                cells.push(Some(money::span(&money.range(&zone.currency, range))));
            }
            if cells.iter().any(Option::is_some) {
                rows.push(PayGridRow {
                    zone_name: &zone.name,
                    currency: &zone.currency,
                    cells,
                });
            }
        }
        if rows.is_empty() {
            return None;
        }
        let every_level = role.profiles.len();
        Some(RolePay {
            caption: pay.period.caption(),
            effective_date: &pay.effective_date,
            rows,
            sources: sources
                .into_iter()
                .map(|(source, zones)| format!("{source} ({})", coverage(&zones, every_level)))
                .collect(),
        })
    }
}

/// The zones one table covers in a role's grid, each with its levels, in order of first use.
type Coverage<'a> = Vec<(&'a str, Vec<&'a str>)>;

/// The zones and levels one table covers in a role's grid: `US, UK` when it covers every level
/// of those zones, else `US: P3, P4; DE: P3`, zones with the same levels grouped.
fn coverage(zones: &[(&str, Vec<&str>)], every_level: usize) -> String {
    let mut groups: Vec<(Vec<&str>, &[&str])> = Vec::new();
    for (zone, levels) in zones {
        match groups
            .iter_mut()
            .find(|(_, same)| *same == levels.as_slice())
        {
            Some((codes, _)) => codes.push(zone),
            None => groups.push((vec![zone], levels)),
        }
    }
    groups
        .into_iter()
        .map(|(codes, levels)| {
            if levels.len() == every_level {
                codes.join(", ")
            } else {
                format!("{}: {}", codes.join(", "), levels.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
