//! URL-path facts the canon rules share with the site plan: reserved names and case folding.

/// Top-level folders the site writes for itself; no family slug may take them.
pub const RESERVED_TOP_LEVEL: [&str; 7] = [
    "assets",
    "id",
    "levels",
    "search",
    "404.html",
    "robots.txt",
    "sitemap.xml",
];

/// The form two URL paths are compared in: case-insensitive hosts (S3 via CloudFront rules,
/// SharePoint, Windows shares) would serve both from one file.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}
