//! The stable code of every diagnostic (`JF0301`) and its one-line title. `docs/errors.md`
//! explains each code with a wrong example and the fix; `jobframe explain CODE` prints that entry.

use serde::Serialize;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $title:literal; )*) => {
        /// What kind of problem a diagnostic reports. Codes never change meaning and are never
        /// reused; a retired code stays documented.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in number order.
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// `JF0301`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $code, )*
                }
            }

            /// One line: what the code is about (the heading of its entry in docs/errors.md).
            pub fn title(self) -> &'static str {
                match self {
                    $( Code::$variant => $title, )*
                }
            }
        }
    };
}

codes! {
    // Files and folders.
    MissingRootFile = "JF0101", "a required file is missing at the canon root";
    MissingFamilyFile = "JF0102", "a family folder has no family.yaml";
    YmlExtension = "JF0103", "a canon file ends in .yml";
    UnexpectedRootFile = "JF0104", "an unexpected YAML file at the canon root";
    StrayFileInFamily = "JF0105", "a file in a family folder that is neither family.yaml nor a role";
    FileTooLarge = "JF0106", "a file is larger than 8 MiB";
    Unreadable = "JF0107", "a file cannot be read";
    NotUtf8 = "JF0108", "a file is not UTF-8 text";
    FolderIgnored = "JF0109", "a folder inside a family folder is ignored";
    SymlinkIgnored = "JF0110", "a symbolic link is not followed";
    NotAGuidePage = "JF0111", "a file under pages/ that is not a Markdown page";
    GuideFolderTooDeep = "JF0112", "a guide page folder nested too deep";

    // YAML syntax.
    InvalidYaml = "JF0201", "the file is not valid YAML";
    TabIndentation = "JF0202", "a tab is used for indentation";
    BadIndentation = "JF0203", "lines of one block are indented differently";
    MissingColon = "JF0204", "a key without its `: `";
    UnclosedQuote = "JF0205", "a quoted text is never closed";
    StrayText = "JF0206", "text where a key or list item belongs";
    DuplicateKey = "JF0207", "a key appears twice in one mapping";
    MultipleDocuments = "JF0208", "more than one YAML document in a file";
    EmptyFile = "JF0209", "the file is empty";
    NestingTooDeep = "JF0210", "collections nested more than 64 deep";
    TooManyEntries = "JF0211", "more than 100,000 list items and mapping entries in a file";
    TooManyDirectives = "JF0212", "more than 16 YAML directives in a file";
    AliasValues = "JF0213", "aliases repeat values past the entry limit";
    AliasText = "JF0214", "aliases repeat text past the text limit";
    ColonInText = "JF0215", "an unquoted text that contains `: `";
    ReservedStart = "JF0216", "an unquoted text that starts with a character YAML reserves";
    UnclosedBracket = "JF0217", "a `[` or `{` is never closed";

    // The shape of a file.
    UnknownKey = "JF0301", "a key the file kind does not have";
    MisplacedKey = "JF0302", "a key that belongs at another indentation";
    MissingKey = "JF0303", "a required key is missing";
    WrongType = "JF0304", "a value of the wrong type";
    EmptyValue = "JF0305", "a required value is empty";
    EmptyText = "JF0306", "an optional text is present but empty";
    EmptyListItem = "JF0307", "a list item is empty";
    HiddenCharacter = "JF0308", "a text contains an invisible character";

    // Names, codes and addresses.
    InvalidCode = "JF0401", "a code with characters other than A-Z and 0-9";
    InvalidSlug = "JF0402", "a folder or file name that is not a URL slug";
    InvalidAliasSlug = "JF0403", "an alias slug that is not a URL slug";
    Duplicate = "JF0404", "two things share a code or an address";
    Reserved = "JF0405", "a name the site keeps for its own pages";
    CodeTooLong = "JF0406", "a code, slug or level key longer than 64 characters";

    // Settings, ladder and profiles.
    InvalidDate = "JF0501", "a date not written as YYYY-MM-DD";
    InvalidLanguage = "JF0502", "a language that is not a language tag";
    InvalidBaseUrl = "JF0503", "a base_url that is not an absolute http(s) URL";
    NoLevels = "JF0504", "the ladder has no levels";
    UnknownTrack = "JF0505", "a level names a track the ladder lacks";
    UnknownLevel = "JF0506", "a profile for a level the ladder lacks";
    NoProfiles = "JF0507", "a role without profiles";
    TooManyProfiles = "JF0508", "a role with more profiles than the ladder has levels";
    FamilyWithoutRoles = "JF0509", "a family without roles";
    ProfileWithoutGoalLines = "JF0510", "a profile whose goal sections would be empty";
    RepeatedText = "JF0511", "the same text at two adjacent levels";

    // Sizes.
    TextTooLong = "JF0601", "a text longer than 100,000 characters";
    LongLine = "JF0602", "a line longer than 2,000 characters";
    ListTooLong = "JF0603", "a list of more than 10,000 items";
    LongList = "JF0604", "a list of more than 200 items";
    TooMany = "JF0605", "more levels, tracks, roles, profiles or guide pages than the limit";
    UnusualCount = "JF0606", "more levels or roles than a job architecture usually has";

    // Pay ranges (pay.yaml).
    NoZones = "JF0701", "pay.yaml has no zones";
    InvalidZoneCode = "JF0702", "a zone code with characters other than A-Z, 0-9 and -";
    UnknownCurrency = "JF0703", "a currency that is not an ISO 4217 code";
    UnknownPayFamily = "JF0704", "a pay table for a family the canon lacks";
    UnknownPayRole = "JF0705", "a pay table for a role the family lacks";
    UnknownZone = "JF0706", "a range for a zone not in zones";
    UnknownPayLevel = "JF0707", "a range for a level the ladder lacks";
    NotAnAmount = "JF0708", "an amount that is not a plain number";
    NotPositive = "JF0709", "an amount that is zero or negative";
    TooManyDecimals = "JF0710", "an amount with more decimals than its currency has";
    MinAboveMax = "JF0711", "a range whose min is above its max";
    MidOutside = "JF0712", "a midpoint outside its range";
    ZoneWithoutRanges = "JF0713", "a zone no table gives a range for";
    RangeBelowPrevious = "JF0714", "a range below the previous level's";

    // Guide pages (pages/).
    NoFrontMatter = "JF0801", "a guide page without front matter";
    UnclosedFrontMatter = "JF0802", "front matter without its closing ---";
    GuideTooLarge = "JF0803", "a guide page larger than 512 KiB";
    MalformedCanonLink = "JF0804", "a canon link written the wrong way";
    BrokenCanonLink = "JF0805", "a canon link to a profile, level or role the canon lacks";
    FormerNameLink = "JF0806", "a canon link written with a former code or slug";
}

