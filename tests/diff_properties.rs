//! Property tests of the semantic diff on random valid canons: a canon never differs from
//! itself, any two canons compare without panicking, the counts match the entries, and the
//! pull-request comment stays under its limit with every block closed.

mod common;

use jobframe::changes::report::{human::human, markdown::MARKDOWN_LIMIT, markdown::markdown};
use jobframe::changes::{Status, between};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_canon_never_differs_from_itself(canon in common::model::canon()) {
        let diff = between(&canon, &canon);
        prop_assert!(diff.is_empty(), "{}", human(&diff, false));
        prop_assert!(diff.consequences.profile_pages.is_empty());
        prop_assert!(diff.consequences.goals_pages.is_empty());
    }

    #[test]
    fn any_two_canons_compare_consistently(
        before in common::model::canon(),
        after in common::model::canon(),
    ) {
        let diff = between(&before, &after);
        let entries: Vec<_> = diff.profile_entries().collect();
        let counted = &diff.counts.profiles;
        prop_assert_eq!(counted.total(), entries.len());
        let added = entries.iter().filter(|(_, _, p)| p.status == Status::Added).count();
        prop_assert_eq!(counted.added, added);
        // Every profile of the new canon is new, changed in place, or unchanged: its page
        // count never exceeds the canon's profiles.
        prop_assert!(diff.consequences.profile_pages.len() <= after.profile_count());
        prop_assert!(diff.consequences.removed_pages.len() <= before.profile_count());
        let text = markdown(&diff);
        prop_assert!(text.len() <= MARKDOWN_LIMIT);
        prop_assert_eq!(text.matches("<details>").count(), text.matches("</details>").count());
        prop_assert!(serde_json::to_string(&diff).is_ok());
        let _ = human(&diff, true);
    }
}
