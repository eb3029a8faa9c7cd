//! The rules of `pay.yaml`: its date, zones and currencies, the codes its tables name, the
//! amounts of each range, and warnings for zones without ranges and ranges that go down a ladder.

use std::collections::{BTreeMap, BTreeSet};

use iso_currency::{Currency, IntoEnumIterator};

use super::{Hints, Levels, Seen, date, required};
use crate::canon::limits::{self, Count, fits};
use crate::canon::model::{Canon, Family};
use crate::canon::pay::{Amount, Pay, PayRange};
use crate::diagnostics::{Code, Diagnostic, YamlPath};

const PAY: &str = crate::canon::files::PAY_FILE;

/// Zones at most: every profile page has a row per zone, and every profile is looked up in
/// every zone. Real pay structures have 1–20 zones.
pub const ZONES_MAX: usize = 100;

/// Every rule of `pay.yaml`; `ladder` is `None` when the ladder could not be checked.
pub(super) fn check(canon: &Canon, ladder: Option<&Levels>, out: &mut Vec<Diagnostic>) {
    let Some(pay) = &canon.pay else {
        return;
    };
    date(
        out,
        PAY,
        YamlPath::root().key("effective_date"),
        &pay.effective_date,
    );
    if !check_zones(pay, out) {
        return;
    }
    let mut hints = Hints::new();
    check_tables(canon, pay, &mut hints, out);
    for range in &pay.ranges {
        check_range(pay, range, ladder, &mut hints, out);
    }
    warn_unused_zones(pay, out);
    if ladder.is_some() {
        warn_descending(canon, pay, out);
    }
}

/// The zones' own rules; false when there are too many to check further.
fn check_zones(pay: &Pay, out: &mut Vec<Diagnostic>) -> bool {
    let path = YamlPath::root().key("zones");
    let count = Count {
        what: "pay structure of {} zones",
        count: pay.zones.len(),
        warn: None,
        max: ZONES_MAX,
        advice: "every profile page shows a row per zone; publish regional pay as separate canons",
    };
    if !count.check(out, PAY, path.clone()) {
        return false;
    }
    if pay.zones.is_empty() {
        out.push(Diagnostic::error(
            Code::NoZones,
            PAY,
            path.clone(),
            "no zones: add at least one, with its code, name and currency",
        ));
    }
    let mut codes = Seen::default();
    for (index, zone) in pay.zones.iter().enumerate() {
        let at = path.index(index);
        if !fits(&zone.code) {
            limits::code(out, PAY, || at.key("code"), &zone.code);
        } else if !is_zone_code(&zone.code) {
            let upper = zone.code.to_uppercase();
            let hint = if is_zone_code(&upper) {
                format!("; did you mean `{upper}`?")
            } else {
                String::new()
            };
            out.push(Diagnostic::error(
                Code::InvalidZoneCode,
                PAY,
                at.key("code"),
                format!(
                    "zone code `{}` is not valid: zone codes use only A-Z, 0-9 and `-`{hint}",
                    zone.code
                ),
            ));
        } else {
            out.extend(codes.claim("zone code", &zone.code, PAY, at.key("code")));
        }
        required(out, PAY, at.key("name"), &zone.name);
        check_currency(&zone.currency, at.key("currency"), out);
    }
    true
}