/// docs/errors.md, which explains every code; built into the binary for `jobframe explain`.
const ERRORS_MD: &str = include_str!("../docs/errors.md");

impl Code {
    /// The code named `text`: `JF0301`, in any case, or just its number (`0301`, `301`).
    pub fn parse(text: &str) -> Option<Code> {
        let text = text.trim().to_ascii_uppercase();
        let digits = text.strip_prefix("JF").unwrap_or(&text);
        if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let wanted = format!("JF{digits:0>4}");
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == wanted)
    }

    /// Its entry in docs/errors.md: from its `## JF0301: …` heading up to the next heading of
    /// that level, ending in one newline.
    pub fn explanation(self) -> String {
        let heading = format!("## {}: ", self.as_str());
        let Some(start) = ERRORS_MD.find(&heading) else {
            return format!("{}: {}\n", self.as_str(), self.title());
        };
        let rest = &ERRORS_MD[start..];
        let end = rest[heading.len()..]
            .find("\n## ")
            .map_or(rest.len(), |at| at + heading.len() + 1);
        format!("{}\n", rest[..end].trim_end())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_in_order() {
        let texts: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(texts, sorted, "unique and in number order");
        for text in texts {
            assert!(
                text.len() == 6
                    && text.starts_with("JF")
                    && text[2..].chars().all(|c| c.is_ascii_digit()),
                "{text}"
            );
        }
        assert_eq!(Code::parse("jf0301"), Some(Code::UnknownKey));
        assert_eq!(Code::parse("301"), Some(Code::UnknownKey));
        assert_eq!(Code::parse(" 0301 "), Some(Code::UnknownKey));
        assert_eq!(Code::parse("JF9999"), None);
        assert_eq!(Code::parse("JF03011"), None);
        assert_eq!(Code::parse("JF"), None);
    }

    #[test]
    fn docs_errors_md_has_one_entry_per_code_with_its_title_in_order() {
        let headings: Vec<&str> = ERRORS_MD
            .lines()
            .filter(|line| line.starts_with("## "))
            .collect();
        let wanted: Vec<String> = Code::ALL
            .iter()
            .map(|code| format!("## {code}: {}", code.title()))
            .collect();
        assert_eq!(headings, wanted);
        for code in Code::ALL {
            let entry = code.explanation();
            assert!(entry.contains("**Fix:**"), "{code} has a fix");
            assert!(
                entry.contains(&format!("[{code}]")),
                "{code} shows its message"
            );
        }
    }
}
