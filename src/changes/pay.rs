//! What changed in `pay.yaml`: the file added or removed, its date and period, zones, and every
//! range of every table, by table, zone and level.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{FieldChange, Status, ladder};
use crate::canon::pay::{Pay, PayRange};

/// The differences of `pay.yaml`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PayDiff {
    /// `added` (only the new canon has `pay.yaml`), `removed` (only the old one) or `changed`.
    pub status: Status,
    /// `effective_date` and `period`, when they differ.
    pub fields: Vec<FieldChange>,
    /// Zones added, removed, or with another name or currency, in the new file's order, then
    /// removed ones.
    pub zones: Vec<ZoneChange>,
    /// Ranges added, removed or changed, by table (ladder-wide, then family and role tables by
    /// code), zone and level.
    pub ranges: Vec<RangeChange>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ZoneChange {
    pub code: String,
    pub name: String,
    pub status: Status,
    /// `name` and `currency`, when they differ.
    pub fields: Vec<FieldChange>,
}

/// One range of one table that differs.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RangeChange {
    /// `ladder`, `family` or `role`.
    pub table: &'static str,
    /// The family code of a family or role table.
    pub family: Option<String>,
    /// The role code of a role table.
    pub role: Option<String>,
    pub zone: String,
    pub level: String,
    pub status: Status,
    /// `null` for an added range.
    pub before: Option<Amounts>,
    /// `null` for a removed range.
    pub after: Option<Amounts>,
}

/// A range's amounts as plain numbers, e.g. `85000` or `42.5`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Amounts {
    pub min: String,
    pub mid: Option<String>,
    pub max: String,
}

impl Amounts {
    fn of(range: &PayRange) -> Amounts {
        Amounts {
            min: range.min.plain(),
            mid: range.mid.map(|mid| mid.plain()),
            max: range.max.plain(),
        }
    }

    /// `85000–100000–115000`, or `85000–115000` without a midpoint.
    pub fn span(&self) -> String {
        match &self.mid {
            Some(mid) => format!("{}–{mid}–{}", self.min, self.max),
            None => format!("{}–{}", self.min, self.max),
        }
    }
}

impl RangeChange {
    /// Where the range sits, in words: `ladder-wide US P5`, `family SALES US P5`, `role
    /// SALES.AE US P5`.
    pub fn place(&self) -> String {
        let table = match (&self.family, &self.role) {
            (Some(family), Some(role)) => format!("role {family}.{role}"),
            (Some(family), None) => format!("family {family}"),
            _ => "ladder-wide".to_string(),
        };
        format!("{table} {} {}", self.zone, self.level)
    }
}

/// The differences between two canons' pay ranges; `None` when there are none.
pub fn pay_changes(before: Option<&Pay>, after: Option<&Pay>) -> Option<PayDiff> {
    let empty = Pay {
        effective_date: String::new(),
        period: crate::canon::pay::Period::Annual,
        zones: Vec::new(),
        tables: Vec::new(),
        ranges: Vec::new(),
    };
    let status = match (before, after) {
        (None, None) => return None,
        (None, Some(_)) => Status::Added,
        (Some(_), None) => Status::Removed,
        (Some(_), Some(_)) => Status::Changed,
    };
    let (old, new) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut fields = Vec::new();
    if status == Status::Changed {
        let pairs = [
            (
                "effective_date",
                "Effective date",
                &old.effective_date,
                &new.effective_date,
            ),
            (
                "period",
                "Period",
                &old.period.key().to_string(),
                &new.period.key().to_string(),
            ),
        ];
        for (field, label, was, now) in pairs {
            fields.extend(ladder::field(field, label, Some(was), Some(now)));
        }
    }
    let diff = PayDiff {
        status,
        fields,
        zones: zone_changes(old, new),
        ranges: range_changes(old, new),
    };
    let unchanged = diff.status == Status::Changed
        && diff.fields.is_empty()
        && diff.zones.is_empty()
        && diff.ranges.is_empty();
    (!unchanged).then_some(diff)
}

fn zone_changes(old: &Pay, new: &Pay) -> Vec<ZoneChange> {
    let mut changes = Vec::new();
    for zone in &new.zones {
        let Some(was) = old.zone(&zone.code) else {
            changes.push(ZoneChange {
                code: zone.code.clone(),
                name: zone.name.clone(),
                status: Status::Added,
                fields: Vec::new(),
            });
            continue;
        };
        let mut fields = Vec::new();
        fields.extend(ladder::field(
            "name",
            "Name",
            Some(&was.name),
            Some(&zone.name),
        ));
        let (from, to) = (&was.currency, &zone.currency);
        fields.extend(ladder::field("currency", "Currency", Some(from), Some(to)));
        if !fields.is_empty() {
            changes.push(ZoneChange {
                code: zone.code.clone(),
                name: zone.name.clone(),
                status: Status::Changed,
                fields,
            });
        }
    }
    for zone in old.zones.iter().filter(|z| new.zone(&z.code).is_none()) {
        changes.push(ZoneChange {
            code: zone.code.clone(),
            name: zone.name.clone(),
            status: Status::Removed,
            fields: Vec::new(),
        });
    }
    changes
}

type Key<'a> = (u8, &'a str, &'a str, &'a str, &'a str);

fn by_key(pay: &Pay) -> BTreeMap<Key<'_>, &PayRange> {
    pay.ranges
        .iter()
        .map(|range| (range.key(), range))
        .collect()
}

fn range_changes(old: &Pay, new: &Pay) -> Vec<RangeChange> {
    let (was, now) = (by_key(old), by_key(new));
    let mut keys: Vec<&Key> = was.keys().chain(now.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let (before, after) = (was.get(key), now.get(key));
            let status = match (before, after) {
                (Some(b), Some(a)) if Amounts::of(b) == Amounts::of(a) => return None,
                (Some(_), Some(_)) => Status::Changed,
                (None, _) => Status::Added,
                (_, None) => Status::Removed,
            };
            let range = after.or(before)?;
            let (family, role) = range.table.codes();
            Some(RangeChange {
                table: range.table.kind(),
                family: family.map(str::to_string),
                role: role.map(str::to_string),
                zone: range.zone.clone(),
                level: range.level.clone(),
                status,
                before: before.map(|range| Amounts::of(range)),
                after: after.map(|range| Amounts::of(range)),
            })
        })
        .collect()
}