fn is_zone_code(code: &str) -> bool {
    code.bytes().next().is_some_and(|b| b != b'-')
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

fn check_currency(code: &str, path: YamlPath, out: &mut Vec<Diagnostic>) {
    if Currency::from_code(code).is_some() {
        return;
    }
    let upper = code.trim().to_uppercase();
    let hint = if Currency::from_code(&upper).is_some() {
        format!("; did you mean `{upper}`?")
    } else if fits(code) {
        let codes: Vec<&str> = Currency::iter().map(|currency| currency.code()).collect();
        crate::diagnostics::did_you_mean(&upper, codes)
            .map(|best| format!("; did you mean `{best}`?"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    out.push(Diagnostic::error(
        Code::UnknownCurrency,
        PAY,
        path,
        format!(
            "`{}` is not an ISO 4217 currency code such as `USD`, `EUR` or `GBP`{hint}",
            limits::excerpt(code)
        ),
    ));
}

/// Each family and role table names a family (by code) and a role of it; an unknown code is an
/// error, reported once per table.
fn check_tables(canon: &Canon, pay: &Pay, hints: &mut Hints, out: &mut Vec<Diagnostic>) {
    let families = || canon.families.iter().map(|family| family.code.as_str());
    let mut reported = BTreeSet::new();
    for table in &pay.tables {
        let (Some(family_code), role_code) = table.codes() else {
            continue;
        };
        let short = |code: &str| limits::excerpt(code).into_owned();
        if !fits(family_code) {
            if reported.insert(family_code) {
                let path = || YamlPath::root().key("families").key(&short(family_code));
                limits::code(out, PAY, path, family_code);
            }
            continue;
        }
        let family_path = YamlPath::root().key("families").key(family_code);
        if let Some(role) = role_code.filter(|role| !fits(role)) {
            let path = || family_path.key("roles").key(&short(role));
            limits::code(out, PAY, path, role);
            continue;
        }
        let Some(family) = canon.families.iter().find(|f| f.code == family_code) else {
            if reported.insert(family_code) {
                let former = canon
                    .families
                    .iter()
                    .find(|f| f.aliases.codes.iter().any(|code| code == family_code));
                let by_folder = canon.families.iter().find(|f| f.slug == family_code);
                let why = match (former, by_folder) {
                    (Some(family), _) => format!(
                        "; it is a former code of `{}` ({}): use `{}`",
                        family.code, family.name, family.code
                    ),
                    (None, Some(family)) => format!(
                        "; `{family_code}` is the folder of family `{}` ({}): pay tables name \
                         families by code, so write `{}`",
                        family.code, family.name, family.code
                    ),
                    (None, None) => hints.suggest(family_code, families()),
                };
                out.push(Diagnostic::error(
                    Code::UnknownPayFamily,
                    PAY,
                    family_path,
                    format!("no family with code `{family_code}` in the canon{why}"),
                ));
            }
            continue;
        };
        if let Some(role_code) = role_code {
            check_role_code(family, role_code, &family_path, hints, out);
        }
    }
}

fn check_role_code(
    family: &Family,
    role_code: &str,
    family_path: &YamlPath,
    hints: &mut Hints,
    out: &mut Vec<Diagnostic>,
) {
    if family.roles.iter().any(|role| role.code == role_code) {
        return;
    }
    let former = family
        .roles
        .iter()
        .find(|role| role.aliases.codes.iter().any(|code| code == role_code));
    let why = match former {
        Some(role) => format!(
            "; it is a former code of `{}` ({}): use `{}`",
            role.code, role.name, role.code
        ),
        None => hints.suggest(role_code, family.roles.iter().map(|r| r.code.as_str())),
    };
    out.push(Diagnostic::error(
        Code::UnknownPayRole,
        PAY,
        family_path.key("roles").key(role_code),
        format!(
            "no role with code `{role_code}` in family `{}` ({}){why}",
            family.code, family.name
        ),
    ));
}

/// One range: its zone and level exist, its amounts are positive, in order and in the
/// currency's precision.
fn check_range(
    pay: &Pay,
    range: &PayRange,
    ladder: Option<&Levels>,
    hints: &mut Hints,
    out: &mut Vec<Diagnostic>,
) {
    let (family, role) = range.table.codes();
    if !(fits(family.unwrap_or("")) && fits(role.unwrap_or(""))) {
        return; // reported once for its table
    }
    let table = range.table.path();
    if !fits(&range.zone) {
        let path = || table.key(&limits::excerpt(&range.zone));
        limits::code(out, PAY, path, &range.zone);
        return;
    }
    if !fits(&range.level) {
        let path = || table.key(&range.zone).key(&limits::excerpt(&range.level));
        limits::code(out, PAY, path, &range.level);
        return;
    }
    let zone = pay.zone(&range.zone);
    if zone.is_none() {
        let codes = pay.zones.iter().map(|zone| zone.code.as_str());
        let hint = hints.suggest(&range.zone, codes);
        out.push(Diagnostic::error(
            Code::UnknownZone,
            PAY,
            table.key(&range.zone),
            format!(
                "no zone `{}` in `zones`{hint}",
                limits::excerpt(&range.zone)
            ),
        ));
    }
    if let Some(ladder) = ladder
        && !ladder.has(&range.level)
    {
        let codes: Vec<&str> = ladder.codes().collect();
        let hint = hints.level(&range.level, &codes);
        out.push(Diagnostic::error(
            Code::UnknownPayLevel,
            PAY,
            range.path(),
            format!(
                "no level `{}` in the ladder{hint}",
                limits::excerpt(&range.level)
            ),
        ));
    }
    let path = range.path();
    let amounts = [
        ("min", Some(range.min)),
        ("mid", range.mid),
        ("max", Some(range.max)),
    ];
    let exponent = zone
        .and_then(|zone| Currency::from_code(&zone.currency))
        .map(|currency| (currency, currency.exponent().unwrap_or(2)));
    for (key, amount) in amounts {
        let Some(amount) = amount else { continue };
        if amount <= Amount(0) {
            out.push(Diagnostic::error(
                Code::NotPositive,
                PAY,
                path.key(key),
                format!("`{}` is not a positive amount", amount.plain()),
            ));
        } else if let Some((currency, exponent)) = exponent
            && amount.decimals() > u32::from(exponent)
        {
            let places = match exponent {
                0 => "no decimal places".to_string(),
                1 => "one decimal place".to_string(),
                n => format!("at most {n} decimal places"),
            };
            out.push(Diagnostic::error(
                Code::TooManyDecimals,
                PAY,
                path.key(key),
                format!(
                    "`{}` has more decimals than {} ({}) allows: {} amounts have {places}",
                    amount.plain(),
                    currency.code(),
                    currency.name(),
                    currency.code()
                ),
            ));
        }
    }
    check_order(range, &path, out);
}

fn check_order(range: &PayRange, path: &YamlPath, out: &mut Vec<Diagnostic>) {
    let (min, max) = (range.min.plain(), range.max.plain());
    if range.min > range.max {
        out.push(Diagnostic::error(
            Code::MinAboveMax,
            PAY,
            path.key("min"),
            format!("min {min} is above max {max}: a range runs from min up to max"),
        ));
    } else if let Some(mid) = range.mid
        && !(range.min..=range.max).contains(&mid)
    {
        out.push(Diagnostic::error(
            Code::MidOutside,
            PAY,
            path.key("mid"),
            format!(
                "mid {} is outside the range {min}–{max}: it must lie between min and max",
                mid.plain()
            ),
        ));
    }
}

fn warn_unused_zones(pay: &Pay, out: &mut Vec<Diagnostic>) {
    let used: BTreeSet<&str> = pay.ranges.iter().map(|range| range.zone.as_str()).collect();
    for (index, zone) in pay.zones.iter().enumerate() {
        // A zone whose code is not valid has its error already.
        let valid = fits(&zone.code) && is_zone_code(&zone.code);
        if valid && !used.contains(zone.code.as_str()) {
            out.push(Diagnostic::warning(
                Code::ZoneWithoutRanges,
                PAY,
                YamlPath::root().key("zones").index(index),
                format!(
                    "zone `{}` has no ranges in any table, so no page shows pay for it: add its \
                     ranges under `ranges.{}` or remove the zone",
                    zone.code, zone.code
                ),
            ));
        }
    }
}

/// Where a role's range at one level starts or ends below the range of the role's previous
/// level on the same track. Reported once per pair of ranges, with the roles that meet it.
fn warn_descending(canon: &Canon, pay: &Pay, out: &mut Vec<Diagnostic>) {
    let mut found: BTreeMap<(&PayRange, &PayRange), (usize, String)> = BTreeMap::new();
    for family in &canon.families {
        for role in &family.roles {
            for pair in role.profiles.windows(2) {
                let [lower, higher] = pair else { continue };
                let track = |code: &str| canon.ladder.level(code).map(|level| &level.track);
                if track(&lower.level) != track(&higher.level) {
                    continue;
                }
                for zone in &pay.zones {
                    let range =
                        |level: &str| pay.applying(&family.code, &role.code, &zone.code, level);
                    let (Some(below), Some(above)) = (range(&lower.level), range(&higher.level))
                    else {
                        continue;
                    };
                    if above.min < below.min || above.max < below.max {
                        let entry = found
                            .entry((above, below))
                            .or_insert_with(|| (0, role.profile_id(family, higher)));
                        entry.0 += 1;
                    }
                }
            }
        }
    }
    for ((above, below), (roles, example)) in found {
        let end = if above.min < below.min {
            format!("min {} < {}", above.min.plain(), below.min.plain())
        } else {
            format!("max {} < {}", above.max.plain(), below.max.plain())
        };
        let whose = if roles == 1 {
            format!("for {example}")
        } else {
            format!("for {} roles, e.g. {example}", limits::thousands(roles))
        };
        out.push(Diagnostic::warning(
            Code::RangeBelowPrevious,
            PAY,
            above.path(),
            format!(
                "the {} range for `{}` sits below the one for `{}` ({}) {whose}: {end}; pay should \
                 not go down a level, so check the amounts",
                above.zone,
                above.level,
                below.level,
                below.path(),
            ),
        ));
    }
}
