//! Pay amounts as people read them in the canon's language: ICU4X's CLDR data places the
//! currency symbol and chooses the grouping and decimal separators (`$85,000`, `85.000 €`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use fixed_decimal::Decimal;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale_core::Locale;
use writeable::{Part, PartsWrite, Writeable};

use crate::canon::pay::{Amount, Pay, PayRange};

/// Every amount of the canon's pay ranges, formatted once per build for its currency and the
/// canon's language. (ICU's formatters cannot be shared between threads; their output can.)
pub struct Money {
    texts: HashMap<(String, Amount, bool), String>,
}

/// A range's three amounts as text, with cents on all three or on none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeText {
    pub min: String,
    pub mid: Option<String>,
    pub max: String,
}

impl Money {
    /// The formatted amounts of `canon`'s pay ranges; `None` when it has none (or they are
    /// withheld).
    pub fn of(canon: &crate::canon::model::Canon) -> Option<Money> {
        let pay = canon.pay.as_ref()?;
        Some(Money::new(&canon.settings.language, pay))
    }

    /// Formats every amount of `pay` in `language` (a BCP 47 tag; one ICU does not know falls
    /// back to CLDR's root locale).
    pub fn new(language: &str, pay: &Pay) -> Money {
        let formatters: BTreeMap<&str, Option<CurrencyFormatter<DecimalFormatter>>> = pay
            .zones
            .iter()
            .map(|zone| (zone.currency.as_str(), formatter(language, &zone.currency)))
            .collect();
        let mut texts = HashMap::new();
        for range in &pay.ranges {
            let Some(zone) = pay.zone(&range.zone) else {
                continue;
            };
            let formatter = formatters
                .get(zone.currency.as_str())
                .and_then(Option::as_ref);
            let cents = has_cents(range);
            for amount in [Some(range.min), range.mid, Some(range.max)]
                .into_iter()
                .flatten()
            {
                texts
                    .entry((zone.currency.clone(), amount, cents))
                    .or_insert_with(|| format(formatter, &zone.currency, amount, cents));
            }
        }
        Money { texts }
    }

    fn amount(&self, currency: &str, amount: Amount, cents: bool) -> String {
        match self.texts.get(&(currency.to_string(), amount, cents)) {
            Some(text) => text.clone(),
            None => format(None, currency, amount, cents),
        }
    }

    /// The three amounts of `range`, with cents only when one of them has any.
    pub fn range(&self, currency: &str, range: &PayRange) -> RangeText {
        let cents = has_cents(range);
        RangeText {
            min: self.amount(currency, range.min, cents),
            mid: range.mid.map(|mid| self.amount(currency, mid, cents)),
            max: self.amount(currency, range.max, cents),
        }
    }
}

fn has_cents(range: &PayRange) -> bool {
    [Some(range.min), range.mid, Some(range.max)]
        .into_iter()
        .flatten()
        .any(|amount| !amount.is_whole())
}

/// ICU's formatter of `currency` (an ISO 4217 code) with symbols in `language`.
fn formatter(language: &str, currency: &str) -> Option<CurrencyFormatter<DecimalFormatter>> {
    let locale: Locale = language.parse().unwrap_or(Locale::UNKNOWN);
    let code = CurrencyType::try_from_str(&currency.to_ascii_lowercase()).ok()?;
    CurrencyFormatter::try_new_symbol((&locale).into(), code, Default::default()).ok()
}

/// `amount` in `currency`; without `cents` the fraction is left out (`$85,000`, not
/// `$85,000.00`). Without a formatter, the currency's code and the plain number.
fn format(
    formatter: Option<&CurrencyFormatter<DecimalFormatter>>,
    currency: &str,
    amount: Amount,
    cents: bool,
) -> String {
    let plain = || format!("{currency} {}", amount.plain());
    let Some(formatter) = formatter else {
        return plain();
    };
    let mut value = Decimal::from(amount.0);
    value.multiply_pow10(-2);
    let mut out = WithoutFraction {
        text: String::new(),
        skipping: false,
        keep_fraction: cents,
    };
    match formatter
        .format_fixed_decimal(&value)
        .write_to_parts(&mut out)
    {
        Ok(()) => out.text,
        Err(_) => plain(),
    }
}

