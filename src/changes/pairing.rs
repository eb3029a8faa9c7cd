//! Which item of the old canon each item of the new one is: by code first, then by the other
//! ways a renamed item is recognised, each item paired at most once.

use schemars::JsonSchema;
use serde::Serialize;

/// How an item of the new canon was recognised as one of the old.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Recognised {
    /// The same code.
    Code,
    /// The new item lists the old slug or code in its `aliases`.
    Alias,
    /// The same slug under a new code.
    Slug,
    /// The same name under a new code.
    Name,
    /// Identical content under a new name.
    Content,
}

/// Past this many unpaired old × new items, identical content is not looked for (each check
/// compares whole families or roles).
const MAX_CONTENT_CHECKS: usize = 250_000;

/// Old index for each new index, and whether each old index was paired.
pub struct Pairs {
    to_before: Vec<Option<(usize, Recognised)>>,
    paired_before: Vec<bool>,
}

impl Pairs {
    /// The old item the new item `index` is, and how it was recognised.
    pub fn of_after(&self, index: usize) -> Option<(usize, Recognised)> {
        self.to_before[index]
    }

    pub fn of_before(&self, index: usize) -> Option<()> {
        self.paired_before[index].then_some(())
    }

    /// Old items with no new counterpart, in order.
    pub fn unpaired_before(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.paired_before.len()).filter(|&i| !self.paired_before[i])
    }
}

/// A test that says two items are one, and the name of that test.
pub type Rule<'r, T> = (Recognised, &'r dyn Fn(&T, &T) -> bool);

/// Pairs `after` with `before`: each rule in turn over the items still unpaired (first match in
/// order), then identical content.
pub fn pair<T>(
    before: &[T],
    after: &[T],
    rules: &[Rule<'_, T>],
    same_content: &dyn Fn(&T, &T) -> bool,
) -> Pairs {
    let mut pairs = Pairs {
        to_before: vec![None; after.len()],
        paired_before: vec![false; before.len()],
    };
    let content: Rule<'_, T> = (Recognised::Content, same_content);
    for &(how, rule) in rules.iter().chain([&content]) {
        let unpaired_old = pairs.paired_before.iter().filter(|p| !**p).count();
        let unpaired_new = pairs.to_before.iter().filter(|p| p.is_none()).count();
        if unpaired_old == 0 || unpaired_new == 0 {
            break;
        }
        if how == Recognised::Content
            && unpaired_old.saturating_mul(unpaired_new) > MAX_CONTENT_CHECKS
        {
            break;
        }
        if how == Recognised::Code {
            pair_by_key(before, after, rule, &mut pairs);
            continue;
        }
        for (a, new) in after.iter().enumerate() {
            if pairs.to_before[a].is_some() {
                continue;
            }
            let found =
                (0..before.len()).find(|&b| !pairs.paired_before[b] && rule(&before[b], new));
            if let Some(b) = found {
                pairs.to_before[a] = Some((b, how));
                pairs.paired_before[b] = true;
            }
        }
    }
    pairs
}

/// The same-code rule over every item: tried at the same position first, since most
/// items keep their place, so a canon of thousands pairs in linear time.
fn pair_by_key<T>(before: &[T], after: &[T], same: &dyn Fn(&T, &T) -> bool, pairs: &mut Pairs) {
    let mut unpaired_after = Vec::new();
    for (a, new) in after.iter().enumerate() {
        if pairs.to_before[a].is_some() {
            continue;
        }
        match before.get(a) {
            Some(old) if !pairs.paired_before[a] && same(old, new) => {
                pairs.to_before[a] = Some((a, Recognised::Code));
                pairs.paired_before[a] = true;
            }
            _ => unpaired_after.push(a),
        }
    }
    for a in unpaired_after {
        let found =
            (0..before.len()).find(|&b| !pairs.paired_before[b] && same(&before[b], &after[a]));
        if let Some(b) = found {
            pairs.to_before[a] = Some((b, Recognised::Code));
            pairs.paired_before[b] = true;
        }
    }
}
