//! `jobframe export`: the build's data files written flat into one folder, without the site.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Export, ExportedFile, Format};
use crate::canon::model::Canon;
use crate::canon::urls;
use crate::site::api;

/// The folder, under `--out`, of the per-profile JSON documents.
pub const PROFILES_DIR: &str = "profiles";

/// What an export wrote: each export file with its size, and how many profile documents.
pub struct Exported {
    pub files: Vec<ExportedFile>,
    pub documents: usize,
}

/// Writes the files of `formats` into `out` (created if missing). Each file is written to a
/// temporary name beside it and renamed into place, so a reader never sees half a file; files
/// of other names are left alone.
pub fn export(canon: &Canon, formats: &[Format], out: &Path) -> anyhow::Result<Exported> {
    refuse_file_name(out)?;
    fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    let mut files = Vec::new();
    for export in Export::all(canon) {
        if formats.contains(&export.format()) {
            let path = out.join(export.file_name());
            let bytes = write_atomically(&path, |file| Ok(export.write(canon, file)?))?;
            files.push(ExportedFile { export, bytes });
        }
    }
    let documents = if formats.contains(&Format::Json) {
        write_documents(canon, &out.join(PROFILES_DIR))?
    } else {
        0
    };
    Ok(Exported { files, documents })
}

/// `--out` names a folder: refuse a new one named like an export file (`--out canon.xlsx`),
/// which would otherwise become a folder holding `canon.xlsx/canon.xlsx`.
fn refuse_file_name(out: &Path) -> anyhow::Result<()> {
    let extension = out.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if ["xlsx", "csv", "json"].contains(&extension.to_ascii_lowercase().as_str()) && !out.is_dir() {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
        let folder = parent.map_or(".".to_string(), |p| p.display().to_string());
        anyhow::bail!(
            "--out takes a folder, and `{}` looks like a file name; the files are written into the folder with their own names (canon.xlsx, profiles.csv, …), e.g. --out {folder}",
            out.display()
        );
    }
    Ok(())
}

fn write_documents(canon: &Canon, dir: &Path) -> anyhow::Result<usize> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut count = 0;
    let money = crate::render::money::Money::of(canon);
    for (family, role, profile) in canon.profiles() {
        // The build's document file, `api/profiles/{ID}.json`, written as `{ID}.json` here.
        if let Some((site_path, bytes)) = api::file(canon, money.as_ref(), family, role, profile) {
            let name = site_path
                .strip_prefix(urls::PROFILE_DOCS_DIR)
                .unwrap_or(&site_path);
            write_atomically(&dir.join(name), |file| file.write_all(&bytes))?;
            count += 1;
        }
    }
    Ok(count)
}

/// Writes `path` through `fill` via a temporary sibling; returns the size written.
fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> anyhow::Result<u64> {
    let temporary = temporary_sibling(path);
    let written = crate::output::stream_file(&temporary, fill)
        .and_then(|bytes| fs::rename(&temporary, path).map(|()| bytes));
    written.map_err(|error| {
        let _ = fs::remove_file(&temporary);
        anyhow::anyhow!("cannot write `{}`: {error}", path.display())
    })
}

fn temporary_sibling(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}
