//! Pay ranges from `pay.yaml`: zones, the ladder-wide, family and role tables, and which range
//! applies to a profile (the most specific table wins). No I/O here.

use crate::diagnostics::YamlPath;

/// The canon's pay ranges, when it has a `pay.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pay {
    /// ISO date, `YYYY-MM-DD`.
    pub effective_date: String,
    pub period: Period,
    /// In display order.
    pub zones: Vec<Zone>,
    /// The family and role tables `pay.yaml` names, even empty ones, in file order.
    pub tables: Vec<Table>,
    /// Every range of every table, sorted by [`PayRange::key`] for lookup.
    pub ranges: Vec<PayRange>,
}

/// What the amounts pay for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Annual,
    Hourly,
}

impl Period {
    /// `annual` or `hourly`, as written in `pay.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Period::Annual => "annual",
            Period::Hourly => "hourly",
        }
    }

    /// What a range of this period is, for captions: `Annual base pay`.
    pub fn caption(self) -> &'static str {
        match self {
            Period::Annual => "Annual base pay",
            Period::Hourly => "Hourly base pay",
        }
    }
}

/// A pay zone: where a range applies and in which currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub code: String,
    pub name: String,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
}

/// The table a range belongs to, from the least to the most specific.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `ranges:` at the top of `pay.yaml`: every profile of a level.
    Ladder,
    /// `families.{FAMILY}.ranges`: a family's profiles.
    Family { family: String },
    /// `families.{FAMILY}.roles.{ROLE}.ranges`: one role's profiles.
    Role { family: String, role: String },
}

impl Table {
    /// Where the table's ranges sit in `pay.yaml`.
    pub fn path(&self) -> YamlPath {
        match self {
            Table::Ladder => YamlPath::root().key("ranges"),
            Table::Family { family } => YamlPath::root().key("families").key(family).key("ranges"),
            Table::Role { family, role } => YamlPath::root()
                .key("families")
                .key(family)
                .key("roles")
                .key(role)
                .key("ranges"),
        }
    }

    /// `ladder`, `family` or `role`, as data files name the table a range comes from.
    pub fn kind(&self) -> &'static str {
        match self {
            Table::Ladder => "ladder",
            Table::Family { .. } => "family",
            Table::Role { .. } => "role",
        }
    }

    /// The family code and role code the table names (`None` where it names none).
    pub fn codes(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Table::Ladder => (None, None),
            Table::Family { family } => (Some(family), None),
            Table::Role { family, role } => (Some(family), Some(role)),
        }
    }

    /// The borrowed sort key: (specificity, family code, role code).
    fn key(&self) -> (u8, &str, &str) {
        let (family, role) = self.codes();
        let rank = u8::from(family.is_some()) + u8::from(role.is_some());
        (rank, family.unwrap_or(""), role.unwrap_or(""))
    }
}

/// An amount in hundredths of its currency's unit, so that `42.50` is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

impl Amount {
    /// Whether the amount has no fractional part.
    pub fn is_whole(self) -> bool {
        self.0 % 100 == 0
    }

    /// Decimal places written: 0, 1 or 2.
    pub fn decimals(self) -> u32 {
        match self.0 % 100 {
            0 => 0,
            n if n % 10 == 0 => 1,
            _ => 2,
        }
    }

    /// The amount as plain decimal text, e.g. `85000` or `42.5`, for data files.
    pub fn plain(self) -> String {
        let (units, cents) = (self.0 / 100, (self.0 % 100).abs());
        let sign = if self.0 < 0 && units == 0 { "-" } else { "" };
        match self.decimals() {
            0 => format!("{sign}{units}"),
            1 => format!("{sign}{units}.{}", cents / 10),
            _ => format!("{sign}{units}.{cents:02}"),
        }
    }
}

/// One range of one table, for one zone and one level.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PayRange {
    pub table: Table,
    pub zone: String,
    pub level: String,
    pub min: Amount,
    pub mid: Option<Amount>,
    pub max: Amount,
}

impl PayRange {
    /// The order of [`Pay::ranges`]: table, zone, level.
    pub fn key(&self) -> (u8, &str, &str, &str, &str) {
        let (rank, family, role) = self.table.key();
        (rank, family, role, &self.zone, &self.level)
    }

    /// Where the range is written in `pay.yaml`.
    pub fn path(&self) -> YamlPath {
        self.table.path().key(&self.zone).key(&self.level)
    }
}

/// The range that applies to a profile in one zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied<'a> {
    pub zone: &'a Zone,
    pub range: &'a PayRange,
}

impl Pay {
    /// Sorts the ranges for lookup; the loader calls it once.
    pub fn sort(&mut self) {
        self.ranges.sort_by(|a, b| a.key().cmp(&b.key()));
    }