/// Collects formatted text, leaving out the decimal separator and the fraction (parts ICU
/// labels) unless `keep_fraction`.
struct WithoutFraction {
    text: String,
    skipping: bool,
    keep_fraction: bool,
}

impl std::fmt::Write for WithoutFraction {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if !self.skipping {
            self.text.push_str(s);
        }
        Ok(())
    }
}

impl PartsWrite for WithoutFraction {
    type SubPartsWrite = WithoutFraction;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> std::fmt::Result,
    ) -> std::fmt::Result {
        let fraction = part.category == "decimal" && matches!(part.value, "decimal" | "fraction");
        let was = self.skipping;
        self.skipping |= fraction && !self.keep_fraction;
        let result = f(self);
        self.skipping = was;
        result
    }
}

/// `min – max`, the way a range reads in a grid cell.
pub fn span(text: &RangeText) -> String {
    let mut out = String::with_capacity(text.min.len() + text.max.len() + 5);
    let _ = write!(out, "{} – {}", text.min, text.max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canon::pay::{Period, Table, Zone};

    fn formatted(language: &str, currency: &str, hundredths: i64, cents: bool) -> String {
        let formatter = formatter(language, currency);
        format(formatter.as_ref(), currency, Amount(hundredths), cents)
    }

    /// Pinned to what ICU4X's CLDR data produces (U+00A0 is a no-break space).
    #[test]
    fn amounts_follow_the_language() {
        assert_eq!(formatted("en-US", "USD", 8_500_000, false), "$85,000");
        assert_eq!(formatted("en-US", "EUR", 8_500_000, false), "€85,000");
        assert_eq!(formatted("en-GB", "GBP", 8_500_000, false), "£85,000");
        assert_eq!(formatted("en-GB", "USD", 8_500_000, false), "US$85,000");
        assert_eq!(formatted("de-DE", "EUR", 8_500_000, false), "85.000\u{a0}€");
        assert_eq!(
            formatted("de-DE", "USD", 123_456_700, false),
            "1.234.567\u{a0}$"
        );
        assert_eq!(formatted("en", "USD", 8_500_000, false), "$85,000");
        assert_eq!(formatted("en-US", "JPY", 850_000_000, false), "¥8,500,000");
    }

    #[test]
    fn cents_are_shown_only_when_asked_for() {
        assert_eq!(formatted("en-US", "USD", 4_250, true), "$42.50");
        assert_eq!(formatted("de-DE", "EUR", 4_250, true), "42,50\u{a0}€");
        assert_eq!(formatted("de-DE", "EUR", 4_200, false), "42\u{a0}€");
    }

    #[test]
    fn an_unknown_language_falls_back_to_the_root_locale() {
        assert_eq!(
            formatted("not a tag", "USD", 8_500_000, false),
            "US$\u{a0}85,000"
        );
    }

    #[test]
    fn a_range_with_one_fractional_amount_shows_cents_on_all() {
        let range = PayRange {
            table: Table::Ladder,
            zone: "US".to_string(),
            level: "P1".to_string(),
            min: Amount(2_000),
            mid: Some(Amount(2_250)),
            max: Amount(2_500),
        };
        let pay = Pay {
            effective_date: "2026-01-01".to_string(),
            period: Period::Hourly,
            zones: vec![Zone {
                code: "US".to_string(),
                name: "United States".to_string(),
                currency: "USD".to_string(),
            }],
            tables: Vec::new(),
            ranges: vec![range.clone()],
        };
        let text = Money::new("en-US", &pay).range("USD", &range);
        assert_eq!(text.min, "$20.00");
        assert_eq!(text.mid.as_deref(), Some("$22.50"));
        assert_eq!(span(&text), "$20.00 – $25.00");
    }
}