    /// The range of `table` for `zone` and `level`, if that table has one.
    fn in_table(&self, table: (u8, &str, &str), zone: &str, level: &str) -> Option<&PayRange> {
        let wanted = (table.0, table.1, table.2, zone, level);
        self.ranges
            .binary_search_by(|range| range.key().cmp(&wanted))
            .ok()
            .map(|index| &self.ranges[index])
    }

    /// The range for a profile of role `role` in family `family` at `level` in `zone`: the
    /// role's table, else the family's, else the ladder-wide one.
    pub fn applying(&self, family: &str, role: &str, zone: &str, level: &str) -> Option<&PayRange> {
        self.in_table((2, family, role), zone, level)
            .or_else(|| self.in_table((1, family, ""), zone, level))
            .or_else(|| self.in_table((0, "", ""), zone, level))
    }

    /// The ranges that apply to a profile, one per zone that has one, in zone order.
    pub fn for_profile(&self, family: &str, role: &str, level: &str) -> Vec<Applied<'_>> {
        self.zones
            .iter()
            .filter_map(|zone| {
                let range = self.applying(family, role, &zone.code, level)?;
                Some(Applied { zone, range })
            })
            .collect()
    }

    /// The ladder-wide ranges of `level`, one per zone that has one.
    pub fn for_level(&self, level: &str) -> Vec<Applied<'_>> {
        self.zones
            .iter()
            .filter_map(|zone| {
                let range = self.in_table((0, "", ""), &zone.code, level)?;
                Some(Applied { zone, range })
            })
            .collect()
    }

    pub fn zone(&self, code: &str) -> Option<&Zone> {
        self.zones.iter().find(|zone| zone.code == code)
    }
}

impl crate::canon::model::Canon {
    /// Leaves the pay ranges out of what is published when `without_pay` (the command line's
    /// `--without-pay`) or `publish_pay: false` says so; the ranges were validated before.
    /// Returns whether there were ranges to leave out.
    pub fn withhold_pay(&mut self, without_pay: bool) -> bool {
        if without_pay || !self.settings.publish_pay {
            self.pay.take().is_some()
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(table: Table, zone: &str, level: &str, min: i64) -> PayRange {
        PayRange {
            table,
            zone: zone.to_string(),
            level: level.to_string(),
            min: Amount(min),
            mid: None,
            max: Amount(min * 2),
        }
    }

    fn pay() -> Pay {
        let family = || Table::Family {
            family: "SALES".to_string(),
        };
        let role = || Table::Role {
            family: "SALES".to_string(),
            role: "AE".to_string(),
        };
        let mut pay = Pay {
            effective_date: "2026-01-01".to_string(),
            period: Period::Annual,
            zones: ["US", "DE"]
                .map(|code| Zone {
                    code: code.to_string(),
                    name: code.to_string(),
                    currency: "USD".to_string(),
                })
                .to_vec(),
            tables: vec![family(), role()],
            ranges: vec![
                range(role(), "US", "P1", 3),
                range(Table::Ladder, "US", "P1", 1),
                range(Table::Ladder, "DE", "P1", 10),
                range(family(), "US", "P1", 2),
                range(family(), "DE", "P2", 20),
                range(Table::Ladder, "US", "P2", 4),
            ],
        };
        pay.sort();
        pay
    }

    #[test]
    fn the_role_table_wins_over_the_family_table_over_the_ladder() {
        let pay = pay();
        let min = |family, role, zone, level| {
            pay.applying(family, role, zone, level)
                .map(|range| range.min.0)
        };
        assert_eq!(min("SALES", "AE", "US", "P1"), Some(3));
        assert_eq!(min("SALES", "SDR", "US", "P1"), Some(2));
        assert_eq!(min("OPS", "AE", "US", "P1"), Some(1));
        assert_eq!(min("SALES", "AE", "DE", "P1"), Some(10));
        assert_eq!(min("SALES", "AE", "DE", "P2"), Some(20));
        assert_eq!(min("OPS", "AE", "DE", "P2"), None);
        let zones: Vec<&str> = pay
            .for_profile("SALES", "AE", "P1")
            .iter()
            .map(|applied| applied.zone.code.as_str())
            .collect();
        assert_eq!(zones, ["US", "DE"]);
        assert_eq!(pay.for_level("P2").len(), 1);
    }

    #[test]
    fn amounts_print_as_plain_decimals() {
        assert_eq!(Amount(8_500_000).plain(), "85000");
        assert_eq!(Amount(4_250).plain(), "42.5");
        assert_eq!(Amount(4_205).plain(), "42.05");
        assert_eq!(Amount(-50).plain(), "-0.5");
        assert_eq!(Amount(-1_000).plain(), "-10");
    }
}
